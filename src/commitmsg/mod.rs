//! Conventional Commits: git's message clean-up, the parser, commitlint-compatible rules
//! and ignores, and PactKit's work-item `references` rule. Pure: no git, no printing.
//!
//! Owns the public contract (`Settings`, `Linter`, `LintReport`, …); the pieces live in
//! `cleanup` (git's clean-up and which mode git applies), `parse` (the parser), `rules` (the rule table), `case`
//! (commitlint's case checks), `ignore` (ignores) and `trailers` (git's trailer block).

pub mod case;
pub mod cleanup;
pub mod ignore;
pub mod parse;
pub mod rules;
pub mod trailers;

#[cfg(test)]
mod conformance;

pub use cleanup::{Cleanup, CleanupMode};
use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// `gates.commit-msg` in pactkit.yaml.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
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
    /// Every setting [`Linter::new`] refuses, each as (key path below `gates.commit-msg`,
    /// message): all of them, where `Linter::new` stops at the first.
    pub fn errors(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (name, setting) in &self.rules {
            if let Err(err) = rules::ActiveRule::compile(name, setting) {
                out.push((format!("rules.{name}"), err.0));
            }
        }
        for (n, pattern) in self.ignores.iter().enumerate() {
            if let Err(err) = compile_ignore(pattern) {
                out.push((format!("ignores[{n}]"), err.0));
            }
        }
        if let Err(err) = check_references_level(self.references.level) {
            out.push(("references.level".to_owned(), err.0));
        }
        out
    }

    /// Problems the config loader reports as warnings, each as (key path below
    /// `gates.commit-msg`, message): unknown rule names (`rules.tpye-enum`) and the like.
    pub fn unknown_keys(&self) -> Vec<(String, String)> {
        self.rules
            .keys()
            .filter(|name| rules::known_rule(name).is_none())
            .map(|name| {
                let message = match rules::suggest(name) {
                    Some(s) => format!("unknown rule; did you mean `{s}`?"),
                    None => {
                        "unknown rule; see the commitlint rule names (type-enum, subject-case, …)"
                            .to_owned()
                    }
                };
                (format!("rules.{name}"), message)
            })
            .collect()
    }
}

/// The base rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// `@commitlint/config-conventional`.
    #[default]
    Conventional,
    /// No rules but those configured.
    None,
}

/// One rule's configuration: `[level, when, value]`, read and written in that form (so
/// `config show` prints what the file says).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSetting {
    /// 0 off, 1 warning, 2 error.
    pub level: u8,
    /// `always` or `never`.
    pub when: When,
    /// The rule's value (a number, a string, a list), if it takes one.
    pub value: Option<serde_json::Value>,
}

impl Serialize for RuleSetting {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let len = if self.value.is_some() { 3 } else { 2 };
        let mut seq = serializer.serialize_seq(Some(len))?;
        seq.serialize_element(&self.level)?;
        seq.serialize_element(&self.when)?;
        if let Some(value) = &self.value {
            seq.serialize_element(value)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RuleSettingVisitor)
    }
}

struct RuleSettingVisitor;

impl<'de> serde::de::Visitor<'de> for RuleSettingVisitor {
    type Value = RuleSetting;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rule as [level, always|never, value], e.g. [2, always, 100] or [0]")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<RuleSetting, A::Error> {
        use serde::de::Error;
        let level_value: Value = seq.next_element()?.ok_or_else(|| {
            A::Error::custom("a rule needs at least a level: [0], [1, always] or [2, never, value]")
        })?;
        let level = parse_level(&level_value).map_err(A::Error::custom)?;
        let when_value: Option<Value> = seq.next_element()?;
        let value: Option<Value> = seq.next_element()?;
        let mut extra = 0usize;
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            extra += 1;
        }
        if extra > 0 {
            return Err(A::Error::custom(format!(
                "a rule has at most 3 items [level, always|never, value]; found {}",
                3 + extra
            )));
        }
        let when = match when_value {
            Some(w) => parse_when(&w).map_err(A::Error::custom)?,
            None if level == 0 => When::Always,
            None => {
                return Err(A::Error::custom(format!(
                    "rule level {level} needs a condition: [{level}, always] or [{level}, never]"
                )));
            }
        };
        Ok(RuleSetting { level, when, value })
    }
}

/// Exactly what [`RuleSettingVisitor`] accepts: one to three items, the level 0–2, then
/// `always`/`never` (required unless the level is 0), then any value.
impl JsonSchema for RuleSetting {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleSetting".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A commitlint rule: `[level, when, value]`; level 0 (off), 1 (warning) or 2 (error), when `always` or `never` (may be left out at level 0), value as the rule takes it",
            "type": "array",
            "prefixItems": [
                { "enum": [0, 1, 2] },
                { "enum": ["always", "never"] },
                true,
            ],
            "items": false,
            "minItems": 1,
            "anyOf": [
                { "prefixItems": [{ "const": 0 }] },
                { "minItems": 2 },
            ],
            "examples": [[2, "always", 100], [0]],
        })
    }
}

fn parse_level(v: &Value) -> Result<u8, String> {
    match v.as_u64() {
        Some(n @ 0..=2) => Ok(n as u8),
        _ => Err(format!(
            "rule level must be 0 (off), 1 (warning) or 2 (error); found {v}"
        )),
    }
}

fn parse_when(v: &Value) -> Result<When, String> {
    match v.as_str() {
        Some("always") => Ok(When::Always),
        Some("never") => Ok(When::Never),
        _ => Err(format!(
            "rule condition must be `always` or `never`; found {v}"
        )),
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
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
    /// How git turns the raw message into the stored one (the default: an edited
    /// message, `#` comments; [`Cleanup::STORED`] for a message read from a commit).
    pub cleanup: Cleanup,
    /// The current branch, for `references.from_branch`.
    pub branch: Option<&'a str>,
}

/// Settings compiled once (regexes, merged rule table).
#[derive(Debug, Clone)]
pub struct Linter {
    rules: Vec<rules::ActiveRule>,
    ignores: Vec<Regex>,
    default_ignores: bool,
    references: ReferencesSetting,
}

/// Invalid settings: a rule name or value that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(pub String);

impl Linter {
    /// Compiles settings: the preset with the user's rules layered over it per rule name.
    /// Unknown rule names are skipped here (see [`Settings::unknown_keys`]).
    pub fn new(settings: &Settings) -> Result<Linter, SettingsError> {
        let mut table: BTreeMap<&str, &RuleSetting> = BTreeMap::new();
        let preset = match settings.extends {
            Preset::Conventional => rules::conventional_preset(),
            Preset::None => Vec::new(),
        };
        for (name, setting) in &preset {
            table.insert(name, setting);
        }
        for (name, setting) in &settings.rules {
            table.insert(name.as_str(), setting);
        }
        let mut active = Vec::new();
        for name in rules::rule_names() {
            if let Some(setting) = table.get(name) {
                active.extend(rules::ActiveRule::compile(name, setting)?);
            }
        }
        let ignores = settings
            .ignores
            .iter()
            .map(|p| compile_ignore(p))
            .collect::<Result<_, _>>()?;
        check_references_level(settings.references.level)?;
        Ok(Linter {
            rules: active,
            ignores,
            default_ignores: settings.default_ignores,
            references: settings.references.clone(),
        })
    }

    /// Lints one raw message (git's clean-up is applied first).
    pub fn lint(&self, raw: &str, options: &LintOptions<'_>) -> LintReport {
        let message = options.cleanup.apply(raw);
        if self.is_ignored(&message) {
            return LintReport {
                valid: true,
                ignored: true,
                ..LintReport::default()
            };
        }
        let commit = parse::parse(&message);
        // commitlint skips an empty message (git refuses to commit one anyway).
        if commit.header.is_none() && commit.body.is_none() && commit.footer.is_none() {
            return LintReport {
                valid: true,
                ..LintReport::default()
            };
        }
        let mut problems: Vec<Problem> = self
            .rules
            .iter()
            .filter_map(|rule| rule.check(&commit))
            .collect();
        problems.extend(self.check_references(&message, options.branch));
        let (errors, warnings): (Vec<Problem>, Vec<Problem>) =
            problems.into_iter().partition(|p| p.level >= 2);
        LintReport {
            valid: errors.is_empty(),
            ignored: false,
            errors,
            warnings,
        }
    }

    /// The names of the rules that will run, in order.
    pub fn active_rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(rules::ActiveRule::name)
    }

    fn is_ignored(&self, message: &str) -> bool {
        (self.default_ignores && ignore::is_default_ignored(message))
            || self.ignores.iter().any(|re| re.is_match(message))
    }

    /// PactKit's `references`: a work-item id in the message, or in the branch name.
    fn check_references(&self, message: &str, branch: Option<&str>) -> Option<Problem> {
        let level = self.references.level;
        if level == 0 || crate::workflow::ids::contains_id(message) {
            return None;
        }
        let branch = branch.filter(|_| self.references.from_branch);
        if branch.is_some_and(crate::workflow::ids::contains_id) {
            return None;
        }
        let where_ = match branch {
            Some(b) => format!("the header, body, footers or the branch name {b:?}"),
            None => "the header, body or footers".to_owned(),
        };
        Some(Problem {
            rule: "references".into(),
            level,
            message: format!(
                "message must reference a work item (STORY-001, BUG-alice-002, HOTFIX-…); none found in {where_}"
            ),
            hint: Some(
                "mention the work item, as in `feat: add login (STORY-001)` or a `Refs: STORY-001` footer, \
                 or change gates.commit-msg.references in pactkit.yaml"
                    .into(),
            ),
        })
    }
}

fn check_references_level(level: u8) -> Result<(), SettingsError> {
    if level > 2 {
        return Err(SettingsError(format!(
            "gates.commit-msg.references.level must be 0 (off), 1 (warning) or 2 (error); found {level}"
        )));
    }
    Ok(())
}

fn compile_ignore(pattern: &str) -> Result<Regex, SettingsError> {
    Regex::new(pattern).map_err(|e| {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or_default().trim().to_owned();
        SettingsError(format!(
            "gates.commit-msg.ignores: `{pattern}` is not a valid regular expression: {last}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(msg: &str) -> LintReport {
        Linter::new(&Settings::default())
            .map(|l| l.lint(msg, &LintOptions::default()))
            .unwrap_or_default()
    }

    fn names(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.rule.as_str()).collect()
    }

    #[test]
    fn a_rule_serialises_in_the_form_it_is_written() {
        for text in [
            "[2,\"always\",[\"feat\"]]",
            "[0,\"always\"]",
            "[1,\"never\",null]",
        ] {
            let rule: RuleSetting = serde_json::from_str(text).expect("a rule");
            let back = serde_json::to_string(&rule).expect("serialises");
            let again: RuleSetting = serde_json::from_str(&back).expect("reads back");
            assert_eq!(again, rule, "{text} -> {back}");
        }
        let rule: RuleSetting = serde_json::from_str("[2, \"always\", 72]").expect("a rule");
        assert_eq!(
            serde_json::to_string(&rule).ok().as_deref(),
            Some("[2,\"always\",72]")
        );
    }

    #[test]
    fn conventional_defaults() {
        assert!(lint("feat: add login\n").valid);
        let r = lint("feature: Add login.\n");
        assert_eq!(
            names(&r.errors),
            ["subject-case", "subject-full-stop", "type-enum"]
        );
        assert!(r.errors.iter().all(|p| p.hint.is_some()));
        let te = r
            .errors
            .iter()
            .find(|p| p.rule == "type-enum")
            .map(|p| p.message.clone())
            .unwrap_or_default();
        assert!(
            te.starts_with("type must be one of [build, chore,")
                && te.ends_with("found \"feature\""),
            "{te}"
        );
        let w = lint("fix: x\nbody without blank\n");
        assert!(w.valid);
        assert_eq!(names(&w.warnings), ["body-leading-blank"]);
    }

    #[test]
    fn ignores() {
        let r = lint("Merge branch 'main' into x\n");
        assert!(r.valid && r.ignored);
        let settings = Settings {
            ignores: vec!["^WIP".into()],
            ..Settings::default()
        };
        let linter = Linter::new(&settings).ok();
        assert!(linter.is_some_and(|l| l.lint("WIP stuff\n", &LintOptions::default()).ignored));
        let bad = Settings {
            ignores: vec!["(".into()],
            ..Settings::default()
        };
        let err = Linter::new(&bad).err().map(|e| e.0).unwrap_or_default();
        assert!(err.contains("`(`"), "{err}");
    }

    #[test]
    fn user_rules_override_the_preset() {
        let mut settings = Settings::default();
        settings.rules.insert(
            "type-enum".into(),
            RuleSetting {
                level: 0,
                when: When::Always,
                value: None,
            },
        );
        settings.rules.insert(
            "header-max-length".into(),
            RuleSetting {
                level: 1,
                when: When::Always,
                value: Some(10.into()),
            },
        );
        let linter = Linter::new(&settings).ok();
        let r = linter
            .map(|l| l.lint("custom: a long subject here\n", &LintOptions::default()))
            .unwrap_or_default();
        assert!(r.valid);
        assert_eq!(names(&r.warnings), ["header-max-length"]);
    }

    #[test]
    fn references_rule() {
        let settings = Settings {
            references: ReferencesSetting {
                level: 2,
                from_branch: true,
            },
            ..Settings::default()
        };
        let Ok(linter) = Linter::new(&settings) else {
            panic!("settings")
        };
        let none = LintOptions::default();
        assert!(!linter.lint("feat: x\n", &none).valid);
        assert!(linter.lint("feat: x (STORY-001)\n", &none).valid);
        assert!(linter.lint("feat: x\n\nRefs: BUG-alice-002\n", &none).valid);
        let on_branch = LintOptions {
            branch: Some("feature/STORY-bob-7-x"),
            ..LintOptions::default()
        };
        assert!(linter.lint("feat: x\n", &on_branch).valid);
        let off = Settings {
            references: ReferencesSetting {
                level: 2,
                from_branch: false,
            },
            ..Settings::default()
        };
        let Ok(strict) = Linter::new(&off) else {
            panic!("settings")
        };
        let r = strict.lint("feat: x\n", &on_branch);
        assert_eq!(names(&r.errors), ["references"]);
    }

    #[test]
    fn rule_settings_deserialize_from_yaml() {
        let parse = |y: &str| serde_yaml_ng::from_str::<RuleSetting>(y).map_err(|e| e.to_string());
        assert_eq!(
            parse("[2, always, [feat, fix]]"),
            Ok(RuleSetting {
                level: 2,
                when: When::Always,
                value: Some(serde_json::json!(["feat", "fix"]))
            })
        );
        assert_eq!(
            parse("[1, never]"),
            Ok(RuleSetting {
                level: 1,
                when: When::Never,
                value: None
            })
        );
        assert_eq!(
            parse("[0]"),
            Ok(RuleSetting {
                level: 0,
                when: When::Always,
                value: None
            })
        );
        let e = parse("[3, always]").err().unwrap_or_default();
        assert!(
            e.contains("rule level must be 0 (off), 1 (warning) or 2 (error); found 3"),
            "{e}"
        );
        let e = parse("[2, sometimes]").err().unwrap_or_default();
        assert!(
            e.contains("`always` or `never`; found \"sometimes\""),
            "{e}"
        );
        assert!(
            parse("[2]")
                .err()
                .unwrap_or_default()
                .contains("needs a condition")
        );
        assert!(
            parse("[2, always, 1, 2]")
                .err()
                .unwrap_or_default()
                .contains("at most 3 items")
        );
        assert!(
            parse("error")
                .err()
                .unwrap_or_default()
                .contains("[level, always|never, value]")
        );
    }

    #[test]
    fn unknown_rule_names_are_reported() {
        let mut settings = Settings::default();
        settings.rules.insert(
            "tpye-enum".into(),
            RuleSetting {
                level: 2,
                when: When::Always,
                value: None,
            },
        );
        settings.rules.insert(
            "type-enum".into(),
            RuleSetting {
                level: 2,
                when: When::Always,
                value: None,
            },
        );
        assert_eq!(
            settings.unknown_keys(),
            [(
                "rules.tpye-enum".to_owned(),
                "unknown rule; did you mean `type-enum`?".to_owned()
            )]
        );
        assert!(Linter::new(&settings).is_ok());
    }

    #[test]
    fn clean_up_comes_first() {
        let raw = "feat: x   \r\n\r\n# Please enter the message\r\nbody\r\n";
        let r = lint(raw);
        assert!(
            r.valid && r.errors.is_empty() && r.warnings.is_empty(),
            "{r:?}"
        );
        assert!(lint("# only comments\n").valid);
    }
}
