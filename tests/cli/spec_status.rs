//! `pactkit spec-status`: the Status row is rewritten and nothing else; bad input is an
//! error that names the file and leaves it alone.

use crate::common::*;

const SPEC: &str = "# STORY-001: Login\n\n| Field | Value |\n|-------|-------|\n| ID | STORY-001 |\n| Status | Draft |\n| Priority | P1 |\n| Release | TBD |\n\n## Requirements\n";
const PATH: &str = "docs/specs/STORY-001.md";

#[test]
fn an_id_resolves_to_the_spec_and_only_the_row_changes() {
    let repo = TestRepo::new();
    repo.write(PATH, SPEC);
    let out = repo.pactkit(&["spec-status", "STORY-001", "Done"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "Updated STORY-001.md: Draft → Done\n",
        "{}",
        render(&out)
    );
    assert_eq!(
        repo.read(PATH),
        SPEC.replace("| Status | Draft |", "| Status | Done |")
    );
}

#[test]
fn in_progress_is_accepted_in_both_spellings() {
    let repo = TestRepo::new();
    repo.write(PATH, SPEC);
    let out = repo.pactkit(&["spec-status", PATH, "in-progress"]);
    assert_code(&out, 0);
    assert!(repo.read(PATH).contains("| Status | In Progress |\n"));
    let out = repo.pactkit(&["spec-status", PATH, "In Progress"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "Status already 'In Progress'\n");
}

#[test]
fn an_unchanged_status_leaves_the_file_alone() {
    let repo = TestRepo::new();
    let odd = SPEC.replace("| Status | Draft |", "|Status|   Done |");
    repo.write(PATH, &odd);
    let out = repo.pactkit(&["spec-status", PATH, "done"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "Status already 'Done'\n");
    assert_eq!(repo.read(PATH), odd);
}

#[test]
fn crlf_and_bom_are_kept_byte_for_byte() {
    let repo = TestRepo::new();
    let crlf = format!("\u{FEFF}{}", SPEC.replace('\n', "\r\n"));
    let crlf = crlf.trim_end_matches("\r\n").to_owned();
    repo.write_bytes(PATH, crlf.as_bytes());
    let out = repo.pactkit(&["spec-status", PATH, "Done"]);
    assert_code(&out, 0);
    let after = std::fs::read(repo.path(PATH)).expect("read");
    assert_eq!(
        after,
        crlf.replace("| Status | Draft |", "| Status | Done |")
            .into_bytes()
    );
}

#[test]
fn a_spec_without_a_table_or_status_row_is_an_error() {
    let repo = TestRepo::new();
    let no_table = "# STORY-001: Login\n\n| Status | Draft |\n";
    repo.write(PATH, no_table);
    let out = repo.pactkit(&["spec-status", PATH, "Done"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains(PATH) && err.contains("no metadata table") && err.contains("hint:"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read(PATH), no_table);

    let no_row = SPEC.replace("| Status | Draft |\n", "");
    repo.write(PATH, &no_row);
    let out = repo.pactkit(&["spec-status", PATH, "Done"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("no Status row"), "{}", render(&out));
    assert_eq!(repo.read(PATH), no_row);
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["spec-status", "STORY-042", "Done"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("docs/specs/STORY-042.md: no such file")
            && stderr(&out).contains("hint:"),
        "{}",
        render(&out)
    );
}

#[test]
fn invalid_utf8_is_an_error_and_the_file_is_unchanged() {
    let repo = TestRepo::new();
    let mut bytes = SPEC.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xFF\xFE broken\n");
    repo.write_bytes(PATH, &bytes);
    let out = repo.pactkit(&["spec-status", PATH, "Done"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", render(&out));
    assert_eq!(std::fs::read(repo.path(PATH)).expect("read"), bytes);
}

#[test]
fn an_unknown_status_is_a_usage_error() {
    let repo = TestRepo::new();
    repo.write(PATH, SPEC);
    let out = repo.pactkit(&["spec-status", PATH, "Shipped"]);
    assert_code(&out, 2);
    assert_eq!(repo.read(PATH), SPEC);
}

#[test]
fn json_reports_old_and_new() {
    let repo = TestRepo::new();
    repo.write(PATH, SPEC);
    let out = repo.pactkit(&["spec-status", "STORY-001", "Done", "--format", "json"]);
    assert_code(&out, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["action"], "updated");
    assert_eq!(json["old"], "Draft");
    assert_eq!(json["new"], "Done");
    assert_eq!(json["file"], PATH);
}

/// The metadata table's row is the one set, even when a later table has a Status column.
#[test]
fn the_metadata_rows_status_is_set_not_a_later_tables() {
    let repo = TestRepo::new();
    let text = format!(
        "{SPEC}\n## Rollout\n\n| Status | Meaning |\n|--------|---------|\n| Done | shipped |\n"
    );
    repo.write(PATH, &text);
    let out = repo.pactkit(&["spec-status", "STORY-001", "In Progress"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "Updated STORY-001.md: Draft → In Progress\n",
        "{}",
        render(&out)
    );
    assert_eq!(
        repo.read(PATH),
        text.replacen("| Status | Draft |", "| Status | In Progress |", 1)
    );
}
