//! `pactkit spec-lint`: the conformance suite (`tests/data/specs/<case>.md` with the
//! expected text output in `<case>.expected`, written from PactKit's behaviour) and
//! the command's behaviour through the real binary.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/specs")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).expect("read fixture")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".md").map(str::to_owned))
        .collect();
    names.sort();
    names
}

fn spec_lint_in(dir: &Path, args: &[&str]) -> Output {
    let repo = TestRepo::empty_dir();
    let mut cmd = repo.pactkit_cmd();
    cmd.current_dir(dir).arg("spec-lint").args(args);
    cmd.output().expect("run pactkit")
}

fn expected_code(expected: &str) -> i32 {
    if expected.ends_with("  Result: PASS\n") {
        0
    } else {
        1
    }
}

#[test]
fn conformance_cases_match_their_expected_output() {
    let cases = cases();
    assert!(cases.len() >= 12, "fixtures missing: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let expected = fixture(&format!("{case}.expected"));
        let out = spec_lint_in(&fixtures(), &[&format!("{case}.md")]);
        if stdout(&out) != expected || code(&out) != expected_code(&expected) {
            failures.push(format!(
                "--- {case}: expected\n{expected}--- got\n{}",
                render(&out)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn crlf_and_bom_do_not_change_results_or_line_numbers() {
    let repo = TestRepo::empty_dir();
    for case in [
        "clean",
        "verified_example",
        "wrong_levels",
        "fenced",
        "case_rules",
    ] {
        let lf = fixture(&format!("{case}.md"));
        let expected = fixture(&format!("{case}.expected"));
        let crlf = lf.replace('\n', "\r\n");
        let variants: [(&str, Vec<u8>); 3] = [
            ("CRLF", crlf.clone().into_bytes()),
            ("BOM", [b"\xEF\xBB\xBF".as_slice(), lf.as_bytes()].concat()),
            (
                "BOM+CRLF",
                [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat(),
            ),
        ];
        for (label, bytes) in variants {
            repo.write_bytes(&format!("{case}.md"), &bytes);
            let out = repo.pactkit(&["spec-lint", &format!("{case}.md")]);
            assert_eq!(
                stdout(&out),
                expected,
                "{case} with {label}:\n{}",
                render(&out)
            );
            assert_code(&out, expected_code(&expected));
        }
    }
}

#[test]
fn a_single_passing_spec_exits_zero() {
    let out = spec_lint_in(&fixtures(), &["clean.md"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "clean.md\n  Result: PASS\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn several_specs_print_in_input_order_and_fail_if_any_fails() {
    let names = ["wrong_levels", "clean", "w007_keyword", "scaffold", "clean"];
    let args: Vec<String> = names.iter().map(|n| format!("{n}.md")).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = spec_lint_in(&fixtures(), &args);
    let expected: String = names
        .iter()
        .map(|n| fixture(&format!("{n}.expected")))
        .collect();
    assert_eq!(stdout(&out), expected, "{}", render(&out));
    assert_code(&out, 1);

    let out = spec_lint_in(&fixtures(), &["clean.md", "w007_keyword.md"]);
    assert_code(&out, 0);
}

#[test]
fn many_specs_are_linted_in_parallel_in_input_order() {
    let repo = TestRepo::empty_dir();
    let clean = fixture("clean.md");
    let broken = fixture("verified_example.md");
    let mut args = vec!["spec-lint".to_owned()];
    let mut expected = String::new();
    for i in 0..60 {
        let name = format!("s{i:02}.md");
        let body = if i % 7 == 3 { &broken } else { &clean };
        repo.write(&name, body);
        expected.push_str(&format!("{name}\n"));
        let report = if i % 7 == 3 {
            fixture("verified_example.expected")
        } else {
            fixture("clean.expected")
        };
        expected.push_str(report.split_once('\n').map_or("", |(_, rest)| rest));
        args.push(name);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = repo.pactkit(&args);
    assert_eq!(stdout(&out), expected);
    assert_code(&out, 1);
}

#[test]
fn all_lints_matching_files_sorted_by_name() {
    let repo = TestRepo::empty_dir();
    let clean = fixture("clean.md");
    for name in [
        "STORY-b-002.md",
        "BUG-bob-01-001.md",
        "STORY-001.md",
        "TEMPLATE.md",
        "README.md",
        "story-003.md",
        "STORY-Bob-004.md",
    ] {
        repo.write(&format!("docs/specs/{name}"), &clean);
    }
    // A scaffolded spec that left Draft with Release still TBD fails E008.
    let started = fixture("scaffold.md").replace("| Status | Draft |", "| Status | In Progress |");
    repo.write("docs/specs/HOTFIX-a-9.md", &started);
    std::fs::create_dir_all(repo.path("docs/specs/STORY-999.md")).expect("dir");
    let out = repo.pactkit(&["spec-lint", "--all"]);
    let block = |p: &str| format!("docs/specs/{p}\n  Result: PASS\n");
    let scaffold = "docs/specs/HOTFIX-a-9.md\n  \
        [ERROR] E008: Release field is 'TBD' — must be a concrete version before Act\n  \
        [WARN]  W008: ## Background still contains scaffold placeholder text\n  \
        [WARN]  W008: ## Target Call Chain still contains scaffold placeholder text\n  \
        Result: FAIL (1 error(s), 2 warning(s))\n"
        .to_owned();
    let expected = [
        block("BUG-bob-01-001.md"),
        scaffold,
        block("STORY-001.md"),
        block("STORY-b-002.md"),
    ]
    .concat();
    assert_eq!(stdout(&out), expected, "{}", render(&out));
    assert_code(&out, 1);
}

#[test]
fn all_honours_specs_dir_relative_to_the_current_directory() {
    let repo = TestRepo::empty_dir();
    repo.write("specs/STORY-001.md", &fixture("clean.md"));
    std::fs::create_dir_all(repo.path("sub")).expect("dir");
    let mut cmd = repo.pactkit_cmd();
    cmd.current_dir(repo.path("sub"))
        .args(["spec-lint", "--all", "--specs-dir", "./../specs/"]);
    let out = cmd.output().expect("run");
    assert_eq!(
        stdout(&out),
        "../specs/STORY-001.md\n  Result: PASS\n",
        "{}",
        render(&out)
    );
    assert_code(&out, 0);
    let out = repo.pactkit(&["-C", "sub", "spec-lint", "--all", "--specs-dir", "../specs"]);
    assert_code(&out, 0);
}

#[test]
fn json_output_is_machine_readable() {
    let out = spec_lint_in(
        &fixtures(),
        &[
            "--format",
            "json",
            "clean.md",
            "verified_example.md",
            "missing.md",
        ],
    );
    assert_code(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let files = json.as_array().expect("array");
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["file"], "clean.md");
    assert_eq!(files[0]["result"], "PASS");
    assert_eq!(files[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(files[1]["result"], "FAIL");
    let diags = files[1]["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 10);
    assert_eq!(
        diags[0],
        serde_json::json!({"rule": "E002", "severity": "error",
            "message": "Missing or empty required metadata field: Priority", "line": null})
    );
    assert_eq!(diags[6]["rule"], "W009");
    assert_eq!(diags[6]["severity"], "warning");
    assert_eq!(diags[6]["line"], 8);
    assert_eq!(
        files[2]["diagnostics"][0]["message"],
        "File not found: missing.md"
    );
}

#[test]
fn a_missing_file_is_e000() {
    let out = spec_lint_in(&fixtures(), &["docs/specs/STORY-404.md"]);
    assert_eq!(
        stdout(&out),
        "docs/specs/STORY-404.md\n  [ERROR] E000: File not found: docs/specs/STORY-404.md\n  Result: FAIL (1 error(s), 0 warning(s))\n"
    );
    assert_code(&out, 1);
}

#[test]
fn a_spec_without_a_table_is_e001_only_for_metadata() {
    let repo = TestRepo::empty_dir();
    let text = fixture("clean.md").replace("| Field | Value |\n|-------|-------|\n", "");
    repo.write("s.md", &text);
    let out = repo.pactkit(&["spec-lint", "s.md"]);
    assert_eq!(
        stdout(&out),
        "s.md\n  [ERROR] E001: Missing metadata table (| Field | Value | header not found)\n  Result: FAIL (1 error(s), 0 warning(s))\n"
    );
    assert_code(&out, 1);
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file_not_a_crash() {
    let repo = TestRepo::empty_dir();
    repo.write_bytes("bad.md", b"# STORY-1: x\n\nbad \xC3\x28 byte\n");
    repo.write("good.md", &fixture("clean.md"));
    let out = repo.pactkit(&["spec-lint", "bad.md", "good.md"]);
    assert_eq!(
        stdout(&out),
        "bad.md\n  [ERROR] E000: Cannot decode bad.md: invalid UTF-8 at byte 18 (line 3)\n  Result: FAIL (1 error(s), 0 warning(s))\ngood.md\n  Result: PASS\n"
    );
    assert_code(&out, 1);
}

#[test]
fn a_missing_specs_dir_is_an_error() {
    let repo = TestRepo::empty_dir();
    let out = repo.pactkit(&["spec-lint", "--all", "--specs-dir", "nope/"]);
    assert_code(&out, 1);
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("specs directory 'nope' not found"),
        "{}",
        render(&out)
    );
}

#[test]
fn an_empty_specs_dir_finds_nothing_and_passes() {
    let repo = TestRepo::empty_dir();
    repo.write("docs/specs/TEMPLATE.md", "# template\n");
    let out = repo.pactkit(&["spec-lint", "--all"]);
    assert_eq!(stdout(&out), "No spec files found in 'docs/specs'\n");
    assert_code(&out, 0);
    let out = repo.pactkit(&["spec-lint", "--all", "--format", "json"]);
    assert_eq!(stdout(&out), "[]\n");
    assert_code(&out, 0);
}

#[test]
fn neither_spec_nor_all_is_a_usage_error() {
    let repo = TestRepo::empty_dir();
    let out = repo.pactkit(&["spec-lint"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("spec-lint needs SPEC paths or --all"),
        "{}",
        render(&out)
    );
    let out = repo.pactkit(&["spec-lint", "--all", "x.md"]);
    assert_code(&out, 2);
}

/// From a subdirectory, `--all` finds the project's specs and an id names its spec, as
/// with the other document commands.
#[test]
fn ids_and_all_resolve_from_the_repository_root_in_a_subdirectory() {
    let repo = TestRepo::new();
    repo.write("docs/specs/STORY-001.md", &fixture("clean.md"));
    repo.write("src/pkg/keep.txt", "");
    let run = |args: &[&str]| {
        let mut cmd = repo.pactkit_cmd();
        cmd.current_dir(repo.path("src/pkg")).args(args);
        cmd.output().expect("run pactkit")
    };
    let expected = "docs/specs/STORY-001.md\n  Result: PASS\n";
    let out = run(&["spec-lint", "--all"]);
    assert_eq!(stdout(&out), expected, "{}", render(&out));
    assert_code(&out, 0);
    let out = run(&["spec-lint", "STORY-001"]);
    assert_eq!(stdout(&out), expected, "{}", render(&out));
    assert_code(&out, 0);
    // From the root too, an id is its spec.
    let out = repo.pactkit(&["spec-lint", "STORY-001"]);
    assert_eq!(stdout(&out), expected, "{}", render(&out));
    // A missing id is the usual E000 naming the path it looked for.
    let out = run(&["spec-lint", "STORY-009"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("E000: File not found: docs/specs/STORY-009.md"),
        "{}",
        render(&out)
    );
}
