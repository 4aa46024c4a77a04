//! Unit tests of the board parser and its position-based edits.

use super::edit::{self, BoardError, TaskUpdate};
use super::*;

const BOARD: &str = "# Sprint Board

## 📋 Backlog

### [BUG-alice-002] Crash on save
> Spec: docs/specs/BUG-alice-002.md

- [ ] Fix

## 🔄 In Progress

### [STORY-alice-001] Login page
> Spec: docs/specs/STORY-alice-001.md

- [x] Write tests
- [ ] Implement
- [ ] Docs

## ✅ Done

- **STORY-alice-000**: Bootstrap [P1]
";

fn id(text: &str) -> WorkItemId {
    WorkItemId::parse(text).expect("valid id")
}

#[test]
fn parses_headers_stories_tasks_and_lines() {
    let board = Board::parse(BOARD);
    assert!(board.missing_sections().is_empty());
    let lines: Vec<(Section, usize)> = board.headers.iter().map(|h| (h.section, h.line)).collect();
    assert_eq!(
        lines,
        [
            (Section::Backlog, 3),
            (Section::InProgress, 10),
            (Section::Done, 19)
        ]
    );
    let bug = board.find(&id("BUG-alice-002")).expect("bug");
    assert_eq!((bug.line, bug.title.as_str()), (5, "Crash on save"));
    assert_eq!(bug.spec.as_deref(), Some("docs/specs/BUG-alice-002.md"));
    assert_eq!(bug.section, Some(Section::Backlog));
    assert_eq!(
        &BOARD[bug.span.clone()],
        "### [BUG-alice-002] Crash on save\n> Spec: docs/specs/BUG-alice-002.md\n\n- [ ] Fix\n"
    );
    let story = board.find(&id("STORY-alice-001")).expect("story");
    let tasks: Vec<(usize, bool, &str)> = story
        .tasks
        .iter()
        .map(|t| (t.line, t.done, t.text.as_str()))
        .collect();
    assert_eq!(
        tasks,
        [
            (15, true, "Write tests"),
            (16, false, "Implement"),
            (17, false, "Docs")
        ]
    );
    assert_eq!(story.derived_section(), Section::InProgress);
    let compact = board.find(&id("STORY-alice-000")).expect("compact");
    assert!(compact.compact && compact.is_complete());
    assert_eq!(
        (compact.line, compact.title.as_str()),
        (21, "Bootstrap [P1]")
    );
}

#[test]
fn accepts_title_variants_through_the_id_grammar() {
    let text = "#### STORY-7: Four hashes\n### BUG-bob-01-003 Digits in the developer\n###  [HOTFIX-x1-9]   Spaced\n### Notes\n### STORY-12abc not an id\n";
    let board = Board::parse(text);
    let found: Vec<(String, &str)> = board
        .stories
        .iter()
        .map(|s| (s.id.to_string(), s.title.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("STORY-007".to_owned(), "Four hashes"),
            ("BUG-bob-01-003".to_owned(), "Digits in the developer"),
            ("HOTFIX-x1-009".to_owned(), "Spaced"),
        ]
    );
    assert_eq!(
        board.find(&id("STORY-007")).map(|s| s.id_text.as_str()),
        Some("STORY-7")
    );
}

#[test]
fn blocks_end_at_any_heading_and_skip_trailing_blank_lines() {
    let text = "### STORY-1 A\n- [x] a\n\n\n### Notes\n- [ ] not a task of STORY-1\n## Other\n";
    let board = Board::parse(text);
    let story = &board.stories[0];
    assert_eq!(&text[story.span.clone()], "### STORY-1 A\n- [x] a\n");
    assert_eq!(story.tasks.len(), 1);
    assert!(story.is_complete());
    assert_eq!(story.section, None);
}

#[test]
fn story_without_tasks_is_backlog_and_never_complete() {
    let board = Board::parse("### STORY-1 Empty\n> Spec: x\n");
    let story = &board.stories[0];
    assert!(!story.is_complete());
    assert_eq!(story.derived_section(), Section::Backlog);
    assert_eq!(
        story_complete("### STORY-1 A\n- [X] done\n", &id("STORY-001")),
        Some(true)
    );
    assert_eq!(
        story_complete("### STORY-1 A\n- [ ] open\n", &id("STORY-1")),
        Some(false)
    );
    assert_eq!(story_complete("### STORY-1 A\n", &id("STORY-2")), None);
}

#[test]
fn add_inserts_at_the_end_of_the_backlog() {
    let text = edit::add_story(
        FRESH_BOARD,
        &id("STORY-1"),
        "STORY-1",
        "First",
        &["a".into(), "b".into()],
    )
    .expect("added");
    let text =
        edit::add_story(&text, &id("BUG-2"), "BUG-2", "Second", &["c".into()]).expect("added");
    assert_eq!(
        text,
        "# Sprint Board\n\n## 📋 Backlog\n\n### [STORY-1] First\n> Spec: docs/specs/STORY-1.md\n\n- [ ] a\n- [ ] b\n\n### [BUG-2] Second\n> Spec: docs/specs/BUG-2.md\n\n- [ ] c\n\n\n## 🔄 In Progress\n\n\n## ✅ Done\n"
    );
    let err = edit::add_story(&text, &id("STORY-001"), "STORY-001", "Again", &[]).expect_err("dup");
    assert_eq!(
        err,
        BoardError::AlreadyOnBoard {
            id: "STORY-1".into(),
            line: 5
        }
    );
}

#[test]
fn writes_need_all_three_headers() {
    let err = edit::add_story(
        "# Board\n## 📋 Backlog\n",
        &id("STORY-1"),
        "STORY-1",
        "x",
        &[],
    )
    .expect_err("missing");
    assert_eq!(
        err,
        BoardError::MissingSections(vec![Section::InProgress, Section::Done])
    );
    assert!(
        err.to_string()
            .contains("'## 🔄 In Progress', '## ✅ Done'")
    );
}

#[test]
fn task_names_match_exactly_by_number_or_unique_prefix() {
    let board = Board::parse(
        "### STORY-1 A\n- [ ] Write tests\n- [ ] Write docs\n- [x] Implement\n- [ ] 2\n",
    );
    let story = &board.stories[0];
    assert_eq!(edit::resolve_task(story, "  write \t TESTS "), Ok(0));
    assert_eq!(edit::resolve_task(story, "impl"), Ok(2));
    assert_eq!(
        edit::resolve_task(story, "2"),
        Ok(3),
        "exact text beats the number"
    );
    assert_eq!(edit::resolve_task(story, "3"), Ok(2));
    let ambiguous = edit::resolve_task(story, "Write").expect_err("ambiguous");
    assert!(
        matches!(&ambiguous, BoardError::AmbiguousTask { candidates, .. } if candidates.len() == 2)
    );
    assert!(
        ambiguous
            .to_string()
            .contains("1. [ ] Write tests\n    2. [ ] Write docs"),
        "{ambiguous}"
    );
    for query in ["zzz", "9", "0", "", "tests"] {
        let err = edit::resolve_task(story, query).expect_err(query);
        assert!(
            matches!(&err, BoardError::UnknownTask { candidates, .. } if candidates.len() == 4),
            "{query}"
        );
    }
}

#[test]
fn the_only_open_task_is_not_ticked_by_any_name() {
    let text = "## 📋 Backlog\n## 🔄 In Progress\n### STORY-1 A\n- [x] a\n- [ ] b\n## ✅ Done\n";
    let err = edit::update_task(text, &id("STORY-1"), "zzz").expect_err("unknown");
    assert!(
        err.to_string().contains("no task \"zzz\" in STORY-1"),
        "{err}"
    );
}

#[test]
fn ticking_moves_the_story_when_its_section_changes() {
    let (text, update) = edit::update_task(BOARD, &id("BUG-alice-002"), "fix").expect("ticked");
    assert_eq!(
        update,
        TaskUpdate::Ticked {
            task: "Fix".into(),
            moved_to: Some(Section::Done)
        }
    );
    assert_eq!(
        text,
        BOARD.replace(
            "## 📋 Backlog\n\n### [BUG-alice-002] Crash on save\n> Spec: docs/specs/BUG-alice-002.md\n\n- [ ] Fix\n\n",
            "## 📋 Backlog\n\n"
        ) + "\n### [BUG-alice-002] Crash on save\n> Spec: docs/specs/BUG-alice-002.md\n\n- [x] Fix\n"
    );
    let (same, update) =
        edit::update_task(BOARD, &id("STORY-alice-001"), "write tests").expect("noop");
    assert_eq!(
        update,
        TaskUpdate::AlreadyDone {
            task: "Write tests".into()
        }
    );
    assert_eq!(same, BOARD);
    let (ticked, update) = edit::update_task(BOARD, &id("STORY-alice-001"), "2").expect("ticked");
    assert_eq!(
        update,
        TaskUpdate::Ticked {
            task: "Implement".into(),
            moved_to: None
        }
    );
    assert_eq!(ticked, BOARD.replace("- [ ] Implement", "- [x] Implement"));
    let (_, update) = edit::update_task(BOARD, &id("STORY-alice-000"), "x").expect("done");
    assert_eq!(update, TaskUpdate::StoryDone);
    assert_eq!(
        edit::update_task(BOARD, &id("STORY-9"), "x").expect_err("missing"),
        BoardError::StoryNotFound("STORY-009".into())
    );
}

#[test]
fn move_cuts_by_position_and_keeps_lookalikes() {
    // The Done entry quotes the moved block's text: a substring search would cut it.
    let text = "## 📋 Backlog\n\n### [STORY-1] A\n- [ ] a\n\n## 🔄 In Progress\n\n## ✅ Done\n\n- **STORY-2**: ### [STORY-1] A\n";
    let moved = edit::move_story(text, &id("STORY-1"), Section::InProgress)
        .expect("moves")
        .expect("changed");
    assert_eq!(
        moved,
        "## 📋 Backlog\n\n## 🔄 In Progress\n\n### [STORY-1] A\n- [ ] a\n\n## ✅ Done\n\n- **STORY-2**: ### [STORY-1] A\n"
    );
    assert_eq!(
        edit::move_story(&moved, &id("STORY-1"), Section::InProgress),
        Ok(None)
    );
    let to_end = edit::move_story(&moved, &id("STORY-1"), Section::Done)
        .expect("moves")
        .expect("changed");
    assert_eq!(
        to_end,
        "## 📋 Backlog\n\n## 🔄 In Progress\n\n## ✅ Done\n\n- **STORY-2**: ### [STORY-1] A\n\n### [STORY-1] A\n- [ ] a\n"
    );
    let back = edit::move_story(&to_end, &id("STORY-1"), Section::Backlog)
        .expect("moves")
        .expect("changed");
    assert_eq!(
        back,
        "## 📋 Backlog\n\n### [STORY-1] A\n- [ ] a\n\n## 🔄 In Progress\n\n## ✅ Done\n\n- **STORY-2**: ### [STORY-1] A\n"
    );
}

#[test]
fn fix_moves_only_misplaced_stories() {
    let text = "### STORY-0 Loose\n- [ ] a\n\n## 📋 Backlog\n\n### STORY-1 Done already\n- [x] a\n\n## 🔄 In Progress\n\n### STORY-2 Right\n- [x] a\n- [ ] b\n\n## ✅ Done\n";
    let (fixed, moves) = edit::fix(text).expect("fixes");
    assert_eq!(
        moves,
        [
            ("STORY-0".to_owned(), Section::Backlog),
            ("STORY-1".to_owned(), Section::Done)
        ]
    );
    assert_eq!(
        fixed,
        "## 📋 Backlog\n\n### STORY-0 Loose\n- [ ] a\n\n## 🔄 In Progress\n\n### STORY-2 Right\n- [x] a\n- [ ] b\n\n## ✅ Done\n\n### STORY-1 Done already\n- [x] a\n"
    );
    let (again, none) = edit::fix(&fixed).expect("fixes");
    assert!(none.is_empty());
    assert_eq!(again, fixed);
}

#[test]
fn archive_cuts_complete_stories_only() {
    let text = "## 📋 Backlog\n\n## 🔄 In Progress\n\n### STORY-2 Half\n- [x] a\n- [ ] b\n\n## ✅ Done\n\n- **STORY-0**: compact\n\n### STORY-1 Finished\n> Spec: s\n\n- [x] a  \n\n";
    let (rest, blocks) = edit::archive(text).expect("archives");
    assert_eq!(blocks, ["### STORY-1 Finished\n> Spec: s\n\n- [x] a"]);
    assert_eq!(
        rest,
        "## 📋 Backlog\n\n## 🔄 In Progress\n\n### STORY-2 Half\n- [x] a\n- [ ] b\n\n## ✅ Done\n\n- **STORY-0**: compact\n"
    );
    assert_eq!(
        edit::append_to_archive("old", &blocks),
        "old\n\n### STORY-1 Finished\n> Spec: s\n\n- [x] a\n"
    );
}

#[test]
fn inserting_at_a_section_without_a_final_newline() {
    let text = "## 📋 Backlog\n## 🔄 In Progress\n## ✅ Done";
    let moved = edit::add_story(text, &id("STORY-1"), "STORY-1", "A", &[]).expect("added");
    assert_eq!(
        moved,
        "## 📋 Backlog\n\n### [STORY-1] A\n> Spec: docs/specs/STORY-1.md\n\n## 🔄 In Progress\n## ✅ Done"
    );
    let done = edit::move_story(&moved, &id("STORY-1"), Section::Done)
        .expect("moves")
        .expect("changed");
    // The blank line the insertion put after the Backlog header stays.
    assert_eq!(
        done,
        "## 📋 Backlog\n\n## 🔄 In Progress\n## ✅ Done\n\n### [STORY-1] A\n> Spec: docs/specs/STORY-1.md\n"
    );
}

#[test]
fn parses_archive_files_without_sections() {
    let archive = "\n### [STORY-alice-001] Login page\n> Spec: docs/specs/STORY-alice-001.md\n\n- [x] A,B,C\n\n#### BUG-3: Legacy\n- [x] fixed\n";
    let board = Board::parse(archive);
    assert!(board.headers.is_empty());
    assert_eq!(board.missing_sections(), Section::ALL);
    let ids: Vec<(String, Option<Section>, bool)> = board
        .stories
        .iter()
        .map(|s| (s.id_text.clone(), s.section, s.is_complete()))
        .collect();
    assert_eq!(
        ids,
        [
            ("STORY-alice-001".to_owned(), None, true),
            ("BUG-3".to_owned(), None, true)
        ]
    );
    assert_eq!(board.stories[1].line, 7);
}

#[test]
fn snapshot_versions_cannot_name_paths() {
    for ok in ["1.2.0", "v2.0.0-rc.1", "2026_11+build"] {
        assert!(is_snapshot_version(ok), "{ok}");
    }
    for bad in ["", ".", "..", "../x", "a/b", "a b", ".hidden"] {
        assert!(!is_snapshot_version(bad), "{bad}");
    }
}
