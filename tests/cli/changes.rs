//! `pactkit changes` through the real binary, compared with git's own answers.

use crate::common::{TestRepo, assert_code, stderr, stdout};
use std::os::unix::ffi::OsStrExt;

/// Asserts `pactkit changes` (staged) prints what `git diff --cached --name-status -M` prints.
#[track_caller]
fn assert_staged_like_git(repo: &TestRepo) {
    let expected = repo.git(&["diff", "--cached", "--name-status", "-M"]);
    let out = repo.pactkit(&["changes"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), expected);
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn staged_matches_git_name_status() {
    let repo = TestRepo::new();
    let body: String = (1..=30).map(|n| format!("line {n}\n")).collect();
    repo.write("src/moved.rs", &body)
        .write("src/edit.rs", "a\nb\n")
        .write("gone.txt", "x\n");
    repo.commit_all("chore: base");
    repo.git(&["mv", "src/moved.rs", "src/renamed.rs"]);
    repo.write("src/edit.rs", "a\nb\nc\n")
        .write("new.txt", "n\n");
    repo.git(&["rm", "-q", "gone.txt"]);
    repo.git(&["add", "-A"]);
    assert_staged_like_git(&repo);
    let out = repo.pactkit(&["changes", "--staged", "--lines"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("M\tsrc/edit.rs\t+3\n"), "{text}");
    assert!(
        text.contains("R100\tsrc/moved.rs\tsrc/renamed.rs\t+\n"),
        "{text}"
    );
    assert!(text.contains("A\tnew.txt\t+1\n"), "{text}");
}

#[test]
fn partial_staging_reports_the_index_content() {
    let repo = TestRepo::new();
    repo.write("f.txt", "1\n2\n").commit_all("chore: base");
    repo.write("f.txt", "1\n2\n3\n");
    repo.git(&["add", "f.txt"]);
    repo.write("f.txt", "0\n1\n2\n3\n4\n");
    let out = repo.pactkit(&["changes", "--lines"]);
    assert_eq!(stdout(&out), "M\tf.txt\t+3\n");
}

#[test]
fn json_output_with_a_non_utf8_path() {
    let repo = TestRepo::new();
    repo.write("keep", "k\n").commit_all("chore: base");
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.txt");
    std::fs::write(repo.root().join(name), "hi\n").expect("write");
    repo.write_bytes("blob.bin", b"\0\x01\x02");
    repo.git(&["add", "-A"]);
    assert_staged_like_git(&repo);
    let out = repo.pactkit(&["changes", "--format", "json"]);
    assert_code(&out, 0);
    let value = json(&out);
    let files = value.as_array().expect("array");
    assert_eq!(files.len(), 2);
    let bad = &files[0];
    assert_eq!(bad["path"], "bad\u{fffd}name.txt");
    assert_eq!(
        bad["path_bytes"].as_array().expect("bytes").len(),
        b"bad\xffname.txt".len()
    );
    assert_eq!(bad["kind"], "added");
    assert_eq!(
        bad["added_lines"],
        serde_json::json!([{"start": 1, "end": 1}])
    );
    let bin = &files[1];
    assert_eq!(bin["path"], "blob.bin");
    assert!(bin.get("path_bytes").is_none());
    assert_eq!(bin["binary"], true);
}

#[test]
fn first_commit_of_an_empty_repository() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n").write("dir/b.txt", "b\n");
    repo.git(&["add", "-A"]);
    assert_staged_like_git(&repo);
}

#[test]
fn detached_head_and_subdirectory() {
    let repo = TestRepo::new();
    repo.write("sub/deeper/f.txt", "1\n")
        .commit_all("chore: base");
    repo.git(&["checkout", "-q", "--detach"]);
    repo.write("sub/deeper/f.txt", "1\n2\n");
    repo.git(&["add", "-A"]);
    let out = repo
        .pactkit_cmd()
        .current_dir(repo.path("sub/deeper"))
        .args(["changes"])
        .output()
        .expect("run");
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "M\tsub/deeper/f.txt\n");
    let out = repo.pactkit(&["-C", "sub", "changes"]);
    assert_eq!(stdout(&out), "M\tsub/deeper/f.txt\n");
}

#[test]
fn linked_worktree_sees_its_own_index() {
    let repo = TestRepo::new();
    repo.write("f.txt", "1\n").commit_all("chore: base");
    let wt = repo.add_worktree("feature");
    std::fs::write(wt.join("f.txt"), "1\n2\n").expect("write");
    let add = repo
        .git_cmd()
        .current_dir(&wt)
        .args(["add", "f.txt"])
        .status()
        .expect("git");
    assert!(add.success());
    let out = repo
        .pactkit_cmd()
        .current_dir(&wt)
        .args(["changes"])
        .output()
        .expect("run");
    assert_eq!(stdout(&out), "M\tf.txt\n");
    assert_eq!(stdout(&repo.pactkit(&["changes"])), "");
}

#[test]
fn bare_repository_is_refused() {
    let repo = TestRepo::empty_dir();
    repo.git(&["init", "-q", "--bare"]);
    let out = repo.pactkit(&["changes"]);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("bare repository"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn outside_a_repository() {
    let repo = TestRepo::empty_dir();
    let out = repo.pactkit(&["changes"]);
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn crlf_deleted_and_symlinks_like_git() {
    let repo = TestRepo::new();
    repo.write("win.txt", "a\r\nb\r\n")
        .write("old.txt", "bye\n")
        .write("target.txt", "t\n");
    repo.commit_all("chore: base");
    repo.write("win.txt", "a\r\nb\r\nc\r\n");
    std::fs::remove_file(repo.path("old.txt")).expect("rm");
    std::os::unix::fs::symlink("target.txt", repo.path("link")).expect("symlink");
    repo.git(&["add", "-A"]);
    assert_staged_like_git(&repo);
    let out = repo.pactkit(&["changes", "--lines"]);
    assert!(
        stdout(&out).contains("M\twin.txt\t+3\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn git_index_file_override_is_honoured() {
    let repo = TestRepo::new();
    repo.write("a.txt", "1\n")
        .write("b.txt", "1\n")
        .commit_all("chore: base");
    repo.write("a.txt", "1\n2\n").write("b.txt", "1\n2\n");
    repo.git(&["add", "a.txt"]);
    // Like `git commit b.txt`: a temporary index holding HEAD plus only b.txt.
    let tmp_index = ".git/tmp-index";
    let status = repo
        .git_cmd()
        .env("GIT_INDEX_FILE", tmp_index)
        .args(["read-tree", "HEAD"])
        .status()
        .expect("git");
    assert!(status.success());
    let status = repo
        .git_cmd()
        .env("GIT_INDEX_FILE", tmp_index)
        .args(["add", "b.txt"])
        .status()
        .expect("git");
    assert!(status.success());
    assert_eq!(stdout(&repo.pactkit(&["changes"])), "M\ta.txt\n");
    let out = repo
        .pactkit_cmd()
        .env("GIT_INDEX_FILE", tmp_index)
        .args(["changes"])
        .output()
        .expect("run");
    assert_eq!(stdout(&out), "M\tb.txt\n");
    let out = repo
        .pactkit_cmd()
        .env("GIT_DIR", repo.path(".git"))
        .env("GIT_INDEX_FILE", repo.path(tmp_index))
        .args(["changes"])
        .output()
        .expect("run");
    assert_eq!(stdout(&out), "M\tb.txt\n");
}

#[test]
fn revision_ranges_and_bad_revisions() {
    let repo = TestRepo::new();
    repo.write("a.txt", "1\n").commit_all("chore: one");
    repo.write("a.txt", "1\n2\n")
        .write("b.txt", "b\n")
        .commit_all("chore: two");
    let out = repo.pactkit(&["changes", "--from-ref", "HEAD~1", "--to-ref", "HEAD"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        repo.git(&["diff", "--name-status", "-M", "HEAD~1", "HEAD"])
    );
    let zero = "0".repeat(40);
    let out = repo.pactkit(&[
        "changes",
        "--from-ref",
        &zero,
        "--to-ref",
        "HEAD",
        "--lines",
    ]);
    assert_eq!(stdout(&out), "A\ta.txt\t+1-2\nA\tb.txt\t+1\n");
    let out = repo.pactkit(&["changes", "--from-ref", "nope", "--to-ref", "HEAD"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("cannot resolve revision `nope`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn all_files_lists_every_tracked_file() {
    let repo = TestRepo::new();
    repo.write("a.txt", "1\n2\n")
        .write("d/b.txt", "b\n")
        .commit_all("chore: one");
    let out = repo.pactkit(&["changes", "--all-files"]);
    assert_eq!(stdout(&out), "A\ta.txt\nA\td/b.txt\n");
    let out = repo.pactkit(&["changes", "--all-files", "--lines"]);
    assert_eq!(stdout(&out), "A\ta.txt\t+1-2\nA\td/b.txt\t+1\n");
}
