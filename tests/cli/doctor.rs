//! `pactkit doctor`: a healthy repository against broken ones, in text and JSON.

use crate::common::*;

/// PATH with the binary under test first, as after `cargo install` (the agent hooks call
/// `pactkit` by name).
fn path_with_pactkit() -> std::ffi::OsString {
    #[expect(
        clippy::disallowed_methods,
        reason = "tests pass the outer PATH through"
    )]
    let outer = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(
        std::iter::once(pactkit_bin().parent().expect("bin dir").to_path_buf())
            .chain(std::env::split_paths(&outer)),
    )
    .expect("PATH")
}

fn doctor(repo: &TestRepo, args: &[&str]) -> std::process::Output {
    repo.pactkit_cmd()
        .arg("doctor")
        .args(args)
        .env("PATH", path_with_pactkit())
        .output()
        .expect("run doctor")
}

fn report(repo: &TestRepo) -> (std::process::Output, serde_json::Value) {
    let out = doctor(repo, &["--format", "json"]);
    let doc = serde_json::from_slice(&out.stdout).expect("doctor JSON");
    (out, doc)
}

fn check<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no check {name} in {doc}"))
}

fn healthy_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "developer: alice\n");
    repo.write("docs/specs/.keep", "");
    assert_code(&repo.pactkit(&["scaffold", "board"]), 0);
    assert_code(&repo.pactkit(&["context"]), 0);
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    assert_code(
        &repo.pactkit(&["hooks", "agent", "install", "claude", "--project"]),
        0,
    );
    repo
}

#[test]
fn a_set_up_repository_is_healthy() {
    let repo = healthy_repo();
    let (out, doc) = report(&repo);
    assert_code(&out, 0);
    assert_eq!(doc["healthy"], true, "{doc}");
    for name in [
        "config",
        "git-hook:pre-commit",
        "git-hook:commit-msg",
        "git-hook:pre-push",
        "agent-hook:claude",
        "docs:docs/specs",
        "docs:docs/product/sprint_board.md",
        "context-fresh",
    ] {
        assert_eq!(check(&doc, name)["status"], "ok", "{name}: {doc}");
    }
    assert_eq!(check(&doc, "deployed-files")["status"], "warn");
    let text = doctor(&repo, &[]);
    assert_code(&text, 0);
    assert!(stdout(&text).contains("Health: OK"), "{}", render(&text));
}

#[test]
fn a_bare_repository_needs_attention_and_says_how_to_fix_it() {
    let repo = TestRepo::new();
    let (out, doc) = report(&repo);
    assert_code(&out, 1);
    assert_eq!(doc["healthy"], false);
    let hook = check(&doc, "git-hook:commit-msg");
    assert_eq!(hook["status"], "fail");
    assert_eq!(hook["fix"], "pactkit hooks install");
    assert_eq!(check(&doc, "docs:docs/specs")["status"], "fail");
    assert_eq!(
        check(&doc, "docs:docs/product/sprint_board.md")["fix"],
        "pactkit scaffold board"
    );
    assert_eq!(check(&doc, "agent-hooks")["status"], "warn");
    for c in doc["checks"].as_array().expect("checks") {
        if c["status"] == "fail" {
            assert!(c["fix"].is_string(), "every failure names its fix: {c}");
        }
    }
    let text = doctor(&repo, &[]);
    assert_code(&text, 1);
    assert!(
        stdout(&text).contains("Health: NEEDS ATTENTION"),
        "{}",
        render(&text)
    );
}

#[test]
fn broken_config_outdated_shim_and_invalid_settings_fail() {
    let repo = healthy_repo();
    repo.write("pactkit.yaml", "hooks: [\n");
    repo.write(".git/hooks/pre-push", "#!/bin/sh\nexit 0\n");
    repo.write(".claude/settings.json", "{ not json");
    let (out, doc) = report(&repo);
    assert_code(&out, 1);
    assert_eq!(check(&doc, "config")["status"], "fail", "{doc}");
    assert_eq!(check(&doc, "git-hook:pre-push")["status"], "fail", "{doc}");
    let agent = check(&doc, "agent-hook:claude");
    assert_eq!(agent["status"], "fail", "{doc}");
    assert!(
        agent["message"]
            .as_str()
            .unwrap_or("")
            .contains("not valid JSON"),
        "{doc}"
    );
}

#[test]
fn a_context_older_than_the_board_is_stale() {
    let repo = healthy_repo();
    let board = std::fs::File::options()
        .append(true)
        .open(repo.path("docs/product/sprint_board.md"))
        .expect("board");
    let later = std::fs::metadata(repo.path("docs/product/context.md"))
        .and_then(|m| m.modified())
        .expect("mtime")
        + std::time::Duration::from_secs(3600);
    board.set_modified(later).expect("set mtime");
    let (out, doc) = report(&repo);
    assert_code(&out, 0);
    let stale = check(&doc, "context-fresh");
    assert_eq!(stale["status"], "warn", "{doc}");
    assert_eq!(stale["fix"], "pactkit context");
}

#[test]
fn agent_hooks_without_pactkit_on_path_fail() {
    let repo = healthy_repo();
    // An older install calls `pactkit` by name, so it needs PATH.
    repo.write(
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "pactkit hooks agent run claude"}]}]}}"#,
    );
    let out = repo
        .pactkit_cmd()
        .args(["doctor", "--format", "json"])
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("run doctor");
    assert_code(&out, 1);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let check = check(&doc, "agent-hooks-path");
    assert_eq!(check["status"], "fail", "{doc}");
    assert!(
        check["fix"].as_str().unwrap_or("").contains("PATH"),
        "{doc}"
    );
}

#[test]
fn an_agent_hook_calling_a_missing_binary_fails() {
    let repo = healthy_repo();
    repo.write(
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "'/nonexistent/bin/pactkit' hooks agent run claude"}]}]}}"#,
    );
    let (out, doc) = report(&repo);
    assert_code(&out, 1);
    let check = check(&doc, "agent-hook-binary:claude");
    assert_eq!(check["status"], "fail", "{doc}");
    assert!(
        check["message"]
            .as_str()
            .unwrap_or("")
            .contains("/nonexistent/bin/pactkit"),
        "{doc}"
    );
    assert!(
        check["fix"]
            .as_str()
            .unwrap_or("")
            .contains("pactkit hooks agent install claude"),
        "{doc}"
    );
}

#[test]
fn deployed_playbooks_are_checked_against_their_manifest() {
    let repo = healthy_repo();
    assert_code(
        &repo.pactkit(&["init", "--project", "--format", "classic"]),
        0,
    );
    let (out, doc) = report(&repo);
    assert_code(&out, 0);
    assert_eq!(
        check(&doc, "deployed:classic:project")["status"],
        "ok",
        "{doc}"
    );

    let agent = repo.path(".claude/agents/qa-engineer.md");
    std::fs::write(&agent, "my own words\n").expect("edit");
    let (out, doc) = report(&repo);
    assert_code(&out, 0);
    let edited = check(&doc, "deployed:classic:project");
    assert_eq!(edited["status"], "warn", "{doc}");
    assert!(
        edited["fix"]
            .as_str()
            .unwrap_or_default()
            .contains("--diff"),
        "{doc}"
    );

    std::fs::remove_file(&agent).expect("remove");
    let (out, doc) = report(&repo);
    assert_code(&out, 1);
    let missing = check(&doc, "deployed:classic:project");
    assert_eq!(missing["status"], "fail", "{doc}");
    assert_eq!(missing["fix"], "pactkit update --project", "{doc}");
}
