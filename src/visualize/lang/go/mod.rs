//! Go: reads imports, struct and interface types, functions and methods (with their calls)
//! from a tree-sitter Go syntax tree, and resolves import paths to the package files of
//! the project's own modules (`go.mod`), ignoring the standard library and third parties.

use std::collections::{HashMap, HashSet};

use super::Grammar;
use super::common::{self, push_unique};
use tree_sitter::Node;

use crate::visualize::facts::{
    Call, CallVia, ClassFacts, ClassKind, FileFacts, FunctionFacts, Import, Method, ProjectIndex,
};

/// Reads the facts of one Go file. Never fails: a broken file yields what could be read.
pub fn extract(source: &str) -> FileFacts {
    common::extract(Grammar::Go, source, |root| {
        let mut reader = FileReader::new(source);
        reader.read_declarations(root);
        reader.finish()
    })
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
                let fields = &mut class.fields;
                common::collect_type_names(field_type, type_parameters, fields, |node, inner| {
                    self.type_name_part(node, inner)
                });
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

    /// What a node of a field type contributes to the type names it holds (see
    /// [`common::collect_type_names`]): pointers, slices, arrays, maps, channels, generic
    /// arguments and anonymous structs are looked through; predeclared types name nothing;
    /// function and interface types hold nothing.
    fn type_name_part<'t>(&self, node: Node<'t>, inner: &mut Vec<Node<'t>>) -> Option<&'s str> {
        match node.kind() {
            "type_identifier" => {
                let name = self.text(node);
                return (!PREDECLARED_TYPES.contains(&name)).then_some(name);
            }
            "qualified_type" => return self.field_text(node, "name"),
            "array_type" => inner.extend(node.child_by_field_name("element")),
            "struct_type" => inner.extend(
                self.struct_fields(node)
                    .into_iter()
                    .filter_map(|field| field.child_by_field_name("type")),
            ),
            "generic_type" | "type_arguments" | "type_elem" | "pointer_type" | "slice_type"
            | "map_type" | "channel_type" | "parenthesized_type" => {
                inner.extend(node.named_children(&mut node.walk()));
            }
            _ => {}
        }
        None
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
mod tests;
