//! Rendering a gate [`Report`]: human text, JSON (a versioned wire format), and GitHub
//! Actions workflow commands. Rendering returns strings; the caller picks the stream.
//!
//! Every format is rendered from a redacted copy of the report ([`redacted`]): whatever a
//! gate says (a linter's message quoting a pasted token, a test's failure line) is masked
//! by the secrets detectors exactly as the secrets gate masks its own findings.

use super::runner::{GateRun, Report};
use super::{Finding, Outcome, Severity};
use crate::infra::output::{Styles, escape};
use serde::Serialize;

/// Version of the JSON report format; bumped on incompatible changes.
pub const JSON_REPORT_VERSION: u32 = 1;

/// Output formats of gate reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Human-readable text.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// GitHub Actions `::error` / `::warning` annotations.
    Github,
    /// A SARIF 2.1.0 log (code-scanning dashboards).
    Sarif,
    /// JUnit XML, one test case per gate (CI test views).
    Junit,
}

/// Renders the report in `format`.
pub fn render(report: &Report, format: ReportFormat, styles: &Styles) -> String {
    let report = &redacted(report);
    match format {
        ReportFormat::Text => render_text(report, styles),
        ReportFormat::Json => render_json(report),
        ReportFormat::Github => render_github(report),
        ReportFormat::Sarif => super::report_ci::render_sarif(report),
        ReportFormat::Junit => super::report_ci::render_junit(report),
    }
}

/// The report with every text a gate produced passed through [`crate::secrets::redact`]:
/// findings (message, hint, subject, file), skip and error reasons, notes. Masking happens
/// before any format escapes the text, so every format stays well-formed.
pub fn redacted(report: &Report) -> Report {
    let mask = |text: &str| crate::secrets::redact(text).into_owned();
    let mask_opt = |text: &Option<String>| text.as_deref().map(mask);
    let finding = |f: &Finding| Finding {
        message: mask(&f.message),
        hint: mask_opt(&f.hint),
        subject: mask_opt(&f.subject),
        file: mask_opt(&f.file),
        ..f.clone()
    };
    let mut out = report.clone();
    out.notes = report.notes.iter().map(|n| mask(n)).collect();
    for run in &mut out.runs {
        run.outcome = match &run.outcome {
            Outcome::Passed(findings) => Outcome::Passed(findings.iter().map(finding).collect()),
            Outcome::Blocked(findings) => Outcome::Blocked(findings.iter().map(finding).collect()),
            Outcome::Skipped(reason) => Outcome::Skipped(mask(reason)),
            Outcome::Errored(reason) => Outcome::Errored(mask(reason)),
            Outcome::Interrupted(signal) => Outcome::Interrupted(*signal),
        };
    }
    out
}

/// The human report: one line per gate, findings indented under it, a verdict line.
/// File names go through [`escape::path`] and every other text a gate produced through
/// [`escape::text`]: a name or a tool's output cannot drive the terminal.
pub fn render_text(report: &Report, styles: &Styles) -> String {
    let mut out = String::new();
    for note in &report.notes {
        let note = escape::text(note);
        out.push_str(&format!("{} {note}\n", styles.paint("note:", styles.hint)));
    }
    let width = report
        .runs
        .iter()
        .map(|run| run.gate.name().len())
        .max()
        .unwrap_or(0);
    for run in &report.runs {
        out.push_str(&gate_line(report, run, width, styles));
        if let Outcome::Passed(findings) | Outcome::Blocked(findings) = &run.outcome {
            for finding in findings {
                out.push_str(&finding_lines(finding, styles));
            }
        }
    }
    out.push_str(&verdict_line(report, styles));
    out
}

fn gate_line(report: &Report, run: &GateRun, width: usize, styles: &Styles) -> String {
    let name = format!("{:width$}", run.gate.name());
    let verdict = match &run.outcome {
        Outcome::Skipped(reason) | Outcome::Errored(reason) => {
            reason_verdict(report, &run.outcome, &escape::text(reason), styles)
        }
        Outcome::Interrupted(signal) => format!(
            "{} no file was left half-fixed",
            styles.paint(
                format!(
                    "interrupted by {}:",
                    crate::infra::child::signal_name(*signal)
                ),
                styles.error
            )
        ),
        Outcome::Passed(findings) if findings.is_empty() => styles.paint("passed", styles.ok),
        Outcome::Passed(findings) => format!(
            "{} ({})",
            styles.paint("passed", styles.ok),
            count(findings.len(), "warning")
        ),
        Outcome::Blocked(findings) => {
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            format!(
                "{} ({})",
                styles.paint("blocked", styles.error),
                count(errors, "error")
            )
        }
    };
    format!("{}  {verdict}\n", styles.paint(name, styles.bold))
}

/// The verdict of a gate that did not judge: `reason` is already escaped.
fn reason_verdict(report: &Report, outcome: &Outcome, reason: &str, styles: &Styles) -> String {
    let label = match outcome {
        Outcome::Skipped(_) => styles.paint("skipped:", styles.skipped),
        _ if report.blocks(outcome) => styles.paint("could not run (blocks):", styles.error),
        _ => styles.paint("could not run (warning):", styles.warning),
    };
    format!("{label} {reason}")
}

fn finding_lines(finding: &Finding, styles: &Styles) -> String {
    let label = match finding.severity {
        Severity::Error => styles.paint(format!("error[{}]", finding.rule), styles.error),
        Severity::Warning => styles.paint(format!("warning[{}]", finding.rule), styles.warning),
    };
    let location = location(finding)
        .map(|loc| format!("{}: ", styles.paint(loc, styles.path)))
        .unwrap_or_default();
    let mut out = format!("  {label} {location}{}\n", escape::text(&finding.message));
    if let Some(hint) = &finding.hint {
        out.push_str(&format!(
            "    {} {}\n",
            styles.paint("hint:", styles.hint),
            escape::text(hint)
        ));
    }
    out
}

/// Where a finding is, escaped: file names and subjects come from the repository.
fn location(finding: &Finding) -> Option<String> {
    match (&finding.file, finding.line, &finding.subject) {
        (Some(file), Some(line), _) => Some(format!("{}:{line}", escape::path(file))),
        (Some(file), None, _) => Some(escape::path(file).into_owned()),
        (None, _, Some(subject)) => Some(escape::path(subject).into_owned()),
        (None, _, None) => None,
    }
}

fn verdict_line(report: &Report, styles: &Styles) -> String {
    let blocking = report.blocking();
    if blocking.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = blocking.iter().map(|g| g.name()).collect();
    if !report.skippable {
        return format!(
            "{} {} ({}); fix the problems above\n",
            styles.paint("blocked:", styles.error),
            count(blocking.len(), "gate"),
            names.join(", ")
        );
    }
    // A required gate cannot be skipped: offering PACTKIT_SKIP for it would mislead.
    let skippable: Vec<&str> = blocking
        .iter()
        .filter(|gate| !report.required.contains(gate))
        .map(|gate| gate.name())
        .collect();
    let way_out = if skippable.is_empty() {
        "fix the problems above (a required gate cannot be skipped)".to_owned()
    } else if skippable.len() < blocking.len() {
        format!(
            "fix the problems above, or skip once with PACTKIT_SKIP={} (required gates cannot be skipped)",
            skippable.join(",")
        )
    } else {
        format!(
            "fix the problems above, or skip once with PACTKIT_SKIP={}",
            skippable.join(",")
        )
    };
    format!(
        "{} {} ({}); {way_out}\n",
        styles.paint("blocked:", styles.error),
        count(blocking.len(), "gate"),
        names.join(", "),
    )
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    trigger: &'a str,
    status: &'static str,
    gates: Vec<JsonGate<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonGate<'a> {
    gate: &'static str,
    status: &'static str,
    blocks: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    findings: &'a [Finding],
    duration_ms: f64,
}

/// The JSON report: `{"version", "trigger", "status": "pass"|"blocked", "gates": [...], "notes"}`.
pub fn render_json(report: &Report) -> String {
    let gates = report
        .runs
        .iter()
        .map(|run| json_gate(report, run))
        .collect();
    let status = if report.blocking().is_empty() {
        "pass"
    } else {
        "blocked"
    };
    let doc = JsonReport {
        version: JSON_REPORT_VERSION,
        trigger: report.trigger.label(),
        status,
        gates,
        notes: &report.notes,
    };
    let mut text =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn json_gate<'a>(report: &Report, run: &'a GateRun) -> JsonGate<'a> {
    let (status, reason, findings): (&str, Option<&str>, &[Finding]) = match &run.outcome {
        Outcome::Passed(f) => ("passed", None, f),
        Outcome::Blocked(f) => ("blocked", None, f),
        Outcome::Skipped(r) => ("skipped", Some(r), &[]),
        Outcome::Errored(r) => ("error", Some(r), &[]),
        Outcome::Interrupted(signal) => (
            "interrupted",
            Some(crate::infra::child::signal_name(*signal)),
            &[],
        ),
    };
    JsonGate {
        gate: run.gate.name(),
        status,
        blocks: report.blocks(&run.outcome),
        reason,
        findings,
        duration_ms: run.duration.as_secs_f64() * 1000.0,
    }
}

/// GitHub Actions workflow commands: one `::error` / `::warning` per finding, plus one per
/// gate that could not run.
pub fn render_github(report: &Report) -> String {
    let mut out = String::new();
    for run in &report.runs {
        match &run.outcome {
            Outcome::Passed(findings) | Outcome::Blocked(findings) => {
                for finding in findings {
                    out.push_str(&github_finding(run.gate.name(), finding));
                }
            }
            Outcome::Errored(reason) => {
                let level = if report.blocks(&run.outcome) {
                    "error"
                } else {
                    "warning"
                };
                out.push_str(&format!(
                    "::{level} title={}::{}\n",
                    escape_property(&format!("pactkit {}", run.gate)),
                    escape_data(&escape::text(&format!(
                        "the {} gate could not run: {reason}",
                        run.gate
                    )))
                ));
            }
            Outcome::Interrupted(signal) => out.push_str(&format!(
                "::error title={}::{}\n",
                escape_property(&format!("pactkit {}", run.gate)),
                escape_data(&format!(
                    "the {} gate was stopped by {}",
                    run.gate,
                    crate::infra::child::signal_name(*signal)
                ))
            )),
            Outcome::Skipped(_) => {}
        }
    }
    out.push_str(&render_text(report, &Styles::plain()));
    out
}

fn github_finding(gate: &str, finding: &Finding) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(file) = &finding.file {
        props.push(format!("file={}", escape_property(file)));
        if let Some(line) = finding.line {
            props.push(format!("line={line}"));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("pactkit {gate} [{}]", finding.rule))
    ));
    let mut message = match &finding.subject {
        Some(subject) if finding.file.is_none() => format!("{subject}: {}", finding.message),
        _ => finding.message.clone(),
    };
    if let Some(hint) = &finding.hint {
        message.push_str(&format!("\nhint: {hint}"));
    }
    // The log shows the message as text (ANSI included): controls are escaped first.
    let message = escape::text(&message);
    format!("::{level} {}::{}\n", props.join(","), escape_data(&message))
}

/// Escapes a workflow-command message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::OnGateError;
    use crate::gates::{GateId, Trigger};
    use std::time::Duration;

    fn finding(severity: Severity) -> Finding {
        Finding {
            severity,
            rule: "type-enum".into(),
            message: "type must be one of [feat, fix]; found \"feature\"".into(),
            subject: Some("commit 1a2b3c4".into()),
            file: None,
            line: None,
            hint: Some("use feat".into()),
        }
    }

    fn report(outcome: Outcome) -> Report {
        Report {
            trigger: Trigger::Check,
            runs: vec![GateRun {
                gate: GateId::CommitMsg,
                outcome,
                skipped_by_request: false,
                duration: Duration::ZERO,
            }],
            on_gate_error: OnGateError::Block,
            notes: vec![],
            required: vec![],
            skippable: true,
        }
    }

    #[test]
    fn text_report_names_gate_rule_subject_and_hint() {
        let text = render_text(
            &report(Outcome::Blocked(vec![finding(Severity::Error)])),
            &Styles::plain(),
        );
        assert_eq!(
            text,
            "commit-msg  blocked (1 error)\n  error[type-enum] commit 1a2b3c4: type must be one of [feat, fix]; found \"feature\"\n    hint: use feat\nblocked: 1 gate (commit-msg); fix the problems above, or skip once with PACTKIT_SKIP=commit-msg\n"
        );
    }

    #[test]
    fn a_required_gate_is_not_offered_to_pactkit_skip() {
        let mut r = report(Outcome::Blocked(vec![finding(Severity::Error)]));
        r.required = vec![GateId::CommitMsg];
        let text = render_text(&r, &Styles::plain());
        assert!(
            text.ends_with(
                "blocked: 1 gate (commit-msg); fix the problems above (a required gate cannot be skipped)\n"
            ),
            "{text}"
        );
        assert!(!text.contains("PACTKIT_SKIP"), "{text}");
    }

    #[test]
    fn github_annotations_escape_properties_and_data() {
        let out = render_github(&report(Outcome::Blocked(vec![finding(Severity::Error)])));
        let first = out.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            "::error title=pactkit commit-msg [type-enum]::commit 1a2b3c4: type must be one of [feat, fix]; found \"feature\"%0Ahint: use feat"
        );
    }

    #[test]
    fn json_report_round_trips() {
        let text = render_json(&report(Outcome::Errored("boom".into())));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value["status"], "blocked");
        assert_eq!(value["gates"][0]["status"], "error");
        assert_eq!(value["gates"][0]["reason"], "boom");
    }

    #[test]
    fn errored_gate_only_warns_when_configured() {
        let mut r = report(Outcome::Errored("tool missing".into()));
        r.on_gate_error = OnGateError::Warn;
        assert!(r.blocking().is_empty());
    }
}
