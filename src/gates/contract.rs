//! The contract a verdict is judged by, and what weakens it.
//!
//! The contract is more than `pactkit.yaml`: it is every file that decides what the gates
//! let through — the configuration (any of the discovery candidates), the secrets allow
//! file, the agent settings that carry pactkit's agent hook, the CI pipelines that run
//! `pactkit check`, and the allowed-signers file that approves changes to all of these.
//! [`Contract::read`] takes them from one committed state of the repository; nothing in
//! the work tree can change it.
//!
//! [`weakenings`] compares two contracts and names, in words, every change that could let
//! through something the old one blocked: a gate removed from a hook, a level or threshold
//! lowered, an allow or exclude list widened, `specs_dir` moved, a `required` flag dropped.
//! A change pactkit cannot classify as stricter counts as a weakening: the comparison
//! fails closed, so a new configuration key is never a silent way around the gates.

use super::{Compare, Finding, GateInput, Outcome, Severity};
use crate::commitmsg::{self, RuleSetting, Settings as CommitSettings, When};
use crate::config::{self, Config, Enforcement, LoadedConfig, SpecRequirement};
use crate::error::Error;
use crate::git::{GitError, Snapshot};
use crate::secrets::allow::ALLOW_FILE;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Where CI pipelines live: files that run `pactkit check` are part of the contract.
const CI_DIRS: [&str; 2] = [".github/workflows", "ci"];
const CI_FILES: [&str; 1] = [".gitlab-ci.yml"];

/// The gate as the runner calls it: for a commit being made, the staged contract against
/// the committed one. Locally the user is trusted, so a weakening only warns — the commit
/// is judged by the committed contract anyway, and CI and the server hook block it unless
/// it is approved. Range mode (`check`, pre-receive) judges every commit in
/// [`super::history`] instead, where a weakening blocks.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let Some(repo) = input.repo else {
        return Outcome::Skipped("no repository".into());
    };
    let (old, new, severity) = match input.compare {
        Compare::Staged => (
            input.contract_source.clone(),
            super::trust::ContractSource::Index,
            Severity::Warning,
        ),
        Compare::Range { from, to } => (
            super::trust::ContractSource::Rev(from.clone()),
            super::trust::ContractSource::Rev(to.clone()),
            Severity::Error,
        ),
        Compare::AllFiles | Compare::Unsupported => {
            return Outcome::Skipped("no change to judge (all files, or a push)".into());
        }
    };
    let changes = match input.changes.get() {
        Ok(changes) => changes,
        Err(err) => return Outcome::Errored(format!("cannot compute the change set: {err}")),
    };
    let touched = changes.files.iter().any(|f| {
        is_contract_path(&f.path.to_string(), input.config)
            || f.old_path
                .as_ref()
                .is_some_and(|p| is_contract_path(&p.to_string(), input.config))
    });
    if !touched {
        return Outcome::Skipped("no contract file changes".into());
    }
    let read = |source: &super::trust::ContractSource| -> Result<Contract, Error> {
        let snapshot = source.snapshot(repo)?;
        Contract::read(&snapshot, &source.label())
    };
    match (read(&old), read(&new)) {
        (_, Err(err)) if input.compare == &Compare::Staged => Outcome::Blocked(vec![Finding {
            severity: Severity::Error,
            rule: "contract-invalid".into(),
            message: format!("the staged contract cannot be read: {}", err.message()),
            subject: None,
            file: None,
            line: None,
            hint: Some(
                "fix the file, check it with `pactkit config check`, and stage it again".into(),
            ),
        }]),
        (Ok(old), Ok(new)) => {
            let found = weakenings(&old, &new);
            if found.is_empty() {
                Outcome::Passed(Vec::new())
            } else {
                Outcome::from_findings(vec![finding(severity, &found, None)])
            }
        }
        (Err(err), _) | (_, Err(err)) => Outcome::Errored(err.message().to_owned()),
    }
}

/// The `contract-change` finding for a list of weakenings, `commit` naming where.
pub fn finding(severity: Severity, weakenings: &[String], commit: Option<&str>) -> Finding {
    let place = if commit.is_some() {
        "this commit"
    } else {
        "this change"
    };
    let mut message = format!("{place} weakens the contract:");
    for w in weakenings {
        message.push_str(&format!("\n    - {w}"));
    }
    let hint = match severity {
        Severity::Warning => {
            "this commit is still judged by the committed contract; CI and the server hook block the change unless it is approved: sign the commit with a key in gates.contract.allowed_signers, or have a maintainer approve it (see README, \"Changing the contract\")"
        }
        Severity::Error => {
            "a contract change needs approval an agent cannot give: sign the commits that make it with a key listed in the base's gates.contract.allowed_signers file, or have a maintainer approve the pull request (see README, \"Changing the contract\")"
        }
    };
    Finding {
        severity,
        rule: "contract-change".into(),
        message,
        subject: commit.map(|c| format!("commit {c}")),
        file: None,
        line: None,
        hint: Some(hint.into()),
    }
}

/// One state's contract files, parsed.
#[derive(Debug, Clone)]
pub struct Contract {
    /// The configuration, with its warnings (defaults when the state has no file).
    pub loaded: LoadedConfig,
    /// The configuration file's text, when there is one.
    pub config_text: Option<String>,
    /// The allow-list entries of `.pactkit-secrets-allow` (comments and blanks dropped).
    pub allow_entries: BTreeSet<String>,
    /// The raw allow file, for the secrets gate.
    pub allow_file: Option<String>,
    /// Committed agent settings files that carry pactkit's agent hook.
    pub agent_hooks: BTreeSet<String>,
    /// CI pipeline files that run pactkit, each with its lines that mention pactkit.
    pub ci_pipelines: BTreeMap<String, BTreeSet<String>>,
    /// The allowed-signers file's entries (`gates.contract.allowed_signers`).
    pub signers: BTreeSet<String>,
    /// The allowed-signers file's text, for `git verify-commit`.
    pub signers_file: Option<String>,
}

impl Contract {
    /// Reads the contract of one state; `label` names the state in messages (`HEAD`,
    /// `base 1a2b3c4`).
    pub fn read(snapshot: &Snapshot<'_>, label: &str) -> Result<Contract, Error> {
        let committed = config::committed_text(snapshot, label)?;
        let (loaded, config_text) = match committed {
            Some(c) => (c.loaded, Some(c.text)),
            None => (LoadedConfig::default(), None),
        };
        let read_text = |path: &str| -> Result<Option<String>, Error> {
            Ok(snapshot
                .read(path)
                .map_err(|e| git_error(label, path, e))?
                .map(|b| String::from_utf8_lossy(&b).into_owned()))
        };
        let allow_file = read_text(ALLOW_FILE)?;
        let signers_path = loaded.config.gates.contract.allowed_signers.clone();
        let signers_file = if signers_path.is_empty() {
            None
        } else {
            read_text(&signers_path)?
        };
        let mut agent_hooks = BTreeSet::new();
        for path in agent_hook_files() {
            if read_text(&path)?.is_some_and(|t| t.contains(crate::agenthooks::MARKER)) {
                agent_hooks.insert(path);
            }
        }
        let mut ci_pipelines = BTreeMap::new();
        for path in ci_candidates(snapshot, label)? {
            if let Some(text) = read_text(&path)?
                && runs_pactkit(&text)
            {
                ci_pipelines.insert(path, pactkit_lines(&text));
            }
        }
        Ok(Contract {
            allow_entries: entries(allow_file.as_deref()),
            signers: entries(signers_file.as_deref()),
            loaded,
            config_text,
            allow_file,
            agent_hooks,
            ci_pipelines,
            signers_file,
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.loaded.config
    }
}

fn git_error(label: &str, path: &str, err: GitError) -> Error {
    Error::environment(format!("cannot read {label}:{path}")).caused_by(err)
}

/// Whether a repository path is one of the contract's files under `config` (a change to
/// one makes a commit a candidate for `contract-change`).
pub fn is_contract_path(path: &str, config: &Config) -> bool {
    config::CANDIDATES.contains(&path)
        || path == ALLOW_FILE
        || path == config.gates.contract.allowed_signers
        || agent_hook_files().iter().any(|p| p == path)
        || is_ci_path(path)
}

fn is_ci_path(path: &str) -> bool {
    CI_FILES.contains(&path)
        || CI_DIRS.iter().any(|dir| {
            path.strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/') && is_yaml(name))
        })
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// The project-level files each supported agent keeps pactkit's hook in.
fn agent_hook_files() -> Vec<String> {
    use crate::agenthooks::install::{Scope, target};
    let root = std::path::Path::new("");
    crate::agenthooks::Tool::ALL
        .iter()
        .map(|tool| {
            target(*tool, &Scope::Project(root.to_path_buf()))
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn ci_candidates(snapshot: &Snapshot<'_>, label: &str) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = CI_FILES.iter().map(|p| (*p).to_owned()).collect();
    for dir in CI_DIRS {
        let files = snapshot
            .files_in(dir)
            .map_err(|e| git_error(label, dir, e))?;
        out.extend(
            files
                .iter()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .filter(|p| is_ci_path(p)),
        );
    }
    Ok(out)
}

/// A pipeline runs pactkit when it calls `pactkit check` or uses pactkit's action.
fn runs_pactkit(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with('#') && (line.contains("pactkit check") || line.contains("/pactkit@"))
    })
}

/// The lines of a pipeline that mention pactkit (how it is installed and run), trimmed.
fn pactkit_lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.to_ascii_lowercase().contains("pactkit"))
        .map(str::to_owned)
        .collect()
}

/// Non-empty, non-comment lines, trimmed.
fn entries(text: Option<&str>) -> BTreeSet<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Every way `new` lets through something `old` blocked, in words.
pub fn weakenings(old: &Contract, new: &Contract) -> Vec<String> {
    let mut out = config_weakenings(old.config(), new.config());
    for entry in new.allow_entries.difference(&old.allow_entries) {
        out.push(format!(
            "{ALLOW_FILE} gains an entry ({}): a secret it matches is no longer reported",
            describe_entry(entry)
        ));
    }
    for path in old.agent_hooks.difference(&new.agent_hooks) {
        out.push(format!("{path} no longer runs pactkit's agent hook"));
    }
    for (path, lines) in &old.ci_pipelines {
        let Some(now) = new.ci_pipelines.get(path) else {
            out.push(format!("the CI pipeline {path} no longer runs pactkit"));
            continue;
        };
        for line in lines.difference(now) {
            out.push(format!(
                "the CI pipeline {path} changes how it runs pactkit (`{line}` is gone)"
            ));
        }
        for line in now.difference(lines).filter(|l| l.contains("PACTKIT_SKIP")) {
            out.push(format!("the CI pipeline {path} adds `{line}`"));
        }
    }
    for signer in new.signers.difference(&old.signers) {
        let principal = signer.split_whitespace().next().unwrap_or("");
        out.push(format!(
            "{} gains a signer ({principal}) who may approve contract changes",
            old.config().gates.contract.allowed_signers
        ));
    }
    out
}

/// An allow-list entry as shown in a finding: a fingerprint as is, a pattern only by its
/// length (a pattern may be the secret itself).
fn describe_entry(entry: &str) -> String {
    let is_fingerprint = entry
        .split_once(':')
        .is_some_and(|(_, hex)| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if is_fingerprint {
        format!("`{entry}`")
    } else {
        format!("a pattern of {} characters", entry.chars().count())
    }
}

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

fn diff_paths(prefix: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
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

#[cfg(test)]
mod tests {
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
}
