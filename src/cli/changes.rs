//! `pactkit changes`: prints the change set the gates would judge (staged, a revision
//! range, or every file), for users debugging a gate and for benchmarks and tests.
//!
//! Text mirrors `git diff --name-status`: `M\tpath`, `R087\told\tnew`, paths quoted the way
//! git quotes them by default (`core.quotePath`): C-style, with octal escapes for control
//! characters and bytes ≥ 0x80. `--lines` appends a tab and the added line ranges
//! (`+1-3,7`), or `binary`.
//!
//! JSON is an array of objects: `path` and `old_path` are lossy UTF-8 strings; when a path is
//! not valid UTF-8, `path_bytes` / `old_path_bytes` carry the raw bytes as a number array
//! (absent otherwise). `kind` is kebab-case, `similarity` is present for renames,
//! `added_lines` is an array of `{start, end}` (1-based, inclusive).

use crate::cli::invocation::Invocation;
use crate::git::{BStr, ByteSlice, ChangeKind, ChangeSet, FileChange, LineRange};
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use serde_json::{Value, json};

/// Arguments of `pactkit changes`.
#[derive(Debug, clap::Args)]
pub struct ChangesArgs {
    /// Show HEAD against the index, like `git diff --cached` (the default)
    #[arg(long, conflicts_with_all = ["from_ref", "all_files"])]
    pub staged: bool,
    /// Show the changes from this revision (empty or all zeros: the empty tree)
    #[arg(
        long,
        value_name = "REV",
        requires = "to_ref",
        conflicts_with = "all_files"
    )]
    pub from_ref: Option<String>,
    /// Show the changes up to this revision
    #[arg(long, value_name = "REV", requires = "from_ref")]
    pub to_ref: Option<String>,
    /// Show every tracked file as added
    #[arg(long)]
    pub all_files: bool,
    /// Append the added line ranges to each text line
    #[arg(long)]
    pub lines: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = ChangesFormat::Text)]
    pub format: ChangesFormat,
}

/// Output formats of `changes`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ChangesFormat {
    /// `git diff --name-status` lines
    Text,
    /// A JSON array
    Json,
}

/// Prints the change set.
pub fn run(ctx: &Invocation, args: &ChangesArgs) -> Result<ExitStatus> {
    let repo = ctx.repo()?;
    let set = match (&args.from_ref, &args.to_ref) {
        (Some(from), Some(to)) => repo.range_changes(from, to)?,
        _ if args.all_files && args.lines => repo.all_files_with_lines()?,
        _ if args.all_files => repo.all_files()?,
        _ => repo.staged_changes()?,
    };
    match args.format {
        ChangesFormat::Text => ctx.printer.data_raw(&render_text(&set, args.lines)),
        ChangesFormat::Json => ctx.printer.data(&render_json(&set)?),
    }
    Ok(ExitStatus::Ok)
}

pub(crate) fn render_text(set: &ChangeSet, lines: bool) -> String {
    let mut out = String::new();
    for file in &set.files {
        out.push_str(&status_letters(file.kind));
        if let Some(old) = &file.old_path {
            out.push('\t');
            out.push_str(&quote_path(old.as_bstr()));
        }
        out.push('\t');
        out.push_str(&quote_path(file.path.as_bstr()));
        if lines {
            out.push('\t');
            out.push_str(&lines_column(file));
        }
        out.push('\n');
    }
    out
}

fn status_letters(kind: ChangeKind) -> String {
    match kind {
        ChangeKind::Added => "A".to_owned(),
        ChangeKind::Modified => "M".to_owned(),
        ChangeKind::Deleted => "D".to_owned(),
        ChangeKind::TypeChanged => "T".to_owned(),
        ChangeKind::Renamed { similarity } => format!("R{similarity:03}"),
    }
}

fn lines_column(file: &FileChange) -> String {
    if file.binary {
        return "binary".to_owned();
    }
    let ranges: Vec<String> = file.added_lines.iter().map(format_range).collect();
    format!("+{}", ranges.join(","))
}

fn format_range(range: &LineRange) -> String {
    if range.start == range.end {
        range.start.to_string()
    } else {
        format!("{}-{}", range.start, range.end)
    }
}

/// Quotes a path like git's default `core.quotePath=true`; plain paths stay bare.
pub fn quote_path(path: &BStr) -> String {
    let needs_quotes = path
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7f);
    if !needs_quotes {
        return path.to_str_lossy().into_owned();
    }
    let mut out = String::from("\"");
    for &b in path.iter() {
        match b {
            b'\x07' => out.push_str("\\a"),
            b'\x08' => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\x0b' => out.push_str("\\v"),
            b'\x0c' => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b if !(0x20..0x7f).contains(&b) => out.push_str(&format!("\\{b:03o}")),
            b => out.push(char::from(b)),
        }
    }
    out.push('"');
    out
}

fn render_json(set: &ChangeSet) -> Result<String> {
    let files: Vec<Value> = set.files.iter().map(file_json).collect();
    serde_json::to_string_pretty(&files)
        .map_err(|e| Error::environment("cannot render JSON").caused_by(e))
}

fn file_json(file: &FileChange) -> Value {
    let mut obj = serde_json::Map::new();
    path_fields(&mut obj, "path", file.path.as_bstr());
    match &file.old_path {
        Some(old) => path_fields(&mut obj, "old_path", old.as_bstr()),
        None => {
            obj.insert("old_path".into(), Value::Null);
        }
    }
    let (kind, similarity) = match file.kind {
        ChangeKind::Added => ("added", None),
        ChangeKind::Modified => ("modified", None),
        ChangeKind::Deleted => ("deleted", None),
        ChangeKind::TypeChanged => ("type-changed", None),
        ChangeKind::Renamed { similarity } => ("renamed", Some(similarity)),
    };
    obj.insert("kind".into(), json!(kind));
    if let Some(similarity) = similarity {
        obj.insert("similarity".into(), json!(similarity));
    }
    obj.insert("binary".into(), json!(file.binary));
    obj.insert("special".into(), json!(file.special));
    obj.insert("new_id".into(), json!(file.new_id));
    obj.insert("added_lines".into(), json!(file.added_lines));
    Value::Object(obj)
}

fn path_fields(obj: &mut serde_json::Map<String, Value>, key: &str, path: &BStr) {
    obj.insert(key.to_owned(), json!(path.to_str_lossy()));
    if path.to_str().is_err() {
        obj.insert(format!("{key}_bytes"), json!(path.as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_matches_git() {
        assert_eq!(quote_path(b"plain/file.txt".as_bstr()), "plain/file.txt");
        assert_eq!(quote_path(b"a\xffb".as_bstr()), "\"a\\377b\"");
        assert_eq!(quote_path("é".as_bytes().as_bstr()), "\"\\303\\251\"");
        assert_eq!(quote_path(b"tab\there".as_bstr()), "\"tab\\there\"");
        assert_eq!(quote_path(b"q\"uote".as_bstr()), "\"q\\\"uote\"");
    }
}
