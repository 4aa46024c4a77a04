//! The `pactkit.yaml` model: every field PactKit reads (so existing files load unchanged)
//! and pactkit's own `hooks:` and `gates:` sections. Defaults live in the `Default` impls.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

type Yaml = serde_yaml_ng::Value;

/// The effective configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `auto`, one stack, or a list of stacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<Yaml>,
    /// Written by PactKit, never read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// Developer prefix for work-item ids (`STORY-alice-001`).
    pub developer: String,
    /// Agents to deploy (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents: Option<Vec<String>>,
    /// Commands to deploy (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commands: Option<Vec<String>>,
    /// Skills to deploy (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
    /// Rule modules to deploy (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<String>>,
    /// Items never auto-added to the lists above.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<ExcludeConfig>,
    /// CI generation.
    pub ci: CiConfig,
    /// Issue tracker.
    pub issue_tracker: ProviderConfig,
    /// `pactkit lint` exits with the linter's code.
    pub lint_blocking: bool,
    /// `pactkit lint` runs the fixer first.
    pub auto_fix: bool,
    /// Virtual environment detection.
    pub venv: VenvConfig,
    /// Release settings.
    pub release: ReleaseConfig,
    /// Regression selection settings.
    pub regression: RegressionConfig,
    /// Check-phase settings read by the playbooks.
    pub check: CheckConfig,
    /// Done-phase settings.
    pub done: DoneConfig,
    /// End-to-end test settings.
    pub e2e: E2eConfig,
    /// Graph generation.
    pub visualize: VisualizeConfig,
    /// Model per command.
    pub command_models: BTreeMap<String, String>,
    /// Model per agent.
    pub agent_models: BTreeMap<String, String>,
    /// Glob(s) per rule module.
    pub rule_scopes: BTreeMap<String, Yaml>,
    /// Rule keys per command.
    pub command_rules: BTreeMap<String, Vec<String>>,
    /// Enterprise switches.
    pub enterprise: EnterpriseConfig,
    /// visualize topology parsers.
    pub trace: TraceConfig,
    /// Sprint settings.
    pub sprint: SprintConfig,
    /// Legacy: PactKit removes it on deploy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Yaml>,
    /// Which gates run for each git hook.
    pub hooks: HooksConfig,
    /// One section per gate.
    pub gates: GatesConfig,
}

/// `exclude:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExcludeConfig {
    /// Agents.
    pub agents: Vec<String>,
    /// Commands.
    pub commands: Vec<String>,
    /// Skills.
    pub skills: Vec<String>,
    /// Rules.
    pub rules: Vec<String>,
}

/// `ci:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CiConfig {
    /// none | github | gitlab.
    pub provider: String,
    /// GitHub runner label.
    pub runner: String,
    /// Language version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_version: Option<String>,
    /// GitHub Enterprise host.
    pub github_host: String,
    /// Prefix for actions.
    pub actions_ref: String,
    /// Install command override.
    #[serde(skip_serializing_if = "Option::is_none")]
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

/// A section with only a provider.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderConfig {
    /// none | github.
    pub provider: String,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        ProviderConfig {
            provider: "none".into(),
        }
    }
}

/// `venv:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct VenvConfig {
    /// Detect `.venv` and friends.
    pub auto_detect: bool,
    /// Explicit path.
    #[serde(skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseConfig {
    /// Create a GitHub release.
    pub github_release: bool,
}

/// `regression:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RegressionConfig {
    /// impact | full.
    pub strategy: String,
    /// Impact runs above this many tests run the full suite.
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckConfig {
    /// Run the security checklist.
    pub security_checklist: bool,
    /// none | full.
    pub security_scope_override: String,
    /// PactGuard.
    pub pactguard: PactguardConfig,
    /// Browser observation.
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

/// `check.pactguard:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PactguardConfig {
    /// On.
    pub enabled: bool,
    /// pattern | all.
    pub mode: String,
    /// Rule set.
    pub ruleset: String,
    /// Blocks.
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

/// `check.observe:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ObserveConfig {
    /// On.
    pub enabled: bool,
    /// auto | chrome-devtools | playwright | all.
    pub sources: String,
    /// Console lines kept.
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
#[derive(Debug, Clone, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct E2eConfig {
    /// none | cli | frontend | backend | fullstack.
    #[serde(rename = "type")]
    pub kind: String,
    /// Blocks.
    pub blocking: bool,
    /// Test directory.
    pub test_dir: String,
    /// Env file.
    pub env_file: String,
    /// OpenAPI spec.
    pub api_spec: String,
    /// Compose file.
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
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VisualizeConfig {
    /// Directories not scanned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan_excludes: Option<Vec<String>>,
    /// Injected call edges `src -> dst`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stub_edges: Option<Vec<String>>,
    /// Layer annotations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<Yaml>>,
    /// Graph provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph_provider: Option<String>,
}

/// `enterprise:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EnterpriseConfig {
    /// No git.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_git: Option<bool>,
    /// No external services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_external: Option<bool>,
    /// No prompts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub non_interactive: Option<bool>,
    /// Debug output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debug: Option<bool>,
}

/// `trace:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TraceConfig {
    /// Fetch functions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetch_functions: Option<Vec<Yaml>>,
    /// Agent strategies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_strategies: Option<Vec<Yaml>>,
    /// Agent markers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_markers: Option<Vec<Yaml>>,
}

/// `sprint:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SprintConfig {
    /// Parallel stories.
    pub max_parallel: i64,
}

impl Default for SprintConfig {
    fn default() -> Self {
        SprintConfig { max_parallel: 3 }
    }
}

/// `hooks:`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HooksConfig {
    /// Gates for pre-commit.
    #[serde(rename = "pre-commit")]
    pub pre_commit: Vec<String>,
    /// Gates for commit-msg.
    #[serde(rename = "commit-msg")]
    pub commit_msg: Vec<String>,
    /// Gates for pre-push.
    #[serde(rename = "pre-push")]
    pub pre_push: Vec<String>,
    /// What to do when a gate cannot run.
    pub on_gate_error: OnGateError,
    /// Stop at the first blocking gate.
    pub fail_fast: bool,
    /// PactKit 2.10's never-wired hook templates; accepted, without effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_commit_lint: Option<bool>,
    /// Legacy, without effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_test_coverage: Option<bool>,
    /// Legacy, without effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_push_check: Option<bool>,
}

impl Default for HooksConfig {
    fn default() -> Self {
        HooksConfig {
            pre_commit: vec!["spec".into(), "secrets".into(), "lint".into()],
            commit_msg: vec!["commit-msg".into()],
            pre_push: vec!["branch".into(), "regression".into(), "coverage".into()],
            on_gate_error: OnGateError::Block,
            fail_fast: false,
            pre_commit_lint: None,
            post_test_coverage: None,
            pre_push_check: None,
        }
    }
}

/// `hooks.on_gate_error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnGateError {
    /// A gate that cannot run blocks.
    #[default]
    Block,
    /// A gate that cannot run only warns.
    Warn,
}

/// A gate section that so far only says whether the gate may be skipped.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GateSection {
    /// `PACTKIT_SKIP` cannot skip a required gate.
    pub required: bool,
}

/// `gates:`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GatesConfig {
    /// `gates.commit-msg`.
    #[serde(rename = "commit-msg")]
    pub commit_msg: crate::commitmsg::Settings,
    /// `gates.spec`.
    pub spec: GateSection,
    /// `gates.secrets`.
    pub secrets: GateSection,
    /// `gates.lint`.
    pub lint: GateSection,
    /// `gates.branch`.
    pub branch: GateSection,
    /// `gates.regression`.
    pub regression: GateSection,
    /// `gates.coverage`.
    pub coverage: GateSection,
}

impl GatesConfig {
    /// Whether the named gate is configured `required: true`.
    pub fn is_required(&self, gate: &str) -> bool {
        match gate {
            "commit-msg" => self.commit_msg.required,
            "spec" => self.spec.required,
            "secrets" => self.secrets.required,
            "lint" => self.lint.required,
            "branch" => self.branch.required,
            "regression" => self.regression.required,
            "coverage" => self.coverage.required,
            _ => false,
        }
    }
}
