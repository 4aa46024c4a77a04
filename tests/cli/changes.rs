//! `pactkit changes`: the git layer's change sets, compared with what git itself reports.

use crate::common::*;

fn base_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("src/lib.rs", "one\ntwo\nthree\n")
        .write("docs/a.md", "alpha\n")
        .write("keep.txt", "same\n");
    repo.commit_all("chore: init");
    repo
}

fn changes(repo: &TestRepo, args: &[&str]) -> String {
    let mut all = vec!["changes"];
    all.extend_from_slice(args);
    let out = repo.pactkit(&all);
    assert_code(&out, 0);
    stdout(&out)
}

#[test]
fn a_partially_staged_file_is_judged_by_its_staged_content() {
    let repo = base_repo();
    repo.write("src/lib.rs", "one\nSTAGED\ntwo\nthree\n");
    repo.git(&["add", "src/lib.rs"]);
    repo.write(
        "src/lib.rs",
        "one\nSTAGED\ntwo\nthree\nUNSTAGED 1\nUNSTAGED 2\n",
    );
    assert_eq!(changes(&repo, &["--lines"]), "M\tsrc/lib.rs\t+2-2\n");
    let doc: serde_json::Value =
        serde_json::from_str(&changes(&repo, &["--format", "json"])).expect("json");
    assert_eq!(
        doc[0]["added_lines"],
        serde_json::json!([{"start": 2, "end": 2}])
    );
}

#[test]
fn matches_git_name_status_for_adds_deletes_renames() {
    let repo = base_repo();
    repo.git(&["mv", "docs/a.md", "docs/b.md"]);
    repo.git(&["rm", "-q", "keep.txt"]);
    repo.write("new/deep/file.txt", "x\n");
    repo.git(&["add", "-A"]);
    let ours = changes(&repo, &[]);
    let git = repo.git(&["diff", "--cached", "--name-status", "-M"]);
    assert_eq!(ours, git);
}

#[test]
fn binary_files_have_no_line_ranges() {
    let repo = base_repo();
    repo.write_bytes("img.bin", b"\x89PNG\0\0\x01binary");
    repo.git(&["add", "img.bin"]);
    assert_eq!(changes(&repo, &["--lines"]), "A\timg.bin\t(binary)\n");
}

#[test]
fn first_commit_of_an_empty_repository_is_all_added() {
    let repo = TestRepo::new();
    repo.write("a.txt", "1\n2\n");
    repo.git(&["add", "a.txt"]);
    assert_eq!(changes(&repo, &["--lines"]), "A\ta.txt\t+1-2\n");
}

#[test]
fn works_from_a_subdirectory_and_on_a_detached_head() {
    let repo = base_repo();
    repo.git(&["checkout", "-q", "--detach"]);
    repo.write("src/lib.rs", "one\ntwo\nthree\nfour\n");
    repo.git(&["add", "src/lib.rs"]);
    let out = repo
        .pactkit_cmd()
        .current_dir(repo.path("src"))
        .args(["changes", "--lines"])
        .output()
        .expect("run");
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "M\tsrc/lib.rs\t+4-4\n");
}

#[test]
fn honours_git_index_file() {
    let repo = base_repo();
    let alt = repo.temp().join("alt-index");
    repo.write("extra.txt", "e\n");
    let mut add = repo.git_cmd();
    add.env("GIT_INDEX_FILE", &alt).args(["read-tree", "HEAD"]);
    assert_code(&add.output().expect("git"), 0);
    let mut add = repo.git_cmd();
    add.env("GIT_INDEX_FILE", &alt).args(["add", "extra.txt"]);
    assert_code(&add.output().expect("git"), 0);
    let out = repo
        .pactkit_cmd()
        .env("GIT_INDEX_FILE", &alt)
        .args(["changes"])
        .output()
        .expect("run");
    assert_eq!(stdout(&out), "A\textra.txt\n");
    assert_eq!(
        changes(&repo, &[]),
        "",
        "the default index has nothing staged"
    );
}

#[test]
fn a_range_diffs_two_revisions() {
    let repo = base_repo();
    repo.write("src/lib.rs", "one\ntwo\nthree\nfour\n")
        .commit_all("feat: four");
    assert_eq!(
        changes(
            &repo,
            &["--from-ref", "HEAD~1", "--to-ref", "HEAD", "--lines"]
        ),
        "M\tsrc/lib.rs\t+4-4\n"
    );
}

#[test]
fn non_utf8_paths_are_reported_with_their_bytes() {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let repo = base_repo();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(repo.root().join(name), "x\n").expect("write");
        assert_code(
            &repo.git_cmd().arg("add").arg(name).output().expect("git"),
            0,
        );
        let doc: serde_json::Value =
            serde_json::from_str(&changes(&repo, &["--format", "json"])).expect("json");
        assert_eq!(doc[0]["path"], "caf\u{fffd}.txt");
        assert_eq!(
            doc[0]["path_bytes"],
            serde_json::json!(b"caf\xe9.txt".to_vec())
        );
    }
}

#[test]
fn a_bare_repository_is_refused_with_a_hint() {
    let dir = TestRepo::empty_dir();
    dir.git(&["init", "-q", "--bare", "."]);
    let out = dir.pactkit(&["changes"]);
    assert_code(&out, 3);
    assert!(stderr(&out).contains("bare repository"), "{}", render(&out));
    assert!(stderr(&out).contains("hint:"), "{}", render(&out));
}
