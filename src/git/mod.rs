//! The git layer on gix: repository discovery, hooks directory, and the change sets
//! the gates judge (staged, pushed, a commit range, all files). No policy lives here.
//!
//! INTERFACE STUB: the signatures below are the contract the rest of the crate uses.

pub mod changes;

pub use changes::{ChangeKind, ChangeSet, FileChange, LineRange};
pub use gix::bstr::{BStr, BString, ByteSlice};

use crate::error::Error;
use crate::exit::ExitStatus;
use std::path::{Path, PathBuf};

/// Errors of the git layer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at or above the directory.
    #[error("not a git repository (or any parent up to the filesystem root): {0}")]
    NotARepository(PathBuf),
    /// A bare repository has no work tree to judge.
    #[error("{0} is a bare repository; pactkit needs a work tree")]
    Bare(PathBuf),
    /// A revision that does not resolve.
    #[error("cannot resolve revision `{0}`")]
    BadRevision(String),
    /// Anything gix reported.
    #[error("{context}")]
    Gix {
        /// What pactkit was doing.
        context: String,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl From<GitError> for Error {
    fn from(err: GitError) -> Error {
        let hint = match &err {
            GitError::NotARepository(_) => Some("run pactkit inside a git work tree, or pass -C <dir>"),
            GitError::Bare(_) => Some("run pactkit in a clone or a linked worktree of this repository"),
            GitError::BadRevision(_) => Some("check the revision with `git rev-parse <rev>`"),
            GitError::Gix { .. } => None,
        };
        let status = match &err {
            GitError::BadRevision(_) => ExitStatus::Usage,
            _ => ExitStatus::Environment,
        };
        let mut out = Error::new(status, err.to_string());
        if let GitError::Gix { source, .. } = &err {
            out = out.with_source_chain(source.as_ref());
        }
        if let Some(hint) = hint {
            out = out.hint(hint);
        }
        out
    }
}

/// Where the hooks directory setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HooksPathSource {
    /// No `core.hooksPath`: `<common dir>/hooks`.
    Default,
    /// `core.hooksPath` from the repository's own config (`.git/config`, or an include from it).
    Local,
    /// `core.hooksPath` from a linked worktree's `config.worktree`.
    Worktree,
    /// `core.hooksPath` from `~/.gitconfig` / `$XDG_CONFIG_HOME/git/config`.
    Global,
    /// `core.hooksPath` from the system config.
    System,
    /// `core.hooksPath` from the command line or environment (`git -c`, `GIT_CONFIG_*`).
    Override,
}

/// The directory git runs hooks from, and why.
#[derive(Debug, Clone)]
pub struct HooksDir {
    /// Absolute path.
    pub path: PathBuf,
    /// Which configuration decided it.
    pub source: HooksPathSource,
    /// The configured value of `core.hooksPath`, if any.
    pub configured: Option<String>,
}

/// One commit of a range.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// Full hex id.
    pub id: String,
    /// The raw commit message.
    pub message: String,
}

/// A discovered, non-bare repository.
pub struct Repo {
    inner: gix::Repository,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo").field("git_dir", &self.inner.git_dir()).finish()
    }
}

impl Repo {
    /// Finds the repository containing `dir` (any subdirectory works); refuses bare ones.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        let _ = dir;
        unimplemented!("git layer")
    }

    /// The root of the work tree.
    pub fn workdir(&self) -> &Path {
        unimplemented!("git layer")
    }

    /// The `.git` directory of this work tree (for a linked worktree: `.git/worktrees/<name>`).
    pub fn git_dir(&self) -> &Path {
        self.inner.git_dir()
    }

    /// The common directory shared by all worktrees.
    pub fn common_dir(&self) -> &Path {
        self.inner.common_dir()
    }

    /// The checked-out branch's short name; `None` on a detached HEAD.
    pub fn current_branch(&self) -> Option<String> {
        unimplemented!("git layer")
    }

    /// True when HEAD points at a branch with no commit yet (a fresh repository).
    pub fn is_unborn(&self) -> bool {
        unimplemented!("git layer")
    }

    /// A string value from the repository's effective git configuration.
    pub fn config_string(&self, key: &str) -> Option<String> {
        let _ = key;
        unimplemented!("git layer")
    }

    /// The directory git runs hooks from (`git rev-parse --git-path hooks`), with its source.
    pub fn hooks_dir(&self) -> Result<HooksDir, GitError> {
        unimplemented!("git layer")
    }

    /// HEAD's tree against the index; content is read from the index, never the work tree.
    pub fn staged_changes(&self) -> Result<ChangeSet, GitError> {
        unimplemented!("git layer")
    }

    /// Changes between two revisions (`from` may be the empty tree for a root push).
    pub fn range_changes(&self, from: &str, to: &str) -> Result<ChangeSet, GitError> {
        let _ = (from, to);
        unimplemented!("git layer")
    }

    /// Every tracked file, as if added (for `--all-files`).
    pub fn all_files(&self) -> Result<ChangeSet, GitError> {
        unimplemented!("git layer")
    }

    /// Commits reachable from `to` but not from `from`, oldest first.
    pub fn commits_in_range(&self, from: &str, to: &str) -> Result<Vec<CommitInfo>, GitError> {
        let _ = (from, to);
        unimplemented!("git layer")
    }
}
