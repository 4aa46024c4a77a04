//! JavaScript, TypeScript and TSX/JSX for visualize: picks the dialect from a file name,
//! extracts [`FileFacts`] from the tree-sitter syntax tree in one walk, and resolves import
//! specifiers to project files (relative paths, the TypeScript extension and `index`
//! probing, and `tsconfig.json` `baseUrl`/`paths` aliases through [`Aliases`]).
//!
//! Extraction conventions beyond the shared model:
//! - `Import::names` holds the exported names a statement asks for: named specifiers by
//!   their original name (`{b as c}` → `b`), the local name of a default import, and the
//!   keys of a destructured `require`; namespace, side-effect and `export *` imports have
//!   none.
//! - A destructured parameter is shown as [`OBJECT_PARAM`] or [`ARRAY_PARAM`]; a rest
//!   parameter as `...name`.
//! - A class field initialised with an arrow function or function expression
//!   (`onClick = () => {…}`) is a method of the class, like a method definition.
//! - A top-level `const X = wrap(() => {…})` (React `memo`/`forwardRef`, HOCs) is the
//!   function `X`; its calls, including the wrapper call, belong to `X`.
//! - CommonJS `exports.f = function () {}` / `module.exports.f = () => {}` declare `f`;
//!   `Foo.prototype.m = function () {}` declares `Foo.m` (no class: `this.x()` in it stays
//!   qualified by `this`).
//! - Composition also comes from `this.x = new Foo()` in any method and from field
//!   initialisers `x = new Foo()`.
//! - JSX: `<Comp />` is a bare call of `Comp` (lowercase tags are DOM elements) and
//!   `<ui.Panel />` a call of `Panel` qualified by `ui`.
//! - Call qualifiers are the object's source text on one line, cut to a bounded length.
//! - Getter/setter pairs and TypeScript overload signatures give one method and one
//!   function per name.
//! - Methods with computed names (`[Symbol.iterator]()`), anonymous default exports and
//!   object-literal methods get no entry of their own; their calls fold into the enclosing
//!   named function, if any.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde_json::Value;
use tree_sitter::{Language, Node, Parser, Tree, TreeCursor};

use super::common;

use crate::visualize::facts::{
    Call, CallVia, ClassFacts, ClassKind, FileFacts, FunctionFacts, Import, Method, ProjectIndex,
};

/// How a destructured object parameter (`{a, b}`) is listed among a method's params.
pub const OBJECT_PARAM: &str = "{…}";
/// How a destructured array parameter (`[a, b]`) is listed among a method's params.
pub const ARRAY_PARAM: &str = "[…]";

/// Which grammar parses a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// `.js .mjs .cjs .jsx` (the JavaScript grammar parses JSX).
    JavaScript,
    /// `.ts .mts .cts`.
    TypeScript,
    /// `.tsx`.
    Tsx,
}

impl Dialect {
    fn language(self) -> Language {
        match self {
            Dialect::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Dialect::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Dialect::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    fn slot(self) -> usize {
        match self {
            Dialect::JavaScript => 0,
            Dialect::TypeScript => 1,
            Dialect::Tsx => 2,
        }
    }
}

/// The dialect of a source file, `None` for other files and for declaration files
/// (`.d.ts`, `.d.mts`, `.d.cts`), which declare but never implement.
pub fn dialect_of(path: &str) -> Option<Dialect> {
    let file_name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if [".d.ts", ".d.mts", ".d.cts"]
        .iter()
        .any(|suffix| file_name.ends_with(suffix))
    {
        return None;
    }
    match file_name.rsplit_once('.')?.1 {
        "ts" | "mts" | "cts" => Some(Dialect::TypeScript),
        "tsx" => Some(Dialect::Tsx),
        "js" | "mjs" | "cjs" | "jsx" => Some(Dialect::JavaScript),
        _ => None,
    }
}

/// The facts of one JavaScript/TypeScript file. Never fails: a file that cannot be parsed
/// at all gives empty facts, a file with syntax errors what tree-sitter recovered.
pub fn extract(source: &str, dialect: Dialect) -> FileFacts {
    let Some(tree) = parse(source, dialect) else {
        return FileFacts::default();
    };
    let mut extractor = Extractor::new(source);
    extractor.walk(&tree);
    extractor.facts
}

thread_local! {
    /// One parser per dialect per thread, created on first use.
    static PARSERS: [RefCell<Option<Parser>>; 3] =
        const { [RefCell::new(None), RefCell::new(None), RefCell::new(None)] };
}

fn parse(source: &str, dialect: Dialect) -> Option<Tree> {
    PARSERS.with(|parsers| {
        common::parse_cached(&parsers[dialect.slot()], || dialect.language(), source)
    })
}

// ---------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------

/// Where a node sits: the enclosing class and named function (indices into the facts),
/// whether it is a direct member of a class/interface body, and the name a declaration
/// gives it (`const A = class {}`, `const f = () => {}`).
#[derive(Clone, Copy)]
struct Scope<'t> {
    class: Option<usize>,
    function: Option<usize>,
    class_member: bool,
    name_hint: Option<Node<'t>>,
}

impl<'t> Scope<'t> {
    const TOP: Scope<'t> = Scope {
        class: None,
        function: None,
        class_member: false,
        name_hint: None,
    };

    /// The scope a node passes to its children by default.
    fn inner(self) -> Scope<'t> {
        Scope {
            class_member: false,
            name_hint: None,
            ..self
        }
    }

    fn with_function(self, function: usize) -> Scope<'t> {
        Scope {
            function: Some(function),
            ..self.inner()
        }
    }

    fn with_hint(self, hint: Node<'t>) -> Scope<'t> {
        Scope {
            name_hint: Some(hint),
            ..self.inner()
        }
    }
}

/// The pending nodes of the (iterative, so arbitrarily deep trees cannot overflow the
/// stack) pre-order walk, and a cursor reused for listing children.
struct Walk<'t> {
    pending: Vec<(Node<'t>, Scope<'t>)>,
    cursor: TreeCursor<'t>,
}

impl<'t> Walk<'t> {
    /// Queues the named children of `node` so they are visited next, in source order.
    fn children(&mut self, node: Node<'t>, scope: Scope<'t>) {
        let start = self.pending.len();
        self.pending.extend(
            node.named_children(&mut self.cursor)
                .map(|child| (child, scope)),
        );
        self.pending[start..].reverse();
    }

    /// Like [`Walk::children`], but `special` gets its own scope.
    fn children_except(
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

    fn push(&mut self, node: Node<'t>, scope: Scope<'t>) {
        self.pending.push((node, scope));
    }
}

struct Extractor<'s> {
    source: &'s str,
    facts: FileFacts,
    /// Function qualname → index in `facts.functions`, so getter/setter pairs and
    /// repeated declarations share one entry.
    function_by_name: HashMap<String, usize>,
}

impl<'s> Extractor<'s> {
    fn new(source: &'s str) -> Self {
        Extractor {
            source,
            facts: FileFacts::default(),
            function_by_name: HashMap::new(),
        }
    }

    fn text(&self, node: Node) -> &'s str {
        node.utf8_text(self.source.as_bytes()).unwrap_or_default()
    }

    fn walk(&mut self, tree: &Tree) {
        let root = tree.root_node();
        let mut walk = Walk {
            pending: vec![(root, Scope::TOP)],
            cursor: root.walk(),
        };
        while let Some((node, scope)) = walk.pending.pop() {
            self.visit(node, scope, &mut walk);
        }
    }

    fn visit<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    // --- imports ------------------------------------------------------------------------

    fn add_import(&mut self, target: String, names: Vec<String>) {
        if !target.is_empty() {
            self.facts.imports.push(Import { target, names });
        }
    }

    fn import_statement(&mut self, node: Node) {
        if let Some(target) = self.string_field(node, "source") {
            let names = self.import_clause_names(node);
            self.add_import(target, names);
            return;
        }
        // TypeScript `import x = require('m')`.
        let mut cursor = node.walk();
        let clause = node
            .named_children(&mut cursor)
            .find(|child| child.kind() == "import_require_clause");
        if let Some(target) = clause.and_then(|clause| self.string_field(clause, "source")) {
            self.add_import(target, Vec::new());
        }
    }

    fn import_clause_names(&self, statement: Node) -> Vec<String> {
        let mut names = Vec::new();
        let mut cursor = statement.walk();
        for clause in statement.named_children(&mut cursor) {
            if clause.kind() != "import_clause" {
                continue;
            }
            let mut clause_cursor = clause.walk();
            for part in clause.named_children(&mut clause_cursor) {
                match part.kind() {
                    "identifier" => names.push(self.text(part).to_string()),
                    "named_imports" => self.specifier_names(part, &mut names),
                    _ => {}
                }
            }
        }
        names
    }

    /// `export {a, b as c} from 'm'` and `export * from 'm'`.
    fn export_from(&mut self, node: Node) {
        let Some(target) = self.string_field(node, "source") else {
            return;
        };
        let mut names = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if child.kind() == "export_clause" {
                self.specifier_names(child, &mut names);
            }
        }
        self.add_import(target, names);
    }

    /// The original names of `import_specifier`/`export_specifier` children.
    fn specifier_names(&self, list: Node, names: &mut Vec<String>) {
        let mut cursor = list.walk();
        for specifier in list.named_children(&mut cursor) {
            if let Some(name) = specifier.child_by_field_name("name") {
                let name = if name.kind() == "string" {
                    self.string_value(name).unwrap_or_default()
                } else {
                    self.text(name).to_string()
                };
                if !name.is_empty() {
                    names.push(name);
                }
            }
        }
    }

    /// The contents of a plain string literal; `None` for anything else (templates,
    /// expressions).
    fn string_value(&self, node: Node) -> Option<String> {
        if node.kind() != "string" {
            return None;
        }
        let text = self.text(node);
        let inner = text.get(1..text.len().checked_sub(1)?)?;
        Some(inner.to_string())
    }

    fn string_field(&self, node: Node, field: &str) -> Option<String> {
        self.string_value(node.child_by_field_name(field)?)
    }

    /// The specifier of `require('m')` / `import('m')` when it is a plain string.
    fn literal_argument(&self, call: Node) -> Option<String> {
        let arguments = call.child_by_field_name("arguments")?;
        let mut cursor = arguments.walk();
        let first = arguments
            .named_children(&mut cursor)
            .find(|argument| argument.kind() != "comment")?;
        self.string_value(first)
    }

    fn is_require_call(&self, node: Node) -> bool {
        node.kind() == "call_expression"
            && node
                .child_by_field_name("function")
                .is_some_and(|function| {
                    function.kind() == "identifier" && self.text(function) == "require"
                })
    }

    /// Names bound by `const {a, b: c} = require('m')`: the keys `a`, `b`.
    fn destructured_keys(&self, pattern: Node) -> Vec<String> {
        let mut names = Vec::new();
        if pattern.kind() != "object_pattern" {
            return names;
        }
        let mut cursor = pattern.walk();
        for property in pattern.named_children(&mut cursor) {
            let key = match property.kind() {
                "shorthand_property_identifier_pattern" => Some(property),
                "pair_pattern" => property.child_by_field_name("key"),
                "object_assignment_pattern" => property.child_by_field_name("left"),
                _ => None,
            };
            if let Some(key) = key {
                names.push(self.text(key).to_string());
            }
        }
        names
    }

    // --- classes ------------------------------------------------------------------------

    fn class<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    fn add_class(&mut self, name: &str, kind: ClassKind, bases: Vec<String>) -> usize {
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
    fn class_bases(&self, class: Node) -> Vec<String> {
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
    fn expression_base(&self, node: Node) -> Option<String> {
        let name = match node.kind() {
            "identifier" => node,
            "member_expression" => node.child_by_field_name("property")?,
            _ => return None,
        };
        Some(self.text(name).to_string())
    }

    /// `C`, `C<T>`, `ns.C` → `C`.
    fn type_base(&self, node: Node) -> Option<String> {
        match node.kind() {
            "type_identifier" | "identifier" => Some(self.text(node).to_string()),
            "generic_type" | "nested_type_identifier" => {
                self.type_base(node.child_by_field_name("name")?)
            }
            _ => None,
        }
    }

    fn interface<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    fn enumeration(&mut self, node: Node) {
        if let Some(name) = node.child_by_field_name("name").map(|name| self.text(name)) {
            self.add_class(name, ClassKind::Enum, Vec::new());
        }
    }

    fn class_name(&self, class: usize) -> &str {
        self.facts
            .classes
            .get(class)
            .map(|class| class.name.as_str())
            .unwrap_or_default()
    }

    fn add_field(&mut self, class: usize, type_name: String) {
        if let Some(class) = self.facts.classes.get_mut(class)
            && !type_name.is_empty()
            && !class.fields.contains(&type_name)
        {
            class.fields.push(type_name);
        }
    }

    /// Every type name in a type annotation: `Item[]`, `Map<string, Item>` → `Map`,
    /// `Item`; `ns.Repo` → `Repo` (the namespace part is not a `type_identifier`).
    fn add_field_types(&mut self, class: usize, annotation: Node) {
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

    fn add_method(&mut self, class: usize, name: &str, params: Vec<String>, public: bool) {
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
    fn member_name(&self, member: Node) -> Option<String> {
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
    fn is_public(&self, member: Node, name: &str) -> bool {
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

    fn method<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    fn method_signature(&mut self, node: Node, scope: Scope) {
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
    fn parameter_properties(&mut self, class: usize, parameters: Node) {
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
    fn class_field<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    fn interface_property(&mut self, node: Node, scope: Scope) {
        if let (Some(class), Some(annotation)) = (scope.class, node.child_by_field_name("type")) {
            self.add_field_types(class, annotation);
        }
    }

    /// `new Foo()` → `Foo`; `new ns.Map<string, Item>()` → `Map`, `Item`.
    fn add_constructed_fields(&mut self, class: usize, new_expression: Node) {
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

    // --- parameters ---------------------------------------------------------------------

    fn function_params(&self, function: Node) -> Vec<String> {
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

    fn param_names(&self, parameters: Node) -> Vec<String> {
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
    fn pattern_name(&self, pattern: Node) -> Option<String> {
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
    fn open_function(&mut self, qualname: String) -> usize {
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
    fn function_declaration<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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
    fn function_value<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    fn variable_declarator<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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
    fn assignment<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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
    fn prototype_owner(&self, object: Node) -> Option<&'s str> {
        if object.kind() != "member_expression" {
            return None;
        }
        let property = object.child_by_field_name("property")?;
        let owner = object.child_by_field_name("object")?;
        (self.text(property) == "prototype" && owner.kind() == "identifier")
            .then(|| self.text(owner))
    }

    // --- calls --------------------------------------------------------------------------

    fn call<'t>(&mut self, node: Node<'t>, scope: Scope<'t>, walk: &mut Walk<'t>) {
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

    fn add_call(&mut self, function: usize, call: Call) {
        if let Some(function) = self.facts.functions.get_mut(function) {
            function.calls.push(call);
        }
    }

    /// `f()` → Bare `f`; `this.m()` → SelfRef `Class.m`; `obj.m()`, `a?.b()`,
    /// `super.m()` → Qualified by the object's text. Other callees (`f()()`,
    /// `obj[k]()`, `(0, f)()`) are not named calls.
    fn call_target(&self, callee: Node, scope: Scope) -> Option<Call> {
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
    fn jsx_element(&mut self, node: Node, scope: Scope) {
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

fn is_function_literal(node: Node) -> bool {
    matches!(
        node.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

/// Whether a call wraps a function literal, directly or through nested wrapper calls
/// (`memo(forwardRef((props, ref) => …))`).
fn wraps_function(call: Node, depth: usize) -> bool {
    const MAX_WRAPPERS: usize = 4;
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
fn push_unique(list: &mut Vec<String>, item: Option<String>) {
    if let Some(item) = item {
        common::push_unique(list, &item);
    }
}

/// Qualifiers longer than this (bytes) are cut: a call on a large expression (a minified
/// IIFE, a long call chain) would otherwise copy that expression once per call.
const MAX_QUALIFIER: usize = 80;

/// Source text as a call qualifier: on one line (whitespace runs, such as the line breaks
/// of a call chain, become one space) and at most [`MAX_QUALIFIER`] bytes, cut with `…`.
fn qualifier(text: &str) -> String {
    common::qualifier(text, MAX_QUALIFIER, &[])
}

// ---------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------

/// Extensions probed after a specifier without one, in order.
const PROBE_EXTENSIONS: [&str; 8] = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/// The TypeScript sources an ESM-style `.js`-family specifier may stand for.
const TS_COUNTERPARTS: [(&str, &[&str]); 4] = [
    (".js", &[".ts", ".tsx"]),
    (".jsx", &[".tsx"]),
    (".mjs", &[".mts"]),
    (".cjs", &[".cts"]),
];

/// One `compilerOptions.paths` entry, targets already made relative to the repository
/// root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathAlias {
    /// The pattern as written: `@/*` (one `*` matches any text) or an exact specifier.
    pub pattern: String,
    /// Replacement paths relative to the repository root, the `*` kept: `src/*`.
    pub targets: Vec<String>,
}

impl PathAlias {
    /// The text `*` stands for when `specifier` matches (`""` for exact patterns).
    fn matched<'a>(&self, specifier: &'a str) -> Option<&'a str> {
        match self.pattern.split_once('*') {
            Some((prefix, suffix)) => specifier.strip_prefix(prefix)?.strip_suffix(suffix),
            None => (self.pattern == specifier).then_some(""),
        }
    }

    fn prefix_len(&self) -> usize {
        self.pattern
            .split_once('*')
            .map_or(self.pattern.len(), |(prefix, _)| prefix.len())
    }
}

/// The module aliases of one `tsconfig.json`/`jsconfig.json`; they apply to files under
/// its directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    /// The config's directory relative to the repository root (`""` for the root).
    pub dir: String,
    /// `compilerOptions.baseUrl`, relative to the repository root.
    pub base_url: Option<String>,
    /// `compilerOptions.paths`, in file order.
    pub paths: Vec<PathAlias>,
    /// Relative `extends` targets, relative to the repository root as written (the
    /// caller may read them and [`Aliases::inherit`]); package configs are left out.
    pub extends: Vec<String>,
}

impl Aliases {
    /// Reads `baseUrl`, `paths` and `extends` from a config in `dir` (relative to the
    /// root). Comments and trailing commas are allowed; unreadable text gives no aliases.
    pub fn from_tsconfig(dir: &str, json_text: &str) -> Aliases {
        let dir = join_path("", dir).unwrap_or_default();
        let mut aliases = Aliases {
            dir: dir.clone(),
            ..Aliases::default()
        };
        let Ok(config) = crate::jsonc::parse(json_text) else {
            return aliases;
        };
        aliases.extends = match config.get("extends") {
            Some(Value::String(parent)) => vec![parent.clone()],
            Some(Value::Array(parents)) => parents
                .iter()
                .filter_map(|parent| parent.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
        .into_iter()
        .filter(|parent| parent.starts_with('.'))
        .filter_map(|parent| join_path(&dir, &parent))
        .collect();
        let options = config.get("compilerOptions");
        aliases.base_url = options
            .and_then(|options| options.get("baseUrl"))
            .and_then(Value::as_str)
            .and_then(|base| join_path(&dir, base));
        // Path targets are relative to baseUrl, or to the config's directory without one.
        let target_root = aliases.base_url.clone().unwrap_or_else(|| dir.clone());
        if let Some(Value::Object(paths)) = options.and_then(|options| options.get("paths")) {
            for (pattern, targets) in paths {
                let Value::Array(targets) = targets else {
                    continue;
                };
                let targets: Vec<String> = targets
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(|target| join_path(&target_root, target))
                    .collect();
                if pattern.matches('*').count() <= 1 && !targets.is_empty() {
                    aliases.paths.push(PathAlias {
                        pattern: pattern.clone(),
                        targets,
                    });
                }
            }
        }
        aliases
    }

    /// Takes `baseUrl` and `paths` from the config this one `extends` where it sets none.
    pub fn inherit(&mut self, parent: &Aliases) {
        if self.base_url.is_none() {
            self.base_url = parent.base_url.clone();
        }
        if self.paths.is_empty() {
            self.paths = parent.paths.clone();
        }
    }

    fn defines_anything(&self) -> bool {
        self.base_url.is_some() || !self.paths.is_empty()
    }

    fn applies_to(&self, file: &str) -> bool {
        self.dir.is_empty()
            || file
                .strip_prefix(self.dir.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// The candidate paths of the best-matching `paths` pattern: an exact pattern, else
    /// the wildcard pattern with the longest prefix.
    fn candidates(&self, specifier: &str) -> Vec<String> {
        let best = self
            .paths
            .iter()
            .filter_map(|alias| Some((alias, alias.matched(specifier)?)))
            .max_by_key(|(alias, _)| (!alias.pattern.contains('*'), alias.prefix_len()));
        let Some((alias, matched)) = best else {
            return Vec::new();
        };
        alias
            .targets
            .iter()
            .map(|target| target.replacen('*', matched, 1))
            .collect()
    }
}

/// Resolves JS/TS import specifiers to project files.
pub struct Resolver {
    files: HashSet<String>,
    /// Deepest config directory first, so the nearest config wins.
    aliases: Vec<Aliases>,
}

impl Resolver {
    pub fn new(index: &ProjectIndex) -> Resolver {
        Resolver {
            files: index.files.iter().cloned().collect(),
            aliases: Vec::new(),
        }
    }

    /// Adds the aliases of the project's tsconfig/jsconfig files.
    pub fn with_aliases(mut self, aliases: Vec<Aliases>) -> Resolver {
        self.aliases = aliases;
        // Configs that contain the same file are nested, so the longer directory is the
        // nearer one.
        self.aliases
            .sort_by_key(|aliases| std::cmp::Reverse(aliases.dir.len()));
        self
    }

    /// The project file an import refers to (at most one); empty for packages.
    pub fn resolve(&self, from: &str, import: &Import) -> Vec<String> {
        let specifier = import.target.as_str();
        let found = if is_relative(specifier) {
            let specifier = specifier.split('?').next().unwrap_or(specifier);
            join_path(parent_dir(from), specifier).and_then(|path| self.probe(&path))
        } else if let Some(rooted) = specifier.strip_prefix('/') {
            join_path("", rooted).and_then(|path| self.probe(&path))
        } else {
            self.resolve_aliased(from, specifier)
        };
        found.filter(|path| path != from).into_iter().collect()
    }

    /// Through the configs whose directory holds `from`, nearest first (TypeScript reads
    /// only the nearest, but falling back to the outer ones covers a nested config that
    /// `extends` an outer one without [`Aliases::inherit`]): `paths`, then `baseUrl`.
    fn resolve_aliased(&self, from: &str, specifier: &str) -> Option<String> {
        self.aliases
            .iter()
            .filter(|aliases| aliases.defines_anything() && aliases.applies_to(from))
            .find_map(|aliases| self.resolve_through(aliases, specifier))
    }

    fn resolve_through(&self, aliases: &Aliases, specifier: &str) -> Option<String> {
        let through_paths = aliases
            .candidates(specifier)
            .iter()
            .filter_map(|candidate| join_path("", candidate))
            .find_map(|candidate| self.probe(&candidate));
        through_paths.or_else(|| {
            let base = aliases.base_url.as_deref()?;
            self.probe(&join_path(base, specifier)?)
        })
    }

    /// The file a module path names: as is, with an extension, as a directory `index`,
    /// or the TypeScript source of a `.js`-family path.
    fn probe(&self, path: &str) -> Option<String> {
        if !path.is_empty() && self.files.contains(path) {
            return Some(path.to_string());
        }
        let with_extension = |base: &str| {
            PROBE_EXTENSIONS
                .iter()
                .map(|extension| format!("{base}{extension}"))
                .find(|candidate| self.files.contains(candidate))
        };
        if !path.is_empty()
            && let Some(found) = with_extension(path)
        {
            return Some(found);
        }
        let index = if path.is_empty() {
            "index".to_string()
        } else {
            format!("{path}/index")
        };
        if let Some(found) = with_extension(&index) {
            return Some(found);
        }
        TS_COUNTERPARTS.iter().find_map(|(js, sources)| {
            let stem = path.strip_suffix(js)?;
            sources
                .iter()
                .map(|source| format!("{stem}{source}"))
                .find(|candidate| self.files.contains(candidate))
        })
    }
}

fn is_relative(specifier: &str) -> bool {
    specifier == "."
        || specifier == ".."
        || specifier.starts_with("./")
        || specifier.starts_with("../")
}

fn parent_dir(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `dir` joined with `relative`, `.` and `..` resolved; `None` when it climbs above the
/// root.
fn join_path(dir: &str, relative: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in dir.split('/').chain(relative.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

#[cfg(test)]
mod tests;
