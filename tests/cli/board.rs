//! `pactkit board`: adding, ticking, moving, archiving, listing and snapshotting against
//! real board files, including CRLF/BOM boards and bad input that must change nothing.

use crate::common::{TestRepo, assert_code, render, stderr, stdout};
use std::process::Output;

const BOARD: &str = "docs/product/sprint_board.md";
const FRESH: &str = "# Sprint Board\n\n## 📋 Backlog\n\n\n## 🔄 In Progress\n\n\n## ✅ Done\n";
const NOW: &str = "2026-11-23T21:37:46+00:00";

fn with_board(text: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(BOARD, text);
    repo
}

fn board(repo: &TestRepo) -> String {
    repo.read(BOARD)
}

fn ok(repo: &TestRepo, args: &[&str]) -> String {
    let out = repo.pactkit(args);
    assert_code(&out, 0);
    stdout(&out)
}

fn at_now(repo: &TestRepo, args: &[&str]) -> Output {
    repo.pactkit_cmd()
        .env("PACTKIT_NOW", NOW)
        .args(args)
        .output()
        .expect("run pactkit")
}

#[test]
fn pactkit_sequence_with_strict_task_names() {
    let repo = with_board(FRESH);
    let added = ok(
        &repo,
        &[
            "board",
            "add",
            "STORY-alice-001",
            "Login page",
            "Write tests|Implement| Docs |",
        ],
    );
    assert_eq!(added, "✅ Story STORY-alice-001 added\n");
    ok(
        &repo,
        &["board", "add", "BUG-alice-002", "Crash on save", "Fix"],
    );

    let ticked = ok(
        &repo,
        &["board", "update-task", "STORY-alice-001", "Write", "tests"],
    );
    assert_eq!(
        ticked,
        "✅ Task STORY-alice-001 updated: Write tests\n✅ Moved STORY-alice-001 to in_progress\n"
    );
    assert_eq!(
        board(&repo),
        "# Sprint Board\n\n## 📋 Backlog\n\n### [BUG-alice-002] Crash on save\n> Spec: docs/specs/BUG-alice-002.md\n\n- [ ] Fix\n\n\n## 🔄 In Progress\n\n### [STORY-alice-001] Login page\n> Spec: docs/specs/STORY-alice-001.md\n\n- [x] Write tests\n- [ ] Implement\n- [ ] Docs\n\n\n## ✅ Done\n"
    );

    // Numbers count every task of the story (PactKit counts the unticked ones).
    let third = ok(&repo, &["board", "update-task", "STORY-alice-001", "3"]);
    assert_eq!(third, "✅ Task STORY-alice-001 updated: Docs\n");

    // PactKit ticks the only unticked task whatever the name; we refuse and list the tasks.
    let before = board(&repo);
    let wrong = repo.pactkit(&["board", "update-task", "STORY-alice-001", "zzz"]);
    assert_code(&wrong, 1);
    assert_eq!(
        stderr(&wrong),
        "error: docs/product/sprint_board.md: no task \"zzz\" in STORY-alice-001; its tasks:\n    1. [x] Write tests\n    2. [ ] Implement\n    3. [x] Docs\n  hint: name a task by its whole text (any case), a prefix only it has, or its number\n"
    );
    assert_eq!(board(&repo), before, "a refused update changes nothing");

    let last = ok(&repo, &["board", "update-task", "STORY-alice-001", "IMPL"]);
    assert_eq!(
        last,
        "✅ Task STORY-alice-001 updated: Implement\n✅ Moved STORY-alice-001 to done\n"
    );
    assert_eq!(
        ok(&repo, &["board", "list"]),
        "BUG-alice-002 | Crash on save | 0/1 | BACKLOG\nSTORY-alice-001 | Login page | 3/3 | DONE\n"
    );

    let archived = at_now(&repo, &["board", "archive"]);
    assert_code(&archived, 0);
    let archive_path = repo.path("docs/product/archive/archive_202611.md");
    assert_eq!(
        stdout(&archived),
        format!("✅ Archived 1 stories to {}\n", archive_path.display())
    );
    assert_eq!(
        repo.read("docs/product/archive/archive_202611.md"),
        "\n### [STORY-alice-001] Login page\n> Spec: docs/specs/STORY-alice-001.md\n\n- [x] Write tests\n- [x] Implement\n- [x] Docs\n"
    );
    assert_eq!(
        board(&repo),
        "# Sprint Board\n\n## 📋 Backlog\n\n### [BUG-alice-002] Crash on save\n> Spec: docs/specs/BUG-alice-002.md\n\n- [ ] Fix\n\n\n## 🔄 In Progress\n\n## ✅ Done\n"
    );
    assert_eq!(
        stdout(&at_now(&repo, &["board", "archive"])),
        "✅ No completed stories to archive.\n"
    );
}

#[test]
fn archive_appends_to_an_existing_month() {
    let repo =
        with_board("## 📋 Backlog\n## 🔄 In Progress\n## ✅ Done\n### STORY-2 Two\n- [x] a\n");
    repo.write(
        "docs/product/archive/archive_202611.md",
        "\n### STORY-1 One\n- [x] a\n",
    );
    assert_code(&at_now(&repo, &["board", "archive"]), 0);
    assert_eq!(
        repo.read("docs/product/archive/archive_202611.md"),
        "\n### STORY-1 One\n- [x] a\n\n### STORY-2 Two\n- [x] a\n"
    );
    assert_eq!(
        board(&repo),
        "## 📋 Backlog\n## 🔄 In Progress\n## ✅ Done\n"
    );
}

#[test]
fn ambiguous_prefix_lists_the_matching_tasks() {
    let repo = with_board(FRESH);
    ok(
        &repo,
        &[
            "board",
            "add",
            "STORY-7",
            "Docs",
            "Write guide|Write reference|Review",
        ],
    );
    let before = board(&repo);
    let out = repo.pactkit(&["board", "update-task", "STORY-7", "write"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains(
            "task \"write\" is ambiguous in STORY-7; it matches:\n    1. [ ] Write guide\n    2. [ ] Write reference\n"
        ),
        "{}",
        render(&out)
    );
    assert_eq!(board(&repo), before);
    let exact = ok(
        &repo,
        &["board", "update-task", "STORY-7", "write reference"],
    );
    assert_eq!(
        exact,
        "✅ Task STORY-7 updated: Write reference\n✅ Moved STORY-7 to in_progress\n"
    );
    let again = ok(
        &repo,
        &["board", "update-task", "STORY-7", "Write reference"],
    );
    assert_eq!(again, "✅ Already done: Write reference\n");
}

#[test]
fn unknown_story_missing_board_and_bad_ids() {
    let repo = with_board(FRESH);
    let out = repo.pactkit(&["board", "update-task", "STORY-9", "x"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).starts_with("error: docs/product/sprint_board.md: story STORY-009 is not on the board\n  hint: pactkit board list"),
        "{}",
        render(&out)
    );
    assert_code(&repo.pactkit(&["board", "move", "STORY-9", "done"]), 1);

    let bad = repo.pactkit(&["board", "add", "story-1", "x", "y"]);
    assert_code(&bad, 2);
    assert!(
        stderr(&bad).contains("'story-1' is not a work-item id"),
        "{}",
        render(&bad)
    );
    assert_code(&repo.pactkit(&["board", "move", "STORY-1", "later"]), 2);
    assert_eq!(board(&repo), FRESH);

    let empty = TestRepo::new();
    let out = empty.pactkit(&["board", "list"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).starts_with(
            "error: no sprint board: docs/product/sprint_board.md does not exist\n  hint:"
        ),
        "{}",
        render(&out)
    );
}

#[test]
fn duplicate_ids_are_refused() {
    let repo = with_board(FRESH);
    ok(&repo, &["board", "add", "STORY-001", "One", "a"]);
    let out = repo.pactkit(&["board", "add", "STORY-1", "Again", "b"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("story STORY-001 is already on the board (line 5)"),
        "{}",
        render(&out)
    );
}

#[test]
fn missing_section_headers_change_nothing() {
    let text = "# Sprint Board\n\n## 📋 Backlog\n\n### STORY-1 A\n- [ ] a\n\n## ✅ Done\n";
    let repo = with_board(text);
    for args in [
        &["board", "add", "STORY-2", "B", "b"][..],
        &["board", "update-task", "STORY-1", "a"],
        &["board", "move", "STORY-1", "done"],
        &["board", "fix"],
        &["board", "archive"],
    ] {
        let out = repo.pactkit(args);
        assert_code(&out, 1);
        assert!(
            stderr(&out).contains(
                "docs/product/sprint_board.md: missing section header(s): '## 🔄 In Progress'"
            ),
            "{args:?}: {}",
            render(&out)
        );
        assert_eq!(board(&repo), text, "{args:?}");
    }
    // Reading still works.
    assert_eq!(
        ok(&repo, &["board", "list"]),
        "STORY-1 | A | 0/1 | BACKLOG\n"
    );
}

#[test]
fn invalid_utf8_board_is_an_error_and_stays_unchanged() {
    let repo = TestRepo::new();
    let bytes = b"## \xF0\x9F\x93\x8B Backlog\n### STORY-1 A\n- [ ] caf\xE9\n## \xF0\x9F\x94\x84 In Progress\n## \xE2\x9C\x85 Done\n";
    repo.write_bytes(BOARD, bytes);
    for args in [
        &["board", "update-task", "STORY-1", "1"][..],
        &["board", "list"],
    ] {
        let out = repo.pactkit(args);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("docs/product/sprint_board.md: not valid UTF-8 (line 3"),
            "{}",
            render(&out)
        );
    }
    assert_eq!(std::fs::read(repo.path(BOARD)).expect("board"), bytes);
}

#[test]
fn crlf_and_bom_boards_keep_their_bytes() {
    let lf = "# Sprint Board\n\n## 📋 Backlog\n\n### [STORY-1] A\n> Spec: docs/specs/STORY-1.md\n\n- [ ] a\n\n## 🔄 In Progress\n\n### [STORY-2] B\n- [x] a  \n- [ ] b\n- [ ] c\n\n## ✅ Done\n";
    let crlf = |text: &str| format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
    let repo = with_board(&crlf(lf));

    ok(&repo, &["board", "update-task", "STORY-2", "b"]);
    let expected = lf.replace("- [ ] b", "- [x] b");
    assert_eq!(
        board(&repo),
        crlf(&expected),
        "only the ticked line changes"
    );

    ok(&repo, &["board", "update-task", "STORY-1", "a"]);
    let moved = "# Sprint Board\n\n## 📋 Backlog\n\n## 🔄 In Progress\n\n### [STORY-2] B\n- [x] a  \n- [x] b\n- [ ] c\n\n## ✅ Done\n\n### [STORY-1] A\n> Spec: docs/specs/STORY-1.md\n\n- [x] a\n";
    assert_eq!(board(&repo), crlf(moved));

    let no_final_newline = "## 📋 Backlog\r\n## 🔄 In Progress\r\n## ✅ Done";
    let repo = with_board(no_final_newline);
    ok(&repo, &["board", "add", "STORY-3", "C", "x"]);
    assert_eq!(
        board(&repo),
        "## 📋 Backlog\r\n\r\n### [STORY-3] C\r\n> Spec: docs/specs/STORY-3.md\r\n\r\n- [ ] x\r\n\r\n## 🔄 In Progress\r\n## ✅ Done"
    );
}

#[test]
fn move_and_fix() {
    let repo = with_board(FRESH);
    ok(&repo, &["board", "add", "STORY-1", "A", "a|b"]);
    assert_eq!(
        ok(&repo, &["board", "move", "STORY-1", "done"]),
        "✅ Moved STORY-1 to done\n"
    );
    assert_eq!(
        ok(&repo, &["board", "move", "STORY-1", "done"]),
        "✅ STORY-1 is already in done\n"
    );
    assert_eq!(
        board(&repo),
        "# Sprint Board\n\n## 📋 Backlog\n\n## 🔄 In Progress\n\n\n## ✅ Done\n\n### [STORY-1] A\n> Spec: docs/specs/STORY-1.md\n\n- [ ] a\n- [ ] b\n"
    );
    assert_eq!(
        ok(&repo, &["board", "fix"]),
        "✅ Board fixed: 1 stories relocated.\n  STORY-1 → backlog\n"
    );
    assert_eq!(
        board(&repo),
        "# Sprint Board\n\n## 📋 Backlog\n\n### [STORY-1] A\n> Spec: docs/specs/STORY-1.md\n\n- [ ] a\n- [ ] b\n\n## 🔄 In Progress\n\n\n## ✅ Done\n"
    );
    assert_eq!(
        ok(&repo, &["board", "fix"]),
        "✅ No misplaced stories found.\n"
    );
    assert_eq!(
        ok(&repo, &["board", "move", "STORY-1", "in-progress"]),
        "✅ Moved STORY-1 to in_progress\n"
    );
}

#[test]
fn compact_done_entries_count_as_done() {
    let repo = with_board(
        "## 📋 Backlog\n## 🔄 In Progress\n## ✅ Done\n- **STORY-slim-007**: Title [P1]\n",
    );
    assert_eq!(
        ok(
            &repo,
            &["board", "update-task", "STORY-slim-007", "anything"]
        ),
        "✅ Already done: STORY-slim-007 (all tasks complete)\n"
    );
    assert_eq!(
        ok(&repo, &["board", "list"]),
        "STORY-slim-007 | Title [P1] | 0/0 | DONE\n"
    );
}

#[test]
fn list_formats() {
    let repo = with_board(FRESH);
    assert_eq!(ok(&repo, &["board", "list"]), "No stories on board.\n");
    assert_eq!(ok(&repo, &["board", "list", "--format", "json"]), "[]\n");
    ok(&repo, &["board", "add", "STORY-2", "Two", "a|b"]);
    ok(&repo, &["board", "add", "STORY-1", "One", ""]);
    ok(&repo, &["board", "update-task", "STORY-2", "a"]);
    assert_eq!(
        ok(&repo, &["board", "list"]),
        "STORY-1 | One | 0/0 | BACKLOG\nSTORY-2 | Two | 1/2 | IN_PROGRESS\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(&repo, &["board", "list", "--format", "json"])).expect("json");
    assert_eq!(json[0]["id"], "STORY-1");
    assert_eq!(json[0]["total"], 0);
    assert_eq!(json[1]["section"], "in_progress");
    assert_eq!(json[1]["status"], "IN_PROGRESS");
    assert_eq!(json[1]["spec"], "docs/specs/STORY-2.md");
    assert_eq!(json[1]["tasks"][0]["done"], true);
    assert_eq!(json[1]["tasks"][1]["text"], "b");
    assert!(json[1]["line"].as_u64().is_some());
}

#[test]
fn snapshot_copies_the_graphs() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["board", "snapshot", "1.0.0"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("no graphs to snapshot"),
        "{}",
        render(&out)
    );
    repo.write("docs/architecture/graphs/code_graph.mmd", "graph TD\n");
    repo.write("docs/architecture/graphs/call_graph.mmd", "graph LR\n");
    assert_eq!(
        ok(&repo, &["board", "snapshot", "1.0.0"]),
        "✅ Snapshot 1.0.0: 2 graphs saved\n"
    );
    assert_eq!(
        repo.read("docs/architecture/snapshots/1.0.0_code_graph.mmd"),
        "graph TD\n"
    );
    assert_eq!(
        repo.read("docs/architecture/snapshots/1.0.0_call_graph.mmd"),
        "graph LR\n"
    );
    assert!(
        !repo
            .path("docs/architecture/snapshots/1.0.0_class_graph.mmd")
            .exists()
    );
    assert_code(&repo.pactkit(&["board", "snapshot", "../x"]), 2);
}
