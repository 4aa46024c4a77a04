//! The staged change set: HEAD's tree against the index, like `git diff --cached`, and the
//! list of every indexed file for `--all-files`.
//!
//! The walk merges HEAD's trees with the index entries directory by directory. The index is
//! sorted by path bytes, which is the flattened tree order (a directory sorts as `name/`), so
//! the entries under `dir/` are one contiguous run and a merge-walk works. Before reading a
//! directory's tree, the walk consults the index's cache-tree extension (`TREE`): a valid
//! cache-tree node whose id equals HEAD's subtree id means nothing below it is staged, so the
//! directory is skipped without reading a single object. Git invalidates a node (and its
//! ancestors) whenever an entry below it changes, so a valid node is exact. With ten staged
//! files only the directories on their paths are read, whatever the repository's size.
//!
//! A valid node is also what `git commit` writes: it reuses the node's tree whenever that
//! object exists, without looking at the entries below. An index written by hand can make
//! the two disagree (entries as in HEAD, a node naming a tree with a secret in it), so a
//! valid node that differs from HEAD is judged by its tree, not by its entries.
//!
//! Entry policy:
//! - intent-to-add entries (`git add -N`) are treated as absent, like `git diff --cached` and
//!   `git commit`: they carry no staged content;
//! - unmerged paths (stages 1-3, no stage 0) are reported once, as Modified (or Added when
//!   HEAD lacks them) without content, so `new_id` is `None`. Git refuses to commit while
//!   they exist, so hooks never see them; `pactkit changes` shows them during a conflict;
//! - sparse-index directory entries are compared by tree id and expanded from the object
//!   database when they differ from HEAD.
//!
//! The index checksum is not verified, as git does not verify it on read either.

use super::GitError;
use super::changes::{ChangeKind, ChangeSet, FileChange};
use super::index::Index;
use super::tree_diff::{
    EntryKind, RawChange, Side, TreeItem, Which, diff_subtrees, emit_one_side, read_tree,
    tree_order, with_dir,
};
use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice};
use gix::index::entry::Mode;
use gix::index::extension::Tree as CacheTree;
use std::cmp::Ordering;
use std::ops::Range;

/// Loads the index git would commit from (honours `GIT_INDEX_FILE`); missing → empty.
pub(crate) fn load_index(repo: &gix::Repository) -> Result<Index, GitError> {
    Index::load(&repo.index_path(), repo.object_hash())
}

/// Raw changes between HEAD's tree (`head`, `None` on an unborn branch) and `index`, in
/// path order.
pub(crate) fn staged(
    repo: &gix::Repository,
    head: Option<ObjectId>,
    index: &Index,
) -> Result<Vec<RawChange>, GitError> {
    let mut walk = Walk {
        repo,
        index,
        out: Vec::new(),
    };
    let all = 0..index.len();
    walk.dir(&mut BString::default(), head, all, index.tree())?;
    Ok(walk.out)
}

/// Every file of the index as Added, without reading any blob.
pub(crate) fn all_files(repo: &gix::Repository) -> Result<ChangeSet, GitError> {
    let index = load_index(repo)?;
    let mut raw = Vec::new();
    let mut i = 0;
    while i < index.len() {
        let path = index.path(i);
        let end = index.partition(i..index.len(), |p| p == path);
        if let Some(side) = group_side(&index, i..end) {
            raw.push(RawChange {
                path: path.to_owned(),
                old: None,
                new: Some(side),
                unmerged: false,
            });
        } else if let Some(sparse) = (i..end).find(|&e| index.mode(e) == Mode::DIR) {
            let mut prefix = path.to_owned();
            diff_subtrees(repo, &mut prefix, None, Some(index.id(sparse)), &mut raw)?;
        }
        i = end;
    }
    let files = raw
        .into_iter()
        .filter_map(|c| c.new.map(|side| added_without_content(c.path, side)))
        .collect();
    Ok(ChangeSet {
        files,
        merged: Vec::new(),
    })
}

fn added_without_content(path: BString, side: Side) -> FileChange {
    FileChange {
        path,
        old_path: None,
        kind: ChangeKind::Added,
        binary: false,
        added_lines: Vec::new(),
        new_id: Some(side.id.to_string()),
        old_id: None,
        special: !side.kind.is_file(),
        symlink: side.kind == super::tree_diff::EntryKind::Symlink,
    }
}

/// The stage-0 side of one path's entries; `None` for intent-to-add, conflicts and sparse dirs.
fn group_side(index: &Index, group: Range<usize>) -> Option<Side> {
    let entry = group.into_iter().find(|&i| index.stage(i) == 0)?;
    if index.intent_to_add(entry) {
        return None;
    }
    Some(Side {
        kind: index_kind(index.mode(entry))?,
        id: index.id(entry),
    })
}

fn index_kind(mode: Mode) -> Option<EntryKind> {
    match mode {
        Mode::FILE => Some(EntryKind::Regular),
        Mode::FILE_EXECUTABLE => Some(EntryKind::Executable),
        Mode::SYMLINK => Some(EntryKind::Symlink),
        Mode::COMMIT => Some(EntryKind::Gitlink),
        _ => None,
    }
}

/// What the index holds at one name of a directory.
struct IndexItem<'a> {
    name: &'a BStr,
    is_dir: bool,
    /// Entries `start..end` belong to this item (all stages of a file, or everything below a dir).
    entries: Range<usize>,
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    index: &'a Index,
    out: Vec<RawChange>,
}

impl<'a> Walk<'a> {
    /// Compares HEAD's tree at `prefix` with the index entries `range` (all below `prefix`).
    fn dir(
        &mut self,
        prefix: &mut BString,
        head: Option<ObjectId>,
        range: Range<usize>,
        cache: Option<&CacheTree>,
    ) -> Result<(), GitError> {
        if let Some(node) = cache.filter(|node| node.num_entries.is_some()) {
            if head == Some(node.id) {
                return Ok(());
            }
            // A hand-written index can make a valid node's tree and its entries differ:
            // judge the tree, which is what will be committed.
            if let Some(tree) = committed_tree_id(self.repo, node) {
                return diff_subtrees(self.repo, prefix, head, Some(tree), &mut self.out);
            }
        }
        if let Some(sparse_tree) = self.sparse_dir_at(prefix, &range) {
            return diff_subtrees(self.repo, prefix, head, Some(sparse_tree), &mut self.out);
        }
        let head_items = head
            .map(|id| read_tree(self.repo, id))
            .transpose()?
            .unwrap_or_default();
        let children = sorted_children(cache);
        let (mut i, mut j) = (range.start, 0);
        loop {
            let item = self.next_item(prefix, i, range.end);
            let order = match (&item, head_items.get(j)) {
                (None, None) => break,
                (Some(a), Some(b)) => tree_order(a.name, a.is_dir, &b.name, b.mode.is_tree()),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
            };
            match (order, item) {
                (Ordering::Greater, _) | (_, None) => {
                    emit_one_side(self.repo, prefix, &head_items[j], Which::Old, &mut self.out)?;
                    j += 1;
                }
                (Ordering::Less, Some(item)) => {
                    i = item.entries.end;
                    self.index_only(prefix, item)?;
                }
                (Ordering::Equal, Some(item)) => {
                    i = item.entries.end;
                    self.both(prefix, item, &head_items[j], &children)?;
                    j += 1;
                }
            }
        }
        Ok(())
    }

    /// The next name in the index at this directory level, starting at entry `i`.
    fn next_item(&self, prefix: &[u8], i: usize, end: usize) -> Option<IndexItem<'a>> {
        let index: &'a Index = self.index;
        let path = (i < end).then(|| index.path(i))?;
        let rest = &path[prefix.len()..];
        match rest.find_byte(b'/') {
            Some(slash) => {
                let dir_prefix = &path[..prefix.len() + slash + 1];
                Some(IndexItem {
                    name: rest[..slash].as_bstr(),
                    is_dir: true,
                    entries: i..index.partition(i..end, |p| p.starts_with(dir_prefix)),
                })
            }
            None => Some(IndexItem {
                name: rest.as_bstr(),
                is_dir: false,
                entries: i..index.partition(i..end, |p| p == path),
            }),
        }
    }

    /// A sparse-index directory entry standing for the whole directory at `prefix`.
    fn sparse_dir_at(&self, prefix: &[u8], range: &Range<usize>) -> Option<ObjectId> {
        let at = range.start;
        (range.len() == 1 && self.index.mode(at) == Mode::DIR && self.index.path(at) == prefix)
            .then(|| self.index.id(at))
    }

    /// A name only the index has: an added file, or a directory of added files.
    fn index_only(&mut self, prefix: &mut BString, item: IndexItem<'_>) -> Result<(), GitError> {
        if item.is_dir {
            return with_dir(prefix, item.name, |prefix| {
                self.dir(prefix, None, item.entries, None)
            });
        }
        self.file(prefix, item, None);
        Ok(())
    }

    /// A name both sides have with the same tree-ness.
    fn both(
        &mut self,
        prefix: &mut BString,
        item: IndexItem<'_>,
        head: &TreeItem,
        children: &[&CacheTree],
    ) -> Result<(), GitError> {
        if item.is_dir {
            let node = find_child(children, item.name);
            return with_dir(prefix, item.name, |prefix| {
                self.dir(prefix, Some(head.id), item.entries, node)
            });
        }
        let old = Side {
            kind: EntryKind::from_tree_mode(head.mode),
            id: head.id,
        };
        self.file(prefix, item, Some(old));
        Ok(())
    }

    /// Records a file whose index entries are `item.entries`, if it differs from `old`.
    fn file(&mut self, prefix: &[u8], item: IndexItem<'_>, old: Option<Side>) {
        let group = item.entries;
        let unmerged = group.clone().all(|i| self.index.stage(i) != 0);
        let new = if unmerged {
            None
        } else {
            group_side(self.index, group)
        };
        if unmerged || new != old {
            let path = super::tree_diff::join(prefix, item.name);
            self.out.push(RawChange {
                path,
                old,
                new,
                unmerged,
            });
        }
    }
}

/// The tree `git commit` writes for a cache-tree node as recorded, without looking at the
/// entries below it: the node's, when it is valid and the object exists (git's
/// `update_one`); `None` where git rebuilds the tree from the entries.
pub(crate) fn committed_tree_id(repo: &gix::Repository, node: &CacheTree) -> Option<ObjectId> {
    (node.num_entries.is_some() && repo.has_object(node.id)).then_some(node.id)
}

/// The cache-tree node's children sorted by name (git stores them in its own order).
fn sorted_children(node: Option<&CacheTree>) -> Vec<&CacheTree> {
    let mut children: Vec<&CacheTree> = node
        .map(|n| n.children.iter().collect())
        .unwrap_or_default();
    children.sort_by(|a, b| a.name.as_slice().cmp(b.name.as_slice()));
    children
}

fn find_child<'t>(children: &[&'t CacheTree], name: &BStr) -> Option<&'t CacheTree> {
    let at = children
        .binary_search_by(|c| c.name.as_slice().cmp(name.as_bytes()))
        .ok()?;
    Some(children[at])
}

#[cfg(test)]
mod tests;
