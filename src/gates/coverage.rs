//! The coverage gate: the changed lines of source files must be covered by the tests, as
//! measured by the project's coverage reports (diff-cover's algorithm, see
//! [`crate::coverage::diff`]). Also the engine behind `pactkit coverage-gate`: selecting
//! the changed files, finding and producing the reports, staleness, the verdict.
//!
//! Only files the classifier calls source count; deleted, binary and special files do not.

use super::{Compare, Finding, GateInput, Outcome, Severity};
use crate::config::CoverageGateConfig;
use crate::coverage::diff::{self, ChangedFile, DiffCoverage, Thresholds, Verdict};
use crate::coverage::paths::PathResolver;
use crate::coverage::{self, ReportError};
use crate::git::{ByteSlice, ChangeKind, ChangeSet, LineRange, Repo};
use crate::infra::child::{self, Ending, LineSink, Options, Stream};
use crate::stack::classify::Conventions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Runs the gate on the run's change set.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let settings = &input.config.gates.coverage;
    let thresholds = thresholds(settings);
    if let Err(err) = thresholds.validate() {
        return Outcome::Errored(err);
    }
    let changes = match input.changes.get() {
        Ok(changes) => changes,
        Err(err) => return Outcome::Errored(format!("cannot compute the change set: {err}")),
    };
    let whole = *input.compare == Compare::AllFiles;
    let changed = changed_files(changes, input.root, whole);
    if changed.is_empty() {
        return Outcome::Skipped("no changed source lines".into());
    }
    if let Some(command) = &settings.command
        && let Err(err) = run_command(command, input.root, settings.timeout)
    {
        return Outcome::Errored(err);
    }
    let reports = match configured_reports(input.root, settings) {
        Ok(reports) => reports,
        Err(looked_for) => return Outcome::Skipped(looked_for),
    };
    let known = known_files(input.repo);
    let result = match evaluate(input.root, settings, &reports, &changed, known) {
        Ok(result) => result,
        Err(err) => return Outcome::Errored(err.to_string()),
    };
    let verdict = thresholds.verdict(&result);
    let mut findings = verdict_findings(&result, verdict, &thresholds);
    for message in stale_reports(input.root, &reports, &changed) {
        findings.push(warning("stale-report", message, None, None));
    }
    Outcome::from_findings(findings)
}

/// The tiers of the settings.
pub fn thresholds(settings: &CoverageGateConfig) -> Thresholds {
    Thresholds {
        pass: settings.pass,
        warn: settings.warn,
        minimum_change: settings.minimum_change,
    }
}

/// The changed source files of a change set with their added lines; `whole_files` counts
/// every line of the work-tree file as changed (runs over all files carry no line ranges).
pub fn changed_files(changes: &ChangeSet, root: &Path, whole_files: bool) -> Vec<ChangedFile> {
    let paths: Vec<&str> = changes
        .files
        .iter()
        .filter_map(|f| f.path.to_str().ok())
        .collect();
    let conventions =
        Conventions::around(paths, |path| std::fs::read_to_string(root.join(path)).ok());
    let mut out = Vec::new();
    for file in &changes.files {
        if file.kind == ChangeKind::Deleted || file.binary || file.special {
            continue;
        }
        let Ok(path) = file.path.to_str() else {
            continue;
        };
        if !conventions.classify(path).is_source() {
            continue;
        }
        if whole_files && file.added_lines.is_empty() {
            out.extend(whole_file(root, path));
        } else if !file.added_lines.is_empty() {
            out.push(ChangedFile {
                path: path.to_owned(),
                lines: file.added_lines.clone(),
            });
        }
    }
    out
}

/// Every line of a work-tree file as changed (PactKit's FILES semantics); `None` when the
/// file cannot be read or is empty.
pub fn whole_file(root: &Path, path: &str) -> Option<ChangedFile> {
    let bytes = std::fs::read(root.join(path)).ok()?;
    let mut count = memchr::memchr_iter(b'\n', &bytes).count();
    if bytes.last().is_some_and(|&b| b != b'\n') {
        count += 1;
    }
    let end = u32::try_from(count).ok().filter(|&n| n > 0)?;
    Some(ChangedFile {
        path: path.to_owned(),
        lines: vec![LineRange { start: 1, end }],
    })
}

/// Runs `gates.coverage.command` with `sh -c` in the work tree through [`crate::infra::child`]
/// (own process group, killed after `gates.coverage.timeout`); its output goes to stderr
/// (stdout belongs to the report), line by line with secrets masked. Fails closed: only an
/// exit status 0 lets the reports be read. A termination signal received meanwhile is
/// forwarded to the command's group and then ends pactkit the same way.
pub fn run_command(command: &str, root: &Path, timeout_secs: u64) -> Result<(), String> {
    let timeout = Duration::from_secs(timeout_secs.max(1));
    let sink: LineSink = Arc::new(crate::stack::testrun::write_redacted);
    let options = Options {
        stdin: None,
        timeout,
        stdout: Stream::lines(Arc::clone(&sink), 0),
        stderr: Stream::lines(sink, 0),
        tick: None,
    };
    let done = child::run(child::shell(command, root), options)
        .map_err(|e| format!("gates.coverage.command: cannot start `sh -c {command}`: {e}"))?;
    if let Some(signal) = done.interrupted {
        child::reraise(signal);
    }
    match done.ending {
        Ending::Exited(0) => Ok(()),
        Ending::Exited(code) => Err(format!(
            "gates.coverage.command `{command}` failed (exit status {code}); fix the tests or the command"
        )),
        Ending::Signalled { .. } => Err(format!(
            "gates.coverage.command `{command}` did not finish: it was {}; its reports are not read",
            done.describe()
        )),
        Ending::TimedOut => Err(format!(
            "gates.coverage.command `{command}` timed out: it did not finish within {}s \
             (gates.coverage.timeout) and its processes were killed; its reports are not read",
            timeout.as_secs()
        )),
    }
}

/// The configured reports that exist, or the reason to skip naming what was looked for.
pub fn configured_reports(
    root: &Path,
    settings: &CoverageGateConfig,
) -> Result<Vec<PathBuf>, String> {
    let found: Vec<PathBuf> = settings
        .reports
        .iter()
        .map(|r| root.join(r))
        .filter(|p| p.is_file())
        .collect();
    if found.is_empty() {
        Err(format!(
            "no coverage report (looked for {}; set gates.coverage.reports)",
            settings.reports.join(", ")
        ))
    } else {
        Ok(found)
    }
}

/// Every tracked file, so that suffix matching of report paths can tell files apart.
pub fn known_files(repo: Option<&Repo>) -> Vec<String> {
    let Some(Ok(all)) = repo.map(Repo::all_files) else {
        return Vec::new();
    };
    all.files
        .into_iter()
        .filter_map(|f| f.path.to_str().ok().map(str::to_owned))
        .collect()
}

/// Reads the reports and computes the coverage of `changed`.
pub fn evaluate(
    root: &Path,
    settings: &CoverageGateConfig,
    reports: &[PathBuf],
    changed: &[ChangedFile],
    known: Vec<String>,
) -> Result<DiffCoverage, ReportError> {
    let resolver = PathResolver::new(
        root,
        &settings.path_map,
        known,
        changed.iter().map(|c| c.path.clone()),
    );
    let coverage = coverage::read_reports(reports, &resolver).map_err(|mut err| {
        err.file = PathBuf::from(display_relative(root, &err.file));
        err
    })?;
    Ok(diff::compute(changed, &coverage))
}

/// A warning for each report older than a changed file of the work tree.
pub fn stale_reports(root: &Path, reports: &[PathBuf], changed: &[ChangedFile]) -> Vec<String> {
    let newest = changed
        .iter()
        .filter_map(|c| {
            let modified = std::fs::metadata(root.join(&c.path))
                .ok()?
                .modified()
                .ok()?;
            Some((modified, c.path.as_str()))
        })
        .max();
    let Some((newest, newest_path)) = newest else {
        return Vec::new();
    };
    reports
        .iter()
        .filter(|r| {
            std::fs::metadata(r)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < newest)
        })
        .map(|r| {
            format!(
                "the coverage report {} is older than {newest_path}: it may not measure the \
                 change (re-run the tests, or set gates.coverage.command)",
                display_relative(root, r)
            )
        })
        .collect()
}

/// A path relative to the work tree when it is inside it.
pub fn display_relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn verdict_findings(result: &DiffCoverage, verdict: Verdict, t: &Thresholds) -> Vec<Finding> {
    let mut findings = Vec::new();
    let severity = match verdict {
        Verdict::Block => Severity::Error,
        Verdict::Warn => Severity::Warning,
        Verdict::Pass | Verdict::Skip => {
            if result.measured() == 0 {
                let absent: Vec<&str> = result
                    .unmeasured
                    .iter()
                    .filter(|u| u.reason == diff::UnmeasuredReason::NotInReport)
                    .map(|u| u.path.as_str())
                    .collect();
                if !absent.is_empty() {
                    findings.push(warning(
                        "not-in-report",
                        format!(
                            "no changed line is measured: {} not in the coverage report",
                            absent.join(", ")
                        ),
                        None,
                        Some("if the report names these files differently, map the paths with gates.coverage.path_map"),
                    ));
                }
            }
            return findings;
        }
    };
    let summary = diff::verdict_line(result, verdict, t);
    findings.push(Finding {
        severity,
        rule: "diff-coverage".into(),
        message: format!(
            "changed-line coverage {} ({} of {} measured changed lines covered) — {}",
            diff::format_percent(result.percent()),
            result.covered(),
            result.measured(),
            summary.trim_start_matches("Verdict: ")
        ),
        subject: None,
        file: None,
        line: None,
        hint: Some(
            "add tests for the missing lines (`pactkit coverage-gate` lists them), or adjust gates.coverage.pass / warn"
                .into(),
        ),
    });
    for file in result.files.iter().filter(|f| !f.missing_lines.is_empty()) {
        findings.push(Finding {
            severity: Severity::Warning,
            rule: "uncovered-lines".into(),
            message: format!(
                "{} changed lines not covered: {}",
                file.missing_lines.len(),
                diff::ranges(&file.missing_lines)
            ),
            subject: Some(file.path.clone()),
            file: Some(file.path.clone()),
            line: file.missing_lines.first().copied(),
            hint: None,
        });
    }
    findings
}

fn warning(rule: &str, message: String, file: Option<String>, hint: Option<&str>) -> Finding {
    Finding {
        severity: Severity::Warning,
        rule: rule.into(),
        message,
        subject: file.clone(),
        file,
        line: None,
        hint: hint.map(str::to_owned),
    }
}
