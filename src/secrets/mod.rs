//! Secret detection: finds credentials in lines of text. Owns the detectors (`rules`, the
//! assignment reader `assign`), the judgement of candidate values (`judge`: placeholders,
//! entropy against the value's alphabet, names, paths, URLs), the decoding of file content
//! git calls binary (`content`), the allow-list (`allow`), and the masking of what is
//! shown, both in findings and in any text a gate prints ([`redact`]). [`scope`] is
//! `sec-scope`'s judgement of which security checks apply to a set of files. It knows nothing
//! about git: the secrets gate (`gates::secrets`) feeds it the added lines of a change set.
//!
//! A detection never carries the secret out of this module in clear: callers get the rule,
//! the position, a masked value (first four characters) and a fingerprint (a hash of the
//! rule and the value) that an allow-list can name without repeating the secret.

pub mod allow;
pub mod assign;
pub mod content;
pub mod judge;
pub mod rules;
pub mod scope;

use assign::{Assignment, NameKind};
use rules::{Check, Detector, RULES, Rule};
use std::borrow::Cow;
use std::sync::LazyLock;

pub use allow::{AllowError, AllowList};
pub use judge::shannon_entropy;

/// The default minimum Shannon entropy (bits per character) of an assigned value; values
/// whose alphabet or length cannot reach it are judged against what a random value of
/// the same alphabet and length carries (see [`judge::is_random_enough`]).
pub const DEFAULT_ENTROPY: f64 = 3.5;

/// The minimum length of a password assigned to a password-like name.
pub const MIN_PASSWORD_LEN: usize = 8;

/// The minimum length of a key, token or secret assigned to a secret-like name.
pub const MIN_SECRET_LEN: usize = 12;

/// The inline marker that allows every secret on its line.
pub const INLINE_ALLOW: &str = "pactkit: allow-secret";

/// One credential found on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The rule id (`aws-access-key-id`, …).
    pub rule: &'static str,
    /// What the rule finds, for messages.
    pub description: &'static str,
    /// 1-based column (in characters) where the secret starts.
    pub column: usize,
    /// Byte offsets of the secret in the line, `[start, end)`.
    pub span: (usize, usize),
    /// The secret with all but its first four characters masked.
    pub masked: String,
    /// `<rule>:<16 hex digits>`: what an allow-list line names to accept this value.
    pub fingerprint: String,
}

/// A configured scanner: the built-in rules plus the project's allow-list.
#[derive(Debug)]
pub struct Scanner {
    allow: AllowList,
    min_entropy: f64,
}

impl Scanner {
    /// A scanner that reports everything except what `allow` accepts.
    pub fn new(allow: AllowList, min_entropy: f64) -> Scanner {
        Scanner { allow, min_entropy }
    }

    /// The credentials on one line (none when the line carries the inline allow marker).
    pub fn scan_line(&self, line: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        if line.len() < 8 {
            return found;
        }
        let candidates = rules::candidates(line);
        if candidates == 0 || has_inline_allow(line) {
            return found;
        }
        // Byte spans already claimed by a rule: a value matched by a specific rule is not
        // reported again by a generic one, which come last.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (index, rule) in RULES.iter().enumerate() {
            if candidates & (1 << index) != 0 {
                for span in self.accepted_spans(index, rule, line) {
                    self.report(&mut found, &mut spans, line, rule, span);
                }
            }
        }
        found
    }

    /// The byte spans of the values rule `index` finds on `line` and its check accepts.
    fn accepted_spans(&self, index: usize, rule: &Rule, line: &str) -> Vec<(usize, usize)> {
        match rule.detector {
            Detector::Pattern(_) => rules::regex(index)
                .into_iter()
                .flat_map(|regex| regex.captures_iter(line))
                .filter_map(|caps| {
                    let secret = caps.iter().skip(1).flatten().next()?;
                    let whole = caps.get(0).map_or("", |m| m.as_str());
                    self.accepts(rule, secret.as_str(), whole)
                        .then_some((secret.start(), secret.end()))
                })
                .collect(),
            Detector::Assignment => assign::find(line)
                .into_iter()
                .filter(|a| self.accepts_assignment(a))
                .map(|a| (a.start, a.start + a.value.len()))
                .collect(),
        }
    }

    fn report(
        &self,
        found: &mut Vec<Detection>,
        spans: &mut Vec<(usize, usize)>,
        line: &str,
        rule: &'static Rule,
        span: (usize, usize),
    ) {
        if spans.iter().any(|&(s, e)| s < span.1 && span.0 < e) {
            return;
        }
        spans.push(span);
        let value = &line[span.0..span.1];
        let fingerprint = fingerprint(rule.id, value);
        if self.allow.allows(value, &fingerprint) {
            return;
        }
        found.push(Detection {
            rule: rule.id,
            description: rule.description,
            column: line[..span.0].chars().count() + 1,
            span,
            masked: if rule.reveal {
                value.to_owned()
            } else {
                mask(value)
            },
            fingerprint,
        });
    }

    fn accepts(&self, rule: &Rule, value: &str, whole: &str) -> bool {
        if judge::is_filler(value) || judge::is_documented_example(value) {
            return false;
        }
        match rule.check {
            Check::Format => true,
            Check::MixedAlnum => looks_random(value),
            Check::Random => judge::is_random_enough(value, self.min_entropy),
            Check::Opaque => {
                !judge::is_placeholder(value, "")
                    && judge::is_random_enough(value, self.min_entropy)
            }
            Check::UrlPassword => url_password_counts(value, whole),
            Check::PasswordArgument => {
                password_counts(value, "") && value.chars().count() >= 6 && !judge::is_wordy(value)
            }
            Check::PrivateKey => !is_stand_in_key(whole),
            Check::BasicAuth => basic_auth_counts(value),
            // Assignments are judged by `accepts_assignment`, with their name.
            Check::Assignment => false,
        }
    }

    /// The judgement of a value assigned to a secret-like name: long enough for its kind,
    /// one word (no spaces), a literal rather than an expression, not a placeholder, URL,
    /// path, e-mail address, number or run of words, and random enough for its alphabet.
    fn accepts_assignment(&self, a: &Assignment<'_>) -> bool {
        let value = a.value;
        let min = match a.kind {
            NameKind::Password => MIN_PASSWORD_LEN,
            NameKind::Secret => MIN_SECRET_LEN,
        };
        let len = value.chars().count();
        if len < min || value.chars().any(char::is_whitespace) {
            return false;
        }
        if !a.quoted && value.contains(['(', '[', '{']) {
            return false;
        }
        !(judge::is_placeholder(value, a.name)
            || judge::is_password_hash(value)
            || judge::is_public_by_design(value)
            || judge::is_encoded_stand_in(value)
            || (!a.quoted && is_reference(value))
            || names_a_secret(value)
            || judge::is_url(value)
            || judge::is_path(value)
            || judge::is_email(value)
            || judge::is_wordy(value)
            || is_numeric_like(value))
            && judge::is_random_enough(value, self.min_entropy)
    }
}

/// A private-key header whose END line follows on the same line after fewer than 64
/// base64 characters (an example in documentation: a real body is hundreds), or that a
/// quote closes at once (`SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"`).
fn is_stand_in_key(whole: &str) -> bool {
    if whole.ends_with(['"', '\'', '`']) {
        return true;
    }
    let Some((_, body)) = whole
        .strip_suffix("-----END")
        .and_then(|rest| rest.strip_prefix("-----"))
        .and_then(|rest| rest.split_once("-----"))
    else {
        return false;
    };
    body.bytes()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        .count()
        < 64
}

/// A bare `object.attribute`, `a?.b` or `module::CONSTANT` (`internalRe.t`,
/// `settings.SECRET_KEY`, `sys::prctl::PR_PAC_APIAKEY`), or a `_private` name: code
/// naming a value, not the value.
fn is_reference(value: &str) -> bool {
    // `_private_name`: a variable, whatever its letters.
    if value.starts_with('_')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return true;
    }
    let path = value.replace("::", ".").replace("?.", ".");
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let identifier = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
    };
    path.contains('.') && identifier(first) && judge::is_wordy(first) && parts.all(identifier)
}

/// A value that is itself a secret's name (`key="SmtpPassword"`, `secret: DB_PASSWORD`,
/// `token_env = "GITHUB_TOKEN"`) refers to a secret; it does not hold one.
fn names_a_secret(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && assign::classify(value).is_some()
}

/// Dates, versions, addresses and amounts: digits and punctuation only.
fn is_numeric_like(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b':' | b'-' | b'+' | b'/' | b'_'))
}

/// A URL's password counts unless it is a placeholder or spells the user name
/// (`postgres://postgres:postgres@…`, `user:pass@`, `:${TOKEN}@`).
fn url_password_counts(password: &str, whole: &str) -> bool {
    let user = whole
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once(':'))
        .map_or("", |(user, _)| user);
    password_counts(password, user)
}

/// A password given beside its user (URL user info, basic auth, `curl -u`, `auth=(…)`)
/// counts unless it is a placeholder, a variable, or the user name again.
fn password_counts(password: &str, user: &str) -> bool {
    password.chars().count() >= 3
        && !password.starts_with(['%', '$'])
        && !judge::is_placeholder(password, user)
}

/// `Basic <base64 of user:password>` counts when the password would count in a URL.
fn basic_auth_counts(encoded: &str) -> bool {
    let Some(decoded) = judge::decode_base64(encoded) else {
        return false;
    };
    let Ok(text) = String::from_utf8(decoded) else {
        return false;
    };
    text.split_once(':')
        .is_some_and(|(user, password)| password_counts(password, user))
}

/// Whether the line opts out with `pactkit: allow-secret` (any spacing after the colon).
pub fn has_inline_allow(line: &str) -> bool {
    line.match_indices("pactkit:").any(|(at, tag)| {
        line[at + tag.len()..]
            .trim_start()
            .starts_with("allow-secret")
    })
}

/// True for values that stand in for a secret: see [`judge::is_placeholder`].
pub fn is_placeholder(value: &str) -> bool {
    judge::is_placeholder(value, "")
}

fn looks_random(value: &str) -> bool {
    value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_uppercase())
        && value.bytes().any(|b| b.is_ascii_lowercase())
}

/// The first four characters, then one `*` per further character (at most 24, so a long
/// token does not flood the report).
pub fn mask(value: &str) -> String {
    let shown: String = value.chars().take(4).collect();
    let hidden = value.chars().count().saturating_sub(4);
    format!("{shown}{}", "*".repeat(hidden.min(24)))
}

/// `<rule>:<FNV-1a 64 of the value, 16 hex digits>`. Stable across versions and
/// platforms: allow-lists store it.
pub fn fingerprint(rule: &str, value: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let hash = value
        .bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME));
    format!("{rule}:{hash:016x}")
}

/// The detectors with no allow-list, for masking text pactkit did not write itself.
static REDACTOR: LazyLock<Scanner> =
    LazyLock::new(|| Scanner::new(AllowList::default(), DEFAULT_ENTROPY));

/// `text` with every secret the built-in detectors find replaced by its mask (first four
/// characters, then `*`): what every gate prints passes through here, linter and test
/// output included, so no gate shows a secret the secrets gate would hide. Private-key
/// headers stay (they are not secret). Borrowed when nothing was found.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut copied = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut detections = REDACTOR.scan_line(line);
        detections.retain(|d| d.masked != line[d.span.0..d.span.1]);
        detections.sort_by_key(|d| d.span.0);
        for d in detections {
            out.push_str(&text[copied..offset + d.span.0]);
            out.push_str(&d.masked);
            copied = offset + d.span.1;
        }
        offset += line.len();
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
