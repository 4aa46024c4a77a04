//! The JavaScript reader's walk: scopes, the iterative pre-order traversal, and the
//! extractor with its functions, parameters and calls (imports in [`super::imports`],
//! classes in [`super::classes`]).

use std::collections::HashMap;

use tree_sitter::{Node, TreeCursor};

use super::{ARRAY_PARAM, OBJECT_PARAM};
use crate::visualize::facts::{Call, CallVia, FileFacts, FunctionFacts};
use crate::visualize::lang::common;

/// Where a node sits: the enclosing class and named function (indices into the facts),
/// whether it is a direct member of a class/interface body, and the name a declaration
/// gives it (`const A = class {}`, `const f = () => {}`).
#[derive(Clone, Copy)]
pub(super) struct Scope<'t> {
    pub(super) class: Option<usize>,
    pub(super) function: Option<usize>,
    pub(super) class_member: bool,
    pub(super) name_hint: Option<Node<'t>>,
}

impl<'t> Scope<'t> {
    pub(super) const TOP: Scope<'t> = Scope {
        class: None,
        function: None,
        class_member: false,
        name_hint: None,
    };

    /// The scope a node passes to its children by default.
    pub(super) fn inner(self) -> Scope<'t> {
        Scope {
            class_member: false,
            name_hint: None,
            ..self
        }
    }

    pub(super) fn with_function(self, function: usize) -> Scope<'t> {
        Scope {
            function: Some(function),
            ..self.inner()
        }
    }

    pub(super) fn with_hint(self, hint: Node<'t>) -> Scope<'t> {
        Scope {
            name_hint: Some(hint),
            ..self.inner()
        }
    }
}

/// The pending nodes of the (iterative, so arbitrarily deep trees cannot overflow the
/// stack) pre-order walk, and a cursor reused for listing children.
pub(super) struct Walk<'t> {
    pub(super) pending: Vec<(Node<'t>, Scope<'t>)>,
    pub(super) cursor: TreeCursor<'t>,
}

impl<'t> Walk<'t> {
    /// Queues the named children of `node` so they are visited next, in source order.
    pub(super) fn children(&mut self, node: Node<'t>, scope: Scope<'t>) {
        let start = self.pending.len();
        self.pending.extend(
            node.named_children(&mut self.cursor)
                .map(|child| (child, scope)),
        );
        self.pending[start..].reverse();
    }

    /// Like [`Walk::children`], but `special` gets its own scope.
    pub(super) fn children_except(
        &mut self,
        node: Node<'t>,
        scope: Scope<'t>,
        special: Node<'t>,
        special_scope: Scope<'t>,
    ) {
        let start = self.pending.len();
        self.pending
            .extend(node.named_children(&mut self.cursor).map(|child| {
                if child == special {
                    (child, special_scope)
                } else {
                    (child, scope)
                }
            }));
        self.pending[start..].reverse();
    }

    pub(super) fn push(&mut self, node: Node<'t>, scope: Scope<'t>) {
        self.pending.push((node, scope));
    }
}

pub(super) struct Extractor<'s> {
    pub(super) source: &'s str,
    pub(super) facts: FileFacts,
    /// Function qualname → index in `facts.functions`, so getter/setter pairs and
    /// repeated declarations share one entry.
    pub(super) function_by_name: HashMap<String, usize>,
}

impl<'s> Extractor<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        Extractor {
            source,
            facts: FileFacts::default(),
            function_by_name: HashMap::new(),
        }
    }

    pub(super) fn text(&self, node: Node) -> &'s str {
        node.utf8_text(self.source.as_bytes()).unwrap_or_default()
    }

    pub(super) fn walk(&mut self, root: Node<'_>) {
        let mut walk = Walk {
            pending: vec![(root, Scope::TOP)],
            cursor: root.walk(),
        };
        while let Some((node, scope)) = walk.pending.pop() {
            self.visit(node, scope, &mut walk);
        }
    }

    pub(super) fn visit<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
        match node.kind() {
            "import_statement" => self.import_statement(node),
            "export_statement" => {
                self.export_from(node);
                walk.children(node, scope.inner());
            }
            "class_declaration" | "abstract_class_declaration" | "class" => {
                self.class(node, scope, walk)
            }
            "interface_declaration" => self.interface(node, scope, walk),
            "enum_declaration" => self.enumeration(node),
            "class_body" | "interface_body" if scope.class.is_some() => walk.children(
                node,
                Scope {
                    class_member: true,
                    ..scope.inner()
                },
            ),
            "method_definition" if scope.class_member => self.method(node, scope, walk),
            "method_signature" | "abstract_method_signature" if scope.class_member => {
                self.method_signature(node, scope)
            }
            "public_field_definition" | "field_definition" if scope.class_member => {
                self.class_field(node, scope, walk)
            }
            "property_signature" if scope.class_member => self.interface_property(node, scope),
            "function_declaration" | "generator_function_declaration" => {
                self.function_declaration(node, scope, walk)
            }
            "arrow_function" | "function_expression" | "function" | "generator_function" => {
                self.function_value(node, scope, walk)
            }
            "variable_declarator" => self.variable_declarator(node, scope, walk),
            "assignment_expression" => self.assignment(node, scope, walk),
            "call_expression" => self.call(node, scope, walk),
            "jsx_opening_element" | "jsx_self_closing_element" => {
                self.jsx_element(node, scope);
                walk.children(node, scope.inner());
            }
            _ => walk.children(node, scope.inner()),
        }
    }

    // --- parameters ---------------------------------------------------------------------

    pub(super) fn function_params(&self, function: Node) -> Vec<String> {
        if let Some(parameters) = function.child_by_field_name("parameters") {
            return self.param_names(parameters);
        }
        // `x => …` has a single bare parameter.
        function
            .child_by_field_name("parameter")
            .and_then(|parameter| self.pattern_name(parameter))
            .into_iter()
            .collect()
    }

    pub(super) fn param_names(&self, parameters: Node) -> Vec<String> {
        let mut cursor = parameters.walk();
        parameters
            .named_children(&mut cursor)
            .filter_map(|parameter| match parameter.kind() {
                "required_parameter" | "optional_parameter" => {
                    self.pattern_name(parameter.child_by_field_name("pattern")?)
                }
                _ => self.pattern_name(parameter),
            })
            .collect()
    }

    /// The name a parameter pattern binds; placeholders for destructuring; `None` for
    /// TypeScript's `this` parameter, comments and decorators.
    pub(super) fn pattern_name(&self, pattern: Node) -> Option<String> {
        match pattern.kind() {
            "identifier" => Some(self.text(pattern).to_string()),
            "object_pattern" => Some(OBJECT_PARAM.to_string()),
            "array_pattern" => Some(ARRAY_PARAM.to_string()),
            "assignment_pattern" => self.pattern_name(pattern.child_by_field_name("left")?),
            "rest_pattern" => {
                let mut cursor = pattern.walk();
                let inner = pattern.named_children(&mut cursor).next()?;
                Some(format!("...{}", self.pattern_name(inner)?))
            }
            _ => None,
        }
    }

    // --- functions ----------------------------------------------------------------------

    /// The function entry for `qualname`, created on first use.
    pub(super) fn open_function(&mut self, qualname: String) -> usize {
        if let Some(&index) = self.function_by_name.get(&qualname) {
            return index;
        }
        let index = self.facts.functions.len();
        self.facts.functions.push(FunctionFacts {
            qualname: qualname.clone(),
            calls: Vec::new(),
        });
        self.function_by_name.insert(qualname, index);
        index
    }

    /// `function f() {}`: a new function at top level (or directly in a class body such
    /// as a static block); folded into the enclosing function otherwise.
    pub(super) fn function_declaration<'t>(
        &mut self,
        node: Node<'t>,
        scope: Scope<'t>,
        walk: &mut Walk<'t>,
    ) {
        let name = node.child_by_field_name("name").map(|name| self.text(name));
        match (scope.function, name) {
            (None, Some(name)) if !name.is_empty() => {
                let function = self.open_function(name.to_string());
                walk.children(node, scope.with_function(function));
            }
            _ => walk.children(node, scope.inner()),
        }
    }

    /// Arrow functions and function expressions: named by the declaration holding them
    /// (`const f = () => {}`) or their own name, when not already inside a function.
    pub(super) fn function_value<'t>(
        &mut self,
        node: Node<'t>,
        scope: Scope<'t>,
        walk: &mut Walk<'t>,
    ) {
        if scope.function.is_none() {
            let name = scope
                .name_hint
                .or_else(|| node.child_by_field_name("name"))
                .map(|name| self.text(name))
                .unwrap_or_default();
            if !name.is_empty() {
                let function = self.open_function(name.to_string());
                walk.children(node, scope.with_function(function));
                return;
            }
        }
        walk.children(node, scope.inner());
    }

    pub(super) fn variable_declarator<'t>(
        &mut self,
        node: Node<'t>,
        scope: Scope<'t>,
        walk: &mut Walk<'t>,
    ) {
        let (Some(name), Some(value)) = (
            node.child_by_field_name("name"),
            node.child_by_field_name("value"),
        ) else {
            walk.children(node, scope.inner());
            return;
        };
        if self.is_require_call(value)
            && let Some(target) = self.literal_argument(value)
        {
            let names = self.destructured_keys(name);
            self.add_import(target, names);
            return;
        }
        if name.kind() != "identifier" {
            walk.children(node, scope.inner());
            return;
        }
        let value_scope = match value.kind() {
            "arrow_function"
            | "function_expression"
            | "function"
            | "generator_function"
            | "class" => scope.with_hint(name),
            "call_expression" if scope.function.is_none() && wraps_function(value, 0) => {
                let function = self.open_function(self.text(name).to_string());
                scope.with_function(function)
            }
            _ => scope.inner(),
        };
        walk.children_except(node, scope.inner(), value, value_scope);
    }

    /// `this.x = new Foo()` (composition); at top level, CommonJS `exports.f = function
    /// () {}` / `module.exports.f = () => {}` (the function `f`) and
    /// `Foo.prototype.m = function () {}` (the function `Foo.m`).
    pub(super) fn assignment<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            walk.children(node, scope.inner());
            return;
        };
        if left.kind() != "member_expression" {
            walk.children(node, scope.inner());
            return;
        }
        let object = left.child_by_field_name("object");
        if let (Some(class), Some("this"), "new_expression") = (
            scope.class,
            object.map(|object| object.kind()),
            right.kind(),
        ) {
            self.add_constructed_fields(class, right);
        }
        let property = left.child_by_field_name("property");
        if let (None, Some(object), Some(property)) = (scope.function, object, property)
            && is_function_literal(right)
        {
            if matches!(self.text(object), "exports" | "module.exports") {
                walk.children_except(node, scope.inner(), right, scope.with_hint(property));
                return;
            }
            if let Some(owner) = self.prototype_owner(object) {
                let qualname = format!("{owner}.{}", self.text(property));
                let function = self.open_function(qualname);
                walk.children_except(node, scope.inner(), right, scope.with_function(function));
                return;
            }
        }
        walk.children(node, scope.inner());
    }

    /// `Foo.prototype` → `Foo`.
    pub(super) fn prototype_owner(&self, object: Node) -> Option<&'s str> {
        if object.kind() != "member_expression" {
            return None;
        }
        let property = object.child_by_field_name("property")?;
        let owner = object.child_by_field_name("object")?;
        (self.text(property) == "prototype" && owner.kind() == "identifier")
            .then(|| self.text(owner))
    }

    // --- calls --------------------------------------------------------------------------

    pub(super) fn call<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
        let Some(callee) = node.child_by_field_name("function") else {
            walk.children(node, scope.inner());
            return;
        };
        if callee.kind() == "import" || self.is_require_call(node) {
            // Dynamic `import('m')` and `require('m')` are imports, not calls.
            if let Some(target) = self.literal_argument(node) {
                self.add_import(target, Vec::new());
            }
        } else if let Some(function) = scope.function
            && let Some(call) = self.call_target(callee, scope)
        {
            self.add_call(function, call);
        }
        walk.children(node, scope.inner());
    }

    pub(super) fn add_call(&mut self, function: usize, call: Call) {
        if let Some(function) = self.facts.functions.get_mut(function) {
            function.calls.push(call);
        }
    }

    /// `f()` → Bare `f`; `this.m()` → SelfRef `Class.m`; `obj.m()`, `a?.b()`,
    /// `super.m()` → Qualified by the object's text. Other callees (`f()()`,
    /// `obj[k]()`, `(0, f)()`) are not named calls.
    pub(super) fn call_target(&self, callee: Node, scope: Scope) -> Option<Call> {
        match callee.kind() {
            "identifier" => Some(Call {
                callee: self.text(callee).to_string(),
                via: CallVia::Bare,
            }),
            "member_expression" => {
                let object = callee.child_by_field_name("object")?;
                let property = self.text(callee.child_by_field_name("property")?);
                match (object.kind(), scope.class) {
                    ("this", Some(class)) => Some(Call {
                        callee: format!("{}.{}", self.class_name(class), property),
                        via: CallVia::SelfRef,
                    }),
                    _ => Some(Call {
                        callee: property.to_string(),
                        via: CallVia::Qualified(qualifier(self.text(object))),
                    }),
                }
            }
            _ => None,
        }
    }

    /// `<Comp />` is a call to `Comp` (lowercase tags are DOM elements);
    /// `<ui.Button />` a call to `Button` qualified by `ui`.
    pub(super) fn jsx_element(&mut self, node: Node, scope: Scope) {
        let (Some(function), Some(tag)) = (scope.function, node.child_by_field_name("name")) else {
            return;
        };
        let text = self.text(tag);
        let call = match tag.kind() {
            "identifier" if text.starts_with(|c: char| c.is_uppercase()) => Call {
                callee: text.to_string(),
                via: CallVia::Bare,
            },
            "member_expression" | "nested_identifier" => match text.rsplit_once('.') {
                Some((qualifier, name)) => Call {
                    callee: name.to_string(),
                    via: CallVia::Qualified(self::qualifier(qualifier)),
                },
                None => return,
            },
            _ => return,
        };
        self.add_call(function, call);
    }
}

pub(super) fn is_function_literal(node: Node) -> bool {
    matches!(
        node.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

/// Whether a call wraps a function literal, directly or through nested wrapper calls
/// (`memo(forwardRef((props, ref) => …))`).
pub(super) fn wraps_function(call: Node, depth: usize) -> bool {
    pub(super) const MAX_WRAPPERS: usize = 4;
    let Some(arguments) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .any(|argument| match argument.kind() {
            "arrow_function" | "function_expression" | "function" => true,
            "call_expression" => depth < MAX_WRAPPERS && wraps_function(argument, depth + 1),
            _ => false,
        })
}

/// Appends a named base unless it is missing, empty or already listed.
pub(super) fn push_unique(list: &mut Vec<String>, item: Option<String>) {
    if let Some(item) = item {
        common::push_unique(list, &item);
    }
}

/// Qualifiers longer than this (bytes) are cut: a call on a large expression (a minified
/// IIFE, a long call chain) would otherwise copy that expression once per call.
pub(super) const MAX_QUALIFIER: usize = 80;

/// Source text as a call qualifier: on one line (whitespace runs, such as the line breaks
/// of a call chain, become one space) and at most [`MAX_QUALIFIER`] bytes, cut with `…`.
pub(super) fn qualifier(text: &str) -> String {
    common::qualifier(text, MAX_QUALIFIER, &[])
}
