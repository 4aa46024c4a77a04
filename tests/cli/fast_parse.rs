//! The hand-written parsers for `commit-msg` and `hooks run` (src/cli/fast.rs) against
//! clap's full parser, through the real binary: a leading global option (`--color auto`,
//! the default) sends the same command line through clap, and the output and exit code
//! must be the same, for good lines, failing verdicts, usage errors and help.

use crate::common::{TestRepo, code, render};

/// Runs `args` as given (fast path when it applies) and behind `--color auto` (always
/// clap), both with an empty stdin, and asserts the two runs are indistinguishable.
fn assert_same_both_ways(repo: &TestRepo, args: &[&str], expected_code: i32) {
    let fast = repo.pactkit(args);
    let full = repo.pactkit(&[&["--color", "auto"][..], args].concat());
    assert_eq!(render(&fast), render(&full), "{args:?}");
    assert_eq!(code(&fast), expected_code, "{args:?}:\n{}", render(&fast));
}

fn repo_with_messages() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hi\n").commit_all("chore: init");
    repo.write("GOOD", "feat(cli): add the fast path\n\nWhy it matters.\n")
        .write("BAD", "Feature: Add Login.\n# comment\n");
    repo
}

#[test]
fn commit_msg_lines_behave_the_same_through_both_parsers() {
    let repo = repo_with_messages();
    for (args, expected) in [
        (&["commit-msg", "GOOD"][..], 0),
        (&["commit-msg", "BAD"], 1),
        (&["commit-msg", "GOOD", "BAD"], 1),
        (&["commit-msg"], 0),
        (&["commit-msg", "does-not-exist"], 2),
        (&["commit-msg", "help"], 2),
        (&["commit-msg", "-"], 2),
        (&["commit-msg", "GOOD", "--format", "json"], 0),
        (&["commit-msg", "--bogus"], 2),
        (&["commit-msg", "--help"], 0),
    ] {
        assert_same_both_ways(&repo, args, expected);
    }
}

#[test]
fn hooks_run_lines_behave_the_same_through_both_parsers() {
    let repo = repo_with_messages();
    let shim = ["--shim-version", "1", "--hook-dir", ".git/hooks"];
    let line = |hook: &str, extra: &[&str]| -> Vec<String> {
        ["hooks", "run", hook]
            .iter()
            .chain(shim.iter())
            .chain(extra.iter())
            .map(|s| (*s).to_owned())
            .collect()
    };
    for (args, expected) in [
        (line("commit-msg", &["--", "GOOD"]), 0),
        (line("commit-msg", &["--", "BAD"]), 1),
        (line("pre-commit", &["--"]), 0),
        (line("pre-push", &["--", "origin", "/nowhere.git"]), 0),
        (line("commit-msg", &["-q", "--", "BAD"]), 1),
        (line("post-commit", &["--"]), 2),
        (
            line("commit-msg", &["--shim-version", "2", "--", "GOOD"]),
            2,
        ),
        (vec!["hooks".into(), "run".into(), "--help".into()], 0),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_same_both_ways(&repo, &args, expected);
    }
}
