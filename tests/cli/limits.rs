//! The size limits of docs/limits.md through the real binary: a document, a commit
//! message, a hook's input and an agent payload over their limit are refused with a
//! message naming the file and the limit; inputs at the limit are read and judged.

use crate::common::*;

const MIB: usize = 1 << 20;

/// A valid commit message of exactly `len` bytes: a header and 72-byte body lines.
fn message_of(len: usize) -> String {
    let mut text = String::from("feat(cli): add the thing\n\n");
    while text.len() + 73 <= len {
        text.push_str(&"x".repeat(72));
        text.push('\n');
    }
    let rest = len - text.len();
    if rest > 0 {
        text.push_str(&"y".repeat(rest - 1));
        text.push('\n');
    }
    assert_eq!(text.len(), len);
    text
}

#[test]
fn a_commit_message_over_4_mib_is_refused_and_one_at_the_limit_is_judged() {
    let repo = TestRepo::new();
    repo.write("at-limit", &message_of(4 * MIB))
        .write("over", &message_of(4 * MIB + 1));
    assert_code(&repo.pactkit(&["commit-msg", "at-limit"]), 0);
    let out = repo.pactkit(&["commit-msg", "over"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("cannot read over")
            && err.contains("it is 4194305 bytes; pactkit reads at most 4194304 bytes (4 MiB) of a commit message"),
        "{}",
        render(&out)
    );
    let piped = run_with_stdin_it_may_close(
        repo.pactkit_cmd().arg("commit-msg"),
        message_of(4 * MIB + 1).into_bytes(),
    );
    assert_code(&piped, 2);
    assert!(
        stderr(&piped).contains("the message on stdin is too large"),
        "{}",
        render(&piped)
    );
}

#[test]
fn the_commit_msg_hook_blocks_an_oversized_message_and_says_why() {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.write("a.txt", "a\n")
        .write("msg", &message_of(4 * MIB + 10));
    repo.git(&["add", "a.txt"]);
    let out = repo.git_output(&["commit", "-q", "-F", "msg"]);
    assert!(!out.status.success(), "the commit went through");
    assert!(
        stderr(&out).contains("pactkit reads at most 4194304 bytes (4 MiB) of a commit message"),
        "{}",
        render(&out)
    );
    repo.write("msg", "feat: add a\n");
    let ok = repo.git_output(&["commit", "-q", "-F", "msg"]);
    assert!(ok.status.success(), "{}", render(&ok));
}

#[test]
fn a_document_over_8_mib_is_refused_naming_the_file() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    let board = "docs/product/sprint_board.md";
    let text = repo.read(board);
    // At the limit: padded with a comment line, still a board.
    let pad = 8 * MIB - text.len() - 1;
    repo.write(board, &format!("{text}{}\n", "z".repeat(pad)));
    assert_code(&repo.pactkit(&["board", "list"]), 0);
    repo.write(board, &format!("{text}{}\n", "z".repeat(pad + 1)));
    let out = repo.pactkit(&["board", "list"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(&format!(
            "{board}: it is 8388609 bytes; pactkit reads at most 8388608 bytes (8 MiB) of a project document"
        )),
        "{}",
        render(&out)
    );
    // spec-lint reports the same as an E000 finding of that spec.
    repo.write("docs/specs/STORY-001.md", &"w".repeat(8 * MIB + 1));
    let out = repo.pactkit(&["spec-lint", "docs/specs/STORY-001.md"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("pactkit reads at most 8388608 bytes (8 MiB) of a project document"),
        "{}",
        render(&out)
    );
}

#[test]
fn an_agent_payload_over_64_mib_is_refused_with_the_limit() {
    let repo = TestRepo::new();
    let mut payload = br#"{"tool_name":"Bash","tool_input":{"command":"echo ok"},"pad":""#.to_vec();
    payload.resize(64 * MIB + 16, b'p');
    payload.extend_from_slice(b"\"}");
    let out = run_with_stdin_it_may_close(
        repo.pactkit_cmd().args(["hooks", "agent", "run", "claude"]),
        payload,
    );
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(
            "larger than 67108864 bytes (64 MiB), the most pactkit reads of an agent payload"
        ),
        "{}",
        render(&out)
    );
    let small = run_with_stdin_it_may_close(
        repo.pactkit_cmd().args(["hooks", "agent", "run", "claude"]),
        br#"{"tool_name":"Bash","tool_input":{"command":"echo ok"}}"#.to_vec(),
    );
    assert_code(&small, 0);
}

#[test]
fn an_agent_commit_message_file_over_the_limit_is_refused_with_the_limit() {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    repo.write("msg.txt", &message_of(4 * MIB + 1));
    let doc = serde_json::json!({
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": { "command": "git commit -F msg.txt" },
        "cwd": repo.root(),
    });
    let out = repo.pactkit_stdin(&["hooks", "agent", "run", "claude"], &doc.to_string());
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("pactkit reads at most 4194304 bytes (4 MiB) of a commit message"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_story_record_nested_too_deep_is_refused_naming_the_file() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    repo.write(
        "docs/product/stories/STORY-001.yaml",
        "id: STORY-001\ntitle: Rate limit\nstatus: backlog\n",
    );
    let ok = repo.pactkit(&["board", "list"]);
    assert_code(&ok, 0);
    assert!(
        stdout(&ok).contains("STORY-001 | Rate limit"),
        "{}",
        render(&ok)
    );
    // 64 KB of nested lists under an unknown key: quadratic in the YAML parser.
    let half = 32 * 1024;
    repo.write(
        "docs/product/stories/STORY-002.yaml",
        &format!(
            "id: STORY-002\ntitle: Deep\nzzz: {}{}\n",
            "[".repeat(half),
            "]".repeat(half)
        ),
    );
    let out = repo.pactkit(&["board", "list"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(
        stderr(&out).contains("docs/product/stories/STORY-002.yaml")
            && stderr(&out).contains("nested deeper than 64 levels"),
        "{}",
        render(&out)
    );
}
