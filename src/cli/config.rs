//! `pactkit config show | check`: the effective configuration and its validation.
//!
//! STUB: implemented by the configuration work.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;

/// `pactkit config` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration and where each value came from
    Show,
    /// Validate pactkit.yaml
    Check {
        /// Treat unknown keys as errors (exit 2)
        #[arg(long)]
        strict: bool,
    },
}

/// Runs a `config` subcommand.
pub fn run(_ctx: &Context, _cmd: &ConfigCommand) -> Result<ExitStatus> {
    Err(Error::usage("not implemented yet"))
}
