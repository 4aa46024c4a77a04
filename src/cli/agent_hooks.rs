//! `pactkit hooks agent install | uninstall | status | run`: the hook inside Claude Code,
//! Codex CLI, OpenCode, GitHub Copilot and Gemini CLI that refuses git-hook bypasses and
//! writes to protected files, and checks commit messages before git runs. The logic lives
//! in `crate::agenthooks`; this file knows the flags and the protocols.

use crate::agenthooks::Tool;
use crate::agenthooks::install::{self, Installed, Removed, Scope, UserDirs};
use crate::agenthooks::run::{self, Decision};
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use std::path::PathBuf;

/// `pactkit hooks agent` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum AgentCommand {
    /// Add pactkit's pre-tool-use hook to an AI tool's configuration (idempotent)
    Install(TargetArgs),
    /// Remove pactkit's hook from an AI tool's configuration, leaving everything else
    Uninstall(TargetArgs),
    /// Show each tool's hook (project and user scope): installed, outdated or missing, and the binary it calls
    Status(AgentStatusArgs),
    /// Judge one tool call (what the installed hook runs; reads the tool's JSON on stdin)
    Run(AgentRunArgs),
}

/// Which tool, which scope.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    /// The AI tool
    #[arg(value_enum)]
    pub tool: Tool,
    /// Write into this repository's .claude/, .codex/, .opencode/, .github/ or .gemini/ instead of your home
    #[arg(long)]
    pub project: bool,
}

/// Arguments of `hooks agent status`.
#[derive(Debug, clap::Args)]
pub struct AgentStatusArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = super::hooks::StatusFormat::Text)]
    pub format: super::hooks::StatusFormat,
}

/// Arguments of `hooks agent run`.
#[derive(Debug, clap::Args)]
pub struct AgentRunArgs {
    /// The AI tool whose payload and blocking contract to use
    #[arg(value_enum)]
    pub tool: Tool,
}

/// Runs a `hooks agent` subcommand.
pub fn run(ctx: &Invocation, cmd: &AgentCommand) -> Result<ExitStatus> {
    match cmd {
        AgentCommand::Install(args) => install_hook(ctx, args),
        AgentCommand::Uninstall(args) => uninstall_hook(ctx, args),
        AgentCommand::Status(args) => status(ctx, args),
        AgentCommand::Run(args) => run_hook(ctx, args),
    }
}

/// The project root (the work tree) or the user's directories.
pub fn scope(ctx: &Invocation, project: bool) -> Result<Scope> {
    if project {
        let repo = ctx.repo()?;
        return Ok(Scope::Project(repo.workdir().to_path_buf()));
    }
    Ok(Scope::User(user_dirs()?))
}

/// `$HOME`, `$XDG_CONFIG_HOME`, `$CODEX_HOME`, `$CLAUDE_CONFIG_DIR`, `$COPILOT_HOME`,
/// `$GEMINI_CLI_HOME`.
pub fn user_dirs() -> Result<UserDirs> {
    let home = crate::infra::env::var_os(crate::infra::env::HOME)
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::environment("HOME is not set, so the user configuration cannot be found")
                .hint("install into the repository instead with `--project`")
        })?;
    let dir = |name| {
        crate::infra::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    Ok(UserDirs {
        home,
        xdg_config: dir(crate::infra::env::XDG_CONFIG_HOME),
        codex_home: dir(crate::infra::env::CODEX_HOME),
        claude_dir: dir(crate::infra::env::CLAUDE_CONFIG_DIR),
        copilot_home: dir(crate::infra::env::COPILOT_HOME),
        gemini_home: dir(crate::infra::env::GEMINI_CLI_HOME),
    })
}

fn file_error(err: install::InstallError, tool: Tool) -> Error {
    let status = if err.is_user_file_problem() {
        ExitStatus::Usage
    } else {
        ExitStatus::Environment
    };
    let hint = match &err {
        install::InstallError::InvalidJson { .. } | install::InstallError::WrongShape { .. } => {
            format!(
                "fix the file (the tool ignores it as it is), then run `pactkit hooks agent install {tool}` again"
            )
        }
        install::InstallError::Foreign { path } => format!(
            "move {} aside if pactkit may replace it, then run the command again",
            path.display()
        ),
        install::InstallError::Io { .. } => "check the directory's permissions".into(),
    };
    Error::new(status, err.to_string()).hint(hint)
}

fn install_hook(ctx: &Invocation, args: &TargetArgs) -> Result<ExitStatus> {
    let path = install::target(args.tool, &scope(ctx, args.project)?);
    let binary = crate::infra::binary::current()?;
    let action =
        install::install(args.tool, &path, &binary).map_err(|e| file_error(e, args.tool))?;
    let what = match action {
        Installed::Created => "installed",
        Installed::Updated => "updated",
        Installed::UpToDate => "up to date",
    };
    ctx.printer
        .info(&format!("{} hook {what}: {}", args.tool, path.display()));
    ctx.printer.info(&format!(
        "it calls {} for the tools {}",
        binary.display(),
        install::matcher(args.tool).replace('|', ", ")
    ));
    explain(ctx, args.tool, action);
    Ok(ExitStatus::Ok)
}

fn explain(ctx: &Invocation, tool: Tool, action: Installed) {
    match tool {
        Tool::Claude => ctx.printer.hint(
            "Claude Code runs it before every shell command and file edit; `/hooks` in Claude Code lists it",
        ),
        Tool::Codex => {
            if action != Installed::UpToDate {
                ctx.printer.hint(
                    "Codex runs a new or changed hook only after you trust it: start Codex, open `/hooks`, review the pactkit entry and trust it",
                );
            }
            ctx.printer.hint(
                "project hooks (.codex/hooks.json) load only in projects Codex trusts; hooks are on unless config.toml sets `[features] hooks = false`",
            );
        }
        Tool::Opencode => ctx
            .printer
            .hint("OpenCode loads the plugin at start-up: restart OpenCode"),
        Tool::Copilot => ctx.printer.hint(
            "Copilot runs it before every tool call; repository hooks load once you trust the folder",
        ),
        Tool::Gemini => ctx.printer.hint(
            "Gemini runs it before shell commands and file writes (`/hooks` lists it); project settings load only in trusted folders",
        ),
    }
}

fn uninstall_hook(ctx: &Invocation, args: &TargetArgs) -> Result<ExitStatus> {
    let path = install::target(args.tool, &scope(ctx, args.project)?);
    let text = match install::uninstall(args.tool, &path).map_err(|e| file_error(e, args.tool))? {
        Removed::Removed => "removed",
        Removed::NotInstalled => "not installed; nothing to do",
    };
    ctx.printer
        .info(&format!("{} hook {text}: {}", args.tool, path.display()));
    Ok(ExitStatus::Ok)
}

/// One row of `hooks agent status`.
#[derive(Debug, serde::Serialize)]
struct StatusRow {
    tool: Tool,
    scope: &'static str,
    file: PathBuf,
    state: &'static str,
    /// The binary the installed hook calls, as written in the file.
    calls: Option<String>,
    /// Whether that binary exists and is executable.
    calls_exists: Option<bool>,
}

fn status(ctx: &Invocation, args: &AgentStatusArgs) -> Result<ExitStatus> {
    let binary = crate::infra::binary::current()?;
    let mut scopes: Vec<(&'static str, Scope)> = Vec::new();
    if let Ok(repo) = ctx.repo() {
        scopes.push(("project", Scope::Project(repo.workdir().to_path_buf())));
    }
    if let Ok(user) = user_dirs() {
        scopes.push(("user", Scope::User(user)));
    }
    let mut rows = Vec::new();
    for tool in Tool::ALL {
        for (name, scope) in &scopes {
            let file = install::target(tool, scope);
            let state = match install::status(tool, &file, &binary) {
                install::HookState::Installed => "installed",
                install::HookState::Outdated => "outdated",
                install::HookState::Missing => "missing",
                install::HookState::Invalid(_) => "invalid",
            };
            let calls = install::called_binary(tool, &file);
            let calls_exists = calls.as_ref().map(|c| {
                let path = std::path::Path::new(c);
                path.is_absolute() && crate::infra::fsx::is_executable(path)
            });
            rows.push(StatusRow {
                tool,
                scope: name,
                file,
                state,
                calls,
                calls_exists,
            });
        }
    }
    match args.format {
        super::hooks::StatusFormat::Json => {
            let doc = serde_json::json!({ "binary": binary, "hooks": rows });
            ctx.printer
                .data(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        super::hooks::StatusFormat::Text => {
            for row in &rows {
                let mut line = format!(
                    "{:<9} {:<8} {:<10} {}",
                    row.tool.name(),
                    row.scope,
                    row.state,
                    row.file.display()
                );
                if let Some(calls) = &row.calls {
                    let missing = if row.calls_exists == Some(true) {
                        ""
                    } else {
                        " (not found: the tool fails open)"
                    };
                    line.push_str(&format!("; calls {calls}{missing}"));
                }
                ctx.printer.data(&line);
            }
        }
    }
    Ok(ExitStatus::Ok)
}

/// Speaks each tool's blocking contract: Claude Code and OpenCode read exit 2 with the
/// reason on stderr (our OpenCode plugin throws it); Codex, Copilot and Gemini read a
/// `deny` decision on stdout (`crate::agenthooks::copilot`, `gemini`).
/// Allowed calls produce no output and exit 0.
fn run_hook(ctx: &Invocation, args: &AgentRunArgs) -> Result<ExitStatus> {
    match run::decide_within(args.tool, std::io::stdin(), ctx.cwd.clone(), run::BUDGET) {
        Decision::Allow => Ok(ExitStatus::Ok),
        Decision::AllowWithWarning(text) => {
            ctx.printer.warn(&text);
            Ok(ExitStatus::Ok)
        }
        Decision::Block(reason) => Ok(block(ctx, args.tool, &reason)),
    }
}

fn block(ctx: &Invocation, tool: Tool, reason: &str) -> ExitStatus {
    match tool {
        Tool::Codex => {
            let doc = serde_json::json!({
                "hookSpecificOutput": {
                    "hookEventName": "PreToolUse",
                    "permissionDecision": "deny",
                    "permissionDecisionReason": reason,
                }
            });
            ctx.printer.data(&doc.to_string());
            ExitStatus::Ok
        }
        Tool::Copilot => {
            ctx.printer.data(&crate::agenthooks::copilot::deny(reason));
            ExitStatus::Ok
        }
        Tool::Gemini => {
            ctx.printer.data(&crate::agenthooks::gemini::deny(reason));
            ExitStatus::Ok
        }
        Tool::Claude | Tool::Opencode => {
            ctx.printer.status_line(reason);
            // The agents' blocking contract is exit 2 (the same number as a usage error).
            ExitStatus::Usage
        }
    }
}
