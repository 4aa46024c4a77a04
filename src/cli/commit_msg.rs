//! `pactkit commit-msg`: lint commit messages from files, stdin or a commit range, and
//! report them as text or JSON. Exit 1 when any message is invalid.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::commitmsg::cleanup::{self, GitSettings, Invocation as GitInvocation};
use crate::commitmsg::{Cleanup, LintOptions, LintReport, Linter, Problem, Settings};
use crate::git::{Glance, Repo};
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::readlimit;
use std::path::{Path, PathBuf};

/// Arguments of `pactkit commit-msg`.
#[derive(Debug, clap::Args)]
pub struct CommitMsgArgs {
    /// Message files (stdin when none is given)
    #[arg(conflicts_with_all = ["from", "to"])]
    pub files: Vec<PathBuf>,
    /// Output format. text: human-readable lines; json: one object per message (an array for several)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Lint the commits reachable from --to but not from REF
    #[arg(long, value_name = "REF", requires = "to")]
    pub from: Option<String>,
    /// The end of the range to lint (with --from)
    #[arg(long, value_name = "REF", requires = "from")]
    pub to: Option<String>,
}

/// One linted message.
struct Linted {
    /// The file path, `-` for stdin, or the commit id.
    source: String,
    /// What the text output calls it.
    label: String,
    report: LintReport,
}

/// Lints the messages.
pub fn run(ctx: &Invocation, args: &CommitMsgArgs) -> Result<ExitStatus> {
    let range = args.from.as_deref().zip(args.to.as_deref());
    let repo = if range.is_some() {
        Some(Found::Open(Box::new(ctx.repo()?)))
    } else {
        discover_repo(ctx)
    };
    let root = repo
        .as_ref()
        .map_or_else(|| ctx.cwd.clone(), |r| r.workdir().to_path_buf());
    let settings = ctx.config(&root)?.config.gates.commit_msg;
    let linter = compile(&settings)?;
    let branch = repo.as_ref().and_then(Found::current_branch);
    let inputs = match (range, &repo) {
        (Some((from, to)), Some(Found::Open(repo))) => commit_inputs(repo, from, to)?,
        _ => file_inputs(ctx, &args.files)?,
    };
    let several = inputs.len() != 1 || range.is_some();
    let linted: Vec<Linted> = inputs
        .into_iter()
        .map(|(source, label, text)| {
            let options = LintOptions {
                cleanup: message_cleanup(repo.as_ref(), range.is_some(), &text),
                branch: branch.as_deref(),
            };
            Linted {
                report: linter.lint(&text, &options),
                source,
                label,
            }
        })
        .collect();
    match args.format {
        Format::Text => print_text(ctx, &linted),
        Format::Json => print_json(ctx, &linted, several),
    }
    let all_valid = linted.iter().all(|l| l.report.valid);
    Ok(if all_valid {
        ExitStatus::Ok
    } else {
        ExitStatus::Blocked
    })
}

fn compile(settings: &Settings) -> Result<Linter> {
    Linter::new(settings).map_err(|e| {
        Error::config(e.to_string())
            .hint("fix gates.commit-msg in pactkit.yaml, then check it with `pactkit config check`")
    })
}

/// The repository the messages belong to: opened in gix (a commit range needs its
/// objects), or only glanced at (files need the work tree, branch and configuration).
enum Found {
    Open(Box<Repo>),
    Glanced(Box<Glance>),
}

impl Found {
    fn workdir(&self) -> &Path {
        match self {
            Found::Open(repo) => repo.workdir(),
            Found::Glanced(glance) => glance.workdir(),
        }
    }

    fn current_branch(&self) -> Option<String> {
        match self {
            Found::Open(repo) => repo.current_branch(),
            Found::Glanced(glance) => glance.current_branch(),
        }
    }

    fn git_settings(&self) -> GitSettings {
        match self {
            Found::Open(repo) => crate::githooks::invoker::git_settings(repo),
            Found::Glanced(glance) => {
                crate::githooks::invoker::settings_from(|key| glance.config_string(key))
            }
        }
    }
}

/// The repository, when there is one; outside a repository commit-msg still lints files.
/// A plain repository is only glanced at ([`Glance`]): this runs on every commit.
fn discover_repo(ctx: &Invocation) -> Option<Found> {
    let inside = crate::infra::env::var_os("GIT_DIR").is_some()
        || ctx.cwd.ancestors().any(|dir| dir.join(".git").exists());
    if !inside {
        return None;
    }
    Glance::of(&ctx.cwd)
        .map(|glance| Found::Glanced(Box::new(glance)))
        .or_else(|| ctx.repo().ok().map(|repo| Found::Open(Box::new(repo))))
}

/// Commits are linted as stored; a file or stdin as git would store it: the clean-up of
/// the git command running the hook (a hook manager calls `commit-msg FILE`), else what
/// the repository's settings and the file itself say.
fn message_cleanup(repo: Option<&Found>, stored: bool, text: &str) -> Cleanup {
    match repo {
        _ if stored => Cleanup::STORED,
        Some(repo) => crate::githooks::invoker::message_cleanup(repo.git_settings(), text),
        None => {
            let process = crate::githooks::invoker::git_ancestor();
            let invocation = process.as_ref().map(|p| GitInvocation {
                args: &p.args,
                terminal: p.terminal,
            });
            cleanup::infer(invocation, &GitSettings::default(), text)
        }
    }
}

type Input = (String, String, String);

fn commit_inputs(repo: &Repo, from: &str, to: &str) -> Result<Vec<Input>> {
    let commits = repo.commits_in_range(from, to)?;
    Ok(commits
        .into_iter()
        .map(|c| {
            let label = format!("commit {}", c.id.get(..12).unwrap_or(&c.id));
            (c.id, label, c.message)
        })
        .collect())
}

fn file_inputs(ctx: &Invocation, files: &[PathBuf]) -> Result<Vec<Input>> {
    if files.is_empty() {
        let bytes = readlimit::read_stream(std::io::stdin().lock(), readlimit::COMMIT_MESSAGE)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::FileTooLarge {
                    Error::usage("the message on stdin is too large").caused_by(e)
                } else {
                    Error::environment("cannot read the message from stdin").caused_by(e)
                }
            })?;
        return Ok(vec![(
            "-".into(),
            "stdin".into(),
            String::from_utf8_lossy(&bytes).into_owned(),
        )]);
    }
    files.iter().map(|f| read_message(&ctx.cwd, f)).collect()
}

fn read_message(cwd: &Path, file: &Path) -> Result<Input> {
    let bytes = readlimit::read_file(&cwd.join(file), readlimit::COMMIT_MESSAGE).map_err(|e| {
        Error::new(ExitStatus::Usage, format!("cannot read {}", file.display()))
            .caused_by(e)
            .hint("pass the path of a commit message file, or pipe the message on stdin")
    })?;
    let name = file.display().to_string();
    // Messages in other encodings are linted as far as they decode, not rejected.
    Ok((
        name.clone(),
        name,
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

fn print_text(ctx: &Invocation, linted: &[Linted]) {
    let styles = ctx.printer.out_styles();
    for item in linted {
        let report = &item.report;
        let verdict = if report.ignored {
            styles.paint("ignored", styles.skipped)
        } else if report.valid && report.warnings.is_empty() {
            styles.paint("valid", styles.ok)
        } else if report.valid {
            format!(
                "{} ({})",
                styles.paint("valid", styles.ok),
                count(report.warnings.len(), "warning")
            )
        } else {
            let mut parts = vec![count(report.errors.len(), "error")];
            if !report.warnings.is_empty() {
                parts.push(count(report.warnings.len(), "warning"));
            }
            format!(
                "{} ({})",
                styles.paint("invalid", styles.error),
                parts.join(", ")
            )
        };
        ctx.printer.data(&format!(
            "{}: {verdict}",
            styles.paint(&item.label, styles.path)
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
            ctx.printer.data(&format!(
                "{}{} {}",
                styles.paint(label, style),
                styles.paint(format!("[{}]", problem.rule), style),
                problem.message
            ));
            if let Some(hint) = &problem.hint {
                ctx.printer
                    .data(&format!("  {} {hint}", styles.paint("hint:", styles.hint)));
            }
        }
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn print_json(ctx: &Invocation, linted: &[Linted], several: bool) {
    let problems = |list: &[Problem]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|p| serde_json::json!({"rule": p.rule, "level": p.level, "message": p.message}))
            .collect()
    };
    let objects: Vec<serde_json::Value> = linted
        .iter()
        .map(|l| {
            serde_json::json!({
                "file": l.source,
                "valid": l.report.valid,
                "errors": problems(&l.report.errors),
                "warnings": problems(&l.report.warnings),
            })
        })
        .collect();
    let value = match (several, objects.as_slice()) {
        (false, [one]) => one.clone(),
        _ => serde_json::Value::Array(objects),
    };
    ctx.printer
        .data(&serde_json::to_string_pretty(&value).unwrap_or_default());
}
