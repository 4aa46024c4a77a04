//! `pactkit guard` (init markers) and `pactkit schema` (document formats).

use crate::common::*;

#[test]
fn guard_lists_missing_markers() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["guard"]);
    assert_code(&out, 1);
    assert_eq!(
        stdout(&out),
        "  ✗ pactkit.yaml not found (run `pactkit init`)\n\
         \x20 ✗ docs/product/sprint_board.md not found (run `/project-init`)\n\
         \x20 ✗ docs/architecture/graphs/ not found (run `/project-init`)\n"
    );
}

#[test]
fn guard_passes_when_initialised() {
    let repo = TestRepo::new();
    repo.write(".claude/pactkit.yaml", "developer: alice\n")
        .write("docs/product/sprint_board.md", "# Sprint Board\n")
        .write("docs/architecture/graphs/.keep", "");
    let out = repo.pactkit(&["guard"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "Guard: PASS — all init markers present\n");

    let elsewhere = TestRepo::empty_dir();
    let root = repo.root().to_str().expect("utf-8 path");
    let out = elsewhere.pactkit(&["guard", "-C", root]);
    assert_code(&out, 0);
}

#[test]
fn schema_prints_a_type() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["schema", "spec"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "\n{}\nSchema: spec  —  Feature specification / bug report\n",
            "─".repeat(60)
        )),
        "{text}"
    );
    assert!(text.contains("  required_sections:\n    - ## Requirements\n    - ## Acceptance Criteria\n    - ## Security Scope\n"), "{text}");
    assert!(
        text.contains("  valid_statuses:\n    - Draft\n    - In Progress\n    - Done\n"),
        "{text}"
    );
}

#[test]
fn schema_json_and_all() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["schema", "board", "--format", "json"]);
    assert_code(&out, 0);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["type"], "board");
    assert_eq!(
        json["fields"]["sections"],
        serde_json::json!(["## 📋 Backlog", "## 🔄 In Progress", "## ✅ Done"])
    );
    let out = repo.pactkit(&["schema", "--all", "--format", "json"]);
    assert_code(&out, 0);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let types: Vec<&str> = all
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["type"].as_str())
        .collect();
    assert_eq!(
        types,
        ["spec", "board", "context", "lessons", "testcase", "config"]
    );
}

#[test]
fn schema_config_names_the_source() {
    let repo = TestRepo::new();
    repo.write(".claude/pactkit.yaml", "developer: alice\n");
    let out = repo.pactkit(&["schema", "config", "--format", "json"]);
    assert_code(&out, 0);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let developer = &json["fields"]["developer"];
    assert_eq!(developer["effective"], "\"alice\"", "{json}");
    assert_eq!(developer["default"], "\"\"", "{json}");
    assert_eq!(developer["source"], ".claude/pactkit.yaml:1", "{json}");
}

#[test]
fn schema_without_type_lists_types_and_unknown_type_is_usage() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["schema"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    for kind in ["spec", "board", "context", "lessons", "testcase", "config"] {
        assert!(text.contains(&format!("\n  {kind} ")), "{text}");
    }
    assert_code(&repo.pactkit(&["schema", "nonsense"]), 2);
}

#[test]
fn guard_json() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "");
    let out = repo.pactkit(&["guard", "--format", "json"]);
    assert_code(&out, 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["pass"], false);
    assert_eq!(json["missing"].as_array().map(Vec::len), Some(2), "{json}");
}
