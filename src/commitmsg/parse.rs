//! The Conventional Commits parser, shaped like commitlint's parser preset: a header
//! `type(scope)!: subject`, then a body, then a footer that starts at the first
//! breaking-change note or issue reference. Hand-written (no regex) because it runs on
//! every commit and regex compilation would dominate its cost.

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
    if let Some(h) = parse_header(&header) {
        commit.kind = Some(h.kind.to_owned()).filter(|s| !s.is_empty());
        commit.scope = h.scope.map(str::to_owned).filter(|s| !s.is_empty());
        commit.bang = h.bang;
        commit.subject = Some(h.subject.to_owned()).filter(|s| !s.is_empty());
    }
    let rest: Vec<&str> = lines.collect();
    split_body_footer(&mut commit, &rest);
    commit.references = rest.iter().flat_map(|line| references(line)).collect();
    commit
}

struct Header<'a> {
    kind: &'a str,
    scope: Option<&'a str>,
    bang: bool,
    subject: &'a str,
}

/// Matches commitlint's header pattern `^(\w*)(?:\((.*)\))?!?: (.*)$` (JS `\w` is ASCII):
/// the scope runs to the last `)` that is followed by `: ` or `!: `, as the greedy group does.
fn parse_header(header: &str) -> Option<Header<'_>> {
    let type_end = header
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(header.len());
    let (kind, rest) = header.split_at(type_end);
    if let Some(subject) = after_colon(rest) {
        return Some(Header {
            kind,
            scope: None,
            bang: rest.starts_with('!'),
            subject,
        });
    }
    let inner = rest.strip_prefix('(')?;
    inner.rmatch_indices(')').find_map(|(close, _)| {
        let after = &inner[close + 1..];
        after_colon(after).map(|subject| Header {
            kind,
            scope: Some(&inner[..close]),
            bang: after.starts_with('!'),
            subject,
        })
    })
}

/// The subject after `: ` or `!: ` at the start of `text`.
fn after_colon(text: &str) -> Option<&str> {
    text.strip_prefix(": ").or_else(|| text.strip_prefix("!: "))
}

/// `BREAKING CHANGE:` / `BREAKING-CHANGE ` after optional spaces, `|` and `*`.
fn is_note(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_whitespace() || c == '|' || c == '*');
    ["BREAKING CHANGE", "BREAKING-CHANGE"]
        .iter()
        .any(|keyword| {
            rest.strip_prefix(keyword)
                .is_some_and(|after| after.starts_with(|c: char| c == ':' || c.is_whitespace()))
        })
}

/// Issue references `#123` (optionally `owner/repo#123`) that start a word.
fn references(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    for (hash, _) in line.match_indices('#') {
        let digits = bytes[hash + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            continue;
        }
        let word_start = line[..hash]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let boundary = word_start == 0
            || line[..word_start].ends_with(|c: char| c.is_whitespace() || c == '(' || c == ',');
        if boundary {
            found.push(line[word_start..hash + 1 + digits].to_owned());
        }
    }
    found
}

/// Like commitlint's parser, the footer begins at the first breaking-change note or the
/// first line that references an issue (`#123`, `Closes #12`, `Refs: #4`); git trailers
/// without a reference (`Signed-off-by:`) stay in the body.
fn starts_footer(line: &str) -> bool {
    is_note(line) || !references(line).is_empty()
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
    commit.breaking_note = rest.iter().any(|l| is_note(l));
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
