//! `pactkit backfill-release`: writes the release version into the specs of done work
//! items that still say `| Release | TBD |` (PactKit's
//! `backfill-release`). The search and rewrite live in `workflow::governance`.
//!
//! Differences from PactKit 2.10.6: the done section ends at the next `## ` heading (PactKit
//! reads to the end of the board); ids are matched by `crate::workflow::ids`, so `STORY-1` and
//! `STORY-001` are the same item; BOM and CRLF of rewritten specs are kept.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::governance::{self, Backfill};

/// Arguments of `pactkit backfill-release`.
#[derive(Debug, clap::Args)]
pub struct BackfillReleaseArgs {
    /// The release version to write, e.g. 1.4.0
    #[arg(value_name = "VERSION")]
    pub release: String,
    /// Output format. text: PactKit's `  Backfilled: <ID> → <VERSION>` / `  Skipped: <ID> (not done)` lines; json: `[{"action": "backfilled"|"skipped", "id", "file"}]` on one line
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Backfills and reports each spec looked at.
pub fn run(ctx: &Invocation, args: &BackfillReleaseArgs) -> Result<ExitStatus> {
    if !governance::valid_version(&args.release) {
        return Err(Error::usage(format!(
            "'{}' cannot be a release: no spaces or '|'",
            args.release
        )));
    }
    let report = governance::backfill_release(&ctx.project_root(), &args.release)?;
    match args.format {
        Format::Text if report.is_empty() => {
            ctx.printer.data("No specs with Release: TBD found");
        }
        Format::Text => {
            for entry in &report {
                ctx.printer.data(&match entry {
                    Backfill::Backfilled { id, .. } => {
                        format!("  Backfilled: {id} → {}", args.release)
                    }
                    Backfill::Skipped { id, .. } => format!("  Skipped: {id} (not done)"),
                });
            }
        }
        Format::Json => {
            let json = serde_json::to_string(&report)
                .map_err(|e| Error::environment("cannot render the JSON report").caused_by(e))?;
            ctx.printer.data(&json);
        }
    }
    Ok(ExitStatus::Ok)
}
