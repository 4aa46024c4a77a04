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

    // The first push of main to an empty remote creates it: there is nothing to protect yet.
    repo.add_bare_origin("remote.git");
    let out = repo.git_output(&["push", "-q", "-u", "origin", "main"]);
    assert_code(&out, 0);
    // From then on main is protected like any other time.
    repo.git(&["commit", "-q", "--allow-empty", "-m", "chore: next"]);
    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(render(&out).contains("protected-push"), "{}", render(&out));
}

/// Creating a protected branch on a remote that already has branches is a direct push to
/// a protected branch: only an empty remote lets it through.
#[test]
fn creating_main_on_a_remote_with_branches_is_blocked() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.git(&["commit", "-q", "--allow-empty", "-m", "chore: start"]);
    repo.add_bare_origin("remote.git");
    assert_code(
        &repo.git_output(&["push", "-q", "origin", "main:refs/heads/feature/x"]),
        0,
    );
    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(render(&out).contains("protected-push"), "{}", render(&out));
}

/// `init --project` writes what the later steps need: `guard`, `lesson-append` and
/// `invariants-refresh` work on a repository that has nothing else.
#[test]
fn init_writes_what_guard_lessons_and_invariants_need() {
    let repo = TestRepo::new();
    assert_code(
        &repo.pactkit(&["init", "--project", "--format", "classic"]),
        0,
    );
    for file in [
        "docs/architecture/graphs/.gitkeep",
        "docs/architecture/governance/lessons.md",
        "docs/architecture/governance/rules.md",
    ] {
        assert!(repo.path(file).is_file(), "{file} missing");
    }
    assert_code(&repo.pactkit(&["guard"]), 0);
    assert_code(&repo.pactkit(&["lint-lessons"]), 0);
    assert_code(
        &repo.pactkit(&[
            "lesson-append",
            "--story",
            "STORY-001",
            "--text",
            "src/a.py: a lesson",
        ]),
        0,
    );
    assert_code(
        &repo.pactkit(&["invariants-refresh", "--test-count", "3"]),
        0,
    );
    assert!(
        repo.read("docs/architecture/governance/rules.md")
            .contains("All 3+ tests must pass")
    );
    // Existing documents are kept.
    repo.write("docs/architecture/governance/rules.md", "# Mine\n");
    assert_code(
        &repo.pactkit(&["init", "--project", "--format", "classic"]),
        0,
    );
    assert_eq!(
        repo.read("docs/architecture/governance/rules.md"),
        "# Mine\n"
    );
}

/// The help lists the spellings the playbooks write.
#[test]
fn help_lists_the_statuses_as_the_playbooks_write_them() {
    let repo = TestRepo::new();
    let board = stdout(&repo.pactkit(&["board", "move", "--help"]));
    assert!(
        board.contains("in-progress") && !board.contains("in_progress"),
        "{board}"
    );
    let status = stdout(&repo.pactkit(&["spec-status", "--help"]));
    assert!(
        status.contains("in-progress") && !status.contains("In Progress"),
        "{status}"
    );
    // The old spellings still work.
    repo.write("docs/specs/STORY-001.md", &spec("STORY-001", "Draft"));
    assert_code(
        &repo.pactkit(&["spec-status", "STORY-001", "In Progress"]),
        0,
    );
    assert_code(&repo.pactkit(&["spec-status", "STORY-001", "draft"]), 0);
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
