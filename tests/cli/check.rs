//! `pactkit check`: gates without git calling pactkit.

use crate::common::*;

fn repo_with_history() -> (TestRepo, String) {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n").commit_all("chore: init");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.write("b.txt", "b\n").commit_all("feat: add b");
    repo.write("c.txt", "c\n")
        .commit_all("Bypassed the hook with --no-verify");
    repo.write("d.txt", "d\n").commit_all("fix(core): handle d");
    (repo, base)
}

/// `check --gate commit-msg` over the history with one bad message, in `format`.
fn commit_msg_check_on_history(format: &str) -> std::process::Output {
    let (repo, base) = repo_with_history();
    repo.pactkit(&[
        "check",
        "--from-ref",
        &base,
        "--gate",
        "commit-msg",
        "--format",
        format,
    ])
}

#[test]
fn check_on_a_range_catches_a_no_verify_commit() {
    let (repo, base) = repo_with_history();
    let out = repo.pactkit(&[
        "check",
        "--from-ref",
        &base,
        "--to-ref",
        "HEAD",
        "--gate",
        "commit-msg",
    ]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(text.contains("commit-msg  blocked"), "{}", render(&out));
    let bad = repo
        .git(&["rev-parse", "--short=10", "HEAD~1"])
        .trim()
        .to_owned();
    assert!(
        text.contains(&format!("commit {bad}")),
        "names the offending commit: {}",
        render(&out)
    );
    let good = repo
        .git(&["rev-parse", "--short=10", "HEAD"])
        .trim()
        .to_owned();
    assert!(
        !text.contains(&format!("commit {good}")),
        "{}",
        render(&out)
    );
}

#[test]
fn check_on_a_clean_range_passes() {
    let (repo, _) = repo_with_history();
    let out = repo.pactkit(&["check", "--from-ref", "HEAD~1", "--gate", "commit-msg"]);
    assert_code(&out, 0);
}

#[test]
fn check_json_report_is_machine_readable() {
    let (repo, base) = repo_with_history();
    let out = repo.pactkit(&["check", "--from-ref", &base, "--format", "json"]);
    assert_code(&out, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["status"], "blocked");
    let gates = doc["gates"].as_array().expect("gates");
    let commit_msg = gates
        .iter()
        .find(|g| g["gate"] == "commit-msg")
        .expect("commit-msg gate");
    assert_eq!(commit_msg["status"], "blocked");
    assert!(
        commit_msg["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    let skipped = gates.iter().filter(|g| g["status"] == "skipped").count();
    assert!(skipped >= 1, "gates without inputs say skipped: {doc}");
}

#[test]
fn check_github_format_prints_error_annotations() {
    let out = commit_msg_check_on_history("github");
    assert_code(&out, 1);
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("::error title=pactkit commit-msg")),
        "{}",
        render(&out)
    );
}

#[test]
fn check_unknown_gate_is_a_usage_error() {
    let (repo, _) = repo_with_history();
    let out = repo.pactkit(&["check", "--gate", "comit-msg"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("unknown gate `comit-msg`"),
        "{}",
        render(&out)
    );
}

#[test]
fn check_staged_with_a_message_file() {
    let (repo, _) = repo_with_history();
    let check = |message: &str| {
        repo.write("msg", message);
        repo.pactkit(&[
            "check",
            "--staged",
            "--gate",
            "commit-msg",
            "--message-file",
            "msg",
        ])
    };
    assert_code(&check("WIP stuff\n"), 1);
    assert_code(&check("docs: explain stuff\n"), 0);
}

#[test]
fn outside_a_repository_is_an_environment_error() {
    let dir = TestRepo::empty_dir();
    let out = dir.pactkit(&["check"]);
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("not a git repository"),
        "{}",
        render(&out)
    );
    assert!(stderr(&out).contains("hint:"), "{}", render(&out));
}

#[test]
fn bad_revision_is_a_usage_error() {
    let (repo, _) = repo_with_history();
    let out = repo.pactkit(&["check", "--from-ref", "no-such-rev"]);
    assert_code(&out, 2);
}

#[test]
fn check_sarif_format_is_a_sarif_log_with_one_result_per_problem() {
    let out = commit_msg_check_on_history("sarif");
    assert_code(&out, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("sarif json");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty(), "{}", render(&out));
    assert!(
        results.iter().all(|r| r["ruleId"]
            .as_str()
            .is_some_and(|id| id.starts_with("commit-msg/"))
            && r["message"]["text"].is_string()),
        "{}",
        render(&out)
    );
}

#[test]
fn check_junit_format_reports_the_blocked_gate_as_a_failure() {
    let out = commit_msg_check_on_history("junit");
    assert_code(&out, 1);
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("name=\"commit-msg\""), "{xml}");
    assert!(xml.contains("<failure "), "{xml}");
}
