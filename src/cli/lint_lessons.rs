//! `pactkit lint-lessons`: checks the lessons table's structure (PactKit's
//! `lint-lessons`), and the lint report layout shared with
//! `lint-testcase`. The rules live in `workflow::lessons`.
//!
//! Differences from PactKit 2.10.6: an escaped `\|` does not split a cell; a table line
//! that does not end with `|` is reported; a failing report ends with `Result: FAIL`.

use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::lessons::{self, LintError};
use crate::workflow::text::TextFile;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Arguments of `pactkit lint-lessons`.
#[derive(Debug, clap::Args)]
pub struct LintLessonsArgs {
    /// The lessons file [default: docs/architecture/governance/lessons.md in the project root]
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
}

/// Output formats of the document lints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// `<path>`, `  ✗ <message>` lines, `  Result: PASS|FAIL`
    Text,
    /// `{"file", "result": "PASS"|"FAIL", "errors": [{"line"?, "message"}]}` on one line
    Json,
}

/// Lints the lessons file.
pub fn run(ctx: &Invocation, args: &LintLessonsArgs) -> Result<ExitStatus> {
    let (base, path) = match &args.path {
        Some(path) => (ctx.cwd.clone(), path.clone()),
        None => (ctx.project_root(), PathBuf::from(lessons::LESSONS_PATH)),
    };
    let text = read_document(&base, &path)?;
    report(ctx, &path, &lessons::lint(&text), args.format)
}

/// Reads a linted document; a missing file is `File not found: <path>`, exit 1.
pub fn read_document(cwd: &Path, path: &Path) -> Result<String> {
    match TextFile::read_optional(&cwd.join(path))? {
        Some(file) => Ok(file.text),
        None => Err(Error::blocked(format!(
            "File not found: {}",
            path.display()
        ))),
    }
}

#[derive(Serialize)]
struct Report<'a> {
    file: String,
    result: &'static str,
    errors: &'a [LintError],
}

/// Prints a lint report and returns 0 (no errors) or 1.
pub fn report(
    ctx: &Invocation,
    path: &Path,
    errors: &[LintError],
    format: LintFormat,
) -> Result<ExitStatus> {
    let passed = errors.is_empty();
    let result = if passed { "PASS" } else { "FAIL" };
    match format {
        LintFormat::Text => {
            let styles = ctx.printer.out_styles();
            let mut out = format!("{}\n", path.display());
            for error in errors {
                out.push_str(&format!(
                    "  {} {}\n",
                    styles.paint("✗", styles.error),
                    error.message
                ));
            }
            let verdict = if passed {
                styles.paint(result, styles.ok)
            } else {
                format!(
                    "{} ({} error(s))",
                    styles.paint(result, styles.error),
                    errors.len()
                )
            };
            out.push_str(&format!("  Result: {verdict}\n"));
            ctx.printer.data_raw(&out);
        }
        LintFormat::Json => {
            let json = serde_json::to_string(&Report {
                file: path.display().to_string(),
                result,
                errors,
            })
            .map_err(|e| Error::environment("cannot render the JSON report").caused_by(e))?;
            ctx.printer.data(&json);
        }
    }
    Ok(if passed {
        ExitStatus::Ok
    } else {
        ExitStatus::Blocked
    })
}
