//! One gate run against a repository: the plan of what a hook or `pactkit check` judges
//! ([`Plan::for_hook`], [`Plan::for_check`]; ranges are planned in `history`), and its
//! execution, which gathers the facts every gate shares (branch, skip request, policy).

use super::runner::{self, Report, RunOptions, SkipRequest};
use super::trust::ContractSource;
use super::{CommitMessage, Compare, GateId, GateInput, LazyChanges, Trigger};
use crate::config::LoadedConfig;
use crate::git::{CommitInfo, PushUpdate, Repo};
use crate::githooks::HookType;
use crate::infra::error::Error;
use std::ffi::OsString;
use std::path::PathBuf;

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

impl<'a> Plan<'a> {
    /// What a git hook judges: the staged change set (pre-commit; commit-msg with the
    /// message file git passes) or the pushed commits and ref updates (pre-push, from the
    /// remote name in `git_args` and the ref lines on `stdin`).
    pub fn for_hook(
        repo: &'a Repo,
        hook: HookType,
        gates: Vec<GateId>,
        git_args: &[OsString],
        stdin: &[u8],
        contract_source: &ContractSource,
    ) -> Result<Plan<'a>, Error> {
        let trigger = Trigger::Hook(hook);
        match hook {
            HookType::PreCommit => Ok(Plan {
                trigger,
                gates,
                messages: Vec::new(),
                changes: LazyChanges::new(|| repo.changes_to_commit()),
                compare: Compare::Staged,
                pushes: Vec::new(),
                contract_source: contract_source.clone(),
                remote_empty: false,
            }),
            HookType::CommitMsg => {
                let file = PathBuf::from(first_arg(hook, git_args, "the message file")?);
                let message = CommitMessage::from_file(repo, &file).map_err(|e| {
                    Error::environment(format!(
                        "cannot read the commit message file {}",
                        file.display()
                    ))
                    .caused_by(e)
                })?;
                Ok(Plan {
                    trigger,
                    gates,
                    messages: vec![message],
                    changes: LazyChanges::new(|| repo.changes_to_commit()),
                    compare: Compare::Staged,
                    pushes: Vec::new(),
                    contract_source: contract_source.clone(),
                    remote_empty: false,
                })
            }
            HookType::PreReceive => Err(Error::usage(
                "the pre-receive hook judges ref updates, not a commit",
            )),
            HookType::PrePush => {
                let remote = first_arg(hook, git_args, "the remote name")?
                    .to_string_lossy()
                    .into_owned();
                let pushed = super::push::pushed(repo, &remote, &String::from_utf8_lossy(stdin))?;
                Ok(Plan {
                    trigger,
                    gates,
                    messages: commit_messages(&pushed.commits),
                    changes: LazyChanges::ready(pushed.changes),
                    compare: Compare::Unsupported,
                    pushes: pushed.updates,
                    contract_source: contract_source.clone(),
                    remote_empty: pushed.remote_empty,
                })
            }
        }
    }

    /// What `pactkit check --staged` (the index, and the contract gate, by HEAD's contract)
    /// or `--all-files` (every tracked file) judges.
    pub fn for_check(
        repo: &'a Repo,
        mut gates: Vec<GateId>,
        messages: Vec<CommitMessage>,
        all_files: bool,
        contract_source: ContractSource,
    ) -> Plan<'a> {
        let (changes, compare) = if all_files {
            (LazyChanges::new(|| repo.all_files()), Compare::AllFiles)
        } else {
            gates.push(GateId::Contract);
            (LazyChanges::new(|| repo.staged_changes()), Compare::Staged)
        };
        Plan {
            trigger: Trigger::Check,
            gates,
            messages,
            changes,
            compare,
            pushes: Vec::new(),
            contract_source,
            remote_empty: false,
        }
    }
}

/// The first argument git passed the hook (`what` it is, for the error).
fn first_arg<'g>(
    hook: HookType,
    git_args: &'g [OsString],
    what: &str,
) -> Result<&'g OsString, Error> {
    git_args.first().ok_or_else(|| {
        Error::usage(format!(
            "the {} hook needs {what} as its argument",
            hook.name()
        ))
    })
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
