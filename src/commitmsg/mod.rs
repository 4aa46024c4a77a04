//! Conventional Commits: git's message clean-up, the parser, commitlint-compatible rules
//! and ignores, and PactKit's work-item `references` rule. Pure: no git, no printing.

pub mod case;
pub mod cleanup;
pub mod ignore;
pub mod parse;
pub mod rules;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `gates.commit-msg` in pactkit.yaml.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// The base rule set: `conventional` (commitlint's config-conventional) or `none`.
    pub extends: Preset,
    /// commitlint-style rules, `name: [level, always|never, value]`, layered over `extends`.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Extra regular expressions; a message whose text matches one is not linted.
    pub ignores: Vec<String>,
    /// Whether commitlint's default ignores (merges, reverts, fixup!, …) apply.
    pub default_ignores: bool,
    /// PactKit's work-item reference rule.
    pub references: ReferencesSetting,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            required: false,
            extends: Preset::Conventional,
            rules: BTreeMap::new(),
            ignores: Vec::new(),
            default_ignores: true,
            references: ReferencesSetting::default(),
        }
    }
}

impl Settings {
    /// Problems the config loader reports as warnings, each as (key path below
    /// `gates.commit-msg`, message): unknown rule names (`rules.tpye-enum`) and the like.
    pub fn unknown_keys(&self) -> Vec<(String, String)> {
        self.rules
            .keys()
            .filter(|name| !rules::RULE_NAMES.contains(&name.as_str()))
            .map(|name| (format!("rules.{name}"), unknown_rule_message(name)))
            .collect()
    }
}

/// The base rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// `@commitlint/config-conventional`.
    #[default]
    Conventional,
    /// No rules but those configured.
    None,
}

/// One rule's configuration: `[level, when, value]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSetting {
    /// 0 off, 1 warning, 2 error.
    pub level: u8,
    /// `always` or `never`.
    pub when: When,
    /// The rule's value (a number, a string, a list), if it takes one.
    pub value: Option<serde_json::Value>,
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RuleSettingVisitor)
    }
}

struct RuleSettingVisitor;

impl<'de> serde::de::Visitor<'de> for RuleSettingVisitor {
    type Value = RuleSetting;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a commitlint rule: [level 0|1|2, always|never, value]")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RuleSetting, A::Error> {
        use serde::de::Error;
        let level: u8 = seq
            .next_element()?
            .ok_or_else(|| A::Error::custom("missing level (0, 1 or 2)"))?;
        if level > 2 {
            return Err(A::Error::custom(format!(
                "level must be 0 (off), 1 (warning) or 2 (error); found {level}"
            )));
        }
        let when: When = seq.next_element()?.unwrap_or_default();
        let value: Option<Value> = seq.next_element()?;
        if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            return Err(A::Error::custom(
                "a rule has at most three parts: [level, when, value]",
            ));
        }
        Ok(RuleSetting { level, when, value })
    }
}

/// `always` / `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum When {
    /// The condition must hold.
    #[default]
    Always,
    /// The condition must not hold.
    Never,
}

/// `gates.commit-msg.references`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferencesSetting {
    /// 0 off (default), 1 warning, 2 error.
    pub level: u8,
    /// Whether an id in the current branch name satisfies the rule.
    pub from_branch: bool,
}

impl Default for ReferencesSetting {
    fn default() -> Self {
        ReferencesSetting {
            level: 0,
            from_branch: true,
        }
    }
}

/// A problem found in a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Rule name (`type-enum`, `references`, …).
    pub rule: String,
    /// 1 warning, 2 error.
    pub level: u8,
    /// One sentence: what was found and what was expected.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// The verdict on one message.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LintReport {
    /// False when any error-level problem was found.
    pub valid: bool,
    /// True when an ignore matched and no rule ran.
    pub ignored: bool,
    /// Error-level problems.
    pub errors: Vec<Problem>,
    /// Warning-level problems.
    pub warnings: Vec<Problem>,
}

/// Per-call facts that are not configuration.
#[derive(Debug, Clone, Default)]
pub struct LintOptions<'a> {
    /// `core.commentChar` (default `#`; `auto` is resolved by the caller to `None`/a char).
    pub comment_char: Option<char>,
    /// The current branch, for `references.from_branch`.
    pub branch: Option<&'a str>,
}

/// Settings compiled once (regexes, merged rule table).
#[derive(Debug, Clone)]
pub struct Linter {
    rules: Vec<(String, RuleSetting)>,
    ignores: Vec<regex::Regex>,
    default_ignores: bool,
    references: ReferencesSetting,
}

/// Invalid settings: a rule name or value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

/// `@commitlint/config-conventional`'s rules.
pub fn conventional_rules() -> Vec<(String, RuleSetting)> {
    let rule = |level: u8, when: When, value: Option<Value>| RuleSetting { level, when, value };
    vec![
        ("body-leading-blank".into(), rule(1, When::Always, None)),
        (
            "body-max-line-length".into(),
            rule(2, When::Always, Some(json!(100))),
        ),
        ("footer-leading-blank".into(), rule(1, When::Always, None)),
        (
            "footer-max-line-length".into(),
            rule(2, When::Always, Some(json!(100))),
        ),
        (
            "header-max-length".into(),
            rule(2, When::Always, Some(json!(100))),
        ),
        ("header-trim".into(), rule(2, When::Always, None)),
        (
            "subject-case".into(),
            rule(
                2,
                When::Never,
                Some(json!([
                    "sentence-case",
                    "start-case",
                    "pascal-case",
                    "upper-case"
                ])),
            ),
        ),
        ("subject-empty".into(), rule(2, When::Never, None)),
        (
            "subject-full-stop".into(),
            rule(2, When::Never, Some(json!("."))),
        ),
        (
            "type-case".into(),
            rule(2, When::Always, Some(json!("lower-case"))),
        ),
        ("type-empty".into(), rule(2, When::Never, None)),
        (
            "type-enum".into(),
            rule(
                2,
                When::Always,
                Some(json!([
                    "build", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert",
                    "style", "test"
                ])),
            ),
        ),
    ]
}

fn unknown_rule_message(name: &str) -> String {
    match crate::text::closest(name, &rules::RULE_NAMES) {
        Some(guess) => format!("unknown rule; did you mean `{guess}`?"),
        None => "unknown rule".to_owned(),
    }
}

impl Linter {
    /// Compiles settings: the preset's rules, overridden rule by rule by `rules:`.
    pub fn new(settings: &Settings) -> Result<Linter, SettingsError> {
        let mut merged = match settings.extends {
            Preset::Conventional => conventional_rules(),
            Preset::None => Vec::new(),
        };
        for (name, setting) in &settings.rules {
            if !rules::RULE_NAMES.contains(&name.as_str()) {
                continue;
            }
            match merged.iter_mut().find(|(n, _)| n == name) {
                Some(entry) => entry.1 = setting.clone(),
                None => merged.push((name.clone(), setting.clone())),
            }
        }
        merged.retain(|(_, s)| s.level > 0);
        let ignores = settings
            .ignores
            .iter()
            .map(|p| {
                regex::Regex::new(p).map_err(|e| {
                    SettingsError(format!(
                        "gates.commit-msg.ignores: invalid pattern `{p}`: {e}"
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Linter {
            rules: merged,
            ignores,
            default_ignores: settings.default_ignores,
            references: settings.references.clone(),
        })
    }

    /// Lints one raw message (git's clean-up is applied first).
    pub fn lint(&self, raw: &str, options: &LintOptions<'_>) -> LintReport {
        let message = cleanup::cleanup(raw, options.comment_char);
        if self.is_ignored(&message) {
            return LintReport {
                valid: true,
                ignored: true,
                ..LintReport::default()
            };
        }
        let commit = parse::parse(&message);
        let mut report = LintReport::default();
        for (name, setting) in &self.rules {
            let Some(Err(text)) = rules::check(name, &commit, setting.when, setting.value.as_ref())
            else {
                continue;
            };
            let problem = Problem {
                rule: name.clone(),
                level: setting.level,
                message: text,
                hint: Some(hint(name)),
            };
            push(&mut report, problem);
        }
        if let Some(problem) = self.references_problem(&message, options.branch) {
            push(&mut report, problem);
        }
        report.valid = report.errors.is_empty();
        report
    }

    fn is_ignored(&self, message: &str) -> bool {
        (self.default_ignores && ignore::default_ignored(message))
            || self.ignores.iter().any(|re| re.is_match(message))
    }

    fn references_problem(&self, message: &str, branch: Option<&str>) -> Option<Problem> {
        if self.references.level == 0 || !crate::ids::find_ids(message).is_empty() {
            return None;
        }
        if self.references.from_branch
            && branch.is_some_and(|b| !crate::ids::find_ids(b).is_empty())
        {
            return None;
        }
        let where_ = if self.references.from_branch {
            "the message or the branch name"
        } else {
            "the message"
        };
        Some(Problem {
            rule: "references".into(),
            level: self.references.level,
            message: format!("no work-item id (STORY-001, STORY-alice-001, BUG-…, HOTFIX-…) found in {where_}"),
            hint: Some("name the story, bug or hotfix this commit belongs to, e.g. `feat(api): add login (STORY-001)`; get a new id with `pactkit next-id`".into()),
        })
    }
}

fn push(report: &mut LintReport, problem: Problem) {
    if problem.level >= 2 {
        report.errors.push(problem)
    } else {
        report.warnings.push(problem)
    }
}

/// How to fix a problem reported by `rule`.
fn hint(rule: &str) -> String {
    let fix = match rule {
        "type-empty" | "subject-empty" => {
            "write the header as `type(scope): subject`, e.g. `feat(cli): add the check command`"
        }
        "type-enum" => "use one of the allowed types",
        "type-case" => "write the type in lower case",
        "subject-case" => "start the subject with a lower-case letter",
        "subject-full-stop" | "header-full-stop" => "drop the final full stop",
        "header-max-length" => "shorten the header; details belong in the body",
        "body-leading-blank" | "footer-leading-blank" => "leave one blank line before it",
        "body-max-line-length" | "footer-max-line-length" => "wrap long lines",
        "header-trim" => "remove the spaces around the header",
        _ => "edit the message",
    };
    format!("{fix}, or change gates.commit-msg.rules.{rule} in pactkit.yaml")
}
#[cfg(test)]
mod conformance;
