//! One gate run against a repository: gathers the facts every gate shares (branch,
//! skip request, policy) around a prepared change set and messages.

use super::runner::{self, Report, RunOptions, SkipRequest};
use super::trust::ContractSource;
use super::{CommitMessage, Compare, GateId, GateInput, LazyChanges, Trigger};
use crate::config::LoadedConfig;
use crate::git::{CommitInfo, PushUpdate, Repo};

/// What to run and on what.
#[derive(Debug)]
pub struct Plan<'a> {
    /// What started the run.
    pub trigger: Trigger,
    /// Gates to run (any order; duplicates allowed).
    pub gates: Vec<GateId>,
    /// Commit messages to judge.
    pub messages: Vec<CommitMessage>,
    /// The files being committed or pushed.
    pub changes: LazyChanges<'a>,
    /// The two states `changes` compares.
    pub compare: Compare,
    /// The refs a push updates (pre-push only).
    pub pushes: Vec<PushUpdate>,
    /// The state the contract comes from (HEAD for a commit being made).
    pub contract_source: ContractSource,
    /// Pre-push only: the remote has no branches yet.
    pub remote_empty: bool,
}

/// Runs the plan and returns the report.
pub fn execute(repo: &Repo, loaded: &LoadedConfig, plan: &Plan<'_>) -> Report {
    let config = &loaded.config;
    let branch = repo.current_branch();
    let input = GateInput {
        trigger: plan.trigger,
        config,
        root: repo.workdir(),
        repo: Some(repo),
        changes: &plan.changes,
        messages: &plan.messages,
        branch: branch.as_deref(),
        compare: &plan.compare,
        config_file: loaded.path.as_deref(),
        pushes: &plan.pushes,
        contract_source: &plan.contract_source,
        pusher: None,
        remote_empty: plan.remote_empty,
    };
    runner::run(&plan.gates, &input, &run_options(config))
}

/// The runner's knobs from the configuration in force and `PACTKIT_SKIP`.
pub fn run_options(config: &crate::config::Config) -> RunOptions {
    RunOptions {
        skip: SkipRequest::from_env(),
        required: GateId::ALL
            .into_iter()
            .filter(|g| config.gates.is_required(g.name()))
            .collect(),
        fail_fast: config.hooks.fail_fast,
        on_gate_error: config.hooks.on_gate_error,
    }
}

/// Commit messages of a commit list, labelled `commit <short id>`, judged as stored.
pub fn commit_messages(commits: &[CommitInfo]) -> Vec<CommitMessage> {
    commits
        .iter()
        .map(|c| CommitMessage::stored(format!("commit {}", short_id(&c.id)), c.message.clone()))
        .collect()
}

fn short_id(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}
