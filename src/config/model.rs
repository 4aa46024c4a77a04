//! The `pactkit.yaml` data model: every section PactKit 2.10 defines plus pactkit's own
//! `hooks:` and `gates:`, with all defaults in the `Default` impls of this file.
//!
//! Invariants: every struct is `#[serde(default)]`, so an absent key means "default" and a
//! present section is merged key by key over its defaults (PactKit's two-level deep merge);
//! lists replace, never append. No `flatten`, no `untagged`: both would hide unknown keys
//! from `serde_ignored` and blur type errors.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

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
            commit_msg: vec!["commit-msg".into(), "spec".into()],
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

/// `gates:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct GatesConfig {
    /// `gates.commit-msg`.
    #[serde(rename = "commit-msg")]
    pub commit_msg: crate::commitmsg::Settings,
    /// `gates.spec`.
    pub spec: SpecGateConfig,
    /// `gates.secrets`.
    pub secrets: SecretsGateConfig,
    /// `gates.lint`.
    pub lint: LintGateConfig,
    /// `gates.branch`.
    pub branch: BranchGateConfig,
    /// `gates.regression`.
    pub regression: RegressionGateConfig,
    /// `gates.coverage`.
    pub coverage: CoverageGateConfig,
    /// `gates.contract`: how a change to the contract itself is approved.
    pub contract: ContractGateConfig,
}

/// `gates.contract`: the contract (this file, the secrets allow file, the agent hooks, the
/// CI pipelines) is judged from the base of a range; a change that weakens it needs an
/// approval an agent in the user's shell cannot give alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ContractGateConfig {
    /// An SSH allowed-signers file (`git help config`, `gpg.ssh.allowedSignersFile`), read
    /// from the base of the range: a commit signed by a key in it may change the contract.
    pub allowed_signers: String,
}

impl Default for ContractGateConfig {
    fn default() -> Self {
        ContractGateConfig {
            allowed_signers: ".pactkit/allowed_signers".into(),
        }
    }
}

impl GatesConfig {
    /// Whether the named gate is configured `required: true` (unknown names: false).
    pub fn is_required(&self, gate: &str) -> bool {
        match gate {
            "commit-msg" => self.commit_msg.required,
            "spec" => self.spec.required,
            "secrets" => self.secrets.required,
            "lint" => self.lint.required,
            "branch" => self.branch.required,
            "regression" => self.regression.required,
            "coverage" => self.coverage.required,
            // The contract gate is never skippable: skipping it would be the weakening.
            "contract" => true,
            _ => false,
        }
    }
}

/// `gates.spec`: the spec gate's policy (defaults are the strict ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SpecGateConfig {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// Which work item staged source changes need.
    pub require: SpecRequirement,
    /// Allow edits of a spec whose Status is Done.
    pub allow_done_edits: bool,
    /// A spec moving to Done needs `docs/test_cases/<ID>_case.md`.
    pub require_test_cases: bool,
    /// Editing Requirements or Acceptance Criteria of an In Progress spec together with
    /// source needs a `Spec-Change:` trailer.
    pub spec_wins: Enforcement,
    /// Where the specs live, relative to the repository root.
    pub specs_dir: String,
    /// The spec rules `spec-lint` and this gate apply: `pactkit` (E000–E009, W001–W009) or
    /// `pactkit-4`, which adds PactKit 4's W010 (a Technical Design without Lateral Scan
    /// Results), W011 (the Dependency Surface section and its fields Depends on, Provides,
    /// Touches, Conflict risk) and E010 (a `Depends on` id without a spec).
    pub rules: SpecRules,
}

/// `gates.spec.rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SpecRules {
    /// PactKit 2's rules.
    #[default]
    Pactkit,
    /// PactKit 2's rules and PactKit 4's W010, W011, E010.
    #[serde(rename = "pactkit-4")]
    Pactkit4,
}

impl Default for SpecGateConfig {
    fn default() -> Self {
        SpecGateConfig {
            required: false,
            require: SpecRequirement::Referenced,
            allow_done_edits: false,
            require_test_cases: false,
            spec_wins: Enforcement::Block,
            specs_dir: crate::docs::schema::SPECS_DIR.into(),
            rules: SpecRules::Pactkit,
        }
    }
}

/// `gates.spec.require`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SpecRequirement {
    /// Source changes need no work item.
    None,
    /// Some spec must be In Progress.
    AnyActive,
    /// The id in the branch name or commit message must name an In Progress spec
    /// (falls back to `any-active` when nothing names an id).
    Referenced,
}

/// How a policy check reports a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Enforcement {
    /// Not checked.
    Off,
    /// Reported, does not block.
    Warn,
    /// Blocks the commit.
    Block,
}

/// `gates.coverage`: coverage of the changed lines, diff-cover style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CoverageGateConfig {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// Changed-line coverage (percent) at or above which the gate passes.
    pub pass: f64,
    /// Coverage at or above which the gate only warns; below it, it blocks.
    pub warn: f64,
    /// Fewer measured changed lines than this always pass.
    pub minimum_change: usize,
    /// A shell command (`sh -c`) run first to produce the reports; non-zero exit is a gate error.
    pub command: Option<String>,
    /// Report files, relative to the repository root; every one that exists is read and united.
    pub reports: Vec<String>,
    /// Prefix rewrites from report paths to repository paths, first match wins.
    pub path_map: Vec<crate::coverage::paths::PathMapRule>,
}

impl Default for CoverageGateConfig {
    fn default() -> Self {
        CoverageGateConfig {
            required: false,
            pass: 80.0,
            warn: 50.0,
            minimum_change: 5,
            command: None,
            reports: [
                "coverage.xml",
                "lcov.info",
                "coverage/lcov.info",
                "coverage.json",
                "cover.out",
                "coverage.out",
                "target/site/jacoco/jacoco.xml",
                "build/reports/jacoco/test/jacocoTestReport.xml",
            ]
            .map(String::from)
            .to_vec(),
            path_map: Vec::new(),
        }
    }
}

/// `gates.lint`: which linter runs for each stack. The switches `lint_blocking` and
/// `auto_fix` are PactKit's top-level keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct LintGateConfig {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// Commands replacing the built-in linter of a stack (`python`, `node`, `go`, `rust`,
    /// `java`); a stack not listed keeps its built-in linter.
    pub commands: BTreeMap<String, LintCommandConfig>,
    /// Seconds one linter or fixer run may take before its process group is killed (a
    /// fixer that times out is refused and its files restored).
    pub timeout: u64,
}

impl Default for LintGateConfig {
    fn default() -> Self {
        LintGateConfig {
            required: false,
            commands: BTreeMap::new(),
            timeout: 300,
        }
    }
}

/// `gates.lint.commands.<stack>`: shell commands run in the project root. `{files}` is
/// replaced by the shell-quoted files (appended when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct LintCommandConfig {
    /// The check; a non-zero exit status means findings. An empty string turns the
    /// stack's linting off.
    pub check: String,
    /// The fixer run for `auto_fix` / `lint --fix`; absent: the stack is never fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Exit statuses besides 0 with which the fixer means "fixed what I could, findings
    /// remain" (`[1]` for `ruff check --fix`, ESLint, Biome). Any other status refuses the
    /// fix and restores the files.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fix_ok_exit: Vec<i32>,
}

/// `gates.secrets`: what the secrets gate accepts and where it does not look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SecretsGateConfig {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// Accepted values: fingerprints (`<rule>:<16 hex>`, as findings print them) or regular
    /// expressions searched for in the detected value (same format as `.pactkit-secrets-allow`).
    pub allow: Vec<String>,
    /// Path globs (repository-relative, `**` crosses directories) never scanned.
    pub exclude: Vec<String>,
    /// Minimum Shannon entropy, in bits per character, of a value assigned to a
    /// secret-like name (`password = "…"`) before it is reported. Judged against the
    /// value's alphabet: a value whose length and alphabet cannot reach it (hex carries at
    /// most 4 bits a character) needs three quarters of what a random value of the same
    /// length and alphabet carries on average.
    pub min_entropy: f64,
}

impl Default for SecretsGateConfig {
    fn default() -> Self {
        SecretsGateConfig {
            required: false,
            allow: Vec::new(),
            exclude: Vec::new(),
            min_entropy: crate::secrets::DEFAULT_ENTROPY,
        }
    }
}

/// `gates.branch`: branches nobody pushes to (or, optionally, commits on) directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct BranchGateConfig {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// Protected branch names; globs allowed (`release/*`; `*` stops at `/`, `**` does not).
    pub protected: Vec<String>,
    /// Also block commits made on a protected branch (pre-commit, `check --staged`).
    pub block_commits: bool,
    /// Server side (pre-receive): pushers, as the server names them (`GL_USERNAME`,
    /// `GITEA_PUSHER_NAME`, `REMOTE_USER`, `USER`), who may update protected branches directly.
    pub push_allowed: Vec<String>,
    /// Server side: a protected branch may be rewound (force-pushed) by those pushers.
    pub allow_force_push: bool,
    /// Server side: a merge the forge itself performs (Gitea/Forgejo `GITEA_PR_ID`, GitLab
    /// `GL_PROTOCOL=web`) may update a protected branch.
    pub allow_forge_merges: bool,
}

impl Default for BranchGateConfig {
    fn default() -> Self {
        BranchGateConfig {
            required: false,
            protected: vec!["main".into(), "master".into(), "develop".into()],
            block_commits: false,
            push_allowed: Vec::new(),
            allow_force_push: false,
            allow_forge_merges: true,
        }
    }
}

/// `gates.regression`: which tests a change runs and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct RegressionGateConfig {
    /// A required gate cannot be skipped with `PACTKIT_SKIP`.
    pub required: bool,
    /// Runs the tests instead of the stack's runner: a shell command run in the repository
    /// root, `{tests}` replaced by the selected test paths (empty for a full run).
    pub command: Option<String>,
    /// Seconds the test run may take before its process group is killed.
    pub timeout: u64,
    /// Globs (repository-relative) whose change runs every test.
    pub full_patterns: Vec<String>,
    /// More changed source files than this run every test.
    pub max_impact_files: usize,
    /// Changing or deleting an existing test needs a `Test-Change: <reason>` trailer.
    pub protect_tests: Enforcement,
}

impl Default for RegressionGateConfig {
    fn default() -> Self {
        RegressionGateConfig {
            required: false,
            command: None,
            timeout: 600,
            full_patterns: Vec::new(),
            max_impact_files: 50,
            protect_tests: Enforcement::Warn,
        }
    }
}

/// `stack:` a scalar or a list; kept as written, validated into warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stack {
    /// `stack: auto` or one language.
    One(String),
    /// `stack: [python, node]`.
    Many(Vec<String>),
}

impl Default for Stack {
    fn default() -> Self {
        Stack::One("auto".into())
    }
}

/// A string or a list of strings (`rule_scopes` values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneOrMany {
    /// One string.
    One(String),
    /// A list.
    Many(Vec<String>),
}

/// Accepts a scalar string or a sequence of strings, so that neither `untagged` nor a
/// buffered `Content` is needed (both would lose the location of a bad element).
struct OneOrManyVisitor;

impl<'de> Visitor<'de> for OneOrManyVisitor {
    type Value = (Option<String>, Vec<String>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((Some(v.to_owned()), Vec::new()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        Ok((None, items))
    }
}

impl Serialize for Stack {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Stack::One(one) => one.serialize(serializer),
            Stack::Many(many) => many.serialize(serializer),
        }
    }
}

impl Serialize for OneOrMany {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(one) => one.serialize(serializer),
            OneOrMany::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Stack {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match deserializer.deserialize_any(OneOrManyVisitor)? {
            (Some(one), _) => Stack::One(one),
            (None, many) => Stack::Many(many),
        })
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match deserializer.deserialize_any(OneOrManyVisitor)? {
            (Some(one), _) => OneOrMany::One(one),
            (None, many) => OneOrMany::Many(many),
        })
    }
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

/// A string or a list of strings: exactly what [`OneOrManyVisitor`] accepts.
fn one_or_many_schema() -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } },
        ],
    })
}

impl JsonSchema for Stack {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Stack".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = one_or_many_schema();
        schema.insert(
            "description".into(),
            "`auto`, one language (`python`, `node`, `go`, `java`, `rust`) or a list of languages"
                .into(),
        );
        schema.insert(
            "examples".into(),
            serde_json::json!(["auto", "python", ["python", "node"]]),
        );
        schema
    }
}

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        one_or_many_schema()
    }
}

/// `exclude:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ExcludeConfig {
    /// Agents never auto-added.
    pub agents: Vec<String>,
    /// Commands never auto-added.
    pub commands: Vec<String>,
    /// Skills never auto-added.
    pub skills: Vec<String>,
    /// Rules never auto-added.
    pub rules: Vec<String>,
}

/// `ci:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CiConfig {
    /// `none`, `github` or `gitlab`.
    pub provider: String,
    /// GitHub runner label.
    pub runner: String,
    /// Language version; absent: the stack's default.
    pub language_version: Option<String>,
    /// GitHub Enterprise host; empty for github.com.
    pub github_host: String,
    /// Prefix for `actions/checkout@v4` and the setup action.
    pub actions_ref: String,
    /// Install command; absent: the stack's default.
    pub install_cmd: Option<String>,
}

impl Default for CiConfig {
    fn default() -> Self {
        CiConfig {
            provider: "none".into(),
            runner: "ubuntu-latest".into(),
            language_version: None,
            github_host: String::new(),
            actions_ref: String::new(),
            install_cmd: None,
        }
    }
}

/// `issue_tracker:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct IssueTrackerConfig {
    /// `none` or `github`.
    pub provider: String,
}

impl Default for IssueTrackerConfig {
    fn default() -> Self {
        IssueTrackerConfig {
            provider: "none".into(),
        }
    }
}

/// `venv:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct VenvConfig {
    /// Look for a virtual environment.
    pub auto_detect: bool,
    /// Explicit virtual environment path.
    pub path: Option<String>,
}

impl Default for VenvConfig {
    fn default() -> Self {
        VenvConfig {
            auto_detect: true,
            path: None,
        }
    }
}

/// `release:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ReleaseConfig {
    /// Create a GitHub release.
    pub github_release: bool,
}

/// `regression:` (PactKit's prompt settings).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct RegressionConfig {
    /// `impact` or `full`.
    pub strategy: String,
    /// Upper bound of impact-selected tests; must be positive.
    pub max_impact_tests: i64,
}

impl Default for RegressionConfig {
    fn default() -> Self {
        RegressionConfig {
            strategy: "impact".into(),
            max_impact_tests: 50,
        }
    }
}

/// `check:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CheckConfig {
    /// Run the security checklist.
    pub security_checklist: bool,
    /// `none` or `full`.
    pub security_scope_override: String,
    /// `check.pactguard`.
    pub pactguard: PactguardConfig,
    /// `check.observe`.
    pub observe: ObserveConfig,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            security_checklist: true,
            security_scope_override: "none".into(),
            pactguard: PactguardConfig::default(),
            observe: ObserveConfig::default(),
        }
    }
}

/// `check.pactguard`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct PactguardConfig {
    /// Run PactGuard.
    pub enabled: bool,
    /// `pattern` or `all`.
    pub mode: String,
    /// Rule set name.
    pub ruleset: String,
    /// Findings block.
    pub blocking: bool,
}

impl Default for PactguardConfig {
    fn default() -> Self {
        PactguardConfig {
            enabled: false,
            mode: "all".into(),
            ruleset: String::new(),
            blocking: false,
        }
    }
}

/// `check.observe`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ObserveConfig {
    /// Collect browser observations.
    pub enabled: bool,
    /// `auto`, `chrome-devtools`, `playwright` or `all`.
    pub sources: String,
    /// Console messages kept.
    pub max_console: i64,
    /// Network entries kept.
    pub max_network: i64,
}

impl Default for ObserveConfig {
    fn default() -> Self {
        ObserveConfig {
            enabled: false,
            sources: "auto".into(),
            max_console: 100,
            max_network: 200,
        }
    }
}

/// `done:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct DoneConfig {
    /// 0–25.
    pub lesson_quality_threshold: i64,
}

impl Default for DoneConfig {
    fn default() -> Self {
        DoneConfig {
            lesson_quality_threshold: 15,
        }
    }
}

/// `e2e:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct E2eConfig {
    /// `none`, `cli`, `frontend`, `backend` or `fullstack`.
    #[serde(rename = "type")]
    pub kind: String,
    /// E2E failures block.
    pub blocking: bool,
    /// Test directory.
    pub test_dir: String,
    /// Environment file.
    pub env_file: String,
    /// OpenAPI spec path.
    pub api_spec: String,
    /// Compose file for fullstack.
    pub compose_file: String,
}

impl Default for E2eConfig {
    fn default() -> Self {
        E2eConfig {
            kind: "none".into(),
            blocking: false,
            test_dir: "tests/e2e".into(),
            env_file: ".env.test".into(),
            api_spec: String::new(),
            compose_file: "docker-compose.test.yml".into(),
        }
    }
}

/// `visualize:`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct VisualizeConfig {
    /// Directories the scanner skips.
    pub scan_excludes: Vec<String>,
    /// Injected call edges, `"src -> dst"`.
    pub stub_edges: Option<Vec<String>>,
    /// Layer annotations.
    pub layers: Option<Vec<LayerConfig>>,
    /// Graph provider (PactKit 2.17+, e.g. `codegraph`).
    pub graph_provider: Option<String>,
}

impl Default for VisualizeConfig {
    fn default() -> Self {
        let excludes = [
            "venv",
            "_venv",
            ".venv",
            ".env",
            "env",
            "__pycache__",
            ".git",
            ".claude",
            "tests",
            "docs",
            "node_modules",
            "site-packages",
            "dist",
            "build",
        ];
        VisualizeConfig {
            scan_excludes: excludes.iter().map(|s| (*s).to_owned()).collect(),
            stub_edges: None,
            layers: None,
            graph_provider: None,
        }
    }
}

/// One `visualize.layers` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct LayerConfig {
    /// Layer name.
    pub name: String,
    /// Globs of files in the layer.
    pub patterns: Vec<String>,
}

/// `sprint:` (PactKit 2.17+).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct SprintConfig {
    /// Stories run in parallel per wave.
    pub max_parallel: i64,
}

impl Default for SprintConfig {
    fn default() -> Self {
        SprintConfig { max_parallel: 3 }
    }
}

/// `enterprise:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct EnterpriseConfig {
    /// No git operations.
    pub no_git: Option<bool>,
    /// No external services.
    pub no_external: Option<bool>,
    /// Never prompt.
    pub non_interactive: Option<bool>,
    /// Debug output.
    pub debug: Option<bool>,
}

/// `trace:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct TraceConfig {
    /// Fetch-like function names (entries opaque: only PactKit's parsers read them).
    pub fetch_functions: Option<Vec<serde_json::Value>>,
    /// Agent strategies (opaque entries).
    pub agent_strategies: Option<Vec<serde_json::Value>>,
    /// Agent markers (opaque entries).
    pub agent_markers: Option<Vec<serde_json::Value>>,
}
