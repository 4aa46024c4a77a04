//! `pactkit test-map FILES... [--format json]`: the existing tests covering changed files,
//! per stack (see [`crate::stack::testmap`]). Text prints one test path a line, then one
//! `crate:<name>` line per Rust crate whose tests cover the files; JSON prints
//! `{"tests": [...], "crates": [...], "files": [{path, stack, class, tests, crate,
//! dependent_crates, unknown}]}`. Files whose names are not UTF-8 cannot be read: they
//! are named on stderr.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use crate::stack::testmap::Workspace;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Arguments of `pactkit test-map`.
#[derive(Debug, clap::Args)]
pub struct TestMapArgs {
    /// Changed files (relative to the current directory)
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Output format. text: plain lines; json: one JSON document
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Prints the tests covering the files.
pub fn run(ctx: &Invocation, args: &TestMapArgs) -> Result<ExitStatus> {
    let root = project_root(ctx);
    let loaded = ctx.config(&root)?;
    let changed = repo_paths(ctx, &root, &args.files)?;
    let workspace = Workspace::scan(&root, &loaded.config.stack).with_changes(&changed);
    warn_odd_names(ctx, &workspace);
    let mappings = workspace.map_all(&changed);
    let mut tests = BTreeSet::new();
    let mut crates = BTreeSet::new();
    for mapping in &mappings {
        tests.extend(mapping.tests.iter().cloned());
        crates.extend(mapping.krate.iter().map(|c| c.name.clone()));
        crates.extend(mapping.dependent_crates.iter().map(|c| c.name.clone()));
    }
    match args.format {
        Format::Text => {
            let lines: Vec<String> = tests
                .iter()
                .map(|test| escape::path(test).into_owned())
                .chain(crates.into_iter().map(|c| format!("crate:{c}")))
                .collect();
            if !lines.is_empty() {
                ctx.printer.data(&lines.join("\n"));
            }
        }
        Format::Json => {
            let doc = serde_json::json!({ "tests": tests, "crates": crates, "files": mappings });
            ctx.printer.data(
                &serde_json::to_string_pretty(&doc)
                    .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?,
            );
        }
    }
    Ok(ExitStatus::Ok)
}

/// Names the files the mapper could not read because their names are not UTF-8.
pub(crate) fn warn_odd_names(ctx: &Invocation, workspace: &Workspace) {
    let odd = workspace.odd_names();
    if odd.is_empty() {
        return;
    }
    let shown: Vec<String> = odd.iter().take(5).map(|p| format!("{p:?}")).collect();
    let more = odd.len().saturating_sub(shown.len());
    ctx.printer.warn(&format!(
        "left out {} file(s) whose names are not UTF-8: {}{}",
        odd.len(),
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    ));
}

/// The work tree root when inside a repository, else the current directory.
pub(crate) fn project_root(ctx: &Invocation) -> PathBuf {
    ctx.repo()
        .map(|repo| repo.workdir().to_path_buf())
        .unwrap_or_else(|_| ctx.cwd.clone())
}

/// Command-line paths as root-relative, `/`-separated paths.
pub(crate) fn repo_paths(ctx: &Invocation, root: &Path, files: &[PathBuf]) -> Result<Vec<String>> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let cwd = ctx.cwd.canonicalize().unwrap_or_else(|_| ctx.cwd.clone());
    let prefix = cwd.strip_prefix(&canonical_root).unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for file in files {
        let joined = if file.is_absolute() {
            let parent = file.parent().and_then(|p| p.canonicalize().ok());
            match (parent, file.file_name()) {
                (Some(parent), Some(name)) => parent
                    .join(name)
                    .strip_prefix(&canonical_root)
                    .map(Path::to_path_buf)
                    .map_err(|_| {
                        Error::usage(format!(
                            "{} is outside the project {}",
                            file.display(),
                            root.display()
                        ))
                    })?,
                _ => file.clone(),
            }
        } else {
            prefix.join(file)
        };
        out.push(normalize(&joined));
    }
    Ok(out)
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}
