//! `pactkit lint [--fix] [FILES...]`: the stack's linters on the staged files (or on the
//! named work-tree files), PactKit's `lint`. The engine is `crate::lint`; the gate of the
//! same name is `gates::lint`. `pactkit lint --recover [--dry-run]` puts back the backup of
//! an auto-fix that was killed (`crate::lint::leftover`).
//!
//! Differences from PactKit 2.10.6: linters judge the staged content, not the whole
//! project; the fixer touches only fully staged files and stages them again; a missing
//! linter is exit 3 with the install command, not the shell's `not found`.

use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use crate::lint::{self, LintError, Target};
use std::path::{Path, PathBuf};

/// Arguments of `pactkit lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Run the fixers first (also on with auto_fix: true); staged files are fixed only when fully staged, then staged again
    #[arg(long)]
    pub fix: bool,
    /// Lint these work-tree files instead of the staged files (fixed in place with --fix)
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Put back the files backed up by an auto-fix that was killed (kill -9) before it
    /// finished: prints what it does, keeps each current version as
    /// <file>.pactkit-recover-<n>, then deletes the backup; never touches the index
    #[arg(long, conflicts_with_all = ["fix", "files"])]
    pub recover: bool,
    /// With --recover: only print what it would do
    #[arg(long, requires = "recover")]
    pub dry_run: bool,
}

/// Lints the staged files or `FILES`; exit 1 on findings only with `lint_blocking: true`.
pub fn run(ctx: &Invocation, args: &LintArgs) -> Result<ExitStatus> {
    let repo = ctx.repo()?;
    let root = repo.workdir().to_path_buf();
    if args.recover {
        return recover(ctx, repo.git_dir(), &root, args.dry_run);
    }
    warn_leftovers(ctx, &repo, &root);
    let loaded = ctx.config(&root)?;
    let config = &loaded.config;
    let fix = args.fix || config.auto_fix;
    let (targets, restage_index) = if args.files.is_empty() {
        let changes = repo.staged_changes()?;
        let targets = crate::gates::lint::targets(&repo, &root, &changes)?;
        let index = std::path::absolute(repo.index_path())
            .map_err(|e| Error::environment("cannot resolve the index path").caused_by(e))?;
        (targets, fix.then_some(index))
    } else {
        (named_targets(&ctx.cwd, &root, &args.files)?, None)
    };
    if targets.is_empty() {
        ctx.printer
            .info("No python, node, go, rust or java files to lint");
        return Ok(ExitStatus::Ok);
    }
    let no_configs = |_: &str| Vec::new();
    let request = lint::Request {
        root: &root,
        scratch_parent: repo.git_dir(),
        targets,
        fix,
        restage_index,
        settings: &config.gates.lint,
        configs: &no_configs,
        missing: lint::MissingTools::Fail,
    };
    let report = match lint::run(&request) {
        Ok(report) => report,
        Err(LintError::Interrupted { signal }) => {
            lint_error(LintError::Interrupted { signal }).render(&ctx.printer);
            crate::infra::child::reraise(signal)
        }
        Err(err) => return Err(lint_error(err)),
    };
    print_report(ctx, &report);
    if report.problems.is_empty() {
        ctx.printer.info("Lint passed");
        Ok(ExitStatus::Ok)
    } else if config.lint_blocking {
        ctx.printer.info("Lint errors found");
        Ok(ExitStatus::Blocked)
    } else {
        ctx.printer
            .info("Lint errors found (not blocking: lint_blocking is false)");
        Ok(ExitStatus::Ok)
    }
}

/// Mentions backups left by killed runs before linting (the gate blocks on them; a manual
/// run only warns, it is the user at the keyboard).
fn warn_leftovers(ctx: &Invocation, repo: &crate::git::Repo, root: &Path) {
    for finding in crate::gates::lint::leftover_findings(repo, root) {
        ctx.printer.warn(&finding.message);
        if let Some(hint) = &finding.hint {
            ctx.printer.hint(hint);
        }
    }
}

/// `pactkit lint --recover [--dry-run]`: for each dead run's directory, the plan, then (not
/// dry) the restore and the removal. Running pactkits' directories are named and left alone.
fn recover(ctx: &Invocation, git_dir: &Path, root: &Path, dry_run: bool) -> Result<ExitStatus> {
    use crate::lint::leftover;
    for (dir, pid) in leftover::running(git_dir) {
        ctx.printer.info(&format!(
            "{}: belongs to a running pactkit (pid {pid}); left alone",
            leftover::shown(&dir, root)
        ));
    }
    let leftovers = leftover::scan(git_dir, root);
    if leftovers.is_empty() {
        ctx.printer
            .info("No backup left by a killed auto-fix: nothing to recover");
        return Ok(ExitStatus::Ok);
    }
    for left in &leftovers {
        let steps = leftover::plan(left, root);
        ctx.printer
            .data(&format!("Backup of a killed run: {}", left.headline(root)));
        for step in &steps {
            ctx.printer.data(&format!("  {}", leftover::describe(step)));
        }
        let dir = leftover::shown(&left.dir, root);
        if dry_run {
            ctx.printer.data(&format!("  then {dir} is deleted"));
            continue;
        }
        leftover::recover(left, root, &steps).map_err(|e| {
            Error::environment(format!("cannot recover from {dir}"))
                .caused_by(e)
                .hint("nothing recovered so far was lost; fix the cause and run `pactkit lint --recover` again")
        })?;
        let restored = steps
            .iter()
            .filter(|s| matches!(s, leftover::Step::Restore { .. }))
            .count();
        ctx.printer
            .data(&format!("  restored {restored} file(s); deleted {dir}"));
    }
    if dry_run {
        ctx.printer
            .info("Dry run: nothing changed; `pactkit lint --recover` does the above");
    }
    Ok(ExitStatus::Ok)
}

fn lint_error(err: LintError) -> Error {
    let hint = match &err {
        LintError::ToolMissing { stack, .. } => Some(format!(
            "or turn the stack off with gates.lint.commands.{stack}.check: \"\""
        )),
        _ => None,
    };
    let mut out = Error::environment(err.to_string());
    if let Some(hint) = hint {
        out = out.hint(hint);
    }
    out
}

/// The report as text: file names and linter output are escaped (`output::escape`).
fn print_report(ctx: &Invocation, report: &lint::Report) {
    for (file, tool) in &report.fixed {
        let file = escape::path(file);
        ctx.printer.info(&format!("{file}: fixed by {tool}"));
    }
    for file in &report.partially_staged {
        let file = escape::path(file);
        ctx.printer
            .warn(&format!("{file}: partially staged: not auto-fixed"));
    }
    for (stack, count) in &report.unlinted {
        ctx.printer.warn(&format!(
            "no linter configured for {stack} ({count} file(s)); set gates.lint.commands.{stack}"
        ));
    }
    for problem in &report.problems {
        let location = match (&problem.file, problem.line) {
            (Some(file), Some(line)) => format!("{}:{line}: ", escape::path(file)),
            (Some(file), None) => format!("{}: ", escape::path(file)),
            _ => String::new(),
        };
        // Linter output passes through the same masking as every gate's findings.
        let message = crate::secrets::redact(&problem.message);
        let message = escape::text(&message);
        ctx.printer
            .data(&format!("{location}[{}] {message}", problem.tool));
    }
}

/// Work-tree files named on the command line, relative to the repository root.
fn named_targets(cwd: &Path, root: &Path, files: &[PathBuf]) -> Result<Vec<Target>> {
    let root = root.canonicalize().map_err(|e| {
        Error::environment(format!("cannot resolve {}", root.display())).caused_by(e)
    })?;
    files
        .iter()
        .map(|file| {
            let full = cwd.join(file).canonicalize().map_err(|e| {
                Error::usage(format!("cannot read {}", file.display()))
                    .caused_by(e)
                    .hint("name existing files inside the repository")
            })?;
            let rel = full.strip_prefix(&root).map_err(|_| {
                Error::usage(format!("{} is outside the repository", file.display()))
            })?;
            let path = rel
                .to_str()
                .ok_or_else(|| Error::usage(format!("{} is not UTF-8", file.display())))?
                .replace('\\', "/");
            Ok(Target {
                path,
                staged: None,
                name_not_utf8: false,
            })
        })
        .collect()
}
