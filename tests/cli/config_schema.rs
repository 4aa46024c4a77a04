//! `pactkit config schema`: the committed `schema/pactkit.schema.json` equals the binary's
//! output, and the schema agrees with the loader on real configurations (the README's
//! examples, one file using every key, files the loader rejects or warns about).

use crate::common::json_schema::validate;
use crate::common::{TestRepo, assert_code, crate_root, render, stdout};
use serde_json::Value;

/// The committed schema, relative to the crate root.
const COMMITTED: &str = "schema/pactkit.schema.json";

fn schema() -> Value {
    let repo = TestRepo::empty_dir();
    let out = repo.pactkit(&["config", "schema"]);
    assert_code(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"))
}

/// YAML text → the JSON value a schema validator (and an editor) sees.
fn yaml(text: &str) -> Value {
    let value: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(text).unwrap_or_else(|e| panic!("bad YAML ({e}):\n{text}"));
    serde_json::to_value(value).expect("YAML with string keys is JSON")
}

/// Runs `pactkit config check [--strict]` on `text` as the repository's pactkit.yaml.
fn check(text: &str, strict: bool) -> std::process::Output {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", text);
    let mut args = vec!["config", "check"];
    if strict {
        args.push("--strict");
    }
    repo.pactkit(&args)
}

#[test]
fn committed_schema_matches_the_binary() {
    let repo = TestRepo::empty_dir();
    let out = repo.pactkit(&["config", "schema"]);
    assert_code(&out, 0);
    let committed = std::fs::read_to_string(crate_root().join(COMMITTED))
        .unwrap_or_else(|e| panic!("cannot read {COMMITTED}: {e}"));
    assert!(
        stdout(&out) == committed,
        "{COMMITTED} is out of date with the configuration types.\n\
         Regenerate it with:\n\n    cargo run -- config schema --output {COMMITTED}\n\n\
         and commit the result."
    );
}

#[test]
fn output_writes_the_same_text_to_a_file() {
    let repo = TestRepo::empty_dir();
    let printed = repo.pactkit(&["config", "schema"]);
    let out = repo.pactkit(&["config", "schema", "--output", "out/schema.json"]);
    assert_code(&out, 3);
    assert!(
        render(&out).contains("cannot write out/schema.json"),
        "{}",
        render(&out)
    );

    let out = repo.pactkit(&["config", "schema", "--output", "schema.json"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "", "nothing on stdout with --output");
    assert_eq!(repo.read("schema.json"), stdout(&printed));
}

/// A configuration that sets every key the model has (the legacy ones aside), each to a
/// value other than its default where that is possible.
const EVERY_KEY: &str = r#"
developer: alice
stack: [python, node]
root: .
agents: [senior-developer, qa-engineer]
commands: [project-act, project-plan]
skills: [pactkit-board]
rules: [01-core-protocol]
exclude: {agents: [visual-architect], commands: [project-hotfix], skills: [pactkit-draw], rules: [03-file-atlas]}
ci: {provider: github, runner: ubuntu-22.04, language_version: "3.11", github_host: ghe.example.com, actions_ref: my-org/, install_cmd: pip install -e .}
issue_tracker: {provider: github}
lint_blocking: true
auto_fix: true
venv: {auto_detect: false, path: .venv}
release: {github_release: true}
regression: {strategy: full, max_impact_tests: 20}
check:
  security_checklist: false
  security_scope_override: full
  pactguard: {enabled: true, mode: pattern, ruleset: strict, blocking: true}
  observe: {enabled: true, sources: playwright, max_console: 10, max_network: 20}
done: {lesson_quality_threshold: 12}
e2e: {type: cli, blocking: true, test_dir: e2e, env_file: .env.e2e, api_spec: openapi.yaml, compose_file: compose.yml}
visualize:
  scan_excludes: [vendor]
  stub_edges: ["a.py -> b.py"]
  layers: [{name: core, patterns: ["src/core/**"]}]
  graph_provider: codegraph
sprint: {max_parallel: 2}
command_models: {project-act: opus}
agent_models: {senior-developer: opus}
rule_scopes: {01-core-protocol: "src/**", 03-file-atlas: ["docs/**", "*.md"]}
command_rules: {project-act: [core, credential]}
enterprise: {no_git: true, no_external: true, non_interactive: true, debug: true}
trace: {fetch_functions: [fetch], agent_strategies: [{name: x}], agent_markers: ["@agent"]}
multi_agent: {anything: [1, 2]}
hooks:
  pre-commit: [secrets, lint]
  commit-msg: [commit-msg]
  pre-push: [branch, regression, coverage, spec]
  pre-receive: [commit-msg, branch, spec]
  on_gate_error: warn
  fail_fast: true
  agent:
    protected_paths: ["docs/specs/**", Makefile]
gates:
  commit-msg:
    required: true
    extends: none
    rules:
      type-enum: [2, always, [feat, fix]]
      subject-case: [0]
      header-max-length: [1, never, 100]
    ignores: ["^WIP "]
    default_ignores: false
    references: {level: 2, from_branch: false}
  spec: {required: true, require: any-active, allow_done_edits: true, require_test_cases: true, spec_wins: warn, specs_dir: specs, rules: pactkit-4}
  secrets: {required: true, allow: ["private-key:0123456789abcdef"], exclude: ["fixtures/**"], min_entropy: 4}
  lint:
    required: true
    commands:
      python: {check: "ruff check {files}", fix: "ruff check --fix {files}", fix_ok_exit: [1]}
      java: {check: ""}
    timeout: 120
  branch: {required: true, protected: [main, "release/*"], block_commits: true, push_allowed: [release-bot], allow_force_push: true, allow_forge_merges: false}
  contract: {allowed_signers: .github/allowed_signers}
  regression: {required: true, command: "pytest {tests}", timeout: 300, full_patterns: [conftest.py], max_impact_files: 10, protect_tests: block}
  coverage: {required: true, pass: 90, warn: 60.5, minimum_change: 0, command: make cov, timeout: 900, reports: [lcov.info], path_map: [{from: /ci/, to: ""}]}
"#;

/// Files the loader accepts, with a warning at most (the schema accepts them too).
const ACCEPTED_WITH_WARNINGS: &[(&str, &str)] = &[
    (
        "legacy PactKit 2.10 hook switch",
        "hooks:\n  pre_commit_lint: true\n",
    ),
    ("legacy version key", "version: 2\n"),
    ("user-defined top-level key", "my_team_notes: keep\n"),
    (
        "key of a newer PactKit in its section",
        "ci:\n  cache: true\n",
    ),
    ("value the loader warns about", "developer: Bob\n"),
];

/// Files the schema must reject; the loader rejects them too (`config check --strict`).
const REJECTED: &[(&str, &str)] = &[
    (
        "string for a number",
        "gates:\n  coverage:\n    pass: \"80\"\n",
    ),
    (
        "typo in a gate key",
        "gates:\n  coverage:\n    treshold: 80\n",
    ),
    ("typo in a hooks key", "hooks:\n  fail-fast: true\n"),
    (
        "typo in a gate name",
        "gates:\n  comit-msg: {required: true}\n",
    ),
    (
        "unknown gate in a hook",
        "hooks:\n  pre-commit: [spec, lnt]\n",
    ),
    ("unknown on_gate_error", "hooks:\n  on_gate_error: ignore\n"),
    ("unknown CI provider", "ci:\n  provider: jenkins\n"),
    ("unknown e2e type", "e2e:\n  type: mobile\n"),
    (
        "unknown PactGuard mode",
        "check:\n  pactguard: {mode: some}\n",
    ),
    ("unknown stack", "stack: cobol\n"),
    ("auto inside a stack list", "stack: [python, auto]\n"),
    ("string for a boolean", "lint_blocking: \"yes\"\n"),
    ("number for the stack", "stack: 3\n"),
    (
        "negative count",
        "gates:\n  coverage:\n    minimum_change: -1\n",
    ),
    (
        "rule without a condition",
        "gates:\n  commit-msg:\n    rules:\n      type-enum: [2]\n",
    ),
    (
        "rule with four items",
        "gates:\n  commit-msg:\n    rules:\n      type-enum: [2, always, [a], 1]\n",
    ),
    (
        "rule level out of range",
        "gates:\n  commit-msg:\n    rules:\n      type-enum: [3, always]\n",
    ),
    (
        "bad rule condition",
        "gates:\n  commit-msg:\n    rules:\n      type-enum: [2, sometimes]\n",
    ),
    (
        "typo in a path_map entry",
        "gates:\n  coverage:\n    path_map: [{form: a}]\n",
    ),
    ("top level not a mapping", "- spec\n"),
];

#[test]
fn a_file_using_every_key_is_valid_and_clean() {
    let schema = schema();
    let errors = validate(&schema, &yaml(EVERY_KEY));
    assert!(errors.is_empty(), "schema rejects EVERY_KEY: {errors:#?}");
    let out = check(EVERY_KEY, true);
    assert_code(&out, 0);
}

#[test]
fn the_every_key_file_covers_every_property_of_the_schema() {
    let schema = schema();
    let mut missing = Vec::new();
    uncovered(&schema, &schema, &yaml(EVERY_KEY), "", &mut missing);
    assert!(
        missing.is_empty(),
        "EVERY_KEY does not set these keys; add them so the test sees every section: {missing:?}"
    );
}

/// Properties of `schema` (through `$ref`) that `value` never sets; deprecated ones aside.
fn uncovered(root: &Value, schema: &Value, value: &Value, at: &str, missing: &mut Vec<String>) {
    let schema = deref(root, schema);
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (key, sub) in properties {
        let path = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        match value.get(key) {
            Some(child) => uncovered(root, sub, child, &path, missing),
            None if sub.get("deprecated") == Some(&Value::Bool(true)) => {}
            None => missing.push(path),
        }
    }
}

fn deref<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => root.pointer(&r[1..]).expect("local $ref"),
        None => schema,
    }
}

#[test]
fn files_with_warnings_are_valid_and_load() {
    let schema = schema();
    for (what, text) in ACCEPTED_WITH_WARNINGS {
        let errors = validate(&schema, &yaml(text));
        assert!(errors.is_empty(), "{what}: schema rejects it: {errors:#?}");
        let out = check(text, false);
        assert_code(&out, 0);
    }
}

#[test]
fn invalid_files_are_rejected_by_schema_and_loader() {
    let schema = schema();
    for (what, text) in REJECTED {
        let errors = validate(&schema, &yaml(text));
        assert!(!errors.is_empty(), "{what}: the schema accepts\n{text}");
        let out = check(text, true);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{what}: `config check --strict` should reject it:\n{}",
            render(&out)
        );
    }
}

/// The ```yaml blocks of `text`.
fn yaml_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```yaml\n") {
        let body = &rest[open + 8..];
        let close = body.find("```").expect("closed fence");
        blocks.push(body[..close].to_owned());
        rest = &body[close + 3..];
    }
    blocks
}

/// The pactkit.yaml examples of the documentation: README.md's "Configuration" section (up
/// to the next `## `) and docs/configuration-schema.md.
fn documented_examples() -> Vec<(&'static str, String)> {
    let read = |rel: &str| {
        std::fs::read_to_string(crate_root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let readme = read("README.md");
    let start = readme
        .find("\n## Configuration\n")
        .expect("a Configuration section");
    let section = &readme[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let mut examples: Vec<(&str, String)> = yaml_blocks(&section[..end])
        .into_iter()
        .map(|b| ("README.md", b))
        .collect();
    let page = read("docs/configuration-schema.md");
    examples.extend(
        yaml_blocks(&page)
            .into_iter()
            .map(|b| ("docs/configuration-schema.md", b)),
    );
    examples
}

#[test]
fn documented_configuration_examples_are_valid() {
    let schema = schema();
    let examples = documented_examples();
    assert!(examples.len() >= 4, "found {} examples", examples.len());
    for (file, text) in examples {
        let errors = validate(&schema, &yaml(&text));
        assert!(
            errors.is_empty(),
            "{file}: example rejected: {errors:#?}\n{text}"
        );
        let out = check(&text, true);
        assert_code(&out, 0);
    }
}

/// Files pactkit loads but the schema rejects, as docs/configuration-schema.md documents:
/// YAML distinctions a schema validator cannot see.
const STRICTER_THAN_THE_LOADER: &[(&str, &str)] = &[
    ("empty section", "gates:\n  # coverage:\n  #   pass: 90\n"),
    ("number where a string is expected", "developer: 42\n"),
    (
        "float where a string is expected",
        "ci:\n  language_version: 3.10\n",
    ),
];

#[test]
fn the_documented_stricter_cases_are_rejected_but_load() {
    let schema = schema();
    for (what, text) in STRICTER_THAN_THE_LOADER {
        let errors = validate(&schema, &yaml(text));
        assert!(!errors.is_empty(), "{what}: the schema accepts\n{text}");
        let out = check(text, false);
        assert_code(&out, 0);
    }
}

#[test]
fn every_key_config_show_prints_is_in_the_schema() {
    let schema = schema();
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", EVERY_KEY);
    let out = repo.pactkit(&["config", "show", "--format", "json"]);
    assert_code(&out, 0);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let values = report["values"].as_array().expect("values");
    assert!(values.len() > 50, "{}", render(&out));
    for entry in values {
        let key = entry["key"].as_str().expect("key");
        let found = key
            .split('.')
            .try_fold(&schema, |node, segment| child(&schema, node, segment));
        assert!(found.is_some(), "`{key}` is not described by the schema");
    }
}

/// The schema of `segment` below `node`: a property, a map's value schema, or the node
/// itself when it is opaque (no type, no properties: `multi_agent` takes anything).
fn child<'a>(root: &'a Value, node: &'a Value, segment: &str) -> Option<&'a Value> {
    let node = deref(root, node);
    if let Some(sub) = node.get("properties").and_then(|p| p.get(segment)) {
        return Some(sub);
    }
    let opaque = ["type", "properties", "$ref", "anyOf", "oneOf"]
        .iter()
        .all(|k| node.get(k).is_none());
    if opaque {
        return Some(node);
    }
    node.get("additionalProperties").filter(|a| a.is_object())
}

/// The same verdicts from an independent validator, when Python's `jsonschema` is there.
#[test]
fn python_jsonschema_agrees_when_installed() {
    if !crate::common::tools::require(&crate::common::tools::JSONSCHEMA) {
        return;
    }
    let repo = TestRepo::empty_dir();
    repo.write("schema.json", &schema().to_string());
    let mut cases = vec![(yaml(EVERY_KEY), true)];
    cases.extend(ACCEPTED_WITH_WARNINGS.iter().map(|(_, t)| (yaml(t), true)));
    cases.extend(REJECTED.iter().map(|(_, t)| (yaml(t), false)));
    cases.extend(
        STRICTER_THAN_THE_LOADER
            .iter()
            .map(|(_, t)| (yaml(t), false)),
    );
    let cases: Vec<Value> = cases
        .into_iter()
        .map(|(doc, valid)| serde_json::json!({"doc": doc, "valid": valid}))
        .collect();
    repo.write("cases.json", &Value::Array(cases).to_string());
    let script = "import json, jsonschema\n\
        schema = json.load(open('schema.json'))\n\
        jsonschema.Draft202012Validator.check_schema(schema)\n\
        v = jsonschema.Draft202012Validator(schema)\n\
        for i, case in enumerate(json.load(open('cases.json'))):\n\
        \x20   ok = v.is_valid(case['doc'])\n\
        \x20   if ok != case['valid']:\n\
        \x20       print(f'case {i}: valid={ok}, expected {case[\"valid\"]}: {case[\"doc\"]}')\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .current_dir(repo.root())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success() && out.stdout.is_empty(),
        "{}",
        render(&out)
    );
}
