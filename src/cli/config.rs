//! `pactkit config show | check | schema`: the effective configuration with the source of
//! every value, validation of `pactkit.yaml` (warnings, `--strict`, text or JSON), and its
//! JSON Schema for editors.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::config::{self, ConfigError, ConfigWarning, LoadedConfig, Provenance};
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};

/// `pactkit config` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration and where each value came from
    Show {
        /// Output format. text: human-readable; json: one JSON document on stdout
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate pactkit.yaml
    Check {
        /// Treat warnings (unknown keys, invalid values) as errors (exit 2)
        #[arg(long)]
        strict: bool,
        /// Output format. text: human-readable; json: one JSON document on stdout
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the JSON Schema of pactkit.yaml, for editors (yaml-language-server, VS Code)
    Schema {
        /// Write the schema to this file (atomically) instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Runs a `config` subcommand.
pub fn run(ctx: &Invocation, cmd: &ConfigCommand) -> Result<ExitStatus> {
    let root = ctx.project_root();
    match cmd {
        ConfigCommand::Show { format } => show(ctx, &root, *format),
        ConfigCommand::Check { strict, format } => check(ctx, &root, *strict, *format),
        ConfigCommand::Schema { output } => schema(ctx, output.as_deref()),
    }
}

/// The configuration file relative to the root, as users name it.
fn shown_file(root: &Path, loaded: &LoadedConfig) -> Option<String> {
    let path = loaded.path.as_deref()?;
    Some(
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string(),
    )
}

fn show(ctx: &Invocation, root: &Path, format: Format) -> Result<ExitStatus> {
    let (loaded, provenance) = config::load_with_provenance(root)?;
    for notice in loaded.notices() {
        ctx.printer.warn(&notice);
    }
    let file = shown_file(root, &loaded);
    match format {
        Format::Text => ctx
            .printer
            .data_raw(&render_show_text(file.as_deref(), &provenance)),
        Format::Json => ctx
            .printer
            .data(&render_show_json(file.as_deref(), &provenance).to_string()),
    }
    Ok(ExitStatus::Ok)
}

/// `key: value  # source`, one line per leaf, after a header naming the file.
fn render_show_text(file: Option<&str>, provenance: &Provenance) -> String {
    let mut out = match file {
        Some(file) => format!("# configuration file: {file}\n"),
        None => "# no configuration file; every value is a default\n".to_owned(),
    };
    for entry in &provenance.entries {
        let source = match (file, entry.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            _ => "default".to_owned(),
        };
        out.push_str(&format!(
            "{}: {}  # {source}\n",
            entry.key,
            inline(&entry.value)
        ));
    }
    out
}

/// A JSON value in YAML flow style: strings quoted only when plain YAML would misread them.
fn inline(value: &Json) -> String {
    match value {
        Json::String(s) if is_plain_safe(s) => s.clone(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        other => other.to_string(),
    }
}

/// Whether `s` reads back as the same string when written without quotes.
fn is_plain_safe(s: &str) -> bool {
    let reserved = ["", "~", "null", "true", "false", "yes", "no", "on", "off"];
    !reserved.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains([',', '[', ']', '{', '}'])
}

fn render_show_json(file: Option<&str>, provenance: &Provenance) -> Json {
    let values: Vec<Json> = provenance
        .entries
        .iter()
        .map(|e| {
            let source = if e.from_file() { "file" } else { "default" };
            json!({"key": e.key, "value": e.value, "source": source, "line": e.line})
        })
        .collect();
    json!({"file": file, "values": values})
}

/// Prints the schema, or writes it to `output` (relative paths: the current directory).
fn schema(ctx: &Invocation, output: Option<&Path>) -> Result<ExitStatus> {
    let text = config::schema::render();
    let Some(path) = output else {
        ctx.printer.data_raw(&text);
        return Ok(ExitStatus::Ok);
    };
    crate::infra::fsx::write_atomic(path, text.as_bytes()).map_err(|err| {
        Error::environment(format!("cannot write {}", path.display()))
            .caused_by(&err)
            .hint("check that the directory exists and is writable")
    })?;
    ctx.printer.info(&format!(
        "wrote the pactkit.yaml schema to {}",
        path.display()
    ));
    Ok(ExitStatus::Ok)
}

fn check(ctx: &Invocation, root: &Path, strict: bool, format: Format) -> Result<ExitStatus> {
    let outcome = config::load(root);
    if format == Format::Json {
        return check_json(ctx, root, strict, outcome);
    }
    let loaded = outcome?;
    for warning in &loaded.warnings {
        ctx.printer.warn(&warning.to_string());
    }
    for error in &loaded.errors {
        Error::config(error.to_string()).render(&ctx.printer);
    }
    let file = shown_file(root, &loaded);
    let name = file.as_deref().unwrap_or("pactkit.yaml");
    if !loaded.errors.is_empty() {
        let what = counted(loaded.errors.len(), "setting");
        return Err(Error::config(format!(
            "{name}: {what} the gates refuse (they could not run)"
        ))
        .hint("fix the keys named above"));
    }
    if strict && !loaded.warnings.is_empty() {
        let what = counted(loaded.warnings.len(), "warning");
        return Err(
            Error::config(format!("{name}: {what}, treated as errors by --strict"))
                .hint("fix or remove the keys named above"),
        );
    }
    match file {
        Some(file) => ctx.printer.data(&format!("{file}: ok")),
        None => ctx.printer.data("no configuration file; using defaults"),
    }
    Ok(ExitStatus::Ok)
}

/// `1 warning`, `3 warnings`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn check_json(
    ctx: &Invocation,
    root: &Path,
    strict: bool,
    outcome: std::result::Result<LoadedConfig, ConfigError>,
) -> Result<ExitStatus> {
    let (file, warnings, errors) = match &outcome {
        Ok(loaded) => (
            shown_file(root, loaded),
            loaded.warnings.as_slice(),
            loaded.errors.iter().map(setting_error_json).collect(),
        ),
        Err(err) => (error_file(err), &[][..], vec![error_json(err)]),
    };
    let valid = errors.is_empty() && (warnings.is_empty() || !strict);
    let report = json!({
        "file": file,
        "valid": valid,
        "warnings": warnings.iter().map(warning_json).collect::<Vec<_>>(),
        "errors": errors,
    });
    ctx.printer.data(&report.to_string());
    if let Err(err) = outcome {
        let err = Error::from(err);
        err.render(&ctx.printer);
        return Ok(err.status());
    }
    Ok(if valid {
        ExitStatus::Ok
    } else {
        ExitStatus::Usage
    })
}

fn warning_json(warning: &ConfigWarning) -> Json {
    json!({"key": warning.key, "message": warning.message})
}

/// A setting a gate refuses, in the shape of the other errors plus its key.
fn setting_error_json(error: &ConfigWarning) -> Json {
    json!({
        "file": error.file.display().to_string(), "line": null, "column": null,
        "key": error.key, "message": error.message,
    })
}

fn error_file(err: &ConfigError) -> Option<String> {
    match err {
        ConfigError::Io { path, .. } | ConfigError::Invalid { path, .. } => {
            Some(path.display().to_string())
        }
    }
}

fn error_json(err: &ConfigError) -> Json {
    match err {
        ConfigError::Io { path, source } => json!({
            "file": path.display().to_string(), "line": null, "column": null,
            "message": format!("cannot read the file: {source}"),
        }),
        ConfigError::Invalid {
            path,
            line,
            column,
            message,
        } => json!({
            "file": path.display().to_string(), "line": line, "column": column, "message": message,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_quotes_only_ambiguous_strings() {
        assert_eq!(inline(&json!(["spec", "lint"])), "[spec, lint]");
        assert_eq!(inline(&json!("")), "\"\"");
        assert_eq!(inline(&json!("yes")), "\"yes\"");
        assert_eq!(inline(&json!("3.11")), "\"3.11\"");
        assert_eq!(inline(&json!(".env.test")), ".env.test");
        assert_eq!(inline(&json!(null)), "null");
        assert_eq!(inline(&json!({})), "{}");
    }
}
