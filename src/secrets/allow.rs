//! The allow-list: values the secrets gate must not report, from `.pactkit-secrets-allow`
//! and `gates.secrets.allow`.
//!
//! File format (`.pactkit-secrets-allow` at the repository root, read from the state being
//! judged, so an allow-list entry is reviewed like any other change):
//!
//! ```text
//! # comments and blank lines are ignored; surrounding spaces are trimmed
//! aws-access-key-id:3f1c9a0b7e2d4c58   # a fingerprint: <rule>:<16 hex digits>
//! ^AKIA[0-9A-Z]{12}DEMO$               # anything else: a regular expression
//! ```
//!
//! A fingerprint names one exact value for one rule, and is what a finding prints, so an
//! accepted false positive never has to be written out in clear. It does not contain a path
//! or a line number: the value stays accepted when it moves. A regular expression (Rust
//! `regex` syntax) is searched for in the detected value itself, not in the whole line.
//! A `#` starts a comment only at the start of a line or after a space, so regexes can
//! still contain `#`.

use regex::Regex;
use std::collections::HashSet;

/// The allow-list file, at the repository root.
pub const ALLOW_FILE: &str = ".pactkit-secrets-allow";

/// A bad allow-list entry. It names where the entry is and what is wrong at which
/// position, never the entry itself: an allow-list regex may spell out the secret it
/// accepts, and this error is printed.
#[derive(Debug, thiserror::Error)]
#[error("{origin}: invalid regular expression{}: {reason}", column.map(|c| format!(" at column {c}")).unwrap_or_default())]
pub struct AllowError {
    /// `.pactkit-secrets-allow:3` or `gates.secrets.allow[0]`.
    pub origin: String,
    /// 1-based column (in characters) of the entry where the error is, when known.
    pub column: Option<usize>,
    /// What is wrong, without quoting the entry (`unclosed group`).
    pub reason: String,
}

/// Accepted values: exact fingerprints and regular expressions.
#[derive(Debug, Default)]
pub struct AllowList {
    fingerprints: HashSet<String>,
    patterns: Vec<Regex>,
}

impl AllowList {
    /// Adds the entries of an allow-list file; `name` labels errors.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), AllowError> {
        for (n, raw) in text.lines().enumerate() {
            let entry = strip_comment(raw).trim();
            if !entry.is_empty() {
                self.add(entry, || format!("{name}:{}", n + 1))?;
            }
        }
        Ok(())
    }

    /// Adds configured entries (`gates.secrets.allow`).
    pub fn add_config(&mut self, entries: &[String]) -> Result<(), AllowError> {
        for (n, entry) in entries.iter().enumerate() {
            self.add(entry.trim(), || format!("gates.secrets.allow[{n}]"))?;
        }
        Ok(())
    }

    fn add(&mut self, entry: &str, origin: impl Fn() -> String) -> Result<(), AllowError> {
        if is_fingerprint(entry) {
            self.fingerprints.insert(entry.to_owned());
            return Ok(());
        }
        let regex = Regex::new(entry).map_err(|e| invalid(entry, &e, origin()))?;
        self.patterns.push(regex);
        Ok(())
    }

    /// Whether a detected value (with its fingerprint) is accepted.
    pub fn allows(&self, value: &str, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint) || self.patterns.iter().any(|r| r.is_match(value))
    }
}

/// The error for an entry `Regex::new` refused: the parser's position and description
/// (regex-syntax's structured error), or, for limits like the compiled size, `regex`'s
/// message, which does not quote the pattern.
fn invalid(entry: &str, error: &regex::Error, origin: String) -> AllowError {
    let (column, reason) = match regex_syntax::Parser::new().parse(entry) {
        Err(regex_syntax::Error::Parse(e)) => (Some(e.span().start.column), e.kind().to_string()),
        Err(regex_syntax::Error::Translate(e)) => {
            (Some(e.span().start.column), e.kind().to_string())
        }
        _ => (None, limit_reason(error)),
    };
    AllowError {
        origin,
        column,
        reason,
    }
}

fn limit_reason(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(limit) => {
            format!("the compiled expression exceeds the size limit of {limit} bytes")
        }
        _ => "the expression is not valid".to_owned(),
    }
}

/// `<rule id>:<16 lowercase hex digits>`.
fn is_fingerprint(entry: &str) -> bool {
    let Some((rule, hash)) = entry.rsplit_once(':') else {
        return false;
    };
    !rule.is_empty()
        && rule
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The length of the part of an allow-file line that is an entry (0 for a comment line);
/// the rest, if any, is a comment.
pub fn allow_entry_len(line: &str) -> usize {
    strip_comment(line).len()
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #") {
        Some(at) => &line[..at],
        None => line,
    }
}
