//! The scene a tool call is judged in, read from the real repository and machine: the
//! repository's directories and hooks directory, the committed `pactkit.yaml`
//! (`hooks.agent.protected_paths` from HEAD's tree, never the work tree), the user-level
//! settings files, the pactkit binaries, PATH, and git's configuration for aliases and
//! `help.autocorrect` (read lazily: most commands never ask).

use super::file_rules::{Protected, ProtectedInput, user_globs};
use super::git_rules::find_executable;
use super::install::UserDirs;
use super::policy::{Facts, Scene};
use crate::config::Config;
use crate::git::Repo;
use crate::infra::env;
use std::path::{Path, PathBuf};

/// Facts read from the repository at the tool call's directory.
pub struct LiveFacts {
    repo: Option<Repo>,
}

impl Facts for LiveFacts {
    fn alias(&self, name: &str) -> Option<String> {
        self.repo.as_ref()?.config_string(&format!("alias.{name}"))
    }

    fn autocorrect(&self) -> bool {
        let Some(value) = self
            .repo
            .as_ref()
            .and_then(|r| r.config_string("help.autocorrect"))
        else {
            return false;
        };
        !matches!(
            value.trim().to_ascii_lowercase().as_str(),
            "" | "0" | "false" | "off" | "no" | "never" | "show"
        )
    }

    fn is_unjudged_commit(&self, rev: &str) -> bool {
        self.repo
            .as_ref()
            .is_some_and(|r| r.is_stash_or_notes_commit(rev))
    }

    fn rebase_would_commit(&self) -> bool {
        let Some(repo) = &self.repo else { return false };
        repo.rebase_in_progress() && repo.staged_changes().map_or(true, |c| !c.files.is_empty())
    }
}

/// The scene for a tool call in `cwd`.
pub fn scene(cwd: &Path) -> Scene {
    let repo = Repo::discover(cwd).ok();
    let path: Vec<PathBuf> = env::var_os(env::PATH)
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let user = user_dirs();
    let mut input = ProtectedInput {
        home: user.as_ref().map(|u| u.home.clone()),
        user_globs: user.as_ref().map(user_globs).unwrap_or_default(),
        binaries: pactkit_binaries(&path),
        ..ProtectedInput::default()
    };
    if let Some(repo) = &repo {
        input.root = Some(repo.workdir().to_path_buf());
        input.git_dirs = vec![
            repo.git_dir().to_path_buf(),
            repo.common_dir().to_path_buf(),
        ];
        input.hooks_dir = repo.hooks_dir().ok().map(|d| d.path);
        match committed_config(repo) {
            Ok(config) => input.configured = config.hooks.agent.protected_paths,
            Err(err) => input.config_error = Some(err),
        }
    }
    Scene {
        cwd: cwd.to_path_buf(),
        protected: Protected::new(input),
        path,
        facts: Box::new(LiveFacts { repo }),
    }
}

/// HEAD's `pactkit.yaml` (the first candidate in HEAD's tree); the defaults when HEAD
/// has none. The work tree is never read: an agent could have edited it.
pub fn committed_config(repo: &Repo) -> Result<Config, String> {
    let snapshot = repo.head_snapshot().map_err(|e| e.to_string())?;
    crate::config::load_from_snapshot(&snapshot, "HEAD")
        .map(|loaded| loaded.config)
        .map_err(|e| e.to_string())
}

/// The running binary and every `pactkit` on PATH.
fn pactkit_binaries(path: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::env::current_exe().ok().into_iter().collect();
    out.extend(
        path.iter()
            .map(|d| d.join("pactkit"))
            .filter(|p| crate::infra::fsx::is_executable(p)),
    );
    if let Some(found) = find_executable("pactkit", path) {
        out.push(found);
    }
    out
}

/// `$HOME` and the tools' configuration directories, when HOME is set.
pub fn user_dirs() -> Option<UserDirs> {
    let dir = |name| {
        env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    Some(UserDirs {
        home: dir(env::HOME)?,
        xdg_config: dir(env::XDG_CONFIG_HOME),
        codex_home: dir(env::CODEX_HOME),
        claude_dir: dir(env::CLAUDE_CONFIG_DIR),
        copilot_home: dir(env::COPILOT_HOME),
        gemini_home: dir(env::GEMINI_CLI_HOME),
    })
}
