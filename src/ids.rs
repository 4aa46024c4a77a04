//! The one work-item id grammar of the whole tool: `STORY`, `BUG` or `HOTFIX`, an optional
//! developer prefix (2–20 of `a-z`, `0-9`, inner `-`, as `developer:` in pactkit.yaml
//! allows), and a number: `STORY-001`, `STORY-alice-001`, `BUG-bob-01-002`.
//! PactKit has four differing regexes for this; pactkit has this one.

use std::sync::LazyLock;

/// The id pattern, word-bounded.
pub const WORK_ITEM_PATTERN: &str =
    r"\b(STORY|BUG|HOTFIX)-(?:([a-z0-9][a-z0-9-]{0,18}[a-z0-9])-)?([0-9]+)\b";

static WORK_ITEM: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(WORK_ITEM_PATTERN).unwrap_or_else(|e| unreachable!("valid pattern: {e}"))
});

/// The type word of an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A story.
    Story,
    /// A bug.
    Bug,
    /// A hotfix (needs no spec).
    Hotfix,
}

/// A parsed work-item id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItemId {
    /// STORY, BUG or HOTFIX.
    pub kind: ItemKind,
    /// The developer prefix, if any.
    pub developer: Option<String>,
    /// The number.
    pub number: u64,
    /// The id as written.
    pub text: String,
}

/// Every work-item id in `text`, in order.
pub fn find_ids(text: &str) -> Vec<WorkItemId> {
    WORK_ITEM
        .captures_iter(text)
        .filter_map(|c| parse_captures(&c))
        .collect()
}

/// Parses a whole string as one id.
pub fn parse(text: &str) -> Option<WorkItemId> {
    find_ids(text).into_iter().find(|id| id.text == text)
}

fn parse_captures(c: &regex::Captures<'_>) -> Option<WorkItemId> {
    let kind = match c.get(1)?.as_str() {
        "STORY" => ItemKind::Story,
        "BUG" => ItemKind::Bug,
        _ => ItemKind::Hotfix,
    };
    Some(WorkItemId {
        kind,
        developer: c.get(2).map(|m| m.as_str().to_owned()),
        number: c.get(3)?.as_str().parse().ok()?,
        text: c.get(0)?.as_str().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_and_prefixed_ids() {
        let ids: Vec<String> =
            find_ids("STORY-001, STORY-alice-004 and BUG-bob-01-002; HOTFIX-slim2-087")
                .into_iter()
                .map(|i| i.text)
                .collect();
        assert_eq!(
            ids,
            [
                "STORY-001",
                "STORY-alice-004",
                "BUG-bob-01-002",
                "HOTFIX-slim2-087"
            ]
        );
    }

    #[test]
    fn parses_parts() {
        let id = parse("STORY-alice-012").expect("id");
        assert_eq!(id.kind, ItemKind::Story);
        assert_eq!(id.developer.as_deref(), Some("alice"));
        assert_eq!(id.number, 12);
        assert!(parse("story-001").is_none());
        assert!(parse("STORY-").is_none());
        assert!(find_ids("XSTORY-001").is_empty());
    }

    #[test]
    fn ids_inside_branch_names_are_found() {
        let ids = find_ids("feature/STORY-alice-003-login");
        assert_eq!(
            ids.first().map(|i| i.text.as_str()),
            Some("STORY-alice-003")
        );
    }
}
