//! The staged change set against `git diff --cached` in real repositories.

use crate::cli::changes::render_text;
use crate::git::testutil::TempRepo;
use crate::git::{ChangeKind, ChangeSet, FileChange, LineRange};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

fn staged(t: &TempRepo) -> ChangeSet {
    t.open().staged_changes().expect("staged changes")
}

/// Asserts our name-status equals `git diff --cached --name-status -M`.
#[track_caller]
fn assert_same_as_git(t: &TempRepo) -> ChangeSet {
    let set = staged(t);
    let expected = t.git(&["diff", "--cached", "--name-status", "-M"]);
    assert_eq!(render_text(&set, false), expected);
    set
}

/// Added line ranges from `git diff --cached -U0` for one path.
fn git_added_lines(t: &TempRepo, path: &str) -> Vec<LineRange> {
    let out = t.git(&["diff", "--cached", "-U0", "--no-color", "--", path]);
    let mut ranges = Vec::new();
    for line in out.lines().filter(|l| l.starts_with("@@")) {
        let plus = line
            .split_whitespace()
            .find(|w| w.starts_with('+'))
            .expect("hunk header");
        let mut parts = plus[1..].split(',');
        let start: u32 = parts.next().and_then(|s| s.parse().ok()).expect("start");
        let len: u32 = parts.next().map_or(1, |s| s.parse().expect("len"));
        if len > 0 {
            ranges.push(LineRange {
                start,
                end: start + len - 1,
            });
        }
    }
    ranges
}

fn file<'a>(set: &'a ChangeSet, path: &str) -> &'a FileChange {
    set.files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not in {set:?}"))
}

fn r(start: u32, end: u32) -> LineRange {
    LineRange { start, end }
}

#[test]
fn nothing_staged_is_empty() {
    let t = TempRepo::new();
    t.write("a/b.txt", "x\n").commit_all("one");
    t.write("a/b.txt", "changed in the work tree only\n");
    assert!(staged(&t).is_empty());
}

#[test]
fn index_content_wins_over_the_work_tree() {
    let t = TempRepo::new();
    t.write("src/lib.rs", "a\nb\nc\n").commit_all("one");
    t.write("src/lib.rs", "a\nb\nc\nstaged\n");
    t.git(&["add", "src/lib.rs"]);
    t.write("src/lib.rs", "unstaged\na\nb\nc\nstaged\nmore\n");
    let set = assert_same_as_git(&t);
    let f = file(&set, "src/lib.rs");
    assert_eq!(f.kind, ChangeKind::Modified);
    assert_eq!(f.added_lines, vec![r(4, 4)]);
    assert_eq!(f.added_lines, git_added_lines(&t, "src/lib.rs"));
    let staged_blob = t
        .open()
        .read_blob(f.new_id.as_deref().expect("id"))
        .expect("blob");
    assert_eq!(staged_blob, b"a\nb\nc\nstaged\n");
}

#[test]
fn line_ranges_match_git_diff_u0() {
    let t = TempRepo::new();
    let old: String = (1..=40).map(|n| format!("line {n}\n")).collect();
    t.write("f.txt", &old).commit_all("one");
    let new = old
        .replace("line 3\n", "line three\n")
        .replace("line 20\n", "line 20\nnew a\nnew b\n")
        .replace("line 30\nline 31\n", "")
        + "tail\n";
    t.write("f.txt", &new);
    t.git(&["add", "f.txt"]);
    let set = staged(&t);
    assert_eq!(
        file(&set, "f.txt").added_lines,
        git_added_lines(&t, "f.txt")
    );
}

#[test]
fn renames_exact_and_similar() {
    let t = TempRepo::new();
    let body: String = (1..=20).map(|n| format!("fn item_{n}() {{}}\n")).collect();
    t.write("old/exact.rs", &body)
        .write("old/similar.rs", &body.replace("item_", "thing_"))
        .commit_all("one");
    std::fs::create_dir(t.root().join("new")).expect("mkdir");
    t.git(&["mv", "old/exact.rs", "new/exact.rs"]);
    t.git(&["mv", "old/similar.rs", "new/similar.rs"]);
    let edited = body
        .replace("item_1()", "item_one()")
        .replace("item_", "thing_")
        .replace("thing_2()", "thing_two()");
    t.write("new/similar.rs", &edited);
    t.git(&["add", "-A"]);
    let set = assert_same_as_git(&t);
    let exact = file(&set, "new/exact.rs");
    assert_eq!(exact.kind, ChangeKind::Renamed { similarity: 100 });
    assert_eq!(
        exact.old_path.as_ref().map(|p| p.to_string()).as_deref(),
        Some("old/exact.rs")
    );
    assert!(exact.added_lines.is_empty());
    let similar = file(&set, "new/similar.rs");
    assert!(matches!(similar.kind, ChangeKind::Renamed { similarity } if similarity < 100));
    assert_eq!(similar.added_lines, vec![r(1, 2)]);
}

#[test]
fn binary_files_have_no_lines() {
    let t = TempRepo::new();
    t.write("keep", "k\n").commit_all("one");
    t.write_bytes(Path::new("img.bin"), b"PNG\0\x01\x02\nmore\n");
    t.git(&["add", "img.bin"]);
    let set = assert_same_as_git(&t);
    let f = file(&set, "img.bin");
    assert!(f.binary);
    assert!(f.added_lines.is_empty());
}

#[test]
fn non_utf8_file_names_stay_bytes() {
    let t = TempRepo::new();
    t.write("keep", "k\n").commit_all("one");
    let name = std::ffi::OsStr::from_bytes(b"caf\xff.txt");
    t.write_bytes(Path::new(name), b"hello\n");
    t.git(&["add", "-A"]);
    let set = assert_same_as_git(&t);
    assert_eq!(set.files.len(), 1);
    assert_eq!(set.files[0].path.as_slice(), b"caf\xff.txt");
}

#[test]
fn first_commit_in_an_empty_repository_is_all_added() {
    let t = TempRepo::new();
    t.write("a.txt", "1\n2\n").write("dir/b.txt", "b\n");
    t.git(&["add", "-A"]);
    let set = assert_same_as_git(&t);
    assert!(set.files.iter().all(|f| f.kind == ChangeKind::Added));
    assert_eq!(file(&set, "a.txt").added_lines, vec![r(1, 2)]);
}

#[test]
fn deletions_symlinks_and_type_changes() {
    let t = TempRepo::new();
    t.write("gone.txt", "bye\n")
        .write("becomes-link", "target\n")
        .write("dir/f", "f\n")
        .commit_all("one");
    t.git(&["rm", "-q", "gone.txt"]);
    std::fs::remove_file(t.root().join("becomes-link")).expect("rm");
    std::os::unix::fs::symlink("dir/f", t.root().join("becomes-link")).expect("symlink");
    std::os::unix::fs::symlink("dir", t.root().join("new-link")).expect("symlink");
    t.git(&["add", "-A"]);
    let set = assert_same_as_git(&t);
    assert_eq!(file(&set, "gone.txt").kind, ChangeKind::Deleted);
    let tc = file(&set, "becomes-link");
    assert_eq!(tc.kind, ChangeKind::TypeChanged);
    assert!(tc.special);
    assert!(file(&set, "new-link").special);
}

#[test]
fn crlf_content_is_compared_as_stored() {
    let t = TempRepo::new();
    t.write("win.txt", "one\r\ntwo\r\n").commit_all("one");
    t.write("win.txt", "one\r\ntwo\r\nthree\r\n");
    t.git(&["add", "win.txt"]);
    let set = assert_same_as_git(&t);
    assert_eq!(file(&set, "win.txt").added_lines, vec![r(3, 3)]);
    assert_eq!(
        file(&set, "win.txt").added_lines,
        git_added_lines(&t, "win.txt")
    );
}

#[test]
fn directory_and_file_swaps_and_deep_trees() {
    let t = TempRepo::new();
    for d in ["a", "a-b", "a.c", "b/c/d", "b/c/e", "z"] {
        t.write(&format!("{d}/file.txt"), &format!("{d}\n"));
    }
    t.write("x", "file x\n")
        .write("b/c/d/more.txt", "m\n")
        .commit_all("one");
    std::fs::remove_dir_all(t.root().join("a")).expect("rm");
    t.write("a", "now a file\n");
    std::fs::remove_file(t.root().join("x")).expect("rm");
    t.write("x/inner.txt", "now a dir\n");
    std::fs::remove_dir_all(t.root().join("b/c/e")).expect("rm");
    t.write("b/c/d/more.txt", "m\nchanged\n")
        .write("b/new/deep/n.txt", "n\n");
    t.git(&["add", "-A"]);
    assert_same_as_git(&t);
    // Again after a commit, with an index whose cache-tree is valid except on one path.
    t.git(&["commit", "-q", "-m", "two"]);
    t.write("b/c/d/more.txt", "m\nchanged again\n");
    t.git(&["add", "-A"]);
    assert_same_as_git(&t);
}

#[test]
fn index_without_cache_tree_is_walked_fully() {
    let t = TempRepo::new();
    t.write("a/x", "1\n").write("b/y", "2\n").commit_all("one");
    t.write("b/y", "3\n");
    t.git(&["add", "-A"]);
    let tree = t.git(&["write-tree"]).trim().to_owned();
    std::fs::remove_file(t.root().join(".git/index")).expect("rm index");
    t.git(&["read-tree", &tree]);
    assert_same_as_git(&t);
}

#[test]
fn intent_to_add_is_skipped_and_unmerged_is_reported() {
    let t = TempRepo::conflicted();
    t.write("new.txt", "later\n");
    t.git(&["add", "-N", "new.txt"]);
    let set = staged(&t);
    assert_eq!(set.files.len(), 1, "{set:?}");
    assert_eq!(set.files[0].path, "c.txt");
    assert_eq!(set.files[0].kind, ChangeKind::Modified);
    assert_eq!(set.files[0].new_id, None);
}

#[test]
fn all_files_lists_the_index_without_reading() {
    let t = TempRepo::new();
    t.write("a.txt", "1\n2\n")
        .write("d/b.bin", "\0\n")
        .commit_all("one");
    t.write("c.txt", "staged\n");
    t.git(&["add", "c.txt"]);
    let repo = t.open();
    let set = repo.all_files().expect("all");
    let paths: Vec<String> = set.files.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(paths, ["a.txt", "c.txt", "d/b.bin"]);
    assert!(
        set.files
            .iter()
            .all(|f| f.kind == ChangeKind::Added && f.added_lines.is_empty())
    );
    let full = repo.all_files_with_lines().expect("all with lines");
    assert_eq!(full.files[0].added_lines, vec![r(1, 2)]);
    assert!(full.files[2].binary);
}

#[test]
fn valid_cache_tree_directories_are_never_read() {
    let t = TempRepo::new();
    t.write("untouched/deep/x.txt", "x\n")
        .write("touched/y.txt", "y\n")
        .commit_all("one");
    t.write("touched/y.txt", "y\nz\n");
    // `git add <path>` invalidates the cache-tree only along the path (`add -A` may drop more).
    t.git(&["add", "touched/y.txt"]);
    // Delete the untouched subtree's object: the walk must skip it through the cache-tree.
    let tree = t.rev("HEAD:untouched");
    let object = t
        .root()
        .join(".git/objects")
        .join(&tree[..2])
        .join(&tree[2..]);
    std::fs::remove_file(&object).expect("loose tree object");
    let set = staged(&t);
    let paths: Vec<String> = set.files.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(paths, ["touched/y.txt"]);
}

/// Every index version, and a path too long for the entry's length field (git then ends it
/// with its NUL): the staged set is git's in each.
#[test]
fn every_index_version_and_a_path_past_4095_bytes_stage_like_git() {
    let t = TempRepo::new();
    t.write("a/one.txt", "1\n")
        .write("b/two.txt", "2\n")
        .commit_all("one");
    t.write("a/one.txt", "1\nmore\n")
        .write("c/new.txt", "new\n");
    t.git(&["add", "a/one.txt", "c/new.txt"]);
    let blob = t.rev("HEAD:b/two.txt");
    // 400 folders of 11 bytes: 4,800 bytes, shallow enough for a test thread's stack.
    let long = format!("{}/deep.txt", ["folder-name"; 400].join("/"));
    t.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("100644,{blob},{long}"),
    ]);
    for version in ["2", "3", "4"] {
        t.git(&["update-index", "--index-version", version]);
        let set = assert_same_as_git(&t);
        assert_eq!(set.files.len(), 3, "version {version}: {set:?}");
    }
}

/// An index written by hand whose cache-tree names other trees than its entries: the staged
/// set is what `git commit` writes (a valid node's tree when the object exists), in both
/// directions, and the entries where the node's tree is missing.
#[test]
fn a_forged_cache_tree_is_judged_as_git_commits_it() {
    let t = TempRepo::new();
    t.write("d/a.txt", "clean\n").commit_all("one");
    t.write("d/secret.txt", "key\n");
    t.git(&["add", "d/secret.txt"]);
    let with_secret = t.git(&["write-tree"]).trim().to_owned();

    // Entries as HEAD, cache-tree naming the tree with the secret: git's own diff sees
    // nothing, and `git commit --allow-empty` commits the secret.
    t.git(&["read-tree", "HEAD"]);
    t.forge_cache_tree(&with_secret);
    assert_eq!(t.git(&["diff", "--cached", "--name-status"]), "");
    let set = staged(&t);
    let paths: Vec<String> = set.files.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(paths, ["d/secret.txt"]);
    assert_eq!(set.files[0].kind, ChangeKind::Added);
    t.git(&[
        "commit",
        "-q",
        "--allow-empty",
        "--no-verify",
        "-m",
        "forged",
    ]);
    let committed = t.git(&["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(committed.contains("d/secret.txt"), "{committed}");

    // Entries with a change, cache-tree naming HEAD's trees: git commits HEAD's tree again.
    t.write("d/a.txt", "changed\n");
    t.git(&["add", "d/a.txt"]);
    t.forge_cache_tree("HEAD^{tree}");
    assert!(staged(&t).is_empty());

    // A valid node whose tree object is missing: git rebuilds it from the entries.
    t.write("d/new.txt", "new\n");
    t.git(&["add", "d/new.txt"]);
    let missing = t.git(&["write-tree"]).trim().to_owned();
    t.git(&["read-tree", "HEAD"]);
    t.forge_cache_tree(&missing);
    for id in [&missing, &t.rev(&format!("{missing}:d"))] {
        let object = t.root().join(".git/objects").join(&id[..2]).join(&id[2..]);
        std::fs::remove_file(&object).expect("loose tree object");
    }
    assert!(staged(&t).is_empty(), "entries as HEAD");
}
