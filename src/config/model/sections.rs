//! The sections PactKit's own commands read and pactkit carries (`exclude:`, `ci:`,
//! `issue_tracker:`, `venv:`, `release:`, `regression:`, `check:`, `done:`, `e2e:`,
//! `visualize:`, `sprint:`, `enterprise:`, `trace:`), each with its defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    pub provider: CiProvider,
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
            provider: CiProvider::None,
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
    pub provider: IssueTrackerProvider,
}

impl Default for IssueTrackerConfig {
    fn default() -> Self {
        IssueTrackerConfig {
            provider: IssueTrackerProvider::None,
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
    pub strategy: RegressionStrategy,
    /// Upper bound of impact-selected tests; must be positive.
    pub max_impact_tests: i64,
}

impl Default for RegressionConfig {
    fn default() -> Self {
        RegressionConfig {
            strategy: RegressionStrategy::Impact,
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
    pub security_scope_override: SecurityScopeOverride,
    /// `check.pactguard`.
    pub pactguard: PactguardConfig,
    /// `check.observe`.
    pub observe: ObserveConfig,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            security_checklist: true,
            security_scope_override: SecurityScopeOverride::None,
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
    pub mode: PactguardMode,
    /// Rule set name.
    pub ruleset: String,
    /// Findings block.
    pub blocking: bool,
}

impl Default for PactguardConfig {
    fn default() -> Self {
        PactguardConfig {
            enabled: false,
            mode: PactguardMode::All,
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
    pub sources: ObserveSources,
    /// Console messages kept.
    pub max_console: i64,
    /// Network entries kept.
    pub max_network: i64,
}

impl Default for ObserveConfig {
    fn default() -> Self {
        ObserveConfig {
            enabled: false,
            sources: ObserveSources::Auto,
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
    pub kind: E2eType,
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
            kind: E2eType::None,
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

/// Declares a closed set of `pactkit.yaml` words: serde reads exactly these (an unknown word
/// is an error naming the key, its line and the allowed words), the schema lists them, and
/// `as_str` gives the word back as written.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant,)+
        }

        impl $name {
            /// The word as `pactkit.yaml` spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choice! {
    /// `ci.provider`: where the generated pipeline runs.
    CiProvider {
        /// GitHub Actions.
        Github = "github",
        /// GitLab CI.
        Gitlab = "gitlab",
        /// No pipeline.
        None = "none",
    }
}

choice! {
    /// `issue_tracker.provider`: where work items become issues.
    IssueTrackerProvider {
        /// GitHub issues through `gh`.
        Github = "github",
        /// No issue tracker.
        None = "none",
    }
}

choice! {
    /// `regression.strategy`: which tests PactKit's prompts run.
    RegressionStrategy {
        /// The tests the change can reach.
        Impact = "impact",
        /// The whole suite.
        Full = "full",
    }
}

choice! {
    /// `check.security_scope_override`: force the security checklist's scope.
    SecurityScopeOverride {
        /// Judge the scope from the change.
        None = "none",
        /// Always the full checklist.
        Full = "full",
    }
}

choice! {
    /// `check.pactguard.mode`: which PactGuard checks run.
    PactguardMode {
        /// Only the pattern checks.
        Pattern = "pattern",
        /// Every check.
        All = "all",
    }
}

choice! {
    /// `check.observe.sources`: where browser observations come from.
    ObserveSources {
        /// Whatever is available.
        Auto = "auto",
        /// Chrome DevTools.
        ChromeDevtools = "chrome-devtools",
        /// Playwright.
        Playwright = "playwright",
        /// Every source.
        All = "all",
    }
}

choice! {
    /// `e2e.type`: the kind of end-to-end tests.
    E2eType {
        /// No end-to-end tests.
        None = "none",
        /// A command-line program.
        Cli = "cli",
        /// A web front end.
        Frontend = "frontend",
        /// A service.
        Backend = "backend",
        /// Front end and service.
        Fullstack = "fullstack",
    }
}
