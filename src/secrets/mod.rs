//! Secret detection: finds credentials in lines of text. Owns the detectors (`rules`), the
//! allow-list (`allow`) and the masking of what is shown. It knows nothing about git: the
//! secrets gate (`gates::secrets`) feeds it the added lines of a change set.
//!
//! A detection never carries the secret out of this module in clear: callers get the rule,
//! the position, a masked value (first four characters) and a fingerprint (a hash of the
//! rule and the value) that an allow-list can name without repeating the secret.

pub mod allow;
pub mod rules;

use rules::{Check, RULES, Rule};

pub use allow::{AllowError, AllowList};

/// The default minimum Shannon entropy (bits per character) of an assigned value.
pub const DEFAULT_ENTROPY: f64 = 3.5;

/// The minimum length of an assigned value the entropy detector considers.
pub const MIN_ASSIGNED_LEN: usize = 16;

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
        // Byte spans already claimed by a rule: a value matched by a specific rule is not
        // reported again by the generic assignment rule, which comes last.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        if line.len() < 8 || has_inline_allow(line) {
            return found;
        }
        let lower = line.to_ascii_lowercase();
        for (index, rule) in RULES.iter().enumerate() {
            if !rule.may_match(line, &lower) {
                continue;
            }
            for caps in rules::regex(index).captures_iter(line) {
                let Some(secret) = caps.iter().skip(1).flatten().next() else {
                    continue;
                };
                let value = secret.as_str();
                let span = (secret.start(), secret.end());
                if spans.iter().any(|&(s, e)| s < span.1 && span.0 < e) {
                    continue;
                }
                if !self.accepts(rule, value) {
                    continue;
                }
                spans.push(span);
                let fingerprint = fingerprint(rule.id, value);
                if self.allow.allows(value, &fingerprint) {
                    continue;
                }
                found.push(Detection {
                    rule: rule.id,
                    description: rule.description,
                    column: line[..secret.start()].chars().count() + 1,
                    masked: if rule.reveal {
                        value.to_owned()
                    } else {
                        mask(value)
                    },
                    fingerprint,
                });
            }
        }
        found
    }

    fn accepts(&self, rule: &Rule, value: &str) -> bool {
        if rule.id != "private-key" && is_placeholder(value) {
            return false;
        }
        match rule.check {
            Check::None => true,
            Check::MixedAlnum => looks_random(value),
            Check::Entropy => {
                value.chars().count() >= MIN_ASSIGNED_LEN
                    && shannon_entropy(value) > self.min_entropy
            }
        }
    }
}

/// Whether the line opts out with `pactkit: allow-secret` (any spacing after the colon).
pub fn has_inline_allow(line: &str) -> bool {
    line.match_indices("pactkit:").any(|(at, tag)| {
        line[at + tag.len()..]
            .trim_start()
            .starts_with("allow-secret")
    })
}

/// Shannon entropy of the characters of `value`, in bits per character.
pub fn shannon_entropy(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::<char, usize>::new();
    let mut total = 0usize;
    for c in value.chars() {
        *counts.entry(c).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = total as f64;
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

/// Words and shapes that mark a value as a stand-in rather than a credential:
/// `changeme`, `xxx…`, `${VAR}`, `{{ var }}`, `<your-key>`, `%(name)s`, `example`, ….
const PLACEHOLDER_WORDS: &[&str] = &[
    "xxx",
    "changeme",
    "change_me",
    "change-me",
    "example",
    "placeholder",
    "dummy",
    "redacted",
    "your_",
    "your-",
    "yourkey",
    "insert",
    "replace",
    "sample",
    "fake",
    "test",
    "todo",
    "****",
    "...",
    "…",
];

/// True for values that stand in for a secret (see [`PLACEHOLDER_WORDS`]), reference one
/// held elsewhere (`${VAR}`, `$VAR`, `{{ var }}`, `%(var)s`, `<name>`), or repeat one
/// character.
pub fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if value.starts_with('$')
        || value.contains("${")
        || value.contains("{{")
        || value.contains("%(")
        || (value.starts_with('<') && value.ends_with('>'))
    {
        return true;
    }
    let mut chars = value.chars();
    let first = chars.next();
    first.is_some() && chars.all(|c| Some(c) == first)
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

#[cfg(test)]
mod tests;
