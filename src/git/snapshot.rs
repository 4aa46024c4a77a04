//! Reading whole files out of one state of the repository, the index (what is about to be
//! committed) or a commit's tree, without touching the work tree. Gates that need files
//! the change set does not contain (a spec the commit only references, the sprint board)
//! read them here, so they judge exactly what is committed or pushed.

use super::index::Index;
use super::range;
use super::staged::committed_tree_id;
use super::tree_diff::{EntryKind, TreeItem, read_blob, read_tree};
use super::{GitError, Repo};
use crate::infra::readlimit::Limit;
use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One state of the repository's files.
pub struct Snapshot<'r> {
    repo: &'r gix::Repository,
    source: Source,
    /// Trees already read, by id: a gate reading many files of one folder (every spec of
    /// a range) decodes each tree on the path once, not once per file.
    trees: Mutex<HashMap<ObjectId, Arc<Vec<TreeItem>>>>,
}

enum Source {
    Index(Arc<Index>),
    Tree(Option<ObjectId>),
}

impl std::fmt::Debug for Snapshot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            Source::Index(_) => f.write_str("Snapshot(index)"),
            Source::Tree(id) => write!(f, "Snapshot(tree {id:?})"),
        }
    }
}

impl Repo {
    /// The files as staged (the index git would commit from; stage-0 entries only).
    pub fn index_snapshot(&self) -> Result<Snapshot<'_>, GitError> {
        Ok(Snapshot {
            repo: &self.inner,
            source: Source::Index(self.index()?),
            trees: Mutex::default(),
        })
    }

    /// The files of a revision's tree; empty or all-zero `rev` is the empty tree.
    pub fn rev_snapshot(&self, rev: &str) -> Result<Snapshot<'_>, GitError> {
        Ok(Snapshot {
            repo: &self.inner,
            source: Source::Tree(range::resolve_tree(&self.inner, rev)?),
            trees: Mutex::default(),
        })
    }

    /// The files of HEAD's commit; the empty tree on an unborn branch.
    pub fn head_snapshot(&self) -> Result<Snapshot<'_>, GitError> {
        Ok(Snapshot {
            repo: &self.inner,
            source: Source::Tree(self.head_tree()?),
            trees: Mutex::default(),
        })
    }
}

impl Snapshot<'_> {
    /// The content of the regular file at `path` (`/`-separated), `None` if absent.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, GitError> {
        match self.blob_id(path)? {
            Some(id) => read_blob(self.repo, id).map(Some),
            None => Ok(None),
        }
    }

    /// [`Snapshot::read`] for a file pactkit parses whole (a spec, a contract file): one
    /// larger than `limit` is refused by its recorded size, before it is inflated.
    pub fn read_limited(&self, path: &str, limit: Limit) -> Result<Option<Vec<u8>>, GitError> {
        let Some(id) = self.blob_id(path)? else {
            return Ok(None);
        };
        let size = self
            .repo
            .find_header(id)
            .map_err(|e| GitError::gix(format!("cannot read object {id}"), e))?
            .size();
        if size > limit.bytes {
            return Err(GitError::TooLarge {
                path: path.to_owned(),
                size,
                limit,
            });
        }
        read_blob(self.repo, id).map(Some)
    }

    /// The hex id of the regular file at `path`, `None` if absent.
    pub fn blob_hex(&self, path: &str) -> Result<Option<String>, GitError> {
        Ok(self.blob_id(path)?.map(|id| id.to_string()))
    }

    /// Whether a regular file exists at `path`.
    pub fn contains(&self, path: &str) -> Result<bool, GitError> {
        Ok(self.blob_id(path)?.is_some())
    }

    /// The regular files directly inside `dir` (no trailing `/`), as full paths, sorted.
    pub fn files_in(&self, dir: &str) -> Result<Vec<BString>, GitError> {
        match &self.source {
            Source::Index(index) => match self.committed_tree(index, &format!("{dir}/")) {
                Some((tree, rest)) => self.tree_files_in(Some(tree), dir, rest),
                None => Ok(index_files_in(index, dir)),
            },
            Source::Tree(root) => self.tree_files_in(*root, dir, dir),
        }
    }

    fn blob_id(&self, path: &str) -> Result<Option<ObjectId>, GitError> {
        match &self.source {
            Source::Index(index) => match self.committed_tree(index, path) {
                Some((tree, rest)) => self.tree_blob_id(Some(tree), rest),
                None => Ok(index
                    .checked_out(path.as_bytes().as_bstr())
                    .filter(|&i| is_regular_file(index.mode(i)))
                    .map(|i| index.id(i))),
            },
            Source::Tree(root) => self.tree_blob_id(*root, path),
        }
    }

    /// The tree `git commit` will write for a folder on `path`'s way, when the index's
    /// cache-tree has a valid node there whose tree exists (git reuses such a node without
    /// looking at the entries below it, which an index written by hand can make disagree),
    /// with `path` relative to that tree; `None` where the entries decide.
    fn committed_tree<'p>(&self, index: &Index, path: &'p str) -> Option<(ObjectId, &'p str)> {
        let mut node = index.tree()?;
        let mut rest = path;
        loop {
            if let Some(tree) = committed_tree_id(self.repo, node) {
                return Some((tree, rest));
            }
            let (dir, below) = rest.split_once('/')?;
            node = node
                .children
                .iter()
                .find(|c| c.name.as_slice() == dir.as_bytes())?;
            rest = below;
        }
    }

    /// [`Snapshot::files_in`] of `dir`, found at `rel` below tree `root`.
    fn tree_files_in(
        &self,
        root: Option<ObjectId>,
        dir: &str,
        rel: &str,
    ) -> Result<Vec<BString>, GitError> {
        let Some(tree) = self.subtree(root, rel.trim_end_matches('/'))? else {
            return Ok(Vec::new());
        };
        let mut out: Vec<BString> = self
            .tree(tree)?
            .iter()
            .filter(|item| is_tree_file(item.mode))
            .map(|item| join(dir, item.name.as_bstr()))
            .collect();
        out.sort();
        Ok(out)
    }

    /// The regular file at `path` below tree `root`.
    fn tree_blob_id(
        &self,
        root: Option<ObjectId>,
        path: &str,
    ) -> Result<Option<ObjectId>, GitError> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (dir, name),
            None => ("", path),
        };
        let Some(tree) = self.subtree(root, dir)? else {
            return Ok(None);
        };
        Ok(self
            .tree(tree)?
            .iter()
            .find(|item| item.name == name.as_bytes())
            .filter(|item| is_tree_file(item.mode))
            .map(|item| item.id))
    }

    /// The entries of tree `id`, decoded once per snapshot.
    fn tree(&self, id: ObjectId) -> Result<Arc<Vec<TreeItem>>, GitError> {
        let cached = self
            .trees
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned();
        if let Some(items) = cached {
            return Ok(items);
        }
        let items = Arc::new(read_tree(self.repo, id)?);
        self.trees
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, Arc::clone(&items));
        Ok(items)
    }

    /// The tree at `dir` below `root` (`""` is the root itself).
    fn subtree(&self, root: Option<ObjectId>, dir: &str) -> Result<Option<ObjectId>, GitError> {
        let mut current = root;
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            let Some(tree) = current else { return Ok(None) };
            current = self
                .tree(tree)?
                .iter()
                .find(|item| item.name == part.as_bytes() && item.mode.is_tree())
                .map(|item| item.id);
        }
        Ok(current)
    }
}

fn index_files_in(index: &Index, dir: &str) -> Vec<BString> {
    let prefix = format!("{dir}/");
    let mut out: Vec<BString> = index
        .prefixed(prefix.as_bytes())
        .filter(|&i| index.stage(i) == 0 && is_regular_file(index.mode(i)))
        .map(|i| index.path(i))
        .filter(|p| !p[prefix.len()..].contains(&b'/'))
        .map(ToOwned::to_owned)
        .collect();
    out.dedup();
    out
}

fn is_tree_file(mode: gix::objs::tree::EntryMode) -> bool {
    !mode.is_tree() && EntryKind::from_tree_mode(mode).is_file()
}

fn is_regular_file(mode: gix::index::entry::Mode) -> bool {
    use gix::index::entry::Mode;
    mode == Mode::FILE || mode == Mode::FILE_EXECUTABLE
}

fn join(dir: &str, name: &BStr) -> BString {
    let mut path = BString::from(dir);
    if !dir.is_empty() {
        path.push(b'/');
    }
    path.extend_from_slice(name);
    path
}

#[cfg(test)]
mod tests {
    use crate::git::testutil::TempRepo;

    /// The index is decoded once while its file stays the same, and read again once git
    /// replaces it (a linter's fix re-staged a file in the same run).
    #[test]
    fn the_index_is_shared_until_git_rewrites_it() {
        let t = TempRepo::new();
        t.write("a.md", "one\n").commit_all("init");
        t.write("a.md", "two\n");
        t.git(&["add", "a.md"]);
        let repo = t.open();
        let first = repo.index().expect("index");
        assert!(std::sync::Arc::ptr_eq(
            &first,
            &repo.index().expect("again")
        ));
        let staged = |repo: &crate::git::Repo| {
            let set = repo.staged_changes().expect("staged");
            set.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
        };
        assert_eq!(staged(&repo), ["a.md"]);
        t.write("b.md", "new\n");
        t.git(&["add", "b.md"]);
        assert!(!std::sync::Arc::ptr_eq(
            &first,
            &repo.index().expect("rewritten")
        ));
        assert_eq!(staged(&repo), ["a.md", "b.md"]);
        let index = repo.index_snapshot().expect("snapshot");
        assert_eq!(index.read("b.md").expect("read"), Some(b"new\n".to_vec()));
    }

    #[test]
    fn reads_staged_and_committed_states_separately() {
        let t = TempRepo::new();
        t.write("docs/specs/A.md", "committed\n");
        t.write("docs/specs/sub/B.md", "nested\n");
        t.write("top.md", "top\n");
        t.git(&["add", "-A"]);
        t.git(&["commit", "-qm", "init"]);
        t.write("docs/specs/A.md", "staged\n");
        t.write("docs/specs/C.md", "new\n");
        t.git(&["add", "-A"]);
        t.write("docs/specs/A.md", "work tree only\n");
        let repo = t.open();
        let index = repo.index_snapshot().expect("index");
        let head = repo.head_snapshot().expect("head");
        assert_eq!(
            index.read("docs/specs/A.md").expect("read"),
            Some(b"staged\n".to_vec())
        );
        assert_eq!(
            head.read("docs/specs/A.md").expect("read"),
            Some(b"committed\n".to_vec())
        );
        assert_eq!(head.read("docs/specs/C.md").expect("read"), None);
        assert_eq!(head.read("top.md").expect("read"), Some(b"top\n".to_vec()));
        assert_eq!(
            index.files_in("docs/specs").expect("list"),
            ["docs/specs/A.md", "docs/specs/C.md"]
        );
        assert_eq!(
            head.files_in("docs/specs").expect("list"),
            ["docs/specs/A.md"]
        );
        assert!(head.files_in("nope").expect("list").is_empty());
        // Root, docs and docs/specs were each decoded once, however many reads went by.
        let decoded = || head.trees.lock().expect("lock").len();
        assert_eq!(decoded(), 3);
        head.read("docs/specs/A.md").expect("read again");
        assert_eq!(decoded(), 3);
        assert!(!index.contains("docs/specs").expect("dir is not a file"));
    }

    #[test]
    fn an_unborn_head_is_empty() {
        let t = TempRepo::new();
        t.write("a.md", "x\n");
        t.git(&["add", "-A"]);
        let repo = t.open();
        let head = repo.head_snapshot().expect("head");
        assert_eq!(head.read("a.md").expect("read"), None);
        assert!(
            repo.index_snapshot()
                .expect("index")
                .contains("a.md")
                .expect("lookup")
        );
    }

    /// An index written by hand whose cache-tree names other trees than its entries: the
    /// staged snapshot reads what `git commit` will write (a valid node's tree when the
    /// object exists), and the entries where that tree is missing.
    #[test]
    fn a_forged_cache_tree_is_read_as_git_commits_it() {
        let t = TempRepo::new();
        t.write("docs/specs/STORY-001.md", "Draft\n")
            .write("src/a.txt", "a\n")
            .commit_all("init");
        t.write("docs/specs/STORY-001.md", "Done\n")
            .write("docs/specs/STORY-002.md", "new\n");
        t.git(&["add", "-A"]);
        let committed = t.git(&["write-tree"]).trim().to_owned();
        t.git(&["read-tree", "HEAD"]);
        t.forge_cache_tree(&committed);
        // What the staged snapshot reads: one spec's content, the specs folder's files.
        let staged_spec = |content: &str, files: &[&str]| {
            let repo = t.open();
            let staged = repo.index_snapshot().expect("index");
            let read = staged.read("docs/specs/STORY-001.md").expect("read");
            assert_eq!(read.as_deref(), Some(content.as_bytes()));
            assert_eq!(staged.files_in("docs/specs").expect("list"), files);
            assert!(staged.contains("src/a.txt").expect("lookup"));
        };
        staged_spec(
            "Done\n",
            &["docs/specs/STORY-001.md", "docs/specs/STORY-002.md"],
        );

        // Without the trees' objects git rebuilds them from the entries, and so do we.
        let trees: Vec<String> = ["", ":docs", ":docs/specs"]
            .iter()
            .map(|path| t.rev(&format!("{committed}{path}")))
            .collect();
        for id in trees {
            let object = t.root().join(".git/objects").join(&id[..2]).join(&id[2..]);
            std::fs::remove_file(&object).expect("loose tree object");
        }
        staged_spec("Draft\n", &["docs/specs/STORY-001.md"]);
    }
}
