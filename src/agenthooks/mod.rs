//! Hooks inside the AI agents: `pactkit hooks agent install | uninstall | status | run`
//! for Claude Code, Codex CLI, OpenCode, GitHub Copilot ([`copilot`]) and Gemini CLI
//! ([`gemini`]). The git hooks judge a commit when git runs
//! them; an agent can try to keep git from running them (`--no-verify`, `-c
//! core.hooksPath=`, an alias, a script, editing the shims or the configuration). The
//! agent hook sits one step earlier, in the agent's own pre-tool-use hook: it sees the
//! shell commands and the file tools (`Write`/`Edit`/`NotebookEdit`, OpenCode's
//! `edit`/`write`/`apply_patch`, Codex's `apply_patch`), refuses the bypasses
//! ([`policy`] and its rule modules) and writes to protected files ([`file_rules`]), and
//! lints commit messages before git runs, so the agent sees the problem at once.
//!
//! **Fail-closed.** A payload that does not parse (after lenient decoding of lone UTF-16
//! surrogates), a decision that does not finish within [`run::BUDGET`], a message file
//! that is a FIFO or a device, or a committed configuration that cannot be read for a
//! file write: the call is refused with the reason. Allowing instead would let exactly
//! the calls pactkit cannot see through. The agent hook is one layer: the agent runs as
//! the user and can run any program the user can, so CI (`pactkit check`) and the server
//! hook re-judge everything it lets through (docs/threat-model.md).

pub mod copilot;
pub mod facts;
pub mod file_rules;
pub mod gemini;
pub mod git_commit;
pub mod git_rules;
pub mod git_subcommands;
pub mod glob;
pub mod inline_code;
pub mod install;
pub mod patch;
pub mod payload;
pub mod policy;
pub mod run;
pub mod script_rules;
pub mod shell;
pub mod spawn_rules;

use std::fmt;

/// The substring that marks a hook entry or plugin as ours.
pub const MARKER: &str = "pactkit hooks agent run";

/// An AI coding tool with a pre-tool-use hook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    /// Claude Code (`.claude/settings.json`, `PreToolUse`).
    Claude,
    /// OpenAI Codex CLI (`.codex/hooks.json`, `PreToolUse`).
    Codex,
    /// OpenCode (a plugin with `tool.execute.before`).
    Opencode,
    /// GitHub Copilot: Copilot CLI and VS Code (`.github/hooks/pactkit.json`, `preToolUse`).
    Copilot,
    /// Gemini CLI (`.gemini/settings.json`, `BeforeTool`).
    Gemini,
}

impl Tool {
    /// Every supported tool.
    pub const ALL: [Tool; 5] = [
        Tool::Claude,
        Tool::Codex,
        Tool::Opencode,
        Tool::Copilot,
        Tool::Gemini,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Claude => "claude",
            Tool::Codex => "codex",
            Tool::Opencode => "opencode",
            Tool::Copilot => "copilot",
            Tool::Gemini => "gemini",
        }
    }

    /// The command the installed hook runs: `binary` by absolute path, shell-quoted.
    pub fn hook_command(self, binary: &std::path::Path) -> String {
        format!(
            "{} hooks agent run {}",
            crate::githooks::shim::shell_quote(&binary.to_string_lossy()),
            self.name()
        )
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
