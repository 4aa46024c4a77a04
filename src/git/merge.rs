//! What a merge adds: of the merge's diff against its first parent, only the paths whose
//! merged content differs from every parent (conflict resolutions, and edits made during
//! the merge), with the lines that are in none of the parents as the added lines.
//!
//! A merge brings work that was judged on its own branch; judging the whole merged diff
//! against the first parent would judge that work again, under the wrong branch's rules.
//! A parent that brings no such work counts as no parent here: one the first parent
//! already contains (old history), and, for the commit being made, a merge head that only
//! `refs/stash` or no ref at all reaches (a stash commit: judged by no hook).
//! Used for the commit being made while `MERGE_HEAD` exists (the commit-msg hook of
//! `git merge`, and the pre-commit and commit-msg hooks of the `git commit` that concludes
//! a conflicted merge), and for merge commits already made.

use super::assemble::assemble;
use super::changes::{ChangeSet, FileChange, LineRange};
use super::lines::{added_lines, is_binary};
use super::range::{parents, resolve_commit, tree_of};
use super::staged::staged;
use super::tree_diff::{EntryKind, RawChange, Side, TreeItem, diff_trees, read_blob, read_tree};
use super::{GitError, Repo};
use gix::ObjectId;
use gix::bstr::ByteSlice;
use std::collections::HashMap;

impl Repo {
    /// The commits being merged into HEAD (`MERGE_HEAD`, one per line); empty outside a merge.
    pub fn merge_heads(&self) -> Result<Vec<String>, GitError> {
        let path = self.git_dir().join("MERGE_HEAD");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => {
                return Err(GitError::gix(
                    format!("cannot read {}", path.display()),
                    err,
                ));
            }
        };
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect())
    }

    /// The change set of the commit about to be made: the staged changes, or during a
    /// merge (`MERGE_HEAD` present) only what the merge itself adds.
    pub fn changes_to_commit(&self) -> Result<ChangeSet, GitError> {
        let heads = self.merge_heads()?;
        if heads.is_empty() {
            self.staged_changes()
        } else {
            self.staged_merge_resolutions(&heads)
        }
    }

    /// The staged changes against HEAD, restricted to what the merge of `merge_heads`
    /// adds (see the module documentation).
    pub fn staged_merge_resolutions(&self, merge_heads: &[String]) -> Result<ChangeSet, GitError> {
        let others = merge_heads
            .iter()
            .map(|head| resolve_commit(&self.inner, head))
            .collect::<Result<Vec<_>, _>>()?;
        let head = if self.is_unborn() {
            None
        } else {
            Some(resolve_commit(&self.inner, "HEAD")?)
        };
        let others = bringing_work(self, head, others)?;
        let others = on_some_ref(self, others)?;
        let raw = staged(&self.inner, self.head_tree()?, self.index()?.as_ref())?;
        resolutions(&self.inner, raw, &others)
    }

    /// What merge commit `commit` added over all its parents; for a commit with one parent
    /// (or none) its whole diff, like [`Repo::range_changes`] from its parent.
    pub fn commit_merge_resolutions(&self, commit: &str) -> Result<ChangeSet, GitError> {
        let id = resolve_commit(&self.inner, commit)?;
        let parent_ids = parents(&self.inner, id)?;
        let first_tree = match parent_ids.first() {
            Some(first) => Some(tree_of(&self.inner, *first)?),
            None => None,
        };
        let raw = diff_trees(&self.inner, first_tree, Some(tree_of(&self.inner, id)?))?;
        let others = parent_ids.get(1..).unwrap_or_default().to_vec();
        let others = bringing_work(self, parent_ids.first().copied(), others)?;
        resolutions(&self.inner, raw, &others)
    }
}

/// The merge heads that some ref other than `refs/stash` reaches, or that a fetch
/// brought (`FETCH_HEAD`, as `git pull <url>` merges): work that lives on a branch, a
/// remote-tracking branch or a tag, or on another repository, and was judged where it
/// was made. A stash commit (`git merge --no-commit stash@{0}`) or a local commit on no
/// ref at all was judged by no hook, so what it holds is judged as this commit's own.
fn on_some_ref(repo: &Repo, heads: Vec<ObjectId>) -> Result<Vec<ObjectId>, GitError> {
    if heads.is_empty() {
        return Ok(heads);
    }
    let fetched = std::fs::read_to_string(repo.git_dir().join("FETCH_HEAD")).unwrap_or_default();
    let fetched: Vec<&str> = fetched
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let tips: Vec<String> = repo
        .refs_under("refs/")?
        .into_iter()
        .filter(|(name, _)| name != "refs/stash")
        .map(|(_, id)| id)
        .collect();
    let reached = |head: &str| -> Result<bool, GitError> {
        if fetched.contains(&head) {
            return Ok(true);
        }
        for tip in &tips {
            if repo.is_ancestor(head, tip)? {
                return Ok(true);
            }
        }
        Ok(false)
    };
    let mut kept = Vec::with_capacity(heads.len());
    for head in heads {
        if reached(&head.to_string())? {
            kept.push(head);
        }
    }
    Ok(kept)
}

/// The other parents that bring work the first parent does not hold. One the first
/// parent already contains brings nothing: `git commit` drops it from a hand-written
/// `MERGE_HEAD` (a plain commit results), and where it is kept (`MERGE_MODE` `no-ff`, a
/// commit written by plumbing) its content is old history, not work judged on a branch
/// of its own, so lines it holds are judged as added again (a key removed long ago,
/// re-added "through" a merge with the commit that had it).
fn bringing_work(
    repo: &Repo,
    first: Option<ObjectId>,
    others: Vec<ObjectId>,
) -> Result<Vec<ObjectId>, GitError> {
    let Some(first) = first else {
        return Ok(others);
    };
    let first = first.to_string();
    let mut kept = Vec::with_capacity(others.len());
    for other in others {
        if !repo.is_ancestor(&other.to_string(), &first)? {
            kept.push(other);
        }
    }
    Ok(kept)
}

/// `raw` (the diff against the first parent) restricted to the paths whose new side
/// differs from the same path in every one of `others` (commits), assembled, with the
/// added lines narrowed to those in none of the parents.
fn resolutions(
    repo: &gix::Repository,
    raw: Vec<RawChange>,
    others: &[ObjectId],
) -> Result<ChangeSet, GitError> {
    let mut trees = Vec::with_capacity(others.len());
    for commit in others {
        trees.push(TreeLookup::new(repo, tree_of(repo, *commit)?));
    }
    let mut kept = Vec::with_capacity(raw.len());
    for change in raw {
        if differs_from_all(&change, &mut trees)? {
            kept.push(change);
        }
    }
    let mut set = assemble(repo, kept)?;
    for file in &mut set.files {
        narrow_added_lines(repo, file, &mut trees)?;
    }
    set.merged = others.iter().map(ToString::to_string).collect();
    Ok(set)
}

fn differs_from_all(change: &RawChange, trees: &mut [TreeLookup<'_>]) -> Result<bool, GitError> {
    for tree in trees {
        if tree.side(change.path.as_ref())? == change.new {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Keeps only the added lines that are added against every other parent too.
fn narrow_added_lines(
    repo: &gix::Repository,
    file: &mut FileChange,
    trees: &mut [TreeLookup<'_>],
) -> Result<(), GitError> {
    let Some(new_id) = file
        .new_id
        .as_deref()
        .filter(|_| !file.binary && !file.special)
    else {
        return Ok(());
    };
    if file.added_lines.is_empty() {
        return Ok(());
    }
    let new_id =
        ObjectId::from_hex(new_id.as_bytes()).map_err(|e| GitError::gix("invalid object id", e))?;
    let new = read_blob(repo, new_id)?;
    for tree in trees {
        let Some(side) = tree.side(file.path.as_ref())? else {
            continue;
        };
        if !side.kind.is_file() {
            continue;
        }
        let other = read_blob(repo, side.id)?;
        if is_binary(&other) {
            continue;
        }
        file.added_lines = intersect(&file.added_lines, &added_lines(&other, &new));
    }
    Ok(())
}

/// The lines in both range lists (each sorted, non-overlapping).
fn intersect(a: &[LineRange], b: &[LineRange]) -> Vec<LineRange> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let start = a[i].start.max(b[j].start);
        let end = a[i].end.min(b[j].end);
        if start <= end {
            out.push(LineRange { start, end });
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Looks paths up in one tree, decoding each subtree once.
struct TreeLookup<'r> {
    repo: &'r gix::Repository,
    root: ObjectId,
    trees: HashMap<ObjectId, Vec<TreeItem>>,
}

impl<'r> TreeLookup<'r> {
    fn new(repo: &'r gix::Repository, root: ObjectId) -> Self {
        TreeLookup {
            repo,
            root,
            trees: HashMap::new(),
        }
    }

    /// What the tree holds at `path` (a file, symlink or submodule), `None` if nothing.
    fn side(&mut self, path: &[u8]) -> Result<Option<Side>, GitError> {
        let mut tree = self.root;
        let mut parts = path.split_str("/").peekable();
        while let Some(name) = parts.next() {
            if !self.trees.contains_key(&tree) {
                let items = read_tree(self.repo, tree)?;
                self.trees.insert(tree, items);
            }
            let items = self.trees.get(&tree).map(Vec::as_slice).unwrap_or_default();
            let last = parts.peek().is_none();
            let Some(item) = items
                .iter()
                .find(|item| item.name == name && item.mode.is_tree() != last)
            else {
                return Ok(None);
            };
            if last {
                return Ok(Some(Side {
                    kind: EntryKind::from_tree_mode(item.mode),
                    id: item.id,
                }));
            }
            tree = item.id;
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::testutil::TempRepo;

    fn paths(set: &ChangeSet) -> Vec<String> {
        set.files.iter().map(|f| f.path.to_string()).collect()
    }

    /// main and `feature` both change `shared.txt`; the feature adds, renames and chmods
    /// files; the merge conflicts in `shared.txt` only.
    fn conflicted_merge() -> TempRepo {
        let t = TempRepo::new();
        t.write("shared.txt", "a\nb\nc\n")
            .write("old-name.txt", "moved\n")
            .write("tool.sh", "echo\n")
            .commit_all("init");
        t.git(&["checkout", "-q", "-b", "feature"]);
        t.write("shared.txt", "a\nB\nc\n")
            .write("new.txt", "from the branch\n");
        t.git(&["mv", "old-name.txt", "renamed.txt"]);
        {
            use std::os::unix::fs::PermissionsExt;
            let tool = t.root().join("tool.sh");
            std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        t.commit_all("feature");
        t.git(&["checkout", "-q", "main"]);
        t.write("shared.txt", "a\nb2\nc\n").commit_all("main");
        t.merge_expecting_conflict("feature");
        t
    }

    #[test]
    fn a_conflicted_merge_adds_only_its_resolution() {
        let t = conflicted_merge();
        t.write("shared.txt", "a\nB and b2\nc\nresolved\n");
        t.git(&["add", "shared.txt"]);
        let repo = t.open();
        let heads = repo.merge_heads().expect("heads");
        assert_eq!(heads, vec![t.rev("feature")]);
        let set = repo.changes_to_commit().expect("changes");
        assert_eq!(paths(&set), ["shared.txt"]);
        assert!(set.is_merge());
        // Lines 2 and 4 are in neither parent.
        assert_eq!(set.files[0].added_lines, vec![r(2, 2), r(4, 4)]);
        // The whole staged diff against HEAD holds the branch's work too.
        assert_eq!(
            paths(&repo.staged_changes().expect("staged")),
            ["new.txt", "renamed.txt", "shared.txt", "tool.sh"]
        );
    }

    #[test]
    fn a_resolution_equal_to_one_side_adds_nothing() {
        let t = conflicted_merge();
        t.git(&["checkout", "--theirs", "shared.txt"]);
        t.git(&["add", "shared.txt"]);
        let repo = t.open();
        assert!(repo.changes_to_commit().expect("changes").is_empty());
        t.git(&["commit", "-q", "--no-edit"]);
        let merged = repo.commit_merge_resolutions("HEAD").expect("merge commit");
        assert!(merged.is_empty() && merged.is_merge());
        // A commit with one parent: its whole diff.
        let single = repo.commit_merge_resolutions("HEAD^1").expect("single");
        assert_eq!(paths(&single), ["shared.txt"]);
        assert!(!single.is_merge());
    }

    #[test]
    fn outside_a_merge_the_commit_changes_are_the_staged_changes() {
        let t = TempRepo::new();
        t.write("a.txt", "1\n").commit_all("init");
        t.write("a.txt", "2\n");
        t.git(&["add", "a.txt"]);
        let repo = t.open();
        assert!(repo.merge_heads().expect("heads").is_empty());
        let set = repo.changes_to_commit().expect("changes");
        assert_eq!(paths(&set), ["a.txt"]);
        assert!(!set.is_merge());
    }

    #[test]
    fn a_merge_head_that_head_already_contains_brings_nothing() {
        // A key committed, then removed; MERGE_HEAD written by hand to name the commit
        // that had it, and the key staged again: git writes a plain commit, and the key is
        // judged as added, not as work of a merged branch.
        let t = TempRepo::new();
        t.write("s.py", "KEY = 1\n").commit_all("old");
        t.git(&["rm", "-q", "s.py"]);
        t.git(&["commit", "-q", "-m", "remove"]);
        let old = t.rev("HEAD~1");
        std::fs::write(t.root().join(".git/MERGE_HEAD"), format!("{old}\n")).expect("write");
        t.write("s.py", "KEY = 1\n");
        t.git(&["add", "s.py"]);
        let repo = t.open();
        let set = repo.changes_to_commit().expect("changes");
        assert_eq!(paths(&set), ["s.py"]);
        assert!(!set.is_merge());
        assert_eq!(set.files[0].added_lines, vec![r(1, 1)]);
        // The same as a merge commit written by plumbing, with the old commit as a parent.
        let tree = t.git(&["write-tree"]).trim().to_owned();
        let merge = t
            .git(&[
                "commit-tree",
                &tree,
                "-p",
                "HEAD",
                "-p",
                &old,
                "-m",
                "merge",
            ])
            .trim()
            .to_owned();
        let merged = repo.commit_merge_resolutions(&merge).expect("merge commit");
        assert_eq!(paths(&merged), ["s.py"]);
        assert_eq!(merged.files[0].added_lines, vec![r(1, 1)]);
    }

    #[test]
    fn a_merged_stash_brings_unjudged_work_and_is_judged() {
        // `git stash` made a commit no hook judged; merging it brings that work in.
        let t = TempRepo::new();
        t.write("README.md", "hi\n").commit_all("init");
        t.write("s.py", "KEY = 1\n");
        t.git(&["add", "s.py"]);
        t.git(&["stash", "-q"]);
        t.git(&["merge", "-q", "--no-ff", "--no-commit", "stash@{0}"]);
        let repo = t.open();
        assert_eq!(repo.merge_heads().expect("heads").len(), 1);
        let set = repo.changes_to_commit().expect("changes");
        assert_eq!(paths(&set), ["s.py"]);
        assert!(!set.is_merge());
        // The same commit on a branch is work judged there: the merge adds nothing.
        t.git(&["merge", "--abort"]);
        t.git(&["branch", "kept", "stash@{0}"]);
        t.git(&["merge", "-q", "--no-ff", "--no-commit", "kept"]);
        let set = repo.changes_to_commit().expect("changes");
        assert!(set.is_empty() && set.is_merge(), "{:?}", paths(&set));
        // And so is a commit a fetch brought, on no ref here (`git pull <url> <branch>`).
        t.git(&["merge", "--abort"]);
        let other = t.root().join("other");
        let other_dir = other.to_string_lossy().into_owned();
        t.git(&[
            "clone",
            "-q",
            "--no-checkout",
            &t.root().to_string_lossy(),
            &other_dir,
        ]);
        t.git(&["-C", &other_dir, "branch", "-q", "kept", "origin/kept"]);
        t.git(&["branch", "-D", "-q", "kept"]);
        t.git(&["fetch", "-q", &other_dir, "kept"]);
        t.git(&["merge", "-q", "--no-ff", "--no-commit", "FETCH_HEAD"]);
        let set = repo.changes_to_commit().expect("changes");
        assert!(set.is_empty() && set.is_merge(), "{:?}", paths(&set));
    }

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn ranges_intersect() {
        assert_eq!(
            intersect(&[r(1, 5), r(8, 10)], &[r(3, 9)]),
            vec![r(3, 5), r(8, 9)]
        );
        assert_eq!(intersect(&[r(1, 2)], &[r(3, 4)]), vec![]);
        assert_eq!(intersect(&[], &[r(1, 4)]), vec![]);
    }
}
