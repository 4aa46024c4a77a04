//! The Conventional Commits parser, shaped like commitlint's parser preset: a header
//! `type(scope)!: subject`, then a body, then a footer that starts at the first
//! breaking-change note, issue reference or git trailer after a blank line.

use std::sync::LazyLock;

static HEADER: LazyLock<regex::Regex> =
    LazyLock::new(|| compile(r"^([A-Za-z0-9_]*)(?:\((.*)\))?(!?): (.*)$"));
static NOTE: LazyLock<regex::Regex> =
    LazyLock::new(|| compile(r"^[\s|*]*(BREAKING CHANGE|BREAKING-CHANGE)[:\s]+"));
static ISSUE: LazyLock<regex::Regex> =
    LazyLock::new(|| compile(r"(?:^|[\s(,])(?:[\w./-]*)#[0-9]+"));

pub(crate) fn compile(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| unreachable!("built-in pattern {pattern}: {e}"))
}

/// A parsed commit message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commit {
    /// The whole cleaned message.
    pub raw: String,
    /// The first line.
    pub header: String,
    /// `type`, when the header is conventional.
    pub kind: Option<String>,
    /// `scope`, when present.
    pub scope: Option<String>,
    /// `subject`, when the header is conventional.
    pub subject: Option<String>,
    /// `!` before the colon.
    pub bang: bool,
    /// Body text (without the footer), `None` when absent.
    pub body: Option<String>,
    /// Footer text, `None` when absent.
    pub footer: Option<String>,
    /// Whether a blank line separates header and body (or footer).
    pub body_leading_blank: bool,
    /// Whether a blank line precedes the footer.
    pub footer_leading_blank: bool,
    /// A `BREAKING CHANGE:` / `BREAKING-CHANGE:` note exists.
    pub breaking_note: bool,
    /// Issue references (`#123`) found anywhere after the header.
    pub references: Vec<String>,
}

/// Parses a cleaned message.
pub fn parse(message: &str) -> Commit {
    let mut lines = message.split('\n');
    let header = lines.next().unwrap_or_default().to_owned();
    let mut commit = Commit {
        raw: message.to_owned(),
        header: header.clone(),
        ..Commit::default()
    };
    if let Some(c) = HEADER.captures(&header) {
        commit.kind = c
            .get(1)
            .map(|m| m.as_str().to_owned())
            .filter(|s| !s.is_empty());
        commit.scope = c
            .get(2)
            .map(|m| m.as_str().to_owned())
            .filter(|s| !s.is_empty());
        commit.bang = c.get(3).is_some_and(|m| !m.is_empty());
        commit.subject = c
            .get(4)
            .map(|m| m.as_str().to_owned())
            .filter(|s| !s.is_empty());
    }
    let rest: Vec<&str> = lines.collect();
    split_body_footer(&mut commit, &rest);
    commit.references = ISSUE
        .find_iter(&rest.join("\n"))
        .map(|m| {
            m.as_str()
                .trim_start_matches([' ', '(', ',', '\t'])
                .to_owned()
        })
        .collect();
    commit
}

/// Like commitlint's parser, the footer begins at the first breaking-change note or the
/// first line that references an issue (`#123`, `Closes #12`, `Refs: #4`); git trailers
/// without a reference (`Signed-off-by:`) stay in the body.
fn starts_footer(line: &str) -> bool {
    NOTE.is_match(line) || ISSUE.is_match(line)
}

fn split_body_footer(commit: &mut Commit, rest: &[&str]) {
    commit.body_leading_blank = rest.first().is_none_or(|l| l.is_empty());
    let footer_start = rest.iter().position(|line| starts_footer(line));
    let (body, footer) = match footer_start {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    commit.footer_leading_blank = footer_start.is_some_and(|i| i == 0 || rest[i - 1].is_empty());
    commit.body = join_trimmed(body);
    commit.footer = footer.and_then(join_trimmed);
    commit.breaking_note = rest.iter().any(|l| NOTE.is_match(l));
}

fn join_trimmed(lines: &[&str]) -> Option<String> {
    let text = lines.join("\n");
    let trimmed = text.trim_matches('\n');
    if trimmed.trim().is_empty() {
        None
    } else {
        Some(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_message() {
        let c = parse(
            "feat(api)!: drop v1\n\nWhy we drop it.\n\nBREAKING CHANGE: v1 is gone\nRefs: #42",
        );
        assert_eq!(c.kind.as_deref(), Some("feat"));
        assert_eq!(c.scope.as_deref(), Some("api"));
        assert!(c.bang);
        assert_eq!(c.subject.as_deref(), Some("drop v1"));
        assert_eq!(c.body.as_deref(), Some("Why we drop it."));
        assert_eq!(
            c.footer.as_deref(),
            Some("BREAKING CHANGE: v1 is gone\nRefs: #42")
        );
        assert!(c.breaking_note && c.body_leading_blank && c.footer_leading_blank);
        assert_eq!(c.references, vec!["#42"]);
    }

    #[test]
    fn a_non_conventional_header_has_no_type_or_subject() {
        let c = parse("Added the thing.");
        assert_eq!((c.kind, c.subject), (None, None));
    }

    #[test]
    fn a_body_without_leading_blank_is_noticed() {
        let c = parse("fix: a\nbody right away");
        assert!(!c.body_leading_blank);
        assert_eq!(c.body.as_deref(), Some("body right away"));
    }
}
