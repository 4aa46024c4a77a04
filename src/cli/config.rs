//! `pactkit config show | check`: the effective configuration with where each value came
//! from, and validation (`--strict` turns warnings into exit 2).

use crate::config::{self, LoadedConfig, provenance};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use std::path::{Path, PathBuf};

/// `pactkit config` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration and where each value came from
    Show(ShowArgs),
    /// Validate pactkit.yaml (unknown keys warn; wrong types and unknown gates are errors)
    Check(CheckArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Human-readable.
    Text,
    /// One JSON document.
    Json,
}

/// Arguments of `config show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Arguments of `config check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Treat warnings (unknown keys, doubtful values) as errors: exit 2
    #[arg(long)]
    pub strict: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs a `config` subcommand.
pub fn run(ctx: &Context, cmd: &ConfigCommand) -> Result<ExitStatus> {
    let root = project_root(ctx);
    match cmd {
        ConfigCommand::Show(args) => show(ctx, &root, args),
        ConfigCommand::Check(args) => check(ctx, &root, args),
    }
}

/// The repository's work tree, or the current directory outside a repository.
fn project_root(ctx: &Context) -> PathBuf {
    ctx.repo()
        .map(|r| r.workdir().to_path_buf())
        .unwrap_or_else(|_| ctx.cwd.clone())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn show(ctx: &Context, root: &Path, args: &ShowArgs) -> Result<ExitStatus> {
    let loaded = ctx.config(root)?;
    let value = serde_json::to_value(&loaded.config)
        .map_err(|e| Error::config("cannot render the configuration").caused_by(e))?;
    let lines = provenance::key_lines(&loaded.text);
    let file = loaded.path.as_deref().map(|p| relative(root, p));
    let rows: Vec<(String, serde_json::Value, Option<usize>)> = provenance::leaves(&value)
        .into_iter()
        .map(|(key, value)| {
            let line = provenance::line_of(&lines, &key);
            (key, value, line)
        })
        .collect();
    match args.format {
        Format::Json => {
            let values: Vec<_> = rows
                .iter()
                .map(|(key, value, line)| {
                    serde_json::json!({"key": key, "value": value, "source": if line.is_some() { "file" } else { "default" }, "line": line})
                })
                .collect();
            let doc = serde_json::json!({"file": file, "values": values});
            ctx.printer
                .data(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Text => {
            ctx.printer.data(&format!(
                "# configuration: {}",
                file.as_deref().unwrap_or("none (defaults)")
            ));
            for (key, value, line) in rows {
                let source = match (line, &file) {
                    (Some(line), Some(file)) => format!("{file}:{line}"),
                    _ => "default".to_owned(),
                };
                ctx.printer.data(&format!("{key}: {value}  # {source}"));
            }
        }
    }
    Ok(ExitStatus::Ok)
}

fn check(ctx: &Context, root: &Path, args: &CheckArgs) -> Result<ExitStatus> {
    let result = config::load(root);
    let (loaded, error) = match result {
        Ok(loaded) => (loaded, None),
        Err(err) => (LoadedConfig::default(), Some(err)),
    };
    let failed = error.is_some() || (args.strict && !loaded.warnings.is_empty());
    let file = config::discover(root).first().map(|p| relative(root, p));
    match args.format {
        Format::Json => {
            let warnings: Vec<_> = loaded
                .warnings
                .iter()
                .map(|w| serde_json::json!({"key": w.key, "message": w.message}))
                .collect();
            let errors: Vec<String> = error.iter().map(ToString::to_string).collect();
            let doc = serde_json::json!({"file": file, "valid": !failed, "warnings": warnings, "errors": errors});
            ctx.printer
                .data(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Text => {
            for warning in &loaded.warnings {
                ctx.printer.warn(&warning.to_string());
            }
            if let Some(err) = error {
                return Err(err.into());
            }
            let verdict = match (&file, failed) {
                (None, _) => "no configuration file; using defaults".to_owned(),
                (Some(f), false) => format!("{f}: ok"),
                (Some(f), true) => {
                    format!("{f}: {} warning(s) under --strict", loaded.warnings.len())
                }
            };
            ctx.printer.data(&verdict);
        }
    }
    Ok(if failed {
        ExitStatus::Usage
    } else {
        ExitStatus::Ok
    })
}
