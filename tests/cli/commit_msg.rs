//! `pactkit commit-msg`: files, stdin, ranges, JSON.

use crate::common::*;

#[test]
fn stdin_good_and_bad() {
    let repo = TestRepo::new();
    assert_code(
        &repo.pactkit_stdin(&["commit-msg"], "feat(cli): add it\n"),
        0,
    );
    let out = repo.pactkit_stdin(&["commit-msg"], "Feature: Added it.\n");
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("error[type-enum]"),
        "{}",
        render(&out)
    );
    assert!(stdout(&out).contains("hint:"), "{}", render(&out));
}

#[test]
fn several_files_give_a_json_array() {
    let repo = TestRepo::new();
    repo.write("a", "fix: ok\n").write("b", "nope\n");
    let out = repo.pactkit(&["commit-msg", "--format", "json", "a", "b"]);
    assert_code(&out, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc[0]["file"], "a");
    assert_eq!(doc[0]["valid"], true);
    assert_eq!(doc[1]["valid"], false);
    let rules: Vec<&str> = doc[1]["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["rule"].as_str())
        .collect();
    assert_eq!(rules, vec!["subject-empty", "type-empty"]);
}

#[test]
fn one_file_gives_one_object() {
    let repo = TestRepo::new();
    repo.write("m", "feat: x\nbody without blank\n");
    let out = repo.pactkit(&["commit-msg", "--format", "json", "m"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["warnings"][0]["rule"], "body-leading-blank");
    assert_eq!(doc["warnings"][0]["level"], 1);
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["commit-msg", "nope.txt"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("nope.txt"), "{}", render(&out));
}

#[test]
fn configured_rules_and_references() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "gates:\n  commit-msg:\n    rules:\n      header-max-length: [2, always, 25]\n      scope-enum: [2, always, [cli]]\n    references:\n      level: 2\n",
    );
    let out = repo.pactkit_stdin(&["commit-msg"], "feat(api): a long header here\n");
    assert_code(&out, 1);
    let text = stdout(&out);
    for rule in ["header-max-length", "scope-enum", "references"] {
        assert!(text.contains(&format!("error[{rule}]")), "{rule}: {text}");
    }
    assert_code(
        &repo.pactkit_stdin(&["commit-msg"], "feat(cli): x STORY-001\n"),
        0,
    );
    repo.git(&["checkout", "-q", "-b", "feature/STORY-alice-002-login"]);
    assert_code(
        &repo.pactkit_stdin(&["commit-msg"], "feat(cli): branch story\n"),
        0,
    );
}

#[test]
fn a_range_lints_every_commit() {
    let repo = TestRepo::new();
    repo.write("a", "a").commit_all("chore: init");
    repo.write("b", "b").commit_all("bad message");
    repo.write("c", "c").commit_all("fix: good");
    let out = repo.pactkit(&[
        "commit-msg",
        "--from",
        "HEAD~2",
        "--to",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_code(&out, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let valid: Vec<bool> = doc
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["valid"].as_bool().unwrap_or(true))
        .collect();
    assert_eq!(valid, vec![false, true], "oldest first");
}

#[test]
fn merges_and_fixups_are_ignored() {
    let repo = TestRepo::new();
    assert_code(
        &repo.pactkit_stdin(&["commit-msg"], "Merge branch 'x' into main\n"),
        0,
    );
    let out = repo.pactkit_stdin(&["commit-msg"], "fixup! whatever\n");
    assert_code(&out, 0);
    assert!(stdout(&out).contains("ignored"), "{}", render(&out));
}
