//! Gate reports for CI systems that read standard files: SARIF 2.1.0 (GitHub code
//! scanning, most security dashboards) and JUnit XML (GitLab, Jenkins, most CI test
//! views). Both are pure renderers over a [`Report`]; the caller picks the stream.
//!
//! Mapping: in SARIF every finding is a `result` (errors `error`, warnings `warning`) with
//! the gate and rule as `ruleId` (`spec/E009`); a gate that could not run is a tool
//! execution notification. In JUnit every gate is a test case: blocked → `<failure>`,
//! could not run → `<error>` (or a passing case with `system-err` when it only warns),
//! skipped → `<skipped>`; warnings go to `system-out`.

use super::runner::{GateRun, Report};
use super::{Finding, Outcome, Severity};
use serde_json::{Value, json};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The report as a SARIF 2.1.0 log with one run.
pub fn render_sarif(report: &Report) -> String {
    let mut results = Vec::new();
    let mut rules: Vec<String> = Vec::new();
    let mut notifications = Vec::new();
    for run in &report.runs {
        match &run.outcome {
            Outcome::Passed(findings) | Outcome::Blocked(findings) => {
                for finding in findings {
                    let rule_id = format!("{}/{}", run.gate, finding.rule);
                    if !rules.contains(&rule_id) {
                        rules.push(rule_id.clone());
                    }
                    results.push(sarif_result(&rule_id, finding));
                }
            }
            Outcome::Errored(reason) => notifications.push(json!({
                "level": if report.blocks(&run.outcome) { "error" } else { "warning" },
                "message": { "text": format!("the {} gate could not run: {reason}", run.gate) },
            })),
            Outcome::Interrupted(signal) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!(
                    "the {} gate was stopped by {}",
                    run.gate,
                    crate::infra::child::signal_name(*signal)
                ) },
            })),
            Outcome::Skipped(_) => {}
        }
    }
    let log = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "pactkit",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/pactkit/pactkit",
                "rules": rules.iter().map(|id| json!({ "id": id })).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": report.runs.iter().all(|r| !matches!(r.outcome, Outcome::Errored(_) | Outcome::Interrupted(_))),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif_result(rule_id: &str, finding: &Finding) -> Value {
    let mut message = match &finding.subject {
        Some(subject) if finding.file.is_none() => format!("{subject}: {}", finding.message),
        _ => finding.message.clone(),
    };
    if let Some(hint) = &finding.hint {
        message.push_str(&format!(" (hint: {hint})"));
    }
    let mut result = json!({
        "ruleId": rule_id,
        "level": match finding.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": { "text": message },
    });
    if let Some(file) = &finding.file {
        let mut location = json!({ "artifactLocation": { "uri": file } });
        if let Some(line) = finding.line.filter(|&l| l >= 1) {
            location["region"] = json!({ "startLine": line });
        }
        result["locations"] = json!([{ "physicalLocation": location }]);
    }
    result
}

/// The report as a JUnit XML document: one test suite, one test case per gate.
pub fn render_junit(report: &Report) -> String {
    let failures = count(report, |run| matches!(run.outcome, Outcome::Blocked(_)));
    let errors = count(report, |run| {
        matches!(run.outcome, Outcome::Interrupted(_))
            || (matches!(run.outcome, Outcome::Errored(_)) && report.blocks(&run.outcome))
    });
    let skipped = count(report, |run| matches!(run.outcome, Outcome::Skipped(_)));
    let total: f64 = report.runs.iter().map(|r| r.duration.as_secs_f64()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"pactkit\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{total:.3}\">\n",
        report.runs.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"pactkit {}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{total:.3}\">\n",
        xml(report.trigger.label()),
        report.runs.len()
    ));
    for run in &report.runs {
        out.push_str(&junit_case(report, run));
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn count(report: &Report, pred: impl Fn(&GateRun) -> bool) -> usize {
    report.runs.iter().filter(|r| pred(r)).count()
}

fn junit_case(report: &Report, run: &GateRun) -> String {
    let mut out = format!(
        "    <testcase classname=\"pactkit.gates\" name=\"{}\" time=\"{:.3}\">\n",
        xml(run.gate.name()),
        run.duration.as_secs_f64()
    );
    let (errors, warnings): (Vec<&Finding>, Vec<&Finding>) = match &run.outcome {
        Outcome::Passed(f) | Outcome::Blocked(f) => {
            f.iter().partition(|f| f.severity == Severity::Error)
        }
        _ => (Vec::new(), Vec::new()),
    };
    match &run.outcome {
        Outcome::Blocked(_) => out.push_str(&format!(
            "      <failure message=\"{}\" type=\"blocked\">{}</failure>\n",
            xml(&format!("{} problem(s)", errors.len())),
            xml(&lines(&errors))
        )),
        Outcome::Errored(reason) if report.blocks(&run.outcome) => out.push_str(&format!(
            "      <error message=\"{}\" type=\"gate-error\"/>\n",
            xml(reason)
        )),
        Outcome::Errored(reason) => out.push_str(&format!(
            "      <system-err>{}</system-err>\n",
            xml(&format!("the gate could not run: {reason}"))
        )),
        Outcome::Skipped(reason) => {
            out.push_str(&format!("      <skipped message=\"{}\"/>\n", xml(reason)))
        }
        Outcome::Interrupted(signal) => out.push_str(&format!(
            "      <error message=\"{}\" type=\"interrupted\"/>\n",
            xml(&format!(
                "stopped by {}",
                crate::infra::child::signal_name(*signal)
            ))
        )),
        Outcome::Passed(_) => {}
    }
    if !warnings.is_empty() {
        out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            xml(&lines(&warnings))
        ));
    }
    out.push_str("    </testcase>\n");
    out
}

fn lines(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let place = match (&f.file, f.line, &f.subject) {
                (Some(file), Some(line), _) => format!("{file}:{line}: "),
                (Some(file), None, _) => format!("{file}: "),
                (None, _, Some(subject)) => format!("{subject}: "),
                _ => String::new(),
            };
            let hint = f
                .hint
                .as_ref()
                .map_or(String::new(), |h| format!(" (hint: {h})"));
            format!("[{}] {place}{}{hint}\n", f.rule, f.message)
        })
        .collect()
}

/// Escapes text for XML attribute values and character data; drops characters XML 1.0
/// cannot carry (control characters other than tab, LF, CR).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::OnGateError;
    use crate::gates::runner::GateRun;
    use crate::gates::{GateId, Trigger};
    use std::time::Duration;

    fn finding(severity: Severity, file: Option<&str>) -> Finding {
        Finding {
            severity,
            rule: "E009".into(),
            message: "Missing '## Security Scope' section <&>".into(),
            subject: Some("commit abc".into()),
            file: file.map(str::to_owned),
            line: Some(3),
            hint: Some("run `pactkit spec-lint`".into()),
        }
    }

    fn report() -> Report {
        let run = |gate, outcome| GateRun {
            gate,
            outcome,
            skipped_by_request: false,
            duration: Duration::from_millis(2),
        };
        Report {
            trigger: Trigger::Check,
            runs: vec![
                run(
                    GateId::Spec,
                    Outcome::Blocked(vec![
                        finding(Severity::Error, Some("docs/specs/STORY-001.md")),
                        finding(Severity::Warning, None),
                    ]),
                ),
                run(GateId::Lint, Outcome::Errored("ruff not found".into())),
                run(GateId::Coverage, Outcome::Skipped("no report".into())),
            ],
            on_gate_error: OnGateError::Block,
            notes: Vec::new(),
            required: Vec::new(),
            skippable: true,
        }
    }

    /// The required properties of SARIF 2.1.0 (sarifLog, run, tool, toolComponent, result,
    /// message, physicalLocation, region) hold for every object in the log.
    #[test]
    fn sarif_has_every_required_property() {
        let log: Value = serde_json::from_str(&render_sarif(&report())).expect("json");
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0]["tool"]["driver"]["name"], "pactkit");
        let results = runs[0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 2);
        for result in results {
            assert!(result["message"]["text"].is_string());
            assert!(["error", "warning"].contains(&result["level"].as_str().expect("level")));
            for location in result["locations"].as_array().into_iter().flatten() {
                let physical = &location["physicalLocation"];
                assert!(physical["artifactLocation"]["uri"].is_string());
                assert!(physical["region"]["startLine"].as_u64().expect("line") >= 1);
            }
        }
        assert_eq!(results[0]["ruleId"], "spec/E009");
        let notes = &runs[0]["invocations"][0]["toolExecutionNotifications"];
        assert!(
            notes[0]["message"]["text"]
                .as_str()
                .expect("text")
                .contains("ruff")
        );
        assert_eq!(runs[0]["invocations"][0]["executionSuccessful"], false);
    }

    #[test]
    fn junit_maps_blocked_errored_and_skipped_gates() {
        let xml = render_junit(&report());
        assert!(
            xml.contains("tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"1\""),
            "{xml}"
        );
        assert!(
            xml.contains("<testcase classname=\"pactkit.gates\" name=\"spec\""),
            "{xml}"
        );
        assert!(xml.contains("<failure message=\"1 problem(s)\""), "{xml}");
        assert!(xml.contains("&lt;&amp;&gt;"), "{xml}");
        assert!(xml.contains("<error message=\"ruff not found\""), "{xml}");
        assert!(xml.contains("<skipped message=\"no report\"/>"), "{xml}");
        assert!(xml.contains("<system-out>[E009] commit abc: "), "{xml}");
    }

    #[test]
    fn xml_escaping_drops_control_characters() {
        assert_eq!(xml("a\u{1}b\"c'"), "ab&quot;c&apos;");
    }
}
