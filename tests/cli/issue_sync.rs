//! `pactkit issue-sync` against a stub `gh` on PATH that records its arguments.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

const STUB: &str = r#"#!/bin/sh
# A stand-in for the GitHub CLI: logs its arguments, answers from files in $GH_STUB.
printf '%s\n' "$*" >> "$GH_STUB/calls"
case "$1 $2" in
  "auth status") exit "$(cat "$GH_STUB/auth" 2>/dev/null || echo 0)" ;;
  "issue list") cat "$GH_STUB/list.json" 2>/dev/null || echo '[]' ;;
  "issue create") echo "https://github.com/acme/app/issues/57" ;;
  "issue close") ;;
esac
"#;

const SPEC: &str = "# BUG-003: Crash on save\n\n| Field | Value |\n|-------|-------|\n| ID | BUG-003 |\n| Status | In Progress |\n\n## Background\nx\n";

struct Stub {
    dir: PathBuf,
}

impl Stub {
    fn new(repo: &TestRepo) -> Stub {
        let dir = repo.temp().join("gh-stub");
        std::fs::create_dir_all(&dir).expect("stub dir");
        let gh = dir.join("gh");
        std::fs::write(&gh, STUB).expect("stub");
        make_executable(&gh);
        Stub { dir }
    }

    fn calls(&self) -> String {
        std::fs::read_to_string(self.dir.join("calls")).unwrap_or_default()
    }

    fn run(&self, repo: &TestRepo, args: &[&str]) -> Output {
        let path = format!("{}:{}", self.dir.display(), outer_path().to_string_lossy());
        repo.pactkit_cmd()
            .env("PATH", path)
            .env("GH_STUB", &self.dir)
            .args(args)
            .output()
            .expect("run pactkit")
    }
}

fn github_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "issue_tracker:\n  provider: github\n");
    repo.write("docs/specs/BUG-003.md", SPEC);
    repo
}

#[test]
fn creates_the_issue_and_records_its_number_in_the_spec() {
    let repo = github_repo();
    let stub = Stub::new(&repo);
    let out = stub.run(&repo, &["issue-sync", "BUG-003"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "Created issue #57", "{}", render(&out));
    let calls = stub.calls();
    assert!(
        calls.contains("issue list --search BUG-003 --state all"),
        "{calls}"
    );
    assert!(
        calls.contains(
            "issue create --title BUG-003: Crash on save --body Spec: docs/specs/BUG-003.md"
        ),
        "{calls}"
    );
    assert!(
        repo.read("docs/specs/BUG-003.md")
            .contains("| Status | In Progress |\n| Issue | #57 |\n")
    );
}

#[test]
fn finds_an_existing_issue_and_closes_it_when_the_spec_is_done() {
    let repo = github_repo();
    repo.write(
        "docs/specs/BUG-003.md",
        &SPEC.replace("In Progress", "Done"),
    );
    let stub = Stub::new(&repo);
    std::fs::write(
        stub.dir.join("list.json"),
        r#"[{"number": 9, "title": "BUG-0031 other", "state": "OPEN"}, {"number": 12, "title": "BUG-003: Crash on save", "state": "OPEN"}]"#,
    )
    .expect("list");
    let out = stub.run(&repo, &["issue-sync", "BUG-003", "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["action"], "found");
    assert_eq!(doc["number"], 12);
    assert_eq!(doc["closed"], true);
    assert!(stub.calls().contains("issue close 12"), "{}", stub.calls());
    assert!(!stub.calls().contains("issue create"));
}

#[test]
fn stories_and_unconfigured_projects_do_not_call_gh() {
    let repo = github_repo();
    let stub = Stub::new(&repo);
    let out = stub.run(&repo, &["issue-sync", "STORY-001"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("skipped for STORY"));
    repo.write("pactkit.yaml", "issue_tracker:\n  provider: none\n");
    let out = stub.run(&repo, &["issue-sync", "BUG-003"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("not configured"));
    assert_eq!(stub.calls(), "");
}

#[test]
fn an_unauthenticated_or_missing_gh_is_a_clear_environment_error() {
    let repo = github_repo();
    let stub = Stub::new(&repo);
    std::fs::write(stub.dir.join("auth"), "1").expect("auth");
    let out = stub.run(&repo, &["issue-sync", "BUG-003"]);
    assert_code(&out, 3);
    assert!(stderr(&out).contains("gh auth login"), "{}", render(&out));

    let out = repo.pactkit(&["issue-sync", "BUG-003"]);
    if which_gh_absent() {
        assert_code(&out, 3);
        assert!(
            stderr(&out).contains("gh CLI unavailable"),
            "{}",
            render(&out)
        );
    }
    assert_eq!(repo.read("docs/specs/BUG-003.md"), SPEC);
}

fn which_gh_absent() -> bool {
    outer_path()
        .to_string_lossy()
        .split(':')
        .all(|dir| !Path::new(dir).join("gh").exists())
}

#[test]
fn a_bad_id_is_a_usage_error() {
    let repo = github_repo();
    assert_code(&repo.pactkit(&["issue-sync", "TASK-1"]), 2);
}
