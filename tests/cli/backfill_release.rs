//! `pactkit backfill-release`: done ids come from the board's Done section and the
//! archives; only `| Release | TBD |` rows of those specs change.

use crate::common::*;

const BOARD: &str = "# Sprint Board\n\n## 📋 Backlog\n\n### [STORY-003] Later\n\n## ✅ Done\n\n### [STORY-001] Login\n\n## 🧊 Icebox\n\n### [STORY-004] Parked\n";

fn spec(id: &str, release: &str) -> String {
    format!(
        "# {id}: x\n\n| Field | Value |\n|-------|-------|\n| ID | {id} |\n| Release | {release} |\n"
    )
}

#[test]
fn done_specs_are_backfilled_and_others_skipped() {
    let repo = TestRepo::new();
    repo.write("docs/product/sprint_board.md", BOARD);
    repo.write(
        "docs/product/archive/archive_202601.md",
        "### [BUG-alice-002] Crash\n",
    );
    repo.write("docs/specs/STORY-001.md", &spec("STORY-001", "TBD"));
    repo.write_bytes(
        "docs/specs/BUG-alice-002.md",
        spec("BUG-alice-002", "TBD")
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    repo.write("docs/specs/STORY-003.md", &spec("STORY-003", "TBD"));
    repo.write("docs/specs/STORY-004.md", &spec("STORY-004", "TBD"));
    repo.write("docs/specs/STORY-005.md", &spec("STORY-005", "1.0.0"));
    let out = repo.pactkit(&["backfill-release", "1.4.0"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "  Backfilled: BUG-alice-002 → 1.4.0\n  Backfilled: STORY-001 → 1.4.0\n  Skipped: STORY-003 (not done)\n  Skipped: STORY-004 (not done)\n",
        "{}",
        render(&out)
    );
    assert_eq!(
        repo.read("docs/specs/STORY-001.md"),
        spec("STORY-001", "1.4.0")
    );
    assert_eq!(
        std::fs::read(repo.path("docs/specs/BUG-alice-002.md")).expect("read"),
        spec("BUG-alice-002", "1.4.0")
            .replace('\n', "\r\n")
            .into_bytes()
    );
    assert_eq!(
        repo.read("docs/specs/STORY-004.md"),
        spec("STORY-004", "TBD")
    );

    let out = repo.pactkit(&["backfill-release", "1.5.0", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json[0]["action"], "skipped");
    assert_eq!(json[0]["id"], "STORY-003");
    assert_eq!(json[0]["file"], "docs/specs/STORY-003.md");
}

#[test]
fn nothing_to_do_is_reported() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["backfill-release", "1.0.0"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "No specs with Release: TBD found\n");
    let out = repo.pactkit(&["backfill-release", "1 0"]);
    assert_code(&out, 2);
}
