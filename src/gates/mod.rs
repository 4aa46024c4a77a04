//! The gate registry and its vocabulary: gate ids, findings, outcomes, and the inputs
//! a gate may read. A gate reads a [`GateInput`] and returns an [`Outcome`]; it never prints
//! or exits: only the runner renders and decides the exit code. Two gates act by design:
//! lint's auto-fix rewrites and re-stages files (a transaction, `crate::lint`) and
//! regression runs the selected tests.

pub mod approval;
pub mod branch;
pub mod ci_event;
pub mod commit_msg;
pub mod contract;
pub mod coverage;
pub mod history;
pub mod lint;
pub mod push;
pub mod receive;
pub mod regression;
pub mod report;
pub mod report_ci;
pub mod runner;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod spec;
pub mod trust;

use crate::commitmsg::Cleanup;
use crate::config::Config;
use crate::git::{ChangeSet, GitError, PushUpdate, Repo};
use crate::githooks::HookType;
use serde::Serialize;
use std::cell::OnceCell;
use std::fmt;
use std::path::Path;

/// Every gate pactkit knows, in the order they run (cheapest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GateId {
    /// Conventional Commits and commitlint rules on commit messages.
    CommitMsg,
    /// Protected branches.
    Branch,
    /// Spec documents and work-item status.
    Spec,
    /// Secrets in added lines.
    Secrets,
    /// Stack-aware lint.
    Lint,
    /// Coverage of the changed lines.
    Coverage,
    /// Regression test selection and run.
    Regression,
    /// Changes to the contract itself (configuration, allow lists, agent hooks, CI), judged
    /// in range mode and on the server; never configured, never skippable.
    Contract,
}

impl GateId {
    /// All gates, cheapest first.
    pub const ALL: [GateId; 8] = [
        GateId::CommitMsg,
        GateId::Branch,
        GateId::Spec,
        GateId::Secrets,
        GateId::Lint,
        GateId::Coverage,
        GateId::Regression,
        GateId::Contract,
    ];

    /// The kebab-case name used in pactkit.yaml, `--gate` and `PACTKIT_SKIP`.
    pub fn name(self) -> &'static str {
        match self {
            GateId::CommitMsg => "commit-msg",
            GateId::Branch => "branch",
            GateId::Spec => "spec",
            GateId::Secrets => "secrets",
            GateId::Lint => "lint",
            GateId::Coverage => "coverage",
            GateId::Regression => "regression",
            GateId::Contract => "contract",
        }
    }

    /// Parses a gate name.
    pub fn parse(name: &str) -> Option<GateId> {
        GateId::ALL.into_iter().find(|gate| gate.name() == name)
    }

    /// The names of all gates, comma-separated, for error messages.
    pub fn all_names() -> String {
        GateId::ALL.map(GateId::name).join(", ")
    }
}

impl fmt::Display for GateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks.
    Error,
    /// Shown, does not block.
    Warning,
}

/// One problem a gate found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The rule that fired (`type-enum`, `E001`, …).
    pub rule: String,
    /// What was found and what was expected.
    pub message: String,
    /// What the finding is about: a repository path, or `commit <id>` for messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// A repository-relative file, when the finding points into one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line in `file`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The command or setting that fixes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// What a gate concluded.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing blocks; the findings are warnings.
    Passed(Vec<Finding>),
    /// At least one error-level finding.
    Blocked(Vec<Finding>),
    /// The gate's inputs are absent; the reason says which.
    Skipped(String),
    /// The gate could not run (tool missing, bad settings); `hooks.on_gate_error` decides.
    Errored(String),
    /// A termination signal (its number) stopped the gate while it acted, after it undid
    /// what it had started. It blocks, no later gate runs, and the command ends by the
    /// signal once the report is printed ([`runner::Report::interrupted`]).
    Interrupted(i32),
}

impl Outcome {
    /// Passed or Blocked, from the findings' severities.
    pub fn from_findings(findings: Vec<Finding>) -> Outcome {
        if findings.iter().any(|f| f.severity == Severity::Error) {
            Outcome::Blocked(findings)
        } else {
            Outcome::Passed(findings)
        }
    }
}

/// Where the run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A git hook.
    Hook(HookType),
    /// `pactkit check`.
    Check,
    /// The server's pre-receive hook.
    Receive,
}

impl Trigger {
    /// A label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Trigger::Hook(hook) => hook.name(),
            Trigger::Check => "check",
            Trigger::Receive => "pre-receive",
        }
    }
}

/// A commit message to judge, and where it came from.
#[derive(Debug, Clone)]
pub struct CommitMessage {
    /// `.git/COMMIT_EDITMSG`, `commit 1a2b3c4`, …
    pub source: String,
    /// The message as the gate got it: a hook's raw file, or a commit's stored message.
    pub text: String,
    /// How git turns `text` into what it stores: inferred for a hook's file,
    /// [`Cleanup::STORED`] for a message read from a commit (linted as stored).
    pub cleanup: Cleanup,
}

impl CommitMessage {
    /// A message read from a commit: already stored, nothing to clean up.
    pub fn stored(source: String, text: String) -> CommitMessage {
        CommitMessage {
            source,
            text,
            cleanup: Cleanup::STORED,
        }
    }

    /// A message file about to be committed (a commit-msg hook's file, `check
    /// --message-file`), read within the commit-message limit, with the clean-up git will
    /// apply to it in `repo`.
    pub fn from_file(repo: &Repo, path: &std::path::Path) -> std::io::Result<CommitMessage> {
        let bytes =
            crate::infra::readlimit::read_file(path, crate::infra::readlimit::COMMIT_MESSAGE)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Ok(CommitMessage {
            source: path.display().to_string(),
            cleanup: crate::githooks::invoker::hook_message_cleanup(repo, &text),
            text,
        })
    }

    /// The message as git stores (or stored) it.
    pub fn as_stored(&self) -> String {
        self.cleanup.apply(&self.text)
    }
}

/// The change set, computed on first use and shared by all gates.
pub struct LazyChanges<'r> {
    compute: Box<dyn Fn() -> Result<ChangeSet, GitError> + 'r>,
    cell: OnceCell<Result<ChangeSet, String>>,
}

impl<'r> LazyChanges<'r> {
    /// Changes produced by `compute` on first access.
    pub fn new(compute: impl Fn() -> Result<ChangeSet, GitError> + 'r) -> Self {
        LazyChanges {
            compute: Box::new(compute),
            cell: OnceCell::new(),
        }
    }

    /// Changes known up front.
    pub fn ready(changes: ChangeSet) -> Self {
        let cell = OnceCell::new();
        let _ = cell.set(Ok(changes));
        LazyChanges {
            compute: Box::new(|| Ok(ChangeSet::default())),
            cell,
        }
    }

    /// The change set, or why it could not be computed.
    pub fn get(&self) -> Result<&ChangeSet, &str> {
        self.cell
            .get_or_init(|| (self.compute)().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }
}

impl fmt::Debug for LazyChanges<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyChanges")
            .field("computed", &self.cell.get().is_some())
            .finish()
    }
}

/// Everything a gate may read. Built once per run.
#[derive(Debug)]
pub struct GateInput<'a> {
    /// What started the run.
    pub trigger: Trigger,
    /// The effective configuration.
    pub config: &'a Config,
    /// The project root (the work tree).
    pub root: &'a Path,
    /// The repository, when there is one.
    pub repo: Option<&'a Repo>,
    /// The files being committed or pushed.
    pub changes: &'a LazyChanges<'a>,
    /// Commit messages being judged (empty before a commit message exists).
    pub messages: &'a [CommitMessage],
    /// The current branch (`None` on a detached HEAD).
    pub branch: Option<&'a str>,
    /// Which two states of the repository the change set compares.
    pub compare: &'a Compare,
    /// The configuration file in effect, if any (`None`: built-in defaults).
    pub config_file: Option<&'a Path>,
    /// The refs a push updates, as git listed them on pre-push's stdin (empty otherwise).
    pub pushes: &'a [PushUpdate],
    /// The state whose contract files (allow file, configuration) the verdict is judged by.
    pub contract_source: &'a trust::ContractSource,
    /// Who pushes, when a server judges a push.
    pub pusher: Option<&'a Pusher>,
    /// Pre-push only: the remote has no branches yet, so creating its first (protected)
    /// branch has nothing to protect.
    pub remote_empty: bool,
}

/// The person (or forge) updating refs on the server, as the server's environment names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pusher {
    /// The account name (`GL_USERNAME`, `GITEA_PUSHER_NAME`, `REMOTE_USER`, `USER`).
    pub name: Option<String>,
    /// The forge itself merges a pull request (Gitea/Forgejo `GITEA_PR_ID`, GitLab web).
    pub forge_merge: bool,
}

/// The two states of the repository a run compares, for gates that read whole files
/// beyond the change set (the spec gate reads specs and the board from them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compare {
    /// HEAD against the index (pre-commit, commit-msg, `check --staged`).
    Staged,
    /// One revision against another (`check --from-ref A --to-ref B`).
    Range {
        /// The old state.
        from: String,
        /// The new state.
        to: String,
    },
    /// The empty tree against the index (`check --all-files`).
    AllFiles,
    /// Several ranges at once (pre-push): whole-file gates judge only the change set.
    Unsupported,
}

/// Runs one gate.
pub fn run_gate(gate: GateId, input: &GateInput<'_>) -> Outcome {
    match gate {
        GateId::CommitMsg => commit_msg::run(input),
        GateId::Spec => spec::run(input),
        GateId::Coverage => coverage::run(input),
        GateId::Lint => lint::run(input),
        GateId::Branch => branch::run(input),
        GateId::Secrets => secrets::run(input),
        GateId::Regression => regression::run(input),
        GateId::Contract => contract::run(input),
    }
}

#[cfg(test)]
mod tests {
    use super::GateId;

    /// The config loader validates hook lists against `config::GATE_NAMES`; it must name
    /// exactly the registry's configurable gates (every one but `contract`, which always runs).
    #[test]
    fn config_gate_names_match_the_registry() {
        let mut registry: Vec<&str> = GateId::ALL
            .iter()
            .filter(|g| **g != GateId::Contract)
            .map(|g| g.name())
            .collect();
        let mut config: Vec<&str> = crate::config::GATE_NAMES.to_vec();
        registry.sort_unstable();
        config.sort_unstable();
        assert_eq!(registry, config);
    }
}
