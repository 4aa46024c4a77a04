//! File writes: atomic replacement and the executable bit. The only module that writes files.
//!
//! Every temporary file is created exclusively (`O_CREAT|O_EXCL`, which also refuses a
//! symlink planted at the name) under a name no other writer uses: process id, a
//! per-process counter and a random word. Two writers of one path, threads or processes
//! (also in different pid namespaces sharing a volume), never share a temporary file; the
//! last rename wins whole.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `contents` to `path` atomically: a temporary file in the same directory, then rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    replace_via_temp(path, contents, |_| Ok(()))
}

/// Writes an executable file atomically, with mode `mode` (e.g. `0o755`) on Unix.
pub fn write_executable(path: &Path, contents: &[u8], mode: u32) -> io::Result<()> {
    replace_via_temp(path, contents, |tmp| set_mode(tmp, mode))
}

/// Replaces the content of an existing file atomically, keeping its permissions (the
/// executable bit of a script survives a linter's fix).
pub fn replace_keeping_mode(path: &Path, contents: &[u8]) -> io::Result<()> {
    let permissions = fs::metadata(path)?.permissions();
    replace_via_temp(path, contents, |tmp| fs::set_permissions(tmp, permissions))
}

/// The one atomic write: the content goes to a temporary file beside `path`, is synced,
/// `prepare` adjusts it (permissions), then a rename replaces `path`. On any failure the
/// temporary file is removed and `path` is untouched.
fn replace_via_temp(
    path: &Path,
    contents: &[u8],
    prepare: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let (mut file, tmp) = create_temp_beside(path)?;
    let result = (|| {
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        prepare(&tmp)?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes a scratch file (not atomic), creating its parent directories: for pactkit's
/// own temporary directories only, never for user files.
pub fn write_scratch(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, contents)
}

/// Creates `path` exclusively (it must not exist) with `contents`, synced, and, when given,
/// `permissions`: a copy that never overwrites anything.
pub fn write_new(
    path: &Path,
    contents: &[u8],
    permissions: Option<fs::Permissions>,
) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let result = (|| {
        file.write_all(contents)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()
    })();
    if result.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    result
}

/// Creates the directory `path`, failing with `AlreadyExists` when it exists: claims a
/// directory name.
pub fn create_dir_new(path: &Path) -> io::Result<()> {
    fs::create_dir(path)
}

/// Removes a directory tree (pactkit's own temporary directories only).
pub fn remove_dir_all(path: &Path) -> io::Result<()> {
    fs::remove_dir_all(path)
}

/// Renames `from` to `to`, replacing `to`.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

/// Removes a file.
pub fn remove_file(path: &Path) -> io::Result<()> {
    fs::remove_file(path)
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> io::Result<()> {
    fs::create_dir_all(path)
}

/// True when the file exists and has an executable bit (always true off Unix when it exists).
pub fn is_executable(path: &Path) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => mode_is_executable(&meta),
        _ => false,
    }
}

/// How many names [`create_temp_beside`] tries before giving up; a collision needs the
/// same pid, counter and 64 random bits, so a second try is already a sign of a hostile
/// directory.
const TEMP_ATTEMPTS: u32 = 16;

/// Creates a new, empty file `.<name>.pactkit-tmp-…` beside `path` (exclusively: an
/// existing file or symlink at the chosen name is never opened) and returns it with its path.
pub fn create_temp_beside(path: &Path) -> io::Result<(fs::File, PathBuf)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Keep the temporary name under NAME_MAX (255 bytes) even for a long file name.
    let stem: String = name.chars().take(120).collect();
    let parent = path.parent().unwrap_or(Path::new(""));
    create_unique(parent, &format!(".{stem}.pactkit-tmp-"))
}

/// Creates a new, empty file `<dir>/<prefix><unique suffix>` exclusively, trying fresh
/// names on a collision.
pub fn create_unique(dir: &Path, prefix: &str) -> io::Result<(fs::File, PathBuf)> {
    let mut last = None;
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = dir.join(format!("{prefix}{}", unique_suffix()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((file, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
}

/// `<pid>-<counter>-<random>`: unique within the process by the counter, across
/// processes by the pid, and across pid namespaces by the random word.
pub fn unique_suffix() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    // std's hasher keys come from the OS's random source; hashing the counter gives a
    // fresh word per call without a random-number dependency.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(n);
    format!("{}-{n}-{:016x}", std::process::id(), hasher.finish())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn mode_is_executable(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn mode_is_executable(_meta: &fs::Metadata) -> bool {
    true
}

/// Removes a directory if it is empty; `Ok(false)` when it is not empty or absent.
pub fn remove_dir_if_empty(path: &Path) -> io::Result<bool> {
    match fs::read_dir(path) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Ok(false);
            }
            fs::remove_dir(path).map(|()| true)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pactkit-fsx-{name}-{}", unique_suffix()));
        fs::create_dir_all(&dir).expect("create the test directory");
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .expect("read the test directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("pactkit-tmp"))
            .collect()
    }

    #[test]
    fn two_writers_of_one_path_never_mix_and_leave_no_temporary_file() {
        let dir = fresh_dir("race");
        let path = dir.join("board.md");
        let a = vec![b'a'; 64 * 1024];
        let b = vec![b'b'; 100 * 1024 + 7];
        fsx_write_both(&path, &a, &b);
        let last = fs::read(&path).expect("read the result");
        assert!(
            last == a || last == b,
            "mixed content of {} bytes",
            last.len()
        );
        assert_eq!(leftovers(&dir), Vec::<String>::new());
        let _ = fs::remove_dir_all(&dir);
    }

    /// Two threads of one process (so one pid) replace `path` 200 times each while a
    /// third reads it; every read sees one writer's whole content.
    fn fsx_write_both(path: &Path, a: &[u8], b: &[u8]) {
        write_atomic(path, a).expect("first write");
        std::thread::scope(|s| {
            for content in [a, b] {
                s.spawn(move || {
                    for _ in 0..200 {
                        write_atomic(path, content).expect("a concurrent atomic write fails");
                    }
                });
            }
            s.spawn(move || {
                for _ in 0..400 {
                    let seen = fs::read(path).expect("the path always exists");
                    assert!(
                        seen == a || seen == b,
                        "a reader saw {} mixed bytes",
                        seen.len()
                    );
                }
            });
        });
    }

    #[test]
    fn temporary_names_are_unique_and_bounded_for_long_names() {
        let dir = fresh_dir("names");
        let long = dir.join("x".repeat(250));
        let (_f1, t1) = create_temp_beside(&long).expect("first temporary file");
        let (_f2, t2) = create_temp_beside(&long).expect("second temporary file");
        assert_ne!(t1, t2);
        let len = t1.file_name().map_or(0, |n| n.len());
        assert!(len <= 255, "temporary name of {len} bytes");
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_write_keeps_the_mode_of_the_replaced_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = fresh_dir("mode");
        let path = dir.join("run.sh");
        write_executable(&path, b"#!/bin/sh\n", 0o755).expect("write");
        replace_keeping_mode(&path, b"#!/bin/sh\nexit 0\n").expect("replace");
        let mode = fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
        let _ = fs::remove_dir_all(&dir);
    }
}
