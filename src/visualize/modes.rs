//! The four graphs, built from the parsed [`Project`]: files and their imports, classes
//! with inheritance and composition, functions and their calls, folders (modules) and the
//! imports between them. Each builder returns a [`Graph`] (or a class diagram) that
//! `select` narrows and `mermaid` renders; node order is sorted by key, so output is stable.

use super::facts::{CallVia, ClassFacts, ClassKind, FunctionFacts};
use super::graph::{Graph, Node};
use super::lang::Grammar;
use super::project::Project;
use std::collections::{BTreeMap, BTreeSet};

/// Whether `path` matches a `--focus` value: the path itself, a path ending in
/// `/<focus>`, a file whose stem is `<focus>`, or a file inside the folder `<focus>`.
pub fn path_matches(path: &str, focus: &str) -> bool {
    let focus = focus.trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    path == focus
        || path.ends_with(&format!("/{focus}"))
        || stem == focus
        || path.starts_with(&format!("{focus}/"))
        || path.contains(&format!("/{focus}/"))
}

/// Files as nodes, imports as edges.
pub fn file_graph(project: &Project) -> Graph {
    let mut graph = Graph::default();
    for file in &project.files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        graph.nodes.push(Node {
            key: file.path.clone(),
            label: name.to_owned(),
            href: Some(file.path.clone()),
        });
    }
    for (from, file) in project.files.iter().enumerate() {
        let targets: BTreeSet<usize> = file.imports.iter().copied().collect();
        for to in targets {
            graph.link(from, to);
        }
    }
    graph
}

/// The folder a file belongs to; `""` for the root.
fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Folders as nodes, imports between folders as counted edges.
pub fn module_graph(project: &Project) -> Graph {
    let folders: BTreeSet<&str> = project.files.iter().map(|f| folder(&f.path)).collect();
    let position: BTreeMap<&str, usize> =
        folders.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let mut graph = Graph::default();
    for dir in &folders {
        graph.nodes.push(Node {
            key: if dir.is_empty() {
                "root".into()
            } else {
                (*dir).to_owned()
            },
            label: if dir.is_empty() {
                "root".into()
            } else {
                (*dir).to_owned()
            },
            href: Some(if dir.is_empty() {
                "./".into()
            } else {
                format!("{dir}/")
            }),
        });
    }
    for file in &project.files {
        let from = position[folder(&file.path)];
        for group in &file.import_groups {
            let targets: BTreeSet<usize> = group
                .iter()
                .map(|t| position[folder(&project.files[*t].path)])
                .collect();
            for to in targets {
                graph.link(from, to);
            }
        }
    }
    graph
}

/// Languages whose classes may not share a name within one family's namespace.
fn family(grammar: Grammar) -> u8 {
    grammar.stack() as u8
}

/// A class being collected: its node, bases and composition candidates.
type Collected = (ClassNode, Vec<String>, Vec<String>);

/// One class of the class diagram, merged over its declarations.
#[derive(Debug, Clone)]
pub struct ClassNode {
    /// The declared name.
    pub name: String,
    /// Its kind; `None` for an external base (declared outside the project).
    pub kind: Option<ClassKind>,
    /// Where it is declared (first declaration).
    pub file: String,
    /// Methods: (name, params, public), first declaration of a name wins.
    pub methods: Vec<(String, Vec<String>, bool)>,
}

/// How two classes relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// `Base <|-- Sub`.
    Inherits,
    /// `Interface <|.. Impl`.
    Realizes,
    /// `Owner *-- Part`.
    Composes,
}

/// The class diagram: nodes in a [`Graph`] (for selection) plus class details and the
/// relation kind of each edge, keyed by class keys so they survive renumbering.
#[derive(Debug, Clone, Default)]
pub struct ClassDiagram {
    /// Classes as nodes; an edge points from the base or owner to the sub or part, as
    /// Mermaid draws it.
    pub graph: Graph,
    /// Details by node key.
    pub classes: BTreeMap<String, ClassNode>,
    /// Relation kinds by (from key, to key).
    pub relations: BTreeMap<(String, String), Relation>,
}

/// Classes, inheritance and composition. Go and Rust types declared in several files (a
/// Go type's methods spread over its package, Rust `impl` blocks in other modules) merge
/// by name; in other languages the first declaration of a name wins, as in PactKit.
pub fn class_diagram(project: &Project, grammars: &BTreeMap<String, Grammar>) -> ClassDiagram {
    let mut declared: BTreeMap<(u8, String), Collected> = BTreeMap::new();
    for file in &project.files {
        let grammar = grammars[&file.path];
        let merges = matches!(grammar, Grammar::Go | Grammar::Rust);
        for class in &file.facts.classes {
            let key = (family(grammar), class.name.clone());
            match declared.get_mut(&key) {
                Some(existing) if merges => merge_class(existing, class),
                Some(_) => {}
                None => {
                    declared.insert(
                        key,
                        (
                            new_class_node(class, &file.path),
                            class.bases.clone(),
                            class.fields.clone(),
                        ),
                    );
                }
            }
        }
    }
    let mut diagram = ClassDiagram::default();
    let node_key = |family: u8, name: &str, families: &BTreeSet<u8>| {
        if families.len() > 1 {
            format!("{name}@{family}")
        } else {
            name.to_owned()
        }
    };
    let mut families_of: BTreeMap<String, BTreeSet<u8>> = BTreeMap::new();
    for (family, name) in declared.keys() {
        families_of.entry(name.clone()).or_default().insert(*family);
    }
    let mut edges = Vec::new();
    for ((fam, name), (node, bases, fields)) in &declared {
        let key = node_key(*fam, name, &families_of[name]);
        for base in bases {
            let base_key = match declared.get(&(*fam, base.clone())) {
                Some(_) => node_key(*fam, base, &families_of[base]),
                None => external_base(&mut diagram.classes, base),
            };
            let realizes = declared
                .get(&(*fam, base.clone()))
                .is_some_and(|(b, _, _)| {
                    matches!(b.kind, Some(ClassKind::Interface | ClassKind::Trait))
                });
            edges.push((
                base_key,
                key.clone(),
                if realizes {
                    Relation::Realizes
                } else {
                    Relation::Inherits
                },
            ));
        }
        for part in fields {
            if part != name && declared.contains_key(&(*fam, part.clone())) {
                edges.push((
                    key.clone(),
                    node_key(*fam, part, &families_of[part]),
                    Relation::Composes,
                ));
            }
        }
        diagram.classes.insert(key, node.clone());
    }
    for (key, class) in &diagram.classes {
        diagram.graph.nodes.push(Node {
            key: key.clone(),
            label: class.name.clone(),
            href: None,
        });
    }
    let position: BTreeMap<String, usize> = diagram
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key.clone(), i))
        .collect();
    for (from, to, relation) in edges {
        // Inheritance wins over composition when a type both extends and holds another.
        let entry = diagram
            .relations
            .entry((from.clone(), to.clone()))
            .or_insert(relation);
        *entry = (*entry).min(relation);
        diagram.graph.link(position[&from], position[&to]);
    }
    diagram
}

fn new_class_node(class: &ClassFacts, file: &str) -> ClassNode {
    let mut node = ClassNode {
        name: class.name.clone(),
        kind: Some(class.kind),
        file: file.to_owned(),
        methods: Vec::new(),
    };
    add_methods(&mut node, class);
    node
}

fn add_methods(node: &mut ClassNode, class: &ClassFacts) {
    for method in &class.methods {
        if !node.methods.iter().any(|(name, _, _)| *name == method.name) {
            node.methods
                .push((method.name.clone(), method.params.clone(), method.public));
        }
    }
}

fn merge_class(existing: &mut Collected, class: &ClassFacts) {
    let (node, bases, fields) = existing;
    // A Go/Rust file holding only methods of a type reports it as a Struct; a real
    // declaration (interface, trait, enum) elsewhere says what it is.
    if class.kind != ClassKind::Struct {
        node.kind = Some(class.kind);
    }
    add_methods(node, class);
    for base in &class.bases {
        if !bases.contains(base) {
            bases.push(base.clone());
        }
    }
    for field in &class.fields {
        if !fields.contains(field) {
            fields.push(field.clone());
        }
    }
}

/// Registers a base class the project does not declare (a library's `Exception`,
/// `BaseModel`) so the inheritance stays visible; returns its key.
fn external_base(classes: &mut BTreeMap<String, ClassNode>, base: &str) -> String {
    let key = format!("{base}@external");
    classes.entry(key.clone()).or_insert_with(|| ClassNode {
        name: base.to_owned(),
        kind: None,
        file: String::new(),
        methods: Vec::new(),
    });
    key
}

/// One function of the call graph.
struct Function<'p> {
    qualname: &'p str,
    file: usize,
    facts: &'p FunctionFacts,
}

/// Functions as nodes, resolved calls as edges, plus `visualize.stub_edges` and PactKit's
/// virtual edges from a base method to each override.
pub fn call_graph(
    project: &Project,
    grammars: &BTreeMap<String, Grammar>,
    stub_edges: &[String],
) -> Graph {
    let mut functions: Vec<Function<'_>> = Vec::new();
    for (file, parsed) in project.files.iter().enumerate() {
        for facts in &parsed.facts.functions {
            functions.push(Function {
                qualname: &facts.qualname,
                file,
                facts,
            });
        }
    }
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_last: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in functions.iter().enumerate() {
        by_name.entry(f.qualname).or_default().push(i);
        by_last.entry(last_segment(f.qualname)).or_default().push(i);
    }
    let keys = function_keys(project, &functions, &by_name);
    // Redefinitions (Java overloads, a Python function defined twice) share one node.
    let unique: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    let mut graph = Graph::default();
    let mut index_of: BTreeMap<&str, usize> = BTreeMap::new();
    for key in unique {
        index_of.insert(key, graph.nodes.len());
        graph.nodes.push(Node {
            key: key.to_owned(),
            label: key.to_owned(),
            href: None,
        });
    }
    let node_of: Vec<usize> = keys.iter().map(|k| index_of[k.as_str()]).collect();
    let lookup = Lookup {
        project,
        functions: &functions,
        by_name: &by_name,
        by_last: &by_last,
        grammars,
        bases: class_bases(project),
        node_of: &node_of,
    };
    for (i, function) in functions.iter().enumerate() {
        for call in &function.facts.calls {
            if let Some(target) =
                lookup.resolve(function.file, function.qualname, &call.callee, &call.via)
            {
                graph.link(node_of[i], node_of[target]);
            }
        }
    }
    add_override_edges(project, &by_name, &node_of, &mut graph);
    let by_key: BTreeMap<String, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key.clone(), i))
        .collect();
    for stub in stub_edges {
        if let Some((from, to)) = stub.split_once("->") {
            let find = |name: &str| {
                by_key.get(name.trim()).copied().or_else(|| {
                    by_name
                        .get(name.trim())
                        .and_then(|c| c.first())
                        .map(|f| node_of[*f])
                })
            };
            if let (Some(a), Some(b)) = (find(from), find(to)) {
                graph.link(a, b);
            }
        }
    }
    graph
}

/// Constructors initialise, they do not override: no virtual edge for them.
fn is_constructor(class: &str, method: &str) -> bool {
    matches!(method, "__init__" | "__new__" | "constructor" | "new") || method == class
}

fn class_bases(project: &Project) -> BTreeMap<&str, Vec<String>> {
    let mut bases: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for file in &project.files {
        for class in &file.facts.classes {
            bases
                .entry(class.name.as_str())
                .or_default()
                .extend(class.bases.iter().cloned());
        }
    }
    bases
}

fn last_segment(qualname: &str) -> &str {
    qualname.rsplit('.').next().unwrap_or(qualname)
}

/// Node keys: the qualified name, or `path:qualname` when several files declare it.
fn function_keys(
    project: &Project,
    functions: &[Function<'_>],
    by_name: &BTreeMap<&str, Vec<usize>>,
) -> Vec<String> {
    functions
        .iter()
        .map(|f| {
            let files: BTreeSet<usize> = by_name[f.qualname]
                .iter()
                .map(|i| functions[*i].file)
                .collect();
            if files.len() > 1 {
                format!("{}:{}", project.files[f.file].path, f.qualname)
            } else {
                f.qualname.to_owned()
            }
        })
        .collect()
}

/// Call-target lookup tables.
struct Lookup<'a, 'p> {
    project: &'a Project,
    functions: &'a [Function<'p>],
    by_name: &'a BTreeMap<&'p str, Vec<usize>>,
    by_last: &'a BTreeMap<&'p str, Vec<usize>>,
    grammars: &'a BTreeMap<String, Grammar>,
    /// Class name → the bases any declaration of it names.
    bases: BTreeMap<&'p str, Vec<String>>,
    /// Function → its node (redefinitions share one).
    node_of: &'a [usize],
}

impl Lookup<'_, '_> {
    /// The function a call from `caller` (in `file`) reaches, when it can be told: the
    /// same file first, then the files the caller imports, then a unique match in the
    /// caller's language; ambiguous calls get no edge rather than a guessed one (PactKit
    /// picked one at random).
    fn resolve(&self, file: usize, caller: &str, callee: &str, via: &CallVia) -> Option<usize> {
        match via {
            CallVia::SelfRef => self
                .by_name
                .get(callee)
                .and_then(|c| self.pick(file, c))
                .or_else(|| self.inherited(file, callee)),
            // A bare name may be a statically imported method (`of()` → `Money.of`).
            CallVia::Bare => self
                .by_name
                .get(callee)
                .and_then(|c| self.pick(file, c))
                .or_else(|| self.pick(file, self.by_last.get(callee)?)),
            CallVia::Qualified(qualifier) => {
                self.resolve_qualified(file, caller, qualifier, callee)
            }
        }
    }

    /// `super().m()`: the caller's bases; `Type.m()` / `Type::m()` / `Type().m()` (a
    /// capitalised qualifier names a type): that type's method or nothing, so `Box::new`
    /// never lands on a project `new`; `obj.m()` / `pkg.f()`: the one function named `m`
    /// the caller can see.
    fn resolve_qualified(
        &self,
        file: usize,
        caller: &str,
        qualifier: &str,
        callee: &str,
    ) -> Option<usize> {
        // `OrderService().place()` goes through the class; `a.b().c()` through `a.b`.
        let qualifier = qualifier.split('(').next().unwrap_or(qualifier);
        let last = qualifier.rsplit(['.', ':']).next().unwrap_or(qualifier);
        if matches!(last, "super" | "super()") {
            let (owner, _) = caller.rsplit_once('.')?;
            return self.inherited(file, &format!("{owner}.{callee}"));
        }
        let qualified = format!("{last}.{callee}");
        if let Some(found) = self
            .by_name
            .get(qualified.as_str())
            .and_then(|c| self.pick(file, c))
        {
            return Some(found);
        }
        // A capitalised name or `path::Type` is a type; `x.Field` (Go's exported fields)
        // is a value.
        if last.starts_with(|c: char| c.is_uppercase()) && !qualifier.contains('.') {
            return self.inherited(file, &qualified);
        }
        self.pick(file, self.by_last.get(callee)?)
    }

    /// `Type.m` that `Type` does not declare: the first base (breadth first, a few
    /// levels) that does.
    fn inherited(&self, file: usize, qualified: &str) -> Option<usize> {
        let (type_name, method) = qualified.rsplit_once('.')?;
        let mut frontier = vec![type_name.to_owned()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for name in &frontier {
                for base in self.bases.get(name.as_str()).into_iter().flatten() {
                    let candidate = format!("{base}.{method}");
                    if let Some(found) = self
                        .by_name
                        .get(candidate.as_str())
                        .and_then(|c| self.pick(file, c))
                    {
                        return Some(found);
                    }
                    next.push(base.clone());
                }
            }
            frontier = next;
        }
        None
    }

    /// The one node among `candidates` the caller means: a unique candidate in its own
    /// file, else a unique one among the files it imports, else the only one in its
    /// language. Candidates that share a node (redefinitions) count once.
    fn pick(&self, file: usize, candidates: &[usize]) -> Option<usize> {
        let caller_family = family(self.grammars[&self.project.files[file].path]);
        let same_lang: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|c| {
                family(self.grammars[&self.project.files[self.functions[*c].file].path])
                    == caller_family
            })
            .collect();
        let imports = &self.project.files[file].imports;
        let tiers: [&dyn Fn(usize) -> bool; 3] = [
            &|c| self.functions[c].file == file,
            &|c| imports.contains(&self.functions[c].file),
            &|_| true,
        ];
        for in_tier in tiers {
            let nodes: BTreeSet<usize> = same_lang
                .iter()
                .copied()
                .filter(|c| in_tier(*c))
                .map(|c| self.node_of[c])
                .collect();
            match nodes.len() {
                0 => continue,
                1 => return same_lang.iter().copied().find(|c| in_tier(*c)),
                _ => return None,
            }
        }
        None
    }
}

/// `Base.m → Sub.m` for every method a class overrides from a base it names.
fn add_override_edges(
    project: &Project,
    by_name: &BTreeMap<&str, Vec<usize>>,
    node_of: &[usize],
    graph: &mut Graph,
) {
    for file in &project.files {
        for class in &file.facts.classes {
            for base in &class.bases {
                for method in class
                    .methods
                    .iter()
                    .filter(|m| !is_constructor(&class.name, &m.name))
                {
                    let base_fn = by_name.get(format!("{base}.{}", method.name).as_str());
                    let sub_fn = by_name.get(format!("{}.{}", class.name, method.name).as_str());
                    if let (Some([b, ..]), Some([s, ..])) =
                        (base_fn.map(Vec::as_slice), sub_fn.map(Vec::as_slice))
                    {
                        graph.link(node_of[*b], node_of[*s]);
                    }
                }
            }
        }
    }
}
