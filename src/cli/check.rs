//! `pactkit check`: the same gates without git calling pactkit — the CI mode that catches
//! commits made with `--no-verify` or through an API.
//!
//! A range (`--from-ref`, `--range-from-env`, `--ci`) is judged commit by commit with the
//! contract of its base ([`crate::gates::history`]); `--staged` and `--all-files` judge one
//! state with HEAD's committed contract.

use crate::cli::invocation::Invocation;
use crate::gates::ci_event::{self, CiEvent, CiKind};
use crate::gates::history::{self, RangeJob};
use crate::gates::report::{self, ReportFormat};
use crate::gates::runner::{Report, resolve_gates};
use crate::gates::session::{self, Plan};
use crate::gates::trust::{self, ContractSource};
use crate::gates::{CommitMessage, GateId, Trigger};
use crate::git::{CommitInfo, PushUpdate, Repo};
use crate::githooks::HookType;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use std::path::PathBuf;

/// Arguments of `pactkit check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Judge the index against HEAD (the default)
    #[arg(long, conflicts_with_all = ["from_ref", "all_files", "ci"])]
    pub staged: bool,
    /// Judge every commit after this revision (with --to-ref, default HEAD), by the contract
    /// (pactkit.yaml, allow lists) of this revision
    #[arg(long, value_name = "REV", conflicts_with_all = ["all_files", "ci"])]
    pub from_ref: Option<String>,
    /// The last revision of the range
    #[arg(long, value_name = "REV", requires = "from_ref")]
    pub to_ref: Option<String>,
    /// Judge every tracked file
    #[arg(long, conflicts_with = "ci")]
    pub all_files: bool,
    /// Take the range from PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF, which pre-commit and
    /// prek set for pre-push hooks (see .pre-commit-hooks.yaml)
    #[arg(long, conflicts_with_all = ["staged", "from_ref", "all_files", "ci"])]
    pub range_from_env: bool,
    /// Take the range from the CI system (GitHub Actions, GitLab CI): a push is judged from
    /// the branch's previous tip, a new branch from its merge base with the default branch,
    /// a pull/merge request from its base
    #[arg(long)]
    pub ci: bool,
    /// The branch the range is pushed to: the branch gate judges the push, and a protected
    /// target makes fixup!/squash! commits and hand-written merge or revert headers findings
    #[arg(long, value_name = "BRANCH")]
    pub target_ref: Option<String>,
    /// The range is a pull request into --target-ref, not a direct push
    #[arg(long, requires = "target_ref")]
    pub pull_request: bool,
    /// A person approved changes to the contract for this run (set by CI from a
    /// maintainer's approval; see README, "Changing the contract")
    #[arg(long)]
    pub approve_contract_change: bool,
    /// A gate to run (can be repeated; default: every gate configured for any hook)
    #[arg(long = "gate", value_name = "NAME")]
    pub gates: Vec<String>,
    /// Run the gates configured for this hook
    #[arg(long, value_enum, conflicts_with = "gates")]
    pub hook: Option<HookType>,
    /// A commit message file to judge along with the staged changes, all files or a range
    #[arg(long, value_name = "FILE")]
    pub message_file: Option<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also write the report as SARIF to this file (code scanning), from the same run
    #[arg(long, value_name = "FILE")]
    pub sarif_file: Option<PathBuf>,
    /// Also write the report as JUnit XML to this file (CI test views), from the same run
    #[arg(long, value_name = "FILE")]
    pub junit_file: Option<PathBuf>,
}

/// Runs the gates and prints the report on stdout.
pub fn run(ctx: &Invocation, args: &CheckArgs) -> Result<ExitStatus> {
    let repo = ctx.repo()?;
    let mut messages = Vec::new();
    if let Some(file) = &args.message_file {
        messages.push(read_message(&repo, &ctx.cwd.join(file))?);
    }
    let report = match range_request(&repo, args)? {
        Some(request) => judge_range(ctx, &repo, args, request, messages)?,
        None => judge_state(ctx, &repo, args, messages)?,
    };
    for (file, format) in [
        (&args.sarif_file, ReportFormat::Sarif),
        (&args.junit_file, ReportFormat::Junit),
    ] {
        if let Some(file) = file {
            let text = report::render(&report, format, ctx.printer.out_styles());
            crate::infra::fsx::write_atomic(&ctx.cwd.join(file), text.as_bytes()).map_err(|e| {
                Error::environment(format!("cannot write {}", file.display())).caused_by(e)
            })?;
        }
    }
    ctx.printer.data_raw(&report::render(
        &report,
        args.format,
        ctx.printer.out_styles(),
    ));
    super::hooks::end_if_interrupted(&report);
    Ok(report.status())
}

/// `--staged` or `--all-files`: one state, by HEAD's committed contract.
fn judge_state(
    ctx: &Invocation,
    repo: &Repo,
    args: &CheckArgs,
    messages: Vec<CommitMessage>,
) -> Result<Report> {
    let trusted = trust::for_commit(repo)?;
    ctx.warn_config(&trusted.loaded);
    let gates = selected_gates(args, &trusted.loaded.config)?;
    let plan = Plan::for_check(
        repo,
        gates,
        messages,
        args.all_files,
        trusted.source.clone(),
    );
    let mut report = session::execute(repo, &trusted.loaded, &plan);
    report.notes.extend(trusted.notes);
    Ok(report)
}

/// A range to judge, before its commits are listed.
#[derive(Debug, Clone)]
struct RangeRequest {
    /// The old end; `None` for a ref the push created.
    from: Option<String>,
    /// The new end; `None` for a ref the push deleted.
    to: Option<String>,
    /// The branch pushed to or merged into.
    target: Option<String>,
    /// A pull request into `target` rather than a push.
    pull_request: bool,
    /// The source branch (its name may carry a work-item id).
    branch: Option<String>,
    /// The default branch, for a new branch's merge base.
    default_branch: Option<String>,
}

fn range_request(repo: &Repo, args: &CheckArgs) -> Result<Option<RangeRequest>> {
    if args.ci {
        return Ok(Some(from_ci(&ci_event::detect()?)));
    }
    let explicit = if args.range_from_env {
        Some(range_from_env()?)
    } else {
        args.from_ref
            .clone()
            .map(|from| (from, args.to_ref.clone().unwrap_or_else(|| "HEAD".into())))
    };
    Ok(explicit.map(|(from, to)| RangeRequest {
        from: Some(from).filter(|f| !is_nothing(f)),
        to: Some(to),
        target: args.target_ref.clone(),
        pull_request: args.pull_request,
        branch: repo.current_branch(),
        default_branch: None,
    }))
}

fn from_ci(event: &CiEvent) -> RangeRequest {
    match &event.kind {
        CiKind::Push {
            before,
            after,
            branch,
        } => RangeRequest {
            from: before.clone(),
            to: after.clone(),
            target: branch.clone(),
            pull_request: false,
            branch: branch.clone(),
            default_branch: event.default_branch.clone(),
        },
        CiKind::PullRequest {
            base_sha,
            head_sha,
            base_ref,
            head_ref,
        } => RangeRequest {
            from: Some(base_sha.clone()),
            to: Some(head_sha.clone()),
            target: Some(base_ref.clone()),
            pull_request: true,
            branch: head_ref.clone(),
            default_branch: event.default_branch.clone(),
        },
    }
}

fn judge_range(
    ctx: &Invocation,
    repo: &Repo,
    args: &CheckArgs,
    request: RangeRequest,
    messages: Vec<CommitMessage>,
) -> Result<Report> {
    let (base, commits) = match (&request.from, &request.to) {
        (_, None) => (request.from.clone().unwrap_or_default(), Vec::new()),
        (Some(from), Some(to)) => (repo.resolve(from)?, repo.commits_in_range(from, to)?),
        (None, Some(to)) => new_ref_range(repo, to, &request)?,
    };
    let base_trust = trust::at(repo, ContractSource::Rev(base.clone()))?;
    ctx.warn_config(&base_trust.loaded);
    let config = &base_trust.loaded.config;
    let gates = selected_gates(args, config)?;
    let net = request.to.as_ref().map(|to| {
        let from = repo
            .merge_base(&base, to)
            .ok()
            .flatten()
            .unwrap_or_else(|| base.clone());
        (from, to.clone())
    });
    let strict = request
        .target
        .as_deref()
        .is_some_and(|t| crate::gates::branch::is_protected(config, t));
    let job = RangeJob {
        pushes: pushes(&request, &base),
        base,
        commits,
        net,
        branch: request.branch.clone(),
        pusher: None,
        strict_messages: strict,
        approved: args.approve_contract_change,
        extra_messages: messages,
        tag_messages: Vec::new(),
        pull_request_into: request.target.clone().filter(|_| request.pull_request),
    };
    let mut report = history::judge(repo, &job, &gates, Trigger::Check)?;
    report.notes.insert(
        0,
        format!(
            "judged commit by commit ({} commits) by the contract of {}",
            job.commits.len(),
            ContractSource::Rev(job.base.clone()).label()
        ),
    );
    Ok(report)
}

/// A ref a push created: its commits from the merge base with the default branch, or,
/// without one, every commit no other remote branch has. The base is the commit the new
/// history grows from (the empty tree for a new root).
fn new_ref_range(
    repo: &Repo,
    to: &str,
    request: &RangeRequest,
) -> Result<(String, Vec<CommitInfo>)> {
    let own = request
        .branch
        .as_ref()
        .map(|b| format!("refs/remotes/origin/{b}"));
    if let Some(default) = &request.default_branch
        && request.branch.as_deref() != Some(default.as_str())
    {
        let default_ref = format!("refs/remotes/origin/{default}");
        if repo.resolve(&default_ref).is_ok()
            && let Some(base) = repo.merge_base(&default_ref, to)?
        {
            return Ok((base.clone(), repo.commits_in_range(&base, to)?));
        }
    }
    let others: Vec<String> = repo
        .refs_under("refs/remotes/")?
        .into_iter()
        .filter(|(name, _)| Some(name) != own.as_ref() && !name.ends_with("/HEAD"))
        .map(|(_, id)| id)
        .collect();
    if others.is_empty() {
        // The first branch of a new remote: no contract is in force yet and there is nothing
        // to protect; the push sets the contract.
        return Ok((repo.resolve(to)?, Vec::new()));
    }
    let commits = repo.commits_excluding(to, &others)?;
    let base = commits
        .first()
        .and_then(|c| c.parents.first().cloned())
        .unwrap_or_default();
    Ok((base, commits))
}

/// The ref update the branch gate judges: a direct push to the target, never a request.
fn pushes(request: &RangeRequest, base: &str) -> Vec<PushUpdate> {
    let Some(target) = request.target.as_ref().filter(|_| !request.pull_request) else {
        return Vec::new();
    };
    let zero = "0".repeat(40);
    vec![PushUpdate {
        local_ref: format!("refs/heads/{target}"),
        local_sha: request.to.clone().unwrap_or_else(|| zero.clone()),
        remote_ref: format!("refs/heads/{target}"),
        remote_sha: request
            .from
            .as_ref()
            .map(|_| base.to_owned())
            .unwrap_or(zero),
    }]
}

fn is_nothing(rev: &str) -> bool {
    rev.trim().is_empty() || rev.trim().bytes().all(|b| b == b'0')
}

fn selected_gates(args: &CheckArgs, config: &crate::config::Config) -> Result<Vec<GateId>> {
    if !args.gates.is_empty() {
        return resolve_gates(&args.gates, "--gate");
    }
    let hooks: Vec<HookType> = match args.hook {
        Some(hook) => vec![hook],
        None => HookType::ALL.to_vec(),
    };
    let mut gates = Vec::new();
    for hook in hooks {
        gates.extend(resolve_gates(
            hook.configured_gates(&config.hooks),
            &format!("hooks.{hook}"),
        )?);
    }
    Ok(gates)
}

/// The pushed range pre-commit and prek export to pre-push hooks.
fn range_from_env() -> Result<(String, String)> {
    let from =
        crate::infra::env::var(crate::infra::env::PRE_COMMIT_FROM_REF).filter(|v| !v.is_empty());
    let to = crate::infra::env::var(crate::infra::env::PRE_COMMIT_TO_REF).filter(|v| !v.is_empty());
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(Error::usage(
            "--range-from-env: PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF are not set",
        )
        .hint("pre-commit and prek set them in the pre-push stage; elsewhere pass --from-ref and --to-ref")),
    }
}

fn read_message(repo: &crate::git::Repo, path: &std::path::Path) -> Result<CommitMessage> {
    CommitMessage::from_file(repo, path).map_err(|e| {
        Error::usage(format!("cannot read the message file {}", path.display())).caused_by(e)
    })
}
