//! The spec gate through real `git commit`s with pactkit's shims installed: the active
//! work item, status transitions, frozen Done specs, phantom completion, references in
//! the message and the spec-wins trailer.

use crate::common::*;
use std::process::Output;

/// A repository that has adopted the workflow, with shims installed and one commit.
fn adopted_repo(specs: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n");
    for (id, status) in specs {
        repo.write(&format!("docs/specs/{id}.md"), &spec(id, status));
    }
    repo.commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn commit(repo: &TestRepo, message: &str) -> Output {
    repo.git_output(&["commit", "-q", "-m", message])
}

fn stage(repo: &TestRepo, path: &str, contents: &str) {
    repo.write(path, contents);
    repo.git(&["add", path]);
}

fn commits(repo: &TestRepo) -> usize {
    repo.git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count")
}

#[test]
fn source_without_an_active_story_is_blocked() {
    let repo = adopted_repo(&[("STORY-001", "Draft")]);
    stage(&repo, "src/app.py", "print('x')\n");
    let out = commit(&repo, "feat: add the app");
    assert_blocked_by(&out, "active-work-item");
    assert!(
        render(&out).contains("pactkit spec-status"),
        "{}",
        render(&out)
    );
    assert_eq!(commits(&repo), 1);
}

#[test]
fn source_with_the_referenced_story_in_progress_is_allowed() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    repo.git(&["checkout", "-q", "-b", "feature/STORY-001-rate-limit"]);
    stage(&repo, "src/app.py", "print('x')\n");
    let out = commit(&repo, "feat: add the app");
    assert_code(&out, 0);
    assert_eq!(commits(&repo), 2);
}

#[test]
fn a_branch_naming_a_draft_story_is_blocked_even_if_another_is_active() {
    let repo = adopted_repo(&[("STORY-001", "In Progress"), ("STORY-002", "Draft")]);
    repo.git(&["checkout", "-q", "-b", "feature/STORY-002"]);
    stage(&repo, "src/app.py", "print('x')\n");
    let out = commit(&repo, "feat: add the app");
    assert_blocked_by(&out, "STORY-002 is Draft");
}

#[test]
fn without_an_id_any_active_story_is_enough() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    stage(&repo, "src/app.py", "print('x')\n");
    assert_code(&commit(&repo, "feat: add the app"), 0);
}

#[test]
fn a_message_naming_a_draft_story_is_blocked_at_commit_msg() {
    let repo = adopted_repo(&[("STORY-001", "In Progress"), ("STORY-002", "Draft")]);
    stage(&repo, "src/app.py", "print('x')\n");
    let out = commit(&repo, "feat: add the app for STORY-002");
    assert_blocked_by(&out, "STORY-002 is Draft");
}

#[test]
fn a_hotfix_needs_no_spec() {
    let repo = adopted_repo(&[("STORY-001", "Draft")]);
    repo.git(&["checkout", "-q", "-b", "fix/HOTFIX-007"]);
    stage(&repo, "src/app.py", "print('x')\n");
    assert_code(&commit(&repo, "fix: stop the bleeding"), 0);
}

#[test]
fn docs_tests_and_configuration_need_no_story() {
    let repo = adopted_repo(&[("STORY-001", "Draft")]);
    stage(&repo, "docs/guide.md", "# Guide\n");
    stage(&repo, "tests/test_app.py", "def test_x(): pass\n");
    stage(&repo, "pyproject.toml", "[project]\nname = 'x'\n");
    assert_code(&commit(&repo, "docs: add a guide"), 0);
}

#[test]
fn editing_a_done_spec_is_blocked_unless_allowed() {
    let repo = adopted_repo(&[("STORY-001", "Done")]);
    let edited = spec("STORY-001", "Done").replace("Brute force.", "Brute force attacks.");
    stage(&repo, "docs/specs/STORY-001.md", &edited);
    let out = commit(&repo, "docs: reword the background");
    assert_blocked_by(&out, "spec-done-edit");

    repo.write(
        "pactkit.yaml",
        "gates:\n  spec:\n    allow_done_edits: true\n",
    );
    repo.git(&["add", "pactkit.yaml"]);
    // A weakened contract staged together with what it would let through does not apply
    // to that commit: it is judged by HEAD's committed contract.
    let out = commit(&repo, "docs: reword the background");
    assert_blocked_by(&out, "spec-done-edit");
    assert!(stderr(&out).contains("contract-change"), "{}", render(&out));
    let out = repo.git_output(&[
        "commit",
        "-q",
        "-m",
        "chore: allow done edits",
        "pactkit.yaml",
    ]);
    assert_code(&out, 0);
    assert_code(&commit(&repo, "docs: reword the background"), 0);
}

#[test]
fn draft_cannot_jump_to_done() {
    let repo = adopted_repo(&[("STORY-001", "Draft")]);
    stage(&repo, "docs/specs/STORY-001.md", &spec("STORY-001", "Done"));
    let out = commit(&repo, "docs: finish STORY-001");
    assert_blocked_by(&out, "spec-transition");
    assert!(render(&out).contains("Draft → Done"), "{}", render(&out));
}

#[test]
fn done_with_unticked_board_tasks_is_blocked() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    let board = "# Sprint Board\n\n## 📋 Backlog\n\n## 🔄 In Progress\n\n### [STORY-001] Login\n> Spec: docs/specs/STORY-001.md\n\n- [x] Write tests\n- [ ] Implement\n\n## ✅ Done\n";
    stage(&repo, "docs/product/sprint_board.md", board);
    assert_code(&commit(&repo, "docs: plan STORY-001"), 0);

    stage(&repo, "docs/specs/STORY-001.md", &spec("STORY-001", "Done"));
    let out = commit(&repo, "docs: finish STORY-001");
    assert_blocked_by(&out, "spec-done-tasks");
    assert!(render(&out).contains("Implement"), "{}", render(&out));
    assert!(
        render(&out).contains("pactkit board update-task"),
        "{}",
        render(&out)
    );

    stage(
        &repo,
        "docs/product/sprint_board.md",
        &board.replace("- [ ] Implement", "- [x] Implement"),
    );
    assert_code(&commit(&repo, "docs: finish STORY-001"), 0);
}

#[test]
fn done_needs_test_cases_when_configured() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    stage(
        &repo,
        "pactkit.yaml",
        "gates:\n  spec:\n    require_test_cases: true\n",
    );
    assert_code(&commit(&repo, "chore: require test cases"), 0);
    stage(&repo, "docs/specs/STORY-001.md", &spec("STORY-001", "Done"));
    assert_blocked_by(&commit(&repo, "docs: finish STORY-001"), "spec-test-cases");
    stage(
        &repo,
        "docs/test_cases/STORY-001_case.md",
        "# Test Cases: STORY-001 — x\n\n## TC-01: a\n- **Given** a\n- **When** b\n- **Then** c\n",
    );
    assert_code(&commit(&repo, "docs: finish STORY-001"), 0);
}

#[test]
fn a_staged_spec_with_lint_errors_is_blocked_by_its_staged_content() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    let broken = spec("STORY-001", "In Progress").replace("## Security Scope", "## Security");
    stage(&repo, "docs/specs/STORY-001.md", &broken);
    // The work tree is fixed again, but the index still holds the broken spec.
    repo.write("docs/specs/STORY-001.md", &spec("STORY-001", "In Progress"));
    let out = commit(&repo, "docs: edit STORY-001");
    assert_blocked_by(&out, "E009");
}

#[test]
fn a_message_referencing_a_missing_spec_is_blocked() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    stage(&repo, "notes.md", "x\n");
    let out = commit(&repo, "docs: notes for STORY-042");
    assert_blocked_by(&out, "spec-exists");
    assert!(
        render(&out).contains("docs/specs/STORY-042.md"),
        "{}",
        render(&out)
    );
}

#[test]
fn the_spec_wins_unless_the_message_explains_the_change() {
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    let changed = spec("STORY-001", "In Progress").replace("- **Then** 429", "- **Then** 200");
    stage(&repo, "docs/specs/STORY-001.md", &changed);
    stage(&repo, "src/app.py", "print('x')\n");
    let out = commit(&repo, "feat: relax the limit");
    assert_blocked_by(&out, "spec-wins");
    assert!(
        render(&out).contains("Acceptance Criteria"),
        "{}",
        render(&out)
    );

    let out = commit(
        &repo,
        "feat: relax the limit\n\nSpec-Change: product asked for a soft limit",
    );
    assert_code(&out, 0);
}

#[test]
fn projects_without_the_workflow_are_not_judged() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    stage(&repo, "src/app.py", "print('x')\n");
    let out = commit(&repo, "feat: add the app");
    assert_code(&out, 0);
    assert!(render(&out).contains("not adopted"), "{}", render(&out));
}

#[test]
fn the_commit_msg_line_of_a_project_without_the_workflow_does_not_read_the_index() {
    // HEAD has no specs and no pactkit.yaml, and the message names no work item: whatever
    // the index holds, the message phase has nothing to find, so the line does not read
    // it (in a 100,000-file repository that is most of the line's time). An index that
    // cannot be read proves it: the line still passes.
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    repo.write(".git/broken-index", "not an index");
    let run = |message: &str| {
        repo.write(".git/COMMIT_EDITMSG", message);
        repo.pactkit_cmd()
            .env("GIT_INDEX_FILE", repo.root().join(".git/broken-index"))
            .args(["hooks", "run", "commit-msg", "--", ".git/COMMIT_EDITMSG"])
            .output()
            .expect("run the commit-msg line")
    };
    let out = run("feat: add the app\n");
    assert_code(&out, 0);
    assert!(
        render(&out).contains("HEAD has not adopted the spec workflow"),
        "{}",
        render(&out)
    );
    // A message that names a work item is judged against the index: here it cannot be read.
    let out = run("feat: add the app (STORY-001)\n");
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(
        render(&out).contains("cannot read the index"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_commit_that_adopts_the_workflow_has_its_message_references_judged() {
    // The first specs arrive in this very commit: HEAD has none, the index has STORY-001.
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    stage(
        &repo,
        "docs/specs/STORY-001.md",
        &spec("STORY-001", "In Progress"),
    );
    let out = commit(&repo, "docs: plan STORY-002");
    assert_blocked_by(&out, "spec-exists");
    assert!(
        render(&out).contains("docs/specs/STORY-002.md"),
        "{}",
        render(&out)
    );
    let out = commit(&repo, "docs: plan the first story");
    assert_code(&out, 0);
    assert_eq!(commits(&repo), 2);
}

#[test]
fn check_on_a_range_catches_a_no_verify_commit_without_a_story() {
    let repo = adopted_repo(&[("STORY-001", "Draft")]);
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    stage(&repo, "src/app.py", "print('x')\n");
    assert_code(
        &repo.git_output(&["commit", "-q", "--no-verify", "-m", "feat: sneak it in"]),
        0,
    );
    let out = repo.pactkit(&[
        "check",
        "--gate",
        "spec",
        "--from-ref",
        &base,
        "--to-ref",
        "HEAD",
    ]);
    assert_code(&out, 1);
    assert!(
        render(&out).contains("active-work-item"),
        "{}",
        render(&out)
    );
}

/// What `scaffold spec` writes is committed as written: Release TBD is allowed while the
/// spec is Draft (E008 applies once it leaves Draft).
#[test]
fn a_freshly_scaffolded_spec_can_be_committed() {
    let repo = adopted_repo(&[]);
    assert_code(
        &repo.pactkit(&["scaffold", "spec", "--next", "Bulk discount"]),
        0,
    );
    repo.git(&["add", "docs"]);
    let out = commit(&repo, "docs: add spec");
    assert_code(&out, 0);
    assert_eq!(commits(&repo), 2);

    // Leaving Draft with Release still TBD is blocked by E008.
    let path = "docs/specs/STORY-001.md";
    let text = repo
        .read(path)
        .replace("| Status | Draft |", "| Status | In Progress |");
    stage(&repo, path, &text);
    let out = commit(&repo, "docs: start STORY-001");
    assert_blocked_by(&out, "E008");
    stage(
        &repo,
        path,
        &text.replace("| Release | TBD |", "| Release | 1.2.0 |"),
    );
    assert_code(&commit(&repo, "docs: start STORY-001"), 0);
}

/// PactKit 2.27+ ids (a hex suffix, or a date and hex stamp) name work items everywhere.
#[test]
fn pactkit_4_ids_name_the_active_story_in_branches_messages_and_specs() {
    for id in ["STORY-bob-202612066e54223265f5", "STORY-bob-001-1a2b"] {
        let repo = adopted_repo(&[(id, "In Progress"), ("STORY-bob-002", "Draft")]);
        repo.git(&["checkout", "-q", "-b", &format!("feature/{id}-rate-limit")]);
        stage(&repo, "src/app.py", "print('x')\n");
        let out = commit(&repo, &format!("feat({id}): add the app"));
        assert_code(&out, 0);
        assert_eq!(commits(&repo), 2, "{id}");
        // The Draft story named by the branch still blocks.
        repo.git(&["checkout", "-q", "-b", "feature/STORY-bob-002"]);
        stage(&repo, "src/other.py", "print('y')\n");
        assert_blocked_by(&commit(&repo, "feat: more"), "STORY-bob-002 is Draft");
        let lint = repo.pactkit(&["spec-lint", &format!("docs/specs/{id}.md")]);
        assert_code(&lint, 0);
    }
}

#[test]
fn the_pactkit_4_rule_set_judges_the_dependency_surface_of_a_staged_spec() {
    let surface = "\n## Dependency Surface\n| Field | Value |\n|---|---|\n| Depends on | STORY-009 |\n| Provides | api |\n| Touches | src/ |\n| Conflict risk | low |\n";
    for (rules, blocked) in [("pactkit", false), ("pactkit-4", true)] {
        let repo = adopted_repo(&[]);
        repo.write(
            "pactkit.yaml",
            &format!("gates:\n  spec:\n    rules: {rules}\n"),
        );
        // The gates judge by the committed contract.
        repo.git(&["add", "pactkit.yaml"]);
        repo.git(&["commit", "-q", "--no-verify", "-m", "chore: the spec rules"]);
        stage(
            &repo,
            "docs/specs/STORY-001.md",
            &format!("{}{surface}", spec("STORY-001", "Draft")),
        );
        let out = commit(&repo, "docs: plan STORY-001");
        if blocked {
            assert_blocked_by(&out, "E010");
            // The depended spec staged with it satisfies E010.
            stage(
                &repo,
                "docs/specs/STORY-009.md",
                &format!("{}{surface}", spec("STORY-009", "Draft"))
                    .replace("STORY-009 |\n| Provides", "none |\n| Provides"),
            );
            let out = commit(&repo, "docs: plan STORY-001 and STORY-009");
            assert_code(&out, 0);
        } else {
            assert_code(&out, 0);
        }
    }
}

#[test]
fn a_staged_spec_over_8_mib_blocks_naming_the_file_and_one_at_the_limit_is_judged() {
    const LIMIT: usize = 8 << 20;
    let repo = adopted_repo(&[("STORY-001", "In Progress")]);
    let text = spec("STORY-001", "In Progress");
    let line = "Notes kept beside the story, one line after another.\n";
    let padded = |len: usize| {
        let mut out = text.clone();
        while out.len() + line.len() <= len {
            out.push_str(line);
        }
        out.push_str(&"z".repeat(len - out.len()));
        out
    };

    stage(&repo, "docs/specs/STORY-001.md", &padded(LIMIT));
    let at_limit = commit(&repo, "docs(specs): notes for STORY-001");
    assert_code(&at_limit, 0);

    stage(&repo, "docs/specs/STORY-001.md", &padded(LIMIT + 1));
    let over = commit(&repo, "docs(specs): more notes for STORY-001");
    assert_blocked_by(
        &over,
        "docs/specs/STORY-001.md is 8388609 bytes; pactkit reads at most 8388608 bytes (8 MiB) of a project document",
    );
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
}
