//! The command line: global flags, the subcommand enum, and one-line dispatch.
//! Flags and parsing live in `cli/`; outside it clap appears only as `clap::ValueEnum`
//! derives on a few domain enums (hook type, report format, colour, schema type), so flags
//! take them as is.

pub mod agent_hooks;
pub mod backfill_release;
pub mod board;
pub mod changes;
pub mod check;
pub mod clean;
pub mod commit_msg;
pub mod completions;
pub mod config;
pub mod context;
pub mod coverage_gate;
pub mod deploy;
pub mod doctor;
mod fast;
pub mod guard;
pub mod hooks;
pub mod invariants_refresh;
pub mod invocation;
pub mod issue_sync;
pub mod lesson_append;
pub mod lint;
pub mod lint_context;
pub mod lint_lessons;
pub mod lint_testcase;
pub mod next_id;
pub mod regression;
pub mod scaffold;
pub mod schema;
pub mod sec_scope;
pub mod spec_lint;
pub mod spec_status;
pub mod test_map;
pub mod version;
pub mod visualize;

use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::{EXIT_CODE_HELP, ExitStatus};
use crate::infra::output::{ColorChoice, Printer};
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
    /// Add, tick, move, archive and list the stories of the sprint board
    #[command(subcommand)]
    Board(board::BoardCommand),
    /// Print the change set the gates see (staged, a range, or all files)
    Changes(changes::ChangesArgs),
    /// Run the gates without git calling pactkit (the CI mode)
    Check(check::CheckArgs),
    /// Remove the build and cache artefacts of the project's stacks (never inside .git,
    /// node_modules or virtualenvs)
    Clean(clean::CleanArgs),
    /// Lint commit messages against Conventional Commits and the configured rules
    CommitMsg(commit_msg::CommitMsgArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::CompletionsArgs),
    /// Inspect and validate pactkit.yaml
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Regenerate the session context document docs/product/context.md
    Context(context::ContextArgs),
    /// Coverage of the changed lines from coverage reports (exit 1 when it blocks)
    CoverageGate(coverage_gate::CoverageGateArgs),
    /// Check the set-up: config, git hooks, agent hooks, deployed files, docs (exit 1 when broken)
    Doctor(doctor::DoctorArgs),
    /// Check that the project is initialised (pactkit.yaml, sprint board, graphs directory)
    Guard(guard::GuardArgs),
    /// Install, remove, inspect and run the git hook shims
    #[command(subcommand)]
    Hooks(hooks::HooksCommand),
    /// Deploy the playbooks (agents, commands, skills, rules) into Claude Code, OpenCode and Codex CLI, and write pactkit.yaml
    Init(deploy::InitArgs),
    /// Update 'All N+ tests must pass' in the governance rules (exit 1 when not found)
    InvariantsRefresh(invariants_refresh::InvariantsRefreshArgs),
    /// Create or find the GitHub issue of a BUG or HOTFIX item (through gh) and record it in the spec
    IssueSync(issue_sync::IssueSyncArgs),
    /// Append a lesson to the lessons table (exit 1 when skipped)
    LessonAppend(lesson_append::LessonAppendArgs),
    /// Run the stack's linters on the staged files (--fix: fix fully staged files and stage them again)
    Lint(lint::LintArgs),
    /// Check that a session context document has its header and seven sections
    LintContext(lint_context::LintContextArgs),
    /// Check the lessons table: header, separator, three columns, at most 50 rows
    LintLessons(lint_lessons::LintLessonsArgs),
    /// Check a test-case file: TC-<n> scenario headings and Given/When/Then
    LintTestcase(lint_testcase::LintTestcaseArgs),
    /// Print the manual page (roff), or write one page per command into a directory
    Man(completions::ManArgs),
    /// Print the next free work-item id for the configured developer
    NextId(next_id::NextIdArgs),
    /// Decide which tests a change needs: SKIP, IMPACT or FULL
    Regression(regression::RegressionArgs),
    /// Create specs, test cases, e2e tests, branches, skills, the PRD or the board
    #[command(subcommand)]
    Scaffold(scaffold::ScaffoldCommand),
    /// Print the format of a document type or of pactkit.yaml
    Schema(schema::SchemaArgs),
    /// Show which security checks (SEC-1 to SEC-8) apply to a set of files
    SecScope(sec_scope::SecScopeArgs),
    /// Lint spec documents against PactKit's structure rules (E000-E009, W001-W009)
    SpecLint(spec_lint::SpecLintArgs),
    /// Set the Status row of a spec (draft, in-progress, done)
    SpecStatus(spec_status::SpecStatusArgs),
    /// Print the existing tests that cover changed files
    TestMap(test_map::TestMapArgs),
    /// Remove the deployed files nobody changed and strip pactkit's managed blocks
    Uninstall(deploy::UninstallArgs),
    /// Redeploy: replace pactkit's unmodified files, write `<file>.pactkit-new` beside edited ones
    Update(deploy::UpdateArgs),
    /// Check the deployed files were not written by a newer pactkit than this binary, then update them
    Upgrade(deploy::UpgradeArgs),
    /// Print the version
    Version(version::VersionArgs),
    /// Write Mermaid graphs of the code: files, classes, calls and modules (docs/architecture/graphs/)
    Visualize(visualize::VisualizeArgs),
}

/// How `pactkit visualize` runs: in this process ([`visualize::run`], the `pactkit-full`
/// binary) or by handing the whole command line to `pactkit-full` ([`visualize::hand_over`],
/// the `pactkit` binary the hooks start). A function pointer chosen by each binary's `main`,
/// not a flag, so nothing in `pactkit` refers to the tree-sitter grammars and the linker
/// leaves them out of it.
pub type VisualizeRunner =
    fn(&Invocation, &visualize::VisualizeArgs, &[OsString]) -> Result<ExitStatus>;

/// Parses `args`, runs the command and returns its exit status. Never panics on user input.
/// `visualize` is handed over to the `pactkit-full` binary.
pub fn main<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    main_with(args, visualize::hand_over)
}

/// [`main`] with `visualize` run by `runner`.
pub fn main_with<I, T>(args: I, runner: VisualizeRunner) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match fast::parse(&args) {
        Some(cli) => cli,
        None => match Cli::try_parse_from(&args) {
            Ok(cli) => cli,
            Err(err) => return report_clap_error(&err),
        },
    };
    let printer = Printer::new(cli.global.color, cli.global.quiet);
    let result = build_invocation(&cli.global, printer.clone())
        .and_then(|ctx| dispatch(&ctx, &cli.command, &args, runner));
    let status = match result {
        Ok(status) => status,
        Err(err) => {
            err.render(&printer);
            err.status()
        }
    };
    crate::infra::output::finish(status, &printer)
}

fn report_clap_error(err: &clap::Error) -> ExitStatus {
    if let Err(e) = err.print()
        && !err.use_stderr()
    {
        crate::infra::output::stdout_failed(&e);
        let printer = Printer::new(crate::infra::output::ColorChoice::Never, false);
        return crate::infra::output::finish(ExitStatus::Ok, &printer);
    }
    match err.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            ExitStatus::Ok
        }
        _ => ExitStatus::Usage,
    }
}

fn build_invocation(global: &GlobalArgs, printer: Printer) -> Result<Invocation> {
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
    Ok(Invocation { cwd, printer })
}

/// Runs `command`; `args` is the whole command line, for `visualize`'s hand-over.
fn dispatch(
    ctx: &Invocation,
    command: &Command,
    args: &[OsString],
    visualize: VisualizeRunner,
) -> Result<ExitStatus> {
    match command {
        Command::BackfillRelease(args) => backfill_release::run(ctx, args),
        Command::Board(cmd) => board::run(ctx, cmd),
        Command::Changes(args) => changes::run(ctx, args),
        Command::Check(args) => check::run(ctx, args),
        Command::Clean(args) => clean::run(ctx, args),
        Command::CommitMsg(args) => commit_msg::run(ctx, args),
        Command::Completions(args) => completions::completions(ctx, args),
        Command::Config(cmd) => config::run(ctx, cmd),
        Command::Context(args) => context::run(ctx, args),
        Command::CoverageGate(args) => coverage_gate::run(ctx, args),
        Command::Doctor(args) => doctor::run(ctx, args),
        Command::Guard(args) => guard::run(ctx, args),
        Command::Hooks(cmd) => hooks::run(ctx, cmd),
        Command::Init(args) => deploy::run_init(ctx, args),
        Command::InvariantsRefresh(args) => invariants_refresh::run(ctx, args),
        Command::IssueSync(args) => issue_sync::run(ctx, args),
        Command::LessonAppend(args) => lesson_append::run(ctx, args),
        Command::Lint(args) => lint::run(ctx, args),
        Command::LintContext(args) => lint_context::run(ctx, args),
        Command::LintLessons(args) => lint_lessons::run(ctx, args),
        Command::LintTestcase(args) => lint_testcase::run(ctx, args),
        Command::Man(args) => completions::man(ctx, args),
        Command::NextId(args) => next_id::run(ctx, args),
        Command::Regression(args) => regression::run(ctx, args),
        Command::Scaffold(cmd) => scaffold::run(ctx, cmd),
        Command::Schema(args) => schema::run(ctx, args),
        Command::SecScope(args) => sec_scope::run(ctx, args),
        Command::SpecLint(args) => spec_lint::run(ctx, args),
        Command::SpecStatus(args) => spec_status::run(ctx, args),
        Command::TestMap(args) => test_map::run(ctx, args),
        Command::Uninstall(args) => deploy::run_uninstall(ctx, args),
        Command::Update(args) => deploy::run_update(ctx, args),
        Command::Upgrade(args) => deploy::run_upgrade(ctx, args),
        Command::Version(args) => version::run(ctx, args),
        Command::Visualize(visualize_args) => visualize(ctx, visualize_args, args),
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

/// `--format` of the commands that print either lines for people or one JSON document;
/// each command's flag help says what its two forms look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people to read
    Text,
    /// One JSON document on stdout, for programs
    Json,
}
