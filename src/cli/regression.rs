//! `pactkit regression [FILES...] [--staged | --from-ref A --to-ref B] [--format json]`:
//! prints the decision (`SKIP`, `IMPACT` or `FULL`) and its reason first, then the tests
//! and the commands that would run them (see [`crate::regression`]). Without files or
//! flags it judges the staged changes. Always exits 0: the decision is the output.
//! JSON: `{"decision", "reason", "tests": [...], "crates": [...], "commands": [...]}`.

use super::test_map::{Format, project_root, repo_paths};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use crate::regression::{self, Run};
use crate::testmap::Workspace;
use std::path::PathBuf;

/// Arguments of `pactkit regression`.
#[derive(Debug, clap::Args)]
pub struct RegressionArgs {
    /// Changed files (relative to the current directory); default: the staged changes
    #[arg(value_name = "FILES", conflicts_with_all = ["staged", "from_ref"])]
    pub files: Vec<PathBuf>,
    /// Judge the staged changes (the default without files)
    #[arg(long, conflicts_with = "from_ref")]
    pub staged: bool,
    /// Judge the changes from this revision
    #[arg(long, value_name = "REV", requires = "to_ref")]
    pub from_ref: Option<String>,
    /// Judge the changes up to this revision
    #[arg(long, value_name = "REV", requires = "from_ref")]
    pub to_ref: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Prints the decision.
pub fn run(ctx: &Context, args: &RegressionArgs) -> Result<ExitStatus> {
    let root = project_root(ctx);
    let loaded = ctx.config(&root)?;
    let changed = if args.files.is_empty() {
        let repo = ctx.repo()?;
        let set = match (&args.from_ref, &args.to_ref) {
            (Some(from), Some(to)) => repo.range_changes(from, to)?,
            _ => repo.staged_changes()?,
        };
        let mut paths: Vec<String> = Vec::new();
        for file in &set.files {
            paths.push(file.path.to_string());
            paths.extend(file.old_path.iter().map(ToString::to_string));
        }
        paths
    } else {
        repo_paths(ctx, &root, &args.files)?
    };
    let settings = &loaded.config.gates.regression;
    let workspace = Workspace::scan(&root, &loaded.config.stack);
    let selection = regression::select(&workspace, &changed, settings).map_err(|e| {
        let file = loaded
            .path
            .as_ref()
            .map_or("pactkit.yaml".to_owned(), |p| p.display().to_string());
        Error::config(format!("{file}: {e}")).hint("fix the glob in gates.regression.full_patterns")
    })?;
    let commands: Vec<String> = regression::commands(&workspace, &selection, settings)
        .iter()
        .map(Run::display)
        .collect();
    match args.format {
        Format::Text => {
            let mut lines = vec![format!(
                "{} — {}",
                selection.decision.label(),
                selection.reason
            )];
            lines.extend(selection.tests.iter().cloned());
            lines.extend(selection.crates.iter().map(|c| format!("crate:{}", c.name)));
            lines.extend(commands.iter().map(|c| format!("$ {c}")));
            ctx.printer.data(&lines.join("\n"));
        }
        Format::Json => {
            let crates: Vec<&str> = selection.crates.iter().map(|c| c.name.as_str()).collect();
            let doc = serde_json::json!({
                "decision": selection.decision,
                "reason": selection.reason,
                "tests": selection.tests,
                "crates": crates,
                "commands": commands,
            });
            ctx.printer.data(
                &serde_json::to_string_pretty(&doc)
                    .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?,
            );
        }
    }
    Ok(ExitStatus::Ok)
}
