//! The single integration-test binary: every test runs the real `pactkit` binary
//! against real temporary git repositories.

mod agent_hooks;
mod backfill_release;
mod board;
mod changes;
mod check;
mod clean_sec_scope;
mod commit_msg;
mod common;
mod completions;
mod config;
mod config_schema;
mod context;
mod coverage_gate;
mod deploy;
mod doctor;
mod fast_parse;
mod guard_schema;
mod hooks;
mod invariants_refresh;
mod issue_sync;
mod lesson_append;
mod lint;
mod lint_lessons;
mod lint_testcase;
mod next_id;
mod package;
mod prek;
mod project_root;
mod regression;
mod scaffold;
mod secrets_gate;
mod spec_gate;
mod spec_lint;
mod spec_status;
mod visualize;
