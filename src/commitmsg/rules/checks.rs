//! Each rule's check, with commitlint's semantics, and the message and hint pactkit prints
//! when it fails.

use super::ActiveRule;
use super::value::{CaseCheck, Delimiters, Param};
use crate::commitmsg::case::{self, is_js_line_terminator, is_js_space, js_len};
use crate::commitmsg::parse::{Commit, match_header, split_lines};
use regex::Regex;
use std::sync::LazyLock;

impl ActiveRule {
    pub(super) fn config_hint(&self) -> String {
        format!(
            "or change gates.commit-msg.rules.{} in pactkit.yaml",
            self.name
        )
    }

    pub(super) fn fail(&self, message: String, fix: &str) -> Option<(String, String)> {
        Some((message, format!("{fix}, {}", self.config_hint())))
    }

    pub(super) fn case_rule(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn scope_case(&self, scope: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn empty_rule(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn references_empty(&self, c: &Commit<'_>) -> Option<(String, String)> {
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

    pub(super) fn full_stop(
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

    pub(super) fn full_stop_verdict(
        &self,
        field: &str,
        has: bool,
        stop: &str,
    ) -> Option<(String, String)> {
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

    pub(super) fn subject_full_stop(&self, header: Option<&str>) -> Option<(String, String)> {
        // A header that ends in its only colon has no subject to judge.
        if header.is_some_and(|h| h.len() > 1 && h.find(':') == Some(h.len() - 1)) {
            return None;
        }
        let stop = self.text();
        let header = header.unwrap_or_default();
        let has = ends_with_unit(header, stop) && !header.ends_with("...");
        self.full_stop_verdict("subject", has, stop)
    }

    pub(super) fn max_length(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn min_length(&self, field: &str, value: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn header_length(
        &self,
        header: Option<&str>,
        max: bool,
    ) -> Option<(String, String)> {
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

    pub(super) fn max_line_length(
        &self,
        field: &str,
        value: Option<&str>,
    ) -> Option<(String, String)> {
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

    pub(super) fn body_leading_blank(&self, c: &Commit<'_>) -> Option<(String, String)> {
        c.body.as_deref().filter(|b| !b.is_empty())?;
        let blank = split_lines(c.raw).nth(1) == Some("");
        self.leading_blank_verdict("body", blank)
    }

    pub(super) fn footer_leading_blank(&self, c: &Commit<'_>) -> Option<(String, String)> {
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

    pub(super) fn leading_blank_verdict(
        &self,
        field: &str,
        blank: bool,
    ) -> Option<(String, String)> {
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

    pub(super) fn type_enum(&self, kind: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn scope_enum(&self, scope: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn scope_delimiter_style(&self, scope: Option<&str>) -> Option<(String, String)> {
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

    pub(super) fn signed_off_by(&self, raw: &str) -> Option<(String, String)> {
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

    pub(super) fn trailer_exists(&self, raw: &str) -> Option<(String, String)> {
        let prefix = self.text();
        let has = crate::commitmsg::trailers::parse_trailers(raw)
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

    pub(super) fn subject_exclamation_mark(
        &self,
        header: Option<&str>,
    ) -> Option<(String, String)> {
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

    pub(super) fn breaking_change_exclamation_mark(
        &self,
        c: &Commit<'_>,
    ) -> Option<(String, String)> {
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

pub(super) fn header_trim(header: Option<&str>) -> Option<(String, String)> {
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

pub(super) fn case_list(checks: &[CaseCheck]) -> String {
    let names: Vec<&str> = checks.iter().map(|c| c.case.name()).collect();
    names.join(", ")
}

/// `value` in double quotes, shortened past 60 characters.
pub(super) fn quoted(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{:?}", format!("{head}…"))
    } else {
        format!("{head:?}")
    }
}

/// `s[s.length - 1] === value` in JavaScript: the last UTF-16 unit equals `value`.
pub(super) fn ends_with_unit(s: &str, value: &str) -> bool {
    let Some(last) = s.chars().last() else {
        return false;
    };
    let mut v = value.chars();
    (last as u32) <= 0xffff && v.next() == Some(last) && v.next().is_none()
}

/// `/^[\p{Ll}\p{Lu}\p{Lt}]/iu`.
pub(super) fn starts_with_cased_letter(s: &str) -> bool {
    static CASED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?i)^[\p{Ll}\p{Lu}\p{Lt}]").ok());
    match s.chars().next() {
        Some(c) if c.is_ascii() => c.is_ascii_alphabetic(),
        Some(_) => CASED.as_ref().is_some_and(|re| re.is_match(s)),
        None => false,
    }
}

/// commitlint's URL exemption for long lines: `\bhttps?://\S+`.
pub(super) fn has_http_url(line: &str) -> bool {
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
pub(super) fn is_cherry_pick(line: &str) -> bool {
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
pub(super) fn scope_delimiters(scope: &str) -> Vec<String> {
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
