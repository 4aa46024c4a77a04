//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod commit_msg;
mod common;
