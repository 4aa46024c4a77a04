//! The conformance suite: 300+ messages whose expected verdicts (validity, and which rules
//! fire as errors and as warnings) were produced by the real commitlint with
//! `@commitlint/config-conventional` (`bench/commitlint-oracle/`). pactkit must agree.

use super::{LintOptions, Linter, Settings};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    category: String,
    message: String,
    valid: bool,
    errors: Vec<String>,
    warnings: Vec<String>,
}

fn names(problems: &[super::Problem]) -> Vec<String> {
    let mut names: Vec<String> = problems.iter().map(|p| p.rule.clone()).collect();
    names.sort();
    names
}

#[test]
fn pactkit_agrees_with_commitlint_on_every_message() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../../tests/data/commitlint-conformance.json"))
            .unwrap_or_else(|e| panic!("conformance data: {e}"));
    assert!(cases.len() >= 300, "the suite has {} messages", cases.len());
    let linter = Linter::new(&Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut disagreements = Vec::new();
    for case in &cases {
        let report = linter.lint(&case.message, &LintOptions::default());
        let (errors, warnings) = (names(&report.errors), names(&report.warnings));
        if report.valid != case.valid || errors != case.errors || warnings != case.warnings {
            disagreements.push(format!(
                "[{}] {:?}\n    commitlint: valid={} errors={:?} warnings={:?}\n    pactkit:    valid={} errors={:?} warnings={:?}",
                case.category, case.message, case.valid, case.errors, case.warnings, report.valid, errors, warnings
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
