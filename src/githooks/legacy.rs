//! Chaining a foreign hook that install moved aside to `<hook>.legacy`: it runs first, with
//! git's arguments and stdin, and its failure blocks.

use crate::infra::env;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What running the legacy hook gave.
#[derive(Debug, PartialEq, Eq)]
pub enum LegacyResult {
    /// No legacy hook, or we are already inside one (recursion guard).
    Absent,
    /// It exists but is not executable; git would ignore it too.
    NotExecutable(PathBuf),
    /// It ran and succeeded.
    Passed,
    /// It ran and failed with this code (`None`: killed by a signal).
    Failed(PathBuf, Option<i32>),
    /// It could not be started.
    CannotRun(PathBuf, String),
}

/// Runs `<dir>/<hook>.legacy` if present.
pub fn run(dir: &Path, hook: &str, args: &[OsString], stdin: &[u8]) -> LegacyResult {
    let path = dir.join(format!("{hook}.legacy"));
    if env::is_set_non_empty(env::PACTKIT_RUNNING_LEGACY) || path.symlink_metadata().is_err() {
        return LegacyResult::Absent;
    }
    if !crate::infra::fsx::is_executable(&path) {
        return LegacyResult::NotExecutable(path);
    }
    let child = Command::new(&path)
        .args(args)
        .env(env::PACTKIT_RUNNING_LEGACY, "1")
        .stdin(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => return LegacyResult::CannotRun(path, err.to_string()),
    };
    if let Some(mut pipe) = child.stdin.take() {
        // A hook that does not read its stdin closes the pipe early; that is not a failure.
        let _ = pipe.write_all(stdin);
    }
    match child.wait() {
        Ok(status) if status.success() => LegacyResult::Passed,
        Ok(status) => LegacyResult::Failed(path, status.code()),
        Err(err) => LegacyResult::CannotRun(path, err.to_string()),
    }
}
