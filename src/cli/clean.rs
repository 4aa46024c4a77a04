//! `pactkit clean [--dry-run] [--stack S]`: removes the build and cache artefacts of the
//! project's stacks; the patterns and the walk live in `crate::stack::clean`.
//!
//! Unlike PactKit, every stack of the project is cleaned (PactKit: the first detected one),
//! a configured `stack:` is honoured (PactKit ignores it), paths are shown relative to the
//! project root, and nothing inside `.git`, `node_modules` or a virtualenv is touched.

use crate::cli::invocation::Invocation;
use crate::config::Stack;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use crate::stack::clean::{self, Item};
use std::path::Path;

/// Arguments of `pactkit clean`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Patterns: python: __pycache__, .pytest_cache, *.pyc (anywhere); node: .next, dist, coverage \
(anywhere); go: cover.out, cover.html (anywhere); java: target, build, .gradle (at the root).

Never deleted: anything inside .git, node_modules or a virtualenv (.venv, venv, or any \
directory with a pyvenv.cfg); symbolic links are not followed.")]
pub struct CleanArgs {
    /// List what would be removed, remove nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Clean for this stack (python, node, go, java, or auto: the `stack:` setting, else
    /// the marker files)
    #[arg(long, value_name = "S", value_parser = ["python", "node", "go", "java", "auto"])]
    pub stack: Option<String>,
}

/// Lists or removes the artefacts; exit 3 when one cannot be removed.
pub fn run(ctx: &Invocation, args: &CleanArgs) -> Result<ExitStatus> {
    let root = ctx.project_root();
    let stacks = match args.stack.as_deref() {
        Some(stack) if stack != "auto" => vec![stack.to_owned()],
        _ => configured_stacks(ctx, &root)?.unwrap_or_else(|| clean::detect_stacks(&root)),
    };
    let items = clean::find(&root, &stacks);
    if items.is_empty() {
        ctx.printer.data("Nothing to clean");
        return Ok(ExitStatus::Ok);
    }
    let verb = if args.dry_run {
        "Would remove"
    } else {
        "Removed"
    };
    let mut failed = Vec::new();
    let mut done = 0usize;
    for item in &items {
        if !args.dry_run
            && let Err(err) = clean::remove(item)
        {
            failed.push(format!("{}: {err}", shown(&root, item)));
            continue;
        }
        done += 1;
        ctx.printer
            .data(&format!("  {verb}: {}", shown(&root, item)));
    }
    ctx.printer.data(&format!("{verb} {done} item(s)"));
    if failed.is_empty() {
        return Ok(ExitStatus::Ok);
    }
    let mut err = Error::environment(format!("could not remove {} item(s)", failed.len()));
    for failure in failed {
        err = err.caused_by(failure);
    }
    Err(err.hint("check the permissions, then run `pactkit clean` again"))
}

/// The `stack:` setting, unless it is `auto`.
fn configured_stacks(ctx: &Invocation, root: &Path) -> Result<Option<Vec<String>>> {
    let loaded = ctx.config(root)?;
    Ok(match loaded.config.stack {
        Stack::One(one) if one == "auto" => None,
        Stack::One(one) => Some(vec![one]),
        Stack::Many(many) if many.is_empty() => None,
        Stack::Many(many) => Some(many),
    })
}

/// The item's path relative to the root, escaped for the terminal (non-UTF-8 bytes too).
fn shown(root: &Path, item: &Item) -> String {
    let rel = item.path.strip_prefix(root).unwrap_or(&item.path);
    let mut text = escape::path_bytes(rel.as_os_str().as_encoded_bytes());
    if item.dir {
        text.push('/');
    }
    text
}
