//! Tests of the spec linter's patterns.

#[test]
fn ascii_and_unicode_pattern_forms_agree_on_every_ascii_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/specs");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
        if !text.is_ascii() {
            continue;
        }
        let stripped = super::spec::strip_code_blocks(&text).unwrap_or_else(|| text.clone());
        for rx in super::spec::ALL_PATTERNS
            .iter()
            .copied()
            .chain([&GIVEN, &WHEN, &THEN, &REQ_REF])
        {
            rx.assert_forms_agree(&text);
            rx.assert_forms_agree(&stripped);
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} ASCII fixtures");
}

use super::*;

fn rules(text: &str) -> Vec<String> {
    rules_of(&lint("t.md", text.as_bytes()))
}

const CLEAN: &str = "# STORY-a-1: T\n\n| Field | Value |\n|---|---|\n| ID | STORY-a-1 |\n\
    | Status | Draft |\n| Priority | P1 |\n| Release | 1.0 |\n\n## Background\nb\n\n\
    ## Requirements\n### R1: x (MUST)\nIt MUST.\n\n## Acceptance Criteria\n### AC1: y (R1)\n\
    - **Given** a\n- **When** b\n- **Then** c\n\n## Target Call Chain\na -> b\n\n\
    ## Security Scope\n| Check | Applicable | Reason |\n|---|---|---|\n| SEC-1 | N/A | x |\n\n\
    ## Out of Scope\n- z\n";

#[test]
fn a_complete_spec_passes_clean() {
    assert_eq!(rules(CLEAN), Vec::<String>::new());
}

#[test]
fn release_tbd_is_an_error_only_once_the_spec_leaves_draft() {
    let draft = CLEAN.replace("| Release | 1.0 |", "| Release | TBD |");
    assert_eq!(rules(&draft), Vec::<String>::new());
    let e008 = "E008 Release field is 'TBD' — must be a concrete version before Act";
    for status in ["In Progress", "Done", "WIP"] {
        let text = draft.replace("| Status | Draft |", &format!("| Status | {status} |"));
        assert_eq!(
            rules(&text).first().map(String::as_str),
            Some(e008),
            "{status}"
        );
    }
}

#[test]
fn gherkin_keywords_are_whole_words() {
    let text = CLEAN.replace("- **When** b", "- whenever b");
    assert_eq!(rules(&text), ["E007 AC1 missing keyword(s): WHEN"]);
}

#[test]
fn rfc_keywords_are_whole_upper_case_words() {
    let text = CLEAN.replace("(MUST)\nIt MUST.", "(MUSTARD)\nIt must.");
    assert_eq!(
        rules(&text),
        ["W003 No RFC 2119 keywords (MUST/SHOULD/MAY) found in Requirements"]
    );
}

#[test]
fn w007_names_the_first_keyword_and_ignores_longer_ids() {
    let text = CLEAN
        .replace("### AC1: y (R1)", "### AC1: y (R10, cr1)")
        .replace("It MUST.", "It SHOULD, and MAY.");
    assert_eq!(
        rules(&text),
        ["W007 Requirement R1 has no corresponding AC reference (MUST)"]
    );
    let text = CLEAN
        .replace("### AC1: y (R1)", "### AC1: y (r1)")
        .replace("### R1: x (MUST)", "### R1: x");
    assert_eq!(rules(&text), Vec::<String>::new());
}

#[test]
fn undecodable_bytes_are_one_error_with_a_line() {
    let result = lint("bad.md", b"ok\n\xFF");
    assert_eq!(
        rules_of(&result),
        ["E000 Cannot decode bad.md: invalid UTF-8 at byte 3 (line 2)"]
    );
}

fn rules_of(result: &LintResult) -> Vec<String> {
    result
        .diagnostics
        .iter()
        .map(|d| match d.line {
            Some(line) => format!("{} {} (line {line})", d.rule, d.message),
            None => format!("{} {}", d.rule, d.message),
        })
        .collect()
}
