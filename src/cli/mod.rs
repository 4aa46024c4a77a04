//! The command line: global flags, the subcommand enum, and one-line dispatch.
//! Flags live in `cli/`; every other module knows nothing about clap.

pub mod backfill_release;
pub mod changes;
pub mod check;
pub mod commit_msg;
pub mod config;
pub mod guard;
pub mod hooks;
pub mod invariants_refresh;
pub mod lesson_append;
pub mod lint_lessons;
pub mod lint_testcase;
pub mod next_id;
pub mod regression;
pub mod scaffold;
pub mod schema;
pub mod spec_lint;
pub mod spec_status;
pub mod test_map;
pub mod version;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::{EXIT_CODE_HELP, ExitStatus};
use crate::output::{ColorChoice, Printer};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// Hooks, gates and a spec-driven workflow that make the P.A.C.T. contract enforceable by git.
#[derive(Debug, Parser)]
#[command(name = "pactkit", version, about, after_help = EXIT_CODE_HELP, propagate_version = true)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted by every subcommand.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// When to colour output: auto honours NO_COLOR, CLICOLOR_FORCE and the terminal
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print only data and errors, not status lines
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Run as if pactkit was started in DIR
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub directory: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the release version into done items' specs that say Release TBD
    BackfillRelease(backfill_release::BackfillReleaseArgs),
    /// Print the change set the gates see (staged, a range, or all files)
    Changes(changes::ChangesArgs),
    /// Run the gates without git calling pactkit (the CI mode)
    Check(check::CheckArgs),
    /// Lint commit messages against Conventional Commits and the configured rules
    CommitMsg(commit_msg::CommitMsgArgs),
    /// Inspect and validate pactkit.yaml
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Check that the project is initialised (pactkit.yaml, sprint board, graphs directory)
    Guard(guard::GuardArgs),
    /// Install, remove, inspect and run the git hook shims
    #[command(subcommand)]
    Hooks(hooks::HooksCommand),
    /// Update 'All N+ tests must pass' in the governance rules (exit 1 when not found)
    InvariantsRefresh(invariants_refresh::InvariantsRefreshArgs),
    /// Append a lesson to the lessons table (exit 1 when skipped)
    LessonAppend(lesson_append::LessonAppendArgs),
    /// Check the lessons table: header, separator, three columns, at most 50 rows
    LintLessons(lint_lessons::LintLessonsArgs),
    /// Check a test-case file: TC-<n> scenario headings and Given/When/Then
    LintTestcase(lint_testcase::LintTestcaseArgs),
    /// Print the next free work-item id for the configured developer
    NextId(next_id::NextIdArgs),
    /// Decide which tests a change needs: SKIP, IMPACT or FULL
    Regression(regression::RegressionArgs),
    /// Create specs, test cases, e2e tests, branches, skills, the PRD or the board
    #[command(subcommand)]
    Scaffold(scaffold::ScaffoldCommand),
    /// Print the format of a document type or of pactkit.yaml
    Schema(schema::SchemaArgs),
    /// Lint spec documents against PactKit's structure rules (E000-E009, W001-W009)
    SpecLint(spec_lint::SpecLintArgs),
    /// Set the Status row of a spec (Draft, In Progress, Done)
    SpecStatus(spec_status::SpecStatusArgs),
    /// Print the existing tests that cover changed files
    TestMap(test_map::TestMapArgs),
    /// Print the version
    Version(version::VersionArgs),
}

/// Parses `args`, runs the command and returns its exit status. Never panics on user input.
pub fn main<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => return report_clap_error(&err),
    };
    let printer = Printer::new(cli.global.color, cli.global.quiet);
    let result =
        build_context(&cli.global, printer.clone()).and_then(|ctx| dispatch(&ctx, &cli.command));
    match result {
        Ok(status) => status,
        Err(err) => {
            err.render(&printer);
            err.status()
        }
    }
}

fn report_clap_error(err: &clap::Error) -> ExitStatus {
    let _ = err.print();
    match err.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            ExitStatus::Ok
        }
        _ => ExitStatus::Usage,
    }
}

fn build_context(global: &GlobalArgs, printer: Printer) -> Result<Context> {
    let base = std::env::current_dir()
        .map_err(|e| Error::environment("cannot read the current directory").caused_by(e))?;
    let cwd = match &global.directory {
        Some(dir) => base.join(dir),
        None => base,
    };
    if !cwd.is_dir() {
        return Err(Error::usage(format!(
            "-C {}: not a directory",
            cwd.display()
        )));
    }
    Ok(Context { cwd, printer })
}

fn dispatch(ctx: &Context, command: &Command) -> Result<ExitStatus> {
    match command {
        Command::BackfillRelease(args) => backfill_release::run(ctx, args),
        Command::Changes(args) => changes::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::CommitMsg(args) => commit_msg::run(ctx, args),
        Command::Config(cmd) => config::run(ctx, cmd),
        Command::Guard(args) => guard::run(ctx, args),
        Command::Hooks(cmd) => hooks::run(ctx, cmd),
        Command::InvariantsRefresh(args) => invariants_refresh::run(ctx, args),
        Command::LessonAppend(args) => lesson_append::run(ctx, args),
        Command::LintLessons(args) => lint_lessons::run(ctx, args),
        Command::LintTestcase(args) => lint_testcase::run(ctx, args),
        Command::NextId(args) => next_id::run(ctx, args),
        Command::Scaffold(cmd) => scaffold::run(ctx, cmd),
        Command::Regression(args) => regression::run(ctx, args),
        Command::Schema(args) => schema::run(ctx, args),
        Command::SpecLint(args) => spec_lint::run(ctx, args),
        Command::SpecStatus(args) => spec_status::run(ctx, args),
        Command::TestMap(args) => test_map::run(ctx, args),
        Command::Version(args) => version::run(ctx, args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
