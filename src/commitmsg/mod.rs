//! Conventional Commits: git's message clean-up, the parser, commitlint-compatible rules
//! and ignores, and PactKit's work-item `references` rule. Pure: no git, no printing.
//!
//! INTERFACE STUB: the types and signatures below are the contract the rest of the crate uses.

use serde::{Deserialize, Serialize};
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
        Vec::new()
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
    fn deserialize<D: serde::Deserializer<'de>>(_deserializer: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("stub"))
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
        ReferencesSetting { level: 0, from_branch: true }
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
pub struct Linter {}

/// Invalid settings: a rule name or value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

impl Linter {
    /// Compiles settings.
    pub fn new(settings: &Settings) -> Result<Linter, SettingsError> {
        let _ = settings;
        Ok(Linter {})
    }

    /// Lints one raw message (git's clean-up is applied first).
    pub fn lint(&self, raw: &str, options: &LintOptions<'_>) -> LintReport {
        let _ = (raw, options);
        LintReport { valid: true, ..LintReport::default() }
    }
}
