//! PactKit's value validations that are not a closed set of words (those are enums in the
//! model, refused by the loader with the allowed words) and the legacy `hooks.*` booleans,
//! as `(dotted key, message)` warnings. Messages copy PactKit's wording where
//! PactKit pins it, so users see the same text from both tools. Never fails.

use super::model::{Config, LEGACY_HOOK_KEYS, OneOrMany};

const AGENTS: &[&str] = &[
    "code-explorer",
    "product-designer",
    "qa-engineer",
    "repo-maintainer",
    "security-auditor",
    "senior-developer",
    "system-architect",
    "system-medic",
    "visual-architect",
];
/// The 2.10 commands plus `project-debug` (2.16+), so newer PactKit files do not warn.
const COMMANDS: &[&str] = &[
    "project-act",
    "project-check",
    "project-clarify",
    "project-debug",
    "project-design",
    "project-done",
    "project-hotfix",
    "project-init",
    "project-plan",
    "project-pr",
    "project-release",
    "project-sprint",
];
const DEPRECATED_COMMANDS: &[&str] = &[
    "project-trace",
    "project-draw",
    "project-status",
    "project-doctor",
    "project-review",
];
const PACTKIT_SKILLS: &[&str] = &[
    "pactkit-analyze",
    "pactkit-audit",
    "pactkit-board",
    "pactkit-doctor",
    "pactkit-draw",
    "pactkit-garden",
    "pactkit-release",
    "pactkit-report",
    "pactkit-review",
    "pactkit-scaffold",
    "pactkit-status",
    "pactkit-trace",
    "pactkit-visualize",
];
const RULES: &[&str] = &[
    "01-core-protocol",
    "02-hierarchy-of-truth",
    "03-file-atlas",
    "04-routing-table",
    "05-workflow-conventions",
    "06-mcp-integration",
    "07-shared-protocols",
    "08-architecture-principles",
    "09-sectional-write",
    "11-pdca-nudge",
    "12-solution-design",
];
const MODELS: &[&str] = &["haiku", "inherit", "opus", "sonnet"];

/// A warning before it is tied to a file: `(dotted key, message)`.
pub type Finding = (String, String);

/// Every validation warning for `config`.
pub fn validate(config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    legacy_hooks(config, &mut out);
    developer(&config.developer, &mut out);
    registries(config, &mut out);
    numbers(config, &mut out);
    models_and_scopes(config, &mut out);
    out
}

fn push(out: &mut Vec<Finding>, key: &str, message: String) {
    out.push((key.to_owned(), message));
}

fn legacy_hooks(config: &Config, out: &mut Vec<Finding>) {
    let hooks = &config.hooks;
    let values = [
        hooks.pre_commit_lint,
        hooks.post_test_coverage,
        hooks.pre_push_check,
    ];
    for ((name, instead), value) in LEGACY_HOOK_KEYS.iter().zip(values) {
        if value.is_some() {
            let message = format!(
                "PactKit 2.10 hook template switch; it has no effect in pactkit: {instead}"
            );
            push(out, &format!("hooks.{name}"), message);
        }
    }
}

/// `^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$` or empty, checked by hand: this runs on every hook.
pub fn is_valid_developer(value: &str) -> bool {
    let bytes = value.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match bytes {
        [] => true,
        [first, inner @ .., last] => {
            (2..=20).contains(&bytes.len())
                && edge(first)
                && edge(last)
                && inner.iter().all(|b| edge(b) || *b == b'-')
        }
        [_] => false,
    }
}

fn developer(value: &str, out: &mut Vec<Finding>) {
    if !is_valid_developer(value) {
        let message = format!(
            "Developer prefix '{value}' should be 2-20 chars of lowercase letters, digits, and hyphens \
             (e.g., 'alice', 'bob-01'). Current value may cause issues with Story ID generation."
        );
        push(out, "developer", message);
    }
}

fn registries(config: &Config, out: &mut Vec<Finding>) {
    for agent in config
        .agents
        .iter()
        .flatten()
        .filter(|a| !AGENTS.contains(&a.as_str()))
    {
        push(out, "agents", format!("Unknown agent: {agent}"));
    }
    for command in config.commands.iter().flatten() {
        if DEPRECATED_COMMANDS.contains(&command.as_str()) {
            let skill = command.replacen("project-", "pactkit-", 1);
            let message = format!(
                "Deprecated command '{command}' — converted to skill '{skill}' in v1.2.0. Remove from commands list."
            );
            push(out, "commands", message);
        } else if !COMMANDS.contains(&command.as_str()) {
            push(out, "commands", format!("Unknown command: {command}"));
        }
    }
    for skill in config.skills.iter().flatten().filter(|s| !is_skill(s)) {
        push(out, "skills", format!("Unknown skill: {skill}"));
    }
    for rule in config.rules.iter().flatten().filter(|r| !is_rule(r)) {
        push(out, "rules", format!("Unknown rule: {rule}"));
    }
}

/// PactKit's rule ids (`05-workflow-conventions`) and pactkit's rule modules (`core`,
/// `security`, …: what `init` deploys, see `templates/rules/`) are both rules.
fn is_rule(name: &str) -> bool {
    RULES.contains(&name)
        || crate::deploy::catalog::of_kind(crate::deploy::catalog::Kind::Rule)
            .any(|template| template.name == name)
}

fn is_skill(name: &str) -> bool {
    PACTKIT_SKILLS.contains(&name) || COMMANDS.contains(&name)
}

fn numbers(config: &Config, out: &mut Vec<Finding>) {
    let max = config.regression.max_impact_tests;
    if max <= 0 {
        push(
            out,
            "regression.max_impact_tests",
            format!("regression.max_impact_tests should be a positive integer, got {max}"),
        );
    }
    let threshold = config.done.lesson_quality_threshold;
    if !(0..=25).contains(&threshold) {
        let message =
            format!("done.lesson_quality_threshold should be between 0 and 25, got {threshold}");
        push(out, "done.lesson_quality_threshold", message);
    }
}

fn models_and_scopes(config: &Config, out: &mut Vec<Finding>) {
    for (agent, model) in &config.agent_models {
        let key = format!("agent_models.{agent}");
        if !AGENTS.contains(&agent.as_str()) {
            push(out, &key, format!("Unknown agent in agent_models: {agent}"));
        } else if !MODELS.contains(&model.as_str()) {
            push(
                out,
                &key,
                format!(
                    "Invalid model '{model}' for agent '{agent}'. Valid: {}",
                    MODELS.join(", ")
                ),
            );
        }
    }
    for (rule, scope) in &config.rule_scopes {
        let key = format!("rule_scopes.{rule}");
        if !is_rule(rule) {
            push(out, &key, format!("Unknown rule in rule_scopes: {rule}"));
        }
        let globs = match scope {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many.as_slice(),
        };
        for glob in globs.iter().filter(|g| g.contains('[') && !g.contains(']')) {
            push(
                out,
                &key,
                format!("Invalid glob pattern for rule '{rule}': {glob}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn developer_prefix_follows_pactkit_regex() {
        for ok in ["", "alice", "bob-01", "a1", "abcdefghijklmnopqrst"] {
            assert!(is_valid_developer(ok), "{ok}");
        }
        for bad in [
            "a",
            "Alice",
            "-bob",
            "bob-",
            "bob_01",
            "abcdefghijklmnopqrstu",
            "bö",
        ] {
            assert!(!is_valid_developer(bad), "{bad}");
        }
    }

    #[test]
    fn rule_names_of_both_tools_are_rules() {
        for name in ["05-workflow-conventions", "core", "security", "testing"] {
            assert!(is_rule(name), "{name}");
        }
        assert!(!is_rule("99-x"));
        assert!(!is_rule("cores"));
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(validate(&Config::default()), Vec::<Finding>::new());
    }
}
