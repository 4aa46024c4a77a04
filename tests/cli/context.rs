//! `pactkit context` and `pactkit lint-context`: the generated document against real
//! boards, lessons, branches and specs, and the structure check's verdicts.

use crate::common::{TestRepo, assert_code, render, stderr, stdout};
use std::process::Output;

const NOW: &str = "2026-11-23T21:37:46+00:00";
const CONTEXT: &str = "docs/product/context.md";

fn context(repo: &TestRepo, args: &[&str]) -> Output {
    repo.pactkit_cmd()
        .env("PACTKIT_NOW", NOW)
        .arg("context")
        .args(args)
        .output()
        .expect("run pactkit")
}

#[test]
fn generates_from_board_lessons_and_branches() {
    let repo = TestRepo::new();
    repo.write(
        "docs/product/sprint_board.md",
        "# Sprint Board\n\n## 📋 Backlog\n\n### [BUG-alice-002] Crash on save\n- [ ] Fix\n\n## 🔄 In Progress\n\n### [STORY-alice-001] Login page\n- [x] Write tests\n- [ ] Implement\n\n## ✅ Done\n\n- **STORY-alice-000**: Bootstrap\n",
    );
    repo.write(
        "docs/architecture/governance/lessons.md",
        "# Lessons Learned\n\n| Date | Lesson | Context |\n|------|--------|---------|\n| 2026-03-26 | use atomic writes for all documents | utils |\n",
    );
    repo.commit_all("chore: init");
    repo.git(&["branch", "feature/x"]);
    let out = context(&repo, &[]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        format!("Generated {}\n", repo.path(CONTEXT).display())
    );
    assert_eq!(
        repo.read(CONTEXT),
        "# Project Context (Auto-generated)
> Last updated: 2026-11-23T21:37:46+00:00 by pactkit context

## Sprint Status
Backlog: 1 | In Progress: 1 | Done: 1 stories

## Current Stories
- STORY-alice-001: Login page

## Recent Completions
- STORY-alice-000: Bootstrap

## Active Branches
feature/x
* main

## Key Decisions
- use atomic writes for all documents

## Next Recommended Action
`/project-act` (stories in progress)

## Agent Continuation
No active work session.
"
    );
    let lint = repo.pactkit(&["lint-context"]);
    assert_code(&lint, 0);
    assert_eq!(stdout(&lint), "docs/product/context.md\n  Result: PASS\n");
}

#[test]
fn no_board_no_branches_and_a_continuation_contract() {
    let repo = TestRepo::new();
    repo.write(
        "docs/specs/STORY-alice-001.md",
        "# STORY-alice-001: Rate limit\n\n## Acceptance Criteria\n### AC1: Sixth attempt rejected (R1)\n### AC2: Reset after a minute\n",
    );
    let out = context(
        &repo,
        &[
            "--continuation",
            "--last-command",
            "## /project-act STORY-alice-001\nignored second line",
            "--phase",
            "Phase 3",
            "--blockers",
            "none",
        ],
    );
    assert_code(&out, 0);
    let text = repo.read(CONTEXT);
    for expected in [
        "## Sprint Status\nNo board found (run `/project-init` to create sprint_board.md)\n",
        "## Active Branches\nNone\n",
        "## Key Decisions\nNone\n",
        "## Next Recommended Action\n`/project-design`\n",
        "## Agent Continuation\nLast Command: /project-act STORY-alice-001\nPhase Reached: Phase 3\nBlockers: none\n\n### Sprint Contract (STORY-alice-001)\n- [ ] AC1: Sixth attempt rejected\n- [ ] AC2: Reset after a minute\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // --last-command without --continuation leaves the section empty.
    assert_code(&context(&repo, &["--last-command", "/project-act"]), 0);
    assert!(
        repo.read(CONTEXT)
            .ends_with("## Agent Continuation\nNo active work session.\n")
    );
}

#[test]
fn invalid_board_fails_without_writing() {
    let repo = TestRepo::new();
    repo.write_bytes("docs/product/sprint_board.md", b"## \xFF\n");
    let out = context(&repo, &[]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("sprint_board.md: not valid UTF-8"),
        "{}",
        render(&out)
    );
    assert!(!repo.path(CONTEXT).exists());
}

#[test]
fn lint_context_failures() {
    let repo = TestRepo::new();
    let missing = repo.pactkit(&["lint-context"]);
    assert_code(&missing, 1);
    assert!(
        stderr(&missing).starts_with("error: File not found: docs/product/context.md"),
        "{}",
        render(&missing)
    );
    repo.write(
        "notes/ctx.md",
        "# Project Context (Auto-generated)\n## Sprint Status\n## Current Stories\n## Recent Completions\n## Active Branches\n### Key Decisions\n## Next Recommended Action\n",
    );
    let out = repo.pactkit(&["lint-context", "notes/ctx.md"]);
    assert_code(&out, 1);
    assert_eq!(
        stdout(&out),
        "notes/ctx.md\n  ✗ Missing section: '## Key Decisions'\n  ✗ Missing section: '## Agent Continuation'\n  Result: FAIL\n"
    );
}
