//! SHA-256 repositories (`git init --object-format=sha256`): the hooks install, `doctor`
//! is healthy, commits and pushes are judged with 64-digit ids, and abbreviated ids
//! resolve (gix alone reads an abbreviation of up to 40 digits as SHA-1 only).
//!
//! Every other test runs in SHA-256 repositories too with
//! `GIT_DEFAULT_HASH=sha256 cargo test --test cli`.

use crate::common::*;
use serde_json::json;

/// A SHA-256 repository with the shims installed and one commit; `None` (recorded as a
/// skip) when this git cannot make one.
fn sha256_repo() -> Option<TestRepo> {
    if !tools::require(&tools::GIT_SHA256) {
        return None;
    }
    let repo = TestRepo::empty_dir();
    repo.git(&["init", "-q", "-b", "main", "--object-format=sha256"]);
    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-commit: [secrets]\n  commit-msg: [commit-msg]\n  pre-push: [commit-msg, secrets]\n",
    );
    repo.write("README.md", "hello\n");
    repo.commit_all("chore: initial commit");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]).trim().len(), 64);
    let out = repo.pactkit(&["hooks", "install"]);
    assert_code(&out, 0);
    Some(repo)
}

#[test]
fn hooks_judge_commits_and_pushes_in_a_sha256_repository() {
    let Some(repo) = sha256_repo() else {
        return;
    };
    let doctor = render(&repo.pactkit(&["doctor"]));
    for check in [
        "config",
        "git-hook:pre-commit",
        "git-hook:commit-msg",
        "git-hook:pre-push",
    ] {
        assert!(
            doctor
                .lines()
                .any(|l| l.starts_with("ok") && l.contains(check)),
            "{check} is not ok:\n{doctor}"
        );
    }

    repo.write("app.py", "print('ok')\n");
    repo.git(&["add", "app.py"]);
    let good = repo.git_output(&["commit", "-q", "-m", "feat: add the app"]);
    assert_code(&good, 0);

    // A wrong pass is as bad as a wrong block: a secret and a bad message are refused.
    repo.write("keys.py", &format!("key = \"{}\"\n", aws_key()));
    repo.git(&["add", "keys.py"]);
    let secret = repo.git_output(&["commit", "-q", "-m", "feat: add keys"]);
    assert_code(&secret, 1);
    assert!(
        render(&secret).contains("aws-access-key-id"),
        "{}",
        render(&secret)
    );
    repo.git(&["rm", "-q", "--cached", "keys.py"]);
    repo.write("app.py", "print('ok again')\n");
    repo.git(&["add", "app.py"]);
    let message = repo.git_output(&["commit", "-q", "-m", "Bad message."]);
    assert_code(&message, 1);

    // The pre-push hook reads 64-digit ids from git; the remote is SHA-256 too.
    let server = repo.temp().join("server.git");
    repo.git(&[
        "init",
        "-q",
        "--bare",
        "-b",
        "main",
        "--object-format=sha256",
        &server.to_string_lossy(),
    ]);
    repo.git(&["remote", "add", "origin", &server.to_string_lossy()]);
    let push = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_code(&push, 0);
    repo.git(&["commit", "-q", "--no-verify", "-m", "not conventional"]);
    let push = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_code(&push, 1);
    assert!(render(&push).contains("commit-msg"), "{}", render(&push));
}

#[test]
fn abbreviated_sha256_ids_resolve_for_ranges_and_the_agent_hook() {
    let Some(repo) = sha256_repo() else {
        return;
    };
    repo.write("a.txt", "1\n").commit_all("feat: one");
    let base = repo.git(&["rev-parse", "HEAD~1"]);
    let out = repo.pactkit(&["check", "--from-ref", &base[..10], "--to-ref", "HEAD"]);
    assert_code(&out, 0);
    let out = repo.pactkit(&[
        "check",
        "--from-ref",
        &format!("{}~0", &base[..12]),
        "--to-ref",
        "HEAD",
    ]);
    assert_code(&out, 0);

    // A stash commit named by its abbreviated id must not become a branch.
    repo.write("a.txt", "2\n");
    repo.git(&["stash", "-q"]);
    let stash = repo.git(&["rev-parse", "stash@{0}"]);
    let doc = json!({
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": { "command": format!("git reset --hard {}", &stash[..10]) },
        "cwd": repo.root(),
    });
    let out = repo.pactkit_stdin(&["hooks", "agent", "run", "claude"], &doc.to_string());
    assert_code(&out, 2);
    assert!(render(&out).contains("unjudged-commit"), "{}", render(&out));
}
