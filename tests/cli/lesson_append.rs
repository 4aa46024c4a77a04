//! `pactkit lesson-append`: appends, skips (exit 1), deduplicates, repairs and rotates to
//! monthly archives, leaving at most 50 rows.

use crate::common::*;

const LESSONS: &str = "docs/architecture/governance/lessons.md";
const HEAD: &str =
    "# Lessons Learned\n\n| Date | Lesson | Context |\n|------|--------|---------|\n";

fn append(repo: &TestRepo, text: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "lesson-append",
        "--story",
        "STORY-007",
        "--text",
        text,
        "--date",
        "2026-03-15",
    ];
    args.extend_from_slice(extra);
    repo.pactkit(&args)
}

#[test]
fn a_specific_lesson_is_appended_with_pipes_escaped() {
    let repo = TestRepo::new();
    repo.write(LESSONS, HEAD);
    let out = append(&repo, "split on | in board.py", &[]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("lesson added for STORY-007"),
        "{}",
        render(&out)
    );
    assert_eq!(
        repo.read(LESSONS),
        format!("{HEAD}| 2026-03-15 | split on \\| in board.py | STORY-007 |\n")
    );
    let lint = repo.pactkit(&["lint-lessons"]);
    assert_code(&lint, 0);
}

#[test]
fn json_output_is_pactkits_shape() {
    let repo = TestRepo::new();
    repo.write(LESSONS, HEAD);
    let out = append(
        &repo,
        "use `TextFile` for writes",
        &["--context", "docs/text.rs", "--format", "json"],
    );
    assert_code(&out, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["action"], "appended");
    assert_eq!(json["reason"], "lesson added for STORY-007");
    assert!(
        repo.read(LESSONS)
            .ends_with("| 2026-03-15 | use `TextFile` for writes | docs/text.rs |\n")
    );
}

#[test]
fn vague_or_duplicate_lessons_are_skipped_with_exit_1() {
    let repo = TestRepo::new();
    let start = format!(
        "{HEAD}| 2026-01-01 | Position-based removal in board.py avoids false matches | x |\n"
    );
    repo.write(LESSONS, &start);
    let out = append(&repo, "be more careful", &["--format", "json"]);
    assert_code(&out, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(json["action"], "skipped");
    assert_eq!(
        json["reason"],
        "not specific enough — no file/function reference"
    );
    assert!(
        stdout(&out).contains("\\u2014"),
        "ASCII-only JSON: {}",
        render(&out)
    );

    let out = append(
        &repo,
        "position-based removal in board.py avoids substring matches",
        &[],
    );
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("duplicate of recent entry"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read(LESSONS), start);
}

#[test]
fn a_missing_lessons_file_is_skipped() {
    let repo = TestRepo::new();
    let out = append(&repo, "see board.py", &[]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("lessons.md not found"),
        "{}",
        render(&out)
    );
    assert!(!repo.path(LESSONS).exists());
}

#[test]
fn rotation_keeps_50_rows_and_archives_by_month() {
    let repo = TestRepo::new();
    let mut text = HEAD.to_owned();
    text.push_str("| 2025-12-31 | oldest lesson zero in a.rs | c |\n");
    for i in 1..50 {
        text.push_str(&format!(
            "| 2026-01-{:02} | lesson {i} about file{i}.rs | c |\n",
            i % 28 + 1
        ));
    }
    repo.write(LESSONS, &text);
    repo.write(
        "docs/architecture/governance/archive/lessons_archive_202512.md",
        "# Lessons Archive (2025-12)\n\n| Date | Lesson | Context |\n|------|--------|---------|\n| 2025-12-01 | earlier x.rs | c |",
    );
    let out = append(&repo, "brand new insight on rotate()", &[]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("Rotated 1 oldest lesson(s)"),
        "{}",
        render(&out)
    );
    let after = repo.read(LESSONS);
    assert!(!after.contains("oldest lesson zero"));
    assert!(after.ends_with("| 2026-03-15 | brand new insight on rotate() | STORY-007 |\n"));
    assert_eq!(after.lines().filter(|l| l.starts_with("| 20")).count(), 50);
    assert_eq!(
        repo.read("docs/architecture/governance/archive/lessons_archive_202512.md"),
        "# Lessons Archive (2025-12)\n\n| Date | Lesson | Context |\n|------|--------|---------|\n| 2025-12-01 | earlier x.rs | c |\n| 2025-12-31 | oldest lesson zero in a.rs | c |\n"
    );
    assert_code(&repo.pactkit(&["lint-lessons"]), 0);

    let out = append(&repo, "second insight about archive.rs", &[]);
    assert_code(&out, 0);
    assert!(
        repo.read("docs/architecture/governance/archive/lessons_archive_202601.md")
            .starts_with("# Lessons Archive (2026-01)\n\n| Date | Lesson | Context |\n|------|--------|---------|\n| 2026-01-02 | lesson 1 about file1.rs | c |\n"),
    );
}

#[test]
fn a_broken_table_is_repaired_before_appending() {
    let repo = TestRepo::new();
    repo.write(
        LESSONS,
        "# Lessons Learned\n| 2026-01-01 | old a.rs | c |\n",
    );
    let out = append(&repo, "repair keeps rows in lessons.rs", &[]);
    assert_code(&out, 0);
    assert_eq!(
        repo.read(LESSONS),
        format!(
            "{HEAD}| 2026-01-01 | old a.rs | c |\n| 2026-03-15 | repair keeps rows in lessons.rs | STORY-007 |\n"
        )
    );
}

#[test]
fn crlf_files_stay_crlf_and_a_bad_date_is_a_usage_error() {
    let repo = TestRepo::new();
    repo.write_bytes(LESSONS, HEAD.replace('\n', "\r\n").as_bytes());
    let out = append(&repo, "crlf in text.rs", &[]);
    assert_code(&out, 0);
    let bytes = std::fs::read(repo.path(LESSONS)).expect("read");
    assert!(bytes.ends_with(
        b"|------|--------|---------|\r\n| 2026-03-15 | crlf in text.rs | STORY-007 |\r\n"
    ));
    let out = repo.pactkit(&[
        "lesson-append",
        "--story",
        "S",
        "--text",
        "a.rs",
        "--date",
        "2026-02-30",
    ]);
    assert_code(&out, 2);
}

#[test]
fn invalid_utf8_is_an_error_and_the_file_is_unchanged() {
    let repo = TestRepo::new();
    let mut bytes = HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(b"| 2026-01-01 | bad \xFF byte.rs | c |\n");
    repo.write_bytes(LESSONS, &bytes);
    let out = append(&repo, "fresh note on utf8.rs", &[]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", render(&out));
    assert_eq!(std::fs::read(repo.path(LESSONS)).expect("read"), bytes);
}
