//! Document commands run from a subdirectory act on the project's documents, which live
//! at fixed places below the repository root.

use crate::common::*;

#[test]
fn document_commands_find_the_project_documents_from_a_subdirectory() {
    let repo = TestRepo::new();
    repo.write(
        "docs/specs/STORY-001.md",
        "# STORY-001: x\n\n| Field | Value |\n|---|---|\n| ID | STORY-001 |\n| Status | Draft |\n",
    );
    repo.write("src/deep/dir/keep.txt", "");
    let sub = repo.path("src/deep/dir");
    let run = |args: &[&str]| {
        let mut cmd = repo.pactkit_cmd();
        cmd.current_dir(&sub).args(args);
        cmd.output().expect("run pactkit")
    };

    assert_code(&run(&["spec-status", "STORY-001", "in-progress"]), 0);
    assert!(
        repo.read("docs/specs/STORY-001.md")
            .contains("| Status | In Progress |")
    );

    assert_code(&run(&["scaffold", "board"]), 0);
    assert_code(
        &run(&[
            "board",
            "add",
            "STORY-001",
            "Login",
            "Write tests|Implement",
        ]),
        0,
    );
    assert!(
        repo.read("docs/product/sprint_board.md")
            .contains("### [STORY-001] Login")
    );

    let out = run(&["next-id"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "STORY-002");
    assert!(
        !sub.join("docs").exists(),
        "nothing is written below the subdirectory"
    );
}
