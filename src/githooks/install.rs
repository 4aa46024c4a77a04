//! Installing, removing and inspecting shims in a hooks directory. A foreign hook is never
//! clobbered: it is kept as `<hook>.legacy` (and chained by the runner); uninstall removes
//! only files carrying our marker and puts the legacy ones back. Nothing here prompts.

use super::HookType;
use super::shim::{self, SHIM_VERSION};
use crate::infra::fsx;
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

/// The state of one hook slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "reason")]
pub enum HookState {
    /// Our shim, current version, calling an existing binary.
    Current,
    /// Our shim, but stale; the reason says why.
    Outdated(String),
    /// Someone else's hook.
    Foreign,
    /// No hook.
    Missing,
}

/// What `hooks status` reports for one hook.
#[derive(Debug, Clone, Serialize)]
pub struct HookStatus {
    /// The hook.
    pub hook: HookType,
    /// Its file.
    pub path: PathBuf,
    /// Ours, outdated, foreign or missing.
    #[serde(flatten)]
    pub state: HookState,
    /// The binary our shim calls.
    pub binary: Option<String>,
    /// The chained legacy hook, if one exists.
    pub legacy: Option<PathBuf>,
}

/// The path of the legacy copy of a hook file.
pub fn legacy_path(hook_file: &Path) -> PathBuf {
    let mut name = hook_file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".legacy");
    hook_file.with_file_name(name)
}

/// Reads a hook file's text (lossy: a compiled hook is still "foreign", not an error).
fn read_hook(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// Inspects one hook slot.
pub fn status(dir: &Path, hook: HookType) -> HookStatus {
    let path = dir.join(hook.name());
    let legacy = Some(legacy_path(&path)).filter(|p| exists(p));
    let (state, binary) = if !exists(&path) {
        (HookState::Missing, None)
    } else {
        match read_hook(&path).as_deref().and_then(shim::inspect) {
            None => (HookState::Foreign, None),
            Some(info) => (state_of(&info, &path), info.binary),
        }
    };
    HookStatus {
        hook,
        path,
        state,
        binary,
        legacy,
    }
}

fn state_of(info: &shim::ShimInfo, path: &Path) -> HookState {
    if info.version < SHIM_VERSION {
        return HookState::Outdated(format!("shim version {} < {SHIM_VERSION}", info.version));
    }
    if !fsx::is_executable(path) {
        return HookState::Outdated("the hook file is not executable".into());
    }
    match &info.binary {
        Some(bin) if fsx::is_executable(Path::new(bin)) => HookState::Current,
        Some(bin) => {
            HookState::Outdated(format!("{bin} does not exist; the shim falls back to PATH"))
        }
        None => HookState::Outdated("no binary path in the shim".into()),
    }
}

/// What install did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// Wrote a new shim into an empty slot.
    Created,
    /// Rewrote our older or different shim.
    Updated,
    /// Our shim was already exactly right.
    UpToDate,
    /// Moved a foreign hook to `.legacy` and wrote the shim.
    ChainedLegacy(PathBuf),
}

/// Why a hook could not be installed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// A foreign hook sits in the slot and a `.legacy` file already exists.
    #[error(
        "{hook} holds a foreign hook and {legacy} already exists; pactkit will not overwrite either"
    )]
    LegacyTaken {
        /// The hook file.
        hook: PathBuf,
        /// The existing legacy file.
        legacy: PathBuf,
    },
    /// A filesystem error.
    #[error("cannot write {path}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> InstallError + '_ {
    move |source| InstallError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Installs the shim for `hook` into `dir`, calling `binary`. Idempotent.
pub fn install(dir: &Path, hook: HookType, binary: &Path) -> Result<Installed, InstallError> {
    fsx::create_dir_all(dir).map_err(io_err(dir))?;
    let path = dir.join(hook.name());
    let wanted = shim::render(hook, binary);
    let current = if exists(&path) {
        Some(read_hook(&path).unwrap_or_default())
    } else {
        None
    };
    let action = match current.as_deref() {
        None => Installed::Created,
        Some(text) if shim::is_ours(text) => {
            if text == wanted && fsx::is_executable(&path) {
                return Ok(Installed::UpToDate);
            }
            Installed::Updated
        }
        Some(_) => {
            let legacy = legacy_path(&path);
            if exists(&legacy) {
                return Err(InstallError::LegacyTaken { hook: path, legacy });
            }
            fsx::rename(&path, &legacy).map_err(io_err(&path))?;
            Installed::ChainedLegacy(legacy)
        }
    };
    fsx::write_executable(&path, wanted.as_bytes(), 0o755).map_err(io_err(&path))?;
    Ok(action)
}

/// What uninstall did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uninstalled {
    /// Removed our shim; `true` when a legacy hook was put back.
    Removed(bool),
    /// Put a legacy hook back into an empty slot.
    RestoredOnly,
    /// The file is not ours; left alone.
    NotOurs,
    /// Nothing there.
    Missing,
}

/// Removes our shim for `hook` from `dir` and restores `<hook>.legacy`.
pub fn uninstall(dir: &Path, hook: HookType) -> Result<Uninstalled, InstallError> {
    let path = dir.join(hook.name());
    let legacy = legacy_path(&path);
    if exists(&path) {
        if !read_hook(&path).is_some_and(|text| shim::is_ours(&text)) {
            return Ok(Uninstalled::NotOurs);
        }
        fsx::remove_file(&path).map_err(io_err(&path))?;
        let restored = restore_legacy(&legacy, &path)?;
        return Ok(Uninstalled::Removed(restored));
    }
    if restore_legacy(&legacy, &path)? {
        Ok(Uninstalled::RestoredOnly)
    } else {
        Ok(Uninstalled::Missing)
    }
}

fn restore_legacy(legacy: &Path, path: &Path) -> Result<bool, InstallError> {
    if !exists(legacy) {
        return Ok(false);
    }
    fsx::rename(legacy, path).map_err(io_err(legacy))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pactkit-install-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn install_is_idempotent_and_uninstall_leaves_nothing() {
        let dir = temp_dir("idem");
        let bin = Path::new("/bin/sh");
        assert_eq!(
            install(&dir, HookType::PreCommit, bin).ok(),
            Some(Installed::Created)
        );
        assert_eq!(
            install(&dir, HookType::PreCommit, bin).ok(),
            Some(Installed::UpToDate)
        );
        assert_eq!(status(&dir, HookType::PreCommit).state, HookState::Current);
        assert_eq!(
            uninstall(&dir, HookType::PreCommit).ok(),
            Some(Uninstalled::Removed(false))
        );
        assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(99), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn foreign_hook_is_chained_and_restored() {
        let dir = temp_dir("foreign");
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join("commit-msg"), "#!/bin/sh\nexit 0\n").unwrap_or_default();
        let result = install(&dir, HookType::CommitMsg, Path::new("/bin/sh")).ok();
        assert_eq!(
            result,
            Some(Installed::ChainedLegacy(dir.join("commit-msg.legacy")))
        );
        assert_eq!(
            status(&dir, HookType::CommitMsg).legacy,
            Some(dir.join("commit-msg.legacy"))
        );
        assert_eq!(
            uninstall(&dir, HookType::CommitMsg).ok(),
            Some(Uninstalled::Removed(true))
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("commit-msg")).unwrap_or_default(),
            "#!/bin/sh\nexit 0\n"
        );
        assert!(!dir.join("commit-msg.legacy").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn uninstall_never_touches_foreign_hooks() {
        let dir = temp_dir("notours");
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join("pre-push"), "#!/bin/sh\nexit 0\n").unwrap_or_default();
        assert_eq!(
            uninstall(&dir, HookType::PrePush).ok(),
            Some(Uninstalled::NotOurs)
        );
        assert!(dir.join("pre-push").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_taken_legacy_slot_is_an_error_not_an_overwrite() {
        let dir = temp_dir("taken");
        std::fs::create_dir_all(&dir).unwrap_or_default();
        std::fs::write(dir.join("pre-commit"), "#!/bin/sh\necho new\n").unwrap_or_default();
        std::fs::write(dir.join("pre-commit.legacy"), "#!/bin/sh\necho old\n").unwrap_or_default();
        assert!(matches!(
            install(&dir, HookType::PreCommit, Path::new("/bin/sh")),
            Err(InstallError::LegacyTaken { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(dir.join("pre-commit")).unwrap_or_default(),
            "#!/bin/sh\necho new\n"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
