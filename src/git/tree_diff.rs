//! Raw changes (path, old side, new side) and the tree-against-tree walk that produces
//! them from the object database. Identical subtrees are skipped by id, never read.

use super::GitError;
use gix::ObjectId;
use gix::bstr::{BString, ByteVec};
use gix::objs::tree::EntryMode;
use std::cmp::Ordering;

/// What a path holds on one side of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// Regular file (`100644`).
    Regular,
    /// Executable file (`100755`).
    Executable,
    /// Symbolic link (`120000`); the blob holds the target.
    Symlink,
    /// Submodule commit (`160000`); the id is a commit in another repository.
    Gitlink,
}

impl EntryKind {
    /// The kind of a non-tree tree entry.
    pub(crate) fn from_tree_mode(mode: EntryMode) -> EntryKind {
        if mode.is_link() {
            EntryKind::Symlink
        } else if mode.is_commit() {
            EntryKind::Gitlink
        } else if mode.is_executable() {
            EntryKind::Executable
        } else {
            EntryKind::Regular
        }
    }

    /// True for regular and executable files: the kinds whose content is text or binary data.
    pub(crate) fn is_file(self) -> bool {
        matches!(self, EntryKind::Regular | EntryKind::Executable)
    }

    /// The type class git compares for a type change (`T`): file, symlink or gitlink.
    pub(crate) fn class(self) -> u8 {
        match self {
            EntryKind::Regular | EntryKind::Executable => 0,
            EntryKind::Symlink => 1,
            EntryKind::Gitlink => 2,
        }
    }
}

/// One side of a change: kind and object id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Side {
    pub(crate) kind: EntryKind,
    pub(crate) id: ObjectId,
}

/// A path whose two sides differ, before rename detection. At least one side is present,
/// unless `unmerged` is set.
#[derive(Debug, Clone)]
pub(crate) struct RawChange {
    pub(crate) path: BString,
    pub(crate) old: Option<Side>,
    pub(crate) new: Option<Side>,
    /// The index holds conflict stages for this path instead of a stage-0 entry.
    pub(crate) unmerged: bool,
}

/// One entry of a tree object, owned.
#[derive(Debug, Clone)]
pub(crate) struct TreeItem {
    pub(crate) name: BString,
    pub(crate) mode: EntryMode,
    pub(crate) id: ObjectId,
}

/// Orders names the way git sorts tree entries: a directory sorts as if its name ended in `/`.
pub(crate) fn tree_order(a: &[u8], a_is_dir: bool, b: &[u8], b_is_dir: bool) -> Ordering {
    let a_iter = a.iter().copied().chain(a_is_dir.then_some(b'/'));
    let b_iter = b.iter().copied().chain(b_is_dir.then_some(b'/'));
    a_iter.cmp(b_iter)
}

/// Reads a tree object's entries (in stored order, which is git's tree order).
pub(crate) fn read_tree(repo: &gix::Repository, id: ObjectId) -> Result<Vec<TreeItem>, GitError> {
    let data = read_object(repo, id, "tree")?;
    let mut items = Vec::new();
    for entry in gix::objs::TreeRefIter::from_bytes(&data, repo.object_hash()) {
        let entry = entry.map_err(|e| GitError::gix(format!("corrupt tree {id}"), e))?;
        items.push(TreeItem {
            name: entry.filename.to_owned(),
            mode: entry.mode,
            id: entry.oid.to_owned(),
        });
    }
    Ok(items)
}

/// Reads a blob's content.
pub(crate) fn read_blob(repo: &gix::Repository, id: ObjectId) -> Result<Vec<u8>, GitError> {
    read_object(repo, id, "object")
}

/// The tree of commit `id`, its object verified by its hash like any other read here.
pub(crate) fn commit_tree(repo: &gix::Repository, id: ObjectId) -> Result<ObjectId, GitError> {
    let data = read_object(repo, id, "commit")?;
    gix::objs::CommitRefIter::from_bytes(&data, id.kind())
        .tree_id()
        .map_err(|e| GitError::gix(format!("cannot read the tree of commit {id}"), e))
}

/// An object's content: a loose file verified by its hash, else through gix (packs first,
/// alternates, and the errors), verified too; `what` names it in the error.
///
/// Git does not check an object's hash when it reads one, and neither does gix: a pack
/// whose index names an id it does not hold (written by hand, or damaged) shows other
/// content under that id, while the object the id really names is what a push must carry
/// (the server's `index-pack` hashes everything). Content that does not hash to its id is
/// therefore an error, never judged (threat-model row `forged-pack`).
pub(crate) fn read_object(
    repo: &gix::Repository,
    id: ObjectId,
    what: &str,
) -> Result<Vec<u8>, GitError> {
    // Their ids are the hash of no content: nothing to read (git and gix know the empty
    // tree without a file, and a file under either id could only repeat it or be forged).
    if id.is_empty_tree() || id.is_empty_blob() {
        return Ok(Vec::new());
    }
    if let Some(data) = super::loose::read(repo.objects.store_ref().path(), &id) {
        return Ok(data);
    }
    let object = repo
        .find_object(id)
        .map_err(|e| GitError::gix(format!("cannot read {what} {id}"), e))?;
    let actual = gix::objs::compute_hash(id.kind(), object.kind, &object.data)
        .map_err(|e| GitError::gix(format!("cannot hash {what} {id}"), e))?;
    if actual != id {
        return Err(GitError::ObjectMismatch {
            id: id.to_string(),
            actual: actual.to_string(),
        });
    }
    Ok(object.detach().data)
}

/// Diffs two trees; `None` is the empty tree. Changes come out in path order.
pub(crate) fn diff_trees(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
) -> Result<Vec<RawChange>, GitError> {
    let mut out = Vec::new();
    diff_subtrees(repo, &mut BString::default(), old, new, &mut out)?;
    Ok(out)
}

/// Diffs the trees at `prefix` (empty, or ending in `/`), appending to `out`.
pub(crate) fn diff_subtrees(
    repo: &gix::Repository,
    prefix: &mut BString,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    if old == new {
        return Ok(());
    }
    let old_items = old
        .map(|id| read_tree(repo, id))
        .transpose()?
        .unwrap_or_default();
    let new_items = new
        .map(|id| read_tree(repo, id))
        .transpose()?
        .unwrap_or_default();
    let (mut i, mut j) = (0, 0);
    while i < old_items.len() || j < new_items.len() {
        let order = match (old_items.get(i), new_items.get(j)) {
            (Some(a), Some(b)) => tree_order(&a.name, a.mode.is_tree(), &b.name, b.mode.is_tree()),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                emit_one_side(repo, prefix, &old_items[i], Which::Old, out)?;
                i += 1;
            }
            Ordering::Greater => {
                emit_one_side(repo, prefix, &new_items[j], Which::New, out)?;
                j += 1;
            }
            Ordering::Equal => {
                emit_both(repo, prefix, &old_items[i], &new_items[j], out)?;
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}

/// Which side a one-sided entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Old,
    New,
}

/// An entry present on one side only: a deleted or added file, or a whole subtree.
pub(crate) fn emit_one_side(
    repo: &gix::Repository,
    prefix: &mut BString,
    item: &TreeItem,
    which: Which,
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    if item.mode.is_tree() {
        let (old, new) = match which {
            Which::Old => (Some(item.id), None),
            Which::New => (None, Some(item.id)),
        };
        return with_dir(prefix, &item.name, |prefix| {
            diff_subtrees(repo, prefix, old, new, out)
        });
    }
    let side = Some(Side {
        kind: EntryKind::from_tree_mode(item.mode),
        id: item.id,
    });
    let path = join(prefix, &item.name);
    let (old, new) = match which {
        Which::Old => (side, None),
        Which::New => (None, side),
    };
    out.push(RawChange {
        path,
        old,
        new,
        unmerged: false,
    });
    Ok(())
}

/// Two entries with the same name and the same tree-ness.
fn emit_both(
    repo: &gix::Repository,
    prefix: &mut BString,
    old: &TreeItem,
    new: &TreeItem,
    out: &mut Vec<RawChange>,
) -> Result<(), GitError> {
    if old.mode.is_tree() {
        return with_dir(prefix, &old.name, |prefix| {
            diff_subtrees(repo, prefix, Some(old.id), Some(new.id), out)
        });
    }
    let old_side = Side {
        kind: EntryKind::from_tree_mode(old.mode),
        id: old.id,
    };
    let new_side = Side {
        kind: EntryKind::from_tree_mode(new.mode),
        id: new.id,
    };
    if old_side != new_side {
        out.push(RawChange {
            path: join(prefix, &old.name),
            old: Some(old_side),
            new: Some(new_side),
            unmerged: false,
        });
    }
    Ok(())
}

/// Runs `f` with `prefix` extended by `name/`, restoring it afterwards.
pub(crate) fn with_dir<T>(
    prefix: &mut BString,
    name: &[u8],
    f: impl FnOnce(&mut BString) -> T,
) -> T {
    let len = prefix.len();
    prefix.push_str(name);
    prefix.push_byte(b'/');
    let result = f(prefix);
    prefix.truncate(len);
    result
}

/// `prefix` + `name` as a new path.
pub(crate) fn join(prefix: &[u8], name: &[u8]) -> BString {
    let mut path = BString::from(Vec::with_capacity(prefix.len() + name.len()));
    path.push_str(prefix);
    path.push_str(name);
    path
}

/// True when the name is the all-zero id git uses for "no object".
pub(crate) fn is_null_hex(hex: &str) -> bool {
    !hex.is_empty() && hex.bytes().all(|b| b == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_sort_with_a_trailing_slash() {
        assert_eq!(tree_order(b"a", true, b"a.txt", false), Ordering::Greater);
        assert_eq!(tree_order(b"a", false, b"a.txt", false), Ordering::Less);
        assert_eq!(tree_order(b"a", true, b"a-b", false), Ordering::Greater);
        assert_eq!(tree_order(b"a", true, b"a0", false), Ordering::Less);
        assert_eq!(tree_order(b"a", true, b"a", false), Ordering::Greater);
    }

    #[test]
    fn null_ids() {
        assert!(is_null_hex("0000000000000000000000000000000000000000"));
        assert!(!is_null_hex(""));
        assert!(!is_null_hex("00a0"));
    }
}
