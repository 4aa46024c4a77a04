//! Unit tests of the spec gate's helpers.

use super::*;

#[test]
fn status_moves_follow_the_lifecycle() {
    use Status::*;
    assert!(Draft.may_move_to(InProgress));
    assert!(InProgress.may_move_to(Done));
    assert!(InProgress.may_move_to(Draft));
    assert!(!Draft.may_move_to(Done));
    assert!(!Done.may_move_to(InProgress));
    assert!(Done.may_move_to(Done));
}

#[test]
fn reads_status_from_the_metadata_table_only() {
    let spec = "# STORY-001: x\n\n| Field | Value |\n|---|---|\n| Status | In Progress |\n\n```\n| Status | Done |\n```\n";
    assert_eq!(status_of(spec), Some(Status::InProgress));
    assert_eq!(status_of("# no table\n"), None);
}

#[test]
fn finds_unticked_tasks_of_one_story() {
    let board = "## 🔄 In Progress\n\n### [STORY-001] A\n- [x] one\n- [ ] two\n\n### [STORY-002] B\n- [ ] other\n## ✅ Done\n";
    assert_eq!(unticked_tasks(board, "STORY-001"), ["two"]);
    assert_eq!(unticked_tasks(board, "STORY-002"), ["other"]);
    assert!(unticked_tasks(board, "STORY-003").is_empty());
}

#[test]
fn trailers_match_by_token() {
    assert!(has_trailer(
        "feat: x\n\nSpec-Change: AC1 was wrong",
        "Spec-Change"
    ));
    assert!(!has_trailer("feat: x\n\nSpec-Change:", "Spec-Change"));
    assert!(!has_trailer("feat: spec change", "Spec-Change"));
}
