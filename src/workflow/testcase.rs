//! Test-case documents (`docs/test_cases/<ID>_case.md`) and the
//! `lint-testcase` rules: at least one `## TC-<n>` scenario heading and the three
//! bold Given / When / Then keywords somewhere in the file.

use regex::Regex;
use std::sync::LazyLock;

/// PactKit's scenario heading pattern (searched anywhere, as PactKit does).
pub const SCENARIO_PATTERN: &str = r"## TC-\d+[:\s]";
/// The keywords every test-case file must contain.
pub const KEYWORDS: [&str; 3] = ["**Given**", "**When**", "**Then**"];

static SCENARIO: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, exercised by the unit tests.
    Regex::new(SCENARIO_PATTERN).expect("valid built-in regex")
});

/// The `lint-testcase` findings, in PactKit's order and wording.
pub fn lint(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if !SCENARIO.is_match(text) {
        errors.push(format!(
            "No scenario headings found. Expected pattern matching '{SCENARIO_PATTERN}' (e.g. '## TC-01: ...')"
        ));
    }
    for keyword in KEYWORDS {
        if !text.contains(keyword) {
            errors.push(format!("Missing keyword: '{keyword}'"));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_case_file_passes() {
        let text = "# Test Cases: STORY-001 — x\n\n## TC-01: a\n- **Given** g\n- **When** w\n- **Then** t\n";
        assert!(lint(text).is_empty());
        assert!(lint("## TC-7\n**Given** **When** **Then**").is_empty());
    }

    #[test]
    fn missing_parts_are_each_reported() {
        let errors = lint("## AC1: old style\n- **Given** g\n- **then** t\n");
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("No scenario headings found."));
        assert_eq!(errors[1], "Missing keyword: '**When**'");
        assert_eq!(errors[2], "Missing keyword: '**Then**'");
        assert!(!lint("## TC-x: nope\n").is_empty());
    }
}
