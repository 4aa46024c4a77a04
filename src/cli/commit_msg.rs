//! `pactkit commit-msg`: lint commit messages from files, stdin, or a commit range, with the
//! same settings the commit-msg gate uses (`gates.commit-msg` in pactkit.yaml).

use crate::commitmsg::{LintOptions, LintReport, Linter, Problem};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use crate::gates::session;
use crate::git::Repo;
use crate::output::Styles;
use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;

/// Arguments of `pactkit commit-msg`.
#[derive(Debug, clap::Args)]
pub struct CommitMsgArgs {
    /// Message files (stdin when none is given and no range is)
    #[arg(conflicts_with = "from")]
    pub files: Vec<PathBuf>,
    /// Lint every commit after this revision (with --to, default HEAD)
    #[arg(long, value_name = "REV")]
    pub from: Option<String>,
    /// The last revision of the range
    #[arg(long, value_name = "REV", requires = "from")]
    pub to: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A verdict line per message, problems under it.
    Text,
    /// `{"file", "valid", "errors", "warnings"}` per message (an array for several).
    Json,
}

struct Input {
    source: String,
    text: String,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    rule: &'a str,
    level: u8,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    file: &'a str,
    valid: bool,
    errors: Vec<JsonProblem<'a>>,
    warnings: Vec<JsonProblem<'a>>,
}

/// Lints the messages; exit 1 when any is invalid.
pub fn run(ctx: &Context, args: &CommitMsgArgs) -> Result<ExitStatus> {
    let repo = Repo::discover(&ctx.cwd).ok();
    let root = repo
        .as_ref()
        .map_or_else(|| ctx.cwd.clone(), |r| r.workdir().to_path_buf());
    let loaded = ctx.config(&root)?;
    let linter =
        Linter::new(&loaded.config.gates.commit_msg).map_err(|e| Error::config(e.to_string()))?;
    let inputs = gather(ctx, args, repo.as_ref())?;
    let branch = repo.as_ref().and_then(Repo::current_branch);
    let options = LintOptions {
        comment_char: repo.as_ref().and_then(session::comment_char),
        branch: branch.as_deref(),
    };
    let reports: Vec<LintReport> = inputs
        .iter()
        .map(|i| linter.lint(&i.text, &options))
        .collect();
    let several = inputs.len() != 1 || args.from.is_some();
    match args.format {
        Format::Json => ctx.printer.data(&render_json(&inputs, &reports, several)),
        Format::Text => {
            ctx.printer
                .data_raw(&render_text(&inputs, &reports, ctx.printer.out_styles()))
        }
    }
    Ok(if reports.iter().all(|r| r.valid) {
        ExitStatus::Ok
    } else {
        ExitStatus::Blocked
    })
}

fn gather(ctx: &Context, args: &CommitMsgArgs, repo: Option<&Repo>) -> Result<Vec<Input>> {
    if let Some(from) = &args.from {
        let repo = match repo {
            Some(repo) => repo,
            None => {
                return Err(ctx
                    .repo()
                    .err()
                    .unwrap_or_else(|| Error::environment("not a git repository")));
            }
        };
        let to = args.to.as_deref().unwrap_or("HEAD");
        let commits = repo.commits_in_range(from, to)?;
        return Ok(commits
            .into_iter()
            .map(|c| Input {
                source: c.id,
                text: c.message,
            })
            .collect());
    }
    if args.files.is_empty() {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::environment("cannot read standard input").caused_by(e))?;
        return Ok(vec![Input {
            source: "-".into(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }]);
    }
    args.files
        .iter()
        .map(|file| {
            let bytes = std::fs::read(ctx.cwd.join(file)).map_err(|e| {
                Error::usage(format!("cannot read the message file {}", file.display()))
                    .caused_by(e)
            })?;
            Ok(Input {
                source: file.display().to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .collect()
}

fn json_problems(problems: &[Problem]) -> Vec<JsonProblem<'_>> {
    problems
        .iter()
        .map(|p| JsonProblem {
            rule: &p.rule,
            level: p.level,
            message: &p.message,
        })
        .collect()
}

fn render_json(inputs: &[Input], reports: &[LintReport], several: bool) -> String {
    let results: Vec<JsonResult<'_>> = inputs
        .iter()
        .zip(reports)
        .map(|(input, report)| JsonResult {
            file: &input.source,
            valid: report.valid,
            errors: json_problems(&report.errors),
            warnings: json_problems(&report.warnings),
        })
        .collect();
    let rendered = if several {
        serde_json::to_string_pretty(&results)
    } else {
        serde_json::to_string_pretty(&results[0])
    };
    rendered.unwrap_or_default()
}

fn render_text(inputs: &[Input], reports: &[LintReport], styles: &Styles) -> String {
    let mut out = String::new();
    for (input, report) in inputs.iter().zip(reports) {
        let verdict = if !report.valid {
            styles.paint("invalid", styles.error)
        } else if report.ignored {
            styles.paint(
                "ignored (a merge, revert, fixup or release commit)",
                styles.skipped,
            )
        } else {
            styles.paint("valid", styles.ok)
        };
        out.push_str(&format!(
            "{}: {verdict}\n",
            styles.paint(&input.source, styles.path)
        ));
        for (problem, label, style) in report
            .errors
            .iter()
            .map(|p| (p, "error", styles.error))
            .chain(
                report
                    .warnings
                    .iter()
                    .map(|p| (p, "warning", styles.warning)),
            )
        {
            out.push_str(&format!(
                "  {} {}\n",
                styles.paint(format!("{label}[{}]", problem.rule), style),
                problem.message
            ));
            if let Some(hint) = &problem.hint {
                out.push_str(&format!(
                    "    {} {hint}\n",
                    styles.paint("hint:", styles.hint)
                ));
            }
        }
    }
    out
}
