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
