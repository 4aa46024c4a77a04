//! Raw diffs: which paths differ between HEAD's tree and the index, or between two trees,
//! as (path, old side, new side) triples. The index walk skips every directory whose
//! cache-tree entry is valid and names the same tree as HEAD, so an unchanged directory
//! costs nothing however large it is.

use super::{GitError, wrap};
use gix::bstr::{BStr, BString, ByteSlice};
use gix::hash::ObjectId;
use gix::index::extension::Tree as CacheTree;
use std::collections::HashMap;

/// The kind of a tree or index entry, as far as diffs care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// An executable file.
    Executable,
    /// A symbolic link.
    Link,
    /// A submodule commit.
    Gitlink,
}

impl EntryKind {
    /// Regular and executable files are one kind for "type changed" purposes.
    pub fn is_file(self) -> bool {
        matches!(self, EntryKind::File | EntryKind::Executable)
    }
}

/// One side of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// Blob (or commit) id.
    pub id: ObjectId,
    /// File, link, gitlink.
    pub kind: EntryKind,
}

/// A path whose old and new sides differ.
#[derive(Debug, Clone)]
pub struct RawChange {
    /// Repository-relative path.
    pub path: BString,
    /// HEAD / old tree side.
    pub old: Option<Side>,
    /// Index / new tree side.
    pub new: Option<Side>,
}

struct TreeItem {
    name: BString,
    id: ObjectId,
    kind: Option<EntryKind>,
}

fn tree_kind(mode: gix::object::tree::EntryMode) -> Option<EntryKind> {
    if mode.is_tree() {
        None
    } else if mode.is_link() {
        Some(EntryKind::Link)
    } else if mode.is_commit() {
        Some(EntryKind::Gitlink)
    } else if mode.is_executable() {
        Some(EntryKind::Executable)
    } else {
        Some(EntryKind::File)
    }
}

fn read_tree(repo: &gix::Repository, id: ObjectId) -> Result<Vec<TreeItem>, GitError> {
    let object = repo
        .find_object(id)
        .map_err(wrap("cannot read a tree object"))?;
    let tree = object
        .try_into_tree()
        .map_err(wrap("expected a tree object"))?;
    let decoded = tree.decode().map_err(wrap("cannot decode a tree object"))?;
    Ok(decoded
        .entries
        .iter()
        .map(|e| TreeItem {
            name: e.filename.to_owned(),
            id: e.oid.to_owned(),
            kind: tree_kind(e.mode),
        })
        .collect())
}

fn join(prefix: &[u8], name: &[u8]) -> BString {
    let mut path = BString::from(prefix);
    path.extend_from_slice(name);
    path
}

/// Every file below tree `id`, as changes with only an old or only a new side.
fn flatten(
    repo: &gix::Repository,
    id: ObjectId,
    prefix: &[u8],
    old: bool,
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    for item in read_tree(repo, id)? {
        let path = join(prefix, &item.name);
        match item.kind {
            None => {
                let mut sub = path;
                sub.push(b'/');
                flatten(repo, item.id, &sub, old, out)?;
            }
            Some(kind) => {
                let side = Some(Side { id: item.id, kind });
                out.push(if old {
                    RawChange {
                        path,
                        old: side,
                        new: None,
                    }
                } else {
                    RawChange {
                        path,
                        old: None,
                        new: side,
                    }
                });
            }
        }
    }
    Ok(())
}

/// Differences between two trees (either may be absent: the empty tree).
pub fn tree_to_tree(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &[u8],
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    if old == new {
        return Ok(());
    }
    let old_items = match old {
        Some(id) => read_tree(repo, id)?,
        None => Vec::new(),
    };
    let new_items = match new {
        Some(id) => read_tree(repo, id)?,
        None => Vec::new(),
    };
    let mut by_name: HashMap<&[u8], &TreeItem> =
        old_items.iter().map(|i| (i.name.as_slice(), i)).collect();
    for item in &new_items {
        let before = by_name.remove(item.name.as_slice());
        pair(repo, before, Some(item), prefix, out)?;
    }
    for item in by_name.into_values() {
        pair(repo, Some(item), None, prefix, out)?;
    }
    Ok(())
}

fn pair(
    repo: &gix::Repository,
    old: Option<&TreeItem>,
    new: Option<&TreeItem>,
    prefix: &[u8],
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    let name = old.or(new).map(|i| i.name.as_slice()).unwrap_or_default();
    let path = join(prefix, name);
    let mut dir = path.clone();
    dir.push(b'/');
    let old_tree = old.filter(|i| i.kind.is_none()).map(|i| i.id);
    let new_tree = new.filter(|i| i.kind.is_none()).map(|i| i.id);
    if old_tree.is_some() || new_tree.is_some() {
        tree_to_tree(repo, old_tree, new_tree, &dir, out)?;
    }
    let old_file = old.and_then(|i| i.kind.map(|kind| Side { id: i.id, kind }));
    let new_file = new.and_then(|i| i.kind.map(|kind| Side { id: i.id, kind }));
    if old_file != new_file {
        out.push(RawChange {
            path,
            old: old_file,
            new: new_file,
        });
    }
    Ok(())
}

/// An index entry reduced to what the diff needs.
pub struct IndexItem<'a> {
    /// Full repository-relative path.
    pub path: &'a BStr,
    /// Its side.
    pub side: Side,
}

/// Differences between HEAD's tree (or nothing, on an unborn branch) and the index.
pub fn tree_to_index(
    repo: &gix::Repository,
    head: Option<ObjectId>,
    cache: Option<&CacheTree>,
    items: &[IndexItem<'_>],
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    walk_index(repo, head, cache, b"", items, out)
}

fn walk_index(
    repo: &gix::Repository,
    head: Option<ObjectId>,
    cache: Option<&CacheTree>,
    prefix: &[u8],
    items: &[IndexItem<'_>],
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    // A valid cache-tree node covers exactly the index entries below it, and its id is the
    // tree those entries write; equal to HEAD's subtree id means nothing below changed.
    if let (Some(head_id), Some(node)) = (head, cache)
        && node.num_entries.is_some()
        && node.id == head_id
    {
        return Ok(());
    }
    let head_items = match head {
        Some(id) => read_tree(repo, id)?,
        None => Vec::new(),
    };
    let mut unseen: HashMap<&[u8], &TreeItem> =
        head_items.iter().map(|i| (i.name.as_slice(), i)).collect();
    let mut i = 0;
    while i < items.len() {
        let rest: &[u8] = &items[i].path.as_bytes()[prefix.len()..];
        match rest.find_byte(b'/') {
            Some(slash) => {
                let name = &rest[..slash];
                let end = subdir_end(items, i, &items[i].path[..prefix.len() + slash + 1]);
                let head_item = unseen.remove(name);
                if let Some(file) = head_item.filter(|h| h.kind.is_some()) {
                    out.push(RawChange {
                        path: join(prefix, name),
                        old: file.kind.map(|kind| Side { id: file.id, kind }),
                        new: None,
                    });
                }
                let head_sub = head_item.filter(|h| h.kind.is_none()).map(|h| h.id);
                let child =
                    cache.and_then(|c| c.children.iter().find(|t| t.name.as_slice() == name));
                let sub_prefix = &items[i].path[..prefix.len() + slash + 1];
                walk_index(repo, head_sub, child, sub_prefix, &items[i..end], out)?;
                i = end;
            }
            None => {
                let head_item = unseen.remove(rest);
                let new = Some(items[i].side);
                match head_item {
                    Some(h) if h.kind.is_none() => {
                        let mut dir = items[i].path.to_owned();
                        dir.push(b'/');
                        flatten(repo, h.id, &dir, true, out)?;
                        out.push(RawChange {
                            path: items[i].path.to_owned(),
                            old: None,
                            new,
                        });
                    }
                    Some(h) => {
                        let old = h.kind.map(|kind| Side { id: h.id, kind });
                        if old != new {
                            out.push(RawChange {
                                path: items[i].path.to_owned(),
                                old,
                                new,
                            });
                        }
                    }
                    None => out.push(RawChange {
                        path: items[i].path.to_owned(),
                        old: None,
                        new,
                    }),
                }
                i += 1;
            }
        }
    }
    for item in unseen.into_values() {
        let path = join(prefix, &item.name);
        match item.kind {
            None => {
                let mut dir = path;
                dir.push(b'/');
                flatten(repo, item.id, &dir, true, out)?;
            }
            Some(kind) => out.push(RawChange {
                path,
                old: Some(Side { id: item.id, kind }),
                new: None,
            }),
        }
    }
    Ok(())
}

/// The end (exclusive) of the run of entries starting at `start` that share `dir_prefix`.
fn subdir_end(items: &[IndexItem<'_>], start: usize, dir_prefix: &[u8]) -> usize {
    let mut end = start;
    while end < items.len() && items[end].path.starts_with(dir_prefix) {
        end += 1;
    }
    end
}
