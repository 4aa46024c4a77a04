//! The secrets gate through real `git commit`s and the branch gate through real pushes to
//! a local bare remote.

use crate::common::{TestRepo, assert_code, aws_key, render, stderr};

fn installed(config: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", config);
    repo.write("README.md", "x\n").commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn secrets_repo() -> TestRepo {
    installed("hooks:\n  pre-commit: [secrets]\n  commit-msg: [commit-msg]\n  pre-push: []\n")
}

fn commit(repo: &TestRepo) -> std::process::Output {
    repo.git_output(&["commit", "-q", "-m", "feat: add settings"])
}

#[test]
fn a_staged_aws_key_blocks_the_commit_without_printing_it() {
    let repo = secrets_repo();
    let key = aws_key();
    repo.write(
        "app/settings.py",
        &format!("DEBUG = True\nAWS_KEY = \"{key}\"\n"),
    );
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(text.contains("aws-access-key-id"), "{text}");
    assert!(text.contains("app/settings.py"), "{text}");
    assert!(text.contains(":2"), "the line is shown: {text}");
    assert!(text.contains("AKIA*"), "{text}");
    assert!(!text.contains(&key), "the key leaked: {text}");
    assert!(!text.contains(&key[4..]), "the key leaked: {text}");
    // Nothing was committed.
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn an_inline_allow_comment_lets_the_line_pass() {
    let repo = secrets_repo();
    repo.write(
        "app/fixture.py",
        &format!("KEY = \"{}\"  # pactkit: allow-secret\n", aws_key()),
    );
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 0);
}

#[test]
fn the_allow_file_accepts_a_printed_fingerprint() {
    let repo = secrets_repo();
    repo.write("app/a.py", &format!("KEY = \"{}\"\n", aws_key()));
    repo.git(&["add", "."]);
    let out = repo.pactkit(&["check", "--gate", "secrets", "--format", "json"]);
    assert_code(&out, 1);
    let text = crate::common::stdout(&out);
    let fingerprint = text
        .split(['`', ' ', '"', ')'])
        .find(|w| w.starts_with("aws-access-key-id:"))
        .unwrap_or_else(|| panic!("no fingerprint in {text}"))
        .to_owned();
    repo.write(
        ".pactkit-secrets-allow",
        &format!("# demo key\n{fingerprint}\n"),
    );
    repo.git(&["add", "."]);
    // The allow file is part of the contract: an entry staged together with the value it
    // hides does not apply to that commit.
    assert_code(&commit(&repo), 1);
    let out = repo.git_output(&[
        "commit",
        "-q",
        "-m",
        "chore: allow the demo key",
        ".pactkit-secrets-allow",
    ]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("contract-change"),
        "the widened allow list is named: {}",
        render(&out)
    );
    assert_code(&commit(&repo), 0);
}

#[test]
fn an_unstaged_secret_in_a_partially_staged_file_is_not_reported() {
    let repo = secrets_repo();
    repo.write("app/b.py", "A = 1\n");
    repo.git(&["add", "app/b.py"]);
    repo.write("app/b.py", &format!("A = 1\nKEY = \"{}\"\n", aws_key()));
    let out = commit(&repo);
    assert_code(&out, 0);
    // The secret is still in the work tree, unstaged; staging it blocks.
    repo.git(&["add", "app/b.py"]);
    assert_code(&repo.git_output(&["commit", "-q", "-m", "feat: more"]), 1);
}

#[test]
fn excluded_paths_and_configured_patterns_are_not_reported() {
    let repo = installed(
        "hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n  pre-push: []\n\
         gates:\n  secrets:\n    exclude: ['fixtures/**']\n    allow: ['U8P1$']\n",
    );
    repo.write("fixtures/keys.txt", "-----BEGIN RSA PRIVATE KEY-----\n");
    repo.write("app/c.py", &format!("KEY = '{}'\n", aws_key()));
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
}

fn push_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    let remote = repo.temp().join("remote.git");
    repo.git(&["init", "-q", "--bare", remote.to_str().expect("utf-8")]);
    repo.git(&["remote", "add", "origin", remote.to_str().expect("utf-8")]);
    repo.git(&["push", "-q", "origin", "main"]);
    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-commit: []\n  commit-msg: []\n  pre-push: [branch]\n",
    );
    repo.commit_all("chore: configure pre-push");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

#[test]
fn pushing_to_main_is_blocked_and_a_feature_branch_is_not() {
    let repo = push_repo();
    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("protected branch `main`"),
        "{}",
        render(&out)
    );
    let remote_main = repo.git(&["ls-remote", "origin", "refs/heads/main"]);
    let local_main = repo.git(&["rev-parse", "main"]);
    assert!(!remote_main.contains(local_main.trim()), "main was pushed");

    repo.git(&["switch", "-q", "-c", "feature/x"]);
    repo.write("f.txt", "f\n").commit_all("feat: f");
    let out = repo.git_output(&["push", "-q", "origin", "feature/x"]);
    assert_code(&out, 0);
    // A push of the feature branch onto main is still a push to main.
    let out = repo.git_output(&["push", "-q", "origin", "feature/x:main"]);
    assert_code(&out, 1);
}

#[test]
fn deleting_a_protected_branch_is_blocked() {
    let repo = push_repo();
    repo.git(&["push", "-q", "--no-verify", "origin", "main:develop"]);
    let out = repo.git_output(&["push", "-q", "origin", "--delete", "develop"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("deleting the protected branch `develop`"),
        "{}",
        render(&out)
    );
}

#[test]
fn commits_on_a_protected_branch_block_only_when_configured() {
    let repo = installed("hooks:\n  pre-commit: [branch]\n  commit-msg: []\n  pre-push: []\n");
    repo.write("a.txt", "a\n");
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-commit: [branch]\n  commit-msg: []\n  pre-push: []\n\
         gates:\n  branch:\n    block_commits: true\n    protected: [main, 'release/*']\n",
    );
    repo.git(&["add", "."]);
    // The stricter setting applies from the commit after the one that adds it.
    assert_code(&commit(&repo), 0);
    repo.write("a.txt", "b\n");
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("protected branch `main`"),
        "{}",
        render(&out)
    );
    repo.git(&["switch", "-q", "-c", "feature/y"]);
    assert_code(&commit(&repo), 0);
}
