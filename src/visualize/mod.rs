//! `pactkit visualize`: Mermaid graphs of the code under `docs/architecture/graphs/`, from
//! tree-sitter syntax trees of Python, JS/TS, Go, Java and Rust.
//!
//! Pipeline: [`scan`] picks the files, [`project`] parses them on all cores and resolves
//! imports (per language, in [`lang`]), [`modes`] builds the file, class, call and module
//! graphs, [`graph`] narrows them (`--focus`, `--entry`, `--depth`, `--max-nodes`),
//! [`mermaid`] renders, and [`lazy`] records source hashes beside the graphs so `--lazy`
//! skips a run when nothing changed. Output is sorted and ids are stable, so a graph's
//! diff in a pull request shows only real changes.

pub mod facts;
pub mod graph;
pub mod lang;
pub mod layers;
pub mod lazy;
pub mod mermaid;
pub mod modes;
pub mod project;
pub mod scan;

use crate::config::Config;
use crate::infra::error::{Error, Result};
use crate::stack::Lang;
use graph::{Direction, Graph};
use lang::Grammar;
use modes::{ClassDiagram, Relation};
use project::Project;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where graphs are written, relative to the project root.
pub const GRAPHS_DIR: &str = crate::workflow::schema::GRAPHS_DIR;

/// One kind of graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Mode {
    /// Files and the imports between them (code_graph.mmd)
    File,
    /// Classes, inheritance and composition (class_graph.mmd)
    Class,
    /// Functions and the calls between them (call_graph.mmd)
    Call,
    /// Folders and the imports between them, counted (module_graph.mmd)
    Module,
}

impl Mode {
    /// Every mode, in the order a run without `--mode` writes them.
    pub const ALL: [Mode; 4] = [Mode::File, Mode::Class, Mode::Call, Mode::Module];

    fn name(self) -> &'static str {
        match self {
            Mode::File => "file",
            Mode::Class => "class",
            Mode::Call => "call",
            Mode::Module => "module",
        }
    }
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The graphs to write (empty: all four).
    pub modes: Vec<Mode>,
    /// Narrow to a file, folder, class or function and its neighbours.
    pub focus: Option<String>,
    /// Call graph: start from this function.
    pub entry: Option<String>,
    /// Follow edges backwards (callers, importers).
    pub reverse: bool,
    /// How many hops to keep.
    pub depth: Option<usize>,
    /// Keep at most this many nodes.
    pub max_nodes: Option<usize>,
    /// Read only this stack.
    pub stack: Option<Lang>,
    /// Lay `visualize.layers` over the file graph (upward imports in red).
    pub layers: bool,
}

impl Options {
    fn modes(&self) -> Vec<Mode> {
        if self.modes.is_empty() {
            return Mode::ALL.to_vec();
        }
        let mut modes = self.modes.clone();
        modes.sort_unstable();
        modes.dedup();
        modes
    }

    /// Everything that changes the output, for `--lazy` to compare.
    pub fn fingerprint(&self, config: &Config) -> String {
        format!(
            "pactkit={};modes={:?};focus={:?};entry={:?};reverse={};depth={:?};max={:?};stack={:?};configured_stack={:?};excludes={:?};stubs={:?}",
            env!("CARGO_PKG_VERSION"),
            self.modes(),
            self.focus,
            self.entry,
            self.reverse,
            self.depth,
            self.max_nodes,
            self.stack.map(Lang::name),
            config.stack,
            config.visualize.scan_excludes,
            config.visualize.stub_edges,
        ) + &if self.layers {
            format!(
                ";layers={:?}",
                config
                    .visualize
                    .layers
                    .as_ref()
                    .map(|l| l.iter().map(|x| (&x.name, &x.patterns)).collect::<Vec<_>>())
            )
        } else {
            String::new()
        }
    }

    /// The file a mode's graph is written to (PactKit's names).
    pub fn file_name(&self, mode: Mode) -> String {
        let focus = if self.focus.is_some() { "focus_" } else { "" };
        match mode {
            Mode::File if self.focus.is_some() => "focus_file_graph.mmd".to_owned(),
            Mode::File => "code_graph.mmd".to_owned(),
            Mode::Call if self.reverse => format!("{focus}reverse_call_graph.mmd"),
            mode => format!("{focus}{}_graph.mmd", mode.name()),
        }
    }
}

/// One written graph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    /// Root-relative path of the `.mmd` file.
    pub path: String,
    /// Nodes drawn.
    pub nodes: usize,
    /// Edges drawn.
    pub edges: usize,
    /// Whether the file's content changed.
    pub changed: bool,
    /// With `--layers`, for the file graph: imports from a lower layer up into a higher one.
    pub upward_edges: Option<usize>,
    /// Why the graph was not written (a `--focus` that matches nothing in this mode).
    pub skipped: Option<String>,
    /// The size of the Mermaid text in bytes.
    pub bytes: usize,
}

/// Mermaid's default renderer (GitHub's too) refuses graphs above these.
pub const MERMAID_MAX_EDGES: usize = 500;
/// See [`MERMAID_MAX_EDGES`].
pub const MERMAID_MAX_TEXT: usize = 50_000;

impl Written {
    /// Whether Mermaid's default settings will refuse to render it.
    pub fn too_big_to_render(&self) -> bool {
        self.edges > MERMAID_MAX_EDGES || self.bytes > MERMAID_MAX_TEXT
    }
}

/// One mode's graph, rendered and not yet written.
#[derive(Debug)]
struct Rendered {
    text: String,
    nodes: usize,
    edges: usize,
    upward_edges: Option<usize>,
}

/// What a run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// Source files read.
    pub files: usize,
    /// Files left out for size.
    pub oversized: Vec<String>,
    /// Paths left out because their names are not UTF-8 (shown lossily).
    pub odd_names: Vec<String>,
    /// The graphs written; empty when `--lazy` found nothing to do.
    pub graphs: Vec<Written>,
    /// Set when `--lazy` skipped the run.
    pub up_to_date: bool,
}

/// Runs visualize in `root`. `cache_dir` (inside the git directory) holds `--lazy`'s stat
/// cache; without it `--lazy` hashes every source.
pub fn run(
    root: &Path,
    config: &Config,
    options: &Options,
    lazy_mode: bool,
    cache_dir: Option<&Path>,
) -> Result<Report> {
    validate(options)?;
    let scan = scan::scan(
        root,
        &config.stack,
        &config.visualize.scan_excludes,
        options.stack,
    );
    let graphs_dir = root.join(GRAPHS_DIR);
    // go.mod and tsconfig files decide how imports resolve: they count as options.
    let fingerprint = options.fingerprint(config) + &scan.resolver_fingerprint();
    let mut tracker = lazy::Tracker::new(root, &graphs_dir, cache_dir);
    let sources = tracker.hash_sources(&scan.files);
    if lazy_mode && tracker.up_to_date(&fingerprint, &sources) {
        tracker.save_cache(&sources);
        return Ok(Report {
            files: scan.files.len(),
            oversized: scan.oversized,
            odd_names: lossy(&scan.odd_names),
            graphs: Vec::new(),
            up_to_date: true,
        });
    }
    if let (Some(stack), true) = (options.stack, scan.files.is_empty()) {
        return Err(
            Error::usage(format!("--stack {stack}: no {stack} source files found"))
                .hint("leave --stack out to read every language the project uses"),
        );
    }
    // A repository without code gets no graphs (empty ones would only be noise in a
    // hook that runs on every commit).
    if scan.files.is_empty() {
        return Ok(Report {
            files: 0,
            oversized: scan.oversized,
            odd_names: lossy(&scan.odd_names),
            graphs: Vec::new(),
            up_to_date: false,
        });
    }
    let project = Project::build(root, &scan, &scan.full_index());
    let grammars: BTreeMap<String, Grammar> = scan
        .files
        .iter()
        .map(|f| (f.path.clone(), f.grammar))
        .collect();
    // Every graph is rendered before any is written: an error (a focus or entry that
    // matches nothing) leaves the graphs and the manifest as they were.
    let mut rendered = Vec::new();
    for mode in options.modes() {
        if let Some(graph) = render_mode(mode, &project, &grammars, config, options)? {
            rendered.push((mode, graph));
        }
    }
    if rendered.is_empty() {
        let focus = options.focus.as_deref().unwrap_or_default();
        return Err(Error::usage(format!(
            "focus target `{focus}` matches nothing in any graph (scanned {} files)",
            project.files.len()
        ))
        .hint("--focus takes a file path, a file stem, a folder, a class or a function name"));
    }
    let names: Vec<String> = rendered
        .iter()
        .map(|(mode, _)| options.file_name(*mode))
        .collect();
    let mut graphs = Vec::new();
    for (mode, graph) in rendered {
        let name = options.file_name(mode);
        let path = graphs_dir.join(&name);
        let changed = std::fs::read_to_string(&path).ok().as_deref() != Some(graph.text.as_str());
        if changed {
            write(&path, graph.text.as_bytes())?;
        }
        graphs.push(Written {
            path: format!("{GRAPHS_DIR}/{name}"),
            nodes: graph.nodes,
            edges: graph.edges,
            changed,
            upward_edges: graph.upward_edges,
            skipped: None,
            bytes: graph.text.len(),
        });
    }
    for mode in options.modes() {
        if !graphs
            .iter()
            .any(|g| g.path.ends_with(&options.file_name(mode)))
        {
            graphs.push(Written {
                path: format!("{GRAPHS_DIR}/{}", options.file_name(mode)),
                nodes: 0,
                edges: 0,
                changed: false,
                upward_edges: None,
                skipped: Some(format!(
                    "the focus matches nothing in the {} graph",
                    mode.name()
                )),
                bytes: 0,
            });
        }
    }
    tracker
        .record(&fingerprint, &names, &sources)
        .map_err(|e| io_error(&graphs_dir, e))?;
    Ok(Report {
        files: scan.files.len(),
        oversized: scan.oversized,
        odd_names: lossy(&scan.odd_names),
        graphs,
        up_to_date: false,
    })
}

fn lossy(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

fn validate(options: &Options) -> Result<()> {
    if options.reverse && options.entry.is_none() && options.focus.is_none() {
        return Err(Error::usage(
            "--reverse needs --entry or --focus: it walks backwards from them",
        )
        .hint("e.g. pactkit visualize --mode call --entry main --reverse"));
    }
    if options.entry.is_some() && !options.modes().contains(&Mode::Call) {
        return Err(Error::usage(
            "--entry names a function: it needs --mode call",
        ));
    }
    if options.max_nodes == Some(0) {
        return Err(Error::usage("--max-nodes must be at least 1"));
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        crate::infra::fsx::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    }
    crate::infra::fsx::write_atomic(path, bytes).map_err(|e| io_error(path, e))
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::environment(format!("cannot write {}", path.display())).caused_by(e)
}

/// Builds, narrows and renders one mode; `None` when `--focus` matches nothing in it.
fn render_mode(
    mode: Mode,
    project: &Project,
    grammars: &BTreeMap<String, Grammar>,
    config: &Config,
    options: &Options,
) -> Result<Option<Rendered>> {
    let stubs = config.visualize.stub_edges.clone().unwrap_or_default();
    let (graph, class_diagram) = match mode {
        Mode::File => (modes::file_graph(project), None),
        Mode::Module => (modes::module_graph(project), None),
        Mode::Call => (modes::call_graph(project, grammars, &stubs), None),
        Mode::Class => {
            let diagram = modes::class_diagram(project, grammars);
            (diagram.graph.clone(), Some(diagram))
        }
    };
    let roots = match roots(mode, &graph, project, class_diagram.as_ref(), options)? {
        Roots::All => None,
        Roots::Some(roots) => Some(roots),
        Roots::NoMatch => return Ok(None),
    };
    let (mut selected, mut depths) = select(mode, &graph, roots.as_deref(), options);
    let dropped = options
        .max_nodes
        .map_or(0, |max| selected.cap(max, &mut depths));
    let (nodes, edges) = (selected.nodes.len(), selected.edges.len());
    // Depth layers and fan counts belong to a call graph walked from an entry.
    let entry_walk = mode == Mode::Call && options.entry.is_some();
    let text = match class_diagram {
        Some(diagram) => render_classes(&selected, &diagram, dropped),
        None => {
            let style = mermaid::FlowStyle {
                counts: mode == Mode::Call,
                always_count: mode == Mode::Module,
                depths: if entry_walk { depths } else { None },
                fan: entry_walk,
                reversed: options.reverse,
                dropped,
            };
            mermaid::flowchart(&selected, &style)
        }
    };
    let mut rendered = Rendered {
        text,
        nodes,
        edges,
        upward_edges: None,
    };
    if options.layers && mode == Mode::File {
        let layers = layers::Layers::new(config.visualize.layers.as_deref())?;
        let upward = layers.upward_edges(&selected);
        rendered.text.push_str(&layers.annotate(&upward));
        rendered.upward_edges = Some(upward.len());
    }
    Ok(Some(rendered))
}

/// Where a graph's walk starts.
enum Roots {
    /// No `--focus` or `--entry`: the whole graph.
    All,
    /// The matching nodes.
    Some(Vec<usize>),
    /// `--focus` matches nothing in this graph.
    NoMatch,
}

/// The nodes `--entry` or `--focus` start from; `None` when neither is given.
fn roots(
    mode: Mode,
    graph: &Graph,
    project: &Project,
    diagram: Option<&ClassDiagram>,
    options: &Options,
) -> Result<Roots> {
    if let (Mode::Call, Some(entry)) = (mode, &options.entry) {
        return find_entry(graph, entry).map(|n| Roots::Some(vec![n]));
    }
    let Some(focus) = &options.focus else {
        return Ok(Roots::All);
    };
    let focus = focus
        .strip_prefix("./")
        .unwrap_or(focus)
        .trim_end_matches('/');
    let focused_files: BTreeSet<&str> = project
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| modes::path_matches(p, focus))
        .collect();
    // Functions declared in the focused files, by qualified name.
    let focused_functions: BTreeSet<&str> = project
        .files
        .iter()
        .filter(|f| focused_files.contains(f.path.as_str()))
        .flat_map(|f| f.facts.functions.iter().map(|func| func.qualname.as_str()))
        .collect();
    let matched: Vec<usize> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, node)| match mode {
            // A file also matches when it declares the focused class or function.
            Mode::File => {
                focused_files.contains(node.key.as_str())
                    || project.files[*i]
                        .facts
                        .classes
                        .iter()
                        .any(|c| c.name == focus)
                    || project.files[*i]
                        .facts
                        .functions
                        .iter()
                        .any(|f| f.qualname == focus)
            }
            // A folder matches itself or holds a focused file.
            Mode::Module => {
                modes::path_matches(&node.key, focus)
                    || focused_files
                        .iter()
                        .any(|f| modes::module_key(f) == node.key)
            }
            Mode::Class => {
                node.label == focus
                    || diagram
                        .and_then(|d| d.classes.get(&node.key))
                        .is_some_and(|c| focused_files.contains(c.file.as_str()))
            }
            Mode::Call => {
                node.label == focus
                    || node.label.ends_with(&format!(".{focus}"))
                    || node.label.starts_with(&format!("{focus}."))
                    || match node.key.split_once(':') {
                        Some((path, _)) => focused_files.contains(path),
                        None => focused_functions.contains(node.key.as_str()),
                    }
            }
        })
        .map(|(i, _)| i)
        .collect();
    if matched.is_empty() {
        return Ok(Roots::NoMatch);
    }
    Ok(Roots::Some(matched))
}

/// The entry function: exact name, then a `.name` suffix, then a substring; an error
/// listing candidates when it is missing or ambiguous.
fn find_entry(graph: &Graph, entry: &str) -> Result<usize> {
    let keys: Vec<&str> = graph.nodes.iter().map(|n| n.key.as_str()).collect();
    let suffix = format!(".{entry}");
    let exact: Vec<usize> = (0..keys.len())
        .filter(|i| keys[*i] == entry || keys[*i].ends_with(&format!(":{entry}")))
        .collect();
    let by_suffix: Vec<usize> = (0..keys.len())
        .filter(|i| keys[*i].ends_with(&suffix))
        .collect();
    let by_substring: Vec<usize> = (0..keys.len())
        .filter(|i| keys[*i].contains(entry))
        .collect();
    for found in [exact, by_suffix, by_substring] {
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(*one),
            many => {
                let names: Vec<&str> = many.iter().take(10).map(|i| keys[*i]).collect();
                return Err(Error::usage(format!(
                    "entry `{entry}` is ambiguous: {}",
                    names.join(", ")
                ))
                .hint("give the qualified name (Class.method) or path:name"));
            }
        }
    }
    Err(Error::usage(format!(
        "entry `{entry}` is not a function of the call graph ({} functions)",
        keys.len()
    ))
    .hint("--entry takes a function name, Class.method or path:name"))
}

/// Narrows a graph: from roots (focus/entry) along the chosen direction and depth, or
/// PactKit's `--depth` alone (hops from the nodes nothing points to). Returns the kept
/// graph and, for entry walks, each kept node's distance.
fn select(
    mode: Mode,
    graph: &Graph,
    roots: Option<&[usize]>,
    options: &Options,
) -> (Graph, Option<BTreeMap<usize, usize>>) {
    // An entry walk follows calls forward; a focus shows callers and callees alike.
    let direction = match (options.reverse, mode) {
        (true, _) => Direction::Reverse,
        (false, Mode::Call) if options.entry.is_some() => Direction::Forward,
        (false, _) => Direction::Both,
    };
    let walked = match roots {
        Some(roots) => {
            // An entry walk follows the whole chain; a focus shows the neighbourhood.
            let default_depth = if options.entry.is_some() && mode == Mode::Call {
                None
            } else {
                Some(1)
            };
            graph.walk(roots, direction, options.depth.or(default_depth))
        }
        None => match options.depth {
            Some(depth) => graph.walk(&graph.sources(), Direction::Both, Some(depth)),
            None => return (graph.clone(), None),
        },
    };
    let keep: BTreeSet<usize> = walked.keys().copied().collect();
    let selected = graph.retain(&keep);
    let renumbered: BTreeMap<usize, usize> = keep
        .iter()
        .enumerate()
        .map(|(new, old)| (new, walked[old]))
        .collect();
    (selected, Some(renumbered))
}

/// Renders a class diagram for the selected nodes.
fn render_classes(graph: &Graph, diagram: &ClassDiagram, dropped: usize) -> String {
    let ids = mermaid::ids(graph.nodes.iter().map(|n| n.label.as_str()));
    let mut out = String::from("classDiagram\n");
    for (node, id) in graph.nodes.iter().zip(&ids) {
        let Some(class) = diagram.classes.get(&node.key) else {
            continue;
        };
        let members: Vec<String> = class
            .methods
            .iter()
            .filter_map(|(name, params, public)| member(name, params, *public))
            .collect();
        let annotation = match class.kind {
            None => Some("external"),
            Some(facts::ClassKind::Interface) => Some("interface"),
            Some(facts::ClassKind::Trait) => Some("trait"),
            Some(facts::ClassKind::Enum) => Some("enumeration"),
            Some(facts::ClassKind::Struct) => Some("struct"),
            Some(facts::ClassKind::Class) => None,
        };
        // The block form keeps annotations and members; a name that is not a usable id
        // (a keyword, non-ASCII, shared by two languages) is shown as the label.
        if *id == class.name {
            let _ = writeln!(out, "    class {id} {{");
        } else {
            let _ = writeln!(
                out,
                "    class {id}[\"{}\"] {{",
                mermaid::label(&class.name)
            );
        }
        if let Some(a) = annotation {
            let _ = writeln!(out, "        <<{a}>>");
        }
        for m in &members {
            let _ = writeln!(out, "        {m}");
        }
        out.push_str("    }\n");
    }
    // Mermaid rejects a class diagram with nothing in it.
    if graph.nodes.is_empty() {
        out.push_str("    note \"no classes\"\n");
    }
    if dropped > 0 {
        let _ = writeln!(
            out,
            "    note \"... and {dropped} more classes (use --max-nodes to adjust)\""
        );
    }
    for (from, to) in graph.edges.keys() {
        let relation = diagram
            .relations
            .get(&(graph.nodes[*from].key.clone(), graph.nodes[*to].key.clone()))
            .copied()
            .unwrap_or(Relation::Inherits);
        let arrow = match relation {
            Relation::Inherits => "<|--",
            Relation::Realizes => "<|..",
            Relation::Composes => "*--",
        };
        let _ = writeln!(out, "    {} {arrow} {}", ids[*from], ids[*to]);
    }
    out
}

/// `+name(a, b)`; names and parameters reduced to identifier characters so Mermaid's
/// member grammar accepts them (`*args` → `args`).
fn member(name: &str, params: &[String], public: bool) -> Option<String> {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let name = clean(name);
    if name.is_empty() {
        return None;
    }
    let params: Vec<String> = params
        .iter()
        .map(|p| clean(p))
        .filter(|p| !p.is_empty())
        .collect();
    Some(format!(
        "{}{name}({})",
        if public { '+' } else { '-' },
        params.join(", ")
    ))
}

/// The directory `--lazy` keeps its stat cache in: `<common git dir>/pactkit`.
pub fn cache_dir(common_git_dir: &Path) -> PathBuf {
    common_git_dir.join("pactkit")
}
