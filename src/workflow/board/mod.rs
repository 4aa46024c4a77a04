//! The sprint board (`docs/product/sprint_board.md`) and its archives:
//! a line-numbered parse into section headers, story blocks and tasks, the
//! queries the commands and the spec gate ask (find a story, is it complete), and in
//! [`edit`] the position-based rewrites. Nothing here touches the file system.
//!
//! Work-item ids are recognised only through [`crate::workflow::ids`]. A story block is a title
//! line (`### [ID] Title`; `####`, no brackets and `ID:` are accepted too) up to the next
//! title, compact entry or heading; its span ends after its last non-blank line. A
//! compact Done entry (`- **ID**: Title`) is a one-line story that counts as complete.

pub mod edit;
pub mod store;

use crate::workflow::ids::{WorkItemId, id_regex};
use serde::Serialize;
use std::ops::Range;

/// Where the board lives, relative to the project root.
pub const BOARD_PATH: &str = crate::workflow::schema::BOARD_FILE;
/// Where `board archive` appends completed stories, relative to the project root.
pub const ARCHIVE_DIR: &str = crate::workflow::schema::ARCHIVE_DIR;
/// The board `scaffold.py create_board` writes.
pub const FRESH_BOARD: &str =
    "# Sprint Board\n\n## 📋 Backlog\n\n\n## 🔄 In Progress\n\n\n## ✅ Done\n";

/// Where the architecture graphs are, relative to the project root.
pub const GRAPHS_DIR: &str = crate::workflow::schema::GRAPHS_DIR;
/// Where `board snapshot` copies them.
pub const SNAPSHOTS_DIR: &str = "docs/architecture/snapshots";
/// The graphs a snapshot copies, as `<VERSION>_<name>`.
pub const GRAPHS: [&str; 4] = [
    "code_graph.mmd",
    "class_graph.mmd",
    "call_graph.mmd",
    "module_graph.mmd",
];

/// Whether `version` can name a snapshot file: letters, digits, `.`, `-`, `_`, `+`, not
/// starting with `.` (so no path separators and no `..`).
pub fn is_snapshot_version(version: &str) -> bool {
    !version.is_empty()
        && !version.starts_with('.')
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
}

/// One of the three board sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// `## 📋 Backlog`: no task ticked (or no tasks).
    Backlog,
    /// `## 🔄 In Progress`: some tasks ticked.
    InProgress,
    /// `## ✅ Done`: every task ticked.
    Done,
}

impl Section {
    /// The sections in board order.
    pub const ALL: [Section; 3] = [Section::Backlog, Section::InProgress, Section::Done];

    /// The header line, emoji included (matched literally).
    pub fn header(self) -> &'static str {
        match self {
            Section::Backlog => "## 📋 Backlog",
            Section::InProgress => "## 🔄 In Progress",
            Section::Done => "## ✅ Done",
        }
    }

    /// PactKit's name on the command line and in messages: `backlog`, `in_progress`, `done`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Backlog => "backlog",
            Section::InProgress => "in_progress",
            Section::Done => "done",
        }
    }

    /// The status word of `board list`: `BACKLOG`, `IN_PROGRESS`, `DONE`.
    pub fn status(self) -> &'static str {
        match self {
            Section::Backlog => "BACKLOG",
            Section::InProgress => "IN_PROGRESS",
            Section::Done => "DONE",
        }
    }

    fn from_header_line(line: &str) -> Option<Section> {
        let line = line.trim_end();
        Section::ALL.into_iter().find(|s| s.header() == line)
    }
}

/// A section header and the byte range of its section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Which section.
    pub section: Section,
    /// 1-based line of the header.
    pub line: usize,
    /// From the header line's start to the next `#`/`##` heading or the end of the text.
    pub span: Range<usize>,
}

/// A checkbox task of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// 1-based line.
    pub line: usize,
    /// Ticked (`- [x]`, `- [X]`).
    pub done: bool,
    /// The task text, trimmed.
    pub text: String,
    /// Byte offset of the character between the brackets.
    #[serde(skip)]
    pub mark: usize,
}

/// A story block (or a compact Done entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// The parsed id.
    pub id: WorkItemId,
    /// The id as written on the board.
    pub id_text: String,
    /// The title after the id.
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    /// The `> Spec:` value, if any.
    pub spec: Option<String>,
    /// The checkbox tasks, in order.
    pub tasks: Vec<Task>,
    /// A compact `- **ID**: Title` entry: no tasks, counts as done.
    pub compact: bool,
    /// The section the block sits in; `None` before the first header or under another `##`.
    pub section: Option<Section>,
    /// From the title line's start to the end of its last non-blank line (its `\n` included).
    pub span: Range<usize>,
}

impl Story {
    /// How many tasks are ticked.
    pub fn done_count(&self) -> usize {
        self.tasks.iter().filter(|t| t.done).count()
    }

    /// Whether the story is finished: a compact entry, or tasks that are all ticked.
    /// A story without tasks is never complete (as PactKit: it stays in the backlog).
    pub fn is_complete(&self) -> bool {
        self.compact || (!self.tasks.is_empty() && self.tasks.iter().all(|t| t.done))
    }

    /// The section the checkboxes call for: nothing ticked → Backlog, everything → Done.
    pub fn derived_section(&self) -> Section {
        if self.is_complete() {
            Section::Done
        } else if self.done_count() == 0 {
            Section::Backlog
        } else {
            Section::InProgress
        }
    }
}

/// A parsed board or archive file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Board {
    /// The section headers found, in file order.
    pub headers: Vec<Header>,
    /// The stories, in file order.
    pub stories: Vec<Story>,
}

impl Board {
    /// Parses `text` (`\n` line endings, as [`crate::workflow::text::TextFile::text`]).
    pub fn parse(text: &str) -> Board {
        Parser::default().run(text)
    }

    /// The first story with this id (ids compare by value: `STORY-1` is `STORY-001`).
    pub fn find(&self, id: &WorkItemId) -> Option<&Story> {
        self.stories.iter().find(|s| &s.id == id)
    }

    /// The header of a section, if present.
    pub fn header(&self, section: Section) -> Option<&Header> {
        self.headers.iter().find(|h| h.section == section)
    }

    /// The section headers the board lacks, in board order.
    pub fn missing_sections(&self) -> Vec<Section> {
        Section::ALL
            .into_iter()
            .filter(|s| self.header(*s).is_none())
            .collect()
    }

    /// The stories sitting in a section, in file order.
    pub fn in_section(&self, section: Section) -> impl Iterator<Item = &Story> {
        self.stories
            .iter()
            .filter(move |s| s.section == Some(section))
    }
}

/// Whether the story `id` is on the board with every task ticked (the spec gate's test):
/// `None` when the story is not on the board.
pub fn story_complete(text: &str, id: &WorkItemId) -> Option<bool> {
    Board::parse(text).find(id).map(Story::is_complete)
}

/// A line of the text: its byte range without the `\n`, and where the next line starts.
#[derive(Debug, Clone, Copy)]
struct LineAt {
    number: usize,
    start: usize,
    end: usize,
    next: usize,
}

fn lines(text: &str) -> impl Iterator<Item = LineAt> + '_ {
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        number += 1;
        let (end, next) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (text.len(), text.len()),
        };
        let line = LineAt {
            number,
            start,
            end,
            next,
        };
        start = next;
        Some(line)
    })
}

/// What one line of a board is.
#[derive(Debug)]
enum LineKind {
    /// `#` or `##`: ends sections and blocks.
    SectionBreak(Option<Section>),
    /// A story title.
    Title(Heading),
    /// A compact Done entry.
    Compact(Heading),
    /// `###`/`####` that is not a story: ends the block.
    OtherHeading,
    /// `- [ ]` / `- [x]`: (ticked, offset of the mark in the line, text).
    Task(bool, usize, String),
    /// `> Spec: …`
    Spec(String),
    /// Anything else.
    Other,
}

/// An id and the title after it.
#[derive(Debug)]
struct Heading {
    id: WorkItemId,
    id_text: String,
    title: String,
}

fn classify(line: &str) -> LineKind {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes > 0 {
        let rest = &line[hashes..];
        let spaced = rest.is_empty() || rest.starts_with([' ', '\t']);
        return match hashes {
            1 | 2 if spaced => LineKind::SectionBreak(Section::from_header_line(line)),
            3 | 4 if spaced => parse_heading(rest).map_or(LineKind::OtherHeading, LineKind::Title),
            _ => LineKind::Other,
        };
    }
    let indent = line.len() - line.trim_start().len();
    let body = &line[indent..];
    if let Some(heading) = body.strip_prefix("- **").and_then(parse_compact) {
        return LineKind::Compact(heading);
    }
    if let Some((done, text)) = parse_task(body) {
        return LineKind::Task(done, indent + 3, text);
    }
    if let Some(spec) = body.strip_prefix("> Spec:") {
        return LineKind::Spec(spec.trim().to_owned());
    }
    LineKind::Other
}

/// An id at the very start of `text`: the id and what follows it.
fn leading_id(text: &str) -> Option<(WorkItemId, &str, &str)> {
    let found = id_regex().find(text).filter(|m| m.start() == 0)?;
    let id = WorkItemId::parse(found.as_str())?;
    Some((id, found.as_str(), &text[found.end()..]))
}

/// After `###`/`####`: whitespace, `[`?, id, `]`?, `:`?, title.
fn parse_heading(rest: &str) -> Option<Heading> {
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let (id, id_text, tail) = leading_id(rest)?;
    let tail = tail.strip_prefix(']').unwrap_or(tail);
    let tail = tail.strip_prefix(':').unwrap_or(tail);
    if !(tail.is_empty() || tail.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(Heading {
        id,
        id_text: id_text.to_owned(),
        title: tail.trim().to_owned(),
    })
}

/// After `- **`: id, `**`, `:`?, title (PactKit's compact Done form).
fn parse_compact(rest: &str) -> Option<Heading> {
    let (id, id_text, tail) = leading_id(rest)?;
    let tail = tail.strip_prefix("**")?;
    let tail = tail.strip_prefix(':').unwrap_or(tail);
    Some(Heading {
        id,
        id_text: id_text.to_owned(),
        title: tail.trim().to_owned(),
    })
}

/// `- [ ] text` / `- [x] text` (the mark may be `X`); the text may be empty.
fn parse_task(body: &str) -> Option<(bool, String)> {
    let rest = body.strip_prefix("- [")?;
    let mut chars = rest.chars();
    let done = match chars.next()? {
        ' ' => false,
        'x' | 'X' => true,
        _ => return None,
    };
    let tail = chars.as_str().strip_prefix(']')?;
    if !(tail.is_empty() || tail.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((done, tail.trim().to_owned()))
}

/// The one-pass parser state.
#[derive(Debug, Default)]
struct Parser {
    board: Board,
    /// The open section: its header index.
    section: Option<usize>,
    /// The story being read.
    open: Option<Story>,
}

impl Parser {
    fn run(mut self, text: &str) -> Board {
        for line in lines(text) {
            self.line(line, &text[line.start..line.end]);
        }
        self.close_story();
        self.close_section(text.len());
        self.board
    }

    fn line(&mut self, at: LineAt, content: &str) {
        match classify(content) {
            LineKind::SectionBreak(section) => {
                self.close_story();
                self.close_section(at.start);
                if let Some(section) = section {
                    self.section = Some(self.board.headers.len());
                    self.board.headers.push(Header {
                        section,
                        line: at.number,
                        span: at.start..at.start,
                    });
                }
            }
            LineKind::Title(heading) => {
                self.close_story();
                self.open = Some(self.story(heading, at, false));
            }
            LineKind::Compact(heading) => {
                self.close_story();
                let story = self.story(heading, at, true);
                self.board.stories.push(story);
            }
            LineKind::OtherHeading => self.close_story(),
            LineKind::Task(done, offset, text) => self.in_story(at, |story| {
                story.tasks.push(Task {
                    line: at.number,
                    done,
                    text,
                    mark: at.start + offset,
                });
            }),
            LineKind::Spec(spec) => self.in_story(at, |story| {
                story.spec.get_or_insert(spec);
            }),
            LineKind::Other if content.trim().is_empty() => {}
            LineKind::Other => self.in_story(at, |_| {}),
        }
    }

    fn story(&self, heading: Heading, at: LineAt, compact: bool) -> Story {
        Story {
            id: heading.id,
            id_text: heading.id_text,
            title: heading.title,
            line: at.number,
            spec: None,
            tasks: Vec::new(),
            compact,
            section: self.section.map(|i| self.board.headers[i].section),
            span: at.start..at.next,
        }
    }

    /// Applies `f` to the open story and extends its span over this (non-blank) line.
    fn in_story(&mut self, at: LineAt, f: impl FnOnce(&mut Story)) {
        if let Some(story) = self.open.as_mut() {
            f(story);
            story.span.end = at.next;
        }
    }

    fn close_story(&mut self) {
        if let Some(story) = self.open.take() {
            self.board.stories.push(story);
        }
    }

    fn close_section(&mut self, end: usize) {
        if let Some(i) = self.section.take() {
            let header = &mut self.board.headers[i];
            header.span.end = end;
        }
    }
}

#[cfg(test)]
mod tests;
