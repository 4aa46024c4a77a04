//! `pactkit coverage-gate`: the coverage of changed lines from coverage reports, as a table
//! or JSON, with an exit code that follows the verdict.
//!
//! JSON: `{"diff_coverage": <percent, 2 decimals, or null>, "verdict": "pass"|"warn"|"block"|"skip",
//! "files": [{"path", "covered", "measured", "missing_lines": [n…]}],
//! "unmeasured": [{"path", "reason": "not-executable"|"not-in-report", "lines": [n…]}]}`.

use crate::cli::invocation::Invocation;
use crate::coverage::diff::{self, ChangedFile, DiffCoverage, Verdict};
use crate::gates::coverage as engine;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use std::path::{Path, PathBuf};

/// Arguments of `pactkit coverage-gate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Verdict: pass at or above gates.coverage.pass (80), warn at or above gates.coverage.warn (50),
block below; fewer measured changed lines than gates.coverage.minimum_change (5) pass.
Exit codes: 0 for pass, warn and skip (no report); 1 for block; 2 for a malformed report or
bad settings; 3 when gates.coverage.command fails. (PactKit's coverage-gate always exits 0.)")]
pub struct CoverageGateArgs {
    /// A coverage report to read: LCOV, Cobertura XML, JaCoCo XML, coverage.py JSON or a Go
    /// cover profile (repeatable, united; default: the existing gates.coverage.reports)
    #[arg(long = "report", value_name = "PATH")]
    pub reports: Vec<PathBuf>,
    /// Judge the lines added in the index against HEAD (the default)
    #[arg(long, conflicts_with_all = ["from_ref", "files"])]
    pub staged: bool,
    /// Judge the lines added after this revision
    #[arg(long, value_name = "REV", conflicts_with = "files")]
    pub from_ref: Option<String>,
    /// The last revision of the range (default HEAD)
    #[arg(long, value_name = "REV", requires = "from_ref")]
    pub to_ref: Option<String>,
    /// Do not run gates.coverage.command first
    #[arg(long)]
    pub no_command: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
    pub format: CoverageFormat,
    /// Judge these files whole: every line counts as changed (PactKit's semantics)
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,
}

/// Output formats of `coverage-gate`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CoverageFormat {
    /// A diff-cover-like table
    Text,
    /// One JSON object
    Json,
}

/// Computes and prints the coverage of the changed lines.
pub fn run(ctx: &Invocation, args: &CoverageGateArgs) -> Result<ExitStatus> {
    let repo = ctx.repo()?;
    let root = repo.workdir().to_path_buf();
    let loaded = ctx.config(&root)?;
    let settings = &loaded.config.gates.coverage;
    let thresholds = engine::thresholds(settings);
    thresholds.validate().map_err(Error::config)?;
    let changed = changed_lines(ctx, &repo, &root, args)?;
    if let (Some(command), false) = (&settings.command, args.no_command) {
        engine::run_command(command, &root, settings.timeout).map_err(|e| {
            Error::environment(e)
                .hint("run it by hand, or pass --no-command to use the existing reports")
        })?;
    }
    let reports = match reports(ctx, &root, settings, args)? {
        Ok(reports) => reports,
        Err(reason) => {
            ctx.printer
                .info(&format!("coverage-gate: skipped: {reason}"));
            for (lang, command) in report_stacks(&root, &loaded.config.stack, &changed)
                .into_iter()
                .map(report_command)
            {
                ctx.printer.hint(&format!(
                    "{}: write a report with `{command}`, then run coverage-gate again (or set gates.coverage.command to `{command}`)",
                    lang.name()
                ));
            }
            print(
                ctx,
                args.format,
                &DiffCoverage::default(),
                Verdict::Skip,
                &thresholds,
            )?;
            return Ok(ExitStatus::Ok);
        }
    };
    let known = engine::known_files(Some(&repo));
    let result = engine::evaluate(&root, settings, &reports, &changed, known).map_err(|e| {
        Error::usage(e.to_string())
            .hint("regenerate the report (re-run the tests with coverage), or fix its path")
    })?;
    for warning in engine::stale_reports(&root, &reports, &changed) {
        ctx.printer.warn(&warning);
    }
    let verdict = thresholds.verdict(&result);
    print(ctx, args.format, &result, verdict, &thresholds)?;
    Ok(match verdict {
        Verdict::Block => ExitStatus::Blocked,
        Verdict::Pass | Verdict::Warn | Verdict::Skip => ExitStatus::Ok,
    })
}

/// The project's stacks, or else the languages of the changed files.
fn report_stacks(
    root: &Path,
    configured: &crate::config::model::Stack,
    changed: &[ChangedFile],
) -> Vec<crate::stack::Lang> {
    let stacks = crate::stack::detect(root, configured).stacks();
    if !stacks.is_empty() {
        return stacks;
    }
    let mut langs: Vec<_> = changed
        .iter()
        .filter_map(|c| crate::stack::Lang::of_file(&c.path))
        .collect();
    langs.sort();
    langs.dedup();
    langs
}

/// A command that runs a stack's tests and writes a report where the gate looks by
/// default (`gates.coverage.reports`).
fn report_command(lang: crate::stack::Lang) -> (crate::stack::Lang, &'static str) {
    use crate::stack::Lang;
    let command = match lang {
        Lang::Python => "python3 -m pytest --cov --cov-report=xml",
        Lang::Node => "npx jest --coverage --coverageReporters=lcov",
        Lang::Go => "go test -coverprofile=cover.out ./...",
        Lang::Java => "mvn test jacoco:report",
        Lang::Rust => "cargo llvm-cov --lcov --output-path lcov.info",
    };
    (lang, command)
}

fn print(
    ctx: &Invocation,
    format: CoverageFormat,
    result: &DiffCoverage,
    verdict: Verdict,
    thresholds: &diff::Thresholds,
) -> Result<()> {
    match format {
        CoverageFormat::Text => ctx
            .printer
            .data_raw(&diff::to_text(result, verdict, thresholds)),
        CoverageFormat::Json => {
            let text = serde_json::to_string_pretty(&diff::to_json(result, verdict))
                .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?;
            ctx.printer.data(&text);
        }
    }
    Ok(())
}

fn changed_lines(
    ctx: &Invocation,
    repo: &crate::git::Repo,
    root: &Path,
    args: &CoverageGateArgs,
) -> Result<Vec<ChangedFile>> {
    if !args.files.is_empty() {
        return args
            .files
            .iter()
            .map(|f| whole_file(ctx, root, f))
            .filter_map(Result::transpose)
            .collect();
    }
    let set = match &args.from_ref {
        Some(from) => repo.range_changes(from, args.to_ref.as_deref().unwrap_or("HEAD"))?,
        None => repo.staged_changes()?,
    };
    Ok(engine::changed_files(&set, root, false))
}

/// A FILES argument as a whole changed file (an empty file has no lines to judge).
fn whole_file(ctx: &Invocation, root: &Path, file: &Path) -> Result<Option<ChangedFile>> {
    let absolute = ctx.cwd.join(file);
    let canonical = absolute.canonicalize().map_err(|e| {
        Error::usage(format!("{}: cannot read the file", file.display())).caused_by(e)
    })?;
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let relative = canonical.strip_prefix(&canonical_root).map_err(|_| {
        Error::usage(format!(
            "{}: not inside the repository {}",
            file.display(),
            root.display()
        ))
    })?;
    let relative = relative.to_string_lossy().replace('\\', "/");
    Ok(engine::whole_file(root, &relative))
}

/// The explicit `--report` files (each must exist), or the configured ones that exist;
/// the inner `Err` is the reason to skip.
fn reports(
    ctx: &Invocation,
    root: &Path,
    settings: &crate::config::CoverageGateConfig,
    args: &CoverageGateArgs,
) -> Result<std::result::Result<Vec<PathBuf>, String>> {
    if args.reports.is_empty() {
        return Ok(engine::configured_reports(root, settings));
    }
    let mut out = Vec::new();
    for report in &args.reports {
        let path = ctx.cwd.join(report);
        if !path.is_file() {
            return Err(Error::usage(format!(
                "--report {}: no such file",
                report.display()
            ))
            .hint("produce it first (e.g. `pytest --cov --cov-report=xml`), or set gates.coverage.command"));
        }
        out.push(path);
    }
    Ok(Ok(out))
}
