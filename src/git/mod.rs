//! The git layer on gix: repository discovery, hooks directory, and the change sets
//! the gates judge (staged, pushed, a commit range, all files). No policy lives here.
//!
//! Layout: `discover` (opening, HEAD, config), `hooks_dir`, `staged` (HEAD tree against
//! the index, with cache-tree skipping), `glance` (a plain repository's work tree, branch
//! and configuration without opening it, for `commit-msg FILE`), `tree_diff` (tree against tree; objects read through `loose`, a verified fast path for loose
//! files), `rename`,
//! `lines` (binary detection, added line ranges), `assemble` (raw changes into a
//! [`ChangeSet`]), `range` (revisions, commit lists), `push` (pre-push ranges), `merge`
//! (what a merge adds over all its parents).

mod assemble;
pub mod changes;
mod discover;
mod glance;
mod hooks_dir;
mod index;
mod lines;
mod loose;
mod merge;
pub mod push;
mod range;
mod receive;
mod rename;
mod shape;
mod snapshot;
mod staged;
#[cfg(test)]
pub(crate) mod testutil;
mod tree_diff;

pub use changes::{ChangeKind, ChangeSet, FileChange, LineRange};
pub(crate) use discover::git_command;
pub use gix::bstr::{BStr, BString, ByteSlice};
pub use glance::Glance;
pub(crate) use lines::{added_lines, is_binary};
pub use push::{PushRange, PushUpdate, PushedChanges, parse_pre_push};
pub use snapshot::Snapshot;

use crate::infra::error::Error;
use crate::infra::exit::ExitStatus;
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
    /// A line of pre-push input that is not `<local ref> <local sha> <remote ref> <remote sha>`.
    #[error("malformed pre-push input on line {line}: `{text}`")]
    PrePushLine {
        /// 1-based line number.
        line: usize,
        /// The offending line.
        text: String,
    },
    /// `core.hooksPath` is set to an empty value (git would run hooks from the work tree root).
    #[error("core.hooksPath is set but empty (from {source_name} config)")]
    EmptyHooksPath {
        /// The scope that set it, for the message.
        source_name: &'static str,
    },
    /// A file of a snapshot larger than pactkit reads whole (a spec, a contract file).
    #[error("{path} is {size} bytes; {limit}")]
    TooLarge {
        /// The file, `/`-separated as git names it.
        path: String,
        /// Its size as the object database records it.
        size: u64,
        /// The limit it passed.
        limit: crate::infra::readlimit::Limit,
    },
    /// An object whose content does not hash to the id it was read under: a damaged or
    /// forged pack or loose file. Its content is never judged.
    #[error(
        "object {id} in this repository holds content whose hash is {actual}: a damaged or forged object"
    )]
    ObjectMismatch {
        /// The id it was read under.
        id: String,
        /// The hash of what it holds.
        actual: String,
    },
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

/// Whether an error or one of its causes is gix refusing a reftable repository.
fn mentions_reftable(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(err) = next {
        if err.to_string().contains("reftable") {
            return true;
        }
        next = err.source();
    }
    false
}

impl From<GitError> for Error {
    fn from(err: GitError) -> Error {
        let hint = match &err {
            GitError::NotARepository(_) => {
                Some("run pactkit inside a git work tree, or pass -C <dir>")
            }
            GitError::Bare(_) => Some(
                "run pactkit in a clone or a linked worktree of this repository; on a server, `pactkit hooks install --server` installs the pre-receive hook",
            ),
            GitError::BadRevision(_) => Some("check the revision with `git rev-parse <rev>`"),
            GitError::ObjectMismatch { .. } => Some(
                "`git fsck` names the damaged object and its pack; remove the pack or file that holds it (`git gc` rewrites the packs from sound copies)",
            ),
            GitError::PrePushLine { .. } => {
                Some("pre-push input comes from git; run pactkit from the pre-push hook")
            }
            GitError::EmptyHooksPath { .. } => Some(
                "unset it with `git config --unset-all core.hooksPath` (add --global or --system as needed)",
            ),
            GitError::TooLarge { .. } => Some(
                "a project document is hand-written text of kilobytes: shrink the file, or commit the data elsewhere",
            ),
            GitError::Gix { source, .. } if mentions_reftable(source.as_ref()) => Some(
                "pactkit reads git's `files` ref format only (gix cannot read reftable yet): a clone made with `git clone --ref-format=files`, or `git refs migrate --ref-format=files` (git 2.46+; reflogs need a later git), gives one it reads",
            ),
            GitError::Gix { .. } => None,
        };
        let status = match &err {
            GitError::BadRevision(_) | GitError::EmptyHooksPath { .. } => ExitStatus::Usage,
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
    /// The parents' full hex ids, first parent first (empty for a root commit).
    pub parents: Vec<String>,
}

impl GitError {
    /// Wraps an error from gix with what pactkit was doing.
    pub(crate) fn gix(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> GitError {
        GitError::Gix {
            context: context.into(),
            source: Box::new(source),
        }
    }
}

/// What identifies one version of the index file: git replaces the file (a new inode) on
/// every write. `None` when it cannot be read (never reused).
type IndexStamp = Option<(u64, std::time::SystemTime, u64)>;

fn index_stamp(path: &Path) -> IndexStamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?, inode(&meta)))
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// A discovered, non-bare repository.
pub struct Repo {
    inner: gix::Repository,
    /// Cached `inner.workdir()`; for a bare repository opened by [`Repo::open_receiving`],
    /// the git directory (no gate that reads a work tree runs there).
    workdir: PathBuf,
    /// A bare repository (the server side).
    bare: bool,
    /// HEAD's tree, once read ([`Repo::head_tree`]).
    head_tree: std::sync::OnceLock<Option<gix::ObjectId>>,
    /// The index as last read, with the file's stamp then ([`Repo::index`]).
    index: std::sync::Mutex<Option<(IndexStamp, std::sync::Arc<index::Index>)>>,
    /// The object directory that joins git's quarantine to the repository's objects while
    /// a pre-receive hook runs; removed when the repository is dropped.
    _quarantine: Option<receive::QuarantineView>,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("git_dir", &self.inner.git_dir())
            .finish()
    }
}

impl Repo {
    /// Finds the repository containing `dir` (any subdirectory works); refuses bare ones.
    ///
    /// Honours the variables git exports to hooks: `GIT_DIR`, `GIT_WORK_TREE`, and
    /// `GIT_INDEX_FILE` (a relative value is relative to the process's current directory).
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        discover::discover(dir)
    }

    /// Opens the repository a server's pre-receive hook runs in (bare or not), seeing the
    /// objects git keeps in quarantine until the hook accepts the push
    /// (`GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`, `GIT_QUARANTINE_PATH`).
    pub fn open_receiving(dir: &Path) -> Result<Repo, GitError> {
        receive::open(dir)
    }

    /// True for a bare repository (opened by [`Repo::open_receiving`]).
    pub fn is_bare(&self) -> bool {
        self.bare
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

    /// The index file the staged change set reads (`GIT_INDEX_FILE` when git set one).
    pub fn index_path(&self) -> PathBuf {
        self.inner.index_path()
    }

    /// The index git would commit from, read once while its file stays the same: the
    /// staged change set and the spec gate's snapshot both read it (a 100,000-entry index:
    /// ~1.5 M instructions to scan in place, see [`index`]). A gate that re-stages files (a
    /// linter's fix) replaces the file, which changes its stamp, so the next reader reads
    /// the new one.
    pub(crate) fn index(&self) -> Result<std::sync::Arc<index::Index>, GitError> {
        let stamp = index_stamp(&self.inner.index_path());
        let mut cached = self
            .index
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((seen, index)) = cached.as_ref()
            && stamp.is_some()
            && *seen == stamp
        {
            return Ok(std::sync::Arc::clone(index));
        }
        let index = std::sync::Arc::new(staged::load_index(&self.inner)?);
        *cached = Some((stamp, std::sync::Arc::clone(&index)));
        Ok(index)
    }

    /// The checked-out branch's short name; `None` on a detached HEAD.
    pub fn current_branch(&self) -> Option<String> {
        discover::current_branch(&self.inner)
    }

    /// True when HEAD points at a branch with no commit yet (a fresh repository).
    pub fn is_unborn(&self) -> bool {
        self.head_tree().is_ok_and(|tree| tree.is_none())
    }

    /// The tree of HEAD's commit, `None` on an unborn branch. Read once per `Repo`: one
    /// hook run asks for it from several gates (the staged change set, the spec and
    /// contract gates' snapshots), and a hook runs while git holds HEAD where it is.
    pub(crate) fn head_tree(&self) -> Result<Option<gix::ObjectId>, GitError> {
        if let Some(tree) = self.head_tree.get() {
            return Ok(*tree);
        }
        let tree = discover::head_tree(&self.inner)?;
        Ok(*self.head_tree.get_or_init(|| tree))
    }

    /// A string value from the repository's effective git configuration.
    pub fn config_string(&self, key: &str) -> Option<String> {
        discover::config_string(&self.inner, key)
    }

    /// The directory git runs hooks from (`git rev-parse --git-path hooks`), with its source.
    pub fn hooks_dir(&self) -> Result<HooksDir, GitError> {
        hooks_dir::hooks_dir(self)
    }

    /// HEAD's tree against the index; content is read from the index, never the work tree.
    ///
    /// Like `git diff --cached -M`: see [`staged`] for intent-to-add and unmerged entries.
    pub fn staged_changes(&self) -> Result<ChangeSet, GitError> {
        let raw = staged::staged(&self.inner, self.head_tree()?, self.index()?.as_ref())?;
        assemble::assemble(&self.inner, raw)
    }

    /// Changes between two revisions (`from` may be the empty tree for a root push).
    ///
    /// `from` empty or all zeros means the empty tree.
    pub fn range_changes(&self, from: &str, to: &str) -> Result<ChangeSet, GitError> {
        let from_tree = range::resolve_tree(&self.inner, from)?;
        let to_tree = range::resolve_tree(&self.inner, to)?;
        let raw = tree_diff::diff_trees(&self.inner, from_tree, to_tree)?;
        assemble::assemble(&self.inner, raw)
    }

    /// Every tracked file, as if added (for `--all-files`).
    ///
    /// Reads no blob: `binary` is false, `added_lines` is empty and `new_id` is set; use
    /// [`Repo::all_files_with_lines`] when the gates need content, or [`Repo::read_blob`].
    pub fn all_files(&self) -> Result<ChangeSet, GitError> {
        staged::all_files(&self.inner)
    }

    /// Every tracked file as if added, with binary detection and every line of text
    /// files as added (reads every blob: use for `--all-files` runs that judge lines).
    pub fn all_files_with_lines(&self) -> Result<ChangeSet, GitError> {
        let mut set = staged::all_files(&self.inner)?;
        for file in &mut set.files {
            assemble::fill_whole_file(&self.inner, file)?;
        }
        Ok(set)
    }

    /// What one commit changed: against its parent (the empty tree for a root commit); for a
    /// merge, against its first parent but only the paths whose content differs from every
    /// parent (conflict resolutions and edits made in the merge itself) — the rest was
    /// judged in the commits that brought it.
    pub fn commit_changes(&self, commit: &CommitInfo) -> Result<ChangeSet, GitError> {
        if commit.parents.len() > 1 {
            // Also narrows the added lines to those in no parent, and marks the set a merge's.
            return self.commit_merge_resolutions(&commit.id);
        }
        let first = commit.parents.first().map_or("", String::as_str);
        self.range_changes(first, &commit.id)
    }

    /// Commits reachable from `tip` and from none of `hidden`, oldest first (hidden
    /// revisions that do not resolve are an error).
    pub fn commits_excluding(
        &self,
        tip: &str,
        hidden: &[String],
    ) -> Result<Vec<CommitInfo>, GitError> {
        let tip = range::resolve_commit(&self.inner, tip)?;
        let hidden = hidden
            .iter()
            .map(|h| range::resolve_commit(&self.inner, h))
            .collect::<Result<Vec<_>, _>>()?;
        range::commits_between(&self.inner, tip, &hidden)
    }

    /// Every ref under `prefix` (`refs/remotes/`, `refs/heads/`, `refs/`) with the commit it
    /// peels to, sorted by name; refs that do not peel to a commit are left out.
    pub fn refs_under(&self, prefix: &str) -> Result<Vec<(String, String)>, GitError> {
        let refs = self
            .inner
            .references()
            .map_err(|e| GitError::gix("cannot read references", e))?;
        let Ok(iter) = refs.prefixed(prefix.as_bytes()) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for reference in iter.flatten() {
            let mut reference = reference;
            let name = reference.name().as_bstr().to_str_lossy().into_owned();
            if let Ok(commit) = reference.peel_to_commit() {
                out.push((name, commit.id.to_string()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The full id of the commit a revision names (tags peeled).
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        range::resolve_commit(&self.inner, rev).map(|id| id.to_string())
    }

    /// The best common ancestor of two revisions, if they share history.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<Option<String>, GitError> {
        range::merge_base(&self.inner, a, b)
    }

    /// Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor).
    pub fn is_ancestor(&self, ancestor: &str, descendant: &str) -> Result<bool, GitError> {
        Ok(self.merge_base(ancestor, descendant)?.as_deref() == Some(&self.resolve(ancestor)?))
    }

    /// The raw bytes of a commit object (headers and message), for signature checks.
    pub fn commit_object(&self, rev: &str) -> Result<Vec<u8>, GitError> {
        let id = range::resolve_commit(&self.inner, rev)?;
        tree_diff::read_object(&self.inner, id, "commit")
    }

    /// Commits reachable from `to` but not from `from`, oldest first.
    ///
    /// Like `git rev-list --reverse from..to`; `from` empty or all zeros lists every ancestor.
    pub fn commits_in_range(&self, from: &str, to: &str) -> Result<Vec<CommitInfo>, GitError> {
        range::commits_in_range(&self.inner, from, to)
    }

    /// The messages of the annotated tag `sha` names and of any tag it points at in turn;
    /// empty when `sha` is no tag object.
    pub fn tag_messages(&self, sha: &str) -> Result<Vec<String>, GitError> {
        let mut id = gix::ObjectId::from_hex(sha.as_bytes())
            .map_err(|_| GitError::BadRevision(sha.to_owned()))?;
        let mut messages = Vec::new();
        loop {
            let kind = self
                .inner
                .find_header(id)
                .map_err(|e| GitError::gix(format!("cannot read object {id}"), e))?
                .kind();
            if kind != gix::object::Kind::Tag {
                return Ok(messages);
            }
            let data = tree_diff::read_object(&self.inner, id, "tag")?;
            let tag = gix::objs::TagRef::from_bytes(&data, id.kind())
                .map_err(|e| GitError::gix(format!("cannot read tag {id}"), e))?;
            messages.push(tag.message.to_str_lossy().into_owned());
            id = tag.target();
        }
    }

    /// The content of a blob (staged or committed), e.g. a [`FileChange::new_id`].
    pub fn read_blob(&self, id: &str) -> Result<Vec<u8>, GitError> {
        let oid = gix::ObjectId::from_hex(id.as_bytes())
            .map_err(|_| GitError::BadRevision(id.to_owned()))?;
        tree_diff::read_blob(&self.inner, oid)
    }
}
