//! The git layer on gix: repository discovery, hooks directory, and the change sets
//! the gates judge (staged, pushed, a commit range, all files). No policy lives here.

pub mod changes;
mod content;
mod hooks_dir;
pub mod push;
mod walk;

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
            GitError::NotARepository(_) => {
                Some("run pactkit inside a git work tree, or pass -C <dir>")
            }
            GitError::Bare(_) => {
                Some("run pactkit in a clone or a linked worktree of this repository")
            }
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
    workdir: PathBuf,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("git_dir", &self.inner.git_dir())
            .finish()
    }
}

pub(crate) fn wrap<E: std::error::Error + Send + Sync + 'static>(
    context: &str,
) -> impl FnOnce(E) -> GitError + '_ {
    move |source| GitError::Gix {
        context: context.to_owned(),
        source: Box::new(source),
    }
}

/// An all-zero id or an empty string names "nothing" (the empty tree, no commit).
pub fn is_null_rev(rev: &str) -> bool {
    rev.is_empty() || rev.bytes().all(|b| b == b'0')
}

impl Repo {
    /// Finds the repository containing `dir` (any subdirectory works); refuses bare ones.
    /// `GIT_DIR`, `GIT_WORK_TREE` and `GIT_INDEX_FILE` are honoured, as git sets them for hooks.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        let repo = gix::ThreadSafeRepository::discover_with_environment_overrides(dir)
            .map_err(|_| GitError::NotARepository(dir.to_path_buf()))?
            .to_thread_local();
        let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
            return Err(GitError::Bare(repo.git_dir().to_path_buf()));
        };
        Ok(Repo {
            inner: repo,
            workdir,
        })
    }

    /// The root of the work tree.
    pub fn workdir(&self) -> &Path {
        &self.workdir
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
        let name = self.inner.head_name().ok()??;
        Some(name.shorten().to_str_lossy().into_owned())
    }

    /// True when HEAD points at a branch with no commit yet (a fresh repository).
    pub fn is_unborn(&self) -> bool {
        self.inner.head().map(|h| h.is_unborn()).unwrap_or(false)
    }

    /// A string value from the repository's effective git configuration.
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.inner
            .config_snapshot()
            .string(key)
            .map(|v| v.to_str_lossy().into_owned())
    }

    /// The directory git runs hooks from (`git rev-parse --git-path hooks`), with its source.
    pub fn hooks_dir(&self) -> Result<HooksDir, GitError> {
        hooks_dir::resolve(&self.workdir)
    }

    /// The bytes of a blob.
    pub fn read_blob(&self, id: &str) -> Result<Vec<u8>, GitError> {
        let oid =
            gix::hash::ObjectId::from_hex(id.as_bytes()).map_err(wrap("invalid object id"))?;
        self.blob(oid)
    }

    fn blob(&self, id: gix::hash::ObjectId) -> Result<Vec<u8>, GitError> {
        let object = self
            .inner
            .find_object(id)
            .map_err(wrap("cannot read a blob"))?;
        Ok(object.detach().data)
    }

    /// Resolves a revision to a commit id.
    pub fn resolve_commit(&self, rev: &str) -> Result<gix::hash::ObjectId, GitError> {
        let id = self
            .inner
            .rev_parse_single(rev.as_bytes().as_bstr())
            .map_err(|_| GitError::BadRevision(rev.to_owned()))?;
        let commit = id
            .object()
            .map_err(wrap("cannot read object"))?
            .peel_to_commit()
            .map_err(|_| GitError::BadRevision(rev.to_owned()))?;
        Ok(commit.id)
    }

    fn tree_of(&self, commit: gix::hash::ObjectId) -> Result<gix::hash::ObjectId, GitError> {
        let commit = self
            .inner
            .find_commit(commit)
            .map_err(wrap("cannot read a commit"))?;
        Ok(commit
            .tree_id()
            .map_err(wrap("cannot read a commit's tree"))?
            .detach())
    }

    fn head_tree(&self) -> Result<Option<gix::hash::ObjectId>, GitError> {
        if self.is_unborn() {
            return Ok(None);
        }
        let id = self
            .inner
            .head_tree_id()
            .map_err(wrap("cannot read HEAD's tree"))?;
        Ok(Some(id.detach()))
    }

    /// HEAD's tree against the index; content is read from the index, never the work tree.
    /// Entries added with `git add -N` (intent to add) and unmerged entries are left out:
    /// neither has staged content to judge.
    pub fn staged_changes(&self) -> Result<ChangeSet, GitError> {
        let index = self.open_index()?;
        let items = index_items(&index);
        let mut raw = Vec::new();
        walk::tree_to_index(
            &self.inner,
            self.head_tree()?,
            index.tree(),
            &items,
            &mut raw,
        )?;
        content::build(raw, self)
    }

    /// The index git is about to commit (`GIT_INDEX_FILE` honoured). Its trailing checksum is
    /// not re-hashed: that halves the read time of a large index (git's own readers verify
    /// it, but a torn index still fails to decode), and this read never writes anything back.
    fn open_index(&self) -> Result<gix::index::File, GitError> {
        let options = gix::index::decode::Options {
            thread_limit: None,
            min_extension_block_in_bytes_for_threading: 0,
            expected_checksum: None,
            alloc_limit_bytes: None,
        };
        gix::index::File::at(
            self.inner.index_path(),
            self.inner.object_hash(),
            true,
            options,
        )
        .map_err(wrap("cannot read the index"))
    }

    /// Changes between two revisions (`from` may be empty or all zeros: the empty tree).
    pub fn range_changes(&self, from: &str, to: &str) -> Result<ChangeSet, GitError> {
        let old = if is_null_rev(from) {
            None
        } else {
            Some(self.tree_of(self.resolve_commit(from)?)?)
        };
        let new = Some(self.tree_of(self.resolve_commit(to)?)?);
        self.tree_changes(old, new)
    }

    fn tree_changes(
        &self,
        old: Option<gix::hash::ObjectId>,
        new: Option<gix::hash::ObjectId>,
    ) -> Result<ChangeSet, GitError> {
        let mut raw = Vec::new();
        walk::tree_to_tree(&self.inner, old, new, b"", &mut raw)?;
        content::build(raw, self)
    }

    /// Every file in the index as Added. Line ranges are not computed (gates read content
    /// through [`Repo::read_blob`] when they need it); `binary` is false until read.
    pub fn all_files(&self) -> Result<ChangeSet, GitError> {
        let index = self.open_index()?;
        let files = index_items(&index)
            .into_iter()
            .map(|item| FileChange {
                path: item.path.to_owned(),
                old_path: None,
                kind: ChangeKind::Added,
                binary: false,
                added_lines: Vec::new(),
                new_id: Some(item.side.id.to_string()),
                special: !item.side.kind.is_file(),
            })
            .collect();
        Ok(ChangeSet { files })
    }

    /// Commits reachable from `to` but not from `from`, oldest first.
    pub fn commits_in_range(&self, from: &str, to: &str) -> Result<Vec<CommitInfo>, GitError> {
        let tip = self.resolve_commit(to)?;
        let hidden = if is_null_rev(from) {
            Vec::new()
        } else {
            vec![self.resolve_commit(from)?]
        };
        self.commits_between(tip, &hidden)
    }

    fn commits_between(
        &self,
        tip: gix::hash::ObjectId,
        hidden: &[gix::hash::ObjectId],
    ) -> Result<Vec<CommitInfo>, GitError> {
        let walk = self
            .inner
            .rev_walk([tip])
            .with_hidden(hidden.iter().copied())
            .all()
            .map_err(wrap("cannot walk history"))?;
        let mut commits = Vec::new();
        for info in walk {
            let info = info.map_err(wrap("cannot walk history"))?;
            let commit = self
                .inner
                .find_commit(info.id)
                .map_err(wrap("cannot read a commit"))?;
            let message = commit.message_raw_sloppy().to_str_lossy().into_owned();
            commits.push(CommitInfo {
                id: info.id.to_string(),
                message,
            });
        }
        commits.reverse();
        Ok(commits)
    }
}

impl content::BlobSource for Repo {
    fn blob(&self, id: gix::hash::ObjectId) -> Result<Vec<u8>, GitError> {
        Repo::blob(self, id)
    }
}

fn index_items(index: &gix::index::File) -> Vec<walk::IndexItem<'_>> {
    use gix::index::entry::{Flags, Mode, Stage};
    index
        .entries()
        .iter()
        .filter(|e| e.stage() == Stage::Unconflicted && !e.flags.contains(Flags::INTENT_TO_ADD))
        .filter_map(|e| {
            let kind = match e.mode {
                Mode::FILE => walk::EntryKind::File,
                Mode::FILE_EXECUTABLE => walk::EntryKind::Executable,
                Mode::SYMLINK => walk::EntryKind::Link,
                Mode::COMMIT => walk::EntryKind::Gitlink,
                _ => return None,
            };
            Some(walk::IndexItem {
                path: e.path(index),
                side: walk::Side { id: e.id, kind },
            })
        })
        .collect()
}
