//! The one work-item id grammar of pactkit: `STORY|BUG|HOTFIX`, an optional developer
//! prefix (the `developer:` config shape), and a number. Every module that recognises ids
//! in text (commit messages, branch names, specs, the board) goes through here.

use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// `TYPE[-developer]-NUMBER`, ASCII-word-bounded. The developer part is the shape config
/// validation accepts (`[a-z0-9][a-z0-9-]{0,18}[a-z0-9]`, 2–20 characters).
pub const ID_PATTERN: &str =
    r"(?-u:\b)(STORY|BUG|HOTFIX)-(?:([a-z0-9][a-z0-9-]{0,18}[a-z0-9])-)?([0-9]+)(?-u:\b)";

static ID_RE: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a compile-time constant; a failure here is a programming error.
    Regex::new(ID_PATTERN).unwrap_or_else(|e| panic!("invalid built-in id pattern: {e}"))
});

/// The compiled id regex (capture groups: 1 kind, 2 developer, 3 number).
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
    /// The number (`1` in `STORY-001`).
    pub number: u32,
}

impl WorkItemId {
    /// Parses a whole string as one id (`STORY-alice-001`); `None` if it is not exactly one.
    pub fn parse(text: &str) -> Option<WorkItemId> {
        let caps = ID_RE.captures(text)?;
        let whole = caps.get(0)?;
        if whole.start() != 0 || whole.end() != text.len() {
            return None;
        }
        Some(WorkItemId {
            kind: WorkItemKind::from_word(caps.get(1)?.as_str())?,
            developer: caps.get(2).map(|m| m.as_str().to_owned()),
            number: caps.get(3)?.as_str().parse().ok()?,
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
    /// The canonical spelling: the number zero-padded to three digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.developer {
            Some(dev) => write!(f, "{}-{dev}-{:03}", self.kind.as_str(), self.number),
            None => write!(f, "{}-{:03}", self.kind.as_str(), self.number),
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
