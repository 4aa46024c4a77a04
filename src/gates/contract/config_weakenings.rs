//! The configuration half of the contract's comparison: every `pactkit.yaml` setting a
//! change could loosen, judged section by section, and a catch-all that names any other
//! changed key (a change pactkit cannot classify as stricter counts as a weakening).

use super::describe_entry;
use crate::commitmsg::{self, RuleSetting, Settings as CommitSettings, When};
use crate::config::{self, Config, Enforcement, SpecRequirement};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The configuration changes that weaken the contract.
pub fn config_weakenings(old: &Config, new: &Config) -> Vec<String> {
    let mut out = Vec::new();
    hooks_weakenings(old, new, &mut out);
    required_weakenings(old, new, &mut out);
    commit_msg_weakenings(&old.gates.commit_msg, &new.gates.commit_msg, &mut out);
    spec_weakenings(old, new, &mut out);
    secrets_weakenings(old, new, &mut out);
    lint_weakenings(old, new, &mut out);
    branch_weakenings(old, new, &mut out);
    regression_weakenings(old, new, &mut out);
    coverage_weakenings(old, new, &mut out);
    if old.gates.contract.allowed_signers != new.gates.contract.allowed_signers {
        out.push(format!(
            "gates.contract.allowed_signers moves from `{}` to `{}`",
            old.gates.contract.allowed_signers, new.gates.contract.allowed_signers
        ));
    }
    unjudged_changes(old, new, &mut out);
    out
}

fn hooks_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let lists = [
        ("pre-commit", &old.hooks.pre_commit, &new.hooks.pre_commit),
        ("commit-msg", &old.hooks.commit_msg, &new.hooks.commit_msg),
        ("pre-push", &old.hooks.pre_push, &new.hooks.pre_push),
        (
            "pre-receive",
            &old.hooks.pre_receive,
            &new.hooks.pre_receive,
        ),
    ];
    for (hook, before, after) in lists {
        for gate in before.iter().filter(|g| !after.contains(g)) {
            out.push(format!("hooks.{hook} no longer runs the `{gate}` gate"));
        }
    }
    let (old_paths, new_paths) = (
        &old.hooks.agent.protected_paths,
        &new.hooks.agent.protected_paths,
    );
    for path in old_paths.iter().filter(|p| !new_paths.contains(p)) {
        out.push(format!(
            "hooks.agent.protected_paths drops `{path}`: the agent hook lets an agent write it again"
        ));
    }
    if old.hooks.on_gate_error == config::OnGateError::Block
        && new.hooks.on_gate_error == config::OnGateError::Warn
    {
        out.push(
            "hooks.on_gate_error goes from block to warn: a gate that cannot run no longer blocks"
                .into(),
        );
    }
}

fn required_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    for gate in config::GATE_NAMES {
        if old.gates.is_required(gate) && !new.gates.is_required(gate) {
            out.push(format!(
                "gates.{gate}.required is dropped: PACTKIT_SKIP can skip the gate again"
            ));
        }
    }
    if old.lint_blocking && !new.lint_blocking {
        out.push("lint_blocking goes from true to false: lint findings only warn".into());
    }
    let stacks = |c: &Config| -> Option<BTreeSet<String>> {
        match &c.stack {
            config::Stack::One(s) if s == "auto" => None,
            config::Stack::One(s) => Some(BTreeSet::from([s.clone()])),
            config::Stack::Many(v) => Some(v.iter().cloned().collect()),
        }
    };
    match (stacks(old), stacks(new)) {
        (None, None) => {}
        (Some(a), Some(b)) if b.is_superset(&a) => {}
        (a, b) => out.push(format!(
            "stack changes from {} to {}: a stack no longer named is no longer linted or tested",
            describe_stacks(a.as_ref()),
            describe_stacks(b.as_ref())
        )),
    }
}

fn describe_stacks(stacks: Option<&BTreeSet<String>>) -> String {
    match stacks {
        None => "auto".into(),
        Some(s) => format!("[{}]", s.iter().cloned().collect::<Vec<_>>().join(", ")),
    }
}

/// The rule table in effect: the preset with the user's rules layered over it.
fn effective_rules(settings: &CommitSettings) -> BTreeMap<String, RuleSetting> {
    let mut table: BTreeMap<String, RuleSetting> = match settings.extends {
        commitmsg::Preset::Conventional => commitmsg::rules::conventional_preset()
            .into_iter()
            .map(|(n, r)| (n.to_owned(), r))
            .collect(),
        commitmsg::Preset::None => BTreeMap::new(),
    };
    for (name, rule) in &settings.rules {
        table.insert(name.clone(), rule.clone());
    }
    table
}

fn commit_msg_weakenings(old: &CommitSettings, new: &CommitSettings, out: &mut Vec<String>) {
    let (before, after) = (effective_rules(old), effective_rules(new));
    for (name, rule) in &before {
        let level = rule.level;
        let Some(next) = after.get(name) else {
            if level > 0 {
                out.push(format!(
                    "gates.commit-msg: the `{name}` rule is no longer checked"
                ));
            }
            continue;
        };
        if next.level < level {
            out.push(format!(
                "gates.commit-msg: the `{name}` rule goes from level {level} to {}",
                next.level
            ));
        } else if level > 0
            && (next.when != rule.when || next.value != rule.value)
            && !rule_is_stricter(name, rule, next)
        {
            out.push(format!(
                "gates.commit-msg: the `{name}` rule changes from {} to {}, which pactkit cannot show to be stricter",
                describe_rule(rule),
                describe_rule(next)
            ));
        }
    }
    for pattern in new.ignores.iter().filter(|p| !old.ignores.contains(p)) {
        out.push(format!(
            "gates.commit-msg.ignores gains `{pattern}`: messages it matches are not linted"
        ));
    }
    if !old.default_ignores && new.default_ignores {
        out.push("gates.commit-msg.default_ignores is turned on: merges, reverts and fixup! commits are not linted".into());
    }
    if new.references.level < old.references.level {
        out.push(format!(
            "gates.commit-msg.references goes from level {} to {}",
            old.references.level, new.references.level
        ));
    }
    if old.references.level > 0 && !old.references.from_branch && new.references.from_branch {
        out.push(
            "gates.commit-msg.references.from_branch is turned on: a branch name satisfies it"
                .into(),
        );
    }
}

fn describe_rule(rule: &RuleSetting) -> String {
    serde_json::to_string(rule).unwrap_or_default()
}

/// Changes pactkit knows to be stricter: a shorter maximum, a longer minimum, an
/// `always` enum that lost values or a `never` list that gained some.
fn rule_is_stricter(name: &str, old: &RuleSetting, new: &RuleSetting) -> bool {
    if old.when != new.when {
        return false;
    }
    let (Some(a), Some(b)) = (&old.value, &new.value) else {
        return false;
    };
    if let (Some(a), Some(b)) = (a.as_f64(), b.as_f64()) {
        return match (
            name.ends_with("-max-length") || name.ends_with("-max-line-length"),
            name.ends_with("-min-length"),
        ) {
            (true, _) => (old.when == When::Always) == (b <= a),
            (_, true) => (old.when == When::Always) == (b >= a),
            _ => false,
        };
    }
    let set = |v: &Value| -> Option<BTreeSet<String>> {
        v.as_array()?
            .iter()
            .map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    match (set(a), set(b)) {
        (Some(a), Some(b)) if name.ends_with("-enum") || name.ends_with("-case") => {
            match old.when {
                When::Always => b.is_subset(&a),
                When::Never => b.is_superset(&a),
            }
        }
        _ => false,
    }
}

fn spec_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let (a, b) = (&old.gates.spec, &new.gates.spec);
    let rank = |r: SpecRequirement| match r {
        SpecRequirement::None => 0,
        SpecRequirement::AnyActive => 1,
        SpecRequirement::Referenced => 2,
    };
    if rank(b.require) < rank(a.require) {
        out.push(format!(
            "gates.spec.require goes from {} to {}",
            requirement_name(a.require),
            requirement_name(b.require)
        ));
    }
    if !a.allow_done_edits && b.allow_done_edits {
        out.push("gates.spec.allow_done_edits is turned on: Done specs can be edited".into());
    }
    if a.require_test_cases && !b.require_test_cases {
        out.push("gates.spec.require_test_cases is turned off".into());
    }
    if enforcement_rank(b.spec_wins) < enforcement_rank(a.spec_wins) {
        out.push(format!(
            "gates.spec.spec_wins goes from {} to {}",
            enforcement_name(a.spec_wins),
            enforcement_name(b.spec_wins)
        ));
    }
    if a.specs_dir.trim_end_matches('/') != b.specs_dir.trim_end_matches('/') {
        out.push(format!(
            "gates.spec.specs_dir moves from `{}` to `{}`: the specs the gate judged are no longer read",
            a.specs_dir, b.specs_dir
        ));
    }
}

fn requirement_name(r: SpecRequirement) -> &'static str {
    match r {
        SpecRequirement::None => "none",
        SpecRequirement::AnyActive => "any-active",
        SpecRequirement::Referenced => "referenced",
    }
}

fn enforcement_rank(e: Enforcement) -> u8 {
    match e {
        Enforcement::Off => 0,
        Enforcement::Warn => 1,
        Enforcement::Block => 2,
    }
}

fn enforcement_name(e: Enforcement) -> &'static str {
    match e {
        Enforcement::Off => "off",
        Enforcement::Warn => "warn",
        Enforcement::Block => "block",
    }
}

fn secrets_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let (a, b) = (&old.gates.secrets, &new.gates.secrets);
    for entry in b.allow.iter().filter(|e| !a.allow.contains(e)) {
        out.push(format!(
            "gates.secrets.allow gains an entry ({})",
            describe_entry(entry)
        ));
    }
    for glob in b.exclude.iter().filter(|g| !a.exclude.contains(g)) {
        out.push(format!(
            "gates.secrets.exclude gains `{glob}`: files it matches are not scanned"
        ));
    }
    let weaker_entropy = b.min_entropy.is_nan() || b.min_entropy > a.min_entropy;
    if weaker_entropy && b.min_entropy.to_bits() != a.min_entropy.to_bits() {
        out.push(format!(
            "gates.secrets.min_entropy rises from {} to {}: fewer values count as secrets",
            a.min_entropy, b.min_entropy
        ));
    }
}

fn lint_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let (a, b) = (&old.gates.lint.commands, &new.gates.lint.commands);
    let stacks: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for stack in stacks {
        let before = a.get(stack).map(|c| c.check.as_str());
        let after = b.get(stack).map(|c| c.check.as_str());
        if before != after {
            out.push(format!(
                "gates.lint.commands.{stack}.check changes from {} to {}: pactkit cannot show the new check is as strict",
                describe_command(before, "the built-in linter"),
                describe_command(after, "the built-in linter")
            ));
        }
    }
}

fn describe_command(command: Option<&str>, default: &str) -> String {
    match command {
        None => default.to_owned(),
        Some("") => "nothing (lint off)".to_owned(),
        Some(c) => format!("`{c}`"),
    }
}

fn branch_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let (a, b) = (&old.gates.branch, &new.gates.branch);
    for branch in a.protected.iter().filter(|p| !b.protected.contains(p)) {
        out.push(format!("gates.branch.protected drops `{branch}`"));
    }
    if a.block_commits && !b.block_commits {
        out.push("gates.branch.block_commits is turned off".into());
    }
    for pusher in b
        .push_allowed
        .iter()
        .filter(|p| !a.push_allowed.contains(p))
    {
        out.push(format!(
            "gates.branch.push_allowed gains `{pusher}`, who may push to protected branches directly"
        ));
    }
    if !a.allow_force_push && b.allow_force_push {
        out.push("gates.branch.allow_force_push is turned on".into());
    }
    if !a.allow_forge_merges && b.allow_forge_merges {
        out.push("gates.branch.allow_forge_merges is turned on".into());
    }
}

fn regression_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let (a, b) = (&old.gates.regression, &new.gates.regression);
    if a.command != b.command {
        out.push(format!(
            "gates.regression.command changes from {} to {}",
            describe_command(a.command.as_deref(), "the stack's test runner"),
            describe_command(b.command.as_deref(), "the stack's test runner")
        ));
    }
    for pattern in a
        .full_patterns
        .iter()
        .filter(|p| !b.full_patterns.contains(p))
    {
        out.push(format!("gates.regression.full_patterns drops `{pattern}`"));
    }
    if b.max_impact_files > a.max_impact_files {
        out.push(format!(
            "gates.regression.max_impact_files rises from {} to {}: larger changes no longer run every test",
            a.max_impact_files, b.max_impact_files
        ));
    }
    if enforcement_rank(b.protect_tests) < enforcement_rank(a.protect_tests) {
        out.push(format!(
            "gates.regression.protect_tests goes from {} to {}",
            enforcement_name(a.protect_tests),
            enforcement_name(b.protect_tests)
        ));
    }
}

fn coverage_weakenings(old: &Config, new: &Config, out: &mut Vec<String>) {
    let (a, b) = (&old.gates.coverage, &new.gates.coverage);
    let lower = |x: f64, y: f64| y.is_nan() || y < x;
    if lower(a.pass, b.pass) {
        out.push(format!(
            "gates.coverage.pass goes down from {} to {}",
            a.pass, b.pass
        ));
    }
    if lower(a.warn, b.warn) {
        out.push(format!(
            "gates.coverage.warn goes down from {} to {}",
            a.warn, b.warn
        ));
    }
    if b.minimum_change > a.minimum_change {
        out.push(format!(
            "gates.coverage.minimum_change rises from {} to {}",
            a.minimum_change, b.minimum_change
        ));
    }
    if a.command != b.command {
        out.push(format!(
            "gates.coverage.command changes from {} to {}",
            describe_command(a.command.as_deref(), "none"),
            describe_command(b.command.as_deref(), "none")
        ));
    }
    for report in a.reports.iter().filter(|r| !b.reports.contains(r)) {
        out.push(format!("gates.coverage.reports drops `{report}`"));
    }
    if a.path_map != b.path_map {
        out.push("gates.coverage.path_map changes: coverage may be read for other files".into());
    }
}

/// Keys whose changes the functions above judge; any other changed key under `hooks`,
/// `gates` or the top-level switches is reported as a change pactkit cannot judge.
const JUDGED: &[&str] = &[
    "hooks.pre-commit",
    "hooks.commit-msg",
    "hooks.pre-push",
    "hooks.pre-receive",
    "hooks.on_gate_error",
    "hooks.agent.protected_paths",
    "hooks.fail_fast",
    "hooks.pre_commit_lint",
    "hooks.post_test_coverage",
    "hooks.pre_push_check",
    "gates.commit-msg",
    "gates.spec",
    "gates.secrets",
    "gates.lint.required",
    "gates.lint.commands",
    "gates.branch",
    "gates.regression",
    "gates.coverage",
    "gates.contract.allowed_signers",
    "lint_blocking",
    "auto_fix",
    "stack",
];

/// Changes to contract-relevant keys that no rule above classifies.
fn unjudged_changes(old: &Config, new: &Config, out: &mut Vec<String>) {
    let contract_part = |c: &Config| -> Value {
        let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
        let keep = ["hooks", "gates", "lint_blocking", "auto_fix", "stack"];
        if let Value::Object(map) = &mut v {
            map.retain(|k, _| keep.contains(&k.as_str()));
        }
        v
    };
    let mut changed = Vec::new();
    diff_paths("", &contract_part(old), &contract_part(new), &mut changed);
    for path in changed {
        let judged = JUDGED
            .iter()
            .any(|k| path == *k || path.starts_with(&format!("{k}.")));
        if !judged {
            out.push(format!(
                "`{path}` changes, and pactkit cannot show the change is stricter"
            ));
        }
    }
}

pub(super) fn diff_paths(prefix: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                let null = Value::Null;
                diff_paths(
                    &path,
                    x.get(key).unwrap_or(&null),
                    y.get(key).unwrap_or(&null),
                    out,
                );
            }
        }
        _ if a != b => out.push(prefix.to_owned()),
        _ => {}
    }
}
