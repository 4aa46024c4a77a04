//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod board;
mod changes;
mod check;
mod commit_msg;
mod common;
mod config;
mod context;
mod hooks;
mod spec_lint;
