//! Loader tests: every section, legacy keys, unknown keys, type errors with exact
//! positions, malformed YAML, discovery order and shadowing, encodings.

use super::*;
use assert_fs::TempDir;

fn project(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for (rel, contents) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }
    dir
}

fn load_text(text: &str) -> Result<LoadedConfig, ConfigError> {
    let dir = project(&[("pactkit.yaml", text.as_bytes())]);
    load(dir.path())
}

fn load_ok(text: &str) -> LoadedConfig {
    load_text(text).unwrap_or_else(|e| panic!("load failed: {e}"))
}

fn invalid(text: &str) -> (usize, usize, String) {
    match load_text(text) {
        Err(ConfigError::Invalid {
            path,
            line,
            column,
            message,
        }) => {
            assert_eq!(path, PathBuf::from("pactkit.yaml"));
            (line, column, message)
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn keys(loaded: &LoadedConfig) -> Vec<&str> {
    loaded.warnings.iter().map(|w| w.key.as_str()).collect()
}

#[test]
fn no_file_is_defaults_without_warnings() {
    let dir = project(&[]);
    let loaded = load(dir.path()).expect("load");
    assert!(loaded.path.is_none());
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.config.hooks.pre_commit, ["spec", "secrets", "lint"]);
    assert_eq!(loaded.config.hooks.on_gate_error, OnGateError::Block);
    assert_eq!(loaded.config.stack, Stack::One("auto".into()));
}

#[test]
fn empty_and_comment_only_files_are_defaults() {
    for text in ["", "\n\n", "# only a comment\n", "---\n"] {
        let loaded = load_ok(text);
        assert!(
            loaded.warnings.is_empty(),
            "{text:?}: {:?}",
            loaded.warnings
        );
        assert_eq!(
            loaded.config.hooks.pre_push,
            ["branch", "regression", "coverage"]
        );
    }
}

#[test]
fn hooks_and_gates_sections() {
    let loaded = load_ok(
        "hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n  pre-push:\n    - coverage\n  on_gate_error: warn\n  fail_fast: true\n\
         gates:\n  commit-msg:\n    required: true\n  spec: {required: true}\n  secrets: {required: true}\n  lint: {required: false}\n\
         \x20 branch: {required: true}\n  regression: {required: true}\n  coverage: {required: true}\n",
    );
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let hooks = &loaded.config.hooks;
    assert_eq!(hooks.pre_commit, ["secrets"]);
    assert!(hooks.commit_msg.is_empty());
    assert_eq!(hooks.pre_push, ["coverage"]);
    assert_eq!(hooks.on_gate_error, OnGateError::Warn);
    assert!(hooks.fail_fast);
    let gates = &loaded.config.gates;
    for gate in [
        "commit-msg",
        "spec",
        "secrets",
        "branch",
        "regression",
        "coverage",
    ] {
        assert!(gates.is_required(gate), "{gate}");
    }
    assert!(!gates.is_required("lint"));
    assert!(!gates.is_required("nope"));
}

#[test]
fn a_partial_section_keeps_the_other_defaults() {
    let loaded = load_ok("hooks:\n  fail_fast: true\ncheck:\n  pactguard:\n    enabled: true\n");
    assert_eq!(loaded.config.hooks.pre_commit, ["spec", "secrets", "lint"]);
    assert!(loaded.config.check.pactguard.enabled);
    assert_eq!(loaded.config.check.pactguard.mode, PactguardMode::All);
    assert!(loaded.config.check.security_checklist);
}

/// PactKit 2.10.6's generated file, trimmed of comments: loads without a warning.
#[test]
fn pactkit_generated_file_loads_cleanly() {
    let text = r#"stack: python
root: .
developer: ""
agents: [system-architect, senior-developer]
commands: [project-plan, project-act]
skills: [pactkit-board, project-plan]
rules: [01-core-protocol, 12-solution-design]
exclude:
  skills: [pactkit-draw]
ci:
  provider: github
  runner: ubuntu-latest
  language_version: "3.11"
  github_host: ""
  actions_ref: my-org/
  install_cmd: pip install -e .
issue_tracker:
  provider: none
lint_blocking: false
auto_fix: false
venv:
  auto_detect: true
  path: .venv
release:
  github_release: false
regression:
  strategy: impact
  max_impact_tests: 50
check:
  security_checklist: true
  security_scope_override: none
  pactguard: {enabled: false, mode: all, ruleset: "", blocking: false}
  observe: {enabled: false, sources: auto, max_console: 100, max_network: 200}
done:
  lesson_quality_threshold: 15
e2e:
  type: none
  blocking: false
  test_dir: tests/e2e
  env_file: .env.test
  api_spec: ""
  compose_file: docker-compose.test.yml
visualize:
  scan_excludes: [venv, node_modules]
  stub_edges: ["a.py -> b.py"]
  layers:
    - name: core
      patterns: ["src/core/**"]
  graph_provider: codegraph
sprint:
  max_parallel: 2
command_models:
  project-plan: opus
agent_models:
  qa-engineer: haiku
rule_scopes:
  03-file-atlas: "docs/**"
  05-workflow-conventions: ["src/**", "tests/**"]
command_rules:
  project-act: [core, credential]
enterprise: {no_git: true, no_external: false, non_interactive: true, debug: false}
trace: {fetch_functions: [fetch], agent_strategies: [], agent_markers: ["@agent"]}
multi_agent: {enabled: true}
version: 0.0.1
"#;
    let loaded = load_ok(text);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let c = &loaded.config;
    assert_eq!(c.stack, Stack::One("python".into()));
    assert_eq!(c.ci.provider, CiProvider::Github);
    assert_eq!(c.ci.language_version.as_deref(), Some("3.11"));
    assert_eq!(c.venv.path.as_deref(), Some(".venv"));
    assert_eq!(c.exclude.skills, ["pactkit-draw"]);
    assert_eq!(c.visualize.layers.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        c.rule_scopes.get("05-workflow-conventions"),
        Some(&OneOrMany::Many(vec!["src/**".into(), "tests/**".into()]))
    );
    assert_eq!(c.command_rules.get("project-act").map(Vec::len), Some(2));
    assert_eq!(c.enterprise.no_git, Some(true));
    assert_eq!(c.sprint.max_parallel, 2);
    assert_eq!(c.e2e.kind, E2eType::None);
}

#[test]
fn validation_warnings() {
    let loaded = load_ok(
        "stack: [python, go]\ndeveloper: Bob\n\
         regression: {strategy: full, max_impact_tests: 0}\nagents: [ghost]\ncommands: [project-draw]\n\
         agent_models: {qa-engineer: gpt}\nrule_scopes: {99-x: \"[a\"}\n",
    );
    let messages: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.key, w.message))
        .collect();
    let expected = [
        "developer: Developer prefix 'Bob' should be 2-20 chars",
        "agents: Unknown agent: ghost",
        "commands: Deprecated command 'project-draw' — converted to skill 'pactkit-draw' in v1.2.0. Remove from commands list.",
        "regression.max_impact_tests: regression.max_impact_tests should be a positive integer, got 0",
        "agent_models.qa-engineer: Invalid model 'gpt' for agent 'qa-engineer'. Valid: haiku, inherit, opus, sonnet",
        "rule_scopes.99-x: Unknown rule in rule_scopes: 99-x",
        "rule_scopes.99-x: Invalid glob pattern for rule '99-x': [a",
    ];
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    for (got, want) in messages.iter().zip(expected) {
        assert!(got.starts_with(want), "got {got:?}, want {want:?}");
    }
    assert_eq!(
        loaded.config.stack,
        Stack::Many(vec!["python".into(), "go".into()])
    );
    assert_eq!(loaded.config.regression.strategy, RegressionStrategy::Full);
    assert!(load_ok("stack: java\n").warnings.is_empty());
}

#[test]
fn a_word_outside_a_closed_choice_is_an_error_listing_the_allowed_words() {
    let cases = [
        (
            "ci:\n  provider: jenkins\n",
            (2, 13),
            "ci.provider: unknown variant `jenkins`, expected one of `github`, `gitlab`, `none`",
        ),
        (
            "issue_tracker: {provider: jira}\n",
            (1, 27),
            "issue_tracker.provider: unknown variant `jira`, expected `github` or `none`",
        ),
        (
            "regression: {strategy: some}\n",
            (1, 24),
            "regression.strategy: unknown variant `some`, expected `impact` or `full`",
        ),
        (
            "check:\n  security_scope_override: half\n",
            (2, 28),
            "check.security_scope_override: unknown variant `half`, expected `none` or `full`",
        ),
        (
            "check:\n  pactguard: {mode: some}\n",
            (2, 21),
            "check.pactguard.mode: unknown variant `some`, expected `pattern` or `all`",
        ),
        (
            "check:\n  observe: {sources: firefox}\n",
            (2, 22),
            "check.observe.sources: unknown variant `firefox`, expected one of `auto`, \
             `chrome-devtools`, `playwright`, `all`",
        ),
        (
            "e2e: {type: mobile}\n",
            (1, 13),
            "e2e.type: unknown variant `mobile`, expected one of `none`, `cli`, `frontend`, \
             `backend`, `fullstack`",
        ),
        (
            "stack: cobol\n",
            (1, 8),
            "stack: unknown stack `cobol`; valid: auto, go, java, node, python, rust",
        ),
        (
            "stack: [python, auto]\n",
            (1, 17),
            "stack[1]: unknown stack `auto` in the list; valid: go, java, node, python, rust",
        ),
    ];
    for (text, (line, column), message) in cases {
        assert_eq!(invalid(text), (line, column, message.to_owned()), "{text}");
    }
}

#[test]
fn legacy_hook_booleans_are_accepted_with_a_warning() {
    let loaded = load_ok(
        "hooks:\n  pre_commit_lint: true\n  post_test_coverage: false\n  pre_push_check: false\n",
    );
    assert_eq!(
        keys(&loaded),
        [
            "hooks.pre_commit_lint",
            "hooks.post_test_coverage",
            "hooks.pre_push_check"
        ]
    );
    assert!(
        loaded.warnings[0].message.contains("no effect"),
        "{}",
        loaded.warnings[0].message
    );
    assert!(
        loaded.warnings[1]
            .message
            .contains("`coverage` to `hooks.pre-push`")
    );
    assert_eq!(loaded.config.hooks.pre_commit, ["spec", "secrets", "lint"]);
}

#[test]
fn unknown_keys_at_several_depths() {
    let loaded = load_ok(
        "colour: red\nhooks:\n  pre_comit: [spec]\ngates:\n  coverage:\n    treshold: 80\n  commit-msg:\n    bogus: 1\n\
         check:\n  pactguard:\n    mod: all\nvisualize:\n  layers:\n    - nme: x\n",
    );
    assert_eq!(
        keys(&loaded),
        [
            "colour",
            "hooks.pre_comit",
            "gates.coverage.treshold",
            "gates.commit-msg.bogus",
            "check.pactguard.mod",
            "visualize.layers[0].nme"
        ]
    );
    let hooks = &loaded.warnings[1];
    assert_eq!(
        hooks.message,
        "unknown key (did you mean `hooks.pre-commit`?)"
    );
    assert_eq!(
        hooks.to_string(),
        "pactkit.yaml: hooks.pre_comit: unknown key (did you mean `hooks.pre-commit`?)"
    );
    assert_eq!(
        loaded.warnings[4].message,
        "unknown key (did you mean `check.pactguard.mode`?)"
    );
    assert_eq!(loaded.warnings[0].message, "unknown key");
}

#[test]
fn unknown_key_in_an_optional_section_has_no_placeholder_segment() {
    assert_eq!(
        keys(&load_ok("enterprise:\n  no_gitt: true\n")),
        ["enterprise.no_gitt"]
    );
}

#[test]
fn wrong_type_has_position_key_found_and_expected() {
    let (line, column, message) = invalid("# settings\nhooks:\n  fail_fast: \"yes\"\n");
    assert_eq!((line, column), (3, 14));
    assert_eq!(
        message,
        "hooks.fail_fast: found string \"yes\", expected a boolean"
    );
    let err = load_text("# settings\nhooks:\n  fail_fast: \"yes\"\n").expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "pactkit.yaml:3:14: hooks.fail_fast: found string \"yes\", expected a boolean"
    );
}

#[test]
fn wrong_types_deeper_and_in_lists() {
    let (line, column, message) = invalid("check:\n  observe:\n    max_console: lots\n");
    assert_eq!((line, column), (3, 18));
    assert_eq!(
        message,
        "check.observe.max_console: found string \"lots\", expected i64"
    );
    let (line, column, message) = invalid("hooks:\n  pre-commit: spec\n");
    assert_eq!((line, column), (2, 15));
    assert_eq!(
        message,
        "hooks.pre-commit: found string \"spec\", expected a list"
    );
    let (line, column, message) = invalid("hooks: 3\n");
    assert_eq!((line, column), (1, 8));
    assert_eq!(message, "hooks: found integer `3`, expected a mapping");
    let (_, _, message) = invalid("hooks:\n  on_gate_error: blok\n");
    assert!(
        message.starts_with("hooks.on_gate_error: unknown variant `blok`"),
        "{message}"
    );
}

#[test]
fn unknown_gate_in_a_hook_list_is_an_error_listing_the_valid_names() {
    let (line, column, message) = invalid("hooks:\n  pre-commit: [spec, secret]\n");
    assert_eq!((line, column), (2, 22));
    assert_eq!(
        message,
        "hooks.pre-commit[1]: unknown gate `secret` (did you mean `secrets`?); \
         valid gates: commit-msg, spec, secrets, lint, branch, regression, coverage"
    );
    let err: crate::infra::error::Error = load_text("hooks:\n  pre-push:\n    - nope\n")
        .expect_err("invalid")
        .into();
    assert_eq!(err.status(), crate::infra::exit::ExitStatus::Usage);
}

#[test]
fn malformed_yaml_has_line_and_column() {
    let (line, column, message) = invalid("hooks:\n  fail_fast: true\n wrong: 1\n");
    assert_eq!(line, 3, "{message}");
    assert!(message.starts_with("malformed YAML: "), "{message}");
    assert!(!message.contains(" at line "), "{message}");
    let (line, column_tab, message) = invalid("hooks:\n\tfail_fast: true\n");
    assert_eq!((line, column_tab), (2, 1), "{message}");
    assert!(
        message.ends_with("(a tab: YAML indents with spaces only)"),
        "{message}"
    );
    let (line, _, message) = invalid("developer: \"bob\nstack: python\n");
    assert!(
        line >= 1 && message.starts_with("malformed YAML"),
        "{line} {message}"
    );
    let _ = column;
}

#[test]
fn top_level_that_is_not_a_mapping_names_the_file() {
    let err = load_text("- a\n- b\n").expect_err("invalid");
    let text = err.to_string();
    assert!(
        text.starts_with("pactkit.yaml:1:1: the top-level value must be a mapping"),
        "{text}"
    );
    let err = load_text("just a string\n").expect_err("invalid");
    assert!(
        err.to_string().contains("found string \"just a string\""),
        "{err}"
    );
}

#[test]
fn non_utf8_file_names_the_file_and_position() {
    let dir = project(&[("pactkit.yaml", b"developer: bob\nstack: py\xffthon\n")]);
    match load(dir.path()) {
        Err(ConfigError::Invalid {
            path,
            line,
            column,
            message,
        }) => {
            assert_eq!(path, PathBuf::from("pactkit.yaml"));
            assert_eq!((line, column), (2, 10));
            assert!(message.contains("UTF-8"), "{message}");
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn crlf_and_bom_are_accepted() {
    let loaded = load_ok("\u{feff}developer: bob\r\nhooks:\r\n  fail_fast: true\r\n");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.config.developer, "bob");
    assert!(loaded.config.hooks.fail_fast);
    let (line, column, _) = invalid("\u{feff}hooks:\r\n  fail_fast: 7\r\n");
    assert_eq!((line, column), (2, 14));
}

#[test]
fn discovery_prefers_root_then_pactkit_order_and_warns_about_shadowed_files() {
    let dir = project(&[
        (".claude/pactkit.yaml", b"developer: claude\n"),
        (".codex/pactkit.yaml", b"developer: codex\n"),
    ]);
    let loaded = load(dir.path()).expect("load");
    assert_eq!(loaded.config.developer, "codex");
    assert_eq!(loaded.path, Some(dir.path().join(".codex/pactkit.yaml")));
    assert_eq!(loaded.warnings.len(), 1);
    let warning = &loaded.warnings[0];
    assert_eq!(warning.file, PathBuf::from(".codex/pactkit.yaml"));
    assert!(warning.key.is_empty());
    assert!(
        warning
            .to_string()
            .starts_with(".codex/pactkit.yaml: ignoring .claude/pactkit.yaml because"),
        "{warning}"
    );

    let dir = project(&[
        ("pactkit.yaml", b"developer: root\n"),
        (".opencode/pactkit.yaml", b"developer: opencode\n"),
        (".github/pactkit.yaml", b"developer: github\n"),
    ]);
    let loaded = load(dir.path()).expect("load");
    assert_eq!(loaded.config.developer, "root");
    assert!(
        loaded.warnings[0]
            .message
            .contains(".opencode/pactkit.yaml, .github/pactkit.yaml")
    );
}

#[test]
fn discovery_follows_pactkit_candidate_order() {
    for (i, winner) in CANDIDATES.iter().enumerate() {
        let files: Vec<(&str, &[u8])> = CANDIDATES[i..]
            .iter()
            .map(|rel| (*rel, &b"developer: x1\n"[..]))
            .collect();
        let dir = project(&files);
        let loaded = load(dir.path()).expect("load");
        assert_eq!(loaded.path, Some(dir.path().join(winner)));
        assert_eq!(loaded.warnings.len(), usize::from(i + 1 < CANDIDATES.len()));
    }
}

#[test]
fn provenance_marks_file_values_with_their_line() {
    let dir = project(&[("pactkit.yaml", b"# c\nhooks:\n  fail_fast: true\n")]);
    let (loaded, provenance) = load_with_provenance(dir.path()).expect("load");
    assert!(loaded.config.hooks.fail_fast);
    let entry = |key: &str| {
        provenance
            .entries
            .iter()
            .find(|e| e.key == key)
            .cloned()
            .expect(key)
    };
    assert_eq!(entry("hooks.fail_fast").line, Some(3));
    assert_eq!(entry("hooks.fail_fast").value, serde_json::json!(true));
    assert_eq!(entry("gates.coverage.required").line, None);
    assert!(provenance.entries.iter().all(|e| !e.key.is_empty()));
}
