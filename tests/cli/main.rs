//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod backfill_release;
mod board;
mod changes;
mod check;
mod clean_sec_scope;
mod commit_msg;
mod common;
mod config;
mod context;
mod guard_schema;
mod hooks;
mod invariants_refresh;
mod lesson_append;
mod lint_lessons;
mod lint_testcase;
mod next_id;
mod scaffold;
mod secrets_gate;
mod spec_gate;
mod spec_lint;
mod spec_status;
