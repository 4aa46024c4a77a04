//! Java: reads imports, classes, interfaces, enums and records (nested and local ones
//! included), their methods and constructors with their calls, from a tree-sitter Java
//! syntax tree, and resolves imports to project files by matching the qualified name
//! against the tail of each file's path, whatever the source root.

use std::collections::{HashMap, HashSet};

use super::Grammar;
use super::common::{self, push_unique};
use tree_sitter::Node;

use crate::visualize::facts::{
    Call, CallVia, ClassFacts, ClassKind, FileFacts, FunctionFacts, Import, Method, ProjectIndex,
};

/// Reads the facts of one Java file. Never fails: a broken file yields what could be read.
pub fn extract(source: &str) -> FileFacts {
    common::extract(Grammar::Java, source, |root| {
        let mut reader = FileReader {
            source,
            facts: FileFacts::default(),
        };
        reader.read_top_level(root, &mut Vec::new());
        reader.facts
    })
}

/// A named type whose body is being read: the innermost is last in the scope chain.
struct TypeScope<'s> {
    name: &'s str,
    /// Methods the type declares in this file, for telling `m()` on the type from a
    /// call of something inherited or imported.
    methods: HashSet<&'s str>,
    /// Type variables in scope (the type's own and its enclosing types'): never project
    /// classes, so never composition.
    type_parameters: HashSet<&'s str>,
}

/// A method-like member: method, constructor or compact record constructor.
struct MemberFunction<'s> {
    name: &'s str,
    params: Vec<String>,
    public: bool,
}

struct FileReader<'s> {
    source: &'s str,
    facts: FileFacts,
}

impl<'s> FileReader<'s> {
    fn text(&self, node: Node) -> &'s str {
        node.utf8_text(self.source.as_bytes()).unwrap_or_default()
    }

    fn field_text(&self, node: Node, field: &str) -> Option<&'s str> {
        node.child_by_field_name(field)
            .map(|child| self.text(child))
    }

    /// Top-level declarations; syntax errors may wrap some of them in `ERROR` nodes.
    fn read_top_level(&mut self, parent: Node, scopes: &mut Vec<TypeScope<'s>>) {
        let mut cursor = parent.walk();
        for node in parent.named_children(&mut cursor) {
            match node.kind() {
                "import_declaration" => self.read_import(node),
                "ERROR" => self.read_top_level(node, scopes),
                _ => self.read_type(node, scopes),
            }
        }
    }

    fn read_import(&mut self, declaration: Node) {
        let mut cursor = declaration.walk();
        let mut target = String::new();
        for child in declaration.named_children(&mut cursor) {
            match child.kind() {
                "scoped_identifier" | "identifier" => target = compact(self.text(child)),
                "asterisk" => target.push_str(".*"),
                _ => {}
            }
        }
        if !target.is_empty() {
            self.facts.imports.push(Import {
                target,
                names: Vec::new(),
            });
        }
    }

    /// Reads a class, interface, enum or record with everything nested in it; ignores any
    /// other node (annotation types included).
    fn read_type(&mut self, declaration: Node, scopes: &mut Vec<TypeScope<'s>>) {
        let kind = match declaration.kind() {
            "class_declaration" | "record_declaration" => ClassKind::Class,
            "interface_declaration" => ClassKind::Interface,
            "enum_declaration" => ClassKind::Enum,
            _ => return,
        };
        let Some(name) = self.field_text(declaration, "name") else {
            return;
        };
        let members = body_members(declaration);
        let type_parameters = self.type_parameters_in_scope(declaration, scopes);
        let slot = self.facts.classes.len();
        self.facts.classes.push(ClassFacts {
            name: name.to_string(),
            kind,
            bases: self.bases_of(declaration),
            fields: Vec::new(),
            methods: Vec::new(),
        });
        // A record's components: its canonical constructor's parameters and its fields.
        let mut components = Vec::new();
        if let Some(list) = declaration.child_by_field_name("parameters") {
            components = self.parameters_of(list);
            let mut cursor = list.walk();
            for component in list.named_children(&mut cursor) {
                if let Some(component_type) = component.child_by_field_name("type") {
                    self.add_field_types(slot, component_type, &type_parameters);
                }
            }
        }
        scopes.push(TypeScope {
            name,
            methods: self.declared_method_names(&members, name),
            type_parameters: type_parameters.clone(),
        });
        for member in members {
            self.read_member(member, slot, &components, &type_parameters, scopes);
        }
        scopes.pop();
    }

    fn read_member(
        &mut self,
        member: Node,
        slot: usize,
        components: &[String],
        type_parameters: &HashSet<&str>,
        scopes: &mut Vec<TypeScope<'s>>,
    ) {
        match member.kind() {
            "field_declaration" | "constant_declaration" => {
                if let Some(field_type) = member.child_by_field_name("type") {
                    self.add_field_types(slot, field_type, type_parameters);
                }
            }
            "method_declaration"
            | "constructor_declaration"
            | "compact_constructor_declaration" => {
                self.read_function(member, slot, components, scopes);
            }
            _ => self.read_type(member, scopes),
        }
    }

    fn read_function(
        &mut self,
        declaration: Node,
        slot: usize,
        components: &[String],
        scopes: &mut Vec<TypeScope<'s>>,
    ) {
        let Some(function) = self.member_function(declaration, components, scopes) else {
            return;
        };
        let mut local_types = Vec::new();
        let calls = match declaration.child_by_field_name("body") {
            Some(body) => self.calls_in(body, scopes, &mut local_types),
            None => Vec::new(),
        };
        let class_name = scopes.last().map_or("", |scope| scope.name);
        self.facts.functions.push(FunctionFacts {
            qualname: format!("{class_name}.{}", function.name),
            calls,
        });
        self.facts.classes[slot].methods.push(Method {
            name: function.name.to_string(),
            params: function.params,
            public: function.public,
        });
        for local_type in local_types {
            self.read_type(local_type, scopes);
        }
    }

    fn member_function(
        &self,
        declaration: Node,
        components: &[String],
        scopes: &[TypeScope<'s>],
    ) -> Option<MemberFunction<'s>> {
        let is_constructor = declaration.kind() != "method_declaration";
        let name = if is_constructor {
            // A constructor is named like its class, even when the source misspells it.
            scopes.last()?.name
        } else {
            self.field_text(declaration, "name")?
        };
        let params = match declaration.child_by_field_name("parameters") {
            Some(list) => self.parameters_of(list),
            None if is_constructor => components.to_vec(),
            None => Vec::new(),
        };
        Some(MemberFunction {
            name,
            params,
            public: !self.is_hidden(declaration),
        })
    }

    /// `private` or `protected`; package-private members count as public.
    fn is_hidden(&self, declaration: Node) -> bool {
        let mut cursor = declaration.walk();
        let Some(modifiers) = declaration
            .children(&mut cursor)
            .find(|child| child.kind() == "modifiers")
        else {
            return false;
        };
        let mut inner = modifiers.walk();
        modifiers
            .children(&mut inner)
            .any(|modifier| matches!(modifier.kind(), "private" | "protected"))
    }

    fn parameters_of(&self, list: Node) -> Vec<String> {
        let mut names = Vec::new();
        let mut cursor = list.walk();
        for parameter in list.named_children(&mut cursor) {
            let name = match parameter.kind() {
                "formal_parameter" => self.field_text(parameter, "name"),
                "spread_parameter" => {
                    let mut inner = parameter.walk();
                    let declarator = parameter
                        .named_children(&mut inner)
                        .find(|child| child.kind() == "variable_declarator");
                    declarator.and_then(|declarator| self.field_text(declarator, "name"))
                }
                _ => None,
            };
            // `Type this` is a receiver parameter, not a parameter.
            if let Some(name) = name.filter(|name| *name != "this") {
                names.push(name.to_string());
            }
        }
        names
    }

    fn add_field_types(&mut self, slot: usize, field_type: Node, type_parameters: &HashSet<&str>) {
        let mut fields = std::mem::take(&mut self.facts.classes[slot].fields);
        common::collect_type_names(field_type, type_parameters, &mut fields, |node, inner| {
            self.type_name_part(node, inner)
        });
        self.facts.classes[slot].fields = fields;
    }

    fn type_parameters_in_scope(
        &self,
        declaration: Node,
        scopes: &[TypeScope<'s>],
    ) -> HashSet<&'s str> {
        let mut names = scopes
            .last()
            .map(|scope| scope.type_parameters.clone())
            .unwrap_or_default();
        let Some(list) = declaration.child_by_field_name("type_parameters") else {
            return names;
        };
        let mut cursor = list.walk();
        for parameter in list.named_children(&mut cursor) {
            let mut inner = parameter.walk();
            if let Some(name) = parameter
                .named_children(&mut inner)
                .find(|child| child.kind() == "type_identifier")
            {
                names.insert(self.text(name));
            }
        }
        names
    }

    /// `extends` and `implements` of a class, `extends` of an interface, `implements` of an
    /// enum or record: last segment, no type arguments.
    fn bases_of(&self, declaration: Node) -> Vec<String> {
        let mut bases = Vec::new();
        let mut cursor = declaration.walk();
        for clause in declaration.named_children(&mut cursor) {
            let holder = match clause.kind() {
                "superclass" => Some(clause),
                "super_interfaces" | "extends_interfaces" => {
                    let mut inner = clause.walk();
                    clause
                        .named_children(&mut inner)
                        .find(|child| child.kind() == "type_list")
                }
                _ => None,
            };
            let Some(holder) = holder else {
                continue;
            };
            let mut inner = holder.walk();
            for base_type in holder.named_children(&mut inner) {
                if let Some(base) = self.base_name(base_type) {
                    push_unique(&mut bases, base);
                }
            }
        }
        bases
    }

    fn base_name(&self, node: Node) -> Option<&'s str> {
        match node.kind() {
            "type_identifier" => Some(self.text(node)),
            "scoped_type_identifier" | "annotated_type" => self.base_name(last_named_child(node)?),
            "generic_type" => self.base_name(node.named_child(0)?),
            _ => None,
        }
    }

    /// What a node of a declared type contributes to the type names it holds (see
    /// [`common::collect_type_names`]): type arguments, wildcard bounds and array elements
    /// are looked through; qualified names give their last segment; primitives give
    /// nothing.
    fn type_name_part<'t>(&self, node: Node<'t>, inner: &mut Vec<Node<'t>>) -> Option<&'s str> {
        match node.kind() {
            "type_identifier" => return Some(self.text(node)),
            "scoped_type_identifier" => {
                return last_named_child(node).and_then(|last| self.base_name(last));
            }
            "generic_type" | "type_arguments" | "wildcard" | "array_type" | "annotated_type" => {
                inner.extend(node.named_children(&mut node.walk()));
            }
            _ => {}
        }
        None
    }

    fn declared_method_names(&self, members: &[Node], class_name: &'s str) -> HashSet<&'s str> {
        let mut names = HashSet::new();
        for member in members {
            match member.kind() {
                "method_declaration" => {
                    if let Some(name) = self.field_text(*member, "name") {
                        names.insert(name);
                    }
                }
                "constructor_declaration" | "compact_constructor_declaration" => {
                    names.insert(class_name);
                }
                _ => {}
            }
        }
        names
    }

    /// Every call in a method body, ordered by where the called name is written; lambdas
    /// and anonymous classes fold into the method. Local type declarations are handed back
    /// to be read as types of their own.
    fn calls_in<'t>(
        &self,
        body: Node<'t>,
        scopes: &[TypeScope<'s>],
        local_types: &mut Vec<Node<'t>>,
    ) -> Vec<Call> {
        let mut calls = Vec::new();
        let mut cursor = body.walk();
        loop {
            let node = cursor.node();
            let mut descend = true;
            match node.kind() {
                "method_invocation" => calls.extend(self.call_of(node, scopes)),
                "class_declaration"
                | "interface_declaration"
                | "enum_declaration"
                | "record_declaration" => {
                    local_types.push(node);
                    descend = false;
                }
                _ => {}
            }
            if descend && cursor.goto_first_child() {
                continue;
            }
            if !advance_to_next(&mut cursor) {
                calls.sort_by_key(|(position, _)| *position);
                return calls.into_iter().map(|(_, call)| call).collect();
            }
        }
    }

    /// The call and the byte offset of the called name.
    fn call_of(&self, invocation: Node, scopes: &[TypeScope<'s>]) -> Option<(usize, Call)> {
        let name_node = invocation.child_by_field_name("name")?;
        let name = self.text(name_node);
        let position = name_node.start_byte();
        let Some(object) = invocation.child_by_field_name("object") else {
            return Some((position, bare_call(name, scopes)));
        };
        let call = match object.kind() {
            "this" => self_call(scopes.last()?.name, name),
            "super" => qualified_call(name, "super"),
            "field_access" if is_outer_this(object) => {
                let outer = object.child_by_field_name("object")?;
                let outer_name = self.text(outer).rsplit('.').next().unwrap_or_default();
                self_call(outer_name.trim(), name)
            }
            _ => qualified_call(name, &compact(self.text(object))),
        };
        Some((position, call))
    }
}

/// `m()`: a method of the innermost enclosing type declaring `m` in this file, otherwise
/// something inherited, imported or unknown.
fn bare_call(name: &str, scopes: &[TypeScope]) -> Call {
    match scopes
        .iter()
        .rev()
        .find(|scope| scope.methods.contains(name))
    {
        Some(scope) => self_call(scope.name, name),
        None => Call {
            callee: name.to_string(),
            via: CallVia::Bare,
        },
    }
}

fn self_call(class_name: &str, name: &str) -> Call {
    Call {
        callee: format!("{class_name}.{name}"),
        via: CallVia::SelfRef,
    }
}

fn qualified_call(name: &str, qualifier: &str) -> Call {
    Call {
        callee: name.to_string(),
        via: CallVia::Qualified(qualifier.to_string()),
    }
}

/// `Outer.this`
fn is_outer_this(field_access: Node) -> bool {
    field_access
        .child_by_field_name("field")
        .is_some_and(|field| field.kind() == "this")
}

/// The members of a type body; an enum's members follow its constants.
fn body_members(declaration: Node) -> Vec<Node> {
    let mut members = Vec::new();
    let Some(body) = declaration.child_by_field_name("body") else {
        return members;
    };
    let mut cursor = body.walk();
    for member in body.named_children(&mut cursor) {
        if member.kind() == "enum_body_declarations" {
            let mut inner = member.walk();
            members.extend(member.named_children(&mut inner));
        } else {
            members.push(member);
        }
    }
    members
}

fn last_named_child(node: Node) -> Option<Node> {
    let last = u32::try_from(node.named_child_count().checked_sub(1)?).ok()?;
    node.named_child(last)
}

/// Moves to the next node in source order that is not a descendant of the current one;
/// false once the walk is back at its root (a cursor never moves above the node it was
/// made from).
fn advance_to_next(cursor: &mut tree_sitter::TreeCursor) -> bool {
    loop {
        if cursor.goto_next_sibling() {
            return true;
        }
        if !cursor.goto_parent() {
            return false;
        }
    }
}

/// Source text with whitespace removed around `.` and other runs collapsed to one space,
/// so a qualifier split over lines reads `a.b`.
fn compact(text: &str) -> String {
    common::squeeze(text, &['.'])
}

/// Maps Java imports to project files by the tail of their paths, so any source root
/// (`src/main/java/`, `src/`, a module directory) works.
pub struct Resolver {
    /// File name without `.java` → every file of that name.
    files_by_stem: HashMap<String, Vec<String>>,
    /// Last segment of a directory → every directory of that name holding `.java` files.
    dirs_by_name: HashMap<String, Vec<String>>,
    /// Directory → its `.java` files (not those of subdirectories).
    files_by_dir: HashMap<String, Vec<String>>,
}

impl Resolver {
    /// Builds the lookup tables once per run.
    pub fn new(index: &ProjectIndex) -> Resolver {
        let mut files_by_stem: HashMap<String, Vec<String>> = HashMap::new();
        let mut files_by_dir: HashMap<String, Vec<String>> = HashMap::new();
        for file in &index.files {
            let Some(without_extension) = file.strip_suffix(".java") else {
                continue;
            };
            let (dir, stem) = without_extension
                .rsplit_once('/')
                .unwrap_or(("", without_extension));
            files_by_stem
                .entry(stem.to_string())
                .or_default()
                .push(file.clone());
            files_by_dir
                .entry(dir.to_string())
                .or_default()
                .push(file.clone());
        }
        let mut dirs_by_name: HashMap<String, Vec<String>> = HashMap::new();
        for dir in files_by_dir.keys() {
            let name = dir.rsplit('/').next().unwrap_or_default();
            if !name.is_empty() {
                dirs_by_name
                    .entry(name.to_string())
                    .or_default()
                    .push(dir.clone());
            }
        }
        Resolver {
            files_by_stem,
            dirs_by_name,
            files_by_dir,
        }
    }

    /// The project files declaring what the import names; every candidate when several
    /// source roots match, empty for the JDK and third-party libraries.
    pub fn resolve(&self, from: &str, import: &Import) -> Vec<String> {
        let segments: Vec<&str> = import
            .target
            .split('.')
            .map(str::trim)
            .filter(|segment| !segment.is_empty())
            .collect();
        let mut files = match segments.split_last() {
            // `a.b.*` is a package, or a class when it is `import static a.b.C.*`.
            Some((&"*", package)) => {
                let files = self.package_files(package);
                if files.is_empty() && starts_upper_case(package.last()) {
                    self.class_files_or_outer(package)
                } else {
                    files
                }
            }
            _ => self.class_files_or_outer(&segments),
        };
        files.retain(|file| file != from);
        files.sort();
        files.dedup();
        files
    }

    /// `a.b.C.x` as a class; failing that, the enclosing class (a nested class or a static
    /// member was imported). Only capitalised names are tried as enclosing classes, so a
    /// library import never falls back onto a package-named project file.
    fn class_files_or_outer(&self, segments: &[&str]) -> Vec<String> {
        let mut files = self.class_files(segments);
        let mut end = segments.len();
        while files.is_empty() && end > 2 {
            end -= 1;
            if starts_upper_case(segments.get(end - 1)) {
                files = self.class_files(&segments[..end]);
            }
        }
        files
    }

    /// Files whose path ends with `a/b/C.java` for `a.b.C` (at least a package and a class).
    fn class_files(&self, segments: &[&str]) -> Vec<String> {
        let Some((stem, _)) = segments.split_last().filter(|_| segments.len() >= 2) else {
            return Vec::new();
        };
        let Some(candidates) = self.files_by_stem.get(*stem) else {
            return Vec::new();
        };
        let relative = format!("{}.java", segments.join("/"));
        candidates
            .iter()
            .filter(|file| ends_with_path(file, &relative))
            .cloned()
            .collect()
    }

    /// `.java` files directly in a directory whose path ends with `a/b` for `a.b`.
    fn package_files(&self, segments: &[&str]) -> Vec<String> {
        let Some(name) = segments.last() else {
            return Vec::new();
        };
        let Some(dirs) = self.dirs_by_name.get(*name) else {
            return Vec::new();
        };
        let relative = segments.join("/");
        dirs.iter()
            .filter(|dir| ends_with_path(dir, &relative))
            .filter_map(|dir| self.files_by_dir.get(dir))
            .flatten()
            .cloned()
            .collect()
    }
}

/// `path` is `relative` or ends with `/relative`.
fn ends_with_path(path: &str, relative: &str) -> bool {
    path.strip_suffix(relative)
        .is_some_and(|head| head.is_empty() || head.ends_with('/'))
}

fn starts_upper_case(segment: Option<&&str>) -> bool {
    segment
        .and_then(|segment| segment.chars().next())
        .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests;
