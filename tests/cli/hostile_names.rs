//! File names that try to drive the terminal or pass for options: text output shows
//! control characters escaped (`\x1b`, `\n`) while JSON keeps the real name, and a
//! staged `-leading.py` reaches every linter as a file, never as an option.

use crate::common::*;
use std::process::Output;

/// ESC, a colour sequence and a newline in one staged name.
const EVIL: &str = "evil\u{1b}[31m\nname.py";
/// How text output shows [`EVIL`].
const EVIL_SHOWN: &str = "evil\\x1b[31m\\nname.py";

fn assert_no_raw_controls(out: &Output) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.contains(&0x1b),
            "raw ESC on {stream}:\n{}",
            render(out)
        );
    }
}

/// A repository with one commit and `pactkit.yaml` running only `gates` before a commit.
fn repo_with(settings: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", settings);
    repo.commit_all("chore: initial commit");
    repo
}

#[test]
fn a_secret_in_a_file_named_with_escape_sequences_is_reported_escaped_in_text_exact_in_json() {
    let repo = repo_with("hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n");
    repo.write(EVIL, &format!("key = \"{}\"\n", aws_key()));
    repo.git(&["add", "--", EVIL]);

    let text = repo.pactkit(&["check", "--staged"]);
    assert_code(&text, 1);
    assert_no_raw_controls(&text);
    assert!(
        render(&text).contains(&format!("{EVIL_SHOWN}:1")),
        "{}",
        render(&text)
    );

    let json = repo.pactkit(&["check", "--staged", "--format", "json"]);
    assert_code(&json, 1);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON report");
    let files: Vec<&str> = doc["gates"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|gate| gate["findings"].as_array().into_iter().flatten())
        .filter_map(|finding| finding["file"].as_str())
        .collect();
    assert_eq!(files, [EVIL], "{}", stdout(&json));
}

#[test]
fn a_linter_finding_on_an_escape_named_file_is_escaped_by_lint_and_the_gate() {
    // A linter that names every file it is given with a finding, as real linters do.
    let repo = repo_with(concat!(
        "hooks:\n  pre-commit: [lint]\n  commit-msg: []\n",
        "lint_blocking: true\n",
        "gates:\n  lint:\n    commands:\n      python:\n",
        "        check: \"sh ./names.sh {files}\"\n",
    ));
    repo.write(
        "names.sh",
        "for f in \"$@\"; do printf '%s:1: bad name\\n' \"$f\"; done\nexit 1\n",
    );
    repo.commit_all("chore: add the fake linter");
    let name = "red\u{1b}[31m.py";
    repo.write(name, "x = 1\n");
    repo.git(&["add", "--", name]);

    let lint = repo.pactkit(&["lint"]);
    assert_code(&lint, 1);
    assert_no_raw_controls(&lint);
    assert!(
        stdout(&lint).contains("red\\x1b[31m.py:1: [sh] bad name"),
        "{}",
        render(&lint)
    );

    let check = repo.pactkit(&["check", "--staged"]);
    assert_code(&check, 1);
    assert_no_raw_controls(&check);
    assert!(
        render(&check).contains("error[sh] red\\x1b[31m.py:1: bad name"),
        "{}",
        render(&check)
    );
}

#[test]
fn a_leading_dash_reaches_a_configured_linter_as_a_path() {
    let repo = repo_with(concat!(
        "hooks:\n  pre-commit: [lint]\n  commit-msg: []\n",
        "gates:\n  lint:\n    commands:\n      python:\n",
        "        check: \"sh ./argv.sh {files}\"\n",
    ));
    repo.write(
        "argv.sh",
        "for a in \"$@\"; do printf '[%s]' \"$a\"; done > \"$ARGV_LOG\"\n",
    );
    repo.commit_all("chore: add the recording linter");
    repo.write("-leading.py", "x = 1\n");
    repo.git(&["add", "--", "-leading.py"]);
    let log = repo.temp().join("argv.log");

    let out = repo
        .pactkit_cmd()
        .env("ARGV_LOG", &log)
        .args(["lint"])
        .output()
        .expect("run pactkit");
    assert_code(&out, 0);
    let argv = std::fs::read_to_string(&log).expect("the linter ran");
    assert_eq!(argv, "[./-leading.py]", "{}", render(&out));
}

#[test]
fn ruff_lints_and_fixes_a_staged_dash_leading_file() {
    if !tools::require(&tools::RUFF) {
        return;
    }
    // auto_fix acts in the pre-commit hook only: `check` reports, the commit fixes.
    let repo = repo_with("hooks:\n  pre-commit: [lint]\n  commit-msg: []\nauto_fix: true\n");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    // Fully staged (linted in place) and partially staged (linted from stdin).
    repo.write("-whole.py", "import os\nprint(1)\n");
    repo.write("-part.py", "import sys\n");
    repo.git(&["add", "--", "-whole.py", "-part.py"]);
    repo.write("-part.py", "import sys\nimport json\n");

    let out = repo.pactkit(&["check", "--staged"]);
    let text = render(&out);
    assert!(text.contains("-whole.py:1: F401"), "{text}");
    assert!(text.contains("-part.py:1: F401"), "{text}");
    assert!(!text.contains("unexpected argument"), "{text}");

    // The stdin fixer rewrites the fully staged file.
    repo.git(&["restore", "--staged", "--", "-part.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: dash"]);
    assert_code(&out, 0);
    let text = render(&out);
    assert!(
        text.contains("-whole.py: fixed by ruff and staged again"),
        "{text}"
    );
    assert_eq!(repo.git(&["show", "HEAD:-whole.py"]), "print(1)\n");
}

#[test]
fn a_newline_in_a_name_inside_a_sentence_stays_on_one_line() {
    let repo = repo_with("stack: python\n");
    repo.write("tests/test_app.py", "def test_ok():\n    assert True\n");
    repo.commit_all("test: a test");
    repo.write(EVIL, "x = 1\n");
    repo.git(&["add", "--", EVIL]);

    let out = repo.pactkit(&["regression", "--staged"]);
    assert_code(&out, 0);
    assert_no_raw_controls(&out);
    let first = stdout(&out).lines().next().unwrap_or_default().to_owned();
    assert!(
        first.contains(&format!("no test covers {EVIL_SHOWN} (")),
        "{}",
        render(&out)
    );
}

#[test]
fn a_ci_pipeline_named_with_a_newline_stays_on_one_line_in_a_contract_finding() {
    let name = ".github/workflows/ci\nforged: line.yml";
    let repo = repo_with("hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n");
    repo.write(
        name,
        "jobs:\n  gate:\n    steps:\n      - run: pactkit check --ci\n",
    );
    repo.git(&["add", "--", name]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "ci: run the gates"]);
    repo.git(&["rm", "-q", "--", name]);

    let out = repo.pactkit(&["check", "--staged"]);
    let text = render(&out);
    assert!(
        text.contains(
            "the CI pipeline .github/workflows/ci\\nforged: line.yml no longer runs pactkit"
        ),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|line| line.starts_with("forged: line.yml")),
        "a name forged a line of its own:\n{text}"
    );
}

#[test]
fn a_hooks_directory_named_with_escape_sequences_is_shown_escaped() {
    let repo = repo_with("hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n");
    repo.git(&["config", "core.hooksPath", "hooks\u{1b}[31m"]);
    for args in [&["hooks", "install"][..], &["hooks", "status"][..]] {
        let out = repo.pactkit(args);
        assert_code(&out, 0);
        assert_no_raw_controls(&out);
        assert!(render(&out).contains("hooks\\x1b[31m"), "{}", render(&out));
    }
}

#[test]
fn board_titles_and_tasks_with_escape_sequences_are_shown_escaped_and_kept_in_the_file() {
    let repo = TestRepo::new();
    let board = "# Sprint Board\n\n## 📋 Backlog\n\n\n## 🔄 In Progress\n\n### [STORY-001] Login \u{1b}]0;pwned\u{7} page\n> Spec: docs/specs/STORY-001.md\n\n- [ ] Write \u{1b}[2Jtests\n\n\n## ✅ Done\n";
    repo.write("docs/product/sprint_board.md", board);

    let list = repo.pactkit(&["board", "list"]);
    assert_code(&list, 0);
    assert_no_raw_controls(&list);
    assert!(
        stdout(&list).contains("STORY-001 | Login \\x1b]0;pwned\\x07 page | 0/1"),
        "{}",
        render(&list)
    );

    let ticked = repo.pactkit(&["board", "update-task", "STORY-001", "1"]);
    assert_code(&ticked, 0);
    assert_no_raw_controls(&ticked);
    assert!(
        stdout(&ticked).contains("updated: Write \\x1b[2Jtests"),
        "{}",
        render(&ticked)
    );
    // The file keeps the bytes the user wrote; only what is shown is escaped.
    assert!(
        repo.read("docs/product/sprint_board.md")
            .contains("- [x] Write \u{1b}[2Jtests")
    );
}

/// A reftable repository, which gix cannot read: every hook fails closed, and the error
/// says how to get a repository pactkit reads.
#[test]
fn a_reftable_repository_fails_closed_with_a_way_out() {
    if !tools::require(&tools::GIT_2_45) {
        return;
    }
    let repo = TestRepo::new();
    let dir = repo.root().join("reftable");
    let dir_text = dir.to_string_lossy().into_owned();
    repo.git(&[
        "init",
        "-q",
        "-b",
        "main",
        "--ref-format=reftable",
        &dir_text,
    ]);
    let out = repo
        .pactkit_cmd()
        .current_dir(&dir)
        .args(["check", "--staged"])
        .output()
        .expect("run pactkit");
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("reftable") && err.contains("--ref-format=files"),
        "{}",
        render(&out)
    );
}
