//! `pactkit lint-testcase`: scenario headings and the Given / When / Then keywords.

use crate::common::*;

const CASE: &str = "docs/test_cases/STORY-001_case.md";

#[test]
fn a_complete_case_file_passes() {
    let repo = TestRepo::new();
    repo.write(CASE, "# Test Cases: STORY-001 — x\n\n## TC-01: a (AC1)\n- **Given** g\n- **When** w\n- **Then** t\n");
    let out = repo.pactkit(&["lint-testcase", CASE]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{CASE}\n  Result: PASS\n"));
}

#[test]
fn missing_headings_and_keywords_are_each_reported() {
    let repo = TestRepo::new();
    repo.write(
        CASE,
        "# Test Cases\n\n## AC1: old style\n```gherkin\nGiven g\n```\n- **When** w\n",
    );
    let out = repo.pactkit(&["lint-testcase", CASE]);
    assert_code(&out, 1);
    assert_eq!(
        stdout(&out),
        format!(
            "{CASE}\n  ✗ No scenario headings found. Expected pattern matching '## TC-\\d+[:\\s]' (e.g. '## TC-01: ...')\n  ✗ Missing keyword: '**Given**'\n  ✗ Missing keyword: '**Then**'\n  Result: FAIL (3 error(s))\n"
        )
    );
    let out = repo.pactkit(&["lint-testcase", CASE, "--format", "json"]);
    assert_code(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["file"], CASE);
    assert_eq!(json["result"], "FAIL");
    assert_eq!(json["errors"][1]["message"], "Missing keyword: '**Given**'");
}

#[test]
fn a_missing_file_fails() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["lint-testcase", "nope.md"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("File not found: nope.md"),
        "{}",
        render(&out)
    );
}
