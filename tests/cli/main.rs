//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod common;
mod config;
