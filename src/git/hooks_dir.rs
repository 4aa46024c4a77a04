//! Where git runs hooks from, as `git rev-parse --git-path hooks` answers, and which
//! configuration scope decided it.
//!
//! Precedence, highest first:
//! 1. `core.hooksPath` from `GIT_CONFIG_PARAMETERS` (what `git -c` exports to child processes,
//!    hooks included; gix does not read it, so it is parsed here) → `Override`;
//! 2. the effective `core.hooksPath` of the gix configuration (last value wins), with its
//!    section's source: `GIT_CONFIG_COUNT`/`KEY_n` → `Override`, `config.worktree` →
//!    `Worktree`, `.git/config` and its includes → `Local`, `~/.gitconfig` and
//!    `$XDG_CONFIG_HOME/git/config` → `Global`, system or installation config → `System`;
//! 3. `<common dir>/hooks` (linked worktrees share their main repository's hooks).
//!
//! A relative value resolves against the work tree root (where git runs hooks), `~/`
//! expands to `$HOME`, and an empty value is an error because git would resolve it to the
//! work tree root and run any executable named like a hook from there.

use super::{GitError, HooksDir, HooksPathSource, Repo};
use crate::infra::env;
use gix::bstr::ByteSlice;
use std::path::{Path, PathBuf};

/// The config key, as git spells it in `GIT_CONFIG_PARAMETERS` comparisons (case-insensitive).
const HOOKS_PATH_KEY: &str = "core.hookspath";

pub(super) fn hooks_dir(repo: &Repo) -> Result<HooksDir, GitError> {
    let Some((value, source)) = configured(repo) else {
        return Ok(HooksDir {
            path: repo.common_dir().join("hooks"),
            source: HooksPathSource::Default,
            configured: None,
        });
    };
    if value.is_empty() {
        return Err(GitError::EmptyHooksPath {
            source_name: source_name(source),
        });
    }
    let path = resolve(&value, repo.workdir());
    Ok(HooksDir {
        path,
        source,
        configured: Some(value),
    })
}

/// The effective `core.hooksPath` and its scope, if set anywhere.
fn configured(repo: &Repo) -> Option<(String, HooksPathSource)> {
    if let Some(value) =
        env::var(env::GIT_CONFIG_PARAMETERS).and_then(|p| from_config_parameters(&p))
    {
        return Some((value, HooksPathSource::Override));
    }
    let snapshot = repo.inner.config_snapshot();
    let (value, section) = snapshot
        .plumbing()
        .raw_value_with_section("core.hooksPath")
        .ok()?;
    Some((
        value.to_str_lossy().into_owned(),
        scope(section.meta().source),
    ))
}

fn scope(source: gix::config::Source) -> HooksPathSource {
    use gix::config::Source;
    match source {
        Source::Local => HooksPathSource::Local,
        Source::Worktree => HooksPathSource::Worktree,
        Source::User | Source::Git => HooksPathSource::Global,
        Source::System | Source::GitInstallation => HooksPathSource::System,
        Source::Env | Source::Cli | Source::Api | Source::EnvOverride => HooksPathSource::Override,
    }
}

fn source_name(source: HooksPathSource) -> &'static str {
    match source {
        HooksPathSource::Default => "default",
        HooksPathSource::Local => "local",
        HooksPathSource::Worktree => "worktree",
        HooksPathSource::Global => "global",
        HooksPathSource::System => "system",
        HooksPathSource::Override => "command-line or environment",
    }
}

/// Resolves a configured value: `~/` → `$HOME`, relative → below the work tree root.
fn resolve(value: &str, workdir: &Path) -> PathBuf {
    if let Some(rest) = value.strip_prefix("~/")
        && let Some(home) = env::var_os(env::HOME)
    {
        return PathBuf::from(home).join(rest);
    }
    let path = Path::new(value);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        workdir.join(path)
    }
}

/// The last `core.hooksPath` in git's `GIT_CONFIG_PARAMETERS`.
fn from_config_parameters(params: &str) -> Option<String> {
    config_parameter(params, HOOKS_PATH_KEY)
}

/// The last value of `key` (case-insensitive) in git's `GIT_CONFIG_PARAMETERS`
/// (`'key'='value'` or the older `'key=value'`, single-quoted, space-separated); a key
/// without a value is an empty string.
pub(super) fn config_parameter(params: &str, wanted: &str) -> Option<String> {
    config_parameter_value(params, &[wanted]).map(Option::unwrap_or_default)
}

/// The last value of any of the `wanted` keys (names of one setting), telling a key
/// without a value (`git -c key`, `Some(None)`) from an empty one (`git -c key=`).
pub(super) fn config_parameter_value(params: &str, wanted: &[&str]) -> Option<Option<String>> {
    let mut found = None;
    let mut rest = params;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return found;
        }
        let (first, after) = sq_word(rest)?;
        let (key, value, after) = match after.strip_prefix('=') {
            Some(after_eq) => {
                let (value, after) = sq_word(after_eq)?;
                (first, Some(value), after)
            }
            None => match first.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned()), after),
                None => (first, None, after),
            },
        };
        if wanted.iter().any(|name| key.eq_ignore_ascii_case(name)) {
            found = Some(value);
        }
        rest = after;
    }
}

/// One shell single-quoted word (`'a'\''b'` → `a'b`); returns it and the rest.
fn sq_word(input: &str) -> Option<(String, &str)> {
    let mut word = String::new();
    let mut rest = input.strip_prefix('\'')?;
    loop {
        let end = rest.find('\'')?;
        word.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix("\\''") {
            Some(more) => {
                word.push('\'');
                rest = more;
            }
            None => return Some((word, rest)),
        }
    }
}

#[cfg(test)]
mod tests;
