//! pactkit: the P.A.C.T. contract made enforceable by git. This crate root lists the
//! modules and holds [`run`]: parse the command line, build the context, dispatch, exit.

pub mod agenthooks;
pub mod child;
pub mod classify;
pub mod clean;
pub mod cli;
pub mod clock;
pub mod commitmsg;
pub mod config;
pub mod context;
pub mod coverage;
pub mod depgraph;
pub mod deploy;
pub mod docs;
pub mod doctor;
pub mod env;
pub mod error;
pub mod exit;
pub mod fsx;
pub mod gates;
pub mod git;
pub mod githooks;
pub mod ids;
pub mod issue_sync;
pub mod jsonc;
pub mod lint;
pub mod output;
pub mod readlimit;
pub mod regression;
pub mod secrets;
pub mod secscope;
pub mod stack;
pub mod testmap;
pub mod testrun;
pub mod textdist;
pub mod visualize;

#[cfg(test)]
mod props;

use std::process::ExitCode;

/// Runs pactkit with the process arguments and returns the exit code.
pub fn run() -> ExitCode {
    run_status().into()
}

/// Runs pactkit with the process arguments and returns its exit status; `visualize` is
/// handed over to the `pactkit-full` binary (the `pactkit` binary the hooks start).
pub fn run_status() -> exit::ExitStatus {
    cli::main(std::env::args_os())
}

/// [`run`] with `visualize` in this process (the `pactkit-full` binary, which links the
/// tree-sitter grammars).
pub fn run_full() -> ExitCode {
    cli::main_with(std::env::args_os(), |ctx, args, _| {
        cli::visualize::run(ctx, args)
    })
    .into()
}
