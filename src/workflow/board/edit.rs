//! Rewrites of the board text (PactKit's `board.py`), by position: a story block is
//! cut out by its parsed span and inserted after the last non-blank line of a section.
//! Every function takes the text and returns a new one, or an error and no text, so a
//! failed command never writes. Lines outside the blocks moved or edited keep their bytes.
//!
//! Deliberate differences from PactKit: task names are matched exactly, by a unique
//! prefix or by number, never "the only unchecked task whatever the name"; ticking a task
//! moves only that story when its section changes (PactKit re-lays out the whole board);
//! `fix` moves only misplaced stories and counts those; every write needs the three
//! section headers.

use super::{Board, Header, Section, Story, Task, lines};
use crate::workflow::ids::WorkItemId;
use std::fmt::Write as _;
use std::ops::Range;

/// Why a board edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoardError {
    /// No story with that id.
    #[error("story {0} is not on the board")]
    StoryNotFound(String),
    /// `add` of an id that is already there.
    #[error("story {id} is already on the board (line {line})")]
    AlreadyOnBoard {
        /// The id.
        id: String,
        /// Where it is.
        line: usize,
    },
    /// Some of the three section headers are missing.
    #[error("missing section header(s): {}", quoted_headers(.0))]
    MissingSections(Vec<Section>),
    /// `update-task` on a story without tasks.
    #[error("story {0} has no tasks")]
    NoTasks(String),
    /// No task matches the name.
    #[error("no task \"{query}\" in {id}; its tasks:{}", numbered(.candidates))]
    UnknownTask {
        /// The story.
        id: String,
        /// The name given.
        query: String,
        /// Every task of the story, with its 1-based number.
        candidates: Vec<(usize, Task)>,
    },
    /// Several tasks start with the name.
    #[error("task \"{query}\" is ambiguous in {id}; it matches:{}", numbered(.candidates))]
    AmbiguousTask {
        /// The story.
        id: String,
        /// The name given.
        query: String,
        /// The tasks it is a prefix of, with their 1-based numbers.
        candidates: Vec<(usize, Task)>,
    },
}

fn quoted_headers(sections: &[Section]) -> String {
    let quoted: Vec<String> = sections
        .iter()
        .map(|s| format!("'{}'", s.header()))
        .collect();
    quoted.join(", ")
}

fn numbered(tasks: &[(usize, Task)]) -> String {
    let mut out = String::new();
    for (number, task) in tasks {
        let mark = if task.done { 'x' } else { ' ' };
        let _ = write!(out, "\n    {number}. [{mark}] {}", task.text);
    }
    out
}

/// What `update-task` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskUpdate {
    /// The task was ticked; the story moved when its section changed.
    Ticked {
        /// The task's text.
        task: String,
        /// The section the story moved to.
        moved_to: Option<Section>,
    },
    /// The task was already ticked; nothing changed.
    AlreadyDone {
        /// The task's text.
        task: String,
    },
    /// The id is a compact Done entry; nothing changed.
    StoryDone,
}

/// Parses and refuses boards without the three section headers.
fn parse_complete(text: &str) -> Result<Board, BoardError> {
    let board = Board::parse(text);
    let missing = board.missing_sections();
    if missing.is_empty() {
        Ok(board)
    } else {
        Err(BoardError::MissingSections(missing))
    }
}

fn find<'b>(board: &'b Board, id: &WorkItemId) -> Result<&'b Story, BoardError> {
    board
        .find(id)
        .ok_or_else(|| BoardError::StoryNotFound(id.to_string()))
}

/// The block `board add` writes: title, spec link, blank line, unticked tasks.
pub fn story_block(id: &str, title: &str, tasks: &[String]) -> String {
    let mut block = format!("### [{id}]");
    if !title.is_empty() {
        let _ = write!(block, " {title}");
    }
    let _ = write!(block, "\n> Spec: docs/specs/{id}.md\n");
    if !tasks.is_empty() {
        block.push('\n');
    }
    for task in tasks {
        let _ = writeln!(block, "- [ ] {task}");
    }
    block
}

/// `board add`: appends a new story at the end of the Backlog.
pub fn add_story(
    text: &str,
    id: &WorkItemId,
    id_text: &str,
    title: &str,
    tasks: &[String],
) -> Result<String, BoardError> {
    let board = parse_complete(text)?;
    if let Some(existing) = board.find(id) {
        return Err(BoardError::AlreadyOnBoard {
            id: existing.id_text.clone(),
            line: existing.line,
        });
    }
    let mut out = text.to_owned();
    insert_at_section_end(
        &mut out,
        &board,
        Section::Backlog,
        &story_block(id_text, title, tasks),
    );
    Ok(out)
}

/// Picks the task `query` names: exact text (case-insensitive, whitespace runs counted as
/// one space), else a 1-based number, else a unique prefix. Returns its index in
/// `story.tasks`; among equal texts, the first unticked one.
pub fn resolve_task(story: &Story, query: &str) -> Result<usize, BoardError> {
    if story.tasks.is_empty() {
        return Err(BoardError::NoTasks(story.id_text.clone()));
    }
    let wanted = normalise(query);
    let exact: Vec<usize> = matching(story, |text| text == wanted);
    if let Some(&first) = exact.first() {
        let open = exact.iter().find(|&&i| !story.tasks[i].done);
        return Ok(*open.unwrap_or(&first));
    }
    if !wanted.is_empty() && wanted.bytes().all(|b| b.is_ascii_digit()) {
        return match wanted.parse::<usize>() {
            Ok(n) if (1..=story.tasks.len()).contains(&n) => Ok(n - 1),
            _ => Err(unknown_task(story, query)),
        };
    }
    let prefixed: Vec<usize> = if wanted.is_empty() {
        Vec::new()
    } else {
        matching(story, |text| text.starts_with(&wanted))
    };
    match prefixed.as_slice() {
        [one] => Ok(*one),
        [] => Err(unknown_task(story, query)),
        many => Err(BoardError::AmbiguousTask {
            id: story.id_text.clone(),
            query: query.trim().to_owned(),
            candidates: many.iter().map(|&i| numbered_task(story, i)).collect(),
        }),
    }
}

fn matching(story: &Story, test: impl Fn(&str) -> bool) -> Vec<usize> {
    (0..story.tasks.len())
        .filter(|&i| test(&normalise(&story.tasks[i].text)))
        .collect()
}

/// Lower case, trimmed, whitespace runs as one space.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn numbered_task(story: &Story, index: usize) -> (usize, Task) {
    (index + 1, story.tasks[index].clone())
}

fn unknown_task(story: &Story, query: &str) -> BoardError {
    BoardError::UnknownTask {
        id: story.id_text.clone(),
        query: query.trim().to_owned(),
        candidates: (0..story.tasks.len())
            .map(|i| numbered_task(story, i))
            .collect(),
    }
}

/// `board update-task`: ticks one task and moves the story if its section changes.
pub fn update_task(
    text: &str,
    id: &WorkItemId,
    query: &str,
) -> Result<(String, TaskUpdate), BoardError> {
    let board = parse_complete(text)?;
    let story = find(&board, id)?;
    if story.compact {
        return Ok((text.to_owned(), TaskUpdate::StoryDone));
    }
    let task = &story.tasks[resolve_task(story, query)?];
    if task.done {
        let update = TaskUpdate::AlreadyDone {
            task: task.text.clone(),
        };
        return Ok((text.to_owned(), update));
    }
    let mut out = text.to_owned();
    out.replace_range(task.mark..task.mark + 1, "x");
    let ticked = Board::parse(&out);
    let moved_to = match ticked.find(id) {
        Some(story) if story.section != Some(story.derived_section()) => {
            let target = story.derived_section();
            out = relocate(&out, story.span.clone(), target);
            Some(target)
        }
        _ => None,
    };
    let update = TaskUpdate::Ticked {
        task: task.text.clone(),
        moved_to,
    };
    Ok((out, update))
}

/// `board move`: puts the story at the end of `target`; `None` when it is already there.
pub fn move_story(
    text: &str,
    id: &WorkItemId,
    target: Section,
) -> Result<Option<String>, BoardError> {
    let board = parse_complete(text)?;
    let story = find(&board, id)?;
    if story.section == Some(target) {
        return Ok(None);
    }
    Ok(Some(relocate(text, story.span.clone(), target)))
}

/// `board fix`: moves every story whose checkboxes call for another section (stories
/// outside the three sections included). Returns the new text and the moves made.
pub fn fix(text: &str) -> Result<(String, Vec<(String, Section)>), BoardError> {
    let board = parse_complete(text)?;
    let mut out = text.to_owned();
    let mut moves = Vec::new();
    // Each pass moves one story into its final section, so this many passes suffice.
    for _ in 0..=board.stories.len() {
        let current = Board::parse(&out);
        let Some(story) = current
            .stories
            .iter()
            .find(|s| s.section != Some(s.derived_section()))
        else {
            break;
        };
        let target = story.derived_section();
        moves.push((story.id_text.clone(), target));
        out = relocate(&out, story.span.clone(), target);
    }
    Ok((out, moves))
}

/// `board archive`: cuts out every story with tasks that are all ticked. Returns the new
/// text and the archived blocks (trimmed), in board order.
pub fn archive(text: &str) -> Result<(String, Vec<String>), BoardError> {
    let board = parse_complete(text)?;
    let done: Vec<&Story> = board
        .stories
        .iter()
        .filter(|s| !s.compact && s.is_complete())
        .collect();
    let blocks = done
        .iter()
        .map(|s| text[s.span.clone()].trim().to_owned())
        .collect();
    let mut out = text.to_owned();
    // Back to front, so the spans still to cut keep their offsets.
    for story in done.iter().rev() {
        remove_block(&mut out, story.span.clone());
    }
    Ok((out, blocks))
}

/// The archive file with `blocks` appended, each as a blank line and the block.
pub fn append_to_archive(archive: &str, blocks: &[String]) -> String {
    let mut out = archive.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for block in blocks {
        let _ = write!(out, "\n{block}\n");
    }
    out
}

/// Cuts the block at `span` and inserts it at the end of `target`.
fn relocate(text: &str, span: Range<usize>, target: Section) -> String {
    let mut block = text[span.clone()].to_owned();
    if !block.ends_with('\n') {
        block.push('\n');
    }
    let mut out = text.to_owned();
    remove_block(&mut out, span);
    let board = Board::parse(&out);
    insert_at_section_end(&mut out, &board, target, &block);
    out
}

/// Removes a block and the blank lines after it; at the end of the text, the blank lines
/// before it too, so the text still ends right after its last content line.
fn remove_block(text: &mut String, span: Range<usize>) {
    let rest = &text[span.end..];
    let blank = lines(rest)
        .take_while(|line| rest[line.start..line.end].trim().is_empty())
        .last()
        .map_or(0, |line| line.next);
    let end = span.end + blank;
    let start = if end >= text.len() {
        after_last_content_line(&text[..span.start])
    } else {
        span.start
    };
    text.replace_range(start..end, "");
}

/// The offset just after the last non-blank line of `prefix` (0 if there is none).
fn after_last_content_line(prefix: &str) -> usize {
    let content = prefix.trim_end().len();
    if content == 0 {
        return 0;
    }
    prefix[content..]
        .find('\n')
        .map_or(prefix.len(), |i| content + i + 1)
}

/// Inserts `block` (ending in `\n`) after the last non-blank line of a section, with one
/// blank line before it and, when a non-blank line follows, one after it.
fn insert_at_section_end(text: &mut String, board: &Board, section: Section, block: &str) {
    let Some(Header { span, .. }) = board.header(section) else {
        return;
    };
    let content = text[span.clone()].trim_end().len();
    let mut at = span.start + content;
    match text[at..].find('\n') {
        Some(i) => at += i + 1,
        None => {
            text.push('\n');
            at = text.len();
        }
    }
    let mut insert = format!("\n{block}");
    let next_line = text[at..].split('\n').next().unwrap_or("");
    if !next_line.trim().is_empty() {
        insert.push('\n');
    }
    text.insert_str(at, &insert);
}
