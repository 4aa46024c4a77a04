//! `pactkit spec-lint`: lints spec files (PactKit's `spec-lint`). Owns the
//! flags, finding the files (`--all`) and the text / JSON layouts; the rules and the
//! parallel file linting live in `workflow::spec_lint`.
//!
//! Deliberate differences from PactKit 2.10.6, all at the command level:
//! * neither SPEC nor `--all` is a usage error (exit 2); PactKit prints its help, exit 1;
//! * SPEC and `--all` together are a usage error; PactKit silently ignores SPEC;
//! * several SPEC paths are accepted (PactKit takes one) and linted independently;
//! * a missing `--specs-dir` is `error: specs directory '<d>' not found`, exit 1, as
//!   PactKit (`Error: …` there);
//! * unreadable or non-UTF-8 files are an E000 for that file; PactKit crashes;
//! * a SPEC that is an id (`STORY-001`) names `docs/specs/STORY-001.md`, and without
//!   `--specs-dir` the specs directory is the project's, so the command works from any
//!   subdirectory (an explicit `--specs-dir` or SPEC path is relative to the current
//!   directory, as typed).

use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::{Styles, escape};
use crate::workflow::spec_lint::{self, Diagnostic, LintResult, Severity, SpecFile};
use regex::Regex;
use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// Spec file names `--all` picks up (with [`is_spec_file_name`]).
///
/// PactKit accepts only `[a-z]+` developer parts here, so specs
/// of developers such as `bob-01`, which its own config validation allows, were silently
/// skipped. We fix that: a developer part is PactKit's old `[a-z]+` or the config grammar
/// `[a-z0-9][a-z0-9-]{0,18}[a-z0-9]`, so every file PactKit lints is still linted; and
/// every id `crate::workflow::ids` reads (PactKit 2.27+'s suffixed and stamped ids) names a spec.
static SPEC_FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, exercised by the unit tests.
    Regex::new(r"^(?:STORY|HOTFIX|BUG)(?:-(?:[a-z]+|[a-z0-9][a-z0-9-]{0,18}[a-z0-9]))?-\d+\.md$")
        .expect("valid built-in regex")
});

/// Arguments of `pactkit spec-lint`.
#[derive(Debug, clap::Args)]
pub struct SpecLintArgs {
    /// Spec files to lint, or ids such as STORY-001 (docs/specs/STORY-001.md); each is printed as given
    #[arg(value_name = "SPEC", conflicts_with = "all")]
    pub specs: Vec<PathBuf>,
    /// Lint every STORY/BUG/HOTFIX-<n>.md in --specs-dir, sorted by name
    #[arg(long)]
    pub all: bool,
    /// Where --all looks, relative to the current directory (default: the project's docs/specs)
    #[arg(long, value_name = "DIR")]
    pub specs_dir: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SpecLintFormat::Text)]
    pub format: SpecLintFormat,
}

/// Output formats of `spec-lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SpecLintFormat {
    /// PactKit's layout: path, `[ERROR]` / `[WARN]` lines, `Result:`
    Text,
    /// `[{"file", "result", "diagnostics": [{"rule", "severity", "message", "line"}]}]`
    Json,
}

/// `gates.spec.rules` of the repository's pactkit.yaml (PactKit's rules outside a repository).
fn rule_set(ctx: &Invocation) -> Result<spec_lint::RuleSet> {
    let Ok(repo) = ctx.repo() else {
        return Ok(spec_lint::RuleSet::default());
    };
    let root = repo.workdir().to_path_buf();
    let rules = ctx.config(&root)?.config.gates.spec.rules;
    Ok(spec_lint::RuleSet {
        pactkit4: rules == crate::config::SpecRules::Pactkit4,
    })
}

/// True for `<ID>.md` names `--all` lints.
fn is_spec_file_name(name: &str) -> bool {
    SPEC_FILE_NAME.is_match(name)
        || name
            .strip_suffix(".md")
            .is_some_and(|stem| crate::workflow::ids::WorkItemId::parse(stem).is_some())
}

/// Lints the specs and prints one report per file, in input order.
pub fn run(ctx: &Invocation, args: &SpecLintArgs) -> Result<ExitStatus> {
    let targets = if args.all {
        let (base, specs_dir) = match &args.specs_dir {
            Some(dir) => (ctx.cwd.clone(), dir.clone()),
            None => (ctx.project_root(), PathBuf::from(SPECS_DIR)),
        };
        let dir = python_display(&specs_dir);
        let targets = list_specs(&base.join(&specs_dir), &dir)?;
        if targets.is_empty() {
            match args.format {
                SpecLintFormat::Text => ctx
                    .printer
                    .data(&format!("No spec files found in '{}'", dir.display())),
                SpecLintFormat::Json => ctx.printer.data("[]"),
            }
            return Ok(ExitStatus::Ok);
        }
        targets
    } else if args.specs.is_empty() {
        return Err(Error::usage("spec-lint needs SPEC paths or --all")
            .hint("pactkit spec-lint docs/specs/STORY-001.md, or pactkit spec-lint --all"));
    } else {
        args.specs.iter().map(|spec| spec_file(ctx, spec)).collect()
    };
    let rules = rule_set(ctx)?;
    let results = spec_lint::lint_files(&targets, rules);
    let output = match args.format {
        SpecLintFormat::Text => render_text(&targets, &results, ctx.printer.out_styles()),
        SpecLintFormat::Json => render_json(&targets, &results)?,
    };
    ctx.printer.data_raw(&output);
    Ok(if results.iter().all(LintResult::passed) {
        ExitStatus::Ok
    } else {
        ExitStatus::Blocked
    })
}

/// Where spec ids resolve to, below the project root.
const SPECS_DIR: &str = crate::workflow::schema::SPECS_DIR;

/// A SPEC argument: an id names its spec in the project's specs directory (shown
/// root-relative); anything else is a path relative to the current directory, shown as given.
fn spec_file(ctx: &Invocation, spec: &Path) -> SpecFile {
    let id = spec
        .to_str()
        .filter(|text| crate::workflow::ids::WorkItemId::parse(text).is_some());
    match id {
        Some(id) => {
            let relative = Path::new(SPECS_DIR).join(format!("{id}.md"));
            SpecFile {
                display: relative.display().to_string(),
                path: ctx.project_root().join(relative),
            }
        }
        None => SpecFile {
            display: spec.display().to_string(),
            path: ctx.cwd.join(spec),
        },
    }
}

/// `dir` the way Python's `Path` prints it: `.` components and trailing slashes dropped.
fn python_display(dir: &Path) -> PathBuf {
    let cleaned: PathBuf = dir
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

/// The spec files of a directory, sorted by name. A path that exists but is not a
/// directory has no specs (as PactKit's glob).
fn list_specs(dir: &Path, display_dir: &Path) -> Result<Vec<SpecFile>> {
    if !dir.exists() {
        return Err(Error::blocked(format!(
            "specs directory '{}' not found",
            display_dir.display()
        ))
        .hint("pass --specs-dir DIR (relative to the current directory)"));
    }
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::environment(format!("cannot list '{}'", display_dir.display())).caused_by(e)
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| !entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_spec_file_name(name))
        .collect();
    names.sort_unstable();
    let prefix = (display_dir != Path::new(".")).then_some(display_dir);
    Ok(names
        .into_iter()
        .map(|name| SpecFile {
            display: prefix.map_or_else(|| name.clone(), |p| p.join(&name).display().to_string()),
            path: dir.join(&name),
        })
        .collect())
}

/// PactKit's layout, one block per file; colour only through `styles`.
fn render_text(targets: &[SpecFile], results: &[LintResult], styles: &Styles) -> String {
    let mut out = String::with_capacity(targets.len() * 256);
    for (target, result) in targets.iter().zip(results) {
        out.push_str(&escape::path(&target.display));
        out.push('\n');
        for diagnostic in &result.diagnostics {
            push_diagnostic(&mut out, diagnostic, styles);
        }
        let verdict = if result.passed() {
            styles.paint("PASS", styles.ok)
        } else {
            format!(
                "{} ({} error(s), {} warning(s))",
                styles.paint("FAIL", styles.error),
                result.errors(),
                result.warnings()
            )
        };
        out.push_str(&format!("  Result: {verdict}\n"));
    }
    out
}

fn push_diagnostic(out: &mut String, diagnostic: &Diagnostic, styles: &Styles) {
    // `[WARN]` is padded to the width of `[ERROR]`: two spaces follow it.
    let label = match diagnostic.severity {
        Severity::Error => styles.paint("[ERROR]", styles.error),
        Severity::Warning => format!("{} ", styles.paint("[WARN]", styles.warning)),
    };
    out.push_str(&format!(
        "  {label} {}: {}",
        diagnostic.rule,
        escape::text(&diagnostic.message)
    ));
    if let Some(line) = diagnostic.line {
        out.push_str(&format!(" (line {line})"));
    }
    out.push('\n');
}

#[derive(Serialize)]
struct FileReport<'a> {
    file: &'a str,
    result: &'static str,
    diagnostics: &'a [Diagnostic],
}

fn render_json(targets: &[SpecFile], results: &[LintResult]) -> Result<String> {
    let reports: Vec<FileReport<'_>> = targets
        .iter()
        .zip(results)
        .map(|(target, result)| FileReport {
            file: &target.display,
            result: if result.passed() { "PASS" } else { "FAIL" },
            diagnostics: &result.diagnostics,
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&reports)
        .map_err(|e| Error::environment("cannot render the JSON report").caused_by(e))?;
    json.push('\n');
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_accepts_pactkit_names_and_config_valid_developers() {
        for name in [
            "STORY-001.md",
            "BUG-a-7.md",
            "HOTFIX-slim-087.md",
            "STORY-bob-01-003.md",
            "STORY-1000.md",
        ] {
            assert!(SPEC_FILE_NAME.is_match(name), "{name}");
        }
        for name in [
            "STORY-bob-202612066e54223265f5.md",
            "STORY-bob-001-1a2b.md",
            "BUG-a-7.md",
        ] {
            assert!(is_spec_file_name(name), "{name}");
        }
        assert!(!is_spec_file_name("STORY-bob-001-1a2b.txt"));
        for name in [
            "TEMPLATE.md",
            "README.md",
            "STORY-Bob-001.md",
            "story-001.md",
            "STORY-001.txt",
            "STORY--001.md",
        ] {
            assert!(!SPEC_FILE_NAME.is_match(name), "{name}");
        }
    }

    #[test]
    fn directories_print_like_python_paths() {
        assert_eq!(
            python_display(Path::new("./docs/specs/")),
            Path::new("docs/specs")
        );
        assert_eq!(python_display(Path::new(".")), Path::new("."));
        assert_eq!(python_display(Path::new("../x")), Path::new("../x"));
    }
}
