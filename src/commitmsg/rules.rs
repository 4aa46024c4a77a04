//! The commitlint rule table: names, value shapes, compiled settings, and each rule's
//! check with commitlint's semantics, plus the message and hint pactkit prints.

use super::case::{self, CASE_NAMES, Case, is_js_line_terminator, is_js_space, js_len};
use super::parse::{Commit, match_header, split_lines};
use super::{Problem, RuleSetting, SettingsError, When};
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

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
        .map(|candidate| (crate::textdist::edit_distance(name, candidate), candidate))
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

/// One case check: `lower-case`, or `{when: never, case: upper-case}`.
#[derive(Debug, Clone, Copy)]
struct CaseCheck {
    case: Case,
    negated: bool,
}

/// A rule's value, validated.
#[derive(Debug, Clone)]
enum Param {
    None,
    Length(usize),
    Text(String),
    Cases(Vec<CaseCheck>),
    ScopeCases(Vec<CaseCheck>, Delimiters),
    List(Vec<String>),
    ScopeList(Vec<String>, Delimiters),
}

/// Scope delimiters; `,` also swallows one following space.
#[derive(Debug, Clone)]
struct Delimiters(Vec<String>);

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters(vec!["/".into(), "\\".into(), ",".into()])
    }
}

impl Delimiters {
    /// `scope.split(/\/|\\|, ?/)` with these delimiters.
    fn split<'a>(&self, scope: &'a str) -> Vec<&'a str> {
        let mut parts = Vec::new();
        let mut seg_start = 0;
        let mut i = 0;
        while i < scope.len() {
            match self.match_at(scope, i) {
                Some(len) => {
                    parts.push(&scope[seg_start..i]);
                    i += len;
                    seg_start = i;
                }
                None => i += scope[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        parts.push(&scope[seg_start..]);
        parts
    }

    fn match_at(&self, scope: &str, i: usize) -> Option<usize> {
        let rest = &scope[i..];
        self.0.iter().filter(|d| !d.is_empty()).find_map(|d| {
            let after = rest.strip_prefix(d.as_str())?;
            let extra = usize::from(d == "," && after.starts_with(' '));
            Some(d.len() + extra)
        })
    }
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

    fn config_hint(&self) -> String {
        format!(
            "or change gates.commit-msg.rules.{} in pactkit.yaml",
            self.name
        )
    }

    fn fail(&self, message: String, fix: &str) -> Option<(String, String)> {
        Some((message, format!("{fix}, {}", self.config_hint())))
    }

    fn case_rule(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
        let value = value?;
        let Param::Cases(checks) = &self.param else {
            return None;
        };
        let matched = checks
            .iter()
            .any(|chk| case::is_case(value, chk.case) != chk.negated);
        if matched != self.never() {
            return None;
        }
        let list = case_list(checks);
        let not = if self.never() { "not " } else { "" };
        let fix = if self.never() {
            format!("rewrite the {field} so it is none of: {list}")
        } else {
            format!("write the {field} in {list}")
        };
        self.fail(
            format!("{field} must {not}be {list}; found {}", quoted(value)),
            &fix,
        )
    }

    fn scope_case(&self, scope: Option<&str>) -> Option<(String, String)> {
        let scope = scope?;
        let Param::ScopeCases(checks, delimiters) = &self.param else {
            return None;
        };
        let segments = delimiters.split(scope);
        let matched = checks
            .iter()
            .any(|chk| segments.iter().all(|seg| case::is_case(seg, chk.case)) != chk.negated);
        if matched != self.never() {
            return None;
        }
        let list = case_list(checks);
        let not = if self.never() { "not " } else { "" };
        self.fail(
            format!("scope must {not}be {list}; found {}", quoted(scope)),
            "rename the scope",
        )
    }

    fn empty_rule(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
        let not_empty = value.is_some_and(|v| !v.is_empty());
        if self.never() {
            if not_empty {
                return None;
            }
            let fix = match field {
                "type" => {
                    "start the header with a type, as in `feat: add login` or `fix(api): handle null`"
                }
                "subject" => "write `type(scope): subject`, with a space after the colon",
                "scope" => "add a scope, as in `feat(api): …`",
                "body" => "explain the change in a body, after one blank line",
                _ => "add a footer, as in `Refs: #123`",
            };
            let found = if field == "type" || field == "subject" {
                "; none found"
            } else {
                ""
            };
            return self.fail(format!("{field} may not be empty{found}"), fix);
        }
        if !not_empty {
            return None;
        }
        self.fail(
            format!(
                "{field} must be empty; found {}",
                quoted(value.unwrap_or_default())
            ),
            &format!("remove the {field}"),
        )
    }

    fn references_empty(&self, c: &Commit<'_>) -> Option<(String, String)> {
        let has = !c.references.is_empty();
        // `never` (the default) means references may not be empty.
        if self.never() == has {
            return None;
        }
        if self.never() {
            self.fail(
                "references may not be empty; no issue reference (#123) found".into(),
                "reference an issue, as in `Closes #123`",
            )
        } else {
            self.fail(
                format!(
                    "references must be empty; found {} reference(s)",
                    c.references.len()
                ),
                "remove the issue references",
            )
        }
    }

    fn full_stop(
        &self,
        field: &str,
        value: Option<&str>,
        _subject: bool,
    ) -> Option<(String, String)> {
        let value = value?;
        let stop = self.text();
        let has = ends_with_unit(value, stop);
        self.full_stop_verdict(field, has, stop)
    }

    fn full_stop_verdict(&self, field: &str, has: bool, stop: &str) -> Option<(String, String)> {
        if has != self.never() {
            return None;
        }
        if self.never() {
            self.fail(
                format!("{field} may not end with {stop:?}; found it at the end"),
                &format!("remove the trailing {stop:?}"),
            )
        } else {
            self.fail(
                format!("{field} must end with {stop:?}; it does not"),
                &format!("end the {field} with {stop:?}"),
            )
        }
    }

    fn subject_full_stop(&self, header: Option<&str>) -> Option<(String, String)> {
        // A header that ends in its only colon has no subject to judge.
        if header.is_some_and(|h| h.len() > 1 && h.find(':') == Some(h.len() - 1)) {
            return None;
        }
        let stop = self.text();
        let header = header.unwrap_or_default();
        let has = ends_with_unit(header, stop) && !header.ends_with("...");
        self.full_stop_verdict("subject", has, stop)
    }

    fn max_length(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
        let value = value.filter(|v| !v.is_empty())?;
        let (max, len) = (self.length(), js_len(value));
        if len <= max {
            return None;
        }
        self.fail(
            format!("{field} must not be longer than {max} characters; found {len}"),
            &format!("shorten the {field}"),
        )
    }

    fn min_length(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
        let value = value.filter(|v| !v.is_empty())?;
        let (min, len) = (self.length(), js_len(value));
        if len >= min {
            return None;
        }
        self.fail(
            format!("{field} must not be shorter than {min} characters; found {len}"),
            &format!("say more in the {field}"),
        )
    }

    fn header_length(&self, header: Option<&str>, max: bool) -> Option<(String, String)> {
        let limit = self.length();
        let len = header.map(js_len);
        let ok = len.is_some_and(|l| if max { l <= limit } else { l >= limit });
        if ok {
            return None;
        }
        let found = len.map_or_else(|| "no header".to_owned(), |l| l.to_string());
        if max {
            self.fail(
                format!("header must not be longer than {limit} characters; found {found}"),
                "shorten the header and move details into the body",
            )
        } else {
            self.fail(
                format!("header must not be shorter than {limit} characters; found {found}"),
                "describe the change in more words",
            )
        }
    }

    fn max_line_length(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
        let value = value.filter(|v| !v.is_empty())?;
        let max = self.length();
        let longest = split_lines(value)
            .filter(|l| !has_http_url(l))
            .map(js_len)
            .max()
            .unwrap_or(0);
        if longest <= max {
            return None;
        }
        self.fail(
            format!("{field}'s lines must not be longer than {max} characters; found a line of {longest}"),
            &format!("wrap {field} lines at {max} characters (lines holding a URL are exempt)"),
        )
    }

    fn body_leading_blank(&self, c: &Commit<'_>) -> Option<(String, String)> {
        c.body.as_deref().filter(|b| !b.is_empty())?;
        let blank = split_lines(c.raw).nth(1) == Some("");
        self.leading_blank_verdict("body", blank)
    }

    fn footer_leading_blank(&self, c: &Commit<'_>) -> Option<(String, String)> {
        let footer = c.footer.as_deref().filter(|f| !f.is_empty())?;
        let raw: Vec<&str> = split_lines(c.raw).collect();
        let first = split_lines(footer).next().unwrap_or_default();
        // commitlint looks the footer's first line up in the raw lines, first match wins.
        let offset = raw
            .iter()
            .position(|l| *l == first)
            .map_or(-1, |p| p as isize);
        let idx = if offset >= 1 {
            offset - 1
        } else {
            (raw.len() as isize + offset - 1).max(0)
        };
        let blank = raw.get(idx as usize) == Some(&"");
        self.leading_blank_verdict("footer", blank)
    }

    fn leading_blank_verdict(&self, field: &str, blank: bool) -> Option<(String, String)> {
        if blank != self.never() {
            return None;
        }
        if self.never() {
            self.fail(
                format!("{field} may not have a leading blank line; found one"),
                &format!("remove the blank line before the {field}"),
            )
        } else {
            let what = if field == "body" {
                "the header and the body"
            } else {
                "the body and the footer (BREAKING CHANGE:, Closes #…)"
            };
            self.fail(
                format!("{field} must have a leading blank line; found none"),
                &format!("leave one blank line between {what}"),
            )
        }
    }

    fn type_enum(&self, kind: Option<&str>) -> Option<(String, String)> {
        let kind = kind?;
        let Param::List(allowed) = &self.param else {
            return None;
        };
        let member = allowed.iter().any(|a| a == kind);
        if member != self.never() {
            return None;
        }
        let list = allowed.join(", ");
        if self.never() {
            self.fail(
                format!("type must not be one of [{list}]; found {}", quoted(kind)),
                "use another type",
            )
        } else {
            Some((
                format!("type must be one of [{list}]; found {}", quoted(kind)),
                "use one of the allowed types, or add it to gates.commit-msg.rules.type-enum in pactkit.yaml".into(),
            ))
        }
    }

    fn scope_enum(&self, scope: Option<&str>) -> Option<(String, String)> {
        let scope = scope?;
        let Param::ScopeList(allowed, delimiters) = &self.param else {
            return None;
        };
        if allowed.is_empty() {
            return None;
        }
        let is_member = |s: &str| allowed.iter().any(|a| a == s);
        let parts = delimiters.split(scope);
        let list = allowed.join(", ");
        if self.never() {
            if !parts.iter().any(|p| is_member(p)) && !is_member(scope) {
                return None;
            }
            return self.fail(
                format!("scope must not be one of [{list}]; found {}", quoted(scope)),
                "use another scope",
            );
        }
        if parts.iter().all(|p| is_member(p)) || is_member(scope) {
            return None;
        }
        Some((
            format!("scope must be one of [{list}]; found {}", quoted(scope)),
            "use one of the allowed scopes, or add it to gates.commit-msg.rules.scope-enum in pactkit.yaml".into(),
        ))
    }

    fn scope_delimiter_style(&self, scope: Option<&str>) -> Option<(String, String)> {
        let scope = scope.filter(|s| !s.is_empty())?;
        let defaults = Delimiters::default().0;
        let allowed = match &self.param {
            Param::List(list) if !list.is_empty() => list,
            _ => &defaults,
        };
        let found = scope_delimiters(scope);
        let all_allowed = found.iter().all(|d| allowed.iter().any(|a| a == d));
        if all_allowed != self.never() {
            return None;
        }
        let list = allowed.join(", ");
        let not = if self.never() { "not " } else { "" };
        let found_list = found
            .iter()
            .map(|d| quoted(d))
            .collect::<Vec<_>>()
            .join(", ");
        self.fail(
            format!("scope delimiters must {not}be one of [{list}]; found [{found_list}]"),
            "separate scopes with an allowed delimiter",
        )
    }

    fn signed_off_by(&self, raw: &str) -> Option<(String, String)> {
        let prefix = self.text();
        let last = split_lines(raw)
            .filter(|l| !l.starts_with('#') && !l.is_empty() && !is_cherry_pick(l))
            .last();
        let has = last.is_some_and(|l| l.starts_with(prefix));
        if has != self.never() {
            return None;
        }
        if self.never() {
            self.fail(
                format!("message must not be signed off; the last line starts with {prefix:?}"),
                "remove the sign-off line",
            )
        } else {
            self.fail(
                format!("message must be signed off; the last line does not start with {prefix:?}"),
                "commit with `git commit -s` to add the Signed-off-by trailer",
            )
        }
    }

    fn trailer_exists(&self, raw: &str) -> Option<(String, String)> {
        let prefix = self.text();
        let has = super::trailers::parse_trailers(raw)
            .iter()
            .any(|t| t.starts_with(prefix));
        if has != self.never() {
            return None;
        }
        if self.never() {
            self.fail(
                format!("message must not have a {prefix:?} trailer; found one"),
                "remove the trailer",
            )
        } else {
            self.fail(
                format!("message must have a {prefix:?} trailer; none found in the last paragraph"),
                "add the trailer to the last paragraph, after a blank line",
            )
        }
    }

    fn subject_exclamation_mark(&self, header: Option<&str>) -> Option<(String, String)> {
        let header = header?;
        let has = match_header(header, true).is_some();
        if has != self.never() {
            return None;
        }
        if self.never() {
            self.fail(
                "subject must not have an exclamation mark before the colon; found `!:`".into(),
                "remove the `!`",
            )
        } else {
            self.fail(
                "subject must have an exclamation mark before the colon to mark a breaking change; found none".into(),
                "write `type(scope)!: subject`",
            )
        }
    }

    fn breaking_change_exclamation_mark(&self, c: &Commit<'_>) -> Option<(String, String)> {
        let header = c.header.filter(|h| !h.is_empty());
        let footer = c.footer.as_deref().filter(|f| !f.is_empty());
        if header.is_none() && footer.is_none() {
            return None;
        }
        let bang = header.is_some_and(|h| match_header(h, true).is_some());
        let note = footer.is_some_and(|f| {
            f.split(is_js_line_terminator)
                .any(|l| l.starts_with("BREAKING CHANGE:") || l.starts_with("BREAKING-CHANGE:"))
        });
        let consistent = bang == note;
        if consistent != self.never() {
            return None;
        }
        let found = format!(
            "found {} and {}",
            if bang {
                "`!` in the header"
            } else {
                "no `!` in the header"
            },
            if note {
                "a BREAKING CHANGE footer"
            } else {
                "no BREAKING CHANGE footer"
            }
        );
        let not = if self.never() { "not " } else { "" };
        self.fail(
            format!(
                "breaking changes must {not}have both `!` in the header and BREAKING CHANGE: in the footer; {found}"
            ),
            "mark a breaking change with both `type!:` and a `BREAKING CHANGE:` footer",
        )
    }
}

fn header_trim(header: Option<&str>) -> Option<(String, String)> {
    let header = header.filter(|h| !h.is_empty())?;
    let starts = header.starts_with(is_js_space);
    let ends = header.ends_with(is_js_space);
    let what = match (starts, ends) {
        (true, true) => "must not be surrounded by whitespace",
        (true, false) => "must not start with whitespace",
        (false, true) => "must not end with whitespace",
        (false, false) => return None,
    };
    Some((
        format!("header {what}; found {}", quoted(header)),
        "remove the spaces around the header, or change gates.commit-msg.rules.header-trim in pactkit.yaml".into(),
    ))
}

fn case_list(checks: &[CaseCheck]) -> String {
    let names: Vec<&str> = checks.iter().map(|c| c.case.name()).collect();
    names.join(", ")
}

/// `value` in double quotes, shortened past 60 characters.
fn quoted(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{:?}", format!("{head}…"))
    } else {
        format!("{head:?}")
    }
}

/// `s[s.length - 1] === value` in JavaScript: the last UTF-16 unit equals `value`.
fn ends_with_unit(s: &str, value: &str) -> bool {
    let Some(last) = s.chars().last() else {
        return false;
    };
    let mut v = value.chars();
    (last as u32) <= 0xffff && v.next() == Some(last) && v.next().is_none()
}

/// `/^[\p{Ll}\p{Lu}\p{Lt}]/iu`.
fn starts_with_cased_letter(s: &str) -> bool {
    static CASED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?i)^[\p{Ll}\p{Lu}\p{Lt}]").ok());
    match s.chars().next() {
        Some(c) if c.is_ascii() => c.is_ascii_alphabetic(),
        Some(_) => CASED.as_ref().is_some_and(|re| re.is_match(s)),
        None => false,
    }
}

/// commitlint's URL exemption for long lines: `\bhttps?://\S+`.
fn has_http_url(line: &str) -> bool {
    let bytes = line.as_bytes();
    line.match_indices("http").any(|(at, _)| {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            return false;
        }
        let rest = &line[at + 4..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        rest.strip_prefix("://")
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !is_js_space(c))
    })
}

/// `/^\(cherry picked from commit [0-9a-f]{7,64}\)$/i` on the trimmed line.
fn is_cherry_pick(line: &str) -> bool {
    let line = case::js_trim(line);
    let Some(head) = line.get(..27) else {
        return false;
    };
    if !head.eq_ignore_ascii_case("(cherry picked from commit ") {
        return false;
    }
    let Some(hash) = line[27..].strip_suffix(')') else {
        return false;
    };
    (7..=64).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `scope.match(/[^A-Za-z0-9-_]+/g)`, `, ` counted as `,`, deduplicated.
fn scope_delimiters(scope: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for run in scope
        .split(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        .filter(|r| !r.is_empty())
    {
        let d = if case::js_trim(run) == "," {
            ",".to_owned()
        } else {
            run.to_owned()
        };
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

// ---- value validation -----------------------------------------------------------------------

fn compile_param(name: &str, shape: Shape, value: Option<&Value>) -> Result<Param, SettingsError> {
    let err = |expected: &str, found: &Value| {
        SettingsError(format!(
            "gates.commit-msg.rules.{name}: the value must be {expected}; found {found}"
        ))
    };
    Ok(match (shape, value) {
        (Shape::Flag, _) => Param::None,
        (Shape::Length, None) => Param::Length(0),
        (Shape::Length, Some(v)) => Param::Length(
            v.as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| err("a whole number of characters", v))?,
        ),
        (Shape::Text(default), None) => Param::Text(default.to_owned()),
        (Shape::Text(_), Some(v)) => {
            Param::Text(v.as_str().ok_or_else(|| err("a string", v))?.to_owned())
        }
        (Shape::Cases, None) => Param::Cases(Vec::new()),
        (Shape::Cases, Some(v)) => Param::Cases(case_checks(name, v)?),
        (Shape::ScopeCases, None) => Param::ScopeCases(Vec::new(), Delimiters::default()),
        (Shape::ScopeCases, Some(Value::Object(map))) => {
            let cases = map
                .get("cases")
                .map_or(Ok(Vec::new()), |v| case_checks(name, v))?;
            Param::ScopeCases(cases, delimiters(name, map.get("delimiters"))?)
        }
        (Shape::ScopeCases, Some(v)) => {
            Param::ScopeCases(case_checks(name, v)?, Delimiters::default())
        }
        (Shape::List, None) => Param::List(Vec::new()),
        (Shape::List, Some(v)) => {
            Param::List(strings(v).ok_or_else(|| err("a list of strings", v))?)
        }
        (Shape::ScopeList, None) => Param::ScopeList(Vec::new(), Delimiters::default()),
        (Shape::ScopeList, Some(Value::Object(map))) => {
            let scopes = match map.get("scopes") {
                Some(v) => strings(v).ok_or_else(|| err("a list of strings under `scopes`", v))?,
                None => Vec::new(),
            };
            Param::ScopeList(scopes, delimiters(name, map.get("delimiters"))?)
        }
        (Shape::ScopeList, Some(v)) => Param::ScopeList(
            strings(v).ok_or_else(|| err("a list of strings", v))?,
            Delimiters::default(),
        ),
    })
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|item| item.as_str().map(str::to_owned))
        .collect()
}

fn delimiters(name: &str, v: Option<&Value>) -> Result<Delimiters, SettingsError> {
    match v {
        None => Ok(Delimiters::default()),
        Some(v) => match strings(v) {
            Some(list) if !list.is_empty() => Ok(Delimiters(list)),
            Some(_) => Ok(Delimiters::default()),
            None => Err(SettingsError(format!(
                "gates.commit-msg.rules.{name}: `delimiters` must be a list of strings; found {v}"
            ))),
        },
    }
}

fn case_checks(name: &str, v: &Value) -> Result<Vec<CaseCheck>, SettingsError> {
    let one = |item: &Value| -> Result<CaseCheck, SettingsError> {
        let (case_name, negated) = match item {
            Value::String(s) => (s.as_str(), false),
            Value::Object(map) => {
                let case_name = map.get("case").and_then(Value::as_str).unwrap_or_default();
                let negated = map.get("when").and_then(Value::as_str) == Some("never");
                (case_name, negated)
            }
            other => (other.as_str().unwrap_or_default(), false),
        };
        let case = Case::parse(case_name).ok_or_else(|| {
            SettingsError(format!(
                "gates.commit-msg.rules.{name}: unknown case {item}; expected one of {CASE_NAMES}"
            ))
        })?;
        Ok(CaseCheck { case, negated })
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        other => Ok(vec![one(other)?]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("tpye-enum"), Some("type-enum"));
        assert_eq!(suggest("header-max-lenght"), Some("header-max-length"));
        assert_eq!(suggest("completely-different-thing"), None);
    }

    #[test]
    fn delimiters_split_like_the_regex() {
        let d = Delimiters::default();
        assert_eq!(d.split("a/b, c,d\\e"), ["a", "b", "c", "d", "e"]);
        assert_eq!(d.split("plain"), ["plain"]);
    }

    #[test]
    fn cherry_pick_lines() {
        assert!(is_cherry_pick("(cherry picked from commit abcdef0)"));
        assert!(!is_cherry_pick("(cherry picked from commit xyz)"));
    }

    #[test]
    fn value_errors_name_the_rule() {
        let bad = RuleSetting {
            level: 2,
            when: When::Always,
            value: Some(Value::String("x".into())),
        };
        let err = ActiveRule::compile("header-max-length", &bad)
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(err.contains("rules.header-max-length"), "{err}");
        let bad_case = RuleSetting {
            level: 2,
            when: When::Always,
            value: Some("shouting".into()),
        };
        assert!(ActiveRule::compile("type-case", &bad_case).is_err());
    }
}
