//! Unit tests of the contract: reading it and naming its weakenings.

use super::config_weakenings::diff_paths;
use super::*;

fn parse(yaml: &str) -> Config {
    serde_yaml_ng::from_str(yaml).expect("valid config")
}

fn weak(old: &str, new: &str) -> Vec<String> {
    config_weakenings(&parse(old), &parse(new))
}

#[test]
fn identical_configs_are_no_change() {
    assert!(weak("{}", "{}").is_empty());
    assert!(weak("gates: {spec: {require: referenced}}", "{}").is_empty());
}

#[test]
fn each_weakening_is_named() {
    let found = weak(
        "{}",
        "hooks: {pre-commit: [lint]}\ngates:\n  spec: {require: none, specs_dir: other}\n  secrets: {exclude: ['src/**'], min_entropy: 9}\n",
    );
    let text = found.join("\n");
    for needle in [
        "hooks.pre-commit no longer runs the `spec` gate",
        "hooks.pre-commit no longer runs the `secrets` gate",
        "gates.spec.require goes from referenced to none",
        "gates.spec.specs_dir moves from `docs/specs` to `other`",
        "gates.secrets.exclude gains `src/**`",
        "gates.secrets.min_entropy rises",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
}

#[test]
fn the_agent_hooks_protected_paths_may_grow_but_not_shrink() {
    let old = "hooks: {agent: {protected_paths: ['docs/specs/**', Makefile]}}";
    assert!(weak("{}", old).is_empty(), "adding paths strengthens");
    let found = weak(old, "hooks: {agent: {protected_paths: [Makefile]}}").join("\n");
    assert!(
        found.contains("hooks.agent.protected_paths drops `docs/specs/**`"),
        "{found}"
    );
}

#[test]
fn strengthening_changes_pass() {
    assert!(
        weak(
            "gates: {spec: {require: none}}",
            "gates: {spec: {require: referenced, require_test_cases: true}}"
        )
        .is_empty()
    );
    assert!(
        weak(
            "{}",
            "gates: {commit-msg: {rules: {header-max-length: [2, always, 72]}}}"
        )
        .is_empty()
    );
    assert!(weak("{}", "gates: {coverage: {pass: 90}}").is_empty());
    assert!(
        weak(
            "{}",
            "gates: {branch: {protected: [main, master, develop, 'release/*']}}"
        )
        .is_empty()
    );
    assert!(
        weak(
            "{}",
            "hooks: {pre-push: [branch, regression, coverage, secrets]}"
        )
        .is_empty()
    );
}

#[test]
fn rule_changes_that_cannot_be_judged_fail_closed() {
    let found = weak(
        "{}",
        "gates: {commit-msg: {rules: {header-max-length: [2, always, 200], type-enum: [2, always, [feat, fix, yolo]]}}}",
    );
    assert_eq!(found.len(), 2, "{found:?}");
    let found = weak("{}", "gates: {commit-msg: {rules: {subject-case: [0]}}}");
    assert!(
        found[0].contains("`subject-case` rule goes from level 2 to 0"),
        "{found:?}"
    );
}

#[test]
fn unknown_contract_keys_fail_closed() {
    let mut new = Config::default();
    new.gates.branch.protected.push("x".into());
    new.hooks.fail_fast = true;
    assert!(config_weakenings(&Config::default(), &new).is_empty());
    assert!(diff_paths_of(&Config::default(), &new).contains(&"hooks.fail_fast".to_owned()));
}

fn diff_paths_of(a: &Config, b: &Config) -> Vec<String> {
    let mut out = Vec::new();
    diff_paths(
        "",
        &serde_json::to_value(a).expect("json"),
        &serde_json::to_value(b).expect("json"),
        &mut out,
    );
    out
}

#[test]
fn contract_paths() {
    let c = Config::default();
    for path in [
        "pactkit.yaml",
        ".claude/pactkit.yaml",
        ".pactkit-secrets-allow",
        ".claude/settings.json",
        ".codex/hooks.json",
        ".github/workflows/ci.yml",
        ".gitlab-ci.yml",
        ".pactkit/allowed_signers",
    ] {
        assert!(is_contract_path(path, &c), "{path}");
    }
    for path in ["src/a.py", ".github/workflows/sub/x.yml", "docs/ci.md"] {
        assert!(!is_contract_path(path, &c), "{path}");
    }
}

#[test]
fn allow_patterns_are_never_quoted() {
    assert_eq!(
        describe_entry("aws-access-key:0123456789abcdef"),
        "`aws-access-key:0123456789abcdef`"
    );
    assert_eq!(describe_entry("sk_live_.*"), "a pattern of 10 characters");
}
