//! `pactkit scaffold`: templates written where PactKit writes them, developer prefixes,
//! never overwriting, the branch in a real repository.

use crate::common::*;

fn alice() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(".claude/pactkit.yaml", "developer: alice\n");
    repo
}

#[test]
fn spec_injects_the_developer_and_lints_like_pactkit() {
    let repo = alice();
    let out = repo.pactkit(&["scaffold", "spec", "STORY-001", "Rate-limit {login}"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "docs/specs/STORY-alice-001.md\n");
    let spec = repo.read("docs/specs/STORY-alice-001.md");
    assert!(
        spec.starts_with("# STORY-alice-001: Rate-limit {login}\n"),
        "{spec}"
    );
    assert!(
        spec.contains("| ID | STORY-alice-001 |\n| Status | Draft |\n"),
        "{spec}"
    );

    // Release TBD is allowed while Draft: the fresh spec passes with the two placeholder
    // warnings.
    let lint = repo.pactkit(&["spec-lint", "docs/specs/STORY-alice-001.md"]);
    assert_code(&lint, 0);
    let report = stdout(&lint);
    let rules: Vec<&str> = report
        .lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix('[')
                .and_then(|l| l.split_once(' '))
        })
        .map(|(_, rest)| rest.trim_start().split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(rules, ["W008", "W008"], "{report}");
}

#[test]
fn spec_without_id_or_with_next_takes_the_next_id() {
    let repo = alice();
    repo.write(
        "docs/product/sprint_board.md",
        "### [STORY-alice-004] on the board only\n",
    );
    let out = repo.pactkit(&["scaffold", "spec"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "docs/specs/STORY-alice-005.md\n");
    let out = repo.pactkit(&["scaffold", "spec", "--next", "Second"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "docs/specs/STORY-alice-006.md\n");
    assert!(
        repo.read("docs/specs/STORY-alice-006.md")
            .starts_with("# STORY-alice-006: Second\n")
    );
    let out = repo.pactkit(&["scaffold", "spec", "--next", "--type", "bug", "Crash"]);
    assert_eq!(
        stdout(&out),
        "docs/specs/BUG-alice-001.md\n",
        "{}",
        render(&out)
    );
}

#[test]
fn never_overwrites() {
    let repo = alice();
    repo.write("docs/specs/STORY-alice-002.md", "mine\n");
    let out = repo.pactkit(&["scaffold", "spec", "STORY-002", "Again"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("docs/specs/STORY-alice-002.md already exists"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read("docs/specs/STORY-alice-002.md"), "mine\n");

    repo.write("docs/product/sprint_board.md", "board\n");
    let out = repo.pactkit(&["scaffold", "board"]);
    assert_code(&out, 1);
    assert_eq!(repo.read("docs/product/sprint_board.md"), "board\n");
}

#[test]
fn invalid_id_is_a_usage_error() {
    let repo = alice();
    let out = repo.pactkit(&["scaffold", "spec", "story-1", "x"]);
    assert_code(&out, 2);
    assert!(!repo.path("docs/specs").exists());
}

#[test]
fn board_and_prd() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["scaffold", "board"]), 0);
    assert_eq!(
        repo.read("docs/product/sprint_board.md"),
        "# Sprint Board\n\n## 📋 Backlog\n\n\n## 🔄 In Progress\n\n\n## ✅ Done\n"
    );
    let out = repo.pactkit(&["scaffold", "prd", "Acme"]);
    assert_code(&out, 0);
    let prd = repo.read("docs/product/prd.md");
    assert!(
        prd.starts_with("# Product Requirements Document: Acme\n"),
        "{prd}"
    );
    for section in [
        "## 1. Product Overview",
        "## 9. MVP Roadmap",
        "## 10. Story Dependency Graph",
    ] {
        assert!(prd.contains(section), "{section}");
    }
    assert_code(&repo.pactkit(&["scaffold", "prd", "Other"]), 1);
}

#[test]
fn testcase_has_a_scenario_per_acceptance_criterion() {
    let repo = alice();
    repo.write(
        "docs/specs/STORY-alice-004.md",
        "# STORY-alice-004: Rate-limit the login endpoint\n\n## Acceptance Criteria\n\
         ### AC1: Sixth attempt rejected (R1)\n- **Given** five failed logins\n\
         - **When** a sixth attempt arrives\n- **Then** the API answers 429\n\n\
         ### AC2: Reset after a minute (R1)\n- **Then** logins work again\n\n## Security Scope\n",
    );
    let out = repo.pactkit(&["scaffold", "testcase", "STORY-004"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "docs/test_cases/STORY-alice-004_case.md\n");
    assert_eq!(
        repo.read("docs/test_cases/STORY-alice-004_case.md"),
        "# Test Cases: STORY-alice-004 — Rate-limit the login endpoint\n\n\
         ## TC-01: Sixth attempt rejected (AC1)\n- **Given** five failed logins\n\
         - **When** a sixth attempt arrives\n- **Then** the API answers 429\n\n\
         ## TC-02: Reset after a minute (AC2)\n- **Given** (precondition)\n- **When** (action)\n\
         - **Then** logins work again\n"
    );
}

#[test]
fn testcase_without_spec_has_one_placeholder_scenario() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["scaffold", "testcase", "BUG-003"]);
    assert_code(&out, 0);
    let doc = repo.read("docs/test_cases/BUG-003_case.md");
    assert!(
        doc.starts_with("# Test Cases: BUG-003 — (Description)\n\n## TC-01: "),
        "{doc}"
    );
    assert!(stderr(&out).contains("not found"), "{}", render(&out));
}

#[test]
fn e2e_follows_the_stack() {
    let repo = alice();
    let out = repo.pactkit(&["scaffold", "e2e", "STORY-001", "Log in"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "tests/e2e/test_STORY-alice-001_log_in.py\n");
    assert!(
        repo.read("tests/e2e/test_STORY-alice-001_log_in.py")
            .contains("def test_e2e():")
    );

    let node = TestRepo::new();
    node.write("package.json", "{}\n");
    let out = node.pactkit(&["scaffold", "e2e", "STORY-002", "Sign up"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "tests/e2e/STORY-002_sign_up.test.js\n");

    let go = TestRepo::new();
    go.write("pactkit.yaml", "stack: go\n")
        .write("package.json", "{}\n");
    let out = go.pactkit(&["scaffold", "e2e", "BUG-9", "Nil map"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "tests/e2e/bug_009_nil_map_test.go\n",
        "configured stack wins"
    );
    let test = go.read("tests/e2e/bug_009_nil_map_test.go");
    assert!(
        test.contains("package e2e\n") && test.contains("t.Fatal("),
        "{test}"
    );
    assert_code(&go.pactkit(&["scaffold", "e2e", "BUG-009", "Nil map"]), 1);
}

#[test]
fn branch_keeps_the_id_case_and_reports_git_failures() {
    let repo = alice();
    repo.commit_all("chore: init");
    let out = repo.pactkit(&["scaffold", "branch", "STORY-003"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "feature/STORY-alice-003\n");
    assert_eq!(
        repo.git(&["branch", "--show-current"]),
        "feature/STORY-alice-003\n"
    );

    let out = repo.pactkit(&["scaffold", "branch", "STORY-alice-003"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("already exists"), "{}", render(&out));

    let out = repo.pactkit(&["scaffold", "branch", "HOTFIX-bob-002"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "fix/HOTFIX-bob-002\n");
}

#[test]
fn skill_goes_into_the_project_and_checks_its_name() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["scaffold", "skill", "my-tool", "Does \"things\""]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), ".claude/skills/my-tool\n");
    let md = repo.read(".claude/skills/my-tool/SKILL.md");
    assert!(
        md.starts_with("---\nname: my-tool\ndescription: \"Does \\\"things\\\"\"\n---\n"),
        "{md}"
    );
    assert!(
        repo.path(".claude/skills/my-tool/scripts/my_tool.py")
            .is_file()
    );
    assert!(
        repo.path(".claude/skills/my-tool/references/.gitkeep")
            .is_file()
    );
    assert_code(&repo.pactkit(&["scaffold", "skill", "my-tool", "again"]), 1);

    for bad in ["My-Tool", "my--tool", "-x", "tool-"] {
        let out = repo.pactkit(&["scaffold", "skill", "--", bad, "d"]);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("invalid skill name"),
            "{}",
            render(&out)
        );
    }
}

#[test]
fn global_skill_goes_under_home() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["scaffold", "skill", "--global", "helper", "d"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "~/.claude/skills/helper\n");
    assert!(repo.home().join(".claude/skills/helper/SKILL.md").is_file());
    assert!(!repo.path(".claude").exists());
}

#[test]
fn pactkit_4_ids_scaffold_specs_and_branches_and_next_id_counts_past_them() {
    let repo = alice();
    for id in ["STORY-alice-202612066e54223265f5", "STORY-alice-004-1a2b"] {
        let out = repo.pactkit(&["scaffold", "spec", id, "Rate limit"]);
        assert_code(&out, 0);
        assert!(
            repo.path(&format!("docs/specs/{id}.md")).is_file(),
            "{}",
            render(&out)
        );
        assert!(
            repo.read(&format!("docs/specs/{id}.md"))
                .contains(&format!("| ID | {id} |"))
        );
    }
    // The sequence continues after the suffixed 004; the time-stamped id is outside it.
    let out = repo.pactkit(&["next-id"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "STORY-alice-005", "{}", render(&out));
    repo.commit_all("chore: init");
    let out = repo.pactkit(&["scaffold", "branch", "STORY-alice-202612066e54223265f5"]);
    assert_code(&out, 0);
    assert_eq!(
        repo.git(&["branch", "--show-current"]),
        "feature/STORY-alice-202612066e54223265f5\n",
        "{}",
        render(&out)
    );
}
