//! `pactkit.yaml`: discovery (the repository root first, then PactKit's legacy places),
//! loading with unknown-key warnings by dotted path and type errors at file:line:column,
//! validation, and the provenance `config show` prints.

mod model;
pub mod provenance;
mod validate;

pub use model::*;

use crate::error::Error;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where pactkit looks, in order; the first existing file wins. The last four are
/// PactKit's `PACTKIT_YAML_CANDIDATES`, in PactKit's order.
pub const CANDIDATES: [&str; 5] = [
    "pactkit.yaml",
    ".opencode/pactkit.yaml",
    ".codex/pactkit.yaml",
    ".github/pactkit.yaml",
    ".claude/pactkit.yaml",
];

/// A loaded configuration and what loading it noticed.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    /// The effective configuration (defaults where the file is silent).
    pub config: Config,
    /// The file it came from; `None` when no file exists (pure defaults).
    pub path: Option<PathBuf>,
    /// Unknown keys and other non-fatal findings.
    pub warnings: Vec<ConfigWarning>,
    /// The file's text (empty without a file), for provenance.
    pub text: String,
}

/// A non-fatal finding about the configuration.
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
        write!(f, "{}: {}: {}", self.file.display(), self.key, self.message)
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
    /// Malformed YAML, a wrong type, or a value that cannot work.
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
            ConfigError::Io { source, .. } => Error::config(err.to_string()).caused_by(source),
            ConfigError::Invalid { .. } => Error::config(err.to_string())
                .hint("fix the file, then check it with `pactkit config check`"),
        }
    }
}

/// The configuration files that exist below `root`, in discovery order.
pub fn discover(root: &Path) -> Vec<PathBuf> {
    CANDIDATES
        .iter()
        .map(|c| root.join(c))
        .filter(|p| p.is_file())
        .collect()
}

/// Finds and loads the configuration of the project rooted at `root`.
pub fn load(root: &Path) -> Result<LoadedConfig, ConfigError> {
    let found = discover(root);
    let Some(path) = found.first().cloned() else {
        return Ok(LoadedConfig::default());
    };
    let bytes = std::fs::read(&path).map_err(|source| ConfigError::Io {
        path: path.clone(),
        source,
    })?;
    let mut loaded = parse(&path, &bytes)?;
    for shadowed in &found[1..] {
        loaded.warnings.push(ConfigWarning {
            file: shadowed.clone(),
            key: "(file)".into(),
            message: format!("ignored: {} takes precedence", path.display()),
        });
    }
    Ok(loaded)
}

/// Parses the bytes of a configuration file.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<LoadedConfig, ConfigError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| invalid_utf8(path, bytes, e))?
        .replace("\r\n", "\n");
    let mut unknown = Vec::new();
    let config: Config = if text.trim().is_empty() {
        Config::default()
    } else {
        let de = serde_yaml_ng::Deserializer::from_str(&text);
        serde_ignored::deserialize(de, |p| unknown.push(p.to_string()))
            .map_err(|e| yaml_error(path, &e))?
    };
    let mut warnings: Vec<ConfigWarning> = unknown
        .into_iter()
        .map(|key| ConfigWarning {
            file: path.to_path_buf(),
            message: validate::unknown_key_message(&key),
            key,
        })
        .collect();
    warnings.extend(validate::check(&config, path, &text)?);
    Ok(LoadedConfig {
        config,
        path: Some(path.to_path_buf()),
        warnings,
        text,
    })
}

fn invalid_utf8(path: &Path, bytes: &[u8], err: std::str::Utf8Error) -> ConfigError {
    let before = &bytes[..err.valid_up_to()];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message: "the file is not valid UTF-8".into(),
    }
}

fn yaml_error(path: &Path, err: &serde_yaml_ng::Error) -> ConfigError {
    let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let text = err.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    let message = text
        .replace("invalid type: ", "found ")
        .replace("invalid value: ", "found ");
    let message = if message.contains("expected struct Config") {
        format!("the top level must be a mapping of keys (`hooks:`, `gates:`, …): {message}")
    } else {
        message.replace("expected struct ", "expected a mapping like ")
    };
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}
