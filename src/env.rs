//! Every environment variable pactkit reads, and the only module that reads the environment.

use std::ffi::OsString;

/// Comma-separated gate names to skip, or `all`.
pub const PACTKIT_SKIP: &str = "PACTKIT_SKIP";
/// The old end of the pushed range, set by pre-commit and prek for pre-push hooks.
pub const PRE_COMMIT_FROM_REF: &str = "PRE_COMMIT_FROM_REF";
/// The new end of the pushed range, set by pre-commit and prek for pre-push hooks.
pub const PRE_COMMIT_TO_REF: &str = "PRE_COMMIT_TO_REF";
/// Set by the hook runner while a chained legacy hook runs, to stop recursion.
pub const PACTKIT_RUNNING_LEGACY: &str = "PACTKIT_RUNNING_LEGACY";
/// Disables colour when set to any non-empty value (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";
/// Forces colour when set to a value other than `0`.
pub const CLICOLOR_FORCE: &str = "CLICOLOR_FORCE";
/// `dumb` terminals get no colour.
pub const TERM: &str = "TERM";
/// The user's home directory (`~/` in `core.hooksPath`).
pub const HOME: &str = "HOME";
/// XDG base directory for configuration (OpenCode's `$XDG_CONFIG_HOME/opencode`).
pub const XDG_CONFIG_HOME: &str = "XDG_CONFIG_HOME";
/// Claude Code's configuration directory (default `~/.claude`).
pub const CLAUDE_CONFIG_DIR: &str = "CLAUDE_CONFIG_DIR";
/// Codex CLI's home (default `~/.codex`).
pub const CODEX_HOME: &str = "CODEX_HOME";
/// GitHub Copilot CLI's configuration directory (default `~/.copilot`).
pub const COPILOT_HOME: &str = "COPILOT_HOME";
/// Gemini CLI's stand-in for the home directory: it reads `$GEMINI_CLI_HOME/.gemini`.
pub const GEMINI_CLI_HOME: &str = "GEMINI_CLI_HOME";
/// `git -c key=value` as exported to hooks; gix does not read it, the git layer does.
pub const GIT_CONFIG_PARAMETERS: &str = "GIT_CONFIG_PARAMETERS";
/// The repository git runs a hook for; honoured by `git::Repo::discover` through gix.
pub const GIT_DIR: &str = "GIT_DIR";
/// The work tree git runs a hook for; honoured by `git::Repo::discover` through gix.
pub const GIT_WORK_TREE: &str = "GIT_WORK_TREE";
/// The index git is about to commit (a temporary one for `git commit -a` / `git commit <paths>`);
/// honoured by `git::Repo::discover` through gix (relative to the process's current directory).
pub const GIT_INDEX_FILE: &str = "GIT_INDEX_FILE";

/// Where linters, `gh` and other external tools are looked up (doctor checks that the
/// agent hooks find `pactkit` there).
pub const PATH: &str = "PATH";

/// A fixed "now" (`2026-11-23T21:37:46+00:00`) for dated documents: archive month and
/// context timestamps. Meant for tests and reproducible runs.
pub const PACTKIT_NOW: &str = "PACTKIT_NOW";

/// Reads a variable as a string; non-UTF-8 values count as unset.
pub fn var(name: &str) -> Option<String> {
    #[expect(
        clippy::disallowed_methods,
        reason = "env.rs is the one sanctioned reader"
    )]
    std::env::var(name).ok()
}

/// Reads a variable as an OS string.
pub fn var_os(name: &str) -> Option<OsString> {
    #[expect(
        clippy::disallowed_methods,
        reason = "env.rs is the one sanctioned reader"
    )]
    std::env::var_os(name)
}

/// True when the variable is set to a non-empty value.
pub fn is_set_non_empty(name: &str) -> bool {
    var_os(name).is_some_and(|v| !v.is_empty())
}
