//! `pactkit spec-status`: sets the Status row of a spec (PactKit's `spec-status`).
//! Owns the flags, resolving SPEC (a path or an id) and the output; the
//! row rewrite lives in `workflow::spec_status`.
//!
//! Deliberate differences from PactKit 2.10.6:
//! * a missing file is `error: <path>: no such file`, exit 1 (PactKit: a traceback);
//! * a spec without a metadata table or Status row is an error naming the file, exit 1;
//! * invalid UTF-8 is an error (exit 2) and the file is left alone;
//! * the rewritten row is the one spec-lint reads, and only that line changes: BOM,
//!   CRLF line endings and the final newline are kept.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use crate::workflow::ids::WorkItemId;
use crate::workflow::spec_status::{self, Status, StatusError};
use crate::workflow::text::TextFile;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where spec ids resolve to, relative to the current directory.
const SPECS_DIR: &str = crate::workflow::schema::SPECS_DIR;

/// Arguments of `pactkit spec-status`.
#[derive(Debug, clap::Args)]
pub struct SpecStatusArgs {
    /// The spec: a path, or an id such as STORY-001 (docs/specs/STORY-001.md)
    #[arg(value_name = "SPEC")]
    pub spec: String,
    /// The new status
    #[arg(value_enum, ignore_case = true, value_name = "STATUS")]
    pub status: StatusArg,
    /// Output format. text: `Updated <file>: <Old> → <New>` or `Status already '<New>'`; json: `{"file", "action": "updated"|"unchanged", "old", "new"}` on one line
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The statuses a spec can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// Not started
    #[value(name = "draft")]
    Draft,
    /// Being implemented
    #[value(name = "in-progress", alias = "In Progress", alias = "InProgress")]
    InProgress,
    /// Finished
    #[value(name = "done")]
    Done,
}

impl From<StatusArg> for Status {
    fn from(arg: StatusArg) -> Status {
        match arg {
            StatusArg::Draft => Status::Draft,
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Done => Status::Done,
        }
    }
}

#[derive(Serialize)]
struct Report<'a> {
    file: &'a str,
    action: &'static str,
    old: &'a str,
    new: &'a str,
}

/// Sets the status and reports what changed.
pub fn run(ctx: &Invocation, args: &SpecStatusArgs) -> Result<ExitStatus> {
    let display = spec_path(&args.spec);
    // An id names the spec in the project's specs directory; a path is the user's own.
    let base = if WorkItemId::parse(&args.spec).is_some() {
        ctx.project_root()
    } else {
        ctx.cwd.clone()
    };
    let path = base.join(&display);
    let shown = display.display().to_string();
    let mut file = TextFile::read_optional(&path)?.ok_or_else(|| {
        Error::blocked(format!("{shown}: no such file"))
            .hint("pass a spec path, or an id such as STORY-001 for docs/specs/STORY-001.md")
    })?;
    let new = Status::from(args.status);
    let change = spec_status::set_status(&file.text, new).map_err(|e| status_error(&shown, &e))?;
    let updated = change.text.is_some();
    if let Some(text) = change.text {
        file.text = text;
        file.write()?;
    }
    let basename = display
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    match args.format {
        Format::Text if updated => ctx.printer.data(&format!(
            "Updated {}: {} → {}",
            escape::path(&basename),
            escape::text(&change.old),
            new.as_str()
        )),
        Format::Text => ctx
            .printer
            .data(&format!("Status already '{}'", new.as_str())),
        Format::Json => {
            let report = Report {
                file: &shown,
                action: if updated { "updated" } else { "unchanged" },
                old: &change.old,
                new: new.as_str(),
            };
            let json = serde_json::to_string(&report)
                .map_err(|e| Error::environment("cannot render the JSON report").caused_by(e))?;
            ctx.printer.data(&json);
        }
    }
    Ok(ExitStatus::Ok)
}

/// An id alone names `docs/specs/<id>.md`; anything else is a path.
fn spec_path(spec: &str) -> PathBuf {
    if WorkItemId::parse(spec).is_some() {
        Path::new(SPECS_DIR).join(format!("{spec}.md"))
    } else {
        PathBuf::from(spec)
    }
}

fn status_error(shown: &str, err: &StatusError) -> Error {
    let hint = match err {
        StatusError::NoTable | StatusError::NoStatusRow => {
            "specs start with a `| Field | Value |` table holding `| Status | Draft |`"
        }
        StatusError::Unrewritable(_) => "write the row as `| Status | Draft |` on one line",
    };
    Error::blocked(format!("{shown}: {err}")).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_resolve_to_the_specs_dir() {
        assert_eq!(
            spec_path("STORY-alice-001"),
            Path::new("docs/specs/STORY-alice-001.md")
        );
        assert_eq!(spec_path("x/STORY-001.md"), Path::new("x/STORY-001.md"));
        assert_eq!(spec_path("STORY-001.md"), Path::new("STORY-001.md"));
    }
}
