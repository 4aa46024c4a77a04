//! Each hint names the step that fixes the problem, through real commits: a spec set In
//! Progress but not staged, a story already Done, no specs yet, a required gate, and a
//! lint finding that auto-fix cannot fix.

use crate::common::*;
use std::process::Output;

/// An adopted repository (a pactkit.yaml) with the shims and the given specs.
fn repo_with(specs: &[(&str, &str)], config: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", config).write("README.md", "x\n");
    for (id, status) in specs {
        repo.write(&format!("docs/specs/{id}.md"), &spec(id, status));
    }
    repo.commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn commit_source(repo: &TestRepo, message: &str) -> Output {
    repo.write("src/app.py", "print('app')\n");
    repo.git(&["add", "src/app.py"]);
    repo.git_output(&["commit", "-q", "-m", message])
}

fn hints(out: &Output) -> Vec<String> {
    render(out)
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("hint: "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_status_set_but_not_staged_says_stage_it() {
    let repo = repo_with(&[("STORY-001", "Draft")], "developer: ''\n");
    repo.git(&["checkout", "-q", "-b", "feature/STORY-001"]);
    assert_code(
        &repo.pactkit(&["spec-status", "STORY-001", "In Progress"]),
        0,
    );
    let out = commit_source(&repo, "feat: the app");
    assert_ne!(code(&out), 0, "{}", render(&out));
    let found = hints(&out);
    assert!(
        found
            .iter()
            .any(|h| h.contains("git add docs/specs/STORY-001.md")),
        "{found:?}"
    );
    // Without an id the same: the only In Progress spec is unstaged.
    let repo = repo_with(&[("STORY-001", "Draft")], "developer: ''\n");
    assert_code(
        &repo.pactkit(&["spec-status", "STORY-001", "In Progress"]),
        0,
    );
    let out = commit_source(&repo, "feat: the app");
    assert!(
        hints(&out)
            .iter()
            .any(|h| h.contains("git add docs/specs/STORY-001.md")),
        "{}",
        render(&out)
    );
}

#[test]
fn a_finished_story_says_start_a_new_one() {
    let repo = repo_with(&[("STORY-001", "Done")], "developer: ''\n");
    repo.git(&["checkout", "-q", "-b", "feature/STORY-001"]);
    let out = commit_source(&repo, "feat: more");
    assert_ne!(code(&out), 0, "{}", render(&out));
    let found = hints(&out).join("\n");
    assert!(found.contains("pactkit scaffold branch"), "{found}");
    assert!(found.contains("pactkit scaffold spec --next"), "{found}");
    assert!(
        !found.contains("spec-status STORY-001 \"In Progress\""),
        "a Done story is not reopened: {found}"
    );
}

#[test]
fn no_specs_yet_says_scaffold_one() {
    let repo = repo_with(&[], "developer: ''\n");
    let out = commit_source(&repo, "feat: the app");
    assert_ne!(code(&out), 0, "{}", render(&out));
    let found = hints(&out).join("\n");
    assert!(found.contains("pactkit scaffold spec --next"), "{found}");
}

#[test]
fn a_required_gate_is_not_offered_to_pactkit_skip() {
    let repo = repo_with(&[], "gates:\n  commit-msg:\n    required: true\n");
    repo.write("notes.md", "x\n");
    repo.git(&["add", "notes.md"]);
    let out = repo.git_output(&["commit", "-q", "-m", "Bad message."]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    let text = render(&out);
    assert!(!text.contains("PACTKIT_SKIP=commit-msg"), "{text}");
    assert!(text.contains("cannot be skipped"), "{text}");
}

/// ruff's F821 (an undefined name) has no automatic fix: the hint does not send the user
/// to `pactkit lint --fix`; an unused import (F401, fixable) does.
#[test]
fn a_finding_auto_fix_cannot_fix_gets_no_auto_fix_hint() {
    if !tools::require(&tools::RUFF) {
        return;
    }
    let repo = repo_with(&[], "hooks:\n  pre-commit: [lint]\n  commit-msg: []\n");
    repo.write("app.py", "print(undefined_name)\n");
    repo.git(&["add", "app.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: app"]);
    assert_code(&out, 0);
    let text = render(&out);
    assert!(text.contains("F821"), "{text}");
    assert!(
        !text.contains("lint --fix") && !text.contains("auto_fix"),
        "{text}"
    );

    repo.write("other.py", "import os\n");
    repo.git(&["add", "other.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: other"]);
    assert!(
        render(&out).contains("pactkit lint --fix"),
        "{}",
        render(&out)
    );
}
