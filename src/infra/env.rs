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
/// Whether `git merge` opens an editor for its message (`no` / `yes`).
pub const GIT_MERGE_AUTOEDIT: &str = "GIT_MERGE_AUTOEDIT";
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

/// GitHub Actions: `true` in a workflow run.
pub const GITHUB_ACTIONS: &str = "GITHUB_ACTIONS";
/// GitHub Actions: the event that started the run (`push`, `pull_request`, …).
pub const GITHUB_EVENT_NAME: &str = "GITHUB_EVENT_NAME";
/// GitHub Actions: the event payload (JSON file).
pub const GITHUB_EVENT_PATH: &str = "GITHUB_EVENT_PATH";
/// GitHub Actions: the ref the run is for.
pub const GITHUB_REF: &str = "GITHUB_REF";
/// GitHub Actions: the commit the run is for.
pub const GITHUB_SHA: &str = "GITHUB_SHA";
/// GitLab CI: `true` in a pipeline job.
pub const GITLAB_CI: &str = "GITLAB_CI";
/// GitLab CI: what started the pipeline (`push`, `merge_request_event`, …).
pub const CI_PIPELINE_SOURCE: &str = "CI_PIPELINE_SOURCE";
/// GitLab CI: the branch's previous tip (all zeros for a new branch).
pub const CI_COMMIT_BEFORE_SHA: &str = "CI_COMMIT_BEFORE_SHA";
/// GitLab CI: the commit the pipeline runs for.
pub const CI_COMMIT_SHA: &str = "CI_COMMIT_SHA";
/// GitLab CI: the branch pushed to (unset for tags and merge requests).
pub const CI_COMMIT_BRANCH: &str = "CI_COMMIT_BRANCH";
/// GitLab CI: the project's default branch.
pub const CI_DEFAULT_BRANCH: &str = "CI_DEFAULT_BRANCH";
/// GitLab CI: the merge request's base commit.
pub const CI_MERGE_REQUEST_DIFF_BASE_SHA: &str = "CI_MERGE_REQUEST_DIFF_BASE_SHA";
/// GitLab CI: the merge request's head commit.
pub const CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: &str = "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA";
/// GitLab CI: the merge request's target branch.
pub const CI_MERGE_REQUEST_TARGET_BRANCH_NAME: &str = "CI_MERGE_REQUEST_TARGET_BRANCH_NAME";
/// GitLab CI: the merge request's source branch.
pub const CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: &str = "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME";

/// Git, in a pre-receive hook: the quarantine directory holding the pushed objects.
pub const GIT_OBJECT_DIRECTORY: &str = "GIT_OBJECT_DIRECTORY";
/// Git, in a pre-receive hook: the repository's own object directories (`:`-separated).
pub const GIT_ALTERNATE_OBJECT_DIRECTORIES: &str = "GIT_ALTERNATE_OBJECT_DIRECTORIES";
/// GitLab server hooks: the pushing user's name.
pub const GL_USERNAME: &str = "GL_USERNAME";
/// GitLab server hooks: how the push arrived (`ssh`, `http`, `web` for the UI and merges).
pub const GL_PROTOCOL: &str = "GL_PROTOCOL";
/// Gitea/Forgejo hooks: the pushing user's name.
pub const GITEA_PUSHER_NAME: &str = "GITEA_PUSHER_NAME";
/// Gitea/Forgejo hooks: set when the forge merges a pull request.
pub const GITEA_PR_ID: &str = "GITEA_PR_ID";
/// A web server's authenticated user (git-http-backend).
pub const REMOTE_USER: &str = "REMOTE_USER";
/// The account a hook runs as (plain SSH servers).
pub const USER: &str = "USER";

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
