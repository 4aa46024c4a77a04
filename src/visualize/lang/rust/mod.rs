//! Rust: turns a source file's tree-sitter syntax tree into [`FileFacts`] (`use` trees
//! expanded to one import per path, `mod` declarations, structs/enums/traits with the
//! methods and traits of their `impl` blocks, functions with their calls) and resolves
//! `crate::` / `super::` / `self::` paths and `mod` declarations to project files.

use std::collections::HashMap;

use super::Grammar;
use super::common::{self, Source, Visitor, push_unique, walk};
use tree_sitter::Node;

use crate::visualize::facts::{Call, CallVia, ClassFacts, ClassKind, FileFacts, Import, Method};

/// Prefix of the import target a `mod name;` declaration produces.
pub(super) const MOD_PREFIX: &str = "mod:";
/// Bound on recursion through types and `use` trees, far beyond any real nesting.
const MAX_NESTING: usize = 64;

/// Longest call qualifier kept in full; longer ones are cut (they name no module or
/// variable the graphs could match anyway).
const MAX_QUALIFIER_LEN: usize = 200;

/// Reads what one Rust file declares and uses. Never fails: a file that does not parse
/// yields whatever tree-sitter could recover.
pub fn extract(source: &str) -> FileFacts {
    let extractor = Extractor {
        source: Source(source.as_bytes()),
        ..Extractor::default()
    };
    common::extract(Grammar::Rust, source, |root| walk(root, extractor).facts)
}

/// What the code at the current position belongs to.
#[derive(Debug, Clone, Default)]
struct Scope {
    /// The node that opened the scope; the scope closes when the walk leaves it.
    node_id: usize,
    /// Inline `mod a { mod b { … } }` names around the position.
    inline_mods: Vec<String>,
    /// The type whose `impl` or `trait` body the position is in.
    owner: Option<Owner>,
    /// The function receiving calls: the outermost function around the position.
    function: Option<usize>,
}

#[derive(Debug, Clone)]
struct Owner {
    /// Index into `FileFacts::classes`; `None` for an impl of an unnamed type (`impl X for
    /// &[u8]`), whose methods still count as functions.
    class: Option<usize>,
    /// The name `Self` stands for.
    name: String,
    /// Trait bodies and trait impls: every method is public.
    all_public: bool,
}

#[derive(Default)]
struct Extractor<'s> {
    source: Source<'s>,
    facts: FileFacts,
    scopes: Vec<Scope>,
    class_by_name: HashMap<String, usize>,
    function_by_qualname: HashMap<String, usize>,
}

impl Visitor for Extractor<'_> {
    fn enter(&mut self, node: Node<'_>) -> bool {
        let in_function = self.scopes.last().is_some_and(|s| s.function.is_some());
        match node.kind() {
            "use_declaration" => {
                self.record_use(node);
                false
            }
            "mod_item" => self.enter_mod(node),
            "extern_crate_declaration" | "macro_invocation" | "attribute_item" => false,
            "struct_item" | "union_item" if !in_function => {
                self.declare_struct(node);
                false
            }
            "enum_item" if !in_function => {
                self.declare_enum(node);
                false
            }
            "trait_item" if !in_function => {
                self.open_trait(node);
                true
            }
            "impl_item" if !in_function => {
                self.open_impl(node);
                true
            }
            "function_item" => {
                self.open_function(node);
                true
            }
            "function_signature_item" => {
                self.declare_signature(node);
                false
            }
            "call_expression" => {
                self.record_call(node);
                true
            }
            _ => true,
        }
    }

    fn leave(&mut self, node: Node<'_>) {
        common::close_scope(&mut self.scopes, node, |scope| scope.node_id);
    }
}

impl<'s> Extractor<'s> {
    /// The receiver of a call as written, squeezed; cut after [`MAX_QUALIFIER_LEN`] bytes
    /// so long call chains (each link's receiver holds the chain before it) stay linear.
    fn qualifier_text(&self, node: Node<'_>) -> String {
        common::qualifier_text(self.source.0, node, MAX_QUALIFIER_LEN, &['.', ':'])
    }

    fn scope(&self) -> Scope {
        self.scopes.last().cloned().unwrap_or_default()
    }

    fn push_scope(&mut self, node: Node<'_>, scope: Scope) {
        self.scopes.push(Scope {
            node_id: node.id(),
            ..scope
        });
    }

    fn record_use(&mut self, node: Node<'_>) {
        let Some(argument) = node.child_by_field_name("argument") else {
            return;
        };
        let mut imports = Vec::new();
        self.expand_use_tree(argument, "", 0, &mut imports);
        let inline_mods = self.scope().inline_mods;
        for mut import in imports {
            import.target = anchor_to_file(&import.target, &inline_mods);
            self.facts.imports.push(import);
        }
    }

    /// One import per leaf of a `use` tree: `a::{b, c::d, self}` → `a::b`, `a::c::d`, `a`.
    fn expand_use_tree(&self, node: Node<'_>, prefix: &str, depth: usize, out: &mut Vec<Import>) {
        if depth > MAX_NESTING {
            return;
        }
        let path = |tail: &str| join_path(prefix, tail);
        match node.kind() {
            "self" if !prefix.is_empty() => out.push(whole_module(prefix.to_string())),
            "identifier" | "scoped_identifier" | "crate" | "self" | "super" => {
                out.push(whole_module(path(&squeeze_path(self.source.text(node)))));
            }
            "use_as_clause" => {
                if let Some(inner) = node.child_by_field_name("path") {
                    self.expand_use_tree(inner, prefix, depth + 1, out);
                }
            }
            "use_list" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.expand_use_tree(child, prefix, depth + 1, out);
                }
            }
            "scoped_use_list" => {
                let inner_prefix = path(&squeeze_path(self.source.field_text(node, "path")));
                if let Some(list) = node.child_by_field_name("list") {
                    self.expand_use_tree(list, &inner_prefix, depth + 1, out);
                }
            }
            "use_wildcard" => {
                let mut cursor = node.walk();
                let module = node
                    .named_children(&mut cursor)
                    .next()
                    .map(|n| squeeze_path(self.source.text(n)))
                    .unwrap_or_default();
                out.push(Import {
                    target: path(&module),
                    names: vec!["*".to_string()],
                });
            }
            _ => {}
        }
    }

    /// `mod x;` becomes an import of `mod:x` (`mod:a::x` inside inline `mod a { … }`);
    /// inline bodies are walked for their items.
    fn enter_mod(&mut self, node: Node<'_>) -> bool {
        let name = self.source.field_text(node, "name");
        let mut scope = self.scope();
        if name.is_empty() {
            return false;
        }
        scope.inline_mods.push(name.to_string());
        if node.child_by_field_name("body").is_none() {
            self.facts.imports.push(Import {
                target: format!("{MOD_PREFIX}{}", scope.inline_mods.join("::")),
                names: Vec::new(),
            });
            return false;
        }
        scope.owner = None;
        self.push_scope(node, scope);
        true
    }

    fn declare_struct(&mut self, node: Node<'_>) {
        let mut fields = Vec::new();
        if let Some(body) = node.child_by_field_name("body") {
            self.field_types(body, &mut fields);
        }
        self.declare(node, ClassKind::Struct, Vec::new(), fields);
    }

    fn declare_enum(&mut self, node: Node<'_>) {
        let mut fields = Vec::new();
        if let Some(variants) = node.child_by_field_name("body") {
            let mut cursor = variants.walk();
            for variant in variants.named_children(&mut cursor) {
                if let Some(payload) = variant.child_by_field_name("body") {
                    self.field_types(payload, &mut fields);
                }
            }
        }
        self.declare(node, ClassKind::Enum, Vec::new(), fields);
    }

    /// Type names of named (`a: T`) and tuple (`(T, U)`) field lists.
    fn field_types(&self, list: Node<'_>, out: &mut Vec<String>) {
        let mut cursor = list.walk();
        for child in list.named_children(&mut cursor) {
            match child.kind() {
                "field_declaration" => {
                    if let Some(ty) = child.child_by_field_name("type") {
                        self.type_names(ty, 0, out);
                    }
                }
                "visibility_modifier" | "attribute_item" => {}
                _ => self.type_names(child, 0, out),
            }
        }
    }

    /// Every type name a type mentions, last path segment, generic arguments included:
    /// `Vec<Box<dyn a::Node>>` → `Vec`, `Box`, `Node`.
    fn type_names(&self, node: Node<'_>, depth: usize, out: &mut Vec<String>) {
        if depth > MAX_NESTING {
            return;
        }
        match node.kind() {
            "type_identifier" => out.push(self.source.text(node).to_string()),
            "scoped_type_identifier" | "scoped_identifier" => {
                out.push(self.source.field_text(node, "name").to_string());
            }
            "type_binding" => {
                if let Some(bound) = node.child_by_field_name("type") {
                    self.type_names(bound, depth + 1, out);
                }
            }
            "lifetime" | "primitive_type" | "macro_invocation" => {}
            _ => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.type_names(child, depth + 1, out);
                }
            }
        }
    }

    /// Records a declared type, merging into an entry an earlier `impl` created.
    fn declare(
        &mut self,
        node: Node<'_>,
        kind: ClassKind,
        bases: Vec<String>,
        fields: Vec<String>,
    ) -> Option<usize> {
        let name = self.source.field_text(node, "name");
        if name.is_empty() {
            return None;
        }
        let index = self.class_slot(name);
        let class = &mut self.facts.classes[index];
        class.kind = kind;
        for base in bases {
            push_unique(&mut class.bases, &base);
        }
        for field in fields {
            push_unique(&mut class.fields, &field);
        }
        Some(index)
    }

    /// The entry for type `name`, created as a struct when first seen (an `impl` of a type
    /// declared in another file: the core merges same-named types across files).
    fn class_slot(&mut self, name: &str) -> usize {
        if let Some(&index) = self.class_by_name.get(name) {
            return index;
        }
        let index = self.facts.classes.len();
        self.class_by_name.insert(name.to_string(), index);
        self.facts.classes.push(ClassFacts {
            name: name.to_string(),
            kind: ClassKind::Struct,
            bases: Vec::new(),
            fields: Vec::new(),
            methods: Vec::new(),
        });
        index
    }

    fn open_trait(&mut self, node: Node<'_>) {
        let mut bases = Vec::new();
        if let Some(bounds) = node.child_by_field_name("bounds") {
            let mut cursor = bounds.walk();
            for bound in bounds.named_children(&mut cursor) {
                if let Some(name) = self.trait_name(bound) {
                    push_unique(&mut bases, name);
                }
            }
        }
        let Some(index) = self.declare(node, ClassKind::Trait, bases, Vec::new()) else {
            return;
        };
        let mut scope = self.scope();
        scope.owner = Some(Owner {
            class: Some(index),
            name: self.facts.classes[index].name.clone(),
            all_public: true,
        });
        self.push_scope(node, scope);
    }

    /// `Display` for `Display`, `fmt::Display`, `Into<T>`, `for<'a> Fn(&'a T)`; `None` for
    /// lifetimes and `?Sized`.
    fn trait_name(&self, bound: Node<'_>) -> Option<&'s str> {
        let name = match bound.kind() {
            "type_identifier" => self.source.text(bound),
            "scoped_type_identifier" => self.source.field_text(bound, "name"),
            "generic_type" | "higher_ranked_trait_bound" => {
                return self.trait_name(bound.child_by_field_name("type")?);
            }
            _ => return None,
        };
        (!name.is_empty()).then_some(name)
    }

    fn open_impl(&mut self, node: Node<'_>) {
        let generics = self.type_parameter_names(node);
        let name = node
            .child_by_field_name("type")
            .and_then(|t| self.impl_type_name(t))
            .filter(|name| !generics.contains(name));
        let implemented = node
            .child_by_field_name("trait")
            .and_then(|t| self.trait_name(t));
        let class = name.map(|name| self.class_slot(name));
        if let (Some(class), Some(implemented)) = (class, implemented) {
            push_unique(&mut self.facts.classes[class].bases, implemented);
        }
        // A blanket impl (`impl<T: X> Tr for T`) names no type: its methods are the trait's.
        let self_name = name.or(implemented).unwrap_or_default();
        let mut scope = self.scope();
        scope.owner = Some(Owner {
            class,
            name: self_name.to_string(),
            all_public: implemented.is_some(),
        });
        self.push_scope(node, scope);
    }

    /// `Foo` for `Foo`, `Foo<T>`, `a::Foo`, `&Foo`; `None` for tuples, slices, `dyn T`.
    fn impl_type_name(&self, ty: Node<'_>) -> Option<&'s str> {
        let mut ty = ty;
        while matches!(
            ty.kind(),
            "generic_type" | "reference_type" | "pointer_type"
        ) {
            ty = ty.child_by_field_name("type")?;
        }
        let name = match ty.kind() {
            "type_identifier" => self.source.text(ty),
            "scoped_type_identifier" => self.source.field_text(ty, "name"),
            _ => return None,
        };
        (!name.is_empty()).then_some(name)
    }

    /// `T` and `U` of `impl<T: X, U> …` (blanket impls name no concrete type).
    fn type_parameter_names(&self, node: Node<'_>) -> Vec<&'s str> {
        let Some(parameters) = node.child_by_field_name("type_parameters") else {
            return Vec::new();
        };
        let mut cursor = parameters.walk();
        parameters
            .named_children(&mut cursor)
            .filter_map(|p| {
                p.child_by_field_name("name")
                    .or_else(|| p.child_by_field_name("left"))
            })
            .map(|n| self.source.text(n))
            .collect()
    }

    fn open_function(&mut self, node: Node<'_>) {
        let name = self.source.field_text(node, "name");
        let mut scope = self.scope();
        if scope.function.is_some() || name.is_empty() {
            // Nested functions fold into the enclosing one: no scope of their own.
            return;
        }
        let qualname = match &scope.owner {
            Some(owner) => {
                self.add_method(node, owner);
                if owner.name.is_empty() {
                    name.to_string()
                } else {
                    format!("{}.{}", owner.name, name)
                }
            }
            None => name.to_string(),
        };
        scope.function = Some(self.function_slot(qualname));
        self.push_scope(node, scope);
    }

    fn declare_signature(&mut self, node: Node<'_>) {
        let scope = self.scope();
        if let (Some(owner), None) = (scope.owner, scope.function) {
            self.add_method(node, &owner);
        }
    }

    fn add_method(&mut self, node: Node<'_>, owner: &Owner) {
        let Some(class) = owner.class else {
            return;
        };
        let name = self.source.field_text(node, "name");
        let public = owner.all_public || has_visibility(node);
        let params = node
            .child_by_field_name("parameters")
            .map(|p| self.parameter_names(p))
            .unwrap_or_default();
        let method = Method {
            name: name.to_string(),
            params,
            public,
        };
        // Several trait impls may define the same name (`from`): the first one stands.
        common::push_method(&mut self.facts.classes[class].methods, method);
    }

    fn parameter_names(&self, parameters: Node<'_>) -> Vec<String> {
        let mut cursor = parameters.walk();
        parameters
            .named_children(&mut cursor)
            .filter(|p| p.kind() == "parameter")
            .filter_map(|p| p.child_by_field_name("pattern"))
            .filter_map(|pattern| self.pattern_name(pattern, 0))
            .collect()
    }

    /// `x` for `x`, `mut x`, `ref x`, `&x`; the pattern text for destructuring patterns;
    /// `None` for `self`.
    fn pattern_name(&self, pattern: Node<'_>, depth: usize) -> Option<String> {
        match pattern.kind() {
            "self" => None,
            "identifier" => Some(self.source.text(pattern).to_string()),
            "mut_pattern" | "ref_pattern" | "reference_pattern" if depth < MAX_NESTING => {
                let mut cursor = pattern.walk();
                let inner = pattern.named_children(&mut cursor).last()?;
                self.pattern_name(inner, depth + 1)
            }
            _ => Some(squeeze(self.source.text(pattern))),
        }
    }

    fn function_slot(&mut self, qualname: String) -> usize {
        common::function_slot(&mut self.facts, &mut self.function_by_qualname, qualname)
    }

    fn record_call(&mut self, call: Node<'_>) {
        let Some(scope) = self.scopes.last() else {
            return;
        };
        let Some(function) = scope.function else {
            return;
        };
        let Some(mut callee) = call.child_by_field_name("function") else {
            return;
        };
        if callee.kind() == "generic_function" {
            match callee.child_by_field_name("function") {
                Some(inner) => callee = inner,
                None => return,
            }
        }
        let self_type = scope
            .owner
            .as_ref()
            .map(|o| o.name.as_str())
            .filter(|n| !n.is_empty());
        let recorded = match callee.kind() {
            "identifier" => Some(Call {
                callee: self.source.text(callee).to_string(),
                via: CallVia::Bare,
            }),
            "scoped_identifier" => self.path_call(callee, self_type),
            "field_expression" => self.method_call(callee, self_type),
            _ => None,
        };
        if let Some(recorded) = recorded.filter(|c| !c.callee.is_empty()) {
            self.facts.functions[function].calls.push(recorded);
        }
    }

    /// `Self::f()` → `Type.f`; `a::b::f()` → `f` via `a::b`.
    fn path_call(&self, path_call: Node<'_>, self_type: Option<&str>) -> Option<Call> {
        let name = self.source.field_text(path_call, "name");
        let qualifier = path_call
            .child_by_field_name("path")
            .map(|p| self.path_text(p, 0))
            .unwrap_or_default();
        if let (Some(ty), "Self") = (self_type, qualifier.as_str()) {
            return Some(Call {
                callee: format!("{ty}.{name}"),
                via: CallVia::SelfRef,
            });
        }
        Some(Call {
            callee: name.to_string(),
            via: CallVia::Qualified(qualifier),
        })
    }

    /// `self.f()` → `Type.f`; `x.m()` → `m` via `x`.
    fn method_call(&self, field: Node<'_>, self_type: Option<&str>) -> Option<Call> {
        let name = self.source.field_text(field, "field");
        let receiver = field.child_by_field_name("value")?;
        if let (Some(ty), "self") = (self_type, receiver.kind()) {
            return Some(Call {
                callee: format!("{ty}.{name}"),
                via: CallVia::SelfRef,
            });
        }
        Some(Call {
            callee: name.to_string(),
            via: CallVia::Qualified(self.qualifier_text(receiver)),
        })
    }

    /// A path without generic arguments: `Vec::<u8>` → `Vec`, `a::B<T>` → `a::B`.
    fn path_text(&self, path: Node<'_>, depth: usize) -> String {
        if depth > MAX_NESTING {
            return String::new();
        }
        match path.kind() {
            "scoped_identifier" | "scoped_type_identifier" => {
                let head = path
                    .child_by_field_name("path")
                    .map(|p| self.path_text(p, depth + 1))
                    .unwrap_or_default();
                join_path(&head, self.source.field_text(path, "name"))
            }
            "generic_type" => path
                .child_by_field_name("type")
                .map(|t| self.path_text(t, depth + 1))
                .unwrap_or_default(),
            _ => squeeze(self.source.text(path)),
        }
    }
}

fn whole_module(target: String) -> Import {
    Import {
        target,
        names: Vec::new(),
    }
}

fn has_visibility(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|c| c.kind() == "visibility_modifier")
}

fn join_path(head: &str, tail: &str) -> String {
    match (head.is_empty(), tail.is_empty()) {
        (true, _) => tail.to_string(),
        (_, true) => head.to_string(),
        _ => format!("{head}::{tail}"),
    }
}

/// A path as written minus whitespace: `crate :: a` → `crate::a`.
fn squeeze_path(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Source text with whitespace runs collapsed to one space and removed around `.` / `::`
/// (method chains split over lines).
fn squeeze(text: &str) -> String {
    common::squeeze(text, &['.', ':'])
}

/// Rewrites `self::` / `super::` paths written inside inline modules so they are relative
/// to the file's own module: inside `mod tests`, `super::x` is `self::x` of the file.
fn anchor_to_file(target: &str, inline_mods: &[String]) -> String {
    if inline_mods.is_empty() {
        return target.to_string();
    }
    let segments: Vec<&str> = target.split("::").collect();
    let (ups, rest) = match segments.first() {
        Some(&"self") => (0, &segments[1..]),
        Some(&"super") => {
            let ups = segments.iter().take_while(|s| **s == "super").count();
            (ups, &segments[ups..])
        }
        _ => return target.to_string(),
    };
    let mut anchored: Vec<&str> = Vec::new();
    if ups > inline_mods.len() {
        anchored.extend(std::iter::repeat_n("super", ups - inline_mods.len()));
    } else {
        anchored.push("self");
        anchored.extend(
            inline_mods[..inline_mods.len() - ups]
                .iter()
                .map(String::as_str),
        );
    }
    anchored.extend(rest.iter().copied());
    anchored.join("::")
}

mod resolve;
#[cfg(test)]
mod tests;

pub use resolve::Resolver;
