//! `pactkit schema`: prints the format of a governed document type or of `pactkit.yaml`,
//! as text or JSON. The constants live in `workflow::schema`.
//!
//! Differences from PactKit: with no type and no `--all` the available types are listed
//! (PactKit crashes with a traceback); `--all` includes `config`.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::config::{self, Config, Provenance};
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::schema::{
    Schema, SchemaType, config_schema, document_schema, render_text, to_json,
};
use std::path::Path;

/// Arguments of `pactkit schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The document type; without it (and without --all) the types are listed
    #[arg(value_enum, value_name = "TYPE", conflicts_with = "all")]
    pub kind: Option<SchemaType>,
    /// Print every type
    #[arg(long)]
    pub all: bool,
    /// Output format. text: PactKit's ruled layout; json: one type: `{"type", "description", "fields": {key: value}}`; `--all`: an array of them; no type: `[{"type", "description"}]`. Config fields are `{"effective", "default", "source"}` strings
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Prints the selected schemas, or the list of types.
pub fn run(ctx: &Invocation, args: &SchemaArgs) -> Result<ExitStatus> {
    let kinds: Vec<SchemaType> = match (args.kind, args.all) {
        (Some(kind), _) => vec![kind],
        (None, true) => SchemaType::ALL.to_vec(),
        (None, false) => return list_types(ctx, args.format),
    };
    let root = ctx.project_root();
    let schemas = kinds
        .into_iter()
        .map(|kind| build(ctx, &root, kind))
        .collect::<Result<Vec<_>>>()?;
    match args.format {
        Format::Text => {
            let text: String = schemas.iter().map(render_text).collect();
            ctx.printer.data_raw(&text);
        }
        Format::Json => {
            let json = if args.all {
                serde_json::Value::Array(schemas.iter().map(to_json).collect())
            } else {
                schemas.first().map(to_json).unwrap_or_default()
            };
            ctx.printer.data(&pretty(&json)?);
        }
    }
    Ok(ExitStatus::Ok)
}

fn list_types(ctx: &Invocation, format: Format) -> Result<ExitStatus> {
    match format {
        Format::Text => {
            let mut out = String::from("Schema types (pactkit schema TYPE, or --all):\n");
            for kind in SchemaType::ALL {
                out.push_str(&format!("  {:<10}{}\n", kind.name(), kind.description()));
            }
            ctx.printer.data_raw(&out);
        }
        Format::Json => {
            let list: Vec<serde_json::Value> = SchemaType::ALL
                .iter()
                .map(|k| serde_json::json!({"type": k.name(), "description": k.description()}))
                .collect();
            ctx.printer.data(&pretty(&serde_json::Value::Array(list))?);
        }
    }
    Ok(ExitStatus::Ok)
}

fn build(ctx: &Invocation, root: &Path, kind: SchemaType) -> Result<Schema> {
    if let Some(schema) = document_schema(kind) {
        return Ok(schema);
    }
    let (loaded, effective) = config::load_with_provenance(root)?;
    for warning in &loaded.warnings {
        ctx.printer.warn(&warning.to_string());
    }
    let defaults = Provenance::build(&Config::default(), None);
    let file = loaded.path.as_deref().map(|path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    });
    Ok(config_schema(&effective, &defaults, file.as_deref()))
}

fn pretty(json: &serde_json::Value) -> Result<String> {
    serde_json::to_string_pretty(json)
        .map_err(|e| Error::environment("cannot render the JSON output").caused_by(e))
}
