//! `pactkit hooks install | uninstall | status | run`: the shims in the directory git
//! really runs hooks from, and the entry point those shims call. `hooks agent …` is in
//! `cli/agent_hooks.rs`.

use crate::cli::invocation::Invocation;
use crate::gates::GateId;
use crate::gates::receive;
use crate::gates::report::{self, ReportFormat};
use crate::gates::runner::resolve_gates;
use crate::gates::session::{self, Plan};
use crate::gates::trust::{self, ContractSource};
use crate::git::{HooksDir, HooksPathSource, Repo};
use crate::githooks::HookType;
use crate::githooks::install::{self, HookState, Installed, Uninstalled};
use crate::githooks::legacy::{self, LegacyResult};
use crate::githooks::shim::SHIM_VERSION;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::readlimit;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// `pactkit hooks` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum HooksCommand {
    /// Install the shims (default: pre-commit, commit-msg and pre-push); never prompts
    Install(InstallArgs),
    /// Remove pactkit's shims and put back the hooks they replaced
    Uninstall(SelectArgs),
    /// Show each hook: ours and current, ours but outdated, foreign, or missing
    Status(StatusArgs),
    /// Run a hook's gates (what the installed shims call)
    Run(RunArgs),
    /// The hook inside AI agents (Claude Code, Codex, OpenCode) that refuses git-hook bypasses
    #[command(subcommand)]
    Agent(super::agent_hooks::AgentCommand),
}

/// Hook selection.
#[derive(Debug, clap::Args)]
pub struct SelectArgs {
    /// A hook to act on (can be repeated; default: all three)
    #[arg(long = "hook", value_enum, conflicts_with = "server")]
    pub hooks: Vec<HookType>,
    /// The server side: the pre-receive hook of a (bare) repository that receives pushes
    #[arg(long)]
    pub server: bool,
}

impl SelectArgs {
    fn selected(&self) -> Vec<HookType> {
        if self.server {
            vec![HookType::PreReceive]
        } else if self.hooks.is_empty() {
            HookType::ALL.to_vec()
        } else {
            self.hooks.clone()
        }
    }

    /// The repository: a server's may be bare.
    fn repo(&self, ctx: &Invocation) -> Result<Repo> {
        if self.server || self.hooks.contains(&HookType::PreReceive) {
            Ok(Repo::open_receiving(&ctx.cwd)?)
        } else {
            ctx.repo()
        }
    }
}

/// Arguments of `hooks install`.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// Which hooks.
    #[command(flatten)]
    pub select: SelectArgs,
    /// Install even though a global or system core.hooksPath is set: the shims go into this
    /// repository's own hooks directory, and a repository-level core.hooksPath points there
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `hooks status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    /// The server side: the pre-receive hook of a (bare) repository
    #[arg(long)]
    pub server: bool,
}

/// Output formats of `hooks status`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusFormat {
    /// A line per hook.
    Text,
    /// One JSON document.
    Json,
}

/// Arguments of `hooks run` (called by the shims).
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The hook git is running
    #[arg(value_enum)]
    pub hook: HookType,
    /// The script version of the calling shim
    #[arg(long)]
    pub shim_version: Option<u32>,
    /// The directory the calling shim lives in (where a `.legacy` hook is looked for)
    #[arg(long)]
    pub hook_dir: Option<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// The arguments git passed to the hook
    #[arg(last = true)]
    pub git_args: Vec<OsString>,
}

/// Runs a `hooks` subcommand.
pub fn run(ctx: &Invocation, cmd: &HooksCommand) -> Result<ExitStatus> {
    match cmd {
        HooksCommand::Install(args) => install_hooks(ctx, args),
        HooksCommand::Uninstall(args) => uninstall_hooks(ctx, args),
        HooksCommand::Status(args) => status(ctx, args),
        HooksCommand::Run(args) => run_hook(ctx, args),
        HooksCommand::Agent(cmd) => super::agent_hooks::run(ctx, cmd),
    }
}

fn describe_source(dir: &HooksDir) -> String {
    match dir.source {
        HooksPathSource::Default => "default".into(),
        source => format!(
            "core.hooksPath = {} from the {} config",
            crate::infra::output::escape::path(dir.configured.as_deref().unwrap_or("")),
            serde_json::to_value(source)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ),
    }
}

fn install_target(ctx: &Invocation, repo: &Repo, force: bool) -> Result<PathBuf> {
    let dir = repo.hooks_dir()?;
    if !matches!(
        dir.source,
        HooksPathSource::Global | HooksPathSource::System
    ) {
        return Ok(dir.path);
    }
    let scope = if dir.source == HooksPathSource::Global {
        "global"
    } else {
        "system"
    };
    if !force {
        return Err(Error::config(format!(
            "core.hooksPath is set in your {scope} git config ({}); shims installed there would run for every repository",
            crate::infra::output::escape::path_shown(&dir.path)
        ))
        .hint(format!("remove it with `git config --{scope} --unset core.hooksPath`, or"))
        .hint("install into this repository only with `pactkit hooks install --force`"));
    }
    let own = repo.common_dir().join("hooks");
    set_local_hooks_path(repo, &own)?;
    ctx.printer.warn(&format!(
        "core.hooksPath is set in your {scope} git config; set it for this repository to {} so git runs pactkit's shims",
        crate::infra::output::escape::path_shown(&own)
    ));
    Ok(own)
}

fn set_local_hooks_path(repo: &Repo, dir: &Path) -> Result<()> {
    let status = crate::git::git_command()
        .arg("-C")
        .arg(repo.workdir())
        .args(["config", "--local", "core.hooksPath"])
        .arg(dir)
        .status()
        .map_err(|e| Error::environment("cannot run git to set core.hooksPath").caused_by(e))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::environment(
            "`git config --local core.hooksPath` failed",
        ))
    }
}

fn install_hooks(ctx: &Invocation, args: &InstallArgs) -> Result<ExitStatus> {
    let repo = args.select.repo(ctx)?;
    let dir = if repo.is_bare() {
        repo.hooks_dir()?.path
    } else {
        install_target(ctx, &repo, args.force)?
    };
    let binary = crate::infra::binary::current()?;
    ctx.printer.info(&format!(
        "hooks directory: {}",
        crate::infra::output::escape::path_shown(&dir)
    ));
    let mut status = ExitStatus::Ok;
    for hook in args.select.selected() {
        match install::install(&dir, hook, &binary) {
            Ok(action) => ctx.printer.info(&format!(
                "  {:<10}  {}",
                hook.name(),
                describe_install(&action)
            )),
            Err(err) => {
                Error::environment(format!("cannot install the {hook} hook"))
                    .caused_by(&err)
                    .hint("move the file aside, then run `pactkit hooks install` again")
                    .render(&ctx.printer);
                status = ExitStatus::Environment;
            }
        }
    }
    Ok(status)
}

fn describe_install(action: &Installed) -> String {
    match action {
        Installed::Created => "installed".into(),
        Installed::Updated => "updated".into(),
        Installed::UpToDate => "up to date".into(),
        Installed::ChainedLegacy(legacy) => format!(
            "installed; the existing hook was kept as {} and runs first",
            legacy
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    }
}

fn uninstall_hooks(ctx: &Invocation, args: &SelectArgs) -> Result<ExitStatus> {
    let repo = args.repo(ctx)?;
    let dir = repo.hooks_dir()?.path;
    let mut status = ExitStatus::Ok;
    for hook in args.selected() {
        let text = match install::uninstall(&dir, hook) {
            Ok(Uninstalled::Removed(true)) => "removed; the previous hook is back in place".into(),
            Ok(Uninstalled::Removed(false)) => "removed".into(),
            Ok(Uninstalled::RestoredOnly) => "restored the previous hook".into(),
            Ok(Uninstalled::NotOurs) => "not managed by pactkit; left alone".into(),
            Ok(Uninstalled::Missing) => "not installed".into(),
            Err(err) => {
                status = ExitStatus::Environment;
                format!("failed: {err}")
            }
        };
        ctx.printer.info(&format!("  {:<10}  {text}", hook.name()));
    }
    Ok(status)
}

fn status(ctx: &Invocation, args: &StatusArgs) -> Result<ExitStatus> {
    let (repo, hooks) = if args.server {
        (Repo::open_receiving(&ctx.cwd)?, vec![HookType::PreReceive])
    } else {
        (ctx.repo()?, HookType::ALL.to_vec())
    };
    let dir = repo.hooks_dir()?;
    let trusted = if repo.is_bare() {
        trust::at(&repo, ContractSource::Head)?
    } else {
        trust::for_commit(&repo)?
    };
    ctx.warn_config(&trusted.loaded);
    let loaded = trusted.loaded;
    let rows: Vec<_> = hooks
        .into_iter()
        .map(|hook| {
            (
                install::status(&dir.path, hook),
                hook.configured_gates(&loaded.config.hooks).to_vec(),
            )
        })
        .collect();
    match args.format {
        StatusFormat::Json => {
            let hooks: Vec<_> = rows
                .iter()
                .map(|(s, gates)| {
                    let mut value = serde_json::to_value(s).unwrap_or_default();
                    value["gates"] = serde_json::json!(gates);
                    value
                })
                .collect();
            let doc = serde_json::json!({
                "hooks_dir": dir.path,
                "source": dir.source,
                "hooks": hooks,
            });
            ctx.printer
                .data(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        StatusFormat::Text => {
            ctx.printer.data(&format!(
                "hooks directory: {} ({})",
                crate::infra::output::escape::path_shown(&dir.path),
                describe_source(&dir)
            ));
            for (s, gates) in &rows {
                ctx.printer.data(&status_line(s, gates));
            }
        }
    }
    Ok(ExitStatus::Ok)
}

fn status_line(s: &install::HookStatus, gates: &[String]) -> String {
    let state = match &s.state {
        HookState::Current => "ours, current".to_owned(),
        HookState::Outdated(reason) => format!("ours, outdated ({reason})"),
        HookState::Foreign => "foreign".to_owned(),
        HookState::Missing => "missing".to_owned(),
    };
    let mut line = format!("{:<10}  {state}", s.hook.name());
    if let Some(binary) = &s.binary {
        line.push_str(&format!("; calls {binary}"));
    }
    if let Some(legacy) = &s.legacy {
        line.push_str(&format!(
            "; chains {}",
            crate::infra::output::escape::path_shown(legacy)
        ));
    }
    line.push_str(&format!(
        "; gates: {}",
        if gates.is_empty() {
            "none".into()
        } else {
            gates.join(", ")
        }
    ));
    line
}

fn run_hook(ctx: &Invocation, args: &RunArgs) -> Result<ExitStatus> {
    let hook = args.hook;
    check_arg_count(hook, args.git_args.len())?;
    if hook == HookType::PreReceive {
        return run_receive(ctx, args);
    }
    if args.shim_version.is_some_and(|v| v < SHIM_VERSION) {
        ctx.printer.warn(&format!(
            "the installed {hook} shim is outdated; run `pactkit hooks install` to update it"
        ));
    }
    let stdin = if hook == HookType::PrePush {
        read_stdin()?
    } else {
        Vec::new()
    };
    let repo = ctx.repo()?;
    let hook_dir = match &args.hook_dir {
        Some(dir) => dir.clone(),
        None => repo.hooks_dir()?.path,
    };
    if let Some(status) = run_legacy(ctx, &hook_dir, hook, &args.git_args, &stdin) {
        return Ok(status);
    }
    let trusted = trust::for_commit(&repo)?;
    ctx.warn_config(&trusted.loaded);
    let mut gates = resolve_gates(
        hook.configured_gates(&trusted.loaded.config.hooks),
        &format!("hooks.{hook}"),
    )?;
    if hook == HookType::PreCommit {
        // A staged change to the contract itself is named (a warning: the commit is judged
        // by the committed contract, CI and the server hook decide whether it may land).
        gates.push(GateId::Contract);
    }
    let plan = Plan::for_hook(&repo, hook, gates, &args.git_args, &stdin, &trusted.source)?;
    let mut report = session::execute(&repo, &trusted.loaded, &plan);
    if hook == HookType::PreCommit {
        report.notes.extend(trusted.notes);
    }
    let rendered = report::render(&report, args.format, ctx.printer.styles());
    ctx.printer.status_line(rendered.trim_end_matches('\n'));
    end_if_interrupted(&report);
    Ok(report.status())
}

/// A run a termination signal stopped ends by that signal once its report is out, so
/// git (or whoever waits) sees the signal, as it would without pactkit in between.
pub(crate) fn end_if_interrupted(report: &crate::gates::runner::Report) {
    if let Some(signal) = report.interrupted() {
        crate::infra::child::reraise(signal);
    }
}

/// The server side: every ref update of a push, findings to the pusher (git shows them as
/// `remote:` lines); any block refuses the whole push.
fn run_receive(ctx: &Invocation, args: &RunArgs) -> Result<ExitStatus> {
    let stdin = read_stdin()?;
    let repo = Repo::open_receiving(&ctx.cwd)?;
    let hook_dir = match &args.hook_dir {
        Some(dir) => dir.clone(),
        None => repo.hooks_dir()?.path,
    };
    if let Some(status) = run_legacy(ctx, &hook_dir, HookType::PreReceive, &[], &stdin) {
        return Ok(status);
    }
    let updates = receive::parse(&String::from_utf8_lossy(&stdin))?;
    let verdicts = receive::judge(&repo, &updates, &receive::pusher_from_env())?;
    let mut status = ExitStatus::Ok;
    for verdict in &verdicts {
        let blocked = verdict.report.status() != ExitStatus::Ok;
        if blocked {
            status = ExitStatus::Blocked;
        }
        ctx.printer.status_line(&format!(
            "pactkit: {} {}",
            verdict.update.remote_ref,
            if blocked { "refused" } else { "accepted" }
        ));
        let rendered = report::render(&verdict.report, args.format, ctx.printer.styles());
        ctx.printer.status_line(rendered.trim_end_matches('\n'));
    }
    if status != ExitStatus::Ok {
        ctx.printer.status_line(
            "pactkit: the push is refused and no ref was updated; fix the commits above and push again",
        );
    }
    Ok(status)
}

fn check_arg_count(hook: HookType, got: usize) -> Result<()> {
    let expected = hook.arg_count();
    if expected.contains(&got) {
        return Ok(());
    }
    let wanted = match hook {
        HookType::PreCommit => "no arguments",
        HookType::CommitMsg => "1 argument (the message file)",
        HookType::PrePush => "2 arguments (remote name and URL)",
        HookType::PreReceive => "no arguments (the updates come on stdin)",
    };
    Err(Error::usage(format!(
        "git passes the {hook} hook {wanted}, but pactkit got {got}"
    ))
    .hint("the shim is probably damaged: run `pactkit hooks install`"))
}

fn read_stdin() -> Result<Vec<u8>> {
    readlimit::read_stream(std::io::stdin().lock(), readlimit::HOOK_INPUT)
        .map_err(|e| Error::environment("cannot read the hook's standard input").caused_by(e))
}

fn run_legacy(
    ctx: &Invocation,
    dir: &Path,
    hook: HookType,
    args: &[OsString],
    stdin: &[u8],
) -> Option<ExitStatus> {
    match legacy::run(dir, hook.name(), args, stdin) {
        LegacyResult::Absent | LegacyResult::Passed => None,
        LegacyResult::NotExecutable(path) => {
            ctx.printer.warn(&format!(
                "{} is not executable; git would ignore it, so pactkit does too",
                crate::infra::output::escape::path_shown(&path)
            ));
            None
        }
        LegacyResult::Failed(path, code) => {
            let code = code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "a signal".into());
            Error::blocked(format!(
                "the chained hook {} failed (exit {code})",
                crate::infra::output::escape::path_shown(&path)
            ))
            .hint("fix what it reports; pactkit's gates run after it passes")
            .render(&ctx.printer);
            Some(ExitStatus::Blocked)
        }
        LegacyResult::CannotRun(path, why) => {
            Error::blocked(format!(
                "cannot run the chained hook {}: {why}",
                crate::infra::output::escape::path_shown(&path)
            ))
            .render(&ctx.printer);
            Some(ExitStatus::Blocked)
        }
    }
}
