//! `pactkit.yaml`: the public face of configuration. [`load`] finds the file (see
//! [`discover`]), parses it once ([`load`](self::load) module), and collects warnings:
//! shadowed files, unknown keys with their dotted path, PactKit's value validations and
//! the legacy `hooks.*` booleans; and the settings a gate would refuse (`errors`). Hard
//! errors ([`ConfigError`]) carry file:line:column.
//!
//! Precedence: built-in defaults (the `Default` impls in [`model`]) < the one discovered
//! file. There are no user-level or environment layers yet.

mod discover;
mod load;
pub mod model;
pub mod provenance;
pub mod schema;
pub(crate) mod unknown;
mod validate;

pub use discover::CANDIDATES;
pub(crate) use load::{MAX_FLOW_DEPTH, flow_depth_over};
pub use model::*;
pub use provenance::Provenance;

use crate::infra::error::Error;
use std::fmt;
use std::path::{Path, PathBuf};

/// A loaded configuration and what loading it noticed.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    /// The effective configuration (defaults where the file is silent).
    pub config: Config,
    /// The file it came from; `None` when no file exists (pure defaults).
    pub path: Option<PathBuf>,
    /// Unknown keys and other non-fatal findings.
    pub warnings: Vec<ConfigWarning>,
    /// Settings a gate refuses (`gates::settings`): the gate could not run with them.
    /// Every command warns about them; `config check` fails on them.
    pub errors: Vec<ConfigWarning>,
}

impl LoadedConfig {
    /// What loading noticed, as lines for stderr: the warnings, then the settings a gate
    /// refuses (which do not stop a command; that gate will not run).
    pub fn notices(&self) -> impl Iterator<Item = String> + '_ {
        let warnings = self.warnings.iter().map(ToString::to_string);
        let errors = self
            .errors
            .iter()
            .map(|e| format!("{e} (the gate cannot run with this setting)"));
        warnings.chain(errors)
    }
}

/// A non-fatal finding about the configuration. `file` is relative to the project root
/// (it is what users see); `key` is empty for findings about the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The file.
    pub file: PathBuf,
    /// Dotted key path (`gates.coverage.treshold`).
    pub key: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.file.display(), self.key, self.message)
        }
    }
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Reading failed.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Malformed YAML or a wrong type.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Key, what was found, what was expected.
        message: String,
    },
}

impl From<ConfigError> for Error {
    fn from(err: ConfigError) -> Error {
        match &err {
            // The file exists but cannot be read: an environment problem, not its content.
            ConfigError::Io { source, .. } => Error::environment(err.to_string()).caused_by(source),
            ConfigError::Invalid { .. } => Error::config(err.to_string())
                .hint("fix the file, then check it with `pactkit config check`"),
        }
    }
}

/// Finds and loads the configuration of the project rooted at `root`.
///
/// Runs on every hook invocation: a `stat` per candidate, one read, one parse; no
/// provenance work (that is [`load_with_provenance`], for `config show`).
pub fn load(root: &Path) -> Result<LoadedConfig, ConfigError> {
    load_inner(root).map(|(loaded, _)| loaded)
}

/// [`load`], plus where each effective value came from.
pub fn load_with_provenance(root: &Path) -> Result<(LoadedConfig, Provenance), ConfigError> {
    let (loaded, text) = load_inner(root)?;
    let provenance = Provenance::build(&loaded.config, text.as_deref());
    Ok((loaded, provenance))
}

/// The loaded configuration and the text it was parsed from.
fn load_inner(root: &Path) -> Result<(LoadedConfig, Option<String>), ConfigError> {
    let found = discover::discover(root);
    let Some(rel) = found.chosen else {
        return Ok((LoadedConfig::default(), None));
    };
    let shown = PathBuf::from(rel);
    let path = discover::absolute(root, rel);
    let text = load::read_text(&path, &shown)?;
    let loaded = from_text(&text, shown, path, rel, &found.shadowed)?;
    Ok((loaded, Some(text)))
}

/// Finds and loads the configuration as one committed or staged state of the repository
/// holds it (`HEAD`'s tree, the base of a range, the index): the contract a verdict is
/// judged by, which nothing in the work tree can change. `label` names the state in
/// messages (`HEAD:pactkit.yaml:3:1: …`). No file in the state: the built-in defaults.
pub fn load_from_snapshot(
    snapshot: &crate::git::Snapshot<'_>,
    label: &str,
) -> Result<LoadedConfig, ConfigError> {
    Ok(committed_text(snapshot, label)?.map_or_else(LoadedConfig::default, |c| c.loaded))
}

/// A configuration read from a snapshot, with its text (to tell two states apart).
#[derive(Debug, Clone)]
pub struct CommittedConfig {
    /// The parsed configuration.
    pub loaded: LoadedConfig,
    /// The file's text.
    pub text: String,
}

/// The configuration file of a snapshot and its parse; `None` when the state has none.
pub fn committed_text(
    snapshot: &crate::git::Snapshot<'_>,
    label: &str,
) -> Result<Option<CommittedConfig>, ConfigError> {
    let git_error = |rel: &str, err: crate::git::GitError| ConfigError::Io {
        path: PathBuf::from(format!("{label}:{rel}")),
        source: std::io::Error::other(err.to_string()),
    };
    let mut present = Vec::new();
    for rel in CANDIDATES {
        if snapshot.contains(rel).map_err(|e| git_error(rel, e))? {
            present.push(*rel);
        }
    }
    let Some((&rel, shadowed)) = present.split_first() else {
        return Ok(None);
    };
    let shown = PathBuf::from(format!("{label}:{rel}"));
    let bytes = snapshot
        .read(rel)
        .map_err(|e| git_error(rel, e))?
        .unwrap_or_default();
    let text = load::text_from_bytes(bytes, &shown)?;
    let loaded = from_text(&text, shown, PathBuf::from(rel), rel, shadowed)?;
    Ok(Some(CommittedConfig { loaded, text }))
}

/// Parses a `pactkit.yaml` text as the file `shown` (for the property tests and the fuzz
/// targets: the same path as a loaded file, limits included).
pub fn parse_text(text: &str, shown: &Path) -> Result<LoadedConfig, ConfigError> {
    from_text(
        text,
        shown.to_path_buf(),
        shown.to_path_buf(),
        "pactkit.yaml",
        &[],
    )
}

/// Parses one configuration text and collects its warnings.
fn from_text(
    text: &str,
    shown: PathBuf,
    path: PathBuf,
    rel: &str,
    shadowed: &[&str],
) -> Result<LoadedConfig, ConfigError> {
    let (config, ignored) = load::parse(text, &shown)?;
    let mut warnings = Vec::new();
    let mut warn = |key: String, message: String| {
        warnings.push(ConfigWarning {
            file: shown.clone(),
            key,
            message,
        })
    };
    if !shadowed.is_empty() {
        warn(String::new(), discover::shadow_message(rel, shadowed));
    }
    for key in ignored {
        let message = unknown::message(&key);
        warn(key, message);
    }
    for (key, message) in config.gates.commit_msg.unknown_keys() {
        warn(unknown::join("gates.commit-msg", &key), message);
    }
    for (key, message) in validate::validate(&config) {
        warn(key, message);
    }
    let errors = crate::gates::settings::problems(&config)
        .into_iter()
        .map(|(key, message)| ConfigWarning {
            file: shown.clone(),
            key,
            message,
        })
        .collect();
    Ok(LoadedConfig {
        config,
        path: Some(path),
        warnings,
        errors,
    })
}

#[cfg(test)]
mod tests;
