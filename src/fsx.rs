//! File writes: atomic replacement and the executable bit. The only module that writes files.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    let tmp = temp_path_for(path);
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
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

fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.pactkit-tmp-{}", std::process::id()))
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
