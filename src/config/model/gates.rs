//! `gates:`: one section per gate, each with its defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
            specs_dir: crate::workflow::schema::SPECS_DIR.into(),
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
    /// A shell command (`sh -c`) run first to produce the reports; a non-zero exit, a signal
    /// or a timeout is a gate error (its reports are not read).
    pub command: Option<String>,
    /// Seconds `command` may take before its process group is killed.
    pub timeout: u64,
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
            timeout: 600,
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
