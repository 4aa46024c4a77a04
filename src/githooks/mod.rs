//! The git hooks pactkit manages: their names, the arguments git passes them, the gates
//! each runs, and installing, removing and inspecting their shims.

pub mod install;
pub mod legacy;
pub mod shim;

use crate::config::HooksConfig;
use std::fmt;
use std::ops::RangeInclusive;

/// A git hook pactkit installs a shim for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum HookType {
    /// Before the commit is created: judges the index.
    PreCommit,
    /// After the message is written: judges the message.
    CommitMsg,
    /// Before refs are pushed: judges the pushed commits.
    PrePush,
    /// On the server, before pushed refs are updated: judges every ref update
    /// (`pactkit hooks install --server`).
    PreReceive,
}

impl HookType {
    /// The client-side hooks `hooks install` manages, in the order git runs them.
    pub const ALL: [HookType; 3] = [HookType::PreCommit, HookType::CommitMsg, HookType::PrePush];

    /// Git's name for the hook (also the file name in the hooks directory).
    pub fn name(self) -> &'static str {
        match self {
            HookType::PreCommit => "pre-commit",
            HookType::CommitMsg => "commit-msg",
            HookType::PrePush => "pre-push",
            HookType::PreReceive => "pre-receive",
        }
    }

    /// How many arguments git passes: none; the message file; remote name and URL.
    pub fn arg_count(self) -> RangeInclusive<usize> {
        match self {
            HookType::PreCommit => 0..=0,
            HookType::CommitMsg => 1..=1,
            HookType::PrePush => 2..=2,
            HookType::PreReceive => 0..=0,
        }
    }

    /// The gate names configured for this hook.
    pub fn configured_gates(self, hooks: &HooksConfig) -> &[String] {
        match self {
            HookType::PreCommit => &hooks.pre_commit,
            HookType::CommitMsg => &hooks.commit_msg,
            HookType::PrePush => &hooks.pre_push,
            HookType::PreReceive => &hooks.pre_receive,
        }
    }
}

impl fmt::Display for HookType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
