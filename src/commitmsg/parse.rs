//! The Conventional Commits parser, splitting a cleaned message exactly as commitlint's
//! parser preset (conventional-changelog-conventionalcommits on conventional-commits-parser)
//! does: header/type/scope/subject, body, footer, notes, issue references, revert, merge.
//!
//! The body ends at the first line that is a note (`BREAKING CHANGE:`, case-insensitive,
//! anywhere a note keyword starts a line) or that carries an issue reference (`#123`);
//! that line and everything after it is the footer.

use super::case::{is_js_line_terminator, is_js_space};

/// A parsed message. `None` and `Some("")` differ as they do in commitlint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commit<'a> {
    /// The first line.
    pub header: Option<&'a str>,
    /// `feat` in `feat(ui)!: x`.
    pub kind: Option<&'a str>,
    /// `ui` in `feat(ui)!: x`.
    pub scope: Option<&'a str>,
    /// `x` in `feat(ui)!: x`.
    pub subject: Option<&'a str>,
    /// Whether the header carries `!` before the colon.
    pub bang: bool,
    /// Lines between the header and the footer, trimmed of blank lines at both ends.
    pub body: Option<String>,
    /// From the first note or reference line to the end.
    pub footer: Option<String>,
    /// `BREAKING CHANGE` notes (a `!` header adds one when there is none).
    pub notes: Vec<Note>,
    /// Issue references (`#12`, `closes #12`, `org/repo#12`).
    pub references: Vec<Reference>,
    /// `Token: value` / `Token #value` footer trailers (Conventional Commits 1.0 §8–10).
    pub trailers: Vec<Trailer<'a>>,
    /// A revert: (reverted header, reverted commit id).
    pub revert: Option<(String, String)>,
    /// A git-style merge header (`Merge branch …`, `Merge pull request …`).
    pub merge: bool,
    /// Every line of the cleaned message (the `raw` some rules read).
    pub raw: &'a str,
}

/// A footer note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `BREAKING CHANGE` as written.
    pub title: String,
    /// The note text.
    pub text: String,
}

/// An issue reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// `closes`, `fixes`, … when an action word introduced it.
    pub action: Option<String>,
    /// `12` in `#12`.
    pub issue: String,
}

/// A footer trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trailer<'a> {
    /// `Reviewed-by`, `Refs`, `BREAKING CHANGE`.
    pub token: &'a str,
    /// The value on the trailer's line.
    pub value: &'a str,
}

const ACTIONS: [&str; 9] = [
    "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
];

/// Parses a cleaned message (see [`super::Cleanup::apply`]).
pub fn parse(raw: &str) -> Commit<'_> {
    let trimmed = raw.trim_matches(['\r', '\n']);
    let lines: Vec<&str> = split_lines(trimmed).filter(|l| !is_gpg_line(l)).collect();
    let mut commit = Commit {
        raw,
        ..Commit::default()
    };
    let mut idx = 0;
    if let Some(&first) = lines.first() {
        idx = 1;
        if !first.is_empty() {
            commit.header = Some(first);
            parse_header(&mut commit, first);
            collect_references(first, &mut commit.references);
        }
    }
    parse_rest(&mut commit, &lines, idx);
    if commit.notes.is_empty() && commit.bang {
        commit.notes.push(Note {
            title: "BREAKING CHANGE".into(),
            text: commit.subject.unwrap_or("").into(),
        });
    }
    commit.body = commit.body.map(|b| b.trim_matches(['\r', '\n']).to_owned());
    commit.footer = commit
        .footer
        .map(|f| f.trim_matches(['\r', '\n']).to_owned());
    commit.trailers = footer_trailers(&lines);
    commit.revert = parse_revert(trimmed);
    commit.merge = commit.header.is_some_and(is_merge_header);
    commit
}

/// `split(/\r?\n/)`.
pub fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    s.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

fn is_gpg_line(line: &str) -> bool {
    line.trim_start_matches(is_js_space).starts_with("gpg:")
}

/// The body/footer state machine of conventional-commits-parser.
fn parse_rest(commit: &mut Commit<'_>, lines: &[&str], mut idx: usize) {
    let mut is_body = true;
    while idx < lines.len() {
        if let Some(next) = parse_notes(commit, lines, idx) {
            idx = next;
            is_body = false;
            if idx >= lines.len() {
                break;
            }
        }
        let line = lines[idx];
        let mut refs = Vec::new();
        collect_references(line, &mut refs);
        if refs.is_empty() && is_body {
            append_line(&mut commit.body, line);
        } else {
            commit.references.extend(refs);
            append_line(&mut commit.footer, line);
            is_body = false;
        }
        idx += 1;
    }
}

/// A run of note lines starting at `idx`; returns the index after it, or `None` if the
/// line there is not a note. A note's text runs until the next note or a reference line.
fn parse_notes(commit: &mut Commit<'_>, lines: &[&str], mut idx: usize) -> Option<usize> {
    let (title, text) = match_note(lines[idx])?;
    commit.notes.push(Note {
        title: title.into(),
        text: text.into(),
    });
    append_line(&mut commit.footer, lines[idx]);
    idx += 1;
    while idx < lines.len() {
        let line = lines[idx];
        if let Some((title, text)) = match_note(line) {
            commit.notes.push(Note {
                title: title.into(),
                text: text.into(),
            });
            append_line(&mut commit.footer, line);
            idx += 1;
            continue;
        }
        let mut refs = Vec::new();
        collect_references(line, &mut refs);
        append_line(&mut commit.footer, line);
        idx += 1;
        if refs.is_empty() {
            if let Some(note) = commit.notes.last_mut() {
                let mut text = Some(std::mem::take(&mut note.text));
                append_line(&mut text, line);
                note.text = text.unwrap_or_default();
            }
        } else {
            commit.references.extend(refs);
            break;
        }
    }
    Some(idx)
}

/// `appendLine`: the first appended line replaces an empty or missing value.
fn append_line(target: &mut Option<String>, line: &str) {
    match target {
        Some(s) if !s.is_empty() => {
            s.push('\n');
            s.push_str(line);
        }
        _ => *target = Some(line.to_owned()),
    }
}

/// `^[\s|*]*(BREAKING CHANGE|BREAKING-CHANGE)[:\s]+(.*)`, case-insensitive.
fn match_note(line: &str) -> Option<(&str, &str)> {
    let start = line.len()
        - line
            .trim_start_matches(|c: char| is_js_space(c) || c == '|' || c == '*')
            .len();
    let rest = &line[start..];
    let keyword = rest.get(..15)?;
    if !(keyword.eq_ignore_ascii_case("BREAKING CHANGE")
        || keyword.eq_ignore_ascii_case("BREAKING-CHANGE"))
    {
        return None;
    }
    let after = &rest[15..];
    let text = after.trim_start_matches(|c: char| c == ':' || is_js_space(c));
    if text.len() == after.len() {
        return None;
    }
    let text = text.split(is_js_line_terminator).next().unwrap_or("");
    Some((keyword, text))
}

/// Parses the header like `^(\w*)(?:\((.*)\))?!?: (.*)$` (the `!` form tried first).
fn parse_header<'a>(commit: &mut Commit<'a>, header: &'a str) {
    let Some(parts) = match_header(header, true).or_else(|| match_header(header, false)) else {
        return;
    };
    commit.kind = non_empty(parts.kind);
    commit.scope = parts.scope.and_then(non_empty);
    commit.subject = non_empty(parts.subject);
    commit.bang = parts.bang;
}

/// The pieces of a header that matched a Conventional Commits pattern.
pub struct HeaderParts<'a> {
    kind: &'a str,
    scope: Option<&'a str>,
    subject: &'a str,
    bang: bool,
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// One of the two header patterns; `breaking` requires the `!`. Mirrors the regex's
/// backtracking: the scope's `.*` is greedy, so the last `)` that fits wins.
pub fn match_header(header: &str, breaking: bool) -> Option<HeaderParts<'_>> {
    let type_end = header
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(header.len());
    let kind = &header[..type_end];
    let rest = &header[type_end..];
    if let Some(inner) = rest.strip_prefix('(') {
        for (close, _) in inner.rmatch_indices(')') {
            let scope = &inner[..close];
            if scope.contains(is_js_line_terminator) {
                continue;
            }
            if let Some((subject, bang)) = match_separator(&inner[close + 1..], breaking) {
                return Some(HeaderParts {
                    kind,
                    scope: Some(scope),
                    subject,
                    bang,
                });
            }
        }
    }
    let (subject, bang) = match_separator(rest, breaking)?;
    Some(HeaderParts {
        kind,
        scope: None,
        subject,
        bang,
    })
}

/// `!?: (.*)$` (or `!: (.*)$`), returning the subject and whether `!` was present.
fn match_separator(rest: &str, breaking: bool) -> Option<(&str, bool)> {
    let (subject, bang) = if let Some(s) = rest.strip_prefix("!: ") {
        (s, true)
    } else if !breaking {
        (rest.strip_prefix(": ")?, false)
    } else {
        return None;
    };
    (!subject.contains(is_js_line_terminator)).then_some((subject, bang))
}

// ---- references -------------------------------------------------------------------------

/// conventional-commits-parser's `parseReferences` on one line: with action words, only the
/// text after each action is searched; a sentence holding a URL yields nothing.
pub fn collect_references(line: &str, out: &mut Vec<Reference>) {
    if !line.contains('#') {
        return;
    }
    let actions = find_actions(line);
    if actions.is_empty() {
        for sentence in line.split(is_js_line_terminator) {
            references_in_sentence(sentence, None, out);
        }
        return;
    }
    for (i, &(kw_start, kw_end)) in actions.iter().enumerate() {
        let sentence_start = kw_end + whitespace_len(&line[kw_end..]);
        let sentence_end = sentence_end(line, sentence_start, actions.get(i + 1).map(|a| a.0));
        let action = &line[kw_start..kw_end];
        references_in_sentence(&line[sentence_start..sentence_end], Some(action), out);
    }
}

fn whitespace_len(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_js_space).len()
}

/// The lazy `(.*?)` ends where the next action word starts (even inside a word), at a
/// line terminator, or at the end.
fn sentence_end(line: &str, start: usize, next_action: Option<usize>) -> usize {
    let limit = next_action.unwrap_or(line.len()).max(start);
    let mut end = limit;
    for (i, c) in line[start..limit].char_indices() {
        if is_js_line_terminator(c) {
            end = start + i;
            break;
        }
        if action_at(line, start + i).is_some() {
            end = start + i;
            break;
        }
    }
    end
}

/// Successive matches of `(close|…|resolved)(?:\s+…)` as (start, end of the word).
/// After a match the search resumes where its sentence ended (the next action word).
fn find_actions(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < line.len() {
        let Some((start, end)) = next_action(line, pos) else {
            break;
        };
        out.push((start, end));
        let sentence_start = end + whitespace_len(&line[end..]);
        let stop = line[sentence_start..]
            .char_indices()
            .find(|&(i, _)| action_at(line, sentence_start + i).is_some())
            .map_or(line.len(), |(i, _)| sentence_start + i);
        // A sentence cut by a line terminator still resumes after the terminator.
        pos = stop.max(end);
    }
    out
}

fn next_action(line: &str, from: usize) -> Option<(usize, usize)> {
    line[from..]
        .char_indices()
        .find_map(|(i, _)| action_followed_by_space(line, from + i).map(|end| (from + i, end)))
}

/// The first action alternative at `pos` that is followed by whitespace.
fn action_followed_by_space(line: &str, pos: usize) -> Option<usize> {
    ACTIONS.iter().find_map(|word| {
        let end = pos + word.len();
        let candidate = line.get(pos..end)?;
        (candidate.eq_ignore_ascii_case(word) && line[end..].starts_with(is_js_space))
            .then_some(end)
    })
}

/// Whether any action word (no whitespace needed) starts at `pos`.
fn action_at(line: &str, pos: usize) -> Option<usize> {
    ACTIONS.iter().find_map(|word| {
        let end = pos + word.len();
        line.get(pos..end)
            .filter(|c| c.eq_ignore_ascii_case(word))
            .map(|_| end)
    })
}

/// `#issue` occurrences followed by whitespace, the end, or `,;)]`; none when the
/// sentence holds a URL.
fn references_in_sentence(sentence: &str, action: Option<&str>, out: &mut Vec<Reference>) {
    if !sentence.contains('#') || has_url(sentence) {
        return;
    }
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while let Some(off) = sentence[i..].find('#') {
        let hash = i + off;
        let start = hash + 1;
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                .count();
        i = start;
        if end == start {
            continue;
        }
        let boundary = match sentence[end..].chars().next() {
            None => true,
            Some(c) => is_js_space(c) || matches!(c, ',' | ';' | ')' | ']'),
        };
        if boundary {
            let issue = sentence[start..end].to_owned();
            let action = action.map(str::to_owned);
            // The parser drops duplicate (action, reference) pairs, case-insensitively.
            if !out
                .iter()
                .any(|r| r.action == action && r.issue.eq_ignore_ascii_case(&issue))
            {
                out.push(Reference { action, issue });
            }
            i = end;
        }
    }
}

/// The parser's URL test: `\bhttps?://(www\.)?[-a-zA-Z0-9@:%_+.~#?&/=]+\b`.
fn has_url(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(off) = s[from..].find("http") {
        let at = from + off;
        from = at + 4;
        if at > 0 && is_word_byte(bytes[at - 1]) {
            continue;
        }
        let rest = &bytes[at + 4..];
        let rest = rest.strip_prefix(b"s").unwrap_or(rest);
        let Some(tail) = rest.strip_prefix(b"://") else {
            continue;
        };
        let run = tail
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b"-@:%_+.~#?&/=".contains(&b))
            .count();
        let ends_at_boundary = (1..=run)
            .any(|k| is_word_byte(tail[k - 1]) != tail.get(k).is_some_and(|&b| is_word_byte(b)));
        if ends_at_boundary {
            return true;
        }
    }
    false
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

// ---- trailers, revert, merge ----------------------------------------------------------------

/// Conventional Commits footers: the trailing paragraph's `Token: value` / `Token #value`
/// lines, where a token is a word with hyphens or `BREAKING CHANGE`.
fn footer_trailers<'a>(lines: &[&'a str]) -> Vec<Trailer<'a>> {
    let start = lines
        .iter()
        .rposition(|l| l.is_empty())
        .map_or(lines.len(), |i| i + 1);
    if start <= 1 {
        return Vec::new();
    }
    lines[start..]
        .iter()
        .filter_map(|line| trailer_line(line))
        .collect()
}

fn trailer_line(line: &str) -> Option<Trailer<'_>> {
    for keyword in ["BREAKING CHANGE", "BREAKING-CHANGE"] {
        if let Some(value) = line
            .strip_prefix(keyword)
            .and_then(|r| r.strip_prefix(": "))
        {
            return Some(Trailer {
                token: &line[..keyword.len()],
                value,
            });
        }
    }
    let token_len = line
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || b == b'-')
        .count();
    if token_len == 0 {
        return None;
    }
    let rest = &line[token_len..];
    let value = rest
        .strip_prefix(": ")
        .or_else(|| rest.strip_prefix(" #"))?;
    Some(Trailer {
        token: &line[..token_len],
        value,
    })
}

/// `^(?:Revert|revert:)\s"?(.+?)"?\s*This reverts commit (\w*)\.`, case-insensitive.
fn parse_revert(text: &str) -> Option<(String, String)> {
    let lower_start = text.get(..7)?.to_ascii_lowercase();
    let rest = if lower_start == "revert:" {
        &text[7..]
    } else if lower_start.starts_with("revert") {
        &text[6..]
    } else {
        return None;
    };
    if !rest.starts_with(is_js_space) {
        return None;
    }
    let marker = "this reverts commit ";
    let lower = rest.to_ascii_lowercase();
    let at = lower.find(marker)?;
    let hash_start = at + marker.len();
    let hash_len = rest[hash_start..]
        .bytes()
        .take_while(|&b| is_word_byte(b))
        .count();
    if rest.as_bytes().get(hash_start + hash_len) != Some(&b'.') {
        return None;
    }
    let reverted = rest[..at].trim_matches(|c: char| is_js_space(c) || c == '"');
    Some((
        reverted.to_owned(),
        rest[hash_start..hash_start + hash_len].to_owned(),
    ))
}

fn is_merge_header(header: &str) -> bool {
    [
        "Merge branch ",
        "Merge pull request ",
        "Merge remote-tracking branch ",
        "Merge tag ",
        "Merge commit ",
    ]
    .iter()
    .any(|p| header.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_parts() {
        let c = parse("feat(ui)!: add button\n");
        assert_eq!(
            (c.kind, c.scope, c.subject, c.bang),
            (Some("feat"), Some("ui"), Some("add button"), true)
        );
        assert_eq!(c.notes.len(), 1);
        let c = parse("fix(a): b(c): d\n");
        assert_eq!((c.scope, c.subject), (Some("a): b(c"), Some("d")));
        let c = parse("not conventional\n");
        assert_eq!(
            (c.header, c.kind, c.subject),
            (Some("not conventional"), None, None)
        );
        let c = parse(": subject only\n");
        assert_eq!((c.kind, c.subject), (None, Some("subject only")));
    }

    #[test]
    fn body_and_footer_split() {
        let c = parse(
            "feat: x\n\nbody line\nmore\n\nBREAKING CHANGE: api gone\nsee docs\n\nCloses #12\n",
        );
        assert_eq!(c.body.as_deref(), Some("body line\nmore"));
        assert_eq!(
            c.footer.as_deref(),
            Some("BREAKING CHANGE: api gone\nsee docs\n\nCloses #12")
        );
        assert_eq!(c.notes[0].text, "api gone\nsee docs\n");
        assert_eq!(c.references.len(), 1);
        assert_eq!(c.trailers.len(), 1);
    }

    #[test]
    fn references_follow_the_parser() {
        let refs = |s: &str| {
            let mut v = Vec::new();
            collect_references(s, &mut v);
            v.into_iter().map(|r| r.issue).collect::<Vec<_>>()
        };
        assert_eq!(refs("Closes #1, fixes #2"), ["1", "2"]);
        assert_eq!(refs("see #12"), ["12"]);
        assert!(
            refs("#12 fixes the thing").is_empty(),
            "text before an action is not searched"
        );
        assert!(
            refs("see https://x.org/a#12 and #13").is_empty(),
            "URLs hide references"
        );
        assert!(refs("#12a!").is_empty());
        assert_eq!(refs("org/repo#7"), ["7"]);
    }

    #[test]
    fn revert_and_merge() {
        let c = parse("Revert \"feat: x\"\n\nThis reverts commit abc123.\n");
        assert_eq!(c.revert, Some(("feat: x".into(), "abc123".into())));
        assert!(parse("Merge branch 'x'\n").merge);
    }

    #[test]
    fn trailers() {
        let c = parse("fix: x\n\nbody\n\nReviewed-by: Z\nRefs #133\nBREAKING CHANGE: y\n");
        let tokens: Vec<_> = c.trailers.iter().map(|t| (t.token, t.value)).collect();
        assert_eq!(
            tokens,
            [
                ("Reviewed-by", "Z"),
                ("Refs", "133"),
                ("BREAKING CHANGE", "y")
            ]
        );
    }
}
