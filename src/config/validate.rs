//! Checks beyond types: gate names in the hook lists (an unknown one is an error, because a
//! gate that silently never runs looks exactly like one that passes), PactKit's value
//! checks (as warnings, with PactKit's wording), legacy keys, and unknown-key suggestions.

use super::provenance::key_lines;
use super::{Config, ConfigError, ConfigWarning};
use crate::gates::GateId;
use std::path::Path;

const STACKS: [&str; 4] = ["go", "java", "node", "python"];
const MODELS: [&str; 4] = ["haiku", "inherit", "opus", "sonnet"];

/// The message for an unknown key.
pub fn unknown_key_message(key: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    match suggestion(last) {
        Some(known) => format!("unknown key, ignored (did you mean `{known}`?)"),
        None => "unknown key, ignored".to_owned(),
    }
}

const KNOWN_KEYS: [&str; 40] = [
    "stack",
    "root",
    "developer",
    "agents",
    "commands",
    "skills",
    "rules",
    "exclude",
    "ci",
    "issue_tracker",
    "lint_blocking",
    "auto_fix",
    "venv",
    "release",
    "regression",
    "check",
    "done",
    "e2e",
    "visualize",
    "command_models",
    "agent_models",
    "rule_scopes",
    "command_rules",
    "enterprise",
    "trace",
    "sprint",
    "hooks",
    "gates",
    "pre-commit",
    "commit-msg",
    "pre-push",
    "on_gate_error",
    "fail_fast",
    "required",
    "threshold",
    "provider",
    "strategy",
    "max_impact_tests",
    "references",
    "ignores",
];

fn suggestion(key: &str) -> Option<&'static str> {
    crate::text::closest(key, &KNOWN_KEYS)
}

/// Runs every check; errors for unusable values, warnings for the rest.
pub fn check(config: &Config, path: &Path, text: &str) -> Result<Vec<ConfigWarning>, ConfigError> {
    check_gate_lists(config, path, text)?;
    let mut warnings = Vec::new();
    let mut warn = |key: &str, message: String| {
        warnings.push(ConfigWarning {
            file: path.to_path_buf(),
            key: key.to_owned(),
            message,
        });
    };
    for (key, message) in config.gates.commit_msg.unknown_keys() {
        warn(&format!("gates.commit-msg.{key}"), message);
    }
    for (key, set) in [
        ("hooks.pre_commit_lint", config.hooks.pre_commit_lint),
        ("hooks.post_test_coverage", config.hooks.post_test_coverage),
        ("hooks.pre_push_check", config.hooks.pre_push_check),
    ] {
        if set.is_some() {
            warn(key, "PactKit 2.10's hook template switch has no effect; list gates under hooks.pre-commit / hooks.pre-push instead".into());
        }
    }
    check_stack(config, &mut warn);
    if !config.developer.is_empty() && !valid_developer(&config.developer) {
        warn(
            "developer",
            format!(
                "Developer prefix '{}' should be 2-20 chars of lowercase letters, digits, and hyphens (e.g., 'alice', 'bob-01'). Current value may cause issues with Story ID generation.",
                config.developer
            ),
        );
    }
    if !["none", "github", "gitlab"].contains(&config.ci.provider.as_str()) {
        warn(
            "ci.provider",
            format!(
                "Invalid CI provider '{}'. Valid: github, gitlab, none",
                config.ci.provider
            ),
        );
    }
    if !["none", "github"].contains(&config.issue_tracker.provider.as_str()) {
        warn(
            "issue_tracker.provider",
            format!(
                "Invalid issue tracker provider '{}'. Valid: github, none",
                config.issue_tracker.provider
            ),
        );
    }
    if !["impact", "full"].contains(&config.regression.strategy.as_str()) {
        warn(
            "regression.strategy",
            format!(
                "regression.strategy should be 'impact' or 'full', got '{}'",
                config.regression.strategy
            ),
        );
    }
    if config.regression.max_impact_tests <= 0 {
        warn(
            "regression.max_impact_tests",
            format!(
                "regression.max_impact_tests should be a positive integer, got {}",
                config.regression.max_impact_tests
            ),
        );
    }
    for (agent, model) in &config.agent_models {
        if !MODELS.contains(&model.as_str()) {
            warn(
                &format!("agent_models.{agent}"),
                format!(
                    "Invalid model '{model}' for agent '{agent}'. Valid: haiku, inherit, opus, sonnet"
                ),
            );
        }
    }
    if config.version.is_some() {
        warn(
            "version",
            "legacy key; the version is tracked by the tool, not the project".into(),
        );
    }
    Ok(warnings)
}

fn valid_developer(dev: &str) -> bool {
    let bytes = dev.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    (2..=20).contains(&bytes.len())
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes.iter().all(|b| edge(b) || *b == b'-')
}

fn check_stack(config: &Config, warn: &mut impl FnMut(&str, String)) {
    match &config.stack {
        Some(serde_yaml_ng::Value::String(s)) if s != "auto" && !STACKS.contains(&s.as_str()) => {
            warn(
                "stack",
                format!("Unknown stack: {s}. Valid: auto, go, java, node, python"),
            );
        }
        Some(serde_yaml_ng::Value::Sequence(items)) => {
            for item in items {
                let name = item.as_str().unwrap_or("?");
                if !STACKS.contains(&name) {
                    warn(
                        "stack",
                        format!("Unknown stack in list: {name}. Valid: go, java, node, python"),
                    );
                }
            }
        }
        _ => {}
    }
}

fn check_gate_lists(config: &Config, path: &Path, text: &str) -> Result<(), ConfigError> {
    let lines = key_lines(text);
    for (hook, gates) in [
        ("pre-commit", &config.hooks.pre_commit),
        ("commit-msg", &config.hooks.commit_msg),
        ("pre-push", &config.hooks.pre_push),
    ] {
        if let Some(bad) = gates.iter().find(|g| GateId::parse(g).is_none()) {
            let key = format!("hooks.{hook}");
            let line = lines.iter().find(|(k, _)| *k == key).map_or(1, |(_, l)| *l);
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column: 1,
                message: format!(
                    "{key}: unknown gate `{bad}`; valid gates: {}",
                    GateId::all_names()
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn developer_prefix_rules_follow_pactkit() {
        assert!(valid_developer("alice"));
        assert!(valid_developer("bob-01"));
        assert!(!valid_developer("a"));
        assert!(!valid_developer("Alice"));
        assert!(!valid_developer("-bob"));
    }

    #[test]
    fn suggestions_for_near_misses() {
        assert_eq!(
            unknown_key_message("gates.coverage.treshold"),
            "unknown key, ignored (did you mean `threshold`?)"
        );
        assert_eq!(unknown_key_message("hooks.zzzzzz"), "unknown key, ignored");
    }
}
