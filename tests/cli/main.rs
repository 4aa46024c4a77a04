//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod backfill_release;
mod board;
mod changes;
mod check;
mod commit_msg;
mod common;
mod config;
mod context;
mod deploy;
mod guard_schema;
mod hooks;
mod invariants_refresh;
mod lesson_append;
mod lint_lessons;
mod lint_testcase;
mod next_id;
mod scaffold;
mod spec_gate;
mod spec_lint;
mod spec_status;
