//! `pactkit changes`: the change set the gates see — staged (the default), a revision range,
//! or every tracked file — like `git diff --name-status`, with added line ranges on request.

use crate::context::Context;
use crate::error::Result;
use crate::exit::ExitStatus;
use crate::git::{ByteSlice, ChangeKind, ChangeSet, FileChange};
use serde_json::json;

/// Arguments of `pactkit changes`.
#[derive(Debug, clap::Args)]
pub struct ChangesArgs {
    /// HEAD's tree against the index (the default)
    #[arg(long, conflicts_with_all = ["from_ref", "all_files"])]
    pub staged: bool,
    /// The old side of a range
    #[arg(
        long,
        value_name = "REV",
        requires = "to_ref",
        conflicts_with = "all_files"
    )]
    pub from_ref: Option<String>,
    /// The new side of a range
    #[arg(long, value_name = "REV")]
    pub to_ref: Option<String>,
    /// Every tracked file, as added
    #[arg(long)]
    pub all_files: bool,
    /// Show the added line ranges (text output)
    #[arg(long)]
    pub lines: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// `M\tpath` lines like `git diff --name-status`.
    Text,
    /// An array of `{path, old_path, kind, similarity, binary, special, added_lines}`; a path
    /// that is not UTF-8 is shown lossily, with its raw bytes in `path_bytes`.
    Json,
}

/// Prints the change set.
pub fn run(ctx: &Context, args: &ChangesArgs) -> Result<ExitStatus> {
    let repo = ctx.repo()?;
    let changes = match (&args.from_ref, &args.to_ref) {
        (Some(from), Some(to)) => repo.range_changes(from, to)?,
        _ if args.all_files => repo.all_files()?,
        _ => repo.staged_changes()?,
    };
    match args.format {
        Format::Text => ctx.printer.data_raw(&text(&changes, args.lines)),
        Format::Json => ctx
            .printer
            .data(&serde_json::to_string_pretty(&json_value(&changes)).unwrap_or_default()),
    }
    Ok(ExitStatus::Ok)
}

fn status(kind: ChangeKind) -> String {
    match kind {
        ChangeKind::Added => "A".into(),
        ChangeKind::Modified => "M".into(),
        ChangeKind::Deleted => "D".into(),
        ChangeKind::Renamed { similarity } => format!("R{similarity:03}"),
        ChangeKind::TypeChanged => "T".into(),
    }
}

fn text(changes: &ChangeSet, lines: bool) -> String {
    let mut out = String::new();
    for file in &changes.files {
        let path = file.path.to_str_lossy();
        match &file.old_path {
            Some(old) => out.push_str(&format!(
                "{}\t{}\t{path}",
                status(file.kind),
                old.to_str_lossy()
            )),
            None => out.push_str(&format!("{}\t{path}", status(file.kind))),
        }
        if lines && !file.added_lines.is_empty() {
            let ranges: Vec<String> = file
                .added_lines
                .iter()
                .map(|r| format!("{}-{}", r.start, r.end))
                .collect();
            out.push_str(&format!("\t+{}", ranges.join(",")));
        }
        if file.binary {
            out.push_str("\t(binary)");
        }
        out.push('\n');
    }
    out
}

fn json_value(changes: &ChangeSet) -> serde_json::Value {
    serde_json::Value::Array(changes.files.iter().map(json_file).collect())
}

fn json_file(file: &FileChange) -> serde_json::Value {
    let mut value = json!({
        "path": file.path.to_str_lossy(),
        "old_path": file.old_path.as_ref().map(|p| p.to_str_lossy().into_owned()),
        "kind": file.kind,
        "binary": file.binary,
        "special": file.special,
        "added_lines": file.added_lines,
    });
    if file.path.to_str().is_err() {
        value["path_bytes"] = json!(file.path.as_bytes());
    }
    value
}
