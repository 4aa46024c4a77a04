//! `pactkit version`: the version, as text or JSON.

use crate::cli::invocation::Invocation;
use crate::infra::error::Result;
use crate::infra::exit::ExitStatus;

/// Arguments of `pactkit version`.
#[derive(Debug, clap::Args)]
pub struct VersionArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = VersionFormat::Text)]
    pub format: VersionFormat,
}

/// Output formats of `version`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum VersionFormat {
    /// `pactkit 0.1.0`
    Text,
    /// `{"name": "pactkit", "version": "0.1.0"}`
    Json,
}

/// Prints the version.
pub fn run(ctx: &Invocation, args: &VersionArgs) -> Result<ExitStatus> {
    let version = env!("CARGO_PKG_VERSION");
    match args.format {
        VersionFormat::Text => ctx.printer.data(&format!("pactkit {version}")),
        VersionFormat::Json => ctx
            .printer
            .data(&serde_json::json!({"name": "pactkit", "version": version}).to_string()),
    }
    Ok(ExitStatus::Ok)
}
