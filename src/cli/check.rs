//! `pactkit check`: the same gates without git calling pactkit — the CI mode that catches
//! commits made with `--no-verify` or through an API.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use crate::gates::report::{self, ReportFormat};
use crate::gates::runner::resolve_gates;
use crate::gates::session::{self, Plan};
use crate::gates::{CommitMessage, Compare, GateId, LazyChanges, Trigger};
use crate::githooks::HookType;
use std::path::PathBuf;

/// Arguments of `pactkit check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Judge the index against HEAD (the default)
    #[arg(long, conflicts_with_all = ["from_ref", "all_files"])]
    pub staged: bool,
    /// Judge the commits after this revision (with --to-ref, default HEAD)
    #[arg(long, value_name = "REV", conflicts_with = "all_files")]
    pub from_ref: Option<String>,
    /// The last revision of the range
    #[arg(long, value_name = "REV", requires = "from_ref")]
    pub to_ref: Option<String>,
    /// Judge every tracked file
    #[arg(long)]
    pub all_files: bool,
    /// Take the range from PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF, which pre-commit and
    /// prek set for pre-push hooks (see .pre-commit-hooks.yaml)
    #[arg(long, conflicts_with_all = ["staged", "from_ref", "all_files"])]
    pub range_from_env: bool,
    /// A gate to run (can be repeated; default: every gate configured for any hook)
    #[arg(long = "gate", value_name = "NAME")]
    pub gates: Vec<String>,
    /// Run the gates configured for this hook
    #[arg(long, value_enum, conflicts_with = "gates")]
    pub hook: Option<HookType>,
    /// A commit message file to judge along with --staged or --all-files
    #[arg(long, value_name = "FILE")]
    pub message_file: Option<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Runs the gates and prints the report on stdout.
pub fn run(ctx: &Context, args: &CheckArgs) -> Result<ExitStatus> {
    let repo = ctx.repo()?;
    let loaded = ctx.config(repo.workdir())?;
    let gates = selected_gates(args, &loaded.config)?;
    let mut messages = Vec::new();
    if let Some(file) = &args.message_file {
        messages.push(read_message(&repo, &ctx.cwd.join(file))?);
    }
    let env_range = if args.range_from_env {
        Some(range_from_env()?)
    } else {
        None
    };
    let from_ref = args
        .from_ref
        .clone()
        .or_else(|| env_range.as_ref().map(|(from, _)| from.clone()));
    let to_ref = args.to_ref.clone().or_else(|| env_range.map(|(_, to)| to));
    let (changes, compare) = match &from_ref {
        Some(from) => {
            let to = to_ref.clone().unwrap_or_else(|| "HEAD".into());
            messages.extend(session::commit_messages(&repo.commits_in_range(from, &to)?));
            let compare = Compare::Range {
                from: from.clone(),
                to: to.clone(),
            };
            let (repo_ref, from) = (&repo, from.clone());
            let changes = LazyChanges::new(move || repo_ref.range_changes(&from, &to));
            (changes, compare)
        }
        None if args.all_files => (LazyChanges::new(|| repo.all_files()), Compare::AllFiles),
        None => (LazyChanges::new(|| repo.staged_changes()), Compare::Staged),
    };
    let plan = Plan {
        trigger: Trigger::Check,
        gates,
        messages,
        changes,
        compare,
        pushes: Vec::new(),
    };
    let report = session::execute(&repo, &loaded, &plan);
    ctx.printer.data_raw(&report::render(
        &report,
        args.format,
        ctx.printer.out_styles(),
    ));
    Ok(report.status())
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
    let from = crate::env::var(crate::env::PRE_COMMIT_FROM_REF).filter(|v| !v.is_empty());
    let to = crate::env::var(crate::env::PRE_COMMIT_TO_REF).filter(|v| !v.is_empty());
    match (from, to) {
        (Some(from), Some(to)) => Ok((from, to)),
        _ => Err(Error::usage(
            "--range-from-env: PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF are not set",
        )
        .hint("pre-commit and prek set them in the pre-push stage; elsewhere pass --from-ref and --to-ref")),
    }
}

fn read_message(repo: &crate::git::Repo, path: &std::path::Path) -> Result<CommitMessage> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::usage(format!("cannot read the message file {}", path.display())).caused_by(e)
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(CommitMessage {
        source: path.display().to_string(),
        cleanup: crate::githooks::invoker::hook_message_cleanup(repo, &text),
        text,
    })
}
