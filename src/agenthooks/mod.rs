//! Hooks inside the AI agents: `pactkit hooks agent install | uninstall | run` for Claude
//! Code, Codex CLI, OpenCode, GitHub Copilot ([`copilot`]) and Gemini CLI ([`gemini`]). The git hooks judge a commit when git runs them; an agent
//! can ask git not to run them (`--no-verify`, `-c core.hooksPath=`, deleting the shims).
//! The agent hook sits one step earlier, in the agent's own pre-tool-use hook, refuses
//! those bypasses ([`policy`]) and lints `git commit -m` messages before git runs, so the
//! agent sees the problem at once.
//!
//! **Fail-open on malformed input.** When the tool's JSON cannot be read, `run` allows the
//! call and prints a warning on stderr. Refusing instead would block every tool call of
//! the agent on one parsing bug or a format change in a new tool release, leaving the user
//! with an agent that cannot act; the git hooks still judge every commit behind this
//! hook, so allowing costs only the early warning. Tools also fail open themselves when a
//! hook crashes or is missing (ide-formats §1.8, §3.7), so this keeps one behaviour.

pub mod copilot;
pub mod gemini;
pub mod install;
pub mod payload;
pub mod policy;
pub mod run;
pub mod shell;

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

    /// The command the installed hook runs.
    pub fn hook_command(self) -> String {
        format!("{MARKER} {}", self.name())
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
