//! `pactkit sec-scope FILES... [--format json]`: which security checks SEC-1 … SEC-8 apply
//! to a set of files; the judgement lives in `crate::secrets::scope`.
//!
//! Paths are taken relative to the current directory (`-C` applies) and read from the
//! work tree when they exist. No files is a usage error (exit 2; PactKit prints its usage
//! and exits 1).

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::secrets::scope::{self, ScopeFile};
use std::path::PathBuf;

/// Arguments of `pactkit sec-scope`.
#[derive(Debug, clap::Args)]
pub struct SecScopeArgs {
    /// The files of the change (paths need not exist; contents are read when they do)
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Output format. text: the Markdown table `| Check | Applicable | Reason |`; json: `{"checks": [{"check": "SEC-1", "applicable": bool, "reason": str}, …]}`
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Prints the table; exit 0.
pub fn run(ctx: &Invocation, args: &SecScopeArgs) -> Result<ExitStatus> {
    let mut files = Vec::new();
    for path in &args.files {
        files.push(scope_file(ctx, path)?);
    }
    let rows = scope::assess(&files);
    match args.format {
        Format::Json => ctx
            .printer
            .data(&serde_json::json!({ "checks": rows }).to_string()),
        Format::Text => ctx.printer.data_raw(&scope::table(&rows)),
    }
    Ok(ExitStatus::Ok)
}

fn scope_file(ctx: &Invocation, path: &std::path::Path) -> Result<ScopeFile> {
    let full = ctx.cwd.join(path);
    let content = if full.is_file() {
        let bytes = std::fs::read(&full).map_err(|e| {
            Error::environment(format!("cannot read {}", path.display())).caused_by(e)
        })?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        String::new()
    };
    let shown = path.to_string_lossy().replace('\\', "/");
    let shown = shown.trim_start_matches("./").to_owned();
    Ok(ScopeFile {
        path: shown,
        content,
    })
}
