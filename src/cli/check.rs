//! `pactkit check`: the gates without git calling pactkit.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;

/// Arguments of `pactkit check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

/// Runs the gates.
pub fn run(_ctx: &Context, _args: &CheckArgs) -> Result<ExitStatus> {
    Err(Error::usage("not implemented yet"))
}
