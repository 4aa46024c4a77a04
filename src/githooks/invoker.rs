//! The git command that ran a commit-msg hook, and so the clean-up git will apply to the
//! message: git passes the hook only the file, not `--cleanup`, `-m` or `--verbose`.
//!
//! Git runs hooks as its children (the shim `exec`s pactkit; a hook manager such as prek
//! adds a process or two in between), so on Linux the command line is read from
//! `/proc/<pid>/cmdline` of the nearest `git` ancestor. Elsewhere, or when no git process
//! is found within a few generations, [`crate::commitmsg::cleanup::infer`] judges from the
//! settings and the file itself.

use crate::commitmsg::cleanup::{self, Cleanup, GitSettings, Invocation};
use crate::git::Repo;

/// How far up the process tree to look for git (the shim, a hook manager and its shell).
const MAX_GENERATIONS: usize = 4;

/// A git process's command line and whether it talks to a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitProcess {
    /// Its argument vector.
    pub args: Vec<String>,
    /// Standard input and output both a terminal (`None`: unknown).
    pub terminal: Option<bool>,
}

/// The clean-up git applies to `raw`, the message file of the hook it is running.
pub fn hook_message_cleanup(repo: &Repo, raw: &str) -> Cleanup {
    message_cleanup(git_settings(repo), raw)
}

/// The clean-up git applies to `raw` with the repository's `settings`.
pub fn message_cleanup(settings: GitSettings, raw: &str) -> Cleanup {
    let process = git_ancestor();
    let invocation = process.as_ref().map(|p| Invocation {
        args: &p.args,
        terminal: p.terminal,
    });
    cleanup::infer(invocation, &settings, raw)
}

/// The git settings that decide the clean-up.
pub fn git_settings(repo: &Repo) -> GitSettings {
    settings_from(|key| repo.config_string(key))
}

/// The git settings that decide the clean-up, from a configuration reader.
pub fn settings_from(config: impl Fn(&str) -> Option<String>) -> GitSettings {
    GitSettings {
        cleanup: config("commit.cleanup"),
        verbose: config("commit.verbose"),
        comment_char: config("core.commentChar"),
        merge_autoedit: crate::infra::env::var(crate::infra::env::GIT_MERGE_AUTOEDIT),
    }
}

/// The nearest ancestor process that is git, if it can be found. Looked for only while git
/// runs a commit's hooks: it sets `GIT_INDEX_FILE` for every one of them (`commit`,
/// `--amend`, `merge`, a rebase's reword), and without a commit in progress no command line
/// decides how a message is stored (the walk reads two `/proc` files a generation, ~15 µs).
#[cfg(target_os = "linux")]
pub fn git_ancestor() -> Option<GitProcess> {
    crate::infra::env::var_os(crate::infra::env::GIT_INDEX_FILE)?;
    let mut pid = std::os::unix::process::parent_id();
    for _ in 0..MAX_GENERATIONS {
        if pid <= 1 {
            return None;
        }
        let args = proc_cmdline(pid)?;
        if args.first().is_some_and(|program| is_git(program)) {
            return Some(GitProcess {
                args,
                terminal: on_terminal(pid),
            });
        }
        pid = proc_parent(pid)?;
    }
    None
}

/// The nearest ancestor process that is git: not known on this system.
#[cfg(not(target_os = "linux"))]
pub fn git_ancestor() -> Option<GitProcess> {
    None
}

/// `git`, `/usr/bin/git`, `git-commit`.
fn is_git(program: &str) -> bool {
    let base = program.rsplit('/').next().unwrap_or(program);
    base == "git" || base.starts_with("git-")
}

#[cfg(target_os = "linux")]
fn proc_cmdline(pid: u32) -> Option<Vec<String>> {
    let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let args: Vec<String> = bytes
        .split(|&b| b == 0)
        .map(|arg| String::from_utf8_lossy(arg).into_owned())
        .collect();
    // The buffer ends with a NUL, which leaves one empty item.
    let args = match args.split_last() {
        Some((last, rest)) if last.is_empty() => rest.to_vec(),
        _ => args,
    };
    (!args.is_empty()).then_some(args)
}

/// The parent pid from `/proc/<pid>/stat` (the field after the parenthesised name).
#[cfg(target_os = "linux")]
fn proc_parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(target_os = "linux")]
fn on_terminal(pid: u32) -> Option<bool> {
    let is_tty = |fd: u8| {
        std::fs::read_link(format!("/proc/{pid}/fd/{fd}"))
            .ok()
            .map(|target| {
                let target = target.to_string_lossy();
                target.starts_with("/dev/pts/") || target.starts_with("/dev/tty")
            })
    };
    Some(is_tty(0)? && is_tty(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_programs() {
        assert!(is_git("git"));
        assert!(is_git("/usr/local/bin/git"));
        assert!(is_git("/usr/lib/git-core/git-commit"));
        assert!(!is_git("/usr/bin/gitk"));
        assert!(!is_git("sh"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reads_this_process_and_its_parent() {
        let me = std::process::id();
        let args = proc_cmdline(me).unwrap_or_default();
        assert!(!args.is_empty());
        assert_eq!(proc_parent(me), Some(std::os::unix::process::parent_id()));
    }
}
