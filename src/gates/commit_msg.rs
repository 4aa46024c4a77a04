//! The commit-msg gate: every commit message in the run must satisfy the configured
//! Conventional Commits rules (see [`crate::commitmsg`]).

use super::{Finding, GateInput, Outcome, Severity};
use crate::commitmsg::{LintOptions, Linter, Problem};

/// Lints every message of the run.
pub fn run(input: &GateInput<'_>) -> Outcome {
    if input.messages.is_empty() {
        return Outcome::Skipped("no commit message in this run".into());
    }
    let linter = match Linter::new(&input.config.gates.commit_msg) {
        Ok(linter) => linter,
        Err(err) => return Outcome::Errored(format!("invalid gates.commit-msg settings: {err}")),
    };
    let mut findings = Vec::new();
    for message in input.messages {
        let options = LintOptions {
            cleanup: message.cleanup,
            branch: input.branch,
        };
        let report = linter.lint(&message.text, &options);
        let errors = report
            .errors
            .iter()
            .map(|p| finding(p, Severity::Error, &message.source));
        let warnings = report
            .warnings
            .iter()
            .map(|p| finding(p, Severity::Warning, &message.source));
        findings.extend(errors.chain(warnings));
    }
    Outcome::from_findings(findings)
}

fn finding(problem: &Problem, severity: Severity, source: &str) -> Finding {
    Finding {
        severity,
        rule: problem.rule.clone(),
        message: problem.message.clone(),
        subject: Some(source.to_owned()),
        file: None,
        line: None,
        hint: problem.hint.clone(),
    }
}
