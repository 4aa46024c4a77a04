//! `pactkit visualize [--mode M]... [--focus X] [--entry F] [--reverse] [--depth N]
//! [--max-nodes N] [--stack S] [--layers] [--lazy] [--exit-code] [--format text|json]`: write Mermaid
//! graphs of the
//! code (see [`crate::visualize`]). Without `--mode` all four graphs are written (PactKit
//! wrote three and left out the module graph). Text output lists each graph written;
//! JSON prints `{"files", "oversized", "graphs": [{path, nodes, edges, changed}], "up_to_date"}`.

use crate::cli::invocation::Invocation;
use crate::infra::binary::FULL_BINARY;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::stack::Lang;
use crate::visualize::{self, Mode, Options};
use std::ffi::OsString;
use std::path::PathBuf;

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

/// `pactkit visualize` in the lean binary: the process becomes `pactkit-full` on the same
/// command line (beside this binary, else on PATH), so its output, exit code and signals
/// are the command's own.
pub fn hand_over(
    _ctx: &Invocation,
    _args: &VisualizeArgs,
    argv: &[OsString],
) -> Result<ExitStatus> {
    let full = full_binary().ok_or_else(|| {
        Error::environment(format!(
            "`pactkit visualize` is run by the {FULL_BINARY} binary, found neither beside pactkit nor on PATH"
        ))
        .hint("install both binaries: cargo install pactkit (or cargo install --path . in a checkout)")
    })?;
    let mut command = std::process::Command::new(&full);
    command.args(argv.iter().skip(1));
    let cannot_run = |e: std::io::Error| {
        Error::environment(format!("cannot run {}", full.display())).caused_by(e)
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Usage and error messages keep naming the command the user typed.
        if let Some(name) = argv.first() {
            command.arg0(name);
        }
        Err(cannot_run(command.exec()))
    }
    #[cfg(not(unix))]
    {
        let status = command.status().map_err(cannot_run)?;
        Ok(match status.code() {
            Some(0) => ExitStatus::Ok,
            Some(1) => ExitStatus::Blocked,
            Some(2) => ExitStatus::Usage,
            Some(130) => ExitStatus::Interrupted,
            _ => ExitStatus::Environment,
        })
    }
}

/// `pactkit-full` beside the running binary, else the first on PATH.
fn full_binary() -> Option<PathBuf> {
    let name = format!("{FULL_BINARY}{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name(&name))
        .filter(|p| crate::infra::fsx::is_executable(p));
    beside.or_else(|| {
        let path = crate::infra::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(&name))
            .find(|p| crate::infra::fsx::is_executable(p))
    })
}

/// Writes the graphs and reports them.
pub fn run(ctx: &Invocation, args: &VisualizeArgs) -> Result<ExitStatus> {
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
            "{}: skipped, the name is not UTF-8 (rename it to see it in the graphs)",
            crate::infra::output::escape::path(path)
        ));
    }
    for path in &report.oversized {
        ctx.printer.warn(&format!(
            "{}: skipped, larger than 1 MiB (generated or vendored code?)",
            crate::infra::output::escape::path(path)
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
