//! Tests of the spec document reader: the sections, the header table, the patterns.

use super::*;

fn doc(text: &str) -> SpecDoc<'_> {
    SpecDoc::from_text(Cow::Borrowed(text))
}

#[test]
fn decode_strips_bom_and_normalises_newlines() {
    assert_eq!(
        decode(b"\xEF\xBB\xBFa\r\nb\rc\n").ok().as_deref(),
        Some("a\nb\nc\n")
    );
    assert!(matches!(decode(b"plain"), Ok(Cow::Borrowed("plain"))));
}

#[test]
fn decode_reports_the_offset_and_line_of_invalid_utf8() {
    let err = decode(b"\xEF\xBB\xBFok\nbad \xFF here").err();
    assert_eq!(
        err,
        Some(DecodeError {
            offset: 10,
            line: 2
        })
    );
}

#[test]
fn code_blocks_blank_to_newlines_and_unclosed_fences_to_eof() {
    let text = "a\n```md\n## Requirements\n```\nb\n```\nopen\nstill\n";
    assert_eq!(
        strip_code_blocks(text).as_deref(),
        Some("a\n\n\n\nb\n\n\n\n")
    );
    assert_eq!(strip_code_blocks("no fences"), None);
}

#[test]
fn blanking_matches_python_on_odd_fences() {
    // Expected values produced by PactKit's two regexes under CPython's `re`.
    let cases = [
        ("```\nx\n``````\ny\n", Some("\n\n\n\n")),
        ("a```\n```\nb\n```", Some("a```\n\n\n")),
        ("```\n```\n```\nz\n", Some("\n\n\n\n")),
        ("x\n```", None),
    ];
    for (text, expected) in cases {
        assert_eq!(strip_code_blocks(text).as_deref(), expected, "{text:?}");
    }
}

#[test]
fn headings_follow_python_whitespace_and_case_folding() {
    // Expected values produced by PactKit's section regexes under CPython's `re`.
    let req = SectionName::Requirements;
    let text = "##\n\nRequirements\nx\n##\ny";
    assert_eq!(section_text(text, req), Some("##\n\nRequirements\nx\n"));
    let text = "## Requirements x\n## REQUIREMENTS \t\nbody\n##\tNext";
    assert_eq!(section_text(text, req), Some("## REQUIREMENTS \t\nbody\n"));
    let text = "## Bac\u{212a}ground\n";
    assert_eq!(section_text(text, SectionName::Background), Some(text));
    let text = "##  Requ\u{131}rements\n";
    assert_eq!(section_text(text, req), Some(text));
    let outline = Outline::new("## Requirements x\n## REQUIREMENTS \t\nbody\n##\tNext");
    assert_eq!(outline.section(req), Some("## REQUIREMENTS \t\nbody\n"));
}

#[test]
fn sections_end_at_the_next_h2_and_match_case_insensitively() {
    let text = "# T\n## requirements  \nbody\n### R1: x\n## Next\n";
    let range = find_section(text, SectionName::Requirements);
    assert_eq!(
        range.map(|r| &text[r]),
        Some("## requirements  \nbody\n### R1: x\n")
    );
    assert_eq!(find_section(text, SectionName::Background), None);
}

#[test]
fn wrong_level_prefers_h1_then_h3_then_h4() {
    let text = "x\n#### Security Scope\n### Security Scope\n# Security Scope\n";
    let found = wrong_heading_level(text, SectionName::SecurityScope);
    assert_eq!(found, Some(WrongLevel { hashes: 1, line: 4 }));
    let text = "x\n#### Security Scope\n### Security Scope\n";
    let found = wrong_heading_level(text, SectionName::SecurityScope);
    assert_eq!(found, Some(WrongLevel { hashes: 3, line: 3 }));
}

#[test]
fn metadata_later_rows_override_and_names_are_case_sensitive() {
    let text =
        "| Field | Value |\n|---|---|\n| Status | Draft |\n| status | x |\n\n| Status | Done |\n";
    let meta = metadata(text).unwrap_or_default();
    assert_eq!(meta.get("Status"), Some("Done"));
    assert_eq!(meta.get("status"), Some("x"));
    assert_eq!(meta.rows.len(), 3);
    assert_eq!(meta.rows[2].line, 6);
    assert_eq!(metadata("| A | b |\n"), None);
}

#[test]
fn parse_builds_a_line_numbered_model() {
    let text = "# STORY-a-1: Title here\n\n| Field | Value |\n|-|-|\n| ID | STORY-a-1 |\n\n\
        ## Requirements\n### R1: One (MUST)\n```\n### R9: fenced\n```\n### R2: Two\n\
        ## Acceptance Criteria\n### AC1: a (R1)\n### Scenario 2: b\n\
        ## Security Scope\n| Check | Applicable |\n|---|---|\n| SEC-1 | N/A |\n";
    let d = doc(text);
    let spec = parse(&d);
    assert_eq!(
        spec.title.map(|t| (t.id, t.text, t.line)),
        Some(("STORY-a-1", "Title here", 1))
    );
    let reqs: Vec<_> = spec.requirements.iter().map(|s| (s.id, s.line)).collect();
    assert_eq!(reqs, [("R1", 8), ("R2", 12)]);
    let acs: Vec<_> = spec
        .acceptance_criteria
        .iter()
        .map(|s| (s.id, s.line))
        .collect();
    assert_eq!(acs, [("AC1", 14), ("Scenario 2", 15)]);
    assert_eq!(
        spec.security_scope.first().map(|s| (s.check, s.line)),
        Some(("SEC-1", 19))
    );
    let heads: Vec<_> = spec
        .sections
        .iter()
        .map(|s| (s.heading, s.first_line, s.last_line))
        .collect();
    assert_eq!(
        heads,
        [
            ("Requirements", 7, 12),
            ("Acceptance Criteria", 13, 15),
            ("Security Scope", 16, 19)
        ]
    );
}
