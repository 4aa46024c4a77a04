//! pactkit: the P.A.C.T. contract made enforceable by git. This crate root lists the
//! modules and holds [`run`]: parse the command line, build the context, dispatch, exit.

// Infrastructure: processes, files, environment, errors, exit codes, the printer.
pub mod infra;
// Reading the repository and the configuration.
pub mod config;
pub mod git;
// The domains the gates judge with.
pub mod commitmsg;
pub mod coverage;
pub mod lint;
pub mod secrets;
pub mod stack;
pub mod workflow;
// The gates, and where they run: git hooks, agent hooks, CI, the server.
pub mod agenthooks;
pub mod gates;
pub mod githooks;
// What pactkit sets up in a project, and how it checks the set-up.
pub mod deploy;
pub mod doctor;
pub mod visualize;
// The command line.
pub mod cli;

#[cfg(test)]
mod props;

use std::process::ExitCode;

/// Runs pactkit with the process arguments and returns the exit code.
pub fn run() -> ExitCode {
    run_status().into()
}

/// Runs pactkit with the process arguments and returns its exit status; `visualize` is
/// handed over to the `pactkit-full` binary (the `pactkit` binary the hooks start).
pub fn run_status() -> infra::exit::ExitStatus {
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
