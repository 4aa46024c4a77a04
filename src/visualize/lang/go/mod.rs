//! Go: reads imports, struct and interface types, functions and methods (with their calls)
//! from a tree-sitter Go syntax tree, and resolves import paths to the package files of
//! the project's own modules (`go.mod`), ignoring the standard library and third parties.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::common::{self, parse_cached, push_unique};
use tree_sitter::{Node, Parser, Tree};

use crate::visualize::facts::{
    Call, CallVia, ClassFacts, ClassKind, FileFacts, FunctionFacts, Import, Method, ProjectIndex,
};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn parse(source: &str) -> Option<Tree> {
    PARSER.with(|slot| parse_cached(slot, || tree_sitter_go::LANGUAGE.into(), source))
}

/// Reads the facts of one Go file. Never fails: a broken file yields what could be read.
pub fn extract(source: &str) -> FileFacts {
    let Some(tree) = parse(source) else {
        return FileFacts::default();
    };
    let mut reader = FileReader::new(source);
    reader.read_declarations(tree.root_node());
    reader.finish()
}

/// Go's predeclared type names: never project types, so never composition candidates.
const PREDECLARED_TYPES: &[&str] = &[
    "any",
    "bool",
    "byte",
    "comparable",
    "complex64",
    "complex128",
    "error",
    "float32",
    "float64",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "rune",
    "string",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
];

/// Methods of one receiver type, in source order.
struct ReceiverMethods {
    type_name: String,
    methods: Vec<Method>,
}

/// The receiver of the method being read: its variable (may be absent) and its type.
struct Receiver<'s> {
    variable: Option<&'s str>,
    type_name: &'s str,
}

struct FileReader<'s> {
    source: &'s str,
    facts: FileFacts,
    /// Methods grouped by receiver type; attached to classes only in `finish`, because a
    /// method may come before its type or belong to a type declared in another file.
    receiver_methods: Vec<ReceiverMethods>,
    receiver_slot: HashMap<String, usize>,
    /// Named types of this file that are neither structs nor interfaces (`type ID string`,
    /// aliases): their methods must not invent a struct.
    non_class_types: HashSet<String>,
}

impl<'s> FileReader<'s> {
    fn new(source: &'s str) -> Self {
        FileReader {
            source,
            facts: FileFacts::default(),
            receiver_methods: Vec::new(),
            receiver_slot: HashMap::new(),
            non_class_types: HashSet::new(),
        }
    }

    fn text(&self, node: Node) -> &'s str {
        node.utf8_text(self.source.as_bytes()).unwrap_or_default()
    }

    fn field_text(&self, node: Node, field: &str) -> Option<&'s str> {
        node.child_by_field_name(field)
            .map(|child| self.text(child))
    }

    /// Top-level declarations; syntax errors may wrap some of them in `ERROR` nodes.
    fn read_declarations(&mut self, parent: Node) {
        let mut cursor = parent.walk();
        for node in parent.named_children(&mut cursor) {
            match node.kind() {
                "import_declaration" => self.read_import_declaration(node),
                "type_declaration" => self.read_type_declaration(node),
                "function_declaration" => self.read_function(node),
                "method_declaration" => self.read_method(node),
                "ERROR" => self.read_declarations(node),
                _ => {}
            }
        }
    }

    fn read_import_declaration(&mut self, declaration: Node) {
        let mut cursor = declaration.walk();
        for child in declaration.named_children(&mut cursor) {
            match child.kind() {
                "import_spec" => self.read_import_spec(child),
                "import_spec_list" => {
                    let mut inner = child.walk();
                    for spec in child.named_children(&mut inner) {
                        if spec.kind() == "import_spec" {
                            self.read_import_spec(spec);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn read_import_spec(&mut self, spec: Node) {
        let Some(path) = self.field_text(spec, "path") else {
            return;
        };
        let target = path.trim_matches(|c| c == '"' || c == '`');
        if !target.is_empty() {
            self.facts.imports.push(Import {
                target: target.to_string(),
                names: Vec::new(),
            });
        }
    }

    fn read_type_declaration(&mut self, declaration: Node) {
        let mut cursor = declaration.walk();
        for spec in declaration.named_children(&mut cursor) {
            match spec.kind() {
                "type_spec" => self.read_type_spec(spec),
                "type_alias" => {
                    if let Some(name) = self.field_text(spec, "name") {
                        self.non_class_types.insert(name.to_string());
                    }
                }
                _ => {}
            }
        }
    }

    fn read_type_spec(&mut self, spec: Node) {
        let (Some(name), Some(body)) = (
            self.field_text(spec, "name"),
            spec.child_by_field_name("type"),
        ) else {
            return;
        };
        let type_parameters = self.type_parameter_names(spec);
        let class = match body.kind() {
            "struct_type" => self.struct_facts(name, body, &type_parameters),
            "interface_type" => self.interface_facts(name, body),
            _ => {
                self.non_class_types.insert(name.to_string());
                return;
            }
        };
        self.facts.classes.push(class);
    }

    fn type_parameter_names(&self, spec: Node) -> HashSet<&'s str> {
        let mut names = HashSet::new();
        let Some(list) = spec.child_by_field_name("type_parameters") else {
            return names;
        };
        let mut cursor = list.walk();
        for declaration in list.named_children(&mut cursor) {
            let mut inner = declaration.walk();
            for name in declaration.children_by_field_name("name", &mut inner) {
                names.insert(self.text(name));
            }
        }
        names
    }

    fn struct_facts(&self, name: &str, body: Node, type_parameters: &HashSet<&str>) -> ClassFacts {
        let mut class = new_class(name, ClassKind::Struct);
        for field in self.struct_fields(body) {
            let Some(field_type) = field.child_by_field_name("type") else {
                continue;
            };
            if field.child_by_field_name("name").is_none() {
                if let Some(base) = self.embedded_type_name(field_type) {
                    push_unique(&mut class.bases, base);
                }
            } else {
                self.collect_type_names(field_type, type_parameters, &mut class.fields);
            }
        }
        class
    }

    fn struct_fields<'t>(&self, struct_type: Node<'t>) -> Vec<Node<'t>> {
        let mut fields = Vec::new();
        let mut cursor = struct_type.walk();
        for list in struct_type.named_children(&mut cursor) {
            if list.kind() == "field_declaration_list" {
                let mut inner = list.walk();
                fields.extend(
                    list.named_children(&mut inner)
                        .filter(|field| field.kind() == "field_declaration"),
                );
            }
        }
        fields
    }

    fn interface_facts(&self, name: &str, body: Node) -> ClassFacts {
        let mut class = new_class(name, ClassKind::Interface);
        let mut cursor = body.walk();
        for element in body.named_children(&mut cursor) {
            match element.kind() {
                "method_elem" => {
                    if let Some(method_name) = self.field_text(element, "name") {
                        class.methods.push(Method {
                            name: method_name.to_string(),
                            params: self.parameter_names(element.child_by_field_name("parameters")),
                            public: is_exported(method_name),
                        });
                    }
                }
                "type_elem" => {
                    if let Some(base) = self.embedded_interface_name(element) {
                        push_unique(&mut class.bases, base);
                    }
                }
                _ => {}
            }
        }
        class
    }

    /// An embedded interface is a type element holding exactly one plain type; unions and
    /// `~T` approximations are constraints, not embedding.
    fn embedded_interface_name(&self, element: Node) -> Option<&'s str> {
        if element.named_child_count() != 1 {
            return None;
        }
        self.embedded_type_name(element.named_child(0)?)
    }

    /// The name an embedded field or interface contributes: `Base`, `*Base`, `pkg.Base`
    /// and `Base[T]` all give `Base`.
    fn embedded_type_name(&self, node: Node) -> Option<&'s str> {
        match node.kind() {
            "type_identifier" => Some(self.text(node)),
            "qualified_type" => self.field_text(node, "name"),
            "generic_type" => self.embedded_type_name(node.child_by_field_name("type")?),
            "pointer_type" | "parenthesized_type" => self.embedded_type_name(node.named_child(0)?),
            _ => None,
        }
    }

    /// Type names a field type holds: pointers, slices, arrays, maps, channels, generic
    /// arguments and anonymous structs are looked through; function and interface types
    /// hold nothing.
    fn collect_type_names(
        &self,
        node: Node,
        type_parameters: &HashSet<&str>,
        out: &mut Vec<String>,
    ) {
        match node.kind() {
            "type_identifier" => {
                let name = self.text(node);
                if !type_parameters.contains(name) && !PREDECLARED_TYPES.contains(&name) {
                    push_unique(out, name);
                }
            }
            "qualified_type" => {
                if let Some(name) = self.field_text(node, "name") {
                    push_unique(out, name);
                }
            }
            "array_type" => {
                if let Some(element) = node.child_by_field_name("element") {
                    self.collect_type_names(element, type_parameters, out);
                }
            }
            "struct_type" => {
                for field in self.struct_fields(node) {
                    if let Some(field_type) = field.child_by_field_name("type") {
                        self.collect_type_names(field_type, type_parameters, out);
                    }
                }
            }
            "generic_type" | "type_arguments" | "type_elem" | "pointer_type" | "slice_type"
            | "map_type" | "channel_type" | "parenthesized_type" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.collect_type_names(child, type_parameters, out);
                }
            }
            _ => {}
        }
    }

    fn parameter_names(&self, list: Option<Node>) -> Vec<String> {
        let mut names = Vec::new();
        let Some(list) = list else {
            return names;
        };
        let mut cursor = list.walk();
        for parameter in list.named_children(&mut cursor) {
            let mut inner = parameter.walk();
            for name in parameter.children_by_field_name("name", &mut inner) {
                names.push(self.text(name).to_string());
            }
        }
        names
    }

    fn read_function(&mut self, declaration: Node) {
        let Some(name) = self.field_text(declaration, "name") else {
            return;
        };
        let calls = self.calls_in(declaration.child_by_field_name("body"), None);
        self.facts.functions.push(FunctionFacts {
            qualname: name.to_string(),
            calls,
        });
    }

    fn read_method(&mut self, declaration: Node) {
        let Some(name) = self.field_text(declaration, "name") else {
            return;
        };
        // Without a readable receiver type the method can only be told apart by its name.
        let receiver = self.receiver_of(declaration);
        let calls = self.calls_in(declaration.child_by_field_name("body"), receiver.as_ref());
        let qualname = match &receiver {
            Some(receiver) => format!("{}.{name}", receiver.type_name),
            None => name.to_string(),
        };
        self.facts.functions.push(FunctionFacts { qualname, calls });
        if let Some(receiver) = receiver {
            let method = Method {
                name: name.to_string(),
                params: self.parameter_names(declaration.child_by_field_name("parameters")),
                public: is_exported(name),
            };
            self.add_receiver_method(receiver.type_name, method);
        }
    }

    fn receiver_of(&self, declaration: Node) -> Option<Receiver<'s>> {
        let list = declaration.child_by_field_name("receiver")?;
        let mut cursor = list.walk();
        let parameter = list
            .named_children(&mut cursor)
            .find(|child| child.kind() == "parameter_declaration")?;
        let type_name = self.embedded_type_name(parameter.child_by_field_name("type")?)?;
        let variable = self
            .field_text(parameter, "name")
            .filter(|variable| *variable != "_");
        Some(Receiver {
            variable,
            type_name,
        })
    }

    fn add_receiver_method(&mut self, type_name: &str, method: Method) {
        if let Some(&slot) = self.receiver_slot.get(type_name) {
            self.receiver_methods[slot].methods.push(method);
            return;
        }
        self.receiver_slot
            .insert(type_name.to_string(), self.receiver_methods.len());
        self.receiver_methods.push(ReceiverMethods {
            type_name: type_name.to_string(),
            methods: vec![method],
        });
    }

    /// Every call in a function body, func literals included (they fold into the function),
    /// ordered by where the called name is written (`a.f().g()` calls `f`, then `g`).
    fn calls_in(&self, body: Option<Node>, receiver: Option<&Receiver>) -> Vec<Call> {
        let mut calls = Vec::new();
        if let Some(body) = body {
            for_each_node(body, |node| match node.kind() {
                "call_expression" => calls.extend(self.call_of(node, receiver)),
                "type_conversion_expression" => calls.extend(self.instantiated_call(node)),
                _ => {}
            });
        }
        calls.sort_by_key(|(position, _)| *position);
        calls.into_iter().map(|(_, call)| call).collect()
    }

    /// The call and the byte offset of the called name.
    fn call_of(&self, call: Node, receiver: Option<&Receiver>) -> Option<(usize, Call)> {
        let mut function = call.child_by_field_name("function")?;
        loop {
            match function.kind() {
                "identifier" => {
                    return Some((function.start_byte(), bare_call(self.text(function))));
                }
                "selector_expression" => return self.selector_call(function, receiver),
                // `F[int]()` (an instantiation) and `(f)()` call what they wrap.
                "index_expression" => function = function.child_by_field_name("operand")?,
                "parenthesized_expression" => function = function.named_child(0)?,
                _ => return None,
            }
        }
    }

    /// `F[int](x)` reads like a conversion to a generic type; for the call graph it is a
    /// call of the generic function `F`.
    fn instantiated_call(&self, conversion: Node) -> Option<(usize, Call)> {
        let generic = conversion
            .child_by_field_name("type")
            .filter(|node| node.kind() == "generic_type")?;
        let function = generic.child_by_field_name("type")?;
        match function.kind() {
            "type_identifier" => Some((function.start_byte(), bare_call(self.text(function)))),
            "qualified_type" => {
                let name = function.child_by_field_name("name")?;
                let call = Call {
                    callee: self.text(name).to_string(),
                    via: CallVia::Qualified(self.field_text(function, "package")?.to_string()),
                };
                Some((name.start_byte(), call))
            }
            _ => None,
        }
    }

    fn selector_call(&self, selector: Node, receiver: Option<&Receiver>) -> Option<(usize, Call)> {
        let operand = selector.child_by_field_name("operand")?;
        let field = selector.child_by_field_name("field")?;
        let method = self.text(field);
        let operand_text = self.text(operand);
        let through_receiver = operand.kind() == "identifier"
            && receiver.is_some_and(|receiver| receiver.variable == Some(operand_text));
        let call = match receiver.filter(|_| through_receiver) {
            Some(receiver) => Call {
                callee: format!("{}.{method}", receiver.type_name),
                via: CallVia::SelfRef,
            },
            None => Call {
                callee: method.to_string(),
                via: CallVia::Qualified(compact(operand_text)),
            },
        };
        Some((field.start_byte(), call))
    }

    /// Attaches receiver methods to the structs and interfaces declared here; receiver types
    /// declared elsewhere in the package get a method-only struct the core merges by name.
    fn finish(mut self) -> FileFacts {
        let mut attached = vec![false; self.receiver_methods.len()];
        for class in &mut self.facts.classes {
            if let Some(&slot) = self.receiver_slot.get(&class.name)
                && !attached[slot]
            {
                attached[slot] = true;
                class
                    .methods
                    .append(&mut self.receiver_methods[slot].methods);
            }
        }
        for (slot, group) in self.receiver_methods.into_iter().enumerate() {
            if attached[slot] || self.non_class_types.contains(&group.type_name) {
                continue;
            }
            let mut class = new_class(&group.type_name, ClassKind::Struct);
            class.methods = group.methods;
            self.facts.classes.push(class);
        }
        self.facts
    }
}

fn bare_call(name: &str) -> Call {
    Call {
        callee: name.to_string(),
        via: CallVia::Bare,
    }
}

fn new_class(name: &str, kind: ClassKind) -> ClassFacts {
    ClassFacts {
        name: name.to_string(),
        kind,
        bases: Vec::new(),
        fields: Vec::new(),
        methods: Vec::new(),
    }
}

/// Go exports identifiers that start with an upper-case letter.
fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

/// Source text with whitespace removed around `.` and other runs collapsed to one space,
/// so a qualifier split over lines reads `a.b`.
fn compact(text: &str) -> String {
    common::squeeze(text, &['.'])
}

/// Visits `root` and all its descendants in source order without recursion, so deeply
/// nested expressions cannot exhaust the stack. A cursor never moves above the node it
/// was made from, so the walk ends there.
fn for_each_node<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Maps Go import paths to the project files of the imported package.
pub struct Resolver {
    /// Module path → directory of its `go.mod` (`""` for the root).
    module_dirs: HashMap<String, String>,
    /// Package directory → its non-test `.go` files, sorted.
    package_files: HashMap<String, Vec<String>>,
}

impl Resolver {
    /// Builds the lookup tables once per run.
    pub fn new(index: &ProjectIndex) -> Resolver {
        let mut module_dirs = HashMap::new();
        for (dir, module) in &index.go_modules {
            let module = module.trim().trim_matches('/');
            if !module.is_empty() {
                module_dirs
                    .entry(module.to_string())
                    .or_insert_with(|| normalise_dir(dir));
            }
        }
        let mut package_files: HashMap<String, Vec<String>> = HashMap::new();
        for file in &index.files {
            if file.ends_with(".go") && !file.ends_with("_test.go") {
                let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
                package_files
                    .entry(dir.to_string())
                    .or_default()
                    .push(file.clone());
            }
        }
        Resolver {
            module_dirs,
            package_files,
        }
    }

    /// The files of the imported package when it belongs to one of the project's modules;
    /// empty for the standard library and third-party packages.
    pub fn resolve(&self, from: &str, import: &Import) -> Vec<String> {
        let Some(dir) = self.package_dir(import.target.trim_matches('/')) else {
            return Vec::new();
        };
        self.package_files
            .get(&dir)
            .map(|files| {
                files
                    .iter()
                    .filter(|file| file.as_str() != from)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The directory of an import path, from the longest module path that prefixes it at
    /// a `/` boundary.
    fn package_dir(&self, path: &str) -> Option<String> {
        let mut prefix = path;
        loop {
            if let Some(module_dir) = self.module_dirs.get(prefix) {
                let rest = path[prefix.len()..].trim_start_matches('/');
                return Some(join_dir(module_dir, rest));
            }
            prefix = prefix.rsplit_once('/')?.0;
        }
    }
}

fn normalise_dir(dir: &str) -> String {
    let segments: Vec<&str> = dir
        .split('/')
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect();
    segments.join("/")
}

fn join_dir(dir: &str, rest: &str) -> String {
    match (dir.is_empty(), rest.is_empty()) {
        (true, _) => normalise_dir(rest),
        (_, true) => dir.to_string(),
        _ => normalise_dir(&format!("{dir}/{rest}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualize::lang::common::testing::{calls, class, method_names, targets};

    fn bare(callee: &str) -> Call {
        Call {
            callee: callee.to_string(),
            via: CallVia::Bare,
        }
    }

    fn self_ref(callee: &str) -> Call {
        Call {
            callee: callee.to_string(),
            via: CallVia::SelfRef,
        }
    }

    fn qualified(qualifier: &str, callee: &str) -> Call {
        Call {
            callee: callee.to_string(),
            via: CallVia::Qualified(qualifier.to_string()),
        }
    }

    #[test]
    fn single_import_gives_the_unquoted_path() {
        let facts = extract("package main\nimport \"example.com/app/store\"\n");
        assert_eq!(targets(&facts), ["example.com/app/store"]);
        assert!(facts.imports[0].names.is_empty());
    }

    #[test]
    fn aliased_import_keeps_the_path() {
        let facts = extract("package main\nimport st \"example.com/app/store\"\n");
        assert_eq!(targets(&facts), ["example.com/app/store"]);
    }

    #[test]
    fn grouped_import_expands_blank_dot_and_raw_paths() {
        let source =
            "package main\nimport (\n\t\"fmt\"\n\t_ \"a/driver\"\n\t. \"a/dsl\"\n\tx `a/raw`\n)\n";
        assert_eq!(
            targets(&extract(source)),
            ["fmt", "a/driver", "a/dsl", "a/raw"]
        );
    }

    #[test]
    fn embedded_fields_become_bases_by_last_segment() {
        let source = "package p\ntype S struct {\n\tBase\n\t*Other\n\tpkg.Remote\n\t*pkg.Pointer\n\tGen[int]\n\tname string\n}\n";
        let facts = extract(source);
        let class = class(&facts, "S");
        assert_eq!(class.kind, ClassKind::Struct);
        assert_eq!(class.bases, ["Base", "Other", "Remote", "Pointer", "Gen"]);
        assert!(class.fields.is_empty());
    }

    #[test]
    fn field_types_are_unwrapped_to_the_names_they_hold() {
        let source = "package p\ntype S struct {\n\titems map[string]*Item\n\trows []store.Row\n\tgrid [4][4]Cell\n\tinbox <-chan Msg\n\tpair Pair[Left, right.Right]\n\tcount, total int\n\tname string `json:\"name\"`\n}\n";
        let facts = extract(source);
        assert_eq!(
            class(&facts, "S").fields,
            ["Item", "Row", "Cell", "Msg", "Pair", "Left", "Right"]
        );
    }

    #[test]
    fn field_types_are_deduplicated_in_source_order() {
        let source = "package p\ntype S struct {\n\ta *Item\n\tb []Item\n\tc Other\n}\n";
        assert_eq!(class(&extract(source), "S").fields, ["Item", "Other"]);
    }

    #[test]
    fn function_types_and_type_parameters_are_not_composition() {
        let source = "package p\ntype List[T any] struct {\n\titems []T\n\tnext *Node[T]\n\tonChange func(Event) Result\n\tsink interface{ Put(Thing) }\n}\n";
        assert_eq!(class(&extract(source), "List").fields, ["Node"]);
    }

    #[test]
    fn anonymous_struct_fields_count_for_the_outer_struct() {
        let source = "package p\ntype S struct {\n\tmeta struct {\n\t\towner *User\n\t}\n}\n";
        assert_eq!(class(&extract(source), "S").fields, ["User"]);
    }

    #[test]
    fn interface_embeds_become_bases_and_method_specs_methods() {
        let source = "package p\ntype RW interface {\n\tReader\n\tio.Writer\n\tFlush(force bool, n int) error\n\tsize() int\n}\n";
        let facts = extract(source);
        let class = class(&facts, "RW");
        assert_eq!(class.kind, ClassKind::Interface);
        assert_eq!(class.bases, ["Reader", "Writer"]);
        assert_eq!(
            class.methods,
            [
                Method {
                    name: "Flush".to_string(),
                    params: vec!["force".to_string(), "n".to_string()],
                    public: true,
                },
                Method {
                    name: "size".to_string(),
                    params: Vec::new(),
                    public: false,
                },
            ]
        );
    }

    #[test]
    fn constraint_unions_are_not_embedding() {
        let source = "package p\ntype Number interface {\n\t~int | ~float64\n}\ntype Both interface {\n\tA | B\n}\n";
        let facts = extract(source);
        assert!(class(&facts, "Number").bases.is_empty());
        assert!(class(&facts, "Both").bases.is_empty());
    }

    #[test]
    fn grouped_type_declarations_are_all_read() {
        let source = "package p\ntype (\n\tA struct{}\n\tB interface{}\n)\n";
        let facts = extract(source);
        let kinds: Vec<_> = facts
            .classes
            .iter()
            .map(|class| (class.name.as_str(), class.kind))
            .collect();
        assert_eq!(
            kinds,
            [("A", ClassKind::Struct), ("B", ClassKind::Interface)]
        );
    }

    #[test]
    fn receiver_methods_attach_to_the_struct_even_before_it() {
        let source = "package p\nfunc (s *Store) Add(item *Item, n int) {}\ntype Store struct{}\nfunc (s Store) count() int { return 0 }\n";
        let facts = extract(source);
        assert_eq!(facts.classes.len(), 1);
        let store = class(&facts, "Store");
        assert_eq!(method_names(store), ["Add", "count"]);
        assert_eq!(store.methods[0].params, ["item", "n"]);
        assert!(store.methods[0].public);
        assert!(!store.methods[1].public);
    }

    #[test]
    fn methods_of_a_type_declared_elsewhere_give_a_method_only_struct() {
        let source = "package p\nfunc (s *Store) index() {}\nfunc (s *Store) Find(id string) {}\n";
        let facts = extract(source);
        assert_eq!(
            facts.classes,
            [ClassFacts {
                name: "Store".to_string(),
                kind: ClassKind::Struct,
                bases: Vec::new(),
                fields: Vec::new(),
                methods: vec![
                    Method {
                        name: "index".to_string(),
                        params: Vec::new(),
                        public: false,
                    },
                    Method {
                        name: "Find".to_string(),
                        params: vec!["id".to_string()],
                        public: true,
                    },
                ],
            }]
        );
    }

    #[test]
    fn generic_receivers_name_the_bare_type() {
        let source = "package p\ntype List[T any] struct{ items []T }\nfunc (l *List[T]) Push(v T) { l.grow() }\nfunc (l *List[T]) grow() {}\n";
        let facts = extract(source);
        assert_eq!(method_names(class(&facts, "List")), ["Push", "grow"]);
        assert_eq!(calls(&facts, "List.Push"), [self_ref("List.grow")]);
    }

    #[test]
    fn named_non_struct_types_and_aliases_are_skipped_with_their_methods() {
        let source = "package p\ntype ID string\ntype Alias = Other\nfunc (id ID) String() string { return string(id) }\nfunc (a Alias) M() {}\n";
        let facts = extract(source);
        assert!(facts.classes.is_empty(), "{:?}", facts.classes);
        let names: Vec<_> = facts
            .functions
            .iter()
            .map(|f| f.qualname.as_str())
            .collect();
        assert_eq!(names, ["ID.String", "Alias.M"]);
    }

    #[test]
    fn functions_and_methods_are_qualified_in_source_order() {
        let source = "package p\nfunc main() {}\nfunc (s *S) Run() {}\nfunc (S) Stop() {}\nfunc helper[T any](v T) {}\n";
        let names: Vec<_> = extract(source)
            .functions
            .into_iter()
            .map(|function| function.qualname)
            .collect();
        assert_eq!(names, ["main", "S.Run", "S.Stop", "helper"]);
    }

    #[test]
    fn variadic_and_grouped_parameters_are_named() {
        let source =
            "package p\ntype S struct{}\nfunc (s S) Log(format string, a, b int, rest ...any) {}\n";
        assert_eq!(
            class(&extract(source), "S").methods[0].params,
            ["format", "a", "b", "rest"]
        );
    }

    #[test]
    fn calls_are_bare_self_or_qualified() {
        let source = "package p\nfunc (s *Store) Add(x Item) {\n\tvalidate(x)\n\ts.index(x)\n\ts.log.Write(\"add\")\n\tfmt.Println(x)\n\tx.Save()\n}\n";
        assert_eq!(
            calls(&extract(source), "Store.Add"),
            [
                bare("validate"),
                self_ref("Store.index"),
                qualified("s.log", "Write"),
                qualified("fmt", "Println"),
                qualified("x", "Save"),
            ]
        );
    }

    #[test]
    fn only_the_receiver_variable_makes_a_self_call() {
        let source = "package p\nfunc (st *Store) A(s *Store) { s.B(); st.C() }\nfunc (_ *Store) D(s *Store) { s.E() }\nfunc (*Store) F(s *Store) { s.G() }\nfunc H(s *Store) { s.I() }\n";
        let facts = extract(source);
        assert_eq!(
            calls(&facts, "Store.A"),
            [qualified("s", "B"), self_ref("Store.C")]
        );
        assert_eq!(calls(&facts, "Store.D"), [qualified("s", "E")]);
        assert_eq!(calls(&facts, "Store.F"), [qualified("s", "G")]);
        assert_eq!(calls(&facts, "H"), [qualified("s", "I")]);
    }

    #[test]
    fn generic_instantiations_call_the_generic_function() {
        let source = "package p\nfunc f() {\n\tMap[int](xs)\n\tPair[int, string]()\n\tslices.Sort[int](xs)\n\tNew[int]()\n\tlist.Make[T]()\n\t[]byte(s)\n}\n";
        assert_eq!(
            calls(&extract(source), "f"),
            [
                bare("Map"),
                bare("Pair"),
                qualified("slices", "Sort"),
                bare("New"),
                qualified("list", "Make"),
            ]
        );
    }

    #[test]
    fn go_defer_and_func_literals_fold_into_the_function() {
        let source = "package p\nfunc f() {\n\tgo worker()\n\tdefer cleanup()\n\tdo := func() { inner() }\n\tdo()\n\tfunc() { now() }()\n}\n";
        assert_eq!(
            calls(&extract(source), "f"),
            [
                bare("worker"),
                bare("cleanup"),
                bare("inner"),
                bare("do"),
                bare("now")
            ]
        );
    }

    #[test]
    fn calls_follow_the_order_the_names_are_written() {
        let source = "package p\nfunc f() { outer(inner()); b.first().second() }\n";
        assert_eq!(
            calls(&extract(source), "f"),
            [
                bare("outer"),
                bare("inner"),
                qualified("b", "first"),
                qualified("b.first()", "second"),
            ]
        );
    }

    #[test]
    fn multi_line_qualifiers_are_compacted() {
        let source = "package p\nfunc f() {\n\tclient.\n\t\tapi.\n\t\tGet()\n}\n";
        assert_eq!(
            calls(&extract(source), "f"),
            [qualified("client.api", "Get")]
        );
    }

    #[test]
    fn top_level_calls_are_ignored() {
        let source = "package p\nvar x = compute()\nvar h = func() { hidden() }\n";
        assert!(extract(source).functions.is_empty());
    }

    #[test]
    fn an_empty_file_has_no_facts() {
        assert_eq!(extract(""), FileFacts::default());
        assert_eq!(extract("package p\n"), FileFacts::default());
    }

    #[test]
    fn a_broken_file_still_yields_what_parses() {
        let source = "package p\nimport \"a/b\"\ntype S struct { x *Item }\nfunc broken( {\nfunc ok() { call() }\n";
        let facts = extract(source);
        assert_eq!(targets(&facts), ["a/b"]);
        assert_eq!(class(&facts, "S").fields, ["Item"]);
    }

    #[test]
    fn non_ascii_identifiers_and_strings_survive() {
        let source = "package p\ntype Größe struct { wert *Maß }\nfunc (g *Größe) Ändern() { g.prüfen(\"ü→✓\") }\n";
        let facts = extract(source);
        let class = class(&facts, "Größe");
        assert_eq!(class.fields, ["Maß"]);
        assert!(class.methods[0].public, "Ä is upper case");
        assert_eq!(calls(&facts, "Größe.Ändern"), [self_ref("Größe.prüfen")]);
    }

    #[test]
    fn compact_drops_whitespace_around_dots_only() {
        assert_eq!(compact("a .\n  b"), "a.b");
        assert_eq!(compact("f(x,  y)"), "f(x, y)");
        assert_eq!(compact("  lead"), "lead");
    }

    fn index(files: &[&str], modules: &[(&str, &str)]) -> ProjectIndex {
        ProjectIndex {
            files: files.iter().map(|file| file.to_string()).collect(),
            go_modules: modules
                .iter()
                .map(|(dir, module)| (dir.to_string(), module.to_string()))
                .collect(),
        }
    }

    fn import(target: &str) -> Import {
        Import {
            target: target.to_string(),
            names: Vec::new(),
        }
    }

    fn project() -> ProjectIndex {
        index(
            &[
                "main.go",
                "root.go",
                "internal/store/store.go",
                "internal/store/index.go",
                "internal/store/store_test.go",
                "internal/store/sub/deep.go",
                "internal/store/README.md",
                "tools/gen/gen.go",
                "tools/tool.go",
            ],
            &[
                ("", "example.com/shop"),
                ("tools", "example.com/shop/tools"),
            ],
        )
    }

    #[test]
    fn resolves_a_package_to_its_direct_non_test_files() {
        let resolver = Resolver::new(&project());
        assert_eq!(
            resolver.resolve("main.go", &import("example.com/shop/internal/store")),
            ["internal/store/index.go", "internal/store/store.go"]
        );
    }

    #[test]
    fn the_module_path_itself_is_the_root_package() {
        let resolver = Resolver::new(&project());
        assert_eq!(
            resolver.resolve("internal/store/store.go", &import("example.com/shop")),
            ["main.go", "root.go"]
        );
    }

    #[test]
    fn the_importing_file_is_never_a_target() {
        let resolver = Resolver::new(&project());
        assert_eq!(
            resolver.resolve("root.go", &import("example.com/shop")),
            ["main.go"]
        );
    }

    #[test]
    fn the_longest_module_path_wins() {
        let resolver = Resolver::new(&project());
        assert_eq!(
            resolver.resolve("main.go", &import("example.com/shop/tools/gen")),
            ["tools/gen/gen.go"]
        );
        assert_eq!(
            resolver.resolve("main.go", &import("example.com/shop/tools")),
            ["tools/tool.go"]
        );
    }

    #[test]
    fn module_prefixes_only_match_at_a_slash() {
        let resolver = Resolver::new(&project());
        assert!(
            resolver
                .resolve("main.go", &import("example.com/shopping/store"))
                .is_empty()
        );
    }

    #[test]
    fn stdlib_third_party_and_missing_packages_resolve_to_nothing() {
        let resolver = Resolver::new(&project());
        for target in [
            "fmt",
            "net/http",
            "github.com/x/y",
            "example.com/shop/missing",
            "",
        ] {
            assert!(
                resolver.resolve("main.go", &import(target)).is_empty(),
                "{target}"
            );
        }
    }

    #[test]
    fn modules_in_subdirectories_map_to_their_directory() {
        let index = index(
            &[
                "svc/api/cmd/main.go",
                "svc/api/handler/h.go",
                "svc/api/handler/h2.go",
            ],
            &[("./svc/api/", "corp.io/api")],
        );
        assert_eq!(
            Resolver::new(&index).resolve("svc/api/cmd/main.go", &import("corp.io/api/handler")),
            ["svc/api/handler/h.go", "svc/api/handler/h2.go"]
        );
    }

    #[test]
    fn without_modules_nothing_resolves() {
        let index = index(&["a/a.go", "b/b.go"], &[]);
        assert!(
            Resolver::new(&index)
                .resolve("a/a.go", &import("b"))
                .is_empty()
        );
    }
}
