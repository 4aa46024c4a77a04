//! `pactkit guard`: checks the init markers of the project (reference §5.5) and exits 1
//! listing each missing one as `  ✗ <msg>`. The markers live in `docs::guard`; `-C DIR`
//! is the global flag.

use crate::context::Context;
use crate::docs::guard::missing_markers;
use crate::docs::schema::project_root;
use crate::error::Result;
use crate::exit::ExitStatus;

/// Arguments of `pactkit guard` (none besides the global `-C DIR`).
#[derive(Debug, clap::Args)]
pub struct GuardArgs {}

/// Prints the verdict: `Guard: PASS …` (exit 0) or the missing markers (exit 1).
pub fn run(ctx: &Context, _args: &GuardArgs) -> Result<ExitStatus> {
    let missing = missing_markers(&project_root(&ctx.cwd));
    if missing.is_empty() {
        ctx.printer.data("Guard: PASS — all init markers present");
        return Ok(ExitStatus::Ok);
    }
    for message in &missing {
        ctx.printer.data(&format!("  ✗ {message}"));
    }
    Ok(ExitStatus::Blocked)
}
