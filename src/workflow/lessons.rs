//! The lessons table (`docs/architecture/governance/lessons.md`): its model (prose, the
//! `| Date | Lesson | Context |` table, what follows), the
//! append checks (specificity, Jaccard dedup), repair, rotation to monthly archives, and
//! the `lint-lessons` rules.
//!
//! Cells are split on unescaped `|` only: a `\|` inside a lesson is text, so the lessons
//! pactkit writes (which escape `|`) lint clean. Deliberate differences from PactKit:
//! rotation runs after the append and keeps the file at [`MAX_ROWS`] rows (PactKit leaves
//! 51, quirk 11); the new row always starts on its own line (quirk 24); `|` and line breaks
//! in the text and context are escaped / folded; repair keeps prose that followed the
//! table instead of dropping it.

use crate::infra::error::Error;
use crate::workflow::text::TextFile;
use jiff::civil::Date;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The lessons file, relative to the project root.
pub const LESSONS_PATH: &str = crate::workflow::schema::LESSONS_FILE;
/// Where rotated rows go, relative to the project root.
pub const ARCHIVE_DIR: &str = "docs/architecture/governance/archive";
/// The canonical table header.
pub const HEADER: &str = "| Date | Lesson | Context |";
/// The canonical table separator.
pub const SEPARATOR: &str = "|------|--------|---------|";
/// Most lesson rows the file keeps (`LESSONS_MAX_ROWS`).
pub const MAX_ROWS: usize = 50;
/// How many of the latest lessons a new one is compared with.
pub const DEDUP_WINDOW: usize = 5;
/// Jaccard similarity at or above which a lesson is a duplicate.
pub const DEDUP_THRESHOLD: f64 = 0.5;

static SPECIFIC: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, exercised by the unit tests.
    Regex::new(r"\.\w{2,4}\b|\w+\(\)|\w+/\w+|`[^`]+`").expect("valid built-in regex")
});

/// Splits a table line into its cells on unescaped `|`; `None` unless the line (trailing
/// whitespace ignored) starts and ends with an unescaped `|`.
pub fn split_cells(line: &str) -> Option<Vec<&str>> {
    let line = line.trim_end();
    let inner = line.strip_prefix('|')?;
    if inner.is_empty() || !ends_with_pipe(inner) {
        return None;
    }
    let inner = &inner[..inner.len() - 1];
    let mut cells = Vec::with_capacity(3);
    let mut start = 0;
    let bytes = inner.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(inner[start..i].trim());
            start = i + 1;
        }
    }
    cells.push(inner[start..].trim());
    Some(cells)
}

fn ends_with_pipe(text: &str) -> bool {
    text.ends_with('|') && !text.ends_with("\\|")
}

/// Whether a line is a lesson row: a `|` line whose first cell has the `YYYY-MM-DD` shape.
pub fn is_lesson_row(line: &str) -> bool {
    row_date_key(line).is_some()
}

/// `YYYYMM` and `YYYY-MM` of a lesson row's date cell.
fn row_date_key(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('|')?;
    let cell = rest.split('|').next()?.trim();
    let b = cell.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shaped.then(|| {
        (
            format!("{}{}", &cell[..4], &cell[5..7]),
            format!("{}-{}", &cell[..4], &cell[5..7]),
        )
    })
}

fn is_header(line: &str) -> bool {
    split_cells(line).is_some_and(|c| c == ["Date", "Lesson", "Context"])
}

fn is_separator(line: &str) -> bool {
    split_cells(line).is_some_and(|cells| {
        cells.len() == 3
            && cells
                .iter()
                .all(|c| c.contains('-') && c.chars().all(|ch| ch == '-' || ch == ':'))
    })
}

/// Whether a lesson names something concrete: a file extension, a call, a path or code.
pub fn is_specific(text: &str) -> bool {
    SPECIFIC.is_match(text)
}

/// |A∩B| / |A∪B| over lower-cased, whitespace-split words (0 for two empty texts).
pub fn jaccard(a: &str, b: &str) -> f64 {
    let words =
        |s: &str| -> HashSet<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let (a, b) = (words(a), words(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

/// Makes text safe for one table cell: line breaks fold to spaces, `|` is escaped.
pub fn escape_cell(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded.replace('|', "\\|")
}

fn unescape_cell(cell: &str) -> String {
    cell.replace("\\|", "|")
}

/// A lessons file split around its table. Joining `before`, `rows` and `after` with `\n`
/// gives the document back unchanged when it needed no repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonsTable {
    /// Everything up to and including the separator line.
    pub before: Vec<String>,
    /// The `|` lines right after the separator (lesson rows and any other table lines).
    pub rows: Vec<String>,
    /// Everything after the table.
    pub after: Vec<String>,
    /// Whether the header or separator had to be rebuilt.
    pub repaired: bool,
}

impl LessonsTable {
    /// Parses a `\n` text, repairing a missing or misplaced header/separator (the header
    /// must come before every lesson row and be followed by the separator) or lesson rows
    /// stranded after the table.
    pub fn parse(text: &str) -> LessonsTable {
        let lines: Vec<&str> = text.split('\n').collect();
        let header = lines.iter().position(|l| is_header(l));
        let first_row = lines.iter().position(|l| is_lesson_row(l));
        match header {
            Some(h)
                if lines.get(h + 1).is_some_and(|l| is_separator(l))
                    && first_row.is_none_or(|r| r > h) =>
            {
                let end = lines[h + 2..]
                    .iter()
                    .position(|l| !l.starts_with('|'))
                    .map_or(lines.len(), |i| h + 2 + i);
                if lines[end..].iter().any(|l| is_lesson_row(l)) {
                    return Self::rebuild(&lines);
                }
                LessonsTable {
                    before: owned(&lines[..h + 2]),
                    rows: owned(&lines[h + 2..end]),
                    after: owned(&lines[end..]),
                    repaired: false,
                }
            }
            _ => Self::rebuild(&lines),
        }
    }

    /// Prose before the first `|` line, a blank line, the canonical header and separator,
    /// every lesson row in order, then the non-table lines that followed.
    fn rebuild(lines: &[&str]) -> LessonsTable {
        let first_pipe = lines
            .iter()
            .position(|l| l.starts_with('|'))
            .unwrap_or(lines.len());
        let mut before = owned(&lines[..first_pipe]);
        while before.last().is_some_and(|l| l.trim().is_empty()) {
            before.pop();
        }
        if !before.is_empty() {
            before.push(String::new());
        }
        before.extend([HEADER.to_owned(), SEPARATOR.to_owned()]);
        let tail = &lines[first_pipe..];
        let rows = tail
            .iter()
            .filter(|l| is_lesson_row(l))
            .map(|l| (*l).to_owned())
            .collect();
        let mut after: Vec<String> = tail
            .iter()
            .filter(|l| !l.starts_with('|'))
            .skip_while(|l| l.trim().is_empty())
            .map(|l| (*l).to_owned())
            .collect();
        if !after.is_empty() {
            after.insert(0, String::new());
        }
        if after.last().is_none_or(|l| !l.is_empty()) {
            after.push(String::new());
        }
        LessonsTable {
            before,
            rows,
            after,
            repaired: true,
        }
    }

    /// The lesson texts (unescaped) of the last `n` lesson rows, oldest first.
    pub fn recent_lessons(&self, n: usize) -> Vec<String> {
        let texts: Vec<String> = self
            .rows
            .iter()
            .filter(|l| is_lesson_row(l))
            .filter_map(|l| split_cells(l).and_then(|c| c.get(1).map(|t| unescape_cell(t))))
            .collect();
        texts[texts.len().saturating_sub(n)..].to_vec()
    }

    /// Number of lesson rows in the table.
    pub fn lesson_count(&self) -> usize {
        self.rows.iter().filter(|l| is_lesson_row(l)).count()
    }

    /// Appends a row after the last table line.
    pub fn push_row(&mut self, row: String) {
        self.rows.push(row);
    }

    /// Removes the oldest lesson rows beyond `max` and returns them, oldest first.
    pub fn rotate(&mut self, max: usize) -> Vec<String> {
        let mut overflow = self.lesson_count().saturating_sub(max);
        let mut removed = Vec::with_capacity(overflow);
        self.rows.retain(|line| {
            if overflow > 0 && is_lesson_row(line) {
                overflow -= 1;
                removed.push(line.clone());
                false
            } else {
                true
            }
        });
        removed
    }

    /// The document text.
    pub fn render(&self) -> String {
        let all: Vec<&str> = self
            .before
            .iter()
            .chain(&self.rows)
            .chain(&self.after)
            .map(String::as_str)
            .collect();
        all.join("\n")
    }
}

fn owned(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| (*l).to_owned()).collect()
}

/// A lesson to record.
#[derive(Debug, Clone)]
pub struct NewLesson {
    /// The row date (today).
    pub date: Date,
    /// The work item it comes from.
    pub story: String,
    /// The lesson.
    pub text: String,
    /// The context cell; the story id when absent.
    pub context: Option<String>,
}

/// Why a lesson was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// No lessons file.
    NotFound,
    /// No file, call, path or code reference.
    NotSpecific,
    /// Too similar to one of the latest lessons.
    Duplicate,
}

impl SkipReason {
    /// PactKit's reason string.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::NotFound => "lessons.md not found",
            SkipReason::NotSpecific => "not specific enough — no file/function reference",
            SkipReason::Duplicate => "duplicate of recent entry",
        }
    }
}

/// What `append` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppendOutcome {
    /// The row was written.
    Appended {
        /// Rows moved to archives.
        rotated: usize,
        /// The archive files written, in month order.
        archives: Vec<PathBuf>,
        /// Whether the table header had to be rebuilt.
        repaired: bool,
    },
    /// Nothing was written.
    Skipped(SkipReason),
}

/// Decides whether `lesson` may be added to a table, before anything is written.
pub fn check(table: &LessonsTable, text: &str) -> Option<SkipReason> {
    if !is_specific(text) {
        return Some(SkipReason::NotSpecific);
    }
    let duplicate = table
        .recent_lessons(DEDUP_WINDOW)
        .iter()
        .any(|old| jaccard(old, text) >= DEDUP_THRESHOLD);
    duplicate.then_some(SkipReason::Duplicate)
}

/// The row `append` writes.
pub fn format_row(lesson: &NewLesson) -> String {
    let context = lesson.context.as_deref().unwrap_or(&lesson.story);
    format!(
        "| {} | {} | {} |",
        lesson.date,
        escape_cell(&lesson.text),
        escape_cell(context)
    )
}

/// Records a lesson under `root`: checks, repairs, appends, rotates overflow into the
/// monthly archives (written before the lessons file, so a failure loses no row).
pub fn append(root: &Path, lesson: &NewLesson) -> Result<AppendOutcome, Error> {
    let Some(mut file) = TextFile::read_optional(&root.join(LESSONS_PATH))? else {
        return Ok(AppendOutcome::Skipped(SkipReason::NotFound));
    };
    let mut table = LessonsTable::parse(&file.text);
    if let Some(reason) = check(&table, &lesson.text) {
        return Ok(AppendOutcome::Skipped(reason));
    }
    table.push_row(format_row(lesson));
    let removed = table.rotate(MAX_ROWS);
    let archives = write_archives(root, &removed)?;
    file.text = table.render();
    file.write()?;
    Ok(AppendOutcome::Appended {
        rotated: removed.len(),
        archives,
        repaired: table.repaired,
    })
}

/// Appends rows to `lessons_archive_YYYYMM.md` by their own month, creating files with
/// their title and table header.
fn write_archives(root: &Path, rows: &[String]) -> Result<Vec<PathBuf>, Error> {
    let mut by_month: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    for row in rows {
        if let Some(key) = row_date_key(row) {
            by_month.entry(key).or_default().push(row);
        }
    }
    let mut written = Vec::with_capacity(by_month.len());
    for ((key, label), rows) in by_month {
        let rel = Path::new(ARCHIVE_DIR).join(format!("lessons_archive_{key}.md"));
        let path = root.join(&rel);
        let mut file = TextFile::read_optional(&path)?.unwrap_or_else(|| {
            TextFile::new(
                &path,
                format!("# Lessons Archive ({label})\n\n{HEADER}\n{SEPARATOR}\n"),
            )
        });
        if !file.text.is_empty() && !file.text.ends_with('\n') {
            file.text.push('\n');
        }
        for row in rows {
            file.text.push_str(row);
            file.text.push('\n');
        }
        file.final_newline = true;
        file.write()?;
        written.push(rel);
    }
    Ok(written)
}

/// One `lint-lessons` finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LintError {
    /// 1-based line, when the finding is about one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// PactKit's message.
    pub message: String,
}

fn error(line: Option<usize>, message: String) -> LintError {
    LintError { line, message }
}

/// The `lint-lessons` rules: header, separator, three cells per table line, row count.
pub fn lint(text: &str) -> Vec<LintError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut errors = Vec::new();
    if !lines.iter().any(|l| is_header(l)) {
        errors.push(error(None, format!("Missing table header: '{HEADER}'")));
    }
    match lines.iter().position(|l| is_separator(l)) {
        None => errors.push(error(
            None,
            format!("Missing table separator: '{SEPARATOR}'"),
        )),
        Some(sep) => check_columns(&lines, sep, &mut errors),
    }
    let rows = lines.iter().filter(|l| is_lesson_row(l)).count();
    if rows > MAX_ROWS {
        errors.push(error(
            None,
            format!("Row count ({rows}) exceeds max ({MAX_ROWS}) — consider running rotation"),
        ));
    }
    errors
}

fn check_columns(lines: &[&str], sep: usize, errors: &mut Vec<LintError>) {
    for (i, line) in lines.iter().enumerate().skip(sep + 1) {
        if !line.starts_with('|') {
            break;
        }
        let n = i + 1;
        match split_cells(line) {
            Some(cells) if cells.len() == 3 => {}
            Some(cells) => errors.push(error(
                Some(n),
                format!("Line {n}: expected 3 columns but found {}", cells.len()),
            )),
            None => errors.push(error(
                Some(n),
                format!("Line {n}: row does not end with '|'"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rows: usize) -> String {
        let mut text = format!("# Lessons Learned\n\n{HEADER}\n{SEPARATOR}\n");
        for i in 0..rows {
            text.push_str(&format!(
                "| 2026-01-{:02} | lesson number{i} in a.rs | c |\n",
                i % 28 + 1
            ));
        }
        text
    }

    #[test]
    fn cells_split_on_unescaped_pipes_only() {
        assert_eq!(
            split_cells("| a | b \\| c | d |"),
            Some(vec!["a", "b \\| c", "d"])
        );
        assert_eq!(split_cells("| a | b"), None);
        assert_eq!(split_cells("| a |  "), Some(vec!["a"]));
        assert_eq!(split_cells("a | b |"), None);
    }

    #[test]
    fn specificity_needs_a_concrete_reference() {
        for ok in [
            "see board.py",
            "call parse()",
            "in src/docs",
            "use `x`",
            "python 3.14",
        ] {
            assert!(is_specific(ok), "{ok}");
        }
        for bad in ["be careful", "tests matter.", "a.b"] {
            assert!(!is_specific(bad), "{bad}");
        }
    }

    #[test]
    fn jaccard_is_word_set_overlap() {
        assert!((jaccard("a b c d", "A b c e") - 0.6).abs() < 1e-9);
        assert!(jaccard("x y", "z w") < f64::EPSILON);
    }

    #[test]
    fn well_formed_documents_round_trip() {
        for text in [
            doc(3),
            doc(0),
            format!("{}\nAfter.\n", doc(2)),
            doc(1).trim_end().to_owned(),
        ] {
            let table = LessonsTable::parse(&text);
            assert!(!table.repaired, "{text}");
            assert_eq!(table.render(), text);
        }
    }

    #[test]
    fn repair_rebuilds_header_and_keeps_rows_and_prose() {
        let text = "# Lessons\n| 2026-01-01 | a.rs | c |\n| junk |\nNotes after.\n";
        let table = LessonsTable::parse(text);
        assert!(table.repaired);
        assert_eq!(
            table.render(),
            format!(
                "# Lessons\n\n{HEADER}\n{SEPARATOR}\n| 2026-01-01 | a.rs | c |\n\nNotes after.\n"
            )
        );
    }

    #[test]
    fn rows_after_the_table_are_gathered_into_it() {
        let text = format!(
            "{HEADER}\n{SEPARATOR}\n| 2026-01-01 | a.rs | c |\n\nNote.\n| 2026-01-02 | b.rs | c |\n"
        );
        let table = LessonsTable::parse(&text);
        assert!(table.repaired);
        assert_eq!(table.lesson_count(), 2);
        assert_eq!(
            table.render(),
            format!(
                "{HEADER}\n{SEPARATOR}\n| 2026-01-01 | a.rs | c |\n| 2026-01-02 | b.rs | c |\n\nNote.\n"
            )
        );
    }

    #[test]
    fn rotation_keeps_the_newest_rows() {
        let mut table = LessonsTable::parse(&doc(50));
        table.push_row("| 2026-02-01 | new.rs | c |".into());
        let removed = table.rotate(MAX_ROWS);
        assert_eq!(removed.len(), 1);
        assert!(removed[0].contains("number0 "));
        assert_eq!(table.lesson_count(), 50);
        assert!(table.render().contains("new.rs"));
    }

    #[test]
    fn duplicates_are_checked_against_the_last_five() {
        let table = LessonsTable::parse(&doc(6));
        assert_eq!(
            check(&table, "lesson number5 in a.rs"),
            Some(SkipReason::Duplicate)
        );
        assert_eq!(check(&table, "totally other words for b.rs"), None);
        assert_eq!(check(&table, "vague"), Some(SkipReason::NotSpecific));
    }

    #[test]
    fn rows_escape_pipes_and_fold_newlines() {
        let lesson = NewLesson {
            date: jiff::civil::date(2026, 1, 2),
            story: "STORY-001".into(),
            text: "a | b\nin x.rs".into(),
            context: None,
        };
        let row = format_row(&lesson);
        assert_eq!(row, "| 2026-01-02 | a \\| b in x.rs | STORY-001 |");
        assert!(lint(&format!("{HEADER}\n{SEPARATOR}\n{row}\n")).is_empty());
    }

    #[test]
    fn lint_reports_columns_and_row_count() {
        let text = format!("{HEADER}\n{SEPARATOR}\n| 2026-01-01 | a | b | c |\n| x |\n");
        let messages: Vec<String> = lint(&text).into_iter().map(|e| e.message).collect();
        assert_eq!(
            messages,
            [
                "Line 3: expected 3 columns but found 4",
                "Line 4: expected 3 columns but found 1"
            ]
        );
        let many = lint(&doc(51));
        assert_eq!(many.len(), 1);
        assert!(
            many[0]
                .message
                .starts_with("Row count (51) exceeds max (50)")
        );
        assert_eq!(lint("# nothing\n").len(), 2);
    }
}
