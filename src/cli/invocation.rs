//! The invocation: the resolved run state every command receives, built once per run: working directory, printer,
//! and on demand the repository and the loaded configuration.

use crate::config::{self, LoadedConfig};
use crate::git::Repo;
use crate::infra::error::{Error, Result};
use crate::infra::output::Printer;
use std::path::{Path, PathBuf};

/// What every command receives.
#[derive(Debug)]
pub struct Invocation {
    /// The directory pactkit acts in (`-C` applied).
    pub cwd: PathBuf,
    /// Output channel and styles.
    pub printer: Printer,
}

impl Invocation {
    /// The project root: the nearest ancestor of the working directory that holds `.git`
    /// (a work tree or a linked worktree), else the working directory itself. Documents
    /// with a fixed place (specs, board, lessons, context) are found below it, so commands
    /// behave the same from any subdirectory.
    pub fn project_root(&self) -> PathBuf {
        self.cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&self.cwd)
            .to_path_buf()
    }

    /// Discovers the git repository containing the working directory.
    pub fn repo(&self) -> Result<Repo> {
        Repo::discover(&self.cwd).map_err(Error::from)
    }

    /// Loads `pactkit.yaml` for a project root, printing its warnings and the settings a
    /// gate refuses (the command goes on; that gate will not run).
    pub fn config(&self, root: &Path) -> Result<LoadedConfig> {
        let loaded = config::load(root)?;
        self.warn_config(&loaded);
        Ok(loaded)
    }

    /// Prints a loaded configuration's warnings and the settings a gate refuses.
    pub fn warn_config(&self, loaded: &LoadedConfig) {
        for notice in loaded.notices() {
            self.printer.warn(&notice);
        }
    }
}
