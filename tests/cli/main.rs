//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod changes;
mod check;
mod commit_msg;
mod common;
mod config;
mod guard_schema;
mod hooks;
mod next_id;
mod scaffold;
mod spec_lint;
