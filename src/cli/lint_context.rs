//! `pactkit lint-context [PATH]`: checks that a session context document has its header
//! and seven sections. Owns the flags and the PASS / `✗` layout; the
//! check lives in `workflow::context`.

use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::context::{self, CONTEXT_PATH};
use crate::workflow::text::TextFile;
use std::path::PathBuf;

/// Arguments of `pactkit lint-context`.
#[derive(Debug, clap::Args)]
pub struct LintContextArgs {
    /// The document to check [default: docs/product/context.md in the project root]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// Prints `<path>` then `  Result: PASS` (exit 0), or one `  ✗ <problem>` line each and
/// `  Result: FAIL` (exit 1).
pub fn run(ctx: &Invocation, args: &LintContextArgs) -> Result<ExitStatus> {
    let (shown, path) = match &args.path {
        Some(path) => (path.display().to_string(), ctx.cwd.join(path)),
        None => (
            CONTEXT_PATH.to_owned(),
            ctx.project_root().join(CONTEXT_PATH),
        ),
    };
    let file = TextFile::read_optional(&path)?.ok_or_else(|| {
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
