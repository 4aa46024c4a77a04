//! `pactkit visualize [--mode M]... [--focus X] [--entry F] [--reverse] [--depth N]
//! [--max-nodes N] [--stack S] [--layers] [--lazy] [--exit-code] [--format text|json]`: write Mermaid
//! graphs of the
//! code (see [`crate::visualize`]). Without `--mode` all four graphs are written (PactKit
//! wrote three and left out the module graph). Text output lists each graph written;
//! JSON prints `{"files", "oversized", "graphs": [{path, nodes, edges, changed}], "up_to_date"}`.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::exit::ExitStatus;
use crate::stack::Lang;
use crate::visualize::{self, Mode, Options};

/// Arguments of `pactkit visualize`.
#[derive(Debug, clap::Args)]
pub struct VisualizeArgs {
    /// The graph to write (repeatable; default: file, class, call and module)
    #[arg(long, value_enum)]
    pub mode: Vec<Mode>,
    /// Narrow to a file, folder, file stem, class or function and its neighbours
    #[arg(long, value_name = "X")]
    pub focus: Option<String>,
    /// Call graph from this function (name, Class.method or path:name)
    #[arg(long, value_name = "F")]
    pub entry: Option<String>,
    /// Walk backwards: callers of --entry, importers of --focus
    #[arg(long)]
    pub reverse: bool,
    /// Keep nodes within N hops (of --entry/--focus, else of the nodes nothing points to)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Draw at most N nodes
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
    /// Read only this stack's files (python, node, go, java, rust)
    #[arg(long, value_name = "S", value_parser = parse_stack)]
    pub stack: Option<Lang>,
    /// Lay visualize.layers (or a default model) over the file graph: upward imports in red
    #[arg(long)]
    pub layers: bool,
    /// Do nothing when no source changed since the last run with the same options
    #[arg(long)]
    pub lazy: bool,
    /// Exit 1 when a graph changed (in a hook: stage the new graphs and commit again)
    #[arg(long)]
    pub exit_code: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: VisualizeFormat,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VisualizeFormat {
    /// One line per graph.
    Text,
    /// The run report as JSON.
    Json,
}

fn parse_stack(name: &str) -> std::result::Result<Lang, String> {
    Lang::parse(name)
        .ok_or_else(|| format!("unknown stack `{name}` (python, node, go, java, rust)"))
}

/// Writes the graphs and reports them.
pub fn run(ctx: &Context, args: &VisualizeArgs) -> Result<ExitStatus> {
    let repo = ctx.repo().ok();
    let root = repo
        .as_ref()
        .map(|r| r.workdir().to_path_buf())
        .unwrap_or_else(|| ctx.cwd.clone());
    let loaded = ctx.config(&root)?;
    let options = Options {
        modes: args.mode.clone(),
        focus: args.focus.clone(),
        entry: args.entry.clone(),
        reverse: args.reverse,
        depth: args.depth,
        max_nodes: args.max_nodes,
        stack: args.stack,
        layers: args.layers,
    };
    let cache = repo.as_ref().map(|r| visualize::cache_dir(r.git_dir()));
    let report = visualize::run(&root, &loaded.config, &options, args.lazy, cache.as_deref())?;
    let status = if args.exit_code && report.graphs.iter().any(|g| g.changed) {
        ctx.printer.hint(&format!(
            "the graphs changed: stage {} and commit again",
            visualize::GRAPHS_DIR
        ));
        ExitStatus::Blocked
    } else {
        ExitStatus::Ok
    };
    for path in &report.odd_names {
        ctx.printer.warn(&format!(
            "{path}: skipped, the name is not UTF-8 (rename it to see it in the graphs)"
        ));
    }
    for path in &report.oversized {
        ctx.printer.warn(&format!(
            "{path}: skipped, larger than 1 MiB (generated or vendored code?)"
        ));
    }
    let too_big: Vec<_> = report
        .graphs
        .iter()
        .filter(|g| g.too_big_to_render())
        .collect();
    for graph in &too_big {
        ctx.printer.warn(&format!(
            "{}: {} edges, {} KB: Mermaid's default renderer (GitHub's too) stops at {} edges and {} KB",
            graph.path,
            graph.edges,
            graph.bytes / 1000,
            visualize::MERMAID_MAX_EDGES,
            visualize::MERMAID_MAX_TEXT / 1000
        ));
    }
    if !too_big.is_empty() {
        ctx.printer.hint(
            "narrow them with --focus, --depth or --max-nodes, or raise maxEdges/maxTextSize where they are rendered",
        );
    }
    match args.format {
        VisualizeFormat::Json => ctx.printer.data(
            &serde_json::to_string_pretty(&report)
                .map_err(|e| Error::environment("cannot render JSON").caused_by(e))?,
        ),
        VisualizeFormat::Text if report.up_to_date => ctx.printer.info(&format!(
            "graphs up to date: none of the {} source files changed since the last run",
            report.files
        )),
        VisualizeFormat::Text => {
            if report.files == 0 {
                ctx.printer.warn(
                    "no source files found (python, js/ts, go, java, rust): no graphs written",
                );
            }
            if report.graphs.is_empty() {
                return Ok(status);
            }
            let lines: Vec<String> = report
                .graphs
                .iter()
                .map(|g| {
                    if let Some(reason) = &g.skipped {
                        return format!("skipped {}: {reason}", g.path);
                    }
                    let verb = if g.changed { "wrote" } else { "unchanged" };
                    let upward = g
                        .upward_edges
                        .map(|n| format!(", {n} upward across layers"))
                        .unwrap_or_default();
                    format!(
                        "{verb} {} ({} nodes, {} edges{upward})",
                        g.path, g.nodes, g.edges
                    )
                })
                .collect();
            ctx.printer.data(&lines.join("\n"));
        }
    }
    Ok(status)
}
