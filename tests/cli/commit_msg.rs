//! `pactkit commit-msg` through the real binary: files, stdin, JSON, exit codes, ranges.

use crate::common::{TestRepo, assert_code, stderr, stdout};

#[test]
fn valid_message_from_stdin_exits_zero() {
    let dir = TestRepo::empty_dir();
    let out = dir.pactkit_stdin(&["commit-msg"], "feat: add login\n");
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "stdin: valid\n");
}

#[test]
fn invalid_message_lists_errors_with_hints() {
    let dir = TestRepo::empty_dir();
    dir.write(
        "MSG",
        "feature: Add login.\n# Please enter the commit message\n",
    );
    let out = dir.pactkit(&["commit-msg", "MSG"]);
    assert_code(&out, 1);
    let text = stdout(&out);
    assert!(text.starts_with("MSG: invalid (3 errors)\n"), "{text}");
    assert!(text.contains("error[type-enum] type must be one of [build, chore, ci, docs, feat, fix, perf, refactor, revert, style, test]; found \"feature\"\n  hint: use one of the allowed types, or add it to gates.commit-msg.rules.type-enum in pactkit.yaml\n"), "{text}");
    assert!(text.contains("error[subject-case]"), "{text}");
    assert!(text.contains("error[subject-full-stop]"), "{text}");
}

#[test]
fn warnings_do_not_fail() {
    let dir = TestRepo::empty_dir();
    let out = dir.pactkit_stdin(&["commit-msg"], "fix: x\nbody right after the header\n");
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("stdin: valid (1 warning)\nwarning[body-leading-blank]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn json_for_one_file_is_an_object() {
    let dir = TestRepo::empty_dir();
    dir.write("MSG", "wip: Stuff\n");
    let out = dir.pactkit(&["commit-msg", "--format", "json", "MSG"]);
    assert_code(&out, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["file"], "MSG");
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["errors"][0]["level"], 2);
    assert!(v["errors"][0]["rule"].is_string() && v["errors"][0]["message"].is_string());
    let keys: Vec<&str> = v
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 4, "{keys:?}");
}

#[test]
fn json_for_several_files_is_an_array_and_any_invalid_fails() {
    let dir = TestRepo::empty_dir();
    dir.write("a", "feat: ok\n")
        .write("b", "Merge branch 'x'\n")
        .write("c", "nope\n");
    let out = dir.pactkit(&["commit-msg", "--format=json", "a", "b", "c"]);
    assert_code(&out, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let valid: Vec<bool> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|o| o["valid"] == true)
        .collect();
    assert_eq!(valid, [true, true, false]);
    assert_eq!(v[2]["file"], "c");
}

#[test]
fn stdin_json_names_the_file_dash() {
    let dir = TestRepo::empty_dir();
    let out = dir.pactkit_stdin(&["commit-msg", "--format", "json"], "fix: y\n");
    assert_code(&out, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["file"], "-");
    assert_eq!(v["errors"], serde_json::json!([]));
}

#[test]
fn unreadable_file_is_a_usage_error_naming_it() {
    let dir = TestRepo::empty_dir();
    let out = dir.pactkit(&["commit-msg", "missing-file"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("error: cannot read missing-file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn non_utf8_is_decoded_lossily() {
    let dir = TestRepo::empty_dir();
    dir.write_bytes("MSG", b"fix: caf\xe9 encoding\r\n");
    let out = dir.pactkit(&["commit-msg", "MSG"]);
    assert_code(&out, 0);
}

#[test]
fn from_requires_to() {
    let dir = TestRepo::empty_dir();
    let out = dir.pactkit(&["commit-msg", "--from", "HEAD"]);
    assert_code(&out, 2);
}

#[test]
fn range_lints_every_commit() {
    let repo = TestRepo::new();
    repo.write("a", "1").commit_all("chore: init");
    repo.write("a", "2").commit_all("feat: add a");
    repo.write("a", "3").commit_all("Bad message.");
    let out = repo.pactkit(&[
        "commit-msg",
        "--format",
        "json",
        "--from",
        "HEAD~2",
        "--to",
        "HEAD",
    ]);
    assert_code(&out, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["valid"], true);
    assert_eq!(arr[1]["valid"], false);
    // The full commit id: 40 digits, 64 in a SHA-256 repository.
    let head = repo.git(&["rev-parse", "HEAD"]);
    assert_eq!(arr[1]["file"].as_str(), Some(head.trim()));
}
