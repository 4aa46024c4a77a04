//! pactkit: the P.A.C.T. contract made enforceable by git. This crate root lists the
//! modules and holds [`run`]: parse the command line, build the context, dispatch, exit.

pub mod classify;
pub mod cli;
pub mod clock;
pub mod commitmsg;
pub mod config;
pub mod context;
pub mod deploy;
pub mod docs;
pub mod env;
pub mod error;
pub mod exit;
pub mod fsx;
pub mod gates;
pub mod git;
pub mod githooks;
pub mod ids;
pub mod output;

use std::process::ExitCode;

/// Runs pactkit with the process arguments and returns the exit code.
pub fn run() -> ExitCode {
    cli::main(std::env::args_os()).into()
}
