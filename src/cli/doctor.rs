//! `pactkit doctor [--format json]`: the health of the repository's pactkit set-up, each
//! finding with the command that fixes it. Exit 1 when any check fails.
//!
//! JSON: `{"healthy": bool, "checks": [{"name", "status": "ok"|"warn"|"fail", "message",
//! "fix": string|null}]}`.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::doctor::{self, Check, Inputs, Status};
use crate::infra::error::Result;
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;

/// Arguments of `pactkit doctor`.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Output format. text: a line per check, then the verdict; json: one JSON document
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs the checks.
pub fn run(ctx: &Invocation, args: &DoctorArgs) -> Result<ExitStatus> {
    let repo = ctx.repo().ok();
    let root = repo
        .as_ref()
        .map_or_else(|| ctx.cwd.clone(), |r| r.workdir().to_path_buf());
    let user = super::agent_hooks::user_dirs().ok();
    let checks = doctor::run(&Inputs {
        root: &root,
        repo: repo.as_ref(),
        user: user.as_ref(),
        pactkit_on_path: on_path("pactkit"),
    });
    let healthy = doctor::healthy(&checks);
    match args.format {
        Format::Json => {
            let doc = serde_json::json!({ "healthy": healthy, "checks": checks });
            ctx.printer
                .data(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Text => print_text(ctx, &checks, healthy),
    }
    Ok(if healthy {
        ExitStatus::Ok
    } else {
        ExitStatus::Blocked
    })
}

/// Whether an executable `name` is in one of PATH's directories.
fn on_path(name: &str) -> bool {
    crate::infra::env::var_os(crate::infra::env::PATH).is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| crate::infra::fsx::is_executable(&dir.join(name)))
    })
}

fn print_text(ctx: &Invocation, checks: &[Check], healthy: bool) {
    let styles = ctx.printer.out_styles();
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for check in checks {
        let label = match check.status {
            Status::Ok => styles.paint("ok  ", styles.ok),
            Status::Warn => styles.paint("warn", styles.warning),
            Status::Fail => styles.paint("fail", styles.error),
        };
        // Names, messages and fixes quote paths and settings from the repository.
        ctx.printer.data(&format!(
            "{label}  {:<width$}  {}",
            escape::text(&check.name),
            escape::text(&check.message)
        ));
        if let Some(fix) = &check.fix {
            ctx.printer.data(&format!(
                "      {:<width$}  {} {}",
                "",
                styles.paint("fix:", styles.hint),
                escape::text(fix)
            ));
        }
    }
    let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
    let verdict = if healthy {
        styles.paint("Health: OK", styles.ok)
    } else {
        styles.paint("Health: NEEDS ATTENTION", styles.error)
    };
    ctx.printer.data(&format!(
        "{verdict} ({} failed, {} warnings)",
        count(Status::Fail),
        count(Status::Warn)
    ));
}
