//! `pactkit next-id`: prints the next free work-item id of a type for the configured
//! developer. Owns the flags and the output; the scan and the
//! arithmetic live in `workflow::next_id`.
//!
//! Differences from PactKit: `--type bug|hotfix` allocates BUG and HOTFIX numbers too,
//! and ids found on the sprint board and in its archives count as taken (PactKit only
//! looks at `docs/specs/STORY-*.md` file names).

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::Result;
use crate::infra::exit::ExitStatus;
use crate::workflow::ids::{WorkItemId, WorkItemKind};
use crate::workflow::next_id::{developer_prefix, next_id, taken_ids};
use std::path::Path;

/// Arguments of `pactkit next-id`.
#[derive(Debug, clap::Args)]
pub struct NextIdArgs {
    /// Work-item type
    #[arg(long = "type", value_name = "TYPE", value_enum, default_value_t = IdType::Story)]
    pub kind: IdType,
    /// Output format. text: the id alone on a line; json: `{"id", "type", "developer", "number"}` (developer is null without a prefix)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// A work-item type on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum IdType {
    /// STORY-…
    Story,
    /// BUG-…
    Bug,
    /// HOTFIX-…
    Hotfix,
}

impl From<IdType> for WorkItemKind {
    fn from(kind: IdType) -> WorkItemKind {
        match kind {
            IdType::Story => WorkItemKind::Story,
            IdType::Bug => WorkItemKind::Bug,
            IdType::Hotfix => WorkItemKind::Hotfix,
        }
    }
}

/// Prints the next id.
pub fn run(ctx: &Invocation, args: &NextIdArgs) -> Result<ExitStatus> {
    let root = ctx.project_root();
    let id = allocate(ctx, &root, args.kind.into())?;
    match args.format {
        Format::Text => ctx.printer.data(&id.to_string()),
        Format::Json => {
            let json = serde_json::json!({
                "id": id.to_string(),
                "type": id.kind.as_str(),
                "developer": id.developer,
                "number": id.number,
            });
            ctx.printer.data(&json.to_string());
        }
    }
    Ok(ExitStatus::Ok)
}

/// The configured developer prefix of the project at `root` (`None` when empty).
pub fn configured_developer(ctx: &Invocation, root: &Path) -> Result<Option<String>> {
    developer_prefix(&ctx.config(root)?.config.developer)
}

/// The next free id of `kind` for the configured developer.
pub fn allocate(ctx: &Invocation, root: &Path, kind: WorkItemKind) -> Result<WorkItemId> {
    let developer = configured_developer(ctx, root)?;
    let taken = taken_ids(root)?;
    next_id(kind, developer.as_deref(), &taken)
}
