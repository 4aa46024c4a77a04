//! `pactkit config show | check` through the real binary in temporary repositories.

use crate::common::{TestRepo, assert_code, render, stderr, stdout};
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

fn value<'a>(report: &'a Value, key: &str) -> &'a Value {
    let values = report["values"].as_array().expect("values");
    values
        .iter()
        .find(|v| v["key"] == key)
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn show_without_a_file_lists_defaults() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["config", "show"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("# no configuration file"), "{text}");
    assert!(
        text.contains("hooks.pre-commit: [spec, secrets, lint]  # default\n"),
        "{text}"
    );
    assert!(
        text.contains("gates.coverage.required: false  # default\n"),
        "{text}"
    );
    assert_eq!(stderr(&out), "");

    let out = repo.pactkit(&["config", "show", "--format", "json"]);
    assert_code(&out, 0);
    let report = json(&out);
    assert_eq!(report["file"], Value::Null);
    let entry = value(&report, "hooks.pre-commit");
    assert_eq!(
        entry["value"],
        serde_json::json!(["spec", "secrets", "lint"])
    );
    assert_eq!(entry["source"], "default");
    assert_eq!(entry["line"], Value::Null);
}

#[test]
fn show_with_a_file_names_the_line_of_each_value() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "# pactkit\ndeveloper: alice\nhooks:\n  fail_fast: true\n",
    );
    let out = repo.pactkit(&["config", "show"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("developer: alice  # pactkit.yaml:2\n"),
        "{text}"
    );
    assert!(
        text.contains("hooks.fail_fast: true  # pactkit.yaml:4\n"),
        "{text}"
    );
    assert!(
        text.contains("hooks.on_gate_error: block  # default\n"),
        "{text}"
    );

    let report = json(&repo.pactkit(&["config", "show", "--format", "json"]));
    assert_eq!(report["file"], "pactkit.yaml");
    let entry = value(&report, "hooks.fail_fast");
    assert_eq!(
        (
            entry["value"].clone(),
            entry["source"].clone(),
            entry["line"].clone()
        ),
        (true.into(), "file".into(), 4.into())
    );
}

#[test]
fn check_reports_ok_or_defaults() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "no configuration file; using defaults\n");

    repo.write(".claude/pactkit.yaml", "stack: python\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), ".claude/pactkit.yaml: ok\n");
}

#[test]
fn check_warns_on_unknown_keys_and_strict_exits_2() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "gates:\n  coverage:\n    treshold: 80\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "pactkit.yaml: ok\n");
    assert_eq!(
        stderr(&out),
        "warning: pactkit.yaml: gates.coverage.treshold: unknown key\n"
    );

    let out = repo.pactkit(&["config", "check", "--strict"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("gates.coverage.treshold"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("error: pactkit.yaml: 1 warning, treated as errors by --strict"),
        "{}",
        stderr(&out)
    );

    let out = repo.pactkit(&["config", "check", "--strict", "--format", "json"]);
    assert_code(&out, 2);
    let report = json(&out);
    assert_eq!(report["valid"], false);
    assert_eq!(report["warnings"][0]["key"], "gates.coverage.treshold");
    assert_eq!(report["errors"], serde_json::json!([]));
}

#[test]
fn malformed_file_exits_2_with_its_position() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "hooks:\n  fail_fast: true\n wrong: 1\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("error: pactkit.yaml:3:"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");

    let out = repo.pactkit(&["config", "show"]);
    assert_code(&out, 2);

    let out = repo.pactkit(&["config", "check", "--format", "json"]);
    assert_code(&out, 2);
    let report = json(&out);
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"][0]["line"], 3);
}

#[test]
fn wrong_type_error_has_key_found_and_expected() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "# x\nhooks:\n  fail_fast: \"yes\"\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: pactkit.yaml:3:14: hooks.fail_fast: found string \"yes\", expected a boolean"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_word_outside_a_closed_choice_exits_2_naming_file_key_and_allowed_words() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "ci:\n  provider: jenkins\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: pactkit.yaml:2:13: ci.provider: unknown variant `jenkins`, \
             expected one of `github`, `gitlab`, `none`"
        ),
        "{}",
        stderr(&out)
    );
    repo.write("pactkit.yaml", "stack: [python, cobol]\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: pactkit.yaml:1:17: stack[1]: unknown stack `cobol` in the list; \
             valid: go, java, node, python, rust"
        ),
        "{}",
        stderr(&out)
    );
    repo.write(
        "pactkit.yaml",
        "ci:\n  provider: gitlab\nstack: [python, go]\n",
    );
    assert_code(&repo.pactkit(&["config", "check"]), 0);
}

#[test]
fn unknown_gate_name_exits_2_listing_valid_gates() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "hooks:\n  pre-push: [branch, tests]\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("unknown gate `tests`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out)
            .contains("valid gates: commit-msg, spec, secrets, lint, branch, regression, coverage")
    );
}

#[test]
fn a_subdirectory_finds_the_root_file() {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "developer: bob\n");
    repo.write("src/deep/keep.txt", "");
    let out = repo
        .pactkit_cmd()
        .current_dir(repo.path("src/deep"))
        .args(["config", "check"])
        .output()
        .expect("run");
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "pactkit.yaml: ok\n");

    let out = repo.pactkit(&["-C", "src/deep", "config", "show", "--format", "json"]);
    assert_code(&out, 0);
    assert_eq!(value(&json(&out), "developer")["value"], "bob");
}

#[test]
fn shadowed_legacy_file_is_reported() {
    let repo = TestRepo::new();
    repo.write(".codex/pactkit.yaml", "developer: codex\n");
    repo.write(".claude/pactkit.yaml", "developer: claude\n");
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), ".codex/pactkit.yaml: ok\n");
    assert!(
        stderr(&out).contains("ignoring .claude/pactkit.yaml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn show_prints_a_commitlint_rule_as_written_and_credits_the_file() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "gates:\n  commit-msg:\n    rules:\n      header-max-length: [2, always, 72]\n",
    );
    let out = repo.pactkit(&["config", "show"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains(
            "gates.commit-msg.rules.header-max-length: [2, always, 72]  # pactkit.yaml:4\n"
        ),
        "{text}"
    );
}

/// Settings a gate would refuse (it could not run, and every commit would be blocked with
/// "could not run") fail `config check` — all of them, each at its key — and every other
/// command warns about them.
#[test]
fn check_reports_every_setting_a_gate_refuses() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "gates:\n  commit-msg:\n    ignores: ['(']\n    rules:\n      header-max-length: [2, always, -1]\n  \
         secrets:\n    allow: ['(x']\n    min_entropy: .nan\n  coverage:\n    pass: 101\n",
    );
    for args in [
        &["config", "check"][..],
        &["config", "check", "--strict"][..],
    ] {
        let out = repo.pactkit(args);
        assert_code(&out, 2);
        let err = stderr(&out);
        for key in [
            "gates.commit-msg.ignores[0]",
            "gates.commit-msg.rules.header-max-length",
            "gates.secrets.allow[0]",
            "gates.secrets.min_entropy",
            "gates.coverage: gates.coverage.pass (101)",
        ] {
            assert!(
                err.contains(&format!("pactkit.yaml: {key}")),
                "{key}: {err}"
            );
        }
        assert!(err.contains("5 settings the gates refuse"), "{err}");
    }
    let out = repo.pactkit(&["config", "check", "--format", "json"]);
    assert_code(&out, 2);
    let doc = json(&out);
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["errors"].as_array().map(Vec::len), Some(5));
    // Another command warns and goes on.
    let out = repo.pactkit(&["config", "show"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("gates.secrets.min_entropy") && stderr(&out).contains("cannot run"),
        "{}",
        render(&out)
    );
}

/// pactkit's own rule modules (what `init` deploys) are rules for `rule_scopes` and
/// `rules`, as PactKit's rule ids are.
#[test]
fn rule_scopes_accept_pactkits_rule_modules() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "rules: [core, 05-workflow-conventions]\nrule_scopes:\n  security: 'src/**'\n  01-core-protocol: '**'\n",
    );
    let out = repo.pactkit(&["config", "check", "--strict"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "pactkit.yaml: ok\n", "{}", render(&out));
}

/// Dotted leaf keys of a YAML/JSON value, as `config show` names them: maps are descended
/// into (an empty map is a leaf), lists and scalars are values.
fn leaves(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(&path, child, out);
            }
        }
        _ => out.push((prefix.to_owned(), value.clone())),
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// The README block introduced as the defaults is what `config show` prints on an empty
/// repository: the same value for each of its keys, and every key the hooks and gates read.
#[test]
fn the_readme_defaults_are_the_defaults() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    let intro = readme
        .find("No file at all means these defaults")
        .expect("the defaults paragraph");
    let block = &readme[intro..];
    let open = block.find("```yaml\n").expect("a yaml block") + 8;
    let close = open + block[open..].find("```").expect("closed");
    let documented: Value = serde_yaml_ng::from_str(&block[open..close]).expect("yaml");
    let mut documented_leaves = Vec::new();
    leaves("", &documented, &mut documented_leaves);

    let repo = TestRepo::new();
    let out = repo.pactkit(&["config", "show", "--format", "json"]);
    assert_code(&out, 0);
    let shown = json(&out);
    let defaults: Vec<(String, Value)> = shown["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            (
                v["key"].as_str().unwrap_or("").to_owned(),
                v["value"].clone(),
            )
        })
        .collect();
    for (key, value) in &documented_leaves {
        let default = defaults.iter().find(|(k, _)| k == key).unwrap_or_else(|| {
            panic!("README documents `{key}`, which config show does not print")
        });
        assert!(
            same_value(value, &default.1),
            "README says {key}: {value}, the default is {}",
            default.1
        );
    }
    for (key, _) in defaults.iter().filter(|(k, _)| {
        k.starts_with("hooks.")
            || k.starts_with("gates.")
            || k == "lint_blocking"
            || k == "auto_fix"
    }) {
        assert!(
            documented_leaves.iter().any(|(k, _)| k == key),
            "the README defaults leave out `{key}`"
        );
    }
}

#[test]
fn deep_or_huge_files_are_refused_naming_the_file_and_sane_nesting_passes() {
    let repo = TestRepo::new();
    // 64 KB of nested lists under an unknown key took 4 s in the YAML parser.
    let half = 32 * 1024;
    let deep = format!("zzz: {}{}\n", "[".repeat(half), "]".repeat(half));
    repo.write("pactkit.yaml", &deep);
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("error: pactkit.yaml:1:"), "{}", render(&out));
    assert!(err.contains("nested deeper than 64"), "{}", render(&out));
    // A commit reads the file too: refused the same way, not after seconds.
    repo.write("a.txt", "a\n")
        .git(&["add", "a.txt", "pactkit.yaml"]);
    let out = repo.pactkit(&["hooks", "run", "pre-commit"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("nested deeper than 64"),
        "{}",
        render(&out)
    );

    let huge = format!("zzz:\n{}", "  - 'padding padding padding'\n".repeat(40_000));
    repo.write("pactkit.yaml", &huge);
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out)
            .contains("pactkit.yaml:1:1: the file is 1200005 bytes; pactkit reads at most 1048576"),
        "{}",
        render(&out)
    );

    let fine = format!(
        "zzz: {}{}\ngates: {{coverage: {{pass: 80}}}}\n",
        "[".repeat(60),
        "]".repeat(60)
    );
    repo.write("pactkit.yaml", &fine);
    let out = repo.pactkit(&["config", "check"]);
    assert_code(&out, 0);
}
