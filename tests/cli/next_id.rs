//! `pactkit next-id`: the next free id per type and developer, counting spec files, the
//! sprint board and its archives.

use crate::common::*;

fn next(repo: &TestRepo, args: &[&str]) -> String {
    let mut all = vec!["next-id"];
    all.extend_from_slice(args);
    let out = repo.pactkit(&all);
    assert_code(&out, 0);
    stdout(&out)
}

fn with_developer(dev: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(".claude/pactkit.yaml", &format!("developer: {dev}\n"));
    repo
}

#[test]
fn first_id_without_and_with_developer() {
    let plain = TestRepo::new();
    assert_eq!(next(&plain, &[]), "STORY-001\n");
    let alice = with_developer("alice");
    assert_eq!(next(&alice, &[]), "STORY-alice-001\n");
}

#[test]
fn takes_the_largest_number_of_the_developer_past_gaps() {
    let repo = with_developer("alice");
    repo.write("docs/specs/STORY-alice-001.md", "x")
        .write("docs/specs/STORY-alice-007.md", "x")
        .write("docs/specs/STORY-bob-050.md", "x")
        .write("docs/specs/STORY-020.md", "x")
        .write("docs/specs/BUG-alice-030.md", "x")
        .write(
            "docs/specs/notes.md",
            "STORY-alice-099 in a non-spec file does not count",
        );
    assert_eq!(next(&repo, &[]), "STORY-alice-008\n");
    assert_eq!(next(&repo, &["--type", "bug"]), "BUG-alice-031\n");
    assert_eq!(next(&repo, &["--type", "hotfix"]), "HOTFIX-alice-001\n");
}

#[test]
fn ids_on_the_board_and_in_archives_are_taken() {
    let repo = with_developer("bob");
    repo.write("docs/specs/STORY-bob-002.md", "x")
        .write(
            "docs/product/sprint_board.md",
            "# Sprint Board\n\n## 📋 Backlog\n\n### [STORY-bob-005] Planned, no spec yet\n",
        )
        .write(
            "docs/product/archive/archive_202601.md",
            "\n### [HOTFIX-bob-012] Old fire\n- [x] Fix\n",
        );
    assert_eq!(next(&repo, &[]), "STORY-bob-006\n");
    assert_eq!(next(&repo, &["--type", "hotfix"]), "HOTFIX-bob-013\n");
}

#[test]
fn unprefixed_ids_without_developer() {
    let repo = TestRepo::new();
    repo.write("docs/specs/STORY-003.md", "x")
        .write("docs/specs/STORY-alice-009.md", "x")
        .write("docs/product/sprint_board.md", "### [BUG-004] x\n");
    assert_eq!(next(&repo, &[]), "STORY-004\n");
    assert_eq!(next(&repo, &["--type", "bug"]), "BUG-005\n");
}

#[test]
fn json_output() {
    let repo = with_developer("alice");
    repo.write("docs/specs/STORY-alice-041.md", "x");
    let json: serde_json::Value =
        serde_json::from_str(&next(&repo, &["--format", "json"])).expect("json");
    assert_eq!(
        json,
        serde_json::json!({"id": "STORY-alice-042", "type": "STORY", "developer": "alice", "number": 42})
    );
    let plain: serde_json::Value =
        serde_json::from_str(&next(&TestRepo::new(), &["--format", "json"])).expect("json");
    assert_eq!(plain["developer"], serde_json::Value::Null);
}

#[test]
fn developer_that_cannot_form_an_id_is_a_config_error() {
    let repo = with_developer("Alice");
    let out = repo.pactkit(&["next-id"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("developer prefix 'Alice'"),
        "{}",
        render(&out)
    );
}

#[test]
fn ids_in_longer_spec_file_names_are_taken() {
    let repo = TestRepo::new();
    repo.write("docs/specs/STORY-009-superseded.md", "x");
    assert_eq!(next(&repo, &[]), "STORY-010\n");
}
