//! Classes, interfaces and enums of the JavaScript reader: their bases, members, fields
//! and the composition read from constructors and field initialisers.

use tree_sitter::Node;

use super::extract::{Extractor, Scope, Walk, push_unique};
use crate::visualize::facts::{ClassFacts, ClassKind, Method};

impl<'s> Extractor<'s> {
    // --- classes ------------------------------------------------------------------------

    pub(super) fn class<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
        let name = node
            .child_by_field_name("name")
            .or(scope.name_hint)
            .map(|name| self.text(name))
            .unwrap_or_default();
        if name.is_empty() {
            // Anonymous class: its methods fold into the enclosing function.
            if let Some(body) = node.child_by_field_name("body") {
                walk.children(body, scope.inner());
            }
            return;
        }
        let bases = self.class_bases(node);
        let class = self.add_class(name, ClassKind::Class, bases);
        if let Some(body) = node.child_by_field_name("body") {
            walk.push(
                body,
                Scope {
                    class: Some(class),
                    function: None,
                    class_member: false,
                    name_hint: None,
                },
            );
        }
    }

    pub(super) fn add_class(&mut self, name: &str, kind: ClassKind, bases: Vec<String>) -> usize {
        self.facts.classes.push(ClassFacts {
            name: name.to_string(),
            kind,
            bases,
            fields: Vec::new(),
            methods: Vec::new(),
        });
        self.facts.classes.len() - 1
    }

    /// `extends B implements C, D` (TypeScript) or `extends B` (JavaScript, where the
    /// heritage holds the expression directly).
    pub(super) fn class_bases(&self, class: Node) -> Vec<String> {
        let mut bases = Vec::new();
        let mut cursor = class.walk();
        let Some(heritage) = class
            .named_children(&mut cursor)
            .find(|child| child.kind() == "class_heritage")
        else {
            return bases;
        };
        let mut heritage_cursor = heritage.walk();
        for part in heritage.named_children(&mut heritage_cursor) {
            match part.kind() {
                "extends_clause" => {
                    let mut clause_cursor = part.walk();
                    for value in part.children_by_field_name("value", &mut clause_cursor) {
                        push_unique(&mut bases, self.expression_base(value));
                    }
                }
                "implements_clause" => {
                    let mut clause_cursor = part.walk();
                    for ty in part.named_children(&mut clause_cursor) {
                        push_unique(&mut bases, self.type_base(ty));
                    }
                }
                _ => push_unique(&mut bases, self.expression_base(part)),
            }
        }
        bases
    }

    /// `B` → `B`, `ns.B` → `B`; calls (`mixin(B)`) and other expressions → `None`.
    pub(super) fn expression_base(&self, node: Node) -> Option<String> {
        let name = match node.kind() {
            "identifier" => node,
            "member_expression" => node.child_by_field_name("property")?,
            _ => return None,
        };
        Some(self.text(name).to_string())
    }

    /// `C`, `C<T>`, `ns.C` → `C`.
    pub(super) fn type_base(&self, node: Node) -> Option<String> {
        match node.kind() {
            "type_identifier" | "identifier" => Some(self.text(node).to_string()),
            "generic_type" | "nested_type_identifier" => {
                self.type_base(node.child_by_field_name("name")?)
            }
            _ => None,
        }
    }

    pub(super) fn interface<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
        let Some(name) = node.child_by_field_name("name").map(|name| self.text(name)) else {
            return;
        };
        let mut bases = Vec::new();
        let mut cursor = node.walk();
        for clause in node.named_children(&mut cursor) {
            if clause.kind() == "extends_type_clause" {
                let mut clause_cursor = clause.walk();
                for ty in clause.named_children(&mut clause_cursor) {
                    push_unique(&mut bases, self.type_base(ty));
                }
            }
        }
        let class = self.add_class(name, ClassKind::Interface, bases);
        if let Some(body) = node.child_by_field_name("body") {
            walk.push(
                body,
                Scope {
                    class: Some(class),
                    ..scope.inner()
                },
            );
        }
    }

    pub(super) fn enumeration(&mut self, node: Node) {
        if let Some(name) = node.child_by_field_name("name").map(|name| self.text(name)) {
            self.add_class(name, ClassKind::Enum, Vec::new());
        }
    }

    pub(super) fn class_name(&self, class: usize) -> &str {
        self.facts
            .classes
            .get(class)
            .map(|class| class.name.as_str())
            .unwrap_or_default()
    }

    pub(super) fn add_field(&mut self, class: usize, type_name: String) {
        if let Some(class) = self.facts.classes.get_mut(class)
            && !type_name.is_empty()
            && !class.fields.contains(&type_name)
        {
            class.fields.push(type_name);
        }
    }

    /// Every type name in a type annotation: `Item[]`, `Map<string, Item>` → `Map`,
    /// `Item`; `ns.Repo` → `Repo` (the namespace part is not a `type_identifier`).
    pub(super) fn add_field_types(&mut self, class: usize, annotation: Node) {
        let mut pending = vec![annotation];
        let mut found = Vec::new();
        while let Some(node) = pending.pop() {
            if node.kind() == "type_identifier" {
                found.push(self.text(node).to_string());
                continue;
            }
            let start = pending.len();
            let mut cursor = node.walk();
            pending.extend(node.named_children(&mut cursor));
            pending[start..].reverse();
        }
        for type_name in found {
            self.add_field(class, type_name);
        }
    }

    pub(super) fn add_method(
        &mut self,
        class: usize,
        name: &str,
        params: Vec<String>,
        public: bool,
    ) {
        if let Some(class) = self.facts.classes.get_mut(class)
            && !class.methods.iter().any(|method| method.name == name)
        {
            class.methods.push(Method {
                name: name.to_string(),
                params,
                public,
            });
        }
    }

    /// The name of a class member: identifiers, `#private`, quoted and numeric names;
    /// `None` for computed names.
    pub(super) fn member_name(&self, member: Node) -> Option<String> {
        let name = member
            .child_by_field_name("name")
            .or_else(|| member.child_by_field_name("property"))?;
        let text = match name.kind() {
            "property_identifier" | "private_property_identifier" | "number" => {
                self.text(name).to_string()
            }
            "string" => self.string_value(name)?,
            _ => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    /// Not `private`/`protected` and not a `#private` name.
    pub(super) fn is_public(&self, member: Node, name: &str) -> bool {
        if name.starts_with('#') {
            return false;
        }
        let mut cursor = member.walk();
        let hidden = member.children(&mut cursor).any(|child| {
            child.kind() == "accessibility_modifier"
                && matches!(self.text(child), "private" | "protected")
        });
        !hidden
    }

    pub(super) fn method<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
        let (Some(class), Some(name)) = (scope.class, self.member_name(node)) else {
            walk.children(node, scope.inner());
            return;
        };
        let parameters = node.child_by_field_name("parameters");
        let params = parameters
            .map(|parameters| self.param_names(parameters))
            .unwrap_or_default();
        let public = self.is_public(node, &name);
        self.add_method(class, &name, params, public);
        if name == "constructor"
            && let Some(parameters) = parameters
        {
            self.parameter_properties(class, parameters);
        }
        let qualname = format!("{}.{}", self.class_name(class), name);
        let function = self.open_function(qualname);
        walk.children(node, scope.with_function(function));
    }

    pub(super) fn method_signature(&mut self, node: Node, scope: Scope) {
        let (Some(class), Some(name)) = (scope.class, self.member_name(node)) else {
            return;
        };
        let params = node
            .child_by_field_name("parameters")
            .map(|parameters| self.param_names(parameters))
            .unwrap_or_default();
        let public = self.is_public(node, &name);
        self.add_method(class, &name, params, public);
    }

    /// `constructor(private repo: Repo, readonly log: Log)` declares fields.
    pub(super) fn parameter_properties(&mut self, class: usize, parameters: Node) {
        let mut cursor = parameters.walk();
        for parameter in parameters.named_children(&mut cursor) {
            if !matches!(
                parameter.kind(),
                "required_parameter" | "optional_parameter"
            ) {
                continue;
            }
            let mut modifier_cursor = parameter.walk();
            let is_property = parameter.children(&mut modifier_cursor).any(|child| {
                matches!(
                    child.kind(),
                    "accessibility_modifier" | "readonly" | "override_modifier"
                )
            });
            if let (true, Some(annotation)) = (is_property, parameter.child_by_field_name("type")) {
                self.add_field_types(class, annotation);
            }
        }
    }

    /// A class field: its type annotation and `new Foo()` initialiser are composition;
    /// an arrow function or function expression initialiser makes it a method.
    pub(super) fn class_field<'t>(
        &mut self,
        node: Node<'t>,
        scope: Scope<'t>,
        walk: &mut Walk<'t>,
    ) {
        let Some(class) = scope.class else {
            walk.children(node, scope.inner());
            return;
        };
        if let Some(annotation) = node.child_by_field_name("type") {
            self.add_field_types(class, annotation);
        }
        let Some(value) = node.child_by_field_name("value") else {
            return;
        };
        match (value.kind(), self.member_name(node)) {
            ("arrow_function" | "function_expression" | "function", Some(name)) => {
                let params = self.function_params(value);
                let public = self.is_public(node, &name);
                self.add_method(class, &name, params, public);
                let qualname = format!("{}.{}", self.class_name(class), name);
                let function = self.open_function(qualname);
                walk.children(value, scope.with_function(function));
            }
            ("new_expression", _) => {
                self.add_constructed_fields(class, value);
                walk.push(value, scope.inner());
            }
            _ => walk.push(value, scope.inner()),
        }
    }

    pub(super) fn interface_property(&mut self, node: Node, scope: Scope) {
        if let (Some(class), Some(annotation)) = (scope.class, node.child_by_field_name("type")) {
            self.add_field_types(class, annotation);
        }
    }

    /// `new Foo()` → `Foo`; `new ns.Map<string, Item>()` → `Map`, `Item`.
    pub(super) fn add_constructed_fields(&mut self, class: usize, new_expression: Node) {
        let constructed = new_expression
            .child_by_field_name("constructor")
            .and_then(|constructor| self.expression_base(constructor));
        if let Some(type_name) = constructed {
            self.add_field(class, type_name);
        }
        if let Some(arguments) = new_expression.child_by_field_name("type_arguments") {
            self.add_field_types(class, arguments);
        }
    }
}
