//! Running one linter or fixer command: `sh -c` in the project root through
//! [`crate::infra::child`] (own process group, killed when the run ends or after
//! `gates.lint.timeout`, `PR_SET_PDEATHSIG` on Linux, termination signals held off and
//! forwarded), with the output caps of linters.
//!
//! A termination signal received while a linter runs is reported in
//! [`Finished::interrupted`]; the caller restores whatever the linter may have half-written
//! ([`super::scratch::Backups`]) and returns [`super::LintError::Interrupted`]; the command
//! ends the process with the signal once its report is printed. Only SIGKILL can
//! interrupt pactkit itself; the backups then stay on disk (see `Scratch`).

use crate::infra::child::{self, Options, Stream};
use std::io;
use std::path::Path;
use std::time::Duration;

pub use crate::infra::child::{Finished, SignalGuard, hold_signals};

/// Standard error kept of a command (the rest is dropped): enough for any diagnosis,
/// bounded whatever a broken tool prints.
pub const STDERR_CAP: usize = 64 * 1024;

/// Standard output kept of a command: a stdin formatter prints the whole file, so this is
/// the largest file a formatter can fix; output past it refuses the fix.
pub const STDOUT_CAP: usize = 64 * 1024 * 1024;

/// Runs `command_line` with `sh -c` in `cwd`, feeding `stdin` (or nothing), extra `env`;
/// after `timeout` the command's process group is killed ([`Finished::timed_out`]).
pub fn run(
    command_line: &str,
    cwd: &Path,
    stdin: Option<&[u8]>,
    env: &[(&str, &std::ffi::OsStr)],
    timeout: Duration,
) -> io::Result<Finished> {
    let options = Options {
        stdin,
        timeout,
        stdout: Stream::capture(STDOUT_CAP),
        stderr: Stream::capture(STDERR_CAP),
        tick: None,
    };
    Ok(child::run(
        child::shell_with_env(command_line, cwd, env),
        options,
    )?)
}

/// Whether a program of that name is an executable file in one of `dirs` or on `PATH`.
pub fn find_program(name: &str, extra_dirs: &[&Path]) -> Option<std::path::PathBuf> {
    if name.contains('/') {
        let path = std::path::PathBuf::from(name);
        return crate::infra::fsx::is_executable(&path).then_some(path);
    }
    let path_var = crate::infra::env::var_os(crate::infra::env::PATH).unwrap_or_default();
    extra_dirs
        .iter()
        .map(|d| d.to_path_buf())
        .chain(std::env::split_paths(&path_var))
        .map(|dir| dir.join(name))
        .find(|candidate| crate::infra::fsx::is_executable(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_output_and_feeds_stdin() {
        let dir = std::env::temp_dir();
        let done = run(
            "cat; echo oops >&2; exit 3",
            &dir,
            Some(b"hello\n"),
            &[],
            Duration::from_secs(60),
        )
        .expect("run");
        assert_eq!(done.code(), Some(3));
        assert_eq!(done.stdout, b"hello\n");
        assert_eq!(done.combined(), "hello\noops\n");
        assert_eq!(done.interrupted, None);
    }

    #[test]
    fn finds_programs_on_path() {
        assert!(find_program("sh", &[]).is_some());
        assert!(find_program("pactkit-no-such-linter", &[]).is_none());
    }
}
