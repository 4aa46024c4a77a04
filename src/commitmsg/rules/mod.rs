//! The commitlint rule table: names, value shapes, the conventional preset, and the
//! compiled [`ActiveRule`] that dispatches to its check. The checks live in `checks.rs`,
//! the validation of rule values in `value.rs`.

use super::parse::Commit;
use super::{Problem, RuleSetting, SettingsError, When};
use checks::{header_trim, starts_with_cased_letter};
use serde_json::Value;
use value::{Param, compile_param};

/// The shape of a rule's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// No value.
    Flag,
    /// A length (characters).
    Length,
    /// A string (full stop, trailer prefix).
    Text(&'static str),
    /// A case or a list of cases.
    Cases,
    /// Scope cases: a list, or `{cases, delimiters}`.
    ScopeCases,
    /// A list of strings.
    List,
    /// Scope names: a list, or `{scopes, delimiters}`.
    ScopeList,
}

/// Every commitlint rule with its value shape.
const RULES: [(&str, Shape); 38] = [
    ("body-case", Shape::Cases),
    ("body-empty", Shape::Flag),
    ("body-full-stop", Shape::Text(".")),
    ("body-leading-blank", Shape::Flag),
    ("body-max-length", Shape::Length),
    ("body-max-line-length", Shape::Length),
    ("body-min-length", Shape::Length),
    ("breaking-change-exclamation-mark", Shape::Flag),
    ("footer-empty", Shape::Flag),
    ("footer-leading-blank", Shape::Flag),
    ("footer-max-length", Shape::Length),
    ("footer-max-line-length", Shape::Length),
    ("footer-min-length", Shape::Length),
    ("header-case", Shape::Cases),
    ("header-full-stop", Shape::Text(".")),
    ("header-max-length", Shape::Length),
    ("header-min-length", Shape::Length),
    ("header-trim", Shape::Flag),
    ("references-empty", Shape::Flag),
    ("scope-case", Shape::ScopeCases),
    ("scope-delimiter-style", Shape::List),
    ("scope-empty", Shape::Flag),
    ("scope-enum", Shape::ScopeList),
    ("scope-max-length", Shape::Length),
    ("scope-min-length", Shape::Length),
    ("signed-off-by", Shape::Text("")),
    ("subject-case", Shape::Cases),
    ("subject-empty", Shape::Flag),
    ("subject-exclamation-mark", Shape::Flag),
    ("subject-full-stop", Shape::Text(".")),
    ("subject-max-length", Shape::Length),
    ("subject-min-length", Shape::Length),
    ("trailer-exists", Shape::Text("")),
    ("type-case", Shape::Cases),
    ("type-empty", Shape::Flag),
    ("type-enum", Shape::List),
    ("type-max-length", Shape::Length),
    ("type-min-length", Shape::Length),
];

/// Every rule name, in commitlint's order.
pub fn rule_names() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|(name, _)| *name)
}

/// The rule's `&'static` name, if it is a commitlint rule.
pub fn known_rule(name: &str) -> Option<&'static str> {
    RULES.iter().find(|(n, _)| *n == name).map(|(n, _)| *n)
}

/// The closest rule name, for "did you mean" hints.
pub fn suggest(name: &str) -> Option<&'static str> {
    rule_names()
        .map(|candidate| {
            (
                crate::infra::textdist::edit_distance(name, candidate),
                candidate,
            )
        })
        .filter(|(d, candidate)| *d <= 3.max(candidate.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `@commitlint/config-conventional` (20.x).
pub fn conventional_preset() -> Vec<(&'static str, RuleSetting)> {
    let rule = |level: u8, when: When, value: Option<Value>| RuleSetting { level, when, value };
    let strings = |items: &[&str]| {
        Some(Value::Array(
            items.iter().map(|s| Value::String((*s).into())).collect(),
        ))
    };
    vec![
        ("body-leading-blank", rule(1, When::Always, None)),
        (
            "body-max-line-length",
            rule(2, When::Always, Some(100.into())),
        ),
        ("footer-leading-blank", rule(1, When::Always, None)),
        (
            "footer-max-line-length",
            rule(2, When::Always, Some(100.into())),
        ),
        ("header-max-length", rule(2, When::Always, Some(100.into()))),
        ("header-trim", rule(2, When::Always, None)),
        (
            "subject-case",
            rule(
                2,
                When::Never,
                strings(&["sentence-case", "start-case", "pascal-case", "upper-case"]),
            ),
        ),
        ("subject-empty", rule(2, When::Never, None)),
        ("subject-full-stop", rule(2, When::Never, Some(".".into()))),
        (
            "type-case",
            rule(2, When::Always, Some("lower-case".into())),
        ),
        ("type-empty", rule(2, When::Never, None)),
        (
            "type-enum",
            rule(
                2,
                When::Always,
                strings(&[
                    "build", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert",
                    "style", "test",
                ]),
            ),
        ),
    ]
}
/// A rule ready to run.
#[derive(Debug, Clone)]
pub struct ActiveRule {
    name: &'static str,
    level: u8,
    when: When,
    param: Param,
}

impl ActiveRule {
    /// Validates a setting; `Ok(None)` when the rule is off or unknown (unknown names are
    /// reported by `Settings::unknown_keys`).
    pub fn compile(name: &str, setting: &RuleSetting) -> Result<Option<ActiveRule>, SettingsError> {
        let Some((name, shape)) = RULES.iter().find(|(n, _)| *n == name).copied() else {
            return Ok(None);
        };
        if setting.level == 0 {
            return Ok(None);
        }
        let param = compile_param(name, shape, setting.value.as_ref())?;
        Ok(Some(ActiveRule {
            name,
            level: setting.level,
            when: setting.when,
            param,
        }))
    }

    /// The rule name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Runs the rule; `None` when it passes.
    pub fn check(&self, commit: &Commit<'_>) -> Option<Problem> {
        let (message, hint) = self.evaluate(commit)?;
        Some(Problem {
            rule: self.name.to_owned(),
            level: self.level,
            message,
            hint: Some(hint),
        })
    }

    fn never(&self) -> bool {
        self.when == When::Never
    }

    fn length(&self) -> usize {
        match self.param {
            Param::Length(n) => n,
            _ => 0,
        }
    }

    fn text(&self) -> &str {
        match &self.param {
            Param::Text(t) => t,
            _ => "",
        }
    }

    /// (message, hint) when the rule fails.
    fn evaluate(&self, c: &Commit<'_>) -> Option<(String, String)> {
        match self.name {
            "body-case" => self.case_rule("body", c.body.as_deref().filter(|b| !b.is_empty())),
            "header-case" => self.case_rule(
                "header",
                c.header
                    .filter(|h| h.starts_with(|ch: char| ch.is_ascii_alphabetic())),
            ),
            "subject-case" => {
                self.case_rule("subject", c.subject.filter(|s| starts_with_cased_letter(s)))
            }
            "type-case" => self.case_rule("type", c.kind),
            "scope-case" => self.scope_case(c.scope),
            "body-empty" => self.empty_rule("body", c.body.as_deref()),
            "footer-empty" => self.empty_rule("footer", c.footer.as_deref()),
            "scope-empty" => self.empty_rule("scope", c.scope),
            "subject-empty" => self.empty_rule("subject", c.subject),
            "type-empty" => self.empty_rule("type", c.kind),
            "references-empty" => self.references_empty(c),
            "body-full-stop" => {
                self.full_stop("body", c.body.as_deref().filter(|b| !b.is_empty()), false)
            }
            "header-full-stop" => {
                self.full_stop("header", Some(c.header.unwrap_or_default()), false)
            }
            "subject-full-stop" => self.subject_full_stop(c.header),
            "body-max-length" => self.max_length("body", c.body.as_deref()),
            "footer-max-length" => self.max_length("footer", c.footer.as_deref()),
            "scope-max-length" => self.max_length("scope", c.scope),
            "subject-max-length" => self.max_length("subject", c.subject),
            "type-max-length" => self.max_length("type", c.kind),
            "header-max-length" => self.header_length(c.header, true),
            "header-min-length" => self.header_length(c.header, false),
            "body-min-length" => self.min_length("body", c.body.as_deref()),
            "footer-min-length" => self.min_length("footer", c.footer.as_deref()),
            "scope-min-length" => self.min_length("scope", c.scope),
            "subject-min-length" => self.min_length("subject", c.subject),
            "type-min-length" => self.min_length("type", c.kind),
            "body-max-line-length" => self.max_line_length("body", c.body.as_deref()),
            "footer-max-line-length" => self.max_line_length("footer", c.footer.as_deref()),
            "body-leading-blank" => self.body_leading_blank(c),
            "footer-leading-blank" => self.footer_leading_blank(c),
            "header-trim" => header_trim(c.header),
            "type-enum" => self.type_enum(c.kind),
            "scope-enum" => self.scope_enum(c.scope),
            "scope-delimiter-style" => self.scope_delimiter_style(c.scope),
            "signed-off-by" => self.signed_off_by(c.raw),
            "trailer-exists" => self.trailer_exists(c.raw),
            "subject-exclamation-mark" => self.subject_exclamation_mark(c.header),
            "breaking-change-exclamation-mark" => self.breaking_change_exclamation_mark(c),
            _ => None,
        }
    }
}

mod checks;
#[cfg(test)]
mod tests;
mod value;
