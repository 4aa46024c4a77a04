//! `pactkit lint-testcase`: checks a test-case file (PactKit's
//! `lint-testcase`). The rules live in `docs::testcase`; the report layout is
//! `lint-lessons`'s.

use crate::cli::lint_lessons::{self, LintFormat};
use crate::context::Context;
use crate::docs::lessons::LintError;
use crate::docs::testcase;
use crate::error::Result;
use crate::exit::ExitStatus;
use std::path::PathBuf;

/// Arguments of `pactkit lint-testcase`.
#[derive(Debug, clap::Args)]
pub struct LintTestcaseArgs {
    /// The test-case file (docs/test_cases/<ID>_case.md)
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

/// Lints the test-case file.
pub fn run(ctx: &Context, args: &LintTestcaseArgs) -> Result<ExitStatus> {
    let text = lint_lessons::read_document(&ctx.cwd, &args.path)?;
    let errors: Vec<LintError> = testcase::lint(&text)
        .into_iter()
        .map(|message| LintError {
            line: None,
            message,
        })
        .collect();
    lint_lessons::report(ctx, &args.path, &errors, args.format)
}
