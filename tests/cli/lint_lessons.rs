//! `pactkit lint-lessons`: PASS / FAIL layout, column and row-count errors, missing file.

use crate::common::*;

const LESSONS: &str = "docs/architecture/governance/lessons.md";
const HEAD: &str = "| Date | Lesson | Context |\n|------|--------|---------|\n";

#[test]
fn a_clean_table_passes() {
    let repo = TestRepo::new();
    repo.write(
        LESSONS,
        &format!("# Lessons\n\n{HEAD}| 2026-01-01 | a \\| b in x.rs | c |\n"),
    );
    let out = repo.pactkit(&["lint-lessons"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{LESSONS}\n  Result: PASS\n"));
}

#[test]
fn column_errors_name_their_lines() {
    let repo = TestRepo::new();
    repo.write("l.md", &format!("{HEAD}| 2026-01-01 | a | b | c |\n| 2026-01-02 | a |\n| 2026-01-03 | a | b\n\n| ignored | after | the | table |\n"));
    let out = repo.pactkit(&["lint-lessons", "l.md"]);
    assert_code(&out, 1);
    assert_eq!(
        stdout(&out),
        "l.md\n  ✗ Line 3: expected 3 columns but found 4\n  ✗ Line 4: expected 3 columns but found 2\n  ✗ Line 5: row does not end with '|'\n  Result: FAIL (3 error(s))\n"
    );
}

#[test]
fn missing_header_separator_and_too_many_rows() {
    let repo = TestRepo::new();
    let mut text = String::from("# Lessons\n");
    for i in 0..51 {
        text.push_str(&format!("| 2026-01-{:02} | x{i}.rs | c |\n", i % 28 + 1));
    }
    repo.write("l.md", &text);
    let out = repo.pactkit(&["lint-lessons", "l.md", "--format", "json"]);
    assert_code(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["result"], "FAIL");
    let messages: Vec<&str> = json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "Missing table header: '| Date | Lesson | Context |'",
            "Missing table separator: '|------|--------|---------|'",
            "Row count (51) exceeds max (50) — consider running rotation",
        ]
    );
}

#[test]
fn a_missing_file_fails() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["lint-lessons"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains(&format!("File not found: {LESSONS}")),
        "{}",
        render(&out)
    );
}
