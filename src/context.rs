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
    /// Discovers the git repository containing the working directory.
    pub fn repo(&self) -> Result<Repo> {
        Repo::discover(&self.cwd).map_err(Error::from)
    }

    /// Loads `pactkit.yaml` for a project root, printing its warnings.
    pub fn config(&self, root: &Path) -> Result<LoadedConfig> {
        let loaded = config::load(root)?;
        for warning in &loaded.warnings {
            self.printer.warn(&warning.to_string());
        }
        Ok(loaded)
    }
}
