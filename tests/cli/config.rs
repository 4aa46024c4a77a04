//! `pactkit config show | check`.

use crate::common::*;

#[test]
fn no_file_means_defaults() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "no configuration file; using defaults\n");
    let out = repo.pactkit(&["config", "show", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let pre_commit = doc["values"]
        .as_array()
        .expect("values")
        .iter()
        .find(|v| v["key"] == "hooks.pre-commit")
        .cloned();
    assert_eq!(
        pre_commit.map(|v| (v["value"].clone(), v["source"].clone())),
        Some((
            serde_json::json!(["spec", "secrets", "lint"]),
            serde_json::json!("default")
        ))
    );
}

#[test]
fn show_names_the_line_each_value_came_from() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "developer: alice\nhooks:\n  fail_fast: true\n",
    );
    let text = stdout(&repo.pactkit(&["config", "show"]));
    assert!(
        text.contains("hooks.fail_fast: true  # pactkit.yaml:3"),
        "{text}"
    );
    assert!(
        text.contains("developer: \"alice\"  # pactkit.yaml:1"),
        "{text}"
    );
    assert!(
        text.contains("hooks.on_gate_error: \"block\"  # default"),
        "{text}"
    );
}

#[test]
fn unknown_keys_warn_with_their_dotted_path_and_strict_exits_2() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "gates:\n  coverage:\n    treshold: 80\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out)
            .contains("gates.coverage.treshold: unknown key, ignored (did you mean `threshold`?)"),
        "{}",
        render(&out)
    );
    assert_code(&repo.pactkit(&["config", "check", "--strict"]), 2);
}

#[test]
fn a_wrong_type_names_file_line_column_key_found_and_expected() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "hooks:\n  fail_fast: maybe\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains(
            "pactkit.yaml:2:14: hooks.fail_fast: found string \"maybe\", expected a boolean"
        ),
        "{err}"
    );
}

#[test]
fn malformed_yaml_is_exit_2_with_the_line() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-commit: [spec\n  fail_fast: true\n",
    );
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("pactkit.yaml:"), "{}", render(&out));
}

#[test]
fn an_unknown_gate_in_a_hook_list_is_an_error() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "hooks:\n  pre-commit: [spec, secret]\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("pactkit.yaml:2:1: hooks.pre-commit: unknown gate `secret`"),
        "{}",
        render(&out)
    );
}

#[test]
fn legacy_locations_are_read_and_shadowing_is_reported() {
    let repo = TestRepo::new();
    repo.write(".claude/pactkit.yaml", "developer: bob\n");
    repo.write(".codex/pactkit.yaml", "developer: carol\n");
    let out = repo.pactkit(&["config", "show"]);
    assert!(
        stdout(&out).contains("developer: \"carol\"  # .codex/pactkit.yaml:1"),
        "{}",
        render(&out)
    );
    assert!(
        stderr(&out).contains(".claude/pactkit.yaml"),
        "{}",
        render(&out)
    );
}

#[test]
fn pactkit_legacy_fields_are_accepted_and_legacy_hook_switches_warn() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "stack: python\nroot: .\ndeveloper: \"\"\nci:\n  provider: github\nhooks:\n  pre_commit_lint: true\nregression:\n  strategy: impact\n  max_impact_tests: 50\ncheck:\n  pactguard:\n    enabled: false\ne2e:\n  type: none\nvisualize:\n  scan_excludes: [venv]\nagent_models:\n  system-architect: opus\n",
    );
    let out = repo.pactkit(&["config", "check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let keys: Vec<&str> = doc["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["key"].as_str())
        .collect();
    assert_eq!(keys, vec!["hooks.pre_commit_lint"], "{doc}");
}

#[test]
fn crlf_and_bom_files_load() {
    let repo = TestRepo::new();
    repo.write_bytes(
        "pactkit.yaml",
        b"\xEF\xBB\xBFdeveloper: alice\r\nhooks:\r\n  fail_fast: true\r\n",
    );
    let out = repo.pactkit(&["config", "check", "--strict"]);
    assert_code(&out, 0);
}

#[test]
fn found_from_a_subdirectory() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "developer: alice\n")
        .write("sub/dir/x.txt", "x");
    let out = repo
        .pactkit_cmd()
        .current_dir(repo.path("sub/dir"))
        .args(["config", "show"])
        .output()
        .expect("run");
    assert!(
        stdout(&out).contains("# pactkit.yaml:1"),
        "{}",
        render(&out)
    );
}
