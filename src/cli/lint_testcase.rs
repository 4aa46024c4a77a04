//! `pactkit lint-testcase`: checks a test-case file (PactKit's
//! `lint-testcase`). The rules live in `workflow::testcase`; the report layout is
//! `lint-lessons`'s.

use crate::cli::invocation::Invocation;
use crate::cli::lint_lessons::{self, LintFormat};
use crate::infra::error::Result;
use crate::infra::exit::ExitStatus;
use crate::workflow::lessons::LintError;
use crate::workflow::testcase;
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
pub fn run(ctx: &Invocation, args: &LintTestcaseArgs) -> Result<ExitStatus> {
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
