//! Coverage reports and the coverage of changed lines.
//!
//! Readers for LCOV, Cobertura XML, JaCoCo XML, coverage.py JSON and Go cover profiles
//! feed one model: repository file → line → hits. A line is *measured* when a report
//! lists it and *covered* when any report gives it hits > 0 (several reports are united).
//! Report paths are mapped onto repository files by [`paths::PathResolver`]; only the
//! files a caller asks for are kept, so a large report costs little more than reading it.
//! [`diff`] computes diff-cover's changed-line coverage and the verdict on it.

pub mod cobertura;
pub mod diff;
pub mod gocover;
pub mod lcov;
pub mod paths;
pub mod pyjson;
pub mod xml;

use paths::PathResolver;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

/// Hits per 1-based line of one file.
pub type LineHits = HashMap<u32, u64, BuildHasherDefault<LineHasher>>;

/// A hasher for line numbers: one multiplication (Fibonacci hashing). Line numbers are
/// small dense integers from a report, not attacker-chosen keys worth SipHash's cost
/// (which is most of the time spent reading a large report when every file is wanted).
#[derive(Debug, Clone, Copy, Default)]
pub struct LineHasher(u64);

impl Hasher for LineHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A report that cannot be read or trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError {
    /// The report file.
    pub file: PathBuf,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ReportError {}

/// A reader's error before it knows the file name: a byte offset or a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Where {
    /// Byte offset into the report.
    Offset(usize),
    /// 1-based line.
    Line(usize),
    /// The report as a whole.
    Nowhere,
}

/// A problem found by a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where it is.
    pub at: Where,
    /// What is wrong.
    pub message: String,
}

impl ParseError {
    /// A problem at a byte offset.
    pub fn at(offset: usize, message: impl Into<String>) -> Self {
        ParseError {
            at: Where::Offset(offset),
            message: message.into(),
        }
    }

    /// A problem on a line.
    pub fn line(line: usize, message: impl Into<String>) -> Self {
        ParseError {
            at: Where::Line(line),
            message: message.into(),
        }
    }

    fn into_report_error(self, file: &Path, text: &[u8]) -> ReportError {
        let line = match self.at {
            Where::Offset(offset) => Some(line_of_bytes(text, offset)),
            Where::Line(line) => Some(line),
            Where::Nowhere => None,
        };
        ReportError {
            file: file.to_path_buf(),
            line,
            message: self.message,
        }
    }
}

impl From<xml::XmlError> for ParseError {
    fn from(err: xml::XmlError) -> Self {
        ParseError::at(err.offset, err.message)
    }
}

/// The 1-based line holding byte `offset` of `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    line_of_bytes(text.as_bytes(), offset)
}

fn line_of_bytes(text: &[u8], offset: usize) -> usize {
    let end = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text[..end]).count() + 1
}

/// The report formats pactkit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `lcov.info` (`SF:` / `DA:` / `end_of_record`).
    Lcov,
    /// Cobertura XML (`<coverage>`): coverage.py, gcovr, cargo-llvm-cov, coverlet, …
    Cobertura,
    /// JaCoCo XML (`<report>`).
    Jacoco,
    /// coverage.py `coverage json`.
    CoveragePyJson,
    /// Go `-coverprofile` (`mode: …`).
    GoCover,
}

impl Format {
    /// Guesses the format from the first bytes of the report.
    pub fn sniff(text: &[u8]) -> Option<Format> {
        let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
        let head = &text[start..text.len().min(start + 4096)];
        if head.starts_with(b"<") {
            return Some(
                if contains(head, b"<report") && !contains(head, b"<coverage") {
                    Format::Jacoco
                } else {
                    Format::Cobertura
                },
            );
        }
        if head.starts_with(b"{") {
            return Some(Format::CoveragePyJson);
        }
        if head.starts_with(b"mode:") {
            return Some(Format::GoCover);
        }
        let lcov = [b"TN:".as_slice(), b"SF:", b"DA:"]
            .iter()
            .any(|tag| head.starts_with(tag) || contains(head, &[b"\n", *tag].concat()));
        lcov.then_some(Format::Lcov)
    }

    /// A name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Lcov => "LCOV",
            Format::Cobertura => "Cobertura XML",
            Format::Jacoco => "JaCoCo XML",
            Format::CoveragePyJson => "coverage.py JSON",
            Format::GoCover => "Go cover profile",
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// Where readers put what they find: only files the resolver maps to a wanted repository
/// path are kept, united across reports.
#[derive(Debug)]
pub struct Collector<'r> {
    resolver: &'r PathResolver,
    slots: Vec<(String, LineHits, Vec<Span>)>,
    index: HashMap<String, usize>,
}

/// A handle to a kept file in a [`Collector`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(usize);

impl<'r> Collector<'r> {
    /// An empty collection resolving paths with `resolver`.
    pub fn new(resolver: &'r PathResolver) -> Self {
        Collector {
            resolver,
            slots: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The slot for the first candidate path that resolves to a wanted file; `None` tells
    /// the reader to skip the file's records.
    pub fn target<S: AsRef<str>>(&mut self, candidates: &[S]) -> Option<Slot> {
        let repo_path = candidates
            .iter()
            .find_map(|c| self.resolver.resolve(c.as_ref()))?;
        if let Some(&i) = self.index.get(repo_path) {
            return Some(Slot(i));
        }
        self.slots
            .push((repo_path.to_owned(), LineHits::default(), Vec::new()));
        self.index
            .insert(repo_path.to_owned(), self.slots.len() - 1);
        Some(Slot(self.slots.len() - 1))
    }

    /// Records hits on a line; a line already seen keeps the sum (covered if any covers).
    pub fn add(&mut self, slot: Slot, line: u32, hits: u64) {
        let entry = self.slots[slot.0].1.entry(line).or_insert(0);
        *entry = entry.saturating_add(hits);
    }

    /// Records hits on every line of `start..=end` as one span: a block's cost is one
    /// entry whatever lines it claims (a Go profile may say `1.1,4294967295.1`).
    pub fn add_span(&mut self, slot: Slot, start: u32, end: u32, hits: u64) {
        if start <= end {
            self.slots[slot.0].2.push(Span { start, end, hits });
        }
    }

    /// The collected files.
    pub fn finish(self) -> Coverage {
        let mut coverage = Coverage::default();
        for (path, lines, spans) in self.slots {
            if !spans.is_empty() {
                coverage.spans.insert(path.clone(), spans);
            }
            coverage.files.insert(path, lines);
        }
        coverage
    }
}

/// Lines `start..=end` (1-based) with the hits of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First line.
    pub start: u32,
    /// Last line (inclusive).
    pub end: u32,
    /// Hits of the block.
    pub hits: u64,
}

/// United coverage of the wanted files, by repository path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Repository path → line → hits.
    pub files: HashMap<String, LineHits>,
    /// Repository path → blocks kept as line spans (Go profiles), united with `files`.
    pub spans: HashMap<String, Vec<Span>>,
}

impl Coverage {
    /// The hits of each of `lines` (sorted ascending) in `path`: `None` for a line no report
    /// measures; `None` overall when no report names the file. Costs O((lines + spans) log)
    /// whatever the spans claim, so a block over four billion lines is one entry.
    pub fn hits(&self, path: &str, lines: &[u32]) -> Option<Vec<Option<u64>>> {
        let points = self.files.get(path);
        let spans = self.spans.get(path);
        if points.is_none() && spans.is_none() {
            return None;
        }
        let mut out: Vec<Option<u64>> = lines
            .iter()
            .map(|line| points.and_then(|p| p.get(line).copied()))
            .collect();
        if let Some(spans) = spans {
            for (slot, covered) in out.iter_mut().zip(span_hits(spans, lines)) {
                if let Some(hits) = covered {
                    *slot = Some(slot.unwrap_or(0).saturating_add(hits));
                }
            }
        }
        Some(out)
    }
}

/// For each of `lines` (sorted), the summed hits of the spans holding it, by a sweep over
/// the span starts and ends.
fn span_hits(spans: &[Span], lines: &[u32]) -> Vec<Option<u64>> {
    // (line, +1 opens / -1 closes after the line, hits)
    let mut events: Vec<(u64, i8, u64)> = Vec::with_capacity(spans.len() * 2);
    for span in spans {
        events.push((u64::from(span.start), 1, span.hits));
        events.push((u64::from(span.end) + 1, -1, span.hits));
    }
    events.sort_unstable_by_key(|&(at, _, _)| at);
    let (mut open, mut sum, mut next) = (0usize, 0u128, 0usize);
    lines
        .iter()
        .map(|&line| {
            while let Some(&(at, delta, hits)) = events.get(next) {
                if at > u64::from(line) {
                    break;
                }
                if delta > 0 {
                    open += 1;
                    sum += u128::from(hits);
                } else {
                    open -= 1;
                    sum -= u128::from(hits);
                }
                next += 1;
            }
            (open > 0).then(|| u64::try_from(sum).unwrap_or(u64::MAX))
        })
        .collect()
}

/// Parses one report's bytes into `out`.
pub fn parse(format: Format, text: &[u8], out: &mut Collector<'_>) -> Result<(), ParseError> {
    match format {
        Format::Lcov => lcov::parse(text, out),
        Format::Cobertura => cobertura::parse_cobertura(as_utf8(text)?, out),
        Format::Jacoco => cobertura::parse_jacoco(as_utf8(text)?, out),
        Format::CoveragePyJson => pyjson::parse(text, out),
        Format::GoCover => gocover::parse(as_utf8(text)?, out),
    }
}

fn as_utf8(text: &[u8]) -> Result<&str, ParseError> {
    std::str::from_utf8(text)
        .map_err(|e| ParseError::at(e.valid_up_to(), "the report is not valid UTF-8"))
}

/// LCOV reports are read in pieces of about this size, cut after an `end_of_record`.
const LCOV_CHUNK: usize = 4 << 20;

/// Reads and parses one report file into `out`.
///
/// LCOV is streamed in whole-record pieces (a 50 MB report then costs a 4 MB buffer, not
/// 50 MB of fresh pages); the other formats are read whole.
pub fn read_report(path: &Path, out: &mut Collector<'_>) -> Result<Format, ReportError> {
    let io_error = |e: std::io::Error| ReportError {
        file: path.to_path_buf(),
        line: None,
        message: format!("cannot read the report: {e}"),
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let mut text = Vec::with_capacity(LCOV_CHUNK);
    let eof = fill(&mut file, &mut text, LCOV_CHUNK).map_err(io_error)?;
    if text.starts_with(b"\xEF\xBB\xBF") {
        text.drain(..3);
    }
    let Some(format) = Format::sniff(&text) else {
        return Err(ReportError {
            file: path.to_path_buf(),
            line: None,
            message: if text.iter().all(u8::is_ascii_whitespace) {
                "the report is empty".into()
            } else {
                "not a coverage report pactkit reads (LCOV, Cobertura XML, JaCoCo XML, \
                 coverage.py JSON, Go cover profile)"
                    .into()
            },
        });
    };
    let labelled = |mut err: ReportError| {
        err.message = format!("{} report: {}", format.label(), err.message);
        err
    };
    if format == Format::Lcov {
        stream_lcov(&mut file, text, eof, path, out)
            .map_err(labelled)
            .map(|()| format)
    } else {
        std::io::Read::read_to_end(&mut file, &mut text).map_err(io_error)?;
        parse(format, &text, out)
            .map_err(|e| labelled(e.into_report_error(path, &text)))
            .map(|()| format)
    }
}

/// Appends up to `want` bytes; true at the end of the file.
fn fill(file: &mut std::fs::File, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    use std::io::Read;
    let before = buf.len();
    file.by_ref().take(want as u64).read_to_end(buf)?;
    Ok(buf.len() - before < want)
}

/// Parses LCOV piece by piece; each piece ends after an `end_of_record` line, so no record
/// spans two pieces. Line numbers in errors count the pieces before.
fn stream_lcov(
    file: &mut std::fs::File,
    mut buf: Vec<u8>,
    mut eof: bool,
    path: &Path,
    out: &mut Collector<'_>,
) -> Result<(), ReportError> {
    let io_error = |e: std::io::Error| ReportError {
        file: path.to_path_buf(),
        line: None,
        message: format!("cannot read the report: {e}"),
    };
    let mut lines_before = 0usize;
    loop {
        let cut = if eof {
            buf.len()
        } else {
            match last_record_end(&buf) {
                Some(cut) => cut,
                None => {
                    // A record longer than the buffer: read more.
                    eof = fill(file, &mut buf, LCOV_CHUNK).map_err(io_error)?;
                    continue;
                }
            }
        };
        let piece = &buf[..cut];
        lcov::parse(piece, out).map_err(|e| {
            let mut err = e.into_report_error(path, piece);
            err.line = err.line.map(|l| l + lines_before);
            err
        })?;
        if eof {
            return Ok(());
        }
        lines_before += memchr::memchr_iter(b'\n', piece).count();
        buf.drain(..cut);
        eof = fill(file, &mut buf, LCOV_CHUNK).map_err(io_error)?;
    }
}

/// The offset just after the last complete `end_of_record` line (a line of its own: a
/// path or function name holding the word does not end a record).
fn last_record_end(buf: &[u8]) -> Option<usize> {
    let mut end = buf.len();
    while let Some(at) = memchr::memmem::rfind(&buf[..end], b"end_of_record") {
        if lcov::is_end_line(buf, at)
            && let Some(nl) = memchr::memchr(b'\n', &buf[at..])
        {
            return Some(at + nl + 1);
        }
        end = at;
    }
    None
}

/// Reads every report and unites them.
pub fn read_reports(paths: &[PathBuf], resolver: &PathResolver) -> Result<Coverage, ReportError> {
    let mut out = Collector::new(resolver);
    for path in paths {
        read_report(path, &mut out)?;
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn formats_are_sniffed_from_content() {
        assert_eq!(Format::sniff(b"TN:\nSF:a.c\n"), Some(Format::Lcov));
        assert_eq!(Format::sniff(b"SF:a.c\nDA:1,1\n"), Some(Format::Lcov));
        assert_eq!(
            Format::sniff(b"<?xml version=\"1.0\"?>\n<coverage line-rate=\"1\">"),
            Some(Format::Cobertura)
        );
        assert_eq!(
            Format::sniff(b"<?xml version=\"1.0\"?><!DOCTYPE report><report name=\"x\">"),
            Some(Format::Jacoco)
        );
        assert_eq!(
            Format::sniff(b" {\"meta\": {}}"),
            Some(Format::CoveragePyJson)
        );
        assert_eq!(Format::sniff(b"mode: set\n"), Some(Format::GoCover));
        assert_eq!(Format::sniff(b"hello"), None);
        assert_eq!(Format::sniff(b"  \n"), None);
    }

    #[test]
    fn line_numbers_count_newlines_before_the_offset() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
