//! `pactkit commit-msg`: lint commit messages from files, stdin or a commit range.
//!
//! STUB: implemented by the commit-message work.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use std::path::PathBuf;

/// Arguments of `pactkit commit-msg`.
#[derive(Debug, clap::Args)]
pub struct CommitMsgArgs {
    /// Message files (stdin when none is given)
    pub files: Vec<PathBuf>,
}

/// Lints the messages.
pub fn run(_ctx: &Context, _args: &CommitMsgArgs) -> Result<ExitStatus> {
    Err(Error::usage("not implemented yet"))
}
