//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod changes;
mod check;
mod commit_msg;
mod common;
mod config;
mod hooks;
mod spec_gate;
mod spec_lint;
