//! Projects run by PactKit 2.27–4.x, checked against the real PactKit 4 from PyPI: the ids
//! its `generate-id` prints, the story store its `board add` writes and the board its
//! `board render` draws. The PactKit interpreter is `target/pactkit4/bin/python` (`.ci/run`
//! makes it: `python3 -m venv target/pactkit4 && target/pactkit4/bin/pip install
//! 'pactkit==4.3.*'`) or `$PACTKIT4_PYTHON`; without it the test says it is skipped, and
//! fails when `CI` is set.

use crate::common::*;
use std::path::PathBuf;
use std::process::Command;

fn pactkit4_python() -> Option<PathBuf> {
    #[expect(clippy::disallowed_methods, reason = "the test's own switches")]
    let (configured, ci) = (std::env::var_os("PACTKIT4_PYTHON"), std::env::var_os("CI"));
    let python = configured.map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/pactkit4/bin/python")
    });
    let works = Command::new(&python)
        .args([
            "-c",
            "import pactkit, sys; sys.exit(0 if pactkit.__version__.startswith('4.') else 1)",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    assert!(
        ci.is_none(),
        "PactKit 4 is not installed at {} (CI is set): run `python3 -m venv target/pactkit4 && target/pactkit4/bin/pip install 'pactkit==4.3.*'`",
        python.display()
    );
    #[expect(clippy::print_stderr, reason = "a skipped test says so visibly")]
    {
        eprintln!("skipped: PactKit 4 is not installed ({})", python.display());
    }
    None
}

fn run_pactkit4(repo: &TestRepo, python: &PathBuf, args: &[&str]) -> String {
    let mut cmd = Command::new(python);
    hermetic_env(&mut cmd, repo.home());
    let out = cmd
        .args(["-m", "pactkit"])
        .args(args)
        .current_dir(repo.root())
        .output()
        .expect("run PactKit 4");
    assert!(out.status.success(), "PactKit 4 {args:?}: {}", render(&out));
    stdout(&out)
}

#[test]
fn a_pactkit_4_project_works_with_pactkit() {
    let Some(python) = pactkit4_python() else {
        return;
    };
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "developer: bob\n");
    repo.write("README.md", "hello\n");
    repo.commit_all("chore: initial commit");
    // The id PactKit 4 generates is read whole by pactkit.
    let id = run_pactkit4(&repo, &python, &["generate-id"])
        .lines()
        .rfind(|l| l.starts_with("STORY-"))
        .expect("an id")
        .trim()
        .to_owned();
    assert!(
        id.starts_with("STORY-bob-2") && id.len() == "STORY-bob-".len() + 20,
        "{id}"
    );
    let parsed = repo.pactkit(&["scaffold", "spec", &id, "Rate limit"]);
    assert_code(&parsed, 0);
    assert!(
        repo.read(&format!("docs/specs/{id}.md"))
            .contains(&format!("| ID | {id} |"))
    );

    // PactKit's story store: listed by pactkit, and its rendered board is not edited.
    run_pactkit4(
        &repo,
        &python,
        &[
            "board",
            "add",
            "--standalone",
            &id,
            "Rate limit",
            "Write tests|Implement",
        ],
    );
    run_pactkit4(&repo, &python, &["board", "render"]);
    let list = repo.pactkit(&["board", "list"]);
    assert_code(&list, 0);
    assert_eq!(
        stdout(&list),
        format!("{id} | Rate limit | 0/2 | BACKLOG\n"),
        "{}",
        render(&list)
    );
    assert!(
        stderr(&list).contains("docs/product/stories/"),
        "{}",
        render(&list)
    );
    let board = repo.read("docs/product/sprint_board.md");
    let refused = repo.pactkit(&["board", "update-task", &id, "Write tests"]);
    assert_code(&refused, 2);
    assert!(
        stderr(&refused).contains("rendered from the story store"),
        "{}",
        render(&refused)
    );
    assert_eq!(repo.read("docs/product/sprint_board.md"), board);
    // Without the store, the board PactKit 4 rendered is read as a board.
    std::fs::remove_dir_all(repo.path("docs/product/stories")).expect("remove the store");
    let list = repo.pactkit(&["board", "list"]);
    assert_eq!(
        stdout(&list),
        format!("{id} | Rate limit | 0/2 | BACKLOG\n"),
        "{}",
        render(&list)
    );

    // The spec gate knows the id in a branch name.
    assert_code(&repo.pactkit(&["spec-status", &id, "In Progress"]), 0);
    repo.commit_all("docs: the rate-limit story");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.git(&["checkout", "-q", "-b", &format!("feature/{id}")]);
    repo.write("src/app.py", "print('x')\n");
    repo.git(&["add", "src/app.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: add the app"]);
    assert_code(&out, 0);
}

/// The spec rules PactKit 4 added, opted into with `gates.spec.rules: pactkit-4`, report
/// what PactKit 4's own spec-lint reports (its other new rules are not part of the set).
#[test]
fn the_pactkit_4_rule_set_agrees_with_pactkit_4() {
    let Some(python) = pactkit4_python() else {
        return;
    };
    let repo = TestRepo::new();
    let spec = |id: &str, design: &str, depends: &str| {
        format!(
            "# {id}: x\n\n| Field | Value |\n|-------|-------|\n| ID | {id} |\n| Status | Draft |\n| Priority | P1 |\n| Release | 1.0.0 |\n\n## Requirements\n### R1: A (MUST)\nIt MUST.\n\n## Acceptance Criteria\n### AC1: A (R1)\n- **Given** a\n- **When** b\n- **Then** c\n\n## Security Scope\n| Check | Applicable | Reason |\n|---|---|---|\n| SEC-1 | No | none |\n{design}{depends}"
        )
    };
    let surface = |depends: &str| {
        format!(
            "\n## Dependency Surface\n| Field | Value |\n|---|---|\n| Depends on | {depends} |\n| Provides | api |\n| Touches | src/api/ |\n| Conflict risk | low |\n"
        )
    };
    let cases = [
        (
            "STORY-bob-001",
            spec(
                "STORY-bob-001",
                "\n## Technical Design\nA plan.\n",
                &surface("STORY-bob-002, STORY-bob-009"),
            ),
        ),
        ("STORY-bob-002", spec("STORY-bob-002", "", "")),
        (
            "STORY-bob-003",
            spec(
                "STORY-bob-003",
                "\n## Technical Design\n### Lateral Scan Results\nNone.\n",
                "\n## Dependency Surface\n| Field | Value |\n|---|---|\n| Depends on | none |\n",
            ),
        ),
        ("STORY-bob-004", spec("STORY-bob-004", "", &surface("none"))),
    ];
    for (id, text) in &cases {
        repo.write(&format!("docs/specs/{id}.md"), text);
    }
    let pick = |report: &str| -> Vec<String> {
        report
            .lines()
            .filter(|l| {
                ["W010", "W011", "E010"]
                    .iter()
                    .any(|r| l.contains(&format!("{r}:")))
            })
            .map(|l| {
                // PactKit 4 names the specs directory absolutely.
                l.trim()
                    .replace(&format!("{}/", repo.root().display()), "")
                    .to_owned()
            })
            .collect()
    };
    repo.write("pactkit.yaml", "gates:\n  spec:\n    rules: pactkit-4\n");
    for (id, _) in &cases {
        let path = format!("docs/specs/{id}.md");
        let mut cmd = Command::new(&python);
        hermetic_env(&mut cmd, repo.home());
        let theirs = cmd
            .args(["-m", "pactkit", "spec-lint", &path])
            .current_dir(repo.root())
            .output()
            .expect("PactKit 4 spec-lint");
        let ours = repo.pactkit(&["spec-lint", &path]);
        let expected = pick(&stdout(&theirs));
        assert_eq!(
            pick(&stdout(&ours)),
            expected,
            "{id}: {}\n{}",
            render(&theirs),
            render(&ours)
        );
        if *id == "STORY-bob-001" {
            assert_eq!(expected.len(), 2, "{}", render(&theirs));
        }
    }
    // Off by default.
    repo.write("pactkit.yaml", "developer: bob\n");
    let plain = repo.pactkit(&["spec-lint", "docs/specs/STORY-bob-001.md"]);
    assert!(pick(&stdout(&plain)).is_empty(), "{}", render(&plain));
}
