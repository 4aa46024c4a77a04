//! The regression gate: selects the tests a change can break ([`crate::stack::regression`]),
//! runs them with the stack's runner ([`crate::stack::testrun`]) and blocks on a failure; plus
//! pre-existing test protection.
//!
//! Test protection: modifying, renaming or deleting a test that existed in the old state
//! needs a `Test-Change: <reason>` trailer (`gates.regression.protect_tests`). A
//! pre-commit run has no message yet, so protection is judged only when the run has
//! messages: in the commit-msg hook (list `regression` under `hooks.commit-msg`; there the
//! gate judges the trailer and runs no tests), in pre-push (the pushed commits' messages)
//! and in `pactkit check` with a range or a message file.
//!
//! Tests run against the work tree, which in pre-commit may hold unstaged edits.
//! Skipped tests are a warning, never a silent pass; a timeout or a missing runner is an
//! error (`hooks.on_gate_error` decides).

use super::{Finding, GateInput, Outcome, Severity, Trigger};
use crate::config::model::{Enforcement, RegressionGateConfig};
use crate::git::{ChangeKind, ChangeSet};
use crate::githooks::HookType;
use crate::stack::classify::{Conventions, FileClass, classify};
use crate::stack::regression::{self, Decision, Run};
use crate::stack::testmap::Workspace;
use crate::stack::testrun::{self, End};
use std::time::Duration;

/// Runs the gate.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let settings = &input.config.gates.regression;
    let changes = match input.changes.get() {
        Ok(changes) => changes,
        Err(err) => return Outcome::Errored(format!("cannot read the changes: {err}")),
    };
    let mut findings = protection(input, changes, settings);
    if input.trigger == Trigger::Hook(HookType::CommitMsg) {
        return Outcome::from_findings(findings);
    }
    let paths = changed_paths(changes);
    let workspace = Workspace::scan(input.root, &input.config.stack).with_changes(&paths);
    let selection = match (
        non_utf8_name(changes),
        regression::select(&workspace, &paths, settings),
    ) {
        (_, Err(err)) => return Outcome::Errored(err.to_string()),
        (Some(name), Ok(_)) => regression::Selection {
            decision: Decision::Full,
            reason: format!(
                "{name}: a changed file's name is not UTF-8, so its tests cannot be named"
            ),
            tests: Vec::new(),
            crates: Vec::new(),
        },
        (None, Ok(selection)) => selection,
    };
    if selection.decision == Decision::Skip {
        return if findings.is_empty() {
            Outcome::Skipped(format!("SKIP — {}", selection.reason))
        } else {
            Outcome::from_findings(findings)
        };
    }
    let runs = regression::commands(&workspace, &selection, settings);
    if runs.is_empty() && selection.decision == Decision::Full && !workspace.has_code() {
        // A repository of documents and settings (just set up): no test can exist.
        return Outcome::Skipped(format!(
            "FULL — {}, but the repository has no code to test",
            selection.reason
        ));
    }
    if runs.is_empty() && selection.decision == Decision::Full {
        return Outcome::Errored(format!(
            "FULL — {}, but no stack was detected to run tests with; add a marker file, set `stack:` or `gates.regression.command`",
            selection.reason
        ));
    }
    let timeout = Duration::from_secs(settings.timeout.max(1));
    for run in &runs {
        match run_one(input, run, timeout, &mut findings) {
            Ok(()) => {}
            Err(reason) => return Outcome::Errored(reason),
        }
    }
    Outcome::from_findings(findings)
}

/// The first changed path (or old path) that is not UTF-8 and not documentation: the test
/// runner could not be given it by name, so the whole suite runs instead.
fn non_utf8_name(changes: &ChangeSet) -> Option<String> {
    changes
        .files
        .iter()
        .flat_map(|file| std::iter::once(&file.path).chain(&file.old_path))
        .filter(|path| std::str::from_utf8(path).is_err())
        .map(ToString::to_string)
        .find(|lossy| classify(lossy) != FileClass::Docs)
}

/// Changed paths, with the old path of a rename (its tests may import the old name).
fn changed_paths(changes: &ChangeSet) -> Vec<String> {
    let mut paths = Vec::new();
    for file in &changes.files {
        paths.push(file.path.to_string());
        if let Some(old) = &file.old_path {
            paths.push(old.to_string());
        }
    }
    paths.sort_unstable();
    paths.dedup();
    paths
}

fn run_one(
    input: &GateInput<'_>,
    run: &Run,
    timeout: Duration,
    findings: &mut Vec<Finding>,
) -> Result<(), String> {
    let command = run.display();
    let outcome = testrun::execute(input.root, run, timeout);
    if outcome.runner_missing {
        return Err(missing_runner(run));
    }
    let counts = outcome.counts;
    let summary = counts.map_or(String::new(), |c| {
        format!(
            " ({} passed, {} failed, {} skipped)",
            c.passed, c.failed, c.skipped
        )
    });
    let failures = &outcome.failures;
    match &outcome.end {
        End::NotStarted(err) => return Err(format!("cannot start `{command}`: {err}")),
        End::TimedOut => {
            return Err(format!(
                "`{command}` did not finish within {}s (gates.regression.timeout); its processes were killed",
                timeout.as_secs()
            ));
        }
        End::Killed(how) => {
            findings.push(failed(&command, &format!("was {how}"), &summary, failures))
        }
        &End::Exited { success, code } => {
            let no_tests = run.args.iter().any(|a| a == "pytest") && code == Some(5);
            if !success && !no_tests {
                let how = format!("exited with {}", exit_text(code));
                findings.push(failed(&command, &how, &summary, failures));
            }
        }
    }
    if let Some(c) = counts.filter(|c| c.skipped > 0) {
        findings.push(finding(
            Severity::Warning,
            "tests-skipped",
            format!(
                "{} test(s) skipped by `{command}`: a skip is not a pass",
                c.skipped
            ),
            None,
            Some("run the skipped tests, or remove them".into()),
        ));
    }
    Ok(())
}

/// A `tests-failed` finding: `how` the runner ended, its counts and failed tests.
fn failed(command: &str, how: &str, summary: &str, failures: &[String]) -> Finding {
    let mut message = format!("tests failed: `{command}` {how}{summary}");
    for failure in failures {
        message.push_str("\n  ");
        message.push_str(failure);
    }
    finding(Severity::Error, "tests-failed", message, None, None)
}

fn exit_text(code: Option<i32>) -> String {
    code.map_or("a signal".to_owned(), |c| format!("code {c}"))
}

fn missing_runner(run: &Run) -> String {
    let install = match run.stack {
        Some(crate::stack::Lang::Python) => "pip install pytest",
        Some(crate::stack::Lang::Node) => "npm install --save-dev vitest (or jest)",
        Some(crate::stack::Lang::Go) => "install Go from https://go.dev/dl/",
        Some(crate::stack::Lang::Java) => "install Maven or Gradle",
        Some(crate::stack::Lang::Rust) => "install Rust with rustup",
        None => "fix gates.regression.command",
    };
    format!(
        "the test runner of `{}` is not installed: {install}, or set gates.regression.command",
        run.display()
    )
}

/// Pre-existing tests changed without a `Test-Change:` trailer.
fn protection(
    input: &GateInput<'_>,
    changes: &ChangeSet,
    settings: &RegressionGateConfig,
) -> Vec<Finding> {
    let severity = match settings.protect_tests {
        Enforcement::Off => return Vec::new(),
        Enforcement::Warn => Severity::Warning,
        Enforcement::Block => Severity::Error,
    };
    if input.messages.is_empty()
        || input
            .messages
            .iter()
            .any(|m| super::spec::has_trailer(&m.as_stored(), "Test-Change"))
    {
        return Vec::new();
    }
    let olds: Vec<String> = changes
        .files
        .iter()
        .map(|file| file.old_path.as_ref().unwrap_or(&file.path).to_string())
        .collect();
    let conventions = Conventions::around(olds.iter().map(String::as_str), |path| {
        std::fs::read_to_string(input.root.join(path)).ok()
    });
    let mut findings = Vec::new();
    for (file, old) in changes.files.iter().zip(olds) {
        let verb = match file.kind {
            ChangeKind::Added => continue,
            // A mode change leaves the test as it was.
            ChangeKind::Modified if file.old_id == file.new_id => continue,
            ChangeKind::Deleted => "deletes",
            ChangeKind::Renamed { .. } => "renames",
            ChangeKind::Modified | ChangeKind::TypeChanged => "modifies",
        };
        if conventions.classify(&old) != FileClass::Test {
            continue;
        }
        findings.push(finding(
            severity,
            "test-change",
            format!("the change {verb} the existing test {old}"),
            Some(old),
            Some("fix the code, not the test; if the test itself was wrong, add a `Test-Change: <reason>` trailer to the commit message".into()),
        ));
    }
    findings
}

fn finding(
    severity: Severity,
    rule: &str,
    message: String,
    file: Option<String>,
    hint: Option<String>,
) -> Finding {
    Finding {
        severity,
        rule: rule.into(),
        message,
        subject: file.clone(),
        file,
        line: None,
        hint,
    }
}
