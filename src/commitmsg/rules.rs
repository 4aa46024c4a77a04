//! commitlint's rules, by name: each takes the parsed commit, `always` / `never` and the
//! rule's value, and says whether the commit complies and, if not, what to tell the user.

use super::When;
use super::case;
use super::parse::Commit;
use serde_json::Value;

/// Every rule name, as `@commitlint/rules` spells them.
pub const RULE_NAMES: [&str; 38] = [
    "body-case",
    "body-empty",
    "body-full-stop",
    "body-leading-blank",
    "body-max-length",
    "body-max-line-length",
    "body-min-length",
    "breaking-change-exclamation-mark",
    "footer-empty",
    "footer-leading-blank",
    "footer-max-length",
    "footer-max-line-length",
    "footer-min-length",
    "header-case",
    "header-full-stop",
    "header-max-length",
    "header-min-length",
    "header-trim",
    "references-empty",
    "scope-case",
    "scope-delimiter-style",
    "scope-empty",
    "scope-enum",
    "scope-max-length",
    "scope-min-length",
    "signed-off-by",
    "subject-case",
    "subject-empty",
    "subject-exclamation-mark",
    "subject-full-stop",
    "subject-max-length",
    "subject-min-length",
    "trailer-exists",
    "type-case",
    "type-empty",
    "type-enum",
    "type-max-length",
    "type-min-length",
];

/// A rule's verdict: compliant, or the message naming what was found and expected.
pub type Verdict = Result<(), String>;

fn must(when: When) -> &'static str {
    match when {
        When::Always => "must",
        When::Never => "must not",
    }
}

/// JS string length (UTF-16 code units), as commitlint measures.
fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

fn number(value: Option<&Value>, default: usize) -> usize {
    value
        .and_then(Value::as_u64)
        .map_or(default, |n| n as usize)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn string(value: Option<&Value>, default: &str) -> String {
    value.and_then(Value::as_str).unwrap_or(default).to_owned()
}

fn holds(when: When, condition: bool) -> bool {
    match when {
        When::Always => condition,
        When::Never => !condition,
    }
}

fn verdict(ok: bool, message: impl FnOnce() -> String) -> Verdict {
    if ok { Ok(()) } else { Err(message()) }
}

/// Evaluates rule `name`; `None` when the rule does not exist.
pub fn check(name: &str, c: &Commit, when: When, value: Option<&Value>) -> Option<Verdict> {
    Some(match name {
        "type-enum" => enum_rule(
            "type",
            c.kind.as_deref().map(|t| vec![t.to_owned()]),
            when,
            value,
        ),
        "scope-enum" => enum_rule("scope", c.scope.as_deref().map(scopes), when, value),
        "type-case" => case_rule("type", c.kind.as_deref(), when, value),
        "scope-case" => scope_case(c, when, value),
        "subject-case" => subject_case(c, when, value),
        "header-case" => case_rule("header", Some(c.header.as_str()), when, value),
        "body-case" => case_rule("body", c.body.as_deref(), when, value),
        "type-empty" => empty_rule("type", c.kind.as_deref(), when),
        "scope-empty" => empty_rule("scope", c.scope.as_deref(), when),
        "subject-empty" => empty_rule("subject", c.subject.as_deref(), when),
        "body-empty" => empty_rule("body", c.body.as_deref(), when),
        "footer-empty" => empty_rule("footer", c.footer.as_deref(), when),
        "header-max-length" => max_length("header", Some(&c.header), when, value),
        "type-max-length" => max_length("type", c.kind.as_deref(), when, value),
        "scope-max-length" => max_length("scope", c.scope.as_deref(), when, value),
        "subject-max-length" => max_length("subject", c.subject.as_deref(), when, value),
        "body-max-length" => max_length("body", c.body.as_deref(), when, value),
        "footer-max-length" => max_length("footer", c.footer.as_deref(), when, value),
        "header-min-length" => min_length("header", Some(&c.header), when, value),
        "type-min-length" => min_length("type", c.kind.as_deref(), when, value),
        "scope-min-length" => min_length("scope", c.scope.as_deref(), when, value),
        "subject-min-length" => min_length("subject", c.subject.as_deref(), when, value),
        "body-min-length" => min_length("body", c.body.as_deref(), when, value),
        "footer-min-length" => min_length("footer", c.footer.as_deref(), when, value),
        "body-max-line-length" => max_line_length("body", c.body.as_deref(), when, value),
        "footer-max-line-length" => max_line_length("footer", c.footer.as_deref(), when, value),
        "header-full-stop" => full_stop("header", Some(&c.header), when, value),
        "subject-full-stop" => subject_full_stop(c, when, value),
        "body-full-stop" => full_stop("body", c.body.as_deref(), when, value),
        "body-leading-blank" => leading_blank("body", c.body.is_some(), c.body_leading_blank, when),
        "footer-leading-blank" => {
            leading_blank("footer", c.footer.is_some(), c.footer_leading_blank, when)
        }
        "header-trim" => verdict(holds(when, c.header.trim() == c.header), || {
            format!(
                "header {} be surrounded by whitespace",
                if when == When::Always {
                    "must not"
                } else {
                    "must"
                }
            )
        }),
        "references-empty" => verdict(holds(when, c.references.is_empty()), || {
            format!(
                "references {} be empty",
                if when == When::Always {
                    "must"
                } else {
                    "may not"
                }
            )
        }),
        "subject-exclamation-mark" => verdict(holds(when, c.header.contains("!:")), || {
            format!(
                "subject {} have an exclamation mark in the subject to identify a breaking change",
                must(when)
            )
        }),
        "breaking-change-exclamation-mark" => {
            verdict(holds(when, c.bang == c.breaking_note), || {
                "either both or neither of `!` in the header and a BREAKING CHANGE footer must be present".to_owned()
            })
        }
        "signed-off-by" => trailer_rule(c, when, &string(value, "Signed-off-by:"), "message"),
        "trailer-exists" => trailer_rule(c, when, &string(value, ""), "message"),
        "scope-delimiter-style" => scope_delimiters(c, when, value),
        _ => return None,
    })
}

/// commitlint splits scopes on `/`, `\` and `,` (with an optional space).
fn scopes(scope: &str) -> Vec<String> {
    scope
        .split(['/', '\\', ','])
        .map(|s| s.trim().to_owned())
        .collect()
}

fn enum_rule(what: &str, found: Option<Vec<String>>, when: When, value: Option<&Value>) -> Verdict {
    let Some(found) = found else { return Ok(()) };
    let allowed = strings(value);
    if allowed.is_empty() {
        return Ok(());
    }
    let ok = found.iter().all(|f| holds(when, allowed.contains(f)));
    verdict(ok, || {
        format!(
            "{what} {} one of [{}]; found \"{}\"",
            if when == When::Always {
                "must be"
            } else {
                "must not be"
            },
            allowed.join(", "),
            found.join(", ")
        )
    })
}

fn case_rule(what: &str, text: Option<&str>, when: When, value: Option<&Value>) -> Verdict {
    let Some(text) = text else { return Ok(()) };
    let cases = strings(value);
    if cases.is_empty() {
        return Ok(());
    }
    let any = cases.iter().any(|target| case::is_case(text, target));
    verdict(holds(when, any), || {
        format!(
            "{what} {} be {}; found \"{text}\"",
            must(when),
            cases.join(", ")
        )
    })
}

fn scope_case(c: &Commit, when: When, value: Option<&Value>) -> Verdict {
    let Some(scope) = c.scope.as_deref() else {
        return Ok(());
    };
    for part in scopes(scope) {
        case_rule("scope", Some(&part), when, value)?;
    }
    Ok(())
}

fn subject_case(c: &Commit, when: When, value: Option<&Value>) -> Verdict {
    match c.subject.as_deref() {
        // commitlint only judges subjects that start with a cased letter (`Ä` yes, `修` no).
        Some(subject) if subject.starts_with(|ch: char| ch.is_lowercase() || ch.is_uppercase()) => {
            case_rule("subject", Some(subject), when, value)
        }
        _ => Ok(()),
    }
}

fn empty_rule(what: &str, text: Option<&str>, when: When) -> Verdict {
    let empty = text.is_none_or(|t| t.is_empty());
    verdict(holds(when, empty), || {
        format!(
            "{what} {} empty",
            if when == When::Always {
                "must be"
            } else {
                "may not be"
            }
        )
    })
}

fn max_length(what: &str, text: Option<&str>, _when: When, value: Option<&Value>) -> Verdict {
    let max = number(value, usize::MAX);
    let Some(text) = text else { return Ok(()) };
    let len = length(text);
    verdict(len <= max, || {
        format!("{what} must not be longer than {max} characters, current length is {len}")
    })
}

fn min_length(what: &str, text: Option<&str>, _when: When, value: Option<&Value>) -> Verdict {
    let min = number(value, 0);
    let Some(text) = text else { return Ok(()) };
    let len = length(text);
    verdict(len >= min, || {
        format!("{what} must not be shorter than {min} characters, current length is {len}")
    })
}

fn max_line_length(what: &str, text: Option<&str>, _when: When, value: Option<&Value>) -> Verdict {
    let max = number(value, usize::MAX);
    let Some(text) = text else { return Ok(()) };
    // Lines carrying a URL cannot be wrapped; commitlint does not count them either.
    let longest = text
        .split('\n')
        .filter(|l| !l.contains("://"))
        .map(length)
        .max()
        .unwrap_or(0);
    verdict(longest <= max, || {
        format!(
            "{what}'s lines must not be longer than {max} characters; the longest has {longest}"
        )
    })
}

fn full_stop(what: &str, text: Option<&str>, when: When, value: Option<&Value>) -> Verdict {
    let Some(text) = text else { return Ok(()) };
    let stop = string(value, ".");
    let ends = text.trim_end().ends_with(&stop);
    verdict(holds(when, ends), || {
        format!(
            "{what} {} end with full stop \"{stop}\"",
            if when == When::Always {
                "must"
            } else {
                "may not"
            }
        )
    })
}

/// commitlint judges the end of the header (a subject-less header ending in `:` passes, and
/// so does an ellipsis).
fn subject_full_stop(c: &Commit, when: When, value: Option<&Value>) -> Verdict {
    let header = c.header.as_str();
    if header.is_empty() || header.ends_with(':') || header.ends_with("...") {
        return Ok(());
    }
    full_stop("subject", Some(header), when, value)
}

fn leading_blank(what: &str, present: bool, blank: bool, when: When) -> Verdict {
    if !present {
        return Ok(());
    }
    verdict(holds(when, blank), || {
        format!("{what} {} have leading blank line", must(when))
    })
}

fn trailer_rule(c: &Commit, when: When, prefix: &str, what: &str) -> Verdict {
    if prefix.is_empty() {
        return Ok(());
    }
    let has = c
        .footer
        .as_deref()
        .unwrap_or("")
        .lines()
        .chain(c.body.as_deref().unwrap_or("").lines().rev().take(1))
        .any(|l| l.starts_with(prefix));
    verdict(holds(when, has), || {
        format!("{what} {} have `{prefix}` trailer", must(when))
    })
}

fn scope_delimiters(c: &Commit, when: When, value: Option<&Value>) -> Verdict {
    let Some(scope) = c.scope.as_deref() else {
        return Ok(());
    };
    let mut allowed = strings(value);
    if allowed.is_empty() {
        allowed = vec!["/".into(), "\\".into(), ",".into()];
    }
    let used: Vec<char> = scope
        .chars()
        .filter(|ch| matches!(ch, '/' | '\\' | ',' | '|' | ';' | '+' | '&'))
        .collect();
    let ok = used
        .iter()
        .all(|d| holds(when, allowed.iter().any(|a| a.starts_with(*d))));
    verdict(ok, || {
        format!(
            "scope delimiters {} be one of [{}]",
            must(when),
            allowed.join(", ")
        )
    })
}
