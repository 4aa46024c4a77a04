//! `hooks:`: the gates each git hook runs (names checked where they stand, so an unknown
//! gate's error carries its line), what a gate that cannot run does, and the agent hook.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::GATE_NAMES;

/// `hooks:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct HooksConfig {
    /// Gates for pre-commit.
    #[serde(rename = "pre-commit", deserialize_with = "gate_list")]
    #[schemars(schema_with = "gate_list_schema")]
    pub pre_commit: Vec<String>,
    /// Gates for commit-msg.
    #[serde(rename = "commit-msg", deserialize_with = "gate_list")]
    #[schemars(schema_with = "gate_list_schema")]
    pub commit_msg: Vec<String>,
    /// Gates for pre-push.
    #[serde(rename = "pre-push", deserialize_with = "gate_list")]
    #[schemars(schema_with = "gate_list_schema")]
    pub pre_push: Vec<String>,
    /// Gates for the server's pre-receive hook (`pactkit hooks install --server`); only the
    /// gates that judge git objects run there (commit-msg, branch, spec, secrets).
    #[serde(rename = "pre-receive", deserialize_with = "gate_list")]
    #[schemars(schema_with = "gate_list_schema")]
    pub pre_receive: Vec<String>,
    /// What to do when a gate cannot run.
    pub on_gate_error: OnGateError,
    /// Stop at the first blocking gate.
    pub fail_fast: bool,
    /// The hook inside AI agents (`pactkit hooks agent`).
    pub agent: AgentHookConfig,
    /// PactKit 2.10 hook-template switch; accepted, no effect (warned).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true))]
    pub pre_commit_lint: Option<bool>,
    /// PactKit 2.10 hook-template switch; accepted, no effect (warned).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true))]
    pub post_test_coverage: Option<bool>,
    /// PactKit 2.10 hook-template switch; accepted, no effect (warned).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(extend("deprecated" = true))]
    pub pre_push_check: Option<bool>,
}

impl Default for HooksConfig {
    fn default() -> Self {
        HooksConfig {
            pre_commit: vec!["spec".into(), "secrets".into(), "lint".into()],
            commit_msg: vec!["commit-msg".into(), "spec".into(), "secrets".into()],
            pre_push: vec!["branch".into(), "regression".into(), "coverage".into()],
            pre_receive: vec![
                "commit-msg".into(),
                "branch".into(),
                "spec".into(),
                "secrets".into(),
            ],
            on_gate_error: OnGateError::Block,
            fail_fast: false,
            agent: AgentHookConfig::default(),
            pre_commit_lint: None,
            post_test_coverage: None,
            pre_push_check: None,
        }
    }
}

/// `hooks.agent:` the hook inside AI agents. Read from the committed `pactkit.yaml`
/// (HEAD's tree), never the work tree, so an agent cannot widen it by editing the file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct AgentHookConfig {
    /// Globs (relative to the repository root, `**` crosses directories) of files the
    /// agent may not write, in addition to the built-in set (git's directory, the hooks,
    /// the agents' settings, pactkit's configuration), which cannot be removed.
    pub protected_paths: Vec<String>,
}

/// The legacy PactKit 2.10 `hooks.*` booleans, each with what replaces it.
pub const LEGACY_HOOK_KEYS: &[(&str, &str)] = &[
    (
        "pre_commit_lint",
        "list gates under `hooks.pre-commit` instead (e.g. `pre-commit: [lint]`)",
    ),
    (
        "post_test_coverage",
        "add `coverage` to `hooks.pre-push` instead",
    ),
    (
        "pre_push_check",
        "list gates under `hooks.pre-push` instead (e.g. `pre-push: [branch, regression]`)",
    ),
];

/// `hooks.on_gate_error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OnGateError {
    /// A gate that cannot run blocks.
    #[default]
    Block,
    /// A gate that cannot run only warns.
    Warn,
}

/// A gate name in a `hooks.*` list; unknown names are rejected where they stand so the
/// error carries the element's line, column and path (`hooks.pre-commit[1]`).
struct GateName(String);

impl<'de> Deserialize<'de> for GateName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(GateNameVisitor)
    }
}

struct GateNameVisitor;

impl Visitor<'_> for GateNameVisitor {
    type Value = GateName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a gate name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<GateName, E> {
        if GATE_NAMES.contains(&v) {
            return Ok(GateName(v.to_owned()));
        }
        let suggestion = crate::config::unknown::suggest(v, GATE_NAMES.iter().copied())
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        Err(E::custom(format!(
            "unknown gate `{v}`{suggestion}; valid gates: {}",
            GATE_NAMES.join(", ")
        )))
    }
}

fn gate_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let names = Vec::<GateName>::deserialize(deserializer)?;
    Ok(names.into_iter().map(|n| n.0).collect())
}

/// The schema of a `hooks.*` list: what [`gate_list`] accepts, a list of known gate names.
fn gate_list_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": { "enum": GATE_NAMES },
    })
}
