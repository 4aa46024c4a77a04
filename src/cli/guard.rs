//! `pactkit guard`: checks the init markers of the project and exits 1
//! listing each missing one as `  ✗ <msg>`. The markers live in `workflow::guard`; `-C DIR`
//! is the global flag. The project root is the work tree containing the directory (the
//! directory itself outside git), where PactKit takes the directory as given.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::Result;
use crate::infra::exit::ExitStatus;
use crate::workflow::guard::missing_markers;

/// Arguments of `pactkit guard` (besides the global `-C DIR`).
#[derive(Debug, clap::Args)]
pub struct GuardArgs {
    /// Output format. text: `Guard: PASS …`, or one `  ✗ <msg>` line per missing marker; json: `{"pass": bool, "missing": [msg, …]}`
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Prints the verdict: pass (exit 0) or the missing markers (exit 1).
pub fn run(ctx: &Invocation, args: &GuardArgs) -> Result<ExitStatus> {
    let missing = missing_markers(&ctx.project_root());
    match args.format {
        Format::Json => {
            let json = serde_json::json!({"pass": missing.is_empty(), "missing": missing});
            ctx.printer.data(&json.to_string());
        }
        Format::Text if missing.is_empty() => {
            ctx.printer.data("Guard: PASS — all init markers present");
        }
        Format::Text => {
            for message in &missing {
                ctx.printer.data(&format!("  ✗ {message}"));
            }
        }
    }
    Ok(if missing.is_empty() {
        ExitStatus::Ok
    } else {
        ExitStatus::Blocked
    })
}
