//! Test helper: temporary repositories built with the real `git` CLI in a hermetic
//! environment (fixed identity and dates, no global or system configuration).

use super::Repo;
use assert_fs::TempDir;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary repository under `<temp>/repo`, with a fake home at `<temp>/home`.
pub(crate) struct TempRepo {
    temp: TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl TempRepo {
    /// `git init -b main` in a fresh directory.
    pub(crate) fn new() -> TempRepo {
        TempRepo::init(&[])
    }

    /// The same with SHA-256 object ids (`--object-format=sha256`).
    pub(crate) fn sha256() -> TempRepo {
        TempRepo::init(&["--object-format=sha256"])
    }

    fn init(args: &[&str]) -> TempRepo {
        let temp = TempDir::new().expect("temp dir");
        let root = temp.path().join("repo");
        let home = temp.path().join("home");
        std::fs::create_dir_all(&root).expect("repo dir");
        std::fs::create_dir_all(&home).expect("home dir");
        let repo = TempRepo { temp, root, home };
        let mut init = vec!["init", "-q", "-b", "main"];
        init.extend_from_slice(args);
        repo.git(&init);
        repo
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn temp(&self) -> &Path {
        self.temp.path()
    }

    pub(crate) fn home(&self) -> &Path {
        &self.home
    }

    /// Writes a file, creating parent directories.
    pub(crate) fn write(&self, rel: &str, contents: &str) -> &Self {
        self.write_bytes(rel.as_ref(), contents.as_bytes())
    }

    /// Writes raw bytes at a raw (possibly non-UTF-8) relative path.
    pub(crate) fn write_bytes(&self, rel: &Path, contents: &[u8]) -> &Self {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// A git command with the hermetic environment, run in the work tree.
    pub(crate) fn git_cmd(&self) -> Command {
        let mut cmd = Command::new("git");
        hermetic_env(&mut cmd, &self.home);
        cmd.current_dir(&self.root);
        cmd
    }

    /// Runs git, asserts success, returns stdout.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        let out = self.git_cmd().args(args).output().expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A linked work tree at `<temp>/wt-<branch>` on the new branch `branch`; returns its
    /// path.
    pub(crate) fn add_worktree(&self, branch: &str) -> PathBuf {
        let wt = self.temp().join(format!("wt-{branch}"));
        let path = wt.to_str().expect("utf-8 temp path");
        self.git(&["worktree", "add", "-q", "-b", branch, path]);
        wt
    }

    /// `git add -A && git commit`.
    pub(crate) fn commit_all(&self, msg: &str) -> &Self {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
        self
    }

    /// Merges `branch` into the checked-out branch, expecting it to stop on a conflict.
    #[track_caller]
    pub(crate) fn merge_expecting_conflict(&self, branch: &str) -> &Self {
        let out = self
            .git_cmd()
            .args(["merge", "-q", branch])
            .output()
            .expect("merge");
        assert!(
            !out.status.success(),
            "expected a conflict merging {branch}"
        );
        self
    }

    /// A repository stopped in a merge whose only conflict is `c.txt` (stages 1, 2 and 3).
    pub(crate) fn conflicted() -> TempRepo {
        let t = TempRepo::new();
        t.write("c.txt", "base\n").commit_all("base");
        t.git(&["checkout", "-q", "-b", "other"]);
        t.write("c.txt", "other\n").commit_all("other");
        t.git(&["checkout", "-q", "main"]);
        t.write("c.txt", "main\n").commit_all("main");
        t.merge_expecting_conflict("other");
        t
    }

    /// Rewrites `.git/index` as an agent could by hand: its entries stay, its cache-tree
    /// becomes the one `git read-tree <tree>` writes, every node valid and naming `tree`'s
    /// subtrees. (The checksum is left stale: git does not verify it on read.)
    pub(crate) fn forge_cache_tree(&self, tree: &str) {
        let index = self.root.join(".git/index");
        let other = self.temp().join("forged-cache-tree-source");
        let status = self
            .git_cmd()
            .env("GIT_INDEX_FILE", &other)
            .args(["read-tree", tree])
            .status()
            .expect("read-tree");
        assert!(status.success(), "read-tree {tree}");
        let entries = std::fs::read(&index).expect("index");
        let source = std::fs::read(&other).expect("source index");
        let find = |bytes: &[u8]| bytes.windows(4).rposition(|w| w == b"TREE");
        let cut = find(&entries).unwrap_or(entries.len() - 20);
        let tree_extension = &source[find(&source).expect("read-tree writes a cache-tree")..];
        let mut forged = entries[..cut].to_vec();
        forged.extend_from_slice(tree_extension);
        std::fs::write(&index, forged).expect("write index");
    }

    /// Full id of a revision.
    pub(crate) fn rev(&self, rev: &str) -> String {
        self.git(&["rev-parse", rev]).trim().to_owned()
    }

    /// Opens the repository from its root.
    pub(crate) fn open(&self) -> Repo {
        Repo::discover(&self.root).expect("discover")
    }

    /// Opens the repository from a subdirectory.
    pub(crate) fn open_at(&self, rel: &str) -> Repo {
        Repo::discover(&self.root.join(rel)).expect("discover")
    }
}

/// Clears the environment and sets only what git needs, deterministically.
pub(crate) fn hermetic_env(cmd: &mut Command, home: &Path) {
    cmd.env_clear();
    if let Some(path) = crate::infra::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig-does-not-exist"))
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+00:00")
        .env("GIT_CONFIG_COUNT", "2")
        .env("GIT_CONFIG_KEY_0", "commit.gpgsign")
        .env("GIT_CONFIG_VALUE_0", "false")
        .env("GIT_CONFIG_KEY_1", "core.autocrlf")
        .env("GIT_CONFIG_VALUE_1", "false")
        .env("LC_ALL", "C");
}
