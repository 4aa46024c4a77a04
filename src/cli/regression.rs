//! `pactkit regression [FILES...] [--staged | --from-ref A --to-ref B] [--format json]`:
//! prints the decision (`SKIP`, `IMPACT` or `FULL`) and its reason first, then the tests
//! and the commands that would run them (see [`crate::stack::regression`]). Without files or
//! flags it judges the work tree against HEAD, staged or not, as PactKit does
//! (`git diff --name-only HEAD`: untracked files are not changes until added; on an unborn
//! branch every tracked file is new); `--staged` judges the index, as the hooks do.
//! Always exits 0: the decision is the output. Files left out because their names are not
//! UTF-8 are named on stderr.
//! JSON: `{"decision", "reason", "tests": [...], "crates": [...], "commands": [...]}`.

use super::Format;
use super::test_map::{project_root, repo_paths};
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use crate::stack::regression::{self, Run};
use crate::stack::testmap::Workspace;
use std::path::PathBuf;

/// Arguments of `pactkit regression`.
#[derive(Debug, clap::Args)]
pub struct RegressionArgs {
    /// Changed files (relative to the current directory); default: the work tree's changes
    /// against HEAD
    #[arg(value_name = "FILES", conflicts_with_all = ["staged", "from_ref"])]
    pub files: Vec<PathBuf>,
    /// Judge the staged changes (HEAD against the index), as the pre-commit hook does
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
pub fn run(ctx: &Invocation, args: &RegressionArgs) -> Result<ExitStatus> {
    let root = project_root(ctx);
    let loaded = ctx.config(&root)?;
    let changed = if args.files.is_empty() {
        let repo = ctx.repo()?;
        let set = match (&args.from_ref, &args.to_ref) {
            (Some(from), Some(to)) => repo.range_changes(from, to)?,
            _ if args.staged => repo.staged_changes()?,
            _ => return judge(ctx, args, &root, &loaded, worktree_changes(&repo)?),
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
    judge(ctx, args, &root, &loaded, changed)
}

/// The tracked files that differ between HEAD and the work tree, staged or not, both
/// sides of a rename (`git diff --name-only --no-renames HEAD`); every tracked file on an
/// unborn branch.
fn worktree_changes(repo: &crate::git::Repo) -> Result<Vec<String>> {
    let args: &[&str] = if repo.is_unborn() {
        &["ls-files", "-z"]
    } else {
        &["diff", "--name-only", "--no-renames", "-z", "HEAD", "--"]
    };
    let output = crate::git::git_command()
        .args(args)
        .current_dir(repo.workdir())
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Error::environment("cannot run git to list the work tree's changes").caused_by(e)
        })?;
    if !output.status.success() {
        return Err(Error::environment(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let mut paths: Vec<String> = output
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    Ok(paths)
}

fn judge(
    ctx: &Invocation,
    args: &RegressionArgs,
    root: &std::path::Path,
    loaded: &crate::config::LoadedConfig,
    changed: Vec<String>,
) -> Result<ExitStatus> {
    let settings = &loaded.config.gates.regression;
    let workspace = Workspace::scan(root, &loaded.config.stack).with_changes(&changed);
    super::test_map::warn_odd_names(ctx, &workspace);
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
                escape::text(&selection.reason)
            )];
            lines.extend(selection.tests.iter().map(|t| escape::path(t).into_owned()));
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
