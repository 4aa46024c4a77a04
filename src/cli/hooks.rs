//! `pactkit hooks install | uninstall | status | run`.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;

/// `pactkit hooks` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum HooksCommand {
    /// Install the hook shims
    Install,
}

/// Runs a `hooks` subcommand.
pub fn run(_ctx: &Context, _cmd: &HooksCommand) -> Result<ExitStatus> {
    Err(Error::usage("not implemented yet"))
}
