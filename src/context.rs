//! The resolved run state, built once per invocation: working directory, printer,
//! and on demand the repository and the loaded configuration.

use crate::config::{self, LoadedConfig};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::output::Printer;
use std::path::{Path, PathBuf};

/// What every command receives.
#[derive(Debug)]
pub struct Context {
    /// The directory pactkit acts in (`-C` applied).
    pub cwd: PathBuf,
    /// Output channel and styles.
    pub printer: Printer,
}

impl Context {
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

    /// Loads `pactkit.yaml` for a project root, printing its warnings.
    pub fn config(&self, root: &Path) -> Result<LoadedConfig> {
        let loaded = config::load(root)?;
        self.warn_config(&loaded);
        Ok(loaded)
    }

    /// Prints a loaded configuration's warnings.
    pub fn warn_config(&self, loaded: &LoadedConfig) {
        for warning in &loaded.warnings {
            self.printer.warn(&warning.to_string());
        }
    }
}
