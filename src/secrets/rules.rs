//! The built-in secret detectors: one regular expression per kind of credential, compiled
//! on first need, behind a literal-needle prefilter (see [`Rule::may_match`]).
//!
//! Invariant: in every pattern the first capture group that takes part in a match is the
//! secret itself; the scanner masks and fingerprints that group only.

use regex::Regex;
use std::sync::OnceLock;

/// What extra test a candidate must pass before it is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The shape alone is proof enough (fixed prefixes with long random bodies).
    None,
    /// The value must look random: mixed case and a digit (`sk-…` keys share a prefix
    /// with ordinary kebab-case words).
    MixedAlnum,
    /// The value must pass the entropy and placeholder tests of assignments.
    Entropy,
}

/// One detector.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, shown in findings and used in fingerprints.
    pub id: &'static str,
    /// Literal texts one of which every match contains (case-sensitive): a line with none
    /// of them cannot match, and the pattern is not even compiled for it.
    pub needles: &'static [&'static str],
    /// The same for the case-insensitive patterns, in lower case, searched in the
    /// lower-cased line.
    pub folded_needles: &'static [&'static str],
    /// What was found, for messages.
    pub description: &'static str,
    /// The pattern; its first participating group is the secret.
    pub pattern: &'static str,
    /// Extra test of the captured value.
    pub check: Check,
    /// True when the match itself is not secret (a PEM header) and may be shown whole.
    pub reveal: bool,
}

/// The rule id of the generic high-entropy assignment detector.
pub const ASSIGNMENT: &str = "high-entropy-assignment";

/// Every detector, in report order. `\b` is rewritten to an ASCII word boundary when
/// compiled, which keeps the DFA usable on lines with non-ASCII text.
pub const RULES: &[Rule] = &[
    Rule {
        id: "private-key",
        needles: &["PRIVATE KEY"],
        folded_needles: &[],
        description: "private key",
        pattern: r"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
        check: Check::None,
        reveal: true,
    },
    Rule {
        id: "aws-access-key-id",
        needles: &[
            "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA",
        ],
        folded_needles: &[],
        description: "AWS access key id",
        pattern: r"\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\b",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "aws-secret-access-key",
        needles: &[],
        folded_needles: &["aws"],
        description: "AWS secret access key",
        pattern: r#"(?i)\baws_?(?:secret_?(?:access_?)?key|secret)\b["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "github-token",
        needles: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        folded_needles: &[],
        description: "GitHub token",
        pattern: r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "gitlab-token",
        needles: &["glpat-"],
        folded_needles: &[],
        description: "GitLab personal access token",
        pattern: r"\b(glpat-[A-Za-z0-9_\-]{20,})",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "slack-token",
        needles: &["xox"],
        folded_needles: &[],
        description: "Slack token",
        pattern: r"\b(xox[baprs]-[A-Za-z0-9\-]{10,})",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "stripe-live-key",
        needles: &["_live_"],
        folded_needles: &[],
        description: "Stripe live secret key",
        pattern: r"\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "google-api-key",
        needles: &["AIza"],
        folded_needles: &[],
        description: "Google API key",
        pattern: r"\b(AIza[0-9A-Za-z_\-]{35})",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "npm-token",
        needles: &["npm_"],
        folded_needles: &[],
        description: "npm access token",
        pattern: r"\b(npm_[A-Za-z0-9]{36})\b",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "pypi-token",
        needles: &["pypi-AgE"],
        folded_needles: &[],
        description: "PyPI upload token",
        pattern: r"\b(pypi-AgE[A-Za-z0-9_\-]{50,})",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: "ai-api-key",
        needles: &["sk-"],
        folded_needles: &[],
        description: "OpenAI/Anthropic-style API key",
        pattern: r"\b(sk-(?:proj-|svcacct-|admin-|ant-[a-z]+[0-9]{2}-)?[A-Za-z0-9_\-]{32,})",
        check: Check::MixedAlnum,
        reveal: false,
    },
    Rule {
        id: "jwt",
        needles: &["eyJ"],
        folded_needles: &[],
        description: "JSON Web Token",
        pattern: r"\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})",
        check: Check::None,
        reveal: false,
    },
    Rule {
        id: ASSIGNMENT,
        needles: &[],
        // Every secret-like name contains one of these (password, passwd, api_key, …).
        folded_needles: &["pass", "pwd", "secret", "token", "key", "credential"],
        description: "high-entropy value assigned to a secret-like name",
        // A name containing password/secret/token/key…, an assignment operator, then a
        // quoted value, or (`.env`, shell) an unquoted value running to the end of a word.
        pattern: r#"(?i)(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key|credential)[a-z0-9_\-]*["']?\s*(?::=|=>|=|:)\s*(?:"([^"\s]{16,})"|'([^'\s]{16,})'|([A-Za-z0-9+/_\-~]{16,}=*)(?:\s|$|[,;]))"#,
        check: Check::Entropy,
        reveal: false,
    },
];

impl Rule {
    /// Whether a line (and its ASCII-lower-cased copy) holds one of the rule's needles.
    pub fn may_match(&self, line: &str, lower: &str) -> bool {
        self.needles.iter().any(|n| line.contains(n))
            || self.folded_needles.iter().any(|n| lower.contains(n))
    }
}

fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// One lazily compiled regex per [`RULES`] entry, same order. A commit whose added lines
/// hold no needle compiles nothing (compiling all of them costs several milliseconds,
/// most of a commit hook's budget).
static REGEXES: [OnceLock<Regex>; RULES.len()] = [const { OnceLock::new() }; RULES.len()];

/// The compiled pattern of rule `index`.
pub fn regex(index: usize) -> &'static Regex {
    REGEXES[index].get_or_init(|| {
        // The patterns are constants checked by the unit tests: failing here is a bug.
        Regex::new(&ascii_boundaries(RULES[index].pattern))
            .expect("built-in secret pattern compiles")
    })
}
