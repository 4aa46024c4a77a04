//! The spec document (`docs/specs/<ID>.md`): decoding, fenced-code
//! blanking, section lookup, the metadata table, and a line-numbered parse model.
//!
//! Every lookup reproduces PactKit's regular expression (reference Appendix A) with the
//! same semantics, quirks included: `\s` spans newlines, metadata comes from every table
//! row (later rows win), sections end at the next line starting `## `. Section headings
//! and code fences are matched by hand (one pass, no regex) following CPython's `re`
//! rules (`str.isspace` whitespace, its case-insensitive equivalences); the other
//! patterns use the `regex` crate, whose leftmost-first matches equal Python's for them.
//! Known, accepted differences: in those regexes Unicode `\s`/`\w` differ from Python's
//! on a few control characters (U+001C–U+001F), and a leading UTF-8 BOM is stripped
//! (PactKit keeps U+FEFF, which only matters when a spec starts with a table row or `##`).

use regex::Regex;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// `### R<n>:` (case-sensitive, not anchored): the E004 requirement-subsection test.
pub static REQ_SUBSECTION: TextRegex = TextRegex::new(r"### R\d+[:\s]");
/// `###\s+(R<n>)[:\s]`: requirement ids for W007 and the parse model.
pub static REQ_ID: TextRegex = TextRegex::new(r"###\s+(R\d+)[:\s]");
/// `### AC<n>:` or `### Scenario <n>:` (case-insensitive, not anchored).
pub static AC_SUBSECTION: TextRegex = TextRegex::new(r"(?i)### AC\d+[:\s]|### Scenario\s+\d+[:\s]");
/// The id inside an AC heading: `AC1`, `Scenario 2` (case-insensitive).
pub static AC_ID: TextRegex = TextRegex::new(r"(?i)(AC\d+|Scenario\s+\d+)");
/// A whole-word, upper-case RFC 2119 keyword.
pub static RFC2119: TextRegex =
    TextRegex::new(r"\b(MUST|SHOULD|MAY|SHALL|REQUIRED|RECOMMENDED|OPTIONAL)\b");
/// A Security Scope entry: `| SEC-` anywhere (whitespace, newlines included, may separate).
pub static SEC_ROW: TextRegex = TextRegex::new(r"\|\s*SEC-");
/// A line that looks like a pipe table row with at least two cells.
pub static PIPE_TABLE_ROW: TextRegex = TextRegex::new(r"(?m)^\|.+\|.+\|");

static META_HEADER: TextRegex = TextRegex::new(r"(?mi)^\|\s*Field\s*\|\s*Value\s*\|");
static META_ROW: TextRegex = TextRegex::new(r"(?m)^\|\s*(\w[\w\s]*\w|\w)\s*\|\s*(.+?)\s*\|");
static TITLE: TextRegex = TextRegex::new(r"(?m)^#[ \t]+([^:\n]+?):[ \t]*(.*?)[ \t]*$");
static H2_LINE: TextRegex = TextRegex::new(r"(?m)^##[ \t]+(\S.*?)[ \t]*$");
static SEC_ENTRY: TextRegex = TextRegex::new(r"(?m)^\|\s*(SEC-[^|\s]*)");

/// A constant pattern compiled twice, lazily: as written (Unicode `\w`, `\s`, `\d`, `\b`)
/// and with those classes narrowed to ASCII. On an all-ASCII text both match exactly the
/// same spans, and the ASCII form compiles and searches several times faster (a
/// commit-time spec-lint pays the compilation on every run), so it is used whenever the
/// text is ASCII.
pub struct TextRegex {
    pattern: &'static str,
    ascii: OnceLock<Regex>,
    unicode: OnceLock<Regex>,
}

impl TextRegex {
    /// Every pattern's two forms agree on `text` (which must be ASCII): same spans, same
    /// capture groups. The conformance fixtures run this for every pattern.
    #[cfg(test)]
    pub(crate) fn assert_forms_agree(&self, text: &str) {
        assert!(text.is_ascii());
        let spans = |rx: &Regex| -> Vec<Vec<Option<(usize, usize)>>> {
            rx.captures_iter(text)
                .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                .collect()
        };
        let ascii = re(&ascii_classes(self.pattern));
        assert_eq!(spans(&ascii), spans(&re(self.pattern)), "{}", self.pattern);
    }

    /// A pattern that is a compile-time constant; compiled on first use.
    pub const fn new(pattern: &'static str) -> TextRegex {
        TextRegex {
            pattern,
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The compiled form to search `text` with.
    pub fn for_text(&self, text: &str) -> &Regex {
        if text.is_ascii() {
            self.ascii.get_or_init(|| re(&ascii_classes(self.pattern)))
        } else {
            self.unicode.get_or_init(|| re(self.pattern))
        }
    }
}

/// Rewrites `\w`, `\s`, `\d`, `\S` and `\b` to their ASCII forms, leaving other escapes;
/// a pattern without `.` also gets ASCII-only case folding (`(?i)` → `(?i-u)`: Unicode
/// folding only adds non-ASCII equivalents such as the Kelvin sign; `.` must stay
/// Unicode-aware, so patterns with one keep `(?i)`).
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let pattern = match (
        pattern.contains('.'),
        pattern.strip_prefix("(?i)"),
        pattern.strip_prefix("(?mi)"),
    ) {
        (false, Some(rest), _) => {
            out.push_str("(?i-u)");
            rest
        }
        (false, _, Some(rest)) => {
            out.push_str("(?mi-u)");
            rest
        }
        _ => pattern,
    };
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('s') => out.push_str(r"[\t\n\x0B\x0C\r ]"),
            Some('S') => out.push_str(r"[^\t\n\x0B\x0C\r ]"),
            Some('d') => out.push_str("[0-9]"),
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Compiles a pattern that is a compile-time constant of this module.
fn re(pattern: &str) -> Regex {
    // A constant of this module; every pattern is exercised by the unit tests.
    Regex::new(pattern).expect("valid built-in regex")
}

/// Why the bytes of a spec are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid UTF-8 at byte {offset} (line {line})")]
pub struct DecodeError {
    /// Byte offset of the first invalid sequence in the file (BOM included).
    pub offset: usize,
    /// 1-based line of that byte.
    pub line: u32,
}

/// Decodes a spec: strips a UTF-8 BOM and translates `\r\n` and lone `\r` to `\n`, as
/// Python's universal-newline `read_text` does, so line numbers match PactKit's.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    let (body, skipped) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    let text = std::str::from_utf8(body).map_err(|err| {
        let valid = err.valid_up_to();
        DecodeError {
            offset: skipped + valid,
            line: line_at(&body[..valid]),
        }
    })?;
    if !text.contains('\r') {
        return Ok(Cow::Borrowed(text));
    }
    Ok(Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")))
}

/// Blanks fenced code blocks, keeping one `\n` per line: PactKit's
/// `^```[^\n]*\n.*?^```` (multiline, dot-all) replaced everywhere, then its unclosed-fence
/// pattern `^```[^\n]*\n.*` once on the result. A closing fence ends after its three
/// backticks; the rest of that line stays. Returns `None` when nothing changed.
pub fn strip_code_blocks(text: &str) -> Option<String> {
    if !text.contains("```") {
        return None;
    }
    let closed = blank_closed_fences(text);
    let current = closed.as_deref().unwrap_or(text);
    match line_start_with(current, 0, "\n```") {
        Some(open) if current[open..].contains('\n') => {
            let mut out = String::with_capacity(current.len());
            out.push_str(&current[..open]);
            push_newlines(&mut out, &current[open..]);
            Some(out)
        }
        _ => closed,
    }
}

fn blank_closed_fences(text: &str) -> Option<String> {
    let mut out = String::new();
    let (mut copied, mut from) = (0, 0);
    while let Some(open) = line_start_with(text, from, "\n```") {
        let Some(newline) = text[open..].find('\n') else {
            break;
        };
        // No closing line means no later fence can close either: they would close this one.
        let Some(close) = line_start_with(text, open + newline + 1, "\n```") else {
            break;
        };
        let end = close + 3;
        out.push_str(&text[copied..open]);
        push_newlines(&mut out, &text[open..end]);
        (copied, from) = (end, end);
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

fn push_newlines(out: &mut String, replaced: &str) {
    out.extend(std::iter::repeat_n('\n', count_newlines(replaced)));
}

/// The first line start at or after `from` where the text continues with `needle` minus
/// its leading `\n` (what `(?m)^pattern` finds). `needle` must start with `\n`.
fn line_start_with(text: &str, from: usize, needle: &str) -> Option<usize> {
    let at_line_start = from == 0 || text.as_bytes().get(from - 1) == Some(&b'\n');
    if at_line_start && text.get(from..)?.starts_with(&needle[1..]) {
        return Some(from);
    }
    text.get(from..)?.find(needle).map(|i| from + i + 1)
}

/// A decoded spec: the raw text and the same text with fenced code blanked.
#[derive(Debug, Clone)]
pub struct SpecDoc<'a> {
    raw: Cow<'a, str>,
    // Invariant: `None` means the stripped text equals `raw` (no fences).
    stripped: Option<String>,
}

impl<'a> SpecDoc<'a> {
    /// Decodes bytes and blanks code fences.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, DecodeError> {
        Ok(Self::from_text(decode(bytes)?))
    }

    /// Wraps already-decoded text (newlines must already be `\n`).
    pub fn from_text(raw: Cow<'a, str>) -> Self {
        let stripped = strip_code_blocks(&raw);
        SpecDoc { raw, stripped }
    }

    /// The text as written (after decoding).
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether blanking changed anything (the raw and stripped texts differ).
    pub fn has_code_blocks(&self) -> bool {
        self.stripped.is_some()
    }

    /// The text with fenced code blocks blanked; line numbers are unchanged.
    pub fn stripped(&self) -> &str {
        self.stripped.as_deref().unwrap_or(&self.raw)
    }
}

/// The `## ` sections PactKit looks up by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionName {
    /// `## Background` (recommended).
    Background,
    /// `## Requirements` (required).
    Requirements,
    /// `## Acceptance Criteria` (required).
    AcceptanceCriteria,
    /// `## Target Call Chain` (recommended).
    TargetCallChain,
    /// `## Implementation Steps` (optional).
    ImplementationSteps,
    /// `## Security Scope` (required).
    SecurityScope,
    /// `## Out of Scope` (recommended, or Non-Goals).
    OutOfScope,
    /// `## Non-Goals` (alternative to Out of Scope).
    NonGoals,
    /// `## Technical Design` (PactKit 4's W010 looks into it).
    TechnicalDesign,
    /// `## Dependency Surface` (PactKit 4's W011 and E010).
    DependencySurface,
}

impl SectionName {
    /// The heading text without the hashes.
    pub fn title(self) -> &'static str {
        match self {
            SectionName::Background => "Background",
            SectionName::Requirements => "Requirements",
            SectionName::AcceptanceCriteria => "Acceptance Criteria",
            SectionName::TargetCallChain => "Target Call Chain",
            SectionName::ImplementationSteps => "Implementation Steps",
            SectionName::SecurityScope => "Security Scope",
            SectionName::OutOfScope => "Out of Scope",
            SectionName::NonGoals => "Non-Goals",
            SectionName::TechnicalDesign => "Technical Design",
            SectionName::DependencySurface => "Dependency Surface",
        }
    }

    /// How many names there are.
    pub const COUNT: usize = 10;

    /// Every name, in index order.
    pub const ALL: [SectionName; SectionName::COUNT] = [
        SectionName::Background,
        SectionName::Requirements,
        SectionName::AcceptanceCriteria,
        SectionName::TargetCallChain,
        SectionName::ImplementationSteps,
        SectionName::SecurityScope,
        SectionName::OutOfScope,
        SectionName::NonGoals,
        SectionName::TechnicalDesign,
        SectionName::DependencySurface,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// Byte range of a section: from its `## Heading` to the next line starting `## ` (or the
/// end). The first heading matching PactKit's `^##\s+<title>\s*$` (case-insensitive)
/// wins. Prefer [`Outline`] for several lookups in one text.
pub fn find_section(text: &str, name: SectionName) -> Option<Range<usize>> {
    let (start, end) = line_starts(text, "\n##")
        .find_map(|p| Some((p, match_heading(text, p, 2, name.title())?)))?;
    Some(start..next_h2(text, end))
}

/// The text of a section, heading included.
pub fn section_text(text: &str, name: SectionName) -> Option<&str> {
    find_section(text, name).map(|range| &text[range])
}

/// Where each named section starts in one text, found in a single pass.
#[derive(Debug, Clone)]
pub struct Outline<'t> {
    text: &'t str,
    // Per `SectionName::index`: (heading start, heading end) of the first match.
    heads: [Option<(usize, usize)>; SectionName::COUNT],
}

impl<'t> Outline<'t> {
    /// Indexes the `## ` headings of `text`.
    pub fn new(text: &'t str) -> Self {
        let mut heads = [None; SectionName::COUNT];
        let mut missing = SectionName::COUNT;
        for p in line_starts(text, "\n##") {
            for name in SectionName::ALL {
                let slot = &mut heads[name.index()];
                if slot.is_none()
                    && let Some(end) = match_heading(text, p, 2, name.title())
                {
                    *slot = Some((p, end));
                    missing -= 1;
                }
            }
            if missing == 0 {
                break;
            }
        }
        Outline { text, heads }
    }

    /// The indexed text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Byte range of a section (see [`find_section`]).
    pub fn range(&self, name: SectionName) -> Option<Range<usize>> {
        let (start, end) = self.heads[name.index()]?;
        Some(start..next_h2(self.text, end))
    }

    /// The text of a section, heading included.
    pub fn section(&self, name: SectionName) -> Option<&'t str> {
        self.range(name).map(|range| &self.text[range])
    }
}

/// Line starts where `text` continues with `needle` minus its leading `\n`.
fn line_starts<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let first = text.starts_with(&needle[1..]).then_some(0);
    first
        .into_iter()
        .chain(text.match_indices(needle).map(|(i, _)| i + 1))
}

/// Python's `\s` (`str.isspace`): Unicode White_Space plus U+001C–U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's case-insensitive equivalence for the ASCII letters of section titles.
fn fold(c: char) -> char {
    match c {
        '\u{131}' | '\u{130}' => 'i',
        '\u{17f}' => 's',
        '\u{212a}' => 'k',
        _ => c.to_ascii_lowercase(),
    }
}

/// Matches `^#{hashes}\s+<title>\s*$` (case-insensitive) at line start `p`; returns the
/// end of the title.
fn match_heading(text: &str, p: usize, hashes: usize, title: &str) -> Option<usize> {
    let rest = text.get(p..)?;
    if !rest.starts_with(&"####"[..hashes]) {
        return None;
    }
    let after_hashes = &rest[hashes..];
    let body = after_hashes.trim_start_matches(is_py_space);
    if body.len() == after_hashes.len() {
        return None;
    }
    let mut chars = body.char_indices();
    for expected in title.chars() {
        let (_, c) = chars.next()?;
        if fold(c) != expected.to_ascii_lowercase() {
            return None;
        }
    }
    let tail = &body[chars.offset()..];
    let trailing = tail.len() - tail.trim_start_matches(is_py_space).len();
    // `\s*$`: the whitespace run must reach the end or contain a newline.
    let ends_line = trailing == tail.len() || tail[..trailing].contains('\n');
    ends_line.then(|| text.len() - tail.len())
}

/// Start of the next line beginning `##` + whitespace after `from` (PactKit's `^##\s+`
/// searched from the end of the heading), or the end of the text.
fn next_h2(text: &str, from: usize) -> usize {
    line_starts(&text[from..], "\n##")
        .map(|q| from + q)
        .find(|&q| text[q + 2..].starts_with(is_py_space))
        .unwrap_or(text.len())
}

/// A section heading written at the wrong level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrongLevel {
    /// How many `#` the heading has (1, 3 or 4).
    pub hashes: usize,
    /// 1-based line of the first such heading.
    pub line: u32,
}

/// For a section missing at `##`: the first level among `#`, `###`, `####` (in that order)
/// at which the heading appears, with the line of its first appearance at that level.
pub fn wrong_heading_level(text: &str, name: SectionName) -> Option<WrongLevel> {
    [1, 3, 4].into_iter().find_map(|hashes| {
        let start = line_starts(text, "\n#")
            .find(|&p| match_heading(text, p, hashes, name.title()).is_some())?;
        Some(WrongLevel {
            hashes,
            line: line_of(text, start),
        })
    })
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> u32 {
    line_at(&text.as_bytes()[..offset.min(text.len())])
}

fn line_at(prefix: &[u8]) -> u32 {
    let newlines = prefix.iter().filter(|&&b| b == b'\n').count();
    u32::try_from(newlines).map_or(u32::MAX, |n| n.saturating_add(1))
}

fn count_newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// One `| Name | Value |` row, as PactKit's metadata scan sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetadataRow<'t> {
    /// The first cell (case-sensitive field name).
    pub name: &'t str,
    /// The second cell, trimmed (may be empty).
    pub value: &'t str,
    /// 1-based line where the row starts.
    pub line: u32,
}

/// The metadata fields of a spec: every two-cell table row of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata<'t> {
    /// Rows in document order; header (`Field`) rows are left out.
    pub rows: Vec<MetadataRow<'t>>,
}

impl<'t> Metadata<'t> {
    /// The value of a field: the last row with this exact name wins.
    pub fn get(&self, name: &str) -> Option<&'t str> {
        self.rows
            .iter()
            .rev()
            .find(|r| r.name == name)
            .map(|r| r.value)
    }
}

/// Whether the text has a `| Field | Value |` header line (case-insensitive).
pub fn has_metadata_table(text: &str) -> bool {
    META_HEADER.for_text(text).is_match(text)
}

/// Collects the metadata rows of the whole text, or `None` without a `| Field | Value |`
/// header. Rows of any table count.
pub fn metadata(text: &str) -> Option<Metadata<'_>> {
    if !has_metadata_table(text) {
        return None;
    }
    let mut rows = Vec::with_capacity(8);
    let mut line = 1;
    let mut counted_to = 0;
    for caps in META_ROW.for_text(text).captures_iter(text) {
        let (Some(whole), Some(name), Some(value)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        // The name group starts and ends with a word character, so `-` rows never match;
        // only the header name needs skipping (PactKit compares it lower-cased).
        if name.as_str().eq_ignore_ascii_case("field") {
            continue;
        }
        line += count_newlines(&text[counted_to..whole.start()]);
        counted_to = whole.start();
        rows.push(MetadataRow {
            name: name.as_str(),
            value: value.as_str().trim(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
        });
    }
    Some(Metadata { rows })
}

/// The rows of the metadata table itself: the table that starts at the first
/// `| Field | Value |` header and runs while lines start with `|`. Unlike [`metadata`]
/// (PactKit's scan, which reads rows of every table), a later table with a `Status` or
/// `Release` column is not part of it. `None` without a header.
pub fn metadata_table(text: &str) -> Option<Metadata<'_>> {
    let header = META_HEADER.for_text(text).find(text)?;
    let first = line_of(text, header.start());
    let rows_after = text[header.start()..]
        .split('\n')
        .skip(1)
        .take_while(|line| line.starts_with('|'))
        .count();
    let last = first.saturating_add(u32::try_from(rows_after).unwrap_or(u32::MAX));
    let mut all = metadata(text)?;
    all.rows.retain(|row| row.line > first && row.line <= last);
    Some(all)
}

/// `# <ID>: <title>`: the first level-1 heading with a colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Title<'t> {
    /// The work-item id before the colon.
    pub id: &'t str,
    /// The title after the colon.
    pub text: &'t str,
    /// 1-based line.
    pub line: u32,
}

/// A `## ` section of the parse model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section<'t> {
    /// The heading text without hashes.
    pub heading: &'t str,
    /// First line (the heading).
    pub first_line: u32,
    /// Last line of the section (before the next `## ` heading or the end).
    pub last_line: u32,
}

/// A `### R<n>` or `### AC<n>` / `### Scenario <n>` subsection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subsection<'t> {
    /// `R1`, `AC2`, `Scenario 3` as written.
    pub id: &'t str,
    /// 1-based line of the heading.
    pub line: u32,
}

/// A Security Scope entry: `| SEC-<n> | ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityEntry<'t> {
    /// The check id (`SEC-1`).
    pub check: &'t str,
    /// 1-based line.
    pub line: u32,
}

/// A spec, parsed with line numbers (fenced code blanked first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spec<'t> {
    /// The `# ID: Title` line.
    pub title: Option<Title<'t>>,
    /// Metadata rows, `None` without a `| Field | Value |` header.
    pub metadata: Option<Metadata<'t>>,
    /// Every line starting `## `, in order.
    pub sections: Vec<Section<'t>>,
    /// `### R<n>` subsections of `## Requirements`.
    pub requirements: Vec<Subsection<'t>>,
    /// `### AC<n>` / `### Scenario <n>` subsections of `## Acceptance Criteria`.
    pub acceptance_criteria: Vec<Subsection<'t>>,
    /// `| SEC-…` rows of `## Security Scope`.
    pub security_scope: Vec<SecurityEntry<'t>>,
}

/// Parses the stripped text of a spec into its structure.
pub fn parse<'t>(doc: &'t SpecDoc<'_>) -> Spec<'t> {
    let text = doc.stripped();
    Spec {
        title: TITLE.for_text(text).captures(text).and_then(|c| {
            let whole = c.get(0)?;
            Some(Title {
                id: c.get(1)?.as_str().trim(),
                text: c.get(2)?.as_str(),
                line: line_of(text, whole.start()),
            })
        }),
        metadata: metadata(text),
        sections: sections(text),
        requirements: subsections(text, SectionName::Requirements, &REQ_ID),
        acceptance_criteria: subsections(text, SectionName::AcceptanceCriteria, &AC_SUBSECTION),
        security_scope: security_entries(text),
    }
}

fn sections(text: &str) -> Vec<Section<'_>> {
    let last_line = line_of(text, text.trim_end_matches('\n').len());
    let mut out: Vec<Section<'_>> = Vec::new();
    for caps in H2_LINE.for_text(text).captures_iter(text) {
        let (Some(whole), Some(heading)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let first_line = line_of(text, whole.start());
        if let Some(prev) = out.last_mut() {
            prev.last_line = first_line.saturating_sub(1).max(prev.first_line);
        }
        out.push(Section {
            heading: heading.as_str(),
            first_line,
            last_line: last_line.max(first_line),
        });
    }
    out
}

fn subsections<'t>(text: &'t str, name: SectionName, pattern: &TextRegex) -> Vec<Subsection<'t>> {
    let Some(range) = find_section(text, name) else {
        return Vec::new();
    };
    let body = &text[range.clone()];
    pattern
        .for_text(body)
        .find_iter(body)
        .filter_map(|m| {
            let heading = m.as_str();
            let id = if name == SectionName::Requirements {
                REQ_ID.for_text(heading).captures(heading)?.get(1)?.as_str()
            } else {
                AC_ID.for_text(heading).find(heading)?.as_str()
            };
            Some(Subsection {
                id,
                line: line_of(text, range.start + m.start()),
            })
        })
        .collect()
}

fn security_entries(text: &str) -> Vec<SecurityEntry<'_>> {
    let Some(range) = find_section(text, SectionName::SecurityScope) else {
        return Vec::new();
    };
    let body = &text[range.clone()];
    SEC_ENTRY
        .for_text(body)
        .captures_iter(body)
        .filter_map(|caps| {
            let check = caps.get(1)?;
            Some(SecurityEntry {
                check: check.as_str(),
                line: line_of(text, range.start + check.start()),
            })
        })
        .collect()
}

/// Every pattern of this module, for tests.
#[cfg(test)]
pub(crate) const ALL_PATTERNS: [&TextRegex; 12] = [
    &REQ_SUBSECTION,
    &REQ_ID,
    &AC_SUBSECTION,
    &AC_ID,
    &RFC2119,
    &SEC_ROW,
    &PIPE_TABLE_ROW,
    &META_HEADER,
    &META_ROW,
    &TITLE,
    &H2_LINE,
    &SEC_ENTRY,
];

#[cfg(test)]
mod tests;
