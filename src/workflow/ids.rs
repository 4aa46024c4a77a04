//! The one work-item id grammar of pactkit: `STORY|BUG|HOTFIX`, an optional developer
//! prefix (the `developer:` config shape), and a number. Every module that recognises ids
//! in text (commit messages, branch names, specs, the board) goes through here.
//!
//! PactKit 2.27+ also writes two entropy-bearing forms, read everywhere ids are:
//! a number with a hex suffix (`STORY-bob-001-1a2b`, 4–32 hex digits) and a time-stamped
//! id (`STORY-bob-202612066e54223265f5`: the UTC date `YYYYMMDD` and 12 hex digits, what
//! `pactkit generate-id` of PactKit 4 prints).

use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// `TYPE[-developer]-NUMBER[-hexsuffix]` or `TYPE[-developer]-YYYYMMDDhhhhhhhhhhhh`,
/// ASCII-word-bounded. The developer part is the shape config validation accepts
/// (`[a-z0-9][a-z0-9-]{0,18}[a-z0-9]`, 2–20 characters). Capture groups: 1 kind,
/// 2 developer, 3 time stamp, 4 number, 5 hex suffix.
pub const ID_PATTERN: &str = r"(?-u:\b)(STORY|BUG|HOTFIX)-(?:([a-z0-9][a-z0-9-]{0,18}[a-z0-9])-)?(?:([0-9]{8}[0-9a-f]{12})|([0-9]+)(?:-([0-9a-f]{4,32}))?)(?-u:\b)";

static ID_RE: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a compile-time constant; a failure here is a programming error.
    Regex::new(ID_PATTERN).unwrap_or_else(|e| panic!("invalid built-in id pattern: {e}"))
});

/// The compiled id regex (capture groups: 1 kind, 2 developer, 3 time stamp, 4 number,
/// 5 hex suffix).
pub fn id_regex() -> &'static Regex {
    &ID_RE
}

/// Every work-item id in `text`, in order of appearance.
pub fn find_ids(text: &str) -> Vec<&str> {
    if !might_contain_id(text) {
        return Vec::new();
    }
    ID_RE.find_iter(text).map(|m| m.as_str()).collect()
}

/// Whether `text` holds at least one work-item id.
pub fn contains_id(text: &str) -> bool {
    might_contain_id(text) && ID_RE.is_match(text)
}

/// Cheap pre-filter: every id contains one of these words.
fn might_contain_id(text: &str) -> bool {
    text.contains("STORY-") || text.contains("BUG-") || text.contains("HOTFIX-")
}

/// The kind of work item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkItemKind {
    /// `STORY-…`
    Story,
    /// `BUG-…`
    Bug,
    /// `HOTFIX-…`
    Hotfix,
}

impl WorkItemKind {
    /// The upper-case word used in ids.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkItemKind::Story => "STORY",
            WorkItemKind::Bug => "BUG",
            WorkItemKind::Hotfix => "HOTFIX",
        }
    }

    fn from_word(word: &str) -> Option<WorkItemKind> {
        match word {
            "STORY" => Some(WorkItemKind::Story),
            "BUG" => Some(WorkItemKind::Bug),
            "HOTFIX" => Some(WorkItemKind::Hotfix),
            _ => None,
        }
    }
}

/// A parsed work-item id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkItemId {
    /// STORY, BUG or HOTFIX.
    pub kind: WorkItemKind,
    /// The developer prefix, if any (`alice` in `STORY-alice-001`).
    pub developer: Option<String>,
    /// The number (`1` in `STORY-001`; 0 for a time-stamped id).
    pub number: u32,
    /// What PactKit 2.27+ adds for uniqueness across branches, if anything.
    pub tail: Option<IdTail>,
}

/// The entropy part of a PactKit 2.27+ id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdTail {
    /// `-1a2b` after the number (`STORY-bob-001-1a2b`), without the hyphen.
    Suffix(String),
    /// The whole `YYYYMMDD` + 12 hex digits (`STORY-bob-202612066e54223265f5`).
    Stamp(String),
}

impl WorkItemId {
    /// Parses a whole string as one id (`STORY-alice-001`); `None` if it is not exactly one.
    pub fn parse(text: &str) -> Option<WorkItemId> {
        let caps = ID_RE.captures(text)?;
        let whole = caps.get(0)?;
        if whole.start() != 0 || whole.end() != text.len() {
            return None;
        }
        let kind = WorkItemKind::from_word(caps.get(1)?.as_str())?;
        let developer = caps.get(2).map(|m| m.as_str().to_owned());
        if let Some(stamp) = caps.get(3) {
            return Some(WorkItemId {
                kind,
                developer,
                number: 0,
                tail: Some(IdTail::Stamp(stamp.as_str().to_owned())),
            });
        }
        Some(WorkItemId {
            kind,
            developer,
            number: caps.get(4)?.as_str().parse().ok()?,
            tail: caps.get(5).map(|m| IdTail::Suffix(m.as_str().to_owned())),
        })
    }

    /// Every id in `text` that parses (numbers that overflow `u32` are skipped).
    pub fn find_all(text: &str) -> Vec<WorkItemId> {
        find_ids(text)
            .into_iter()
            .filter_map(WorkItemId::parse)
            .collect()
    }
}

impl fmt::Display for WorkItemId {
    /// The canonical spelling: the number zero-padded to three digits, then the tail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-", self.kind.as_str())?;
        if let Some(dev) = &self.developer {
            write!(f, "{dev}-")?;
        }
        match &self.tail {
            Some(IdTail::Stamp(stamp)) => f.write_str(stamp),
            Some(IdTail::Suffix(suffix)) => write!(f, "{:03}-{suffix}", self.number),
            None => write!(f, "{:03}", self.number),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_and_prefixed_ids() {
        assert_eq!(find_ids("STORY-001"), ["STORY-001"]);
        assert_eq!(
            find_ids("see STORY-alice-001 and BUG-bob-01-002"),
            ["STORY-alice-001", "BUG-bob-01-002"]
        );
        assert_eq!(find_ids("HOTFIX-slim2-087: urgent"), ["HOTFIX-slim2-087"]);
        assert_eq!(find_ids("feat(STORY-12): x"), ["STORY-12"]);
        assert_eq!(find_ids("Refs: #1, STORY-1000."), ["STORY-1000"]);
    }

    #[test]
    fn ids_are_word_bounded() {
        assert!(find_ids("XSTORY-001").is_empty());
        assert!(find_ids("STORY-001a").is_empty());
        assert!(find_ids("STORY-001_x").is_empty());
        assert!(find_ids("story-001").is_empty());
        assert!(find_ids("STORY-").is_empty());
        assert!(find_ids("STORY-alice").is_empty());
        assert_eq!(
            find_ids("feature/STORY-alice-004-rate-limit"),
            ["STORY-alice-004"]
        );
        assert_eq!(find_ids("é STORY-7 é"), ["STORY-7"]);
    }

    #[test]
    fn developer_prefix_follows_config_validation() {
        // Upper case, a leading hyphen or an over-long prefix is not a developer part.
        assert!(find_ids("STORY-Alice-001").is_empty());
        assert!(find_ids("STORY--a-001").is_empty());
        let long = "STORY-abcdefghijklmnopqrstu-001"; // 21 characters
        assert!(find_ids(long).is_empty());
        let max = "STORY-abcdefghijklmnopqrst-001"; // 20 characters
        assert_eq!(find_ids(max), [max]);
        assert!(
            find_ids("STORY-a-001").is_empty(),
            "one-character prefixes are invalid"
        );
    }

    #[test]
    fn parses_ids() {
        let id = WorkItemId::parse("BUG-bob-01-002").expect("id");
        assert_eq!(id.kind, WorkItemKind::Bug);
        assert_eq!(id.developer.as_deref(), Some("bob-01"));
        assert_eq!(id.number, 2);
        assert_eq!(id.to_string(), "BUG-bob-01-002");
        let plain = WorkItemId::parse("STORY-001").expect("id");
        assert_eq!(plain.developer, None);
        assert_eq!(plain.number, 1);
        assert_eq!(
            WorkItemId::parse("HOTFIX-slim2-087").map(|i| i.kind),
            Some(WorkItemKind::Hotfix)
        );
        assert_eq!(
            WorkItemId::parse("STORY-2024-001").and_then(|i| i.developer),
            Some("2024".into())
        );
    }

    #[test]
    fn pactkit_4_ids_are_read_whole() {
        let stamp = "STORY-bob-202612066e54223265f5";
        assert_eq!(find_ids(&format!("feat({stamp}): x")), [stamp]);
        let id = WorkItemId::parse(stamp).expect("time-stamped id");
        assert_eq!(id.developer.as_deref(), Some("bob"));
        assert_eq!(id.tail, Some(IdTail::Stamp("202612066e54223265f5".into())));
        assert_eq!(id.to_string(), stamp);
        let suffixed = "STORY-bob-001-1a2b";
        assert_eq!(
            find_ids(&format!("feature/{suffixed}-rate-limit")),
            [suffixed]
        );
        let id = WorkItemId::parse(suffixed).expect("suffixed id");
        assert_eq!((id.developer.as_deref(), id.number), (Some("bob"), 1));
        assert_eq!(id.to_string(), suffixed);
        assert_eq!(
            find_ids("HOTFIX-20261206abcdef012345 BUG-7-deadbeef"),
            ["HOTFIX-20261206abcdef012345", "BUG-7-deadbeef"]
        );
        // A three-digit tail is a number of a hyphenated developer, as before.
        assert_eq!(
            WorkItemId::parse("BUG-bob-01-002").map(|i| (i.developer, i.number, i.tail)),
            Some((Some("bob-01".into()), 2, None))
        );
        assert!(find_ids("STORY-bob-001-1a2").contains(&"STORY-bob-001"));
        assert!(find_ids("STORY-20261206abcdef01234g").is_empty());
    }

    #[test]
    fn parse_rejects_partial_or_overflowing_text() {
        assert_eq!(WorkItemId::parse(" STORY-001"), None);
        assert_eq!(WorkItemId::parse("STORY-001 x"), None);
        assert_eq!(WorkItemId::parse("STORY-99999999999"), None);
        assert_eq!(
            WorkItemId::find_all("STORY-1 STORY-99999999999 BUG-2").len(),
            2
        );
        assert!(contains_id("x BUG-3 y"));
        assert!(!contains_id("nothing here"));
    }
}
