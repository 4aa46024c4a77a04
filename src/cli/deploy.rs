//! `pactkit init`, `update`, `upgrade` and `uninstall`: flags, the request, and the report.
//! The work is in `crate::deploy`.

use crate::cli::invocation::Invocation;
use crate::deploy::layout::{Scope, Tool, tilde};
use crate::deploy::{self, Action, Report, Request, apply};
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use std::path::PathBuf;

/// Which tools to deploy to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Claude Code, OpenCode, Codex CLI, GitHub Copilot and Gemini CLI
    All,
    /// Claude Code (~/.claude or .claude/)
    Classic,
    /// OpenCode (~/.config/opencode or .opencode/)
    Opencode,
    /// Codex CLI (~/.codex or .codex/)
    Codex,
    /// GitHub Copilot: Copilot CLI and VS Code (~/.copilot or .github/)
    Copilot,
    /// Gemini CLI (~/.gemini or .gemini/)
    Gemini,
}

impl Format {
    fn tools(self) -> Vec<Tool> {
        match self {
            Format::All => Tool::ALL.to_vec(),
            Format::Classic => vec![Tool::Claude],
            Format::Opencode => vec![Tool::OpenCode],
            Format::Codex => vec![Tool::Codex],
            Format::Copilot => vec![Tool::Copilot],
            Format::Gemini => vec![Tool::Gemini],
        }
    }
}

/// Where to deploy; shared by every deployment command.
#[derive(Debug, clap::Args)]
pub struct WhereArgs {
    /// Tools to deploy to
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
    /// Preview: write everything into DIR, mirroring the layout (DIR/.claude, DIR/.config/opencode, DIR/.codex, DIR/.copilot, DIR/.gemini), and touch nothing else
    #[arg(long, value_name = "DIR")]
    pub target: Option<PathBuf>,
    /// Deploy into this repository's .claude/, .opencode/, .codex/, .github/, .gemini/ (and AGENTS.md, GEMINI.md) instead of the home directory
    #[arg(long)]
    pub project: bool,
}

/// Arguments of `pactkit init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where.
    #[command(flatten)]
    pub place: WhereArgs,
    /// Also write the CI pipeline from `ci:` in pactkit.yaml (always done with --project)
    #[arg(long)]
    pub ci: bool,
}

/// Arguments of `pactkit update`.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// Where.
    #[command(flatten)]
    pub place: WhereArgs,
    /// Print unified diffs of what would change; write nothing
    #[arg(long)]
    pub diff: bool,
    /// Also write the CI pipeline from `ci:` in pactkit.yaml (always done with --project)
    #[arg(long)]
    pub ci: bool,
}

/// Arguments of `pactkit uninstall`.
#[derive(Debug, clap::Args)]
pub struct UninstallArgs {
    /// Where.
    #[command(flatten)]
    pub place: WhereArgs,
}

/// Arguments of `pactkit upgrade`.
#[derive(Debug, clap::Args)]
pub struct UpgradeArgs {
    /// Where.
    #[command(flatten)]
    pub place: WhereArgs,
}

/// The project root: the repository's work tree, or none outside a repository.
fn project_root(ctx: &Invocation) -> Option<PathBuf> {
    ctx.repo().ok().map(|r| r.workdir().to_path_buf())
}

fn request(ctx: &Invocation, place: &WhereArgs, action: Action, ci: bool) -> Result<Request> {
    let project = project_root(ctx);
    let scope = match (&place.target, place.project) {
        (Some(dir), false) => Scope::TargetHome(ctx.cwd.join(dir)),
        (Some(dir), true) => Scope::TargetProject(ctx.cwd.join(dir)),
        (None, true) => Scope::Project(project.clone().ok_or_else(|| {
            Error::environment("--project needs a git repository")
                .hint("run it inside the repository (`git init` first), or use -C DIR")
        })?),
        (None, false) => Scope::Home,
    };
    Ok(Request {
        tools: place.format.tools(),
        ci: ci || place.project,
        scope,
        action,
        project,
    })
}

fn run_request(ctx: &Invocation, req: &Request) -> Result<ExitStatus> {
    let loaded = match &req.project {
        Some(root) => ctx.config(root)?.config,
        None => crate::config::Config::default(),
    };
    let report = deploy::deploy(req, &loaded)?;
    print_report(ctx, req, &report);
    Ok(ExitStatus::Ok)
}

/// Deploys the playbooks.
pub fn run_init(ctx: &Invocation, args: &InitArgs) -> Result<ExitStatus> {
    run_request(ctx, &request(ctx, &args.place, Action::Init, args.ci)?)
}

/// Updates the deployed playbooks (or shows the diff).
pub fn run_update(ctx: &Invocation, args: &UpdateArgs) -> Result<ExitStatus> {
    let action = if args.diff {
        Action::Diff
    } else {
        Action::Update
    };
    run_request(ctx, &request(ctx, &args.place, action, args.ci)?)
}

/// Removes what pactkit deployed and nobody changed.
pub fn run_uninstall(ctx: &Invocation, args: &UninstallArgs) -> Result<ExitStatus> {
    run_request(ctx, &request(ctx, &args.place, Action::Uninstall, false)?)
}

/// Checks that this binary is not older than what deployed the files, then updates.
pub fn run_upgrade(ctx: &Invocation, args: &UpgradeArgs) -> Result<ExitStatus> {
    let req = request(ctx, &args.place, Action::Update, false)?;
    let running = env!("CARGO_PKG_VERSION");
    match deploy::deployed_version(&req.tools, &req.scope)? {
        Some(v) if deploy::version_key(&v) > deploy::version_key(running) => {
            return Err(Error::environment(format!(
                "the deployed files were written by pactkit {}, this binary is {running}",
                escape::text(&v)
            ))
            .hint("install the newer pactkit first (e.g. `cargo install pactkit`), then run `pactkit upgrade`"));
        }
        Some(v) => ctx.printer.info(&format!(
            "upgrading files deployed by pactkit {} to {running}",
            escape::text(&v)
        )),
        None => ctx.printer.info(&format!(
            "nothing deployed yet; deploying pactkit {running}"
        )),
    }
    run_request(ctx, &req)
}

fn print_report(ctx: &Invocation, req: &Request, report: &Report) {
    let p = &ctx.printer;
    for w in &report.warnings {
        p.warn(&format!("pactkit.yaml: {w}"));
    }
    for r in &report.roots {
        if req.action == Action::Diff {
            for change in &r.plan.changes {
                p.data_raw(&apply::diff(change, &tilde(&change.path)));
            }
        } else {
            for change in &r.plan.changes {
                let verb = match (&change.old, &change.new) {
                    (None, _) => "created",
                    (_, None) => "removed",
                    _ => "updated",
                };
                p.info(&format!("  {verb} {}", tilde(&change.path)));
            }
        }
        for notice in &r.plan.notices {
            p.warn(notice);
        }
        for note in &r.notes {
            p.info(&format!("  note: {note}"));
        }
        let what = match r.counts {
            Some([a, c, s, rules]) => {
                format!("{a} agents, {c} commands, {s} skills, {rules} rules")
            }
            None => String::new(),
        };
        let changed = r.plan.changes.len();
        let status = match req.action {
            Action::Diff => format!("{changed} file(s) would change"),
            Action::Uninstall => format!("{changed} file(s) removed or cleaned"),
            _ if changed == 0 => "up to date".to_owned(),
            _ => format!("{changed} file(s) written"),
        };
        let sep = if what.is_empty() { "" } else { ": " };
        p.info(&format!(
            "{} ({}){sep}{what} — {status}",
            r.label,
            tilde(&r.root)
        ));
    }
    if report.roots.is_empty() && req.action == Action::Uninstall {
        p.info("nothing to uninstall: no pactkit manifest found");
    }
    match &report.yaml {
        Some(deploy::project::YamlChange::Created(path)) => {
            p.info(&format!("created {}", path.display()))
        }
        Some(deploy::project::YamlChange::Extended(path, keys)) => {
            p.info(&format!("added {} to {}", keys.join(", "), path.display()));
        }
        Some(deploy::project::YamlChange::LeftAlone(path, why)) => {
            p.warn(&format!("left {} alone: {why}", path.display()));
        }
        None => {}
    }
    for doc in &report.docs {
        p.info(&format!("created {doc}"));
    }
}
