//! Change-set types shared by every gate: which files changed, how, and which lines were added.

use gix::bstr::BString;

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// New file.
    Added,
    /// Content or mode changed.
    Modified,
    /// Removed.
    Deleted,
    /// Moved, with `old_path` set; `similarity` in percent (100 = identical content).
    Renamed {
        /// Percentage of content kept.
        similarity: u8,
    },
    /// Kind changed (file ↔ symlink ↔ submodule).
    TypeChanged,
}

/// An inclusive range of 1-based line numbers in the new content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineRange {
    /// First line (1-based).
    pub start: u32,
    /// Last line, inclusive.
    pub end: u32,
}

/// One changed path.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Repository-relative path with `/` separators; may be non-UTF-8.
    pub path: BString,
    /// The previous path of a rename.
    pub old_path: Option<BString>,
    /// What happened to it.
    pub kind: ChangeKind,
    /// True when the new (or, for deletions, old) content looks binary (NUL in the first 8000 bytes).
    pub binary: bool,
    /// Lines added in the new content (empty for deletions and binary files).
    pub added_lines: Vec<LineRange>,
    /// Object id of the new content (hex), if any.
    pub new_id: Option<String>,
    /// Object id of the old content (hex), if any (none for additions).
    pub old_id: Option<String>,
    /// True for a symlink, submodule or other non-regular file in the new state.
    pub special: bool,
    /// True when the new state is a symbolic link: `special`, yet its blob (the target,
    /// or any content at all where `core.symlinks` is false) is text a secret can hide in.
    pub symlink: bool,
}

/// The set of changes a run judges, computed once and shared by all gates.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// Changed files, sorted by path.
    pub files: Vec<FileChange>,
    /// For what a merge adds (`Repo::changes_to_commit` during a merge): the other parents'
    /// commit ids, whose work was judged on its own branch. Empty for any other set.
    pub merged: Vec<String>,
}

impl ChangeSet {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// True when the set holds what a merge adds over all its parents.
    pub fn is_merge(&self) -> bool {
        !self.merged.is_empty()
    }
}
