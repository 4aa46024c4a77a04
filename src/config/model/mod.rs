//! The `pactkit.yaml` data model: every section PactKit 2.10 defines plus pactkit's own
//! `hooks:` and `gates:`, with all defaults in the `Default` impls beside each type: `hooks.rs` (`hooks:`),
//! `gates.rs` (`gates:`), `stack.rs` (`stack:` and the string-or-list values),
//! `sections.rs` (the sections PactKit's own commands read: `ci:`, `check:`, `e2e:` …).
//!
//! Invariants: every struct is `#[serde(default)]`, so an absent key means "default" and a
//! present section is merged key by key over its defaults (PactKit's two-level deep merge);
//! lists replace, never append. No `flatten`, no `untagged`: both would hide unknown keys
//! from `serde_ignored` and blur type errors.

mod gates;
mod hooks;
mod sections;
mod stack;

pub use gates::*;
pub use hooks::*;
pub use sections::*;
pub use stack::*;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every gate name pactkit knows, in the order `config check` lists them.
pub const GATE_NAMES: &[&str] = &[
    "commit-msg",
    "spec",
    "secrets",
    "lint",
    "branch",
    "regression",
    "coverage",
];

/// The effective configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Config {
    /// Hooks: which gates run for each git hook.
    pub hooks: HooksConfig,
    /// One section per gate.
    pub gates: GatesConfig,
    /// `developer:` prefix for work-item ids.
    pub developer: String,
    /// `stack:` `auto`, one language, or a list of languages.
    pub stack: Stack,
    /// `root:` written by PactKit, never read.
    pub root: String,
    /// `agents:` the agents PactKit deploys; absent: all of them.
    pub agents: Option<Vec<String>>,
    /// `commands:` the commands PactKit deploys; absent: all of them.
    pub commands: Option<Vec<String>>,
    /// `skills:` the skills PactKit deploys; absent: all of them.
    pub skills: Option<Vec<String>>,
    /// `rules:` the rule modules PactKit deploys; absent: all of them.
    pub rules: Option<Vec<String>>,
    /// `exclude:` items PactKit's auto-merge never re-adds.
    pub exclude: ExcludeConfig,
    /// `ci:` the CI pipeline PactKit generates.
    pub ci: CiConfig,
    /// `issue_tracker:` where work items become issues.
    pub issue_tracker: IssueTrackerConfig,
    /// `lint_blocking:` a lint failure blocks.
    pub lint_blocking: bool,
    /// `auto_fix:` run the linter's fixer.
    pub auto_fix: bool,
    /// `venv:` the Python virtual environment tools run in.
    pub venv: VenvConfig,
    /// `release:` what a release does besides tagging.
    pub release: ReleaseConfig,
    /// `regression:` PactKit's prompt-level regression settings (not `gates.regression`).
    pub regression: RegressionConfig,
    /// `check:` PactKit's check step: security checklist, PactGuard, browser observations.
    pub check: CheckConfig,
    /// `done:` PactKit's done step.
    pub done: DoneConfig,
    /// `e2e:` the kind of end-to-end tests and where they live.
    pub e2e: E2eConfig,
    /// `visualize:` PactKit's code-graph scanner.
    pub visualize: VisualizeConfig,
    /// `sprint:` (PactKit 2.17+).
    pub sprint: SprintConfig,
    /// `command_models:` command → model. PactKit's seven built-in entries are not
    /// reproduced: nothing in pactkit reads this map, it is only carried.
    pub command_models: BTreeMap<String, String>,
    /// `agent_models:` agent → `haiku|sonnet|opus|inherit`.
    pub agent_models: BTreeMap<String, String>,
    /// `rule_scopes:` rule id → glob or globs.
    pub rule_scopes: BTreeMap<String, OneOrMany>,
    /// `command_rules:` command → rule keys.
    pub command_rules: BTreeMap<String, Vec<String>>,
    /// `enterprise:` switches for restricted environments (no git, no network, no prompts).
    pub enterprise: EnterpriseConfig,
    /// `trace:` hints for PactKit's trace parsers.
    pub trace: TraceConfig,
    /// `multi_agent:` passed through by PactKit untouched; shape not defined, so opaque.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi_agent: Option<serde_json::Value>,
    /// `version:` legacy, PactKit now tracks it globally; accepted and ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true))]
    pub version: Option<serde_json::Value>,
}
