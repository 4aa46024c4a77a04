//! `pactkit issue-sync ITEM`: create or find the GitHub issue of a BUG or HOTFIX item.

use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::ids::WorkItemId;

/// Arguments of `pactkit issue-sync`.
#[derive(Debug, clap::Args)]
pub struct IssueSyncArgs {
    /// The work item (BUG-… or HOTFIX-…; STORY ids are never synced)
    pub item: String,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: IssueSyncFormat,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IssueSyncFormat {
    /// PactKit's one line.
    Text,
    /// `{"action": …, "number": …}`.
    Json,
}

/// Runs the sync and prints the outcome.
pub fn run(ctx: &Invocation, args: &IssueSyncArgs) -> Result<ExitStatus> {
    let id = WorkItemId::parse(args.item.trim()).ok_or_else(|| {
        Error::usage(format!("`{}` is not a work-item id", args.item))
            .hint("use STORY-…, BUG-… or HOTFIX-… (e.g. BUG-alice-003)")
    })?;
    let root = ctx
        .repo()
        .map(|r| r.workdir().to_path_buf())
        .unwrap_or_else(|_| ctx.cwd.clone());
    let loaded = ctx.config(&root)?;
    let outcome = crate::workflow::issue_sync::sync(
        &root,
        &id,
        loaded.config.issue_tracker.provider,
        &loaded.config.gates.spec.specs_dir,
    )?;
    match args.format {
        IssueSyncFormat::Text => ctx.printer.data(&outcome.message(&id.to_string())),
        IssueSyncFormat::Json => ctx
            .printer
            .data(&serde_json::to_string(&outcome).unwrap_or_default()),
    }
    Ok(ExitStatus::Ok)
}
