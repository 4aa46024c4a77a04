//! The README's Set up section, step by step through the real binary: `init --project`,
//! `hooks install`, `doctor`, the first spec committed through the hooks, and the first
//! push of `main` to an empty remote; plus the exit codes of set-up commands run where
//! they cannot work.

use crate::common::*;

#[test]
fn the_set_up_walkthrough_works_as_the_readme_says() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["init", "--project"]);
    assert_code(&out, 0);
    assert!(
        repo.path("docs/specs").is_dir() && repo.path("docs/product/sprint_board.md").is_file(),
        "init --project creates the docs skeleton: {}",
        render(&out)
    );
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    // doctor passes straight after the set-up (warnings allowed).
    let out = repo.pactkit(&["doctor"]);
    assert_code(&out, 0);

    repo.git(&["add", "-A"]);
    assert_code(
        &repo.git_output(&["commit", "-q", "-m", "chore: set up pactkit"]),
        0,
    );
    assert_code(
        &repo.pactkit(&["scaffold", "spec", "--next", "Bulk discount"]),
        0,
    );
    repo.git(&["add", "docs"]);
    assert_code(
        &repo.git_output(&["commit", "-q", "-m", "docs: add spec"]),
        0,
    );

    // The first push of main to an empty remote meets the branch gate (main is protected);
    // nothing else blocks it, so skipping the branch gate once creates the remote's main.
    let remote = repo.temp().join("remote.git");
    repo.git(&["init", "-q", "--bare", &remote.display().to_string()]);
    repo.git(&["remote", "add", "origin", &remote.display().to_string()]);
    let out = repo.git_output(&["push", "-q", "-u", "origin", "main"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    let text = render(&out);
    assert!(text.contains("protected-push"), "{text}");
    assert!(
        text.contains("blocked: 1 gate (branch)"),
        "only the branch gate blocks: {text}"
    );
    let out = repo
        .git_cmd()
        .env("PACTKIT_SKIP", "branch")
        .args(["push", "-q", "-u", "origin", "main"])
        .output()
        .expect("git push");
    assert_code(&out, 0);
}

#[test]
fn set_up_commands_outside_a_repository_exit_3() {
    let dir = TestRepo::empty_dir();
    for args in [
        &["init", "--project"][..],
        &["update", "--project"][..],
        &["scaffold", "branch", "STORY-001"][..],
        &["hooks", "install"][..],
    ] {
        let out = dir.pactkit(args);
        assert_code(&out, 3);
        assert!(
            stderr(&out).starts_with("error: "),
            "{args:?}: {}",
            render(&out)
        );
    }
}

/// A pactkit.yaml that cannot be read (here a link to `/proc/self/mem`, whose first page
/// cannot be read even by root) is exit 3, not a configuration error.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_configuration_is_an_environment_problem() {
    let repo = TestRepo::new();
    std::os::unix::fs::symlink("/proc/self/mem", repo.path("pactkit.yaml")).expect("symlink");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 3);
    let out = repo.pactkit(&["config", "check", "--format", "json"]);
    assert_code(&out, 3);
}
