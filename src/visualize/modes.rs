//! The four graphs, built from the parsed [`Project`]: files and their imports, classes
//! with inheritance and composition, functions and their calls, folders (modules) and the
//! imports between them. Each builder returns a [`Graph`] (or a class diagram) that
//! `select` narrows and `mermaid` renders; node order is sorted by key, so output is stable.

use super::facts::{CallVia, ClassFacts, ClassKind, FunctionFacts};
use super::graph::{Graph, Node};
use super::lang::Grammar;
use super::project::Project;
use super::scan::folder;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// The module-graph node key of the folder holding `path` (`root` for the top folder).
pub fn module_key(path: &str) -> &str {
    match folder(path) {
        "" => "root",
        dir => dir,
    }
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
    let keys = function_keys(project, &functions);
    // Redefinitions (Java overloads, a Python function defined twice) share one node.
    let unique: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    let mut graph = Graph::default();
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    for key in unique {
        index_of.insert(key, graph.nodes.len());
        graph.nodes.push(Node {
            key: key.to_owned(),
            label: key.to_owned(),
            href: None,
        });
    }
    let node_of: Vec<usize> = keys.iter().map(|k| index_of[k.as_str()]).collect();
    let lookup = Lookup::new(project, grammars, &functions, &node_of);
    for (i, function) in functions.iter().enumerate() {
        for call in &function.facts.calls {
            if let Some(target) =
                lookup.resolve(function.file, function.qualname, &call.callee, &call.via)
            {
                graph.link(node_of[i], target);
            }
        }
    }
    add_override_edges(project, &lookup.first_node, &mut graph);
    for stub in stub_edges {
        if let Some((from, to)) = stub.split_once("->") {
            let find = |name: &str| {
                let name = name.trim();
                index_of
                    .get(name)
                    .copied()
                    .or_else(|| lookup.first_node.get(name).copied())
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

fn class_bases(project: &Project) -> HashMap<&str, Vec<String>> {
    let mut bases: HashMap<&str, Vec<String>> = HashMap::new();
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
fn function_keys(project: &Project, functions: &[Function<'_>]) -> Vec<String> {
    // qualname → (first file declaring it, whether another file does too)
    let mut files: HashMap<&str, (usize, bool)> = HashMap::new();
    for f in functions {
        let entry = files.entry(f.qualname).or_insert((f.file, false));
        entry.1 |= entry.0 != f.file;
    }
    functions
        .iter()
        .map(|f| {
            if files[f.qualname].1 {
                format!("{}:{}", project.files[f.file].path, f.qualname)
            } else {
                f.qualname.to_owned()
            }
        })
        .collect()
}

/// Up to two distinct nodes: enough to tell "exactly one" from "several".
#[derive(Debug, Default, Clone)]
struct Few(Vec<usize>);

impl Few {
    fn add(&mut self, node: usize) {
        if self.0.len() < 2 && !self.0.contains(&node) {
            self.0.push(node);
        }
    }

    fn one(&self) -> Option<usize> {
        match self.0.as_slice() {
            [node] => Some(*node),
            _ => None,
        }
    }
}

/// Where a name is declared: per file, and per language across the project.
#[derive(Debug, Default)]
struct NameIndex<'p> {
    in_file: HashMap<(usize, &'p str), Few>,
    in_family: HashMap<(u8, &'p str), Few>,
}

impl<'p> NameIndex<'p> {
    fn add(&mut self, file: usize, family: u8, name: &'p str, node: usize) {
        self.in_file.entry((file, name)).or_default().add(node);
        self.in_family.entry((family, name)).or_default().add(node);
    }
}

/// Call-target lookup tables, built once: every lookup costs a few hash probes plus one
/// per file the caller imports, whatever the size of the project.
struct Lookup<'p> {
    /// Each file's language family.
    family: Vec<u8>,
    /// Each file's imported files, deduplicated.
    imports: Vec<Vec<usize>>,
    /// By qualified name (`Type.m`, `f`).
    exact: NameIndex<'p>,
    /// By last segment (`m`).
    last: NameIndex<'p>,
    /// Qualified name → the node of its first declaration (stub and override edges).
    first_node: HashMap<&'p str, usize>,
    /// Class name → the bases any declaration of it names.
    bases: HashMap<&'p str, Vec<String>>,
}

impl<'p> Lookup<'p> {
    fn new(
        project: &'p Project,
        grammars: &BTreeMap<String, Grammar>,
        functions: &[Function<'p>],
        node_of: &[usize],
    ) -> Lookup<'p> {
        let family: Vec<u8> = project
            .files
            .iter()
            .map(|f| grammars.get(&f.path).map_or(u8::MAX, |g| family(*g)))
            .collect();
        let imports = project
            .files
            .iter()
            .map(|f| {
                let mut imports = f.imports.clone();
                imports.sort_unstable();
                imports.dedup();
                imports
            })
            .collect();
        let mut lookup = Lookup {
            family,
            imports,
            exact: NameIndex::default(),
            last: NameIndex::default(),
            first_node: HashMap::new(),
            bases: class_bases(project),
        };
        for (f, node) in functions.iter().zip(node_of) {
            let fam = lookup.family[f.file];
            lookup.exact.add(f.file, fam, f.qualname, *node);
            lookup
                .last
                .add(f.file, fam, last_segment(f.qualname), *node);
            lookup.first_node.entry(f.qualname).or_insert(*node);
        }
        lookup
    }

    /// The node a call from `caller` (in `file`) reaches, when it can be told: the same
    /// file first, then the files the caller imports, then a unique match in the caller's
    /// language; ambiguous calls get no edge rather than a guessed one (PactKit picked one
    /// at random).
    fn resolve(&self, file: usize, caller: &str, callee: &str, via: &CallVia) -> Option<usize> {
        match via {
            CallVia::SelfRef => self
                .pick(file, &self.exact, callee)
                .or_else(|| self.inherited(file, callee)),
            // A bare name may be a statically imported method (`of()` → `Money.of`).
            CallVia::Bare => self
                .pick(file, &self.exact, callee)
                .or_else(|| self.pick(file, &self.last, callee)),
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
        if let Some(found) = self.pick(file, &self.exact, &qualified) {
            return Some(found);
        }
        // A capitalised name or `path::Type` is a type; `x.Field` (Go's exported fields)
        // is a value.
        if last.starts_with(|c: char| c.is_uppercase()) && !qualifier.contains('.') {
            return self.inherited(file, &qualified);
        }
        self.pick(file, &self.last, callee)
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
                    if let Some(found) = self.pick(file, &self.exact, &candidate) {
                        return Some(found);
                    }
                    next.push(base.clone());
                }
            }
            frontier = next;
        }
        None
    }

    /// The one node declared as `name` the caller means: the only one in its own file,
    /// else the only one among the files it imports, else the only one in its language.
    /// Several at the first level that has any: no edge.
    fn pick(&self, file: usize, index: &NameIndex<'_>, name: &str) -> Option<usize> {
        if let Some(local) = index.in_file.get(&(file, name)) {
            return local.one();
        }
        let family = self.family[file];
        let mut imported = Few::default();
        for target in &self.imports[file] {
            if self.family[*target] != family {
                continue;
            }
            for node in index
                .in_file
                .get(&(*target, name))
                .map(|f| f.0.as_slice())
                .unwrap_or_default()
            {
                imported.add(*node);
            }
        }
        if !imported.0.is_empty() {
            return imported.one();
        }
        index.in_family.get(&(family, name)).and_then(Few::one)
    }
}

/// `Base.m → Sub.m` for every method a class overrides from a base it names.
fn add_override_edges(project: &Project, first_node: &HashMap<&str, usize>, graph: &mut Graph) {
    for file in &project.files {
        for class in &file.facts.classes {
            for base in &class.bases {
                for method in class
                    .methods
                    .iter()
                    .filter(|m| !is_constructor(&class.name, &m.name))
                {
                    let base_fn = first_node.get(format!("{base}.{}", method.name).as_str());
                    let sub_fn = first_node.get(format!("{}.{}", class.name, method.name).as_str());
                    if let (Some(b), Some(s)) = (base_fn, sub_fn) {
                        graph.link(*b, *s);
                    }
                }
            }
        }
    }
}
