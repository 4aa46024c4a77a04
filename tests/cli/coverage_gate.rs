//! `pactkit coverage-gate` and the coverage gate: real git diffs, real report files.

use crate::common::{TestRepo, assert_code, render, stderr, stdout, tools};
use serde_json::{Value, json};
use std::process::Command;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/data/coverage/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const OPS_BASE: &str = "\"\"\"Arithmetic helpers.\"\"\"\n\n\ndef add(a, b):\n    return a + b\n";
const FMT: &str =
    "def show(x):\n    if x is None:\n        return \"-\"\n    return str(x)\n\n# end\n";
const UNTESTED: &str = "def later():\n    pass\n\n";

/// `main` holds the base; `feature` rewrites line 5 of ops.py, appends lines 6-18 (mul and
/// div), adds fmt.py and an untested module, and edits the README.
fn feature_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("src/calc/__init__.py", "")
        .write("src/calc/ops.py", OPS_BASE)
        .write("README.md", "calc\n")
        .commit_all("chore: base");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("src/calc/ops.py", &fixture("python/ops.py"))
        .write("src/calc/fmt.py", FMT)
        .write("src/calc/new_untested.py", UNTESTED)
        .write("README.md", "calc: add, mul, div\n")
        .commit_all("feat: mul, div and fmt");
    repo
}

fn with_reports(repo: &TestRepo) {
    repo.write("lcov.info", &fixture("conformance/lcov.info"));
    repo.write("coverage.xml", &fixture("conformance/coverage.xml"));
}

/// `coverage-gate ARGS --format json`, its exit code asserted, its JSON.
fn gate_json(repo: &TestRepo, args: &[&str], code: i32) -> Value {
    let out = repo.pactkit(&[&["coverage-gate"], args, &["--format", "json"]].concat());
    assert_code(&out, code);
    json_of(&out)
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}\n{}", render(out)))
}

/// Diff-cover conformance, worked out by hand.
///
/// Changed lines (git diff main..feature, added side):
/// - src/calc/ops.py: line 5 rewritten, 6-18 appended → 5-18 (14 lines);
/// - src/calc/fmt.py: new → 1-6; src/calc/new_untested.py: new → 1-3;
/// - README.md is documentation, not source: not judged.
///
/// Measured lines (the reports list them; blank lines, comments, docstrings are absent):
/// - ops.py, LCOV (coverage.py 7.17, absolute CI paths): 4,5,8,10,11,14,16,17,18 with hits
///   1,1,1,0,0,1,1,0,1; Cobertura (second suite, `<source>` root): 10 hit, 11 not.
///   United: 10 becomes covered. Changed ∩ measured = 5,8,10,11,14,16,17,18 → measured 8;
///   hits > 0: 5,8,10,14,16,18 → covered 6; missing 11,17. Unmeasured changed: 6,7,9,12,13,15.
/// - fmt.py, Cobertura only: 1,2,3,4 with hits 1,1,0,1 → measured 4, covered 3, missing 3;
///   unmeasured 5,6.
/// - new_untested.py: in no report → all three lines unmeasured, "not-in-report".
///
/// Total: covered 9 / measured 12 = 75 % → warn (≥ 50, < 80), exit 0.
/// With only the LCOV report: ops.py 5/8 (10 is missing too), fmt.py not in the report
/// → 62.5 % → warn.
#[test]
fn conformance_with_diff_cover_on_lcov_and_cobertura_united() {
    let repo = feature_repo();
    with_reports(&repo);
    let range = ["--from-ref", "main", "--to-ref", "feature"];
    assert_eq!(
        gate_json(&repo, &range, 0),
        json!({
            "diff_coverage": 75.0,
            "verdict": "warn",
            "files": [
                {"path": "src/calc/fmt.py", "covered": 3, "measured": 4, "missing_lines": [3]},
                {"path": "src/calc/ops.py", "covered": 6, "measured": 8, "missing_lines": [11, 17]},
            ],
            "unmeasured": [
                {"path": "src/calc/fmt.py", "reason": "not-executable", "lines": [5, 6]},
                {"path": "src/calc/new_untested.py", "reason": "not-in-report", "lines": [1, 2, 3]},
                {"path": "src/calc/ops.py", "reason": "not-executable", "lines": [6, 7, 9, 12, 13, 15]},
            ],
        })
    );

    let value = gate_json(&repo, &[&["--report", "lcov.info"], &range[..]].concat(), 0);
    assert_eq!(value["diff_coverage"], json!(62.5), "{value}");
    assert_eq!(
        value["files"],
        json!([{"path": "src/calc/ops.py", "covered": 5, "measured": 8, "missing_lines": [10, 11, 17]}])
    );
    assert_eq!(value["unmeasured"][0]["path"], "src/calc/fmt.py");
    assert_eq!(value["unmeasured"][0]["reason"], "not-in-report");
}

#[test]
fn text_is_a_table_with_missing_ranges_and_block_exits_1() {
    let repo = feature_repo();
    with_reports(&repo);
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.lines().any(|l| l.starts_with("src/calc/ops.py")
            && l.contains("75.0%")
            && l.ends_with("11,17")),
        "{text}"
    );
    assert!(text.contains("TOTAL"), "{text}");
    assert!(
        text.contains("src/calc/new_untested.py: lines 1-3 not in any coverage report"),
        "{text}"
    );
    assert!(text.contains("Verdict: warn"), "{text}");

    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    pass: 90\n    warn: 80\n",
    );
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("Verdict: block (75.0% is below gates.coverage.warn = 80%)"),
        "{}",
        render(&out)
    );
    let value = gate_json(&repo, &["--from-ref", "main"], 1);
    assert_eq!(value["verdict"], "block");

    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    pass: 90\n    warn: 80\n    minimum_change: 13\n",
    );
    let value = gate_json(&repo, &["--from-ref", "main"], 0);
    assert_eq!(
        value["verdict"], "pass",
        "12 measured lines < minimum_change 13"
    );
}

#[test]
fn files_mode_counts_every_line_of_the_files() {
    let repo = feature_repo();
    with_reports(&repo);
    // Whole ops.py: measured 4,5,8,10,11,14,16,17,18 (9); covered all but 11,17 (7).
    let out = repo.pactkit(&["coverage-gate", "--format", "json", "src/calc/ops.py"]);
    assert_code(&out, 0);
    let value = json_of(&out);
    assert_eq!(
        value["files"],
        json!([{"path": "src/calc/ops.py", "covered": 7, "measured": 9, "missing_lines": [11, 17]}])
    );
    assert_eq!(value["diff_coverage"], json!(77.78));
    let out = repo.pactkit(&["coverage-gate", "no/such.py"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("no/such.py"), "{}", render(&out));
}

#[test]
fn no_report_skips_and_names_what_was_looked_for() {
    let repo = feature_repo();
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main", "--format", "json"]);
    assert_code(&out, 0);
    assert_eq!(
        json_of(&out),
        json!({"diff_coverage": null, "verdict": "skip", "files": [], "unmeasured": []})
    );
    assert!(
        stderr(&out).contains("looked for coverage.xml, lcov.info"),
        "{}",
        render(&out)
    );
    // It says how to get a report where it looks, for the stack it found.
    assert!(
        stderr(&out).contains(
            "hint: python: write a report with `python3 -m pytest --cov --cov-report=xml`"
        ),
        "{}",
        render(&out)
    );
    let out = repo.pactkit(&["check", "--gate", "coverage", "--from-ref", "main"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("no coverage report (looked for"),
        "{}",
        render(&out)
    );
    let out = repo.pactkit(&[
        "coverage-gate",
        "--report",
        "missing.info",
        "--from-ref",
        "main",
    ]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--report missing.info: no such file"),
        "{}",
        render(&out)
    );
}

#[test]
fn absolute_prefixes_and_path_map_resolve_report_paths() {
    let repo = TestRepo::new();
    let go = "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc Div(a, b int) int {\n\tif b == 0 {\n\t\tpanic(\"zero\")\n\t}\n\treturn a / b\n}\n";
    repo.write("go/calc/ops.go", "package calc\n")
        .write("legacy/calc/ops.go", "package calc\n")
        .commit_all("chore: base");
    repo.write("go/calc/ops.go", go).commit_all("feat: ops");
    repo.write("cover.out", &fixture("cover.out"));
    // `github.com/acme/calc/ops.go` ends like both go/calc/ops.go and legacy/calc/ops.go:
    // a tie is no match, so the file is not in the report.
    let value = gate_json(&repo, &["--from-ref", "HEAD~1"], 0);
    assert_eq!(value["files"], json!([]), "{value}");
    assert_eq!(value["unmeasured"][0]["reason"], "not-in-report");

    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    path_map:\n      - {from: github.com/acme/, to: go/}\n",
    );
    // Lines 2-12 changed; blocks: 3-5 (4 hits), 7-8 (2), 8-10 (0), 11 (2).
    // Measured 3,4,5,7,8,9,10,11 = 8; missing 9,10 → 6/8 = 75 %.
    let value = gate_json(&repo, &["--from-ref", "HEAD~1"], 0);
    assert_eq!(
        value["files"],
        json!([{"path": "go/calc/ops.go", "covered": 6, "measured": 8, "missing_lines": [9, 10]}]),
        "{value}"
    );
}

#[test]
fn a_truncated_report_is_an_error_naming_file_and_line() {
    let repo = feature_repo();
    let xml = fixture("conformance/coverage.xml");
    let cut = &xml[..xml.find("<line number=\"3\"").expect("fixture line")];
    repo.write("coverage.xml", cut);
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("coverage.xml"), "{err}");
    assert!(err.contains("truncated"), "{err}");
    let last_line = cut.matches('\n').count() + 1;
    assert!(
        err.contains(&format!(
            "error: coverage.xml:{last_line}: Cobertura XML report: truncated"
        )),
        "{err}"
    );
    assert!(err.contains("is never closed"), "{err}");

    repo.write("coverage.xml", "");
    repo.write(
        "lcov.info",
        "SF:src/calc/ops.py\nDA:5,1\nDA:6\nend_of_record\n",
    );
    let out = repo.pactkit(&[
        "coverage-gate",
        "--report",
        "lcov.info",
        "--from-ref",
        "main",
    ]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("lcov.info:3: LCOV report: expected `DA:<line>,<hits>`"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_report_older_than_a_changed_file_is_flagged_stale() {
    let repo = feature_repo();
    with_reports(&repo);
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert!(!stderr(&out).contains("older than"), "{}", render(&out));
    let touched = Command::new("touch")
        .args(["-d", "2020-01-01T00:00:00", "lcov.info"])
        .current_dir(repo.root())
        .status()
        .expect("touch");
    assert!(touched.success());
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("warning: the coverage report lcov.info is older than src/calc/"),
        "{}",
        render(&out)
    );
    let out = repo.pactkit(&["check", "--gate", "coverage", "--from-ref", "main"]);
    assert!(stdout(&out).contains("stale-report"), "{}", render(&out));
}

#[test]
fn the_configured_command_produces_the_report_and_its_failure_is_a_gate_error() {
    let repo = feature_repo();
    repo.write("fixtures/lcov.txt", &fixture("conformance/lcov.info"));
    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    command: echo running tests && cp fixtures/lcov.txt lcov.info\n",
    );
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main", "--format", "json"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("running tests"),
        "command output goes to stderr: {}",
        render(&out)
    );
    assert_eq!(json_of(&out)["diff_coverage"], json!(62.5));

    repo.write("pactkit.yaml", "gates:\n  coverage:\n    command: exit 7\n");
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert_code(&out, 3);
    assert!(stderr(&out).contains("`exit 7` failed"), "{}", render(&out));
    // `check` on a range reads the contract from the range's base, so the failing command
    // must be committed there before it applies.
    let out = repo.pactkit(&["check", "--gate", "coverage", "--from-ref", "main"]);
    assert_code(&out, 0);
    repo.git(&["stash", "-q", "--include-untracked"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["stash", "pop", "-q"]);
    repo.git(&["add", "pactkit.yaml"]);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "chore: coverage command",
    ]);
    repo.git(&["checkout", "-q", "feature"]);
    repo.git(&["rebase", "-q", "main"]);
    let out = repo.pactkit(&["check", "--gate", "coverage", "--from-ref", "main"]);
    assert_code(&out, 1);
    assert!(stdout(&out).contains("`exit 7` failed"), "{}", render(&out));
}

/// `gates.coverage.timeout` bounds the command: one that hangs is killed with every process
/// it started, and the gate fails closed with a message naming the setting, even though a
/// report that would pass is on disk.
#[cfg(target_os = "linux")]
#[test]
fn a_coverage_command_that_hangs_past_the_timeout_is_killed_with_its_group() {
    let repo = feature_repo();
    repo.write("lcov.info", &fixture("conformance/lcov.info"));
    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    command: 'echo $$ > group.pid; sleep 30 & sleep 30'\n    timeout: 1\n",
    );
    let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
    assert_code(&out, 3);
    let text = stderr(&out);
    assert!(
        text.contains("timed out: it did not finish within 1s (gates.coverage.timeout)"),
        "{}",
        render(&out)
    );
    crate::common::assert_recorded_processes_gone(&repo, "the coverage command");
}

/// A command that dies by a signal (directly, or a child of its shell) did not produce
/// its reports: an error, not a pass on whatever report is lying around.
#[test]
fn a_coverage_command_killed_by_a_signal_is_an_error() {
    let repo = feature_repo();
    repo.write("lcov.info", &fixture("conformance/lcov.info"));
    for (command, expected) in [
        ("kill -TERM $$", "killed by signal 15 (SIGTERM)"),
        (
            "sh -c 'kill -KILL $$'; exit $?",
            "killed by signal 9 (SIGKILL), exit status 137",
        ),
    ] {
        repo.write(
            "pactkit.yaml",
            &format!("gates:\n  coverage:\n    command: \"{command}\"\n    timeout: 2\n"),
        );
        let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
        assert_code(&out, 3);
        assert!(
            stderr(&out).contains(&format!("did not finish: it was {expected}")),
            "{}",
            render(&out)
        );
        assert!(
            stderr(&out).contains("its reports are not read"),
            "{}",
            render(&out)
        );
    }
    // Without the command the same report passes (warns): the error above is the command's.
    repo.write("pactkit.yaml", "gates:\n  coverage:\n    timeout: 2\n");
    assert_code(&repo.pactkit(&["coverage-gate", "--from-ref", "main"]), 0);
}

/// `kill -TERM` of pactkit while the coverage command runs: the signal is forwarded to the
/// command's group, which dies (a command that ignores it is killed after the grace
/// period), and pactkit then ends by the same signal.
#[cfg(target_os = "linux")]
#[test]
fn pactkit_terminated_during_the_coverage_command_takes_its_group_along() {
    use std::os::unix::process::ExitStatusExt;
    for command in [
        "sleep 30 & echo $$ $! > group.pid; kill -TERM $PPID; sleep 30",
        "trap \"\" TERM; sleep 30 & echo $$ $! > group.pid; kill -TERM $PPID; sleep 30",
    ] {
        let repo = feature_repo();
        repo.write("lcov.info", &fixture("conformance/lcov.info"));
        repo.write(
            "pactkit.yaml",
            &format!("gates:\n  coverage:\n    command: '{command}'\n    timeout: 60\n"),
        );
        let out = repo.pactkit(&["coverage-gate", "--from-ref", "main"]);
        assert_eq!(out.status.signal(), Some(15), "{command}: {}", render(&out));
        crate::common::assert_recorded_processes_gone(&repo, command);
    }
}

/// A command that finishes within `gates.coverage.timeout` is waited for and its report read.
#[test]
fn a_coverage_command_within_its_timeout_produces_the_report() {
    let repo = feature_repo();
    repo.write("fixtures/lcov.txt", &fixture("conformance/lcov.info"));
    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    command: sleep 0.2 && cp fixtures/lcov.txt lcov.info\n    timeout: 2\n",
    );
    let value = gate_json(&repo, &["--from-ref", "main"], 0);
    assert_eq!(value["diff_coverage"], json!(62.5));
}

#[test]
fn the_gate_blocks_check_and_a_real_push() {
    let repo = TestRepo::new();
    repo.write("src/calc/__init__.py", "")
        .write("src/calc/ops.py", OPS_BASE)
        .write(
            "pactkit.yaml",
            "hooks:\n  pre-push: [coverage]\ngates:\n  coverage:\n    pass: 90\n    warn: 80\n",
        )
        .commit_all("chore: base");
    repo.add_bare_origin("remote.git");
    repo.git(&["push", "-q", "origin", "main"]);
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.write("src/calc/ops.py", &fixture("python/ops.py"))
        .write("src/calc/fmt.py", FMT)
        .commit_all("feat: mul, div and fmt");
    with_reports(&repo);

    // ops.py 6/8 + fmt.py 3/4 = 75 % < warn 80.
    let out = repo.pactkit(&["check", "--gate", "coverage", "--from-ref", "HEAD~1"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("changed-line coverage 75.0% (9 of 12"),
        "{text}"
    );
    assert!(text.contains("src/calc/ops.py:11"), "{text}");

    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("changed-line coverage 75.0%"),
        "{}",
        render(&out)
    );

    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-push: [coverage]\ngates:\n  coverage:\n    pass: 75\n",
    );
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-am",
        "chore: relax coverage",
    ]);
    assert_code(&repo.git_output(&["push", "-q", "origin", "main"]), 0);
}

/// A real coverage.xml from pytest-cov on a tiny project (needs `pip install pytest pytest-cov`).
#[test]
fn a_real_pytest_cov_report_is_read() {
    if !tools::require(&tools::PYTEST_COV) {
        return;
    }
    let repo = feature_repo();
    repo.write(
        "tests/test_calc.py",
        "import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'src'))\n\
         from calc.ops import add, div\nfrom calc.fmt import show\n\n\
         def test_add():\n    assert add(1, 2) == 3\n\n\
         def test_div():\n    assert div(4, 2) == 2\n\n\
         def test_show():\n    assert show(1) == '1'\n",
    );
    let ran = Command::new("python3")
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--cov=src",
            "--cov-report=xml",
            "tests",
        ])
        .current_dir(repo.root())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("pytest");
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stdout)
    );
    // coverage.py measures ops.py as in the fixture, fmt.py lines 1-4 (3 not run), and with
    // `--cov=src` also the never-imported new_untested.py (lines 1-2, both missed):
    // ops.py 5/8 (missing 10, 11, 17), fmt.py 3/4, new_untested.py 0/2 → 8/14 = 57.14 %.
    let value = gate_json(&repo, &["--from-ref", "main"], 0);
    assert_eq!(value["diff_coverage"], json!(57.14), "{value}");
    assert_eq!(value["verdict"], "warn", "{value}");
    assert_eq!(value["files"][1]["missing_lines"], json!([1, 2]), "{value}");
    assert_eq!(
        value["files"][2]["missing_lines"],
        json!([10, 11, 17]),
        "{value}"
    );
}

#[test]
fn check_all_files_judges_whole_files() {
    let repo = feature_repo();
    repo.write("lcov.info", &fixture("conformance/lcov.info"));
    repo.write(
        "pactkit.yaml",
        "gates:\n  coverage:\n    reports: [lcov.info]\n",
    );
    // Every line of every tracked source file counts: in the LCOV report ops.py has 9
    // measured lines, 6 hit (missing 10, 11, 17); fmt.py and new_untested.py are not in it
    // → 6/9 = 66.7 %.
    let out = repo.pactkit(&["check", "--gate", "coverage", "--all-files"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("changed-line coverage 66.7% (6 of 9"),
        "{text}"
    );
    assert!(
        text.contains("src/calc/ops.py:10: 3 changed lines not covered: 10-11,17"),
        "{text}"
    );
}

#[test]
fn go_blocks_with_huge_line_numbers_are_spans_not_lines() {
    let repo = TestRepo::new();
    repo.write("src/app.py", "x = 1\n")
        .commit_all("chore: base");
    repo.write("src/app.py", "x = 1\ny = 2\nz = 3\n")
        .commit_all("feat: more");
    // Before: 100 million lines expanded one by one (36 s, 3.3 GB); 4294967295 aborted.
    repo.write(
        "cover.out",
        "mode: set\nsrc/app.py:1.1,100000000.1 1 1\nsrc/app.py:3.1,4294967295.1 1 0\n",
    );
    let value = gate_json(&repo, &["--from-ref", "HEAD~1"], 0);
    assert_eq!(
        value["files"],
        json!([{"path": "src/app.py", "covered": 2, "measured": 2, "missing_lines": []}]),
        "{value}"
    );
    repo.write("cover.out", "mode: set\nsrc/app.py:5.1,4294967295.1 1 0\n");
    let value = gate_json(&repo, &["--from-ref", "HEAD~1"], 0);
    assert_eq!(value["files"], json!([]), "{value}");
    assert_eq!(
        value["unmeasured"][0]["reason"], "not-executable",
        "{value}"
    );
}

#[test]
fn a_large_lcov_whose_paths_hold_end_of_record_streams_whole() {
    use std::fmt::Write as _;
    let repo = TestRepo::new();
    repo.write("src/end_of_record/app.py", "x = 1\n")
        .commit_all("chore: base");
    repo.write("src/end_of_record/app.py", "x = 1\ny = 2\n")
        .commit_all("feat: y");
    // Over 4 MiB (the read size) of records whose SF paths contain the word: the piece
    // boundary falls inside a record, after an `SF:` line holding `end_of_record`.
    let mut text = String::new();
    for f in 0..600 {
        let _ = writeln!(text, "SF:/ci/src/end_of_record/f{f}.py");
        for line in 1..=1000 {
            let _ = writeln!(text, "DA:{line},1");
        }
        text.push_str("end_of_record\n");
    }
    text.push_str("SF:/ci/src/end_of_record/app.py\nDA:1,1\nDA:2,0\nend_of_record\n");
    assert!(text.len() > 5 << 20, "{}", text.len());
    repo.write("lcov.info", &text);
    let value = gate_json(&repo, &["--from-ref", "HEAD~1"], 0);
    assert_eq!(
        value["files"],
        json!([{"path": "src/end_of_record/app.py", "covered": 0, "measured": 1, "missing_lines": [2]}]),
        "{value}"
    );
}
