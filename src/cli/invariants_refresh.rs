//! `pactkit invariants-refresh`: keeps `All N+ tests must pass` in the governance rules
//! in step with the test count (PactKit's `invariants-refresh`). The
//! rewrite lives in `workflow::governance`.
//!
//! Difference from PactKit 2.10.6: `not_found` exits 1 (PactKit always exits 0).

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::governance::{self, Refresh, RefreshAction};

/// Arguments of `pactkit invariants-refresh`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 when the sentence was updated or already right (skipped); 1 when \
docs/architecture/governance/rules.md is missing or has no 'All N+ tests must pass' \
(not_found).")]
pub struct InvariantsRefreshArgs {
    /// The current number of tests
    #[arg(long, value_name = "N")]
    pub test_count: u64,
    /// Output format. text: one readable line; json: PactKit's `{"action": "updated"|"skipped"|"not_found", "old_count", "new_count"}`
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Refreshes the invariant and reports the outcome.
pub fn run(ctx: &Invocation, args: &InvariantsRefreshArgs) -> Result<ExitStatus> {
    let refresh = governance::refresh_invariants(&ctx.project_root(), args.test_count)?;
    match args.format {
        Format::Text => ctx.printer.data(&text_line(&refresh)),
        Format::Json => {
            let json = serde_json::to_string(&refresh)
                .map_err(|e| Error::environment("cannot render the JSON report").caused_by(e))?;
            ctx.printer.data(&json);
        }
    }
    if refresh.action == RefreshAction::NotFound {
        ctx.printer
            .hint("add a line such as `All 120+ tests must pass before any commit` to the rules");
        return Ok(ExitStatus::Blocked);
    }
    Ok(ExitStatus::Ok)
}

fn text_line(refresh: &Refresh) -> String {
    let rules = governance::RULES_PATH;
    match refresh.action {
        RefreshAction::Updated => format!(
            "Updated {rules}: All {}+ → All {}+ tests must pass",
            refresh.old_count, refresh.new_count
        ),
        RefreshAction::Skipped => format!(
            "{rules} already says All {}+ tests must pass",
            refresh.new_count
        ),
        RefreshAction::NotFound => {
            format!("No 'All N+ tests must pass' sentence found in {rules}")
        }
    }
}
