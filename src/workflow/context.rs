//! The session context document (`docs/product/context.md`):
//! rendering it from the board, the lessons table, the branch list and the agent's
//! continuation notes, and the structure check of `lint-context`. Pure: the
//! caller reads the inputs and writes the result.
//!
//! Deliberate differences from PactKit: stories are counted with the board parser (so
//! compact Done entries count and any id the id grammar accepts is found); a board missing
//! section headers says so instead of reporting zero stories; the Sprint Contract is built
//! for any id in the last command, developer prefix or not; `lint-context` wants the
//! header and section lines as whole lines, not as substrings anywhere.

use crate::workflow::board::{Board, Section};
use crate::workflow::ids;
use regex::Regex;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// Where `pactkit context` writes, relative to the project root.
pub const CONTEXT_PATH: &str = super::schema::CONTEXT_FILE;
/// The lessons table read for Key Decisions, relative to the project root.
pub const LESSONS_PATH: &str = super::schema::LESSONS_FILE;
/// The first line of the document.
pub const HEADER: &str = super::schema::context::HEADER;
/// The seven section headings, in document order.
pub const SECTIONS: [&str; 7] = super::schema::context::SECTIONS;
/// How many completed stories and lessons the document shows.
const RECENT_COMPLETIONS: usize = 3;
const KEY_DECISIONS: usize = 5;

static AC_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, exercised by the unit tests.
    Regex::new(r"(?m)^###[ \t]+(AC\d+:[ \t]*.+?)(?:[ \t]*\(R\d+\))?[ \t]*$")
        .expect("valid built-in regex")
});
static HEADING_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, exercised by the unit tests.
    Regex::new(r"#{1,6}\s+").expect("valid built-in regex")
});

/// What the agent says about the session (`--continuation --last-command …`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Continuation {
    /// The last command, sanitised.
    pub last_command: String,
    /// The phase reached, sanitised.
    pub phase: Option<String>,
    /// Blockers, sanitised.
    pub blockers: Option<String>,
    /// The work item named in the command and its spec's acceptance criteria.
    pub contract: Option<(String, Vec<String>)>,
}

/// Everything the document is made of.
#[derive(Debug, Clone, Default)]
pub struct Inputs<'a> {
    /// `2026-11-23T21:37:46+00:00`.
    pub timestamp: String,
    /// The board's text, if there is a board.
    pub board: Option<&'a str>,
    /// The lessons file's text, if any.
    pub lessons: Option<&'a str>,
    /// `git branch` output, trimmed; `None` when git failed or printed nothing.
    pub branches: Option<String>,
    /// Continuation notes, when asked for.
    pub continuation: Option<Continuation>,
}

/// Keeps the first line of free text and drops Markdown heading markers.
pub fn sanitize(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    HEADING_MARKER.replace_all(first, "").trim().to_owned()
}

/// The first work-item id in a command line (`/project-act STORY-alice-001`).
pub fn item_in(command: &str) -> Option<&str> {
    ids::find_ids(command).into_iter().next()
}

/// The `AC<n>: title` headings of a spec, trailing `(R<n>)` dropped.
pub fn acceptance_criteria(spec: &str) -> Vec<String> {
    AC_HEADING
        .captures_iter(spec)
        .filter_map(|c| c.get(1).map(|m| m.as_str().trim().to_owned()))
        .collect()
}

/// The Lesson column of the lessons table, last [`KEY_DECISIONS`] rows.
pub fn key_decisions(lessons: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in lessons.lines().map(str::trim) {
        if !in_table {
            in_table = line.starts_with('|') && line.contains("Date");
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        if line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
        {
            continue;
        }
        let lesson = line.trim_matches('|').split('|').nth(1).map(str::trim);
        if let Some(lesson) = lesson.filter(|l| !l.is_empty()) {
            rows.push(format!("- {lesson}"));
        }
    }
    let skip = rows.len().saturating_sub(KEY_DECISIONS);
    rows.split_off(skip)
}

/// The whole document.
pub fn render(inputs: &Inputs<'_>) -> String {
    let board = inputs.board.map(Board::parse);
    let bodies = [
        sprint_status(board.as_ref()),
        story_lines(board.as_ref(), Section::InProgress, usize::MAX),
        story_lines(board.as_ref(), Section::Done, RECENT_COMPLETIONS),
        inputs.branches.clone().unwrap_or_else(none),
        or_none(inputs.lessons.map(key_decisions).unwrap_or_default()),
        next_action(board.as_ref()).to_owned(),
        continuation(inputs.continuation.as_ref()),
    ];
    let mut out = format!(
        "{HEADER}\n> Last updated: {} by pactkit context\n",
        inputs.timestamp
    );
    for (heading, body) in SECTIONS.iter().zip(bodies) {
        let _ = write!(out, "\n{heading}\n{body}\n");
    }
    out
}

fn none() -> String {
    "None".to_owned()
}

fn or_none(lines: Vec<String>) -> String {
    if lines.is_empty() {
        none()
    } else {
        lines.join("\n")
    }
}

fn sprint_status(board: Option<&Board>) -> String {
    let Some(board) = board else {
        return "No board found (run `/project-init` to create sprint_board.md)".to_owned();
    };
    let missing = board.missing_sections();
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|s| format!("'{}'", s.header()))
            .collect();
        return format!("Board malformed: missing {}", names.join(", "));
    }
    let [backlog, in_progress, done] = Section::ALL.map(|s| board.in_section(s).count());
    format!("Backlog: {backlog} | In Progress: {in_progress} | Done: {done} stories")
}

fn story_lines(board: Option<&Board>, section: Section, last: usize) -> String {
    let lines: Vec<String> = board
        .map(|b| {
            b.in_section(section)
                .map(|s| format!("- {}: {}", s.id_text, s.title))
                .collect()
        })
        .unwrap_or_default();
    let skip = lines.len().saturating_sub(last);
    or_none(lines[skip..].to_vec())
}

fn next_action(board: Option<&Board>) -> &'static str {
    match board {
        Some(b) if b.in_section(Section::InProgress).next().is_some() => {
            "`/project-act` (stories in progress)"
        }
        Some(b) if b.in_section(Section::Backlog).next().is_some() => "`/project-plan`",
        _ => "`/project-design`",
    }
}

fn continuation(notes: Option<&Continuation>) -> String {
    let Some(notes) = notes else {
        return "No active work session.".to_owned();
    };
    let mut out = format!(
        "Last Command: {}\nPhase Reached: {}",
        notes.last_command,
        notes.phase.as_deref().unwrap_or("unknown")
    );
    if let Some(blockers) = &notes.blockers {
        let _ = write!(out, "\nBlockers: {blockers}");
    }
    if let Some((id, criteria)) = notes.contract.as_ref().filter(|(_, c)| !c.is_empty()) {
        let _ = write!(out, "\n\n### Sprint Contract ({id})");
        for criterion in criteria {
            let _ = write!(out, "\n- [ ] {criterion}");
        }
    }
    out
}

/// `lint-context`: the header and the seven section lines must be present (any order).
pub fn lint(text: &str) -> Vec<String> {
    let has_line = |wanted: &str| text.lines().any(|l| l.trim_end() == wanted);
    let mut errors = Vec::new();
    if !has_line(HEADER) {
        errors.push(format!("Missing header: '{HEADER}'"));
    }
    for section in SECTIONS {
        if !has_line(section) {
            errors.push(format!("Missing section: '{section}'"));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOARD: &str = "# Sprint Board\n\n## 📋 Backlog\n\n### [BUG-alice-002] Crash\n- [ ] Fix\n\n## 🔄 In Progress\n\n### [STORY-alice-001] Login page\n- [x] a\n- [ ] b\n\n## ✅ Done\n\n### STORY-1 One\n- [x] a\n### STORY-2 Two\n- [x] a\n- **STORY-3**: Three\n### STORY-4 Four\n- [x] a\n";

    #[test]
    fn renders_every_section_in_order() {
        let inputs = Inputs {
            timestamp: "2026-11-23T21:37:46+00:00".into(),
            board: Some(BOARD),
            lessons: Some(
                "# Lessons\n\n| Date | Lesson | Context |\n|------|--------|---------|\n| 2026-01-01 | one | x |\n| 2026-01-02 | two | y |\n\nprose | not a row |\n",
            ),
            branches: Some("* main".into()),
            continuation: None,
        };
        let text = render(&inputs);
        assert_eq!(
            text,
            "# Project Context (Auto-generated)\n> Last updated: 2026-11-23T21:37:46+00:00 by pactkit context\n\n## Sprint Status\nBacklog: 1 | In Progress: 1 | Done: 4 stories\n\n## Current Stories\n- STORY-alice-001: Login page\n\n## Recent Completions\n- STORY-2: Two\n- STORY-3: Three\n- STORY-4: Four\n\n## Active Branches\n* main\n\n## Key Decisions\n- one\n- two\n\n## Next Recommended Action\n`/project-act` (stories in progress)\n\n## Agent Continuation\nNo active work session.\n"
        );
        assert!(lint(&text).is_empty());
    }

    #[test]
    fn no_board_and_malformed_board() {
        let text = render(&Inputs::default());
        assert!(text.contains(
            "## Sprint Status\nNo board found (run `/project-init` to create sprint_board.md)\n"
        ));
        assert!(text.contains("## Current Stories\nNone\n\n## Recent Completions\nNone\n\n## Active Branches\nNone\n\n## Key Decisions\nNone\n"));
        assert!(text.contains("`/project-design`"));
        let malformed = render(&Inputs {
            board: Some("## 📋 Backlog\n### STORY-1 A\n- [ ] a\n"),
            ..Inputs::default()
        });
        assert!(malformed.contains("Board malformed: missing '## 🔄 In Progress', '## ✅ Done'"));
        assert!(malformed.contains("`/project-plan`"));
    }

    #[test]
    fn continuation_and_contract() {
        let notes = Continuation {
            last_command: sanitize("## /project-act STORY-alice-001\nsecond line"),
            phase: Some(sanitize("Phase 3")),
            blockers: Some("none".into()),
            contract: Some((
                "STORY-alice-001".into(),
                acceptance_criteria(
                    "## Acceptance Criteria\n### AC1: Sixth attempt rejected (R1)\n###  AC2:Other  \n### R1: no\n",
                ),
            )),
        };
        assert_eq!(notes.last_command, "/project-act STORY-alice-001");
        assert_eq!(item_in(&notes.last_command), Some("STORY-alice-001"));
        assert_eq!(
            continuation(Some(&notes)),
            "Last Command: /project-act STORY-alice-001\nPhase Reached: Phase 3\nBlockers: none\n\n### Sprint Contract (STORY-alice-001)\n- [ ] AC1: Sixth attempt rejected\n- [ ] AC2:Other"
        );
    }

    #[test]
    fn key_decisions_keeps_the_last_five() {
        let mut lessons = String::from("| Date | Lesson | Context |\n|---|---|---|\n");
        for i in 1..=7 {
            lessons.push_str(&format!("| 2026-01-0{i} | l{i} | c |\n"));
        }
        assert_eq!(
            key_decisions(&lessons),
            ["- l3", "- l4", "- l5", "- l6", "- l7"]
        );
        assert!(key_decisions("no table").is_empty());
    }

    #[test]
    fn lint_names_missing_parts() {
        let errors =
            lint("# Project Context (Auto-generated)\n## Sprint Status\n### Current Stories\n");
        assert_eq!(errors.len(), 6);
        assert_eq!(errors[0], "Missing section: '## Current Stories'");
        assert_eq!(
            lint("")[0],
            "Missing header: '# Project Context (Auto-generated)'"
        );
    }
}
