//! `pactkit lint-context [PATH]`: checks that a session context document has its header
//! and seven sections (reference §6.13). Owns the flags and the PASS / `✗` layout; the
//! check lives in `docs::context`.

use crate::context::Context;
use crate::docs::context::{self, CONTEXT_PATH};
use crate::docs::text::TextFile;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use std::path::PathBuf;

/// Arguments of `pactkit lint-context`.
#[derive(Debug, clap::Args)]
pub struct LintContextArgs {
    /// The document to check
    #[arg(value_name = "PATH", default_value = CONTEXT_PATH)]
    pub path: PathBuf,
}

/// Prints `<path>` then `  Result: PASS` (exit 0), or one `  ✗ <problem>` line each and
/// `  Result: FAIL` (exit 1).
pub fn run(ctx: &Context, args: &LintContextArgs) -> Result<ExitStatus> {
    let shown = args.path.display().to_string();
    let file = TextFile::read_optional(&ctx.cwd.join(&args.path))?.ok_or_else(|| {
        Error::blocked(format!("File not found: {shown}"))
            .hint("pactkit context writes docs/product/context.md")
    })?;
    let errors = context::lint(&file.text);
    ctx.printer.data(&shown);
    for error in &errors {
        ctx.printer.data(&format!("  ✗ {error}"));
    }
    if errors.is_empty() {
        ctx.printer.data("  Result: PASS");
        Ok(ExitStatus::Ok)
    } else {
        ctx.printer.data("  Result: FAIL");
        Ok(ExitStatus::Blocked)
    }
}
