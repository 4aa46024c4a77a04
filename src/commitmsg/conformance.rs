//! The commitlint conformance suite: every case of `tests/data/commitlint-conformance.txt`
//! (expectations verified against commitlint 20 by `scripts/commitlint-oracle/check.mjs`)
//! must get the same verdict and the same failing rule names from pactkit's linter.

use super::{LintOptions, Linter, Preset, RuleSetting, Settings};

const DATA: &str = include_str!("../../tests/data/commitlint-conformance.txt");

/// One case of the data file.
#[derive(Debug, Default)]
struct Case {
    id: String,
    verdict: String,
    errors: Vec<String>,
    warnings: Vec<String>,
    rules: Option<serde_json::Value>,
    config: Option<serde_json::Value>,
    comment_char: Option<char>,
    msg: Option<String>,
    lines: Vec<String>,
}

impl Case {
    fn message(&self) -> String {
        if let Some(msg) = &self.msg {
            return msg.clone();
        }
        let mut lines: &[String] = &self.lines;
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines = &lines[..lines.len() - 1];
        }
        format!("{}\n", lines.join("\n"))
    }

    fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        if let Some(rules) = self.rules.as_ref().and_then(|r| r.as_object()) {
            for (name, value) in rules {
                let setting: RuleSetting = serde_json::from_value(value.clone())
                    .unwrap_or_else(|e| panic!("{}: rule {name}: {e}", self.id));
                settings.rules.insert(name.clone(), setting);
            }
        }
        if let Some(config) = &self.config {
            if config.get("extends").and_then(|v| v.as_str()) == Some("none") {
                settings.extends = Preset::None;
            }
            if let Some(flag) = config.get("default_ignores").and_then(|v| v.as_bool()) {
                settings.default_ignores = flag;
            }
            if let Some(list) = config.get("ignores").and_then(|v| v.as_array()) {
                settings.ignores = list
                    .iter()
                    .filter_map(|p| p.as_str().map(str::to_owned))
                    .collect();
            }
        }
        settings
    }
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in text.split('\n') {
        if let Some(head) = line.strip_prefix("### ") {
            cases.push(parse_head(head));
            continue;
        }
        let Some(case) = cases.last_mut() else {
            continue;
        };
        let directive = case.lines.is_empty() && case.msg.is_none();
        if directive && let Some(json) = line.strip_prefix("@rules ") {
            case.rules = serde_json::from_str(json).ok();
        } else if directive && let Some(json) = line.strip_prefix("@config ") {
            case.config = serde_json::from_str(json).ok();
        } else if directive && let Some(c) = line.strip_prefix("@comment-char ") {
            case.comment_char = c.chars().next();
        } else if directive && let Some(json) = line.strip_prefix("@msg ") {
            case.msg = Some(
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: @msg: {e}", case.id)),
            );
        } else if case.msg.is_none() {
            case.lines.push(line.to_owned());
        }
    }
    cases
}

fn parse_head(head: &str) -> Case {
    let mut parts = head.split(' ');
    let mut case = Case {
        id: parts.next().unwrap_or_default().to_owned(),
        verdict: parts.next().unwrap_or_default().to_owned(),
        ..Case::default()
    };
    for opt in parts {
        let (key, value) = opt.split_once('=').unwrap_or((opt, ""));
        let list: Vec<String> = value
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        match key {
            "errors" => case.errors = list,
            "warnings" => case.warnings = list,
            other => panic!("{}: unknown option {other}", case.id),
        }
    }
    case
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[test]
fn conformance_with_commitlint() {
    let cases = parse_cases(DATA);
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let linter = Linter::new(&case.settings()).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let options = LintOptions {
            cleanup: super::Cleanup::strip(case.comment_char.unwrap_or('#')),
            branch: None,
        };
        let report = linter.lint(&case.message(), &options);
        let verdict = if report.ignored {
            "ignored"
        } else if report.valid {
            "valid"
        } else {
            "invalid"
        };
        let errors = sorted(report.errors.iter().map(|p| p.rule.clone()).collect());
        let warnings = sorted(report.warnings.iter().map(|p| p.rule.clone()).collect());
        let expected = (
            case.verdict.as_str(),
            sorted(case.errors.clone()),
            sorted(case.warnings.clone()),
        );
        if (verdict, errors.clone(), warnings.clone()) != expected {
            failures.push(format!(
                "{}: message {:?}\n  expected {:?}\n  pactkit  {:?}",
                case.id,
                case.message(),
                expected,
                (verdict, errors, warnings)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_message_problem_has_a_hint() {
    for case in parse_cases(DATA) {
        let Ok(linter) = Linter::new(&case.settings()) else {
            continue;
        };
        let report = linter.lint(&case.message(), &LintOptions::default());
        for p in report.errors.iter().chain(&report.warnings) {
            assert!(
                p.hint.as_deref().is_some_and(|h| !h.is_empty()),
                "{}: {} has no hint",
                case.id,
                p.rule
            );
            assert!(!p.message.is_empty());
        }
    }
}
