//! Python: turns a module's tree-sitter syntax tree into [`FileFacts`] (imports of every
//! form, classes with bases, attribute types and methods, functions with their calls) and
//! resolves `import` / `from … import` statements to project files through dotted module
//! keys (flat and `src/` layouts, nested projects, relative imports).

use std::collections::HashMap;

use super::Grammar;
use super::common::{self, Source, Visitor, walk};
use tree_sitter::Node;

use crate::visualize::facts::{Call, CallVia, ClassFacts, ClassKind, FileFacts, Import, Method};

/// Comment marker that declares calls the syntax cannot show (dynamic dispatch tables).
const TRACE_HINT: &str = "pactkit-trace:";
/// The one hint verb understood after [`TRACE_HINT`].
const DISPATCHES_TO: &str = "dispatches_to";
/// Bound on recursion through type annotations, far beyond any real annotation.
const MAX_TYPE_DEPTH: usize = 64;

/// Longest call qualifier kept in full; longer ones are cut (they name no module or
/// variable the graphs could match anyway).
const MAX_QUALIFIER_LEN: usize = 200;

/// Reads what one Python file declares and uses. Never fails: a file that does not parse
/// yields whatever tree-sitter could recover.
pub fn extract(source: &str) -> FileFacts {
    let extractor = Extractor {
        source: Source(source.as_bytes()),
        ..Extractor::default()
    };
    common::extract(Grammar::Python, source, |root| walk(root, extractor).facts)
}

/// What the code at the current position belongs to.
#[derive(Debug, Clone, Default)]
struct Scope {
    /// The node that opened the scope; the scope closes when the walk leaves it.
    node_id: usize,
    /// The class whose body (not a method of it) the position is in.
    class_body: Option<usize>,
    /// The function receiving calls: the outermost function around the position.
    function: Option<usize>,
    /// The class `self_name` refers to, inside its methods and their nested functions.
    owner: Option<usize>,
    /// The name of the instance (or class) parameter of the enclosing method.
    self_name: Option<String>,
}

#[derive(Default)]
struct Extractor<'s> {
    source: Source<'s>,
    facts: FileFacts,
    scopes: Vec<Scope>,
    function_by_qualname: HashMap<String, usize>,
    /// Start byte of a `function_definition` → the function its calls go to.
    function_by_def: HashMap<usize, usize>,
}

impl Visitor for Extractor<'_> {
    fn enter(&mut self, node: Node<'_>) -> bool {
        match node.kind() {
            "import_statement" => self.record_import(node),
            "import_from_statement" => self.record_from_import(node),
            "future_import_statement" => self.record_future_import(node),
            "class_definition" => {
                self.open_class(node);
                true
            }
            "function_definition" => {
                self.open_function(node);
                true
            }
            "call" => {
                self.record_call(node);
                true
            }
            "assignment" => {
                self.record_assignment(node);
                true
            }
            "comment" => {
                self.record_hint(node);
                false
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
        common::qualifier_text(self.source.0, node, MAX_QUALIFIER_LEN, &['.'])
    }

    fn scope(&self) -> Scope {
        self.scopes.last().cloned().unwrap_or_default()
    }

    fn record_import(&mut self, node: Node<'_>) -> bool {
        let mut cursor = node.walk();
        let targets: Vec<String> = node
            .children_by_field_name("name", &mut cursor)
            .map(|name| self.imported_module(name))
            .collect();
        for target in targets.into_iter().filter(|t| !t.is_empty()) {
            self.facts.imports.push(Import {
                target,
                names: Vec::new(),
            });
        }
        false
    }

    fn record_from_import(&mut self, node: Node<'_>) -> bool {
        let target = node
            .child_by_field_name("module_name")
            .map(|m| squeeze(self.source.text(m)))
            .unwrap_or_default();
        if target.is_empty() {
            return false;
        }
        let mut names = self.imported_names(node);
        let mut cursor = node.walk();
        if node
            .named_children(&mut cursor)
            .any(|c| c.kind() == "wildcard_import")
        {
            names.push("*".to_string());
        }
        self.facts.imports.push(Import { target, names });
        false
    }

    fn record_future_import(&mut self, node: Node<'_>) -> bool {
        let names = self.imported_names(node);
        self.facts.imports.push(Import {
            target: "__future__".to_string(),
            names,
        });
        false
    }

    /// The original names of `from m import a, b as c` (aliases dropped: the resolver
    /// needs the name the module defines).
    fn imported_names(&self, node: Node<'_>) -> Vec<String> {
        let mut cursor = node.walk();
        node.children_by_field_name("name", &mut cursor)
            .map(|name| self.imported_module(name))
            .filter(|name| !name.is_empty())
            .collect()
    }

    /// `a.b` for both `a.b` and `a.b as c`.
    fn imported_module(&self, name: Node<'_>) -> String {
        let dotted = if name.kind() == "aliased_import" {
            name.child_by_field_name("name")
        } else {
            Some(name)
        };
        dotted
            .map(|d| squeeze(self.source.text(d)))
            .unwrap_or_default()
    }

    fn open_class(&mut self, node: Node<'_>) {
        let name = self.source.field_text(node, "name");
        if name.is_empty() {
            return;
        }
        let bases = node
            .child_by_field_name("superclasses")
            .map(|list| self.base_names(list))
            .unwrap_or_default();
        let index = self.facts.classes.len();
        self.facts.classes.push(ClassFacts {
            name: name.to_string(),
            kind: ClassKind::Class,
            bases,
            fields: Vec::new(),
            methods: Vec::new(),
        });
        let parent = self.scope();
        self.scopes.push(Scope {
            node_id: node.id(),
            class_body: Some(index),
            ..parent
        });
    }

    /// Base classes from `class X(a.Base, Generic[T], metaclass=M)`: `Base`, `Generic`.
    fn base_names(&self, list: Node<'_>) -> Vec<String> {
        let mut bases: Vec<String> = Vec::new();
        let mut cursor = list.walk();
        for argument in list.named_children(&mut cursor) {
            let Some(name) = self.base_name(argument) else {
                continue;
            };
            if name != "object" && !bases.iter().any(|b| b == name) {
                bases.push(name.to_string());
            }
        }
        bases
    }

    /// `Base` for `Base`, `pkg.Base` and `Base[T]` (also `Base[T][U]`).
    fn base_name(&self, expression: Node<'_>) -> Option<&'s str> {
        let mut expression = expression;
        while expression.kind() == "subscript" {
            expression = expression.child_by_field_name("value")?;
        }
        match expression.kind() {
            "identifier" => Some(self.source.text(expression)),
            "attribute" => Some(self.source.field_text(expression, "attribute")),
            _ => None,
        }
        .filter(|name| !name.is_empty())
    }

    fn open_function(&mut self, node: Node<'_>) {
        let name = self.source.field_text(node, "name");
        let parent = self.scope();
        let owner = parent.class_body;
        let is_static = is_static_method(node, self.source.0);
        let mut params = node
            .child_by_field_name("parameters")
            .map(|p| self.parameter_names(p))
            .unwrap_or_default();
        let self_name = match owner {
            Some(_) if !is_static && !params.is_empty() => Some(params.remove(0)),
            _ => None,
        };
        let qualname = match owner {
            Some(class) => {
                self.add_method(class, name, params);
                format!("{}.{}", self.facts.classes[class].name, name)
            }
            None => name.to_string(),
        };
        let function = match parent.function {
            Some(enclosing) => enclosing,
            None if name.is_empty() => return,
            None => self.function_slot(qualname),
        };
        self.function_by_def.insert(node.start_byte(), function);
        let (owner, self_name) = match owner {
            Some(_) => (owner, self_name),
            None => (parent.owner, parent.self_name),
        };
        self.scopes.push(Scope {
            node_id: node.id(),
            class_body: None,
            function: Some(function),
            owner,
            self_name,
        });
    }

    fn add_method(&mut self, class: usize, name: &str, params: Vec<String>) {
        let method = Method {
            name: name.to_string(),
            params,
            public: is_public_name(name),
        };
        // Property setters and `@overload` stubs repeat a name: the first one stands.
        common::push_method(&mut self.facts.classes[class].methods, method);
    }

    /// The function called `qualname`, created on first sight (redefinitions share it).
    fn function_slot(&mut self, qualname: String) -> usize {
        common::function_slot(&mut self.facts, &mut self.function_by_qualname, qualname)
    }

    /// Parameter names, `*args` / `**kwargs` without their stars, no `*` / `/` markers.
    fn parameter_names(&self, parameters: Node<'_>) -> Vec<String> {
        let mut cursor = parameters.walk();
        parameters
            .named_children(&mut cursor)
            .filter_map(|p| self.parameter_name(p))
            .filter(|name| !name.is_empty())
            .collect()
    }

    fn parameter_name(&self, parameter: Node<'_>) -> Option<String> {
        match parameter.kind() {
            "identifier" => Some(self.source.text(parameter).to_string()),
            "default_parameter" | "typed_default_parameter" => {
                Some(squeeze(self.source.field_text(parameter, "name")))
            }
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                let mut cursor = parameter.walk();
                let inner = parameter
                    .named_children(&mut cursor)
                    .find(|c| c.kind() != "type")?;
                self.parameter_name(inner)
            }
            "tuple_pattern" => Some(squeeze(self.source.text(parameter))),
            _ => None,
        }
    }

    fn record_call(&mut self, call: Node<'_>) {
        let Some(scope) = self.scopes.last() else {
            return;
        };
        let Some(function) = scope.function else {
            return;
        };
        let Some(callee) = call.child_by_field_name("function") else {
            return;
        };
        let recorded = match callee.kind() {
            // `super()` only qualifies the call around it.
            "identifier" if self.source.text(callee) == "super" => None,
            "identifier" => Some(Call {
                callee: self.source.text(callee).to_string(),
                via: CallVia::Bare,
            }),
            "attribute" => self.attribute_call(callee, scope),
            _ => None,
        };
        if let Some(recorded) = recorded.filter(|c| !c.callee.is_empty()) {
            self.facts.functions[function].calls.push(recorded);
        }
    }

    /// `self.m()` → `Class.m`; `super().m()` → via `super`; `obj.m()` → via `obj`.
    fn attribute_call(&self, attribute: Node<'_>, scope: &Scope) -> Option<Call> {
        let method = self.source.field_text(attribute, "attribute");
        let object = attribute.child_by_field_name("object")?;
        if let Some(owner) = self.self_owner(object, scope) {
            return Some(Call {
                callee: format!("{}.{}", self.facts.classes[owner].name, method),
                via: CallVia::SelfRef,
            });
        }
        let qualifier = if self.is_super_call(object) {
            "super".to_string()
        } else {
            self.qualifier_text(object)
        };
        Some(Call {
            callee: method.to_string(),
            via: CallVia::Qualified(qualifier),
        })
    }

    /// The class `expression` denotes when it is the method's `self` / `cls` parameter.
    fn self_owner(&self, expression: Node<'_>, scope: &Scope) -> Option<usize> {
        let owner = scope.owner?;
        let name = self.source.text(expression);
        let is_self = expression.kind() == "identifier"
            && (scope.self_name.as_deref() == Some(name) || name == "self" || name == "cls");
        is_self.then_some(owner)
    }

    fn is_super_call(&self, expression: Node<'_>) -> bool {
        expression.kind() == "call"
            && expression
                .child_by_field_name("function")
                .is_some_and(|f| self.source.text(f) == "super")
    }

    /// Composition candidates: class-level `x: Foo` / `x = Foo()`, and `self.x = Foo()` /
    /// `self.x: Foo` inside methods.
    fn record_assignment(&mut self, assignment: Node<'_>) {
        let Some(scope) = self.scopes.last() else {
            return;
        };
        let Some(left) = assignment.child_by_field_name("left") else {
            return;
        };
        let class = match (scope.class_body, scope.owner) {
            (Some(class), _) if left.kind() == "identifier" => class,
            (None, Some(_)) if left.kind() == "attribute" => {
                let object = left.child_by_field_name("object");
                match object.and_then(|o| self.self_owner(o, scope)) {
                    Some(owner) => owner,
                    None => return,
                }
            }
            _ => return,
        };
        let mut names = Vec::new();
        if let Some(annotation) = assignment.child_by_field_name("type") {
            self.type_names(annotation, 0, &mut names);
        }
        if let Some(constructor) = assignment
            .child_by_field_name("right")
            .and_then(|r| self.constructor_name(r))
        {
            names.push(constructor.to_string());
        }
        let fields = &mut self.facts.classes[class].fields;
        for name in names {
            if !name.is_empty() && !fields.contains(&name) {
                fields.push(name);
            }
        }
    }

    /// `Foo` for `Foo(...)`, `mod.Foo(...)` and `Foo[int](...)`.
    fn constructor_name(&self, expression: Node<'_>) -> Option<&'s str> {
        if expression.kind() != "call" {
            return None;
        }
        self.base_name(expression.child_by_field_name("function")?)
    }

    /// Every type name an annotation mentions, last dotted segment: `Optional[list[a.Foo]]`
    /// → `Optional`, `list`, `Foo`; string forward references are read too.
    fn type_names(&self, node: Node<'_>, depth: usize, out: &mut Vec<String>) {
        if depth > MAX_TYPE_DEPTH {
            return;
        }
        match node.kind() {
            "identifier" => out.push(self.source.text(node).to_string()),
            "attribute" => out.push(self.source.field_text(node, "attribute").to_string()),
            "member_type" => {
                let mut cursor = node.walk();
                let last = node
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "identifier")
                    .last();
                if let Some(last) = last {
                    out.push(self.source.text(last).to_string());
                }
            }
            "string" => out.extend(names_in_text(self.source.text(node))),
            _ => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    self.type_names(child, depth + 1, out);
                }
            }
        }
    }

    /// `# pactkit-trace: dispatches_to a, b` adds bare calls `a`, `b` to the function the
    /// comment sits in (or trails, when indented deeper than that function's `def`).
    fn record_hint(&mut self, comment: Node<'_>) {
        let targets = hinted_callees(self.source.text(comment));
        if targets.is_empty() {
            return;
        }
        let function = self
            .scope()
            .function
            .or_else(|| self.trailed_function(comment));
        let Some(function) = function else {
            return;
        };
        let calls = &mut self.facts.functions[function].calls;
        calls.extend(targets.into_iter().map(|callee| Call {
            callee,
            via: CallVia::Bare,
        }));
    }

    /// tree-sitter attaches comments after a function's last statement to the enclosing
    /// block; such a comment belongs to the preceding `def` when indented deeper than it.
    fn trailed_function(&self, comment: Node<'_>) -> Option<usize> {
        let mut previous = comment.prev_named_sibling();
        while let Some(node) = previous.filter(|n| n.kind() == "comment") {
            previous = node.prev_named_sibling();
        }
        let mut definition = previous?;
        if definition.kind() == "decorated_definition" {
            definition = definition.child_by_field_name("definition")?;
        }
        let indented_deeper = comment.start_position().column > definition.start_position().column;
        if definition.kind() != "function_definition" || !indented_deeper {
            return None;
        }
        self.function_by_def.get(&definition.start_byte()).copied()
    }
}

fn is_static_method(definition: Node<'_>, source: &[u8]) -> bool {
    let Some(decorated) = definition
        .parent()
        .filter(|p| p.kind() == "decorated_definition")
    else {
        return false;
    };
    let mut cursor = decorated.walk();
    decorated
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "decorator")
        .any(|decorator| {
            let text = decorator.utf8_text(source).unwrap_or_default();
            let name = text.trim_start_matches('@').trim();
            name == "staticmethod" || name.ends_with(".staticmethod")
        })
}

/// Python's convention: no leading underscore, except dunder methods (`__init__`).
fn is_public_name(name: &str) -> bool {
    !name.starts_with('_') || (name.len() > 4 && name.starts_with("__") && name.ends_with("__"))
}

/// The callees a trace-hint comment names; empty for any other comment.
fn hinted_callees(comment: &str) -> Vec<String> {
    let body = comment.trim_start_matches('#').trim();
    let Some(hint) = body.strip_prefix(TRACE_HINT) else {
        return Vec::new();
    };
    let Some(list) = hint.trim().strip_prefix(DISPATCHES_TO) else {
        return Vec::new();
    };
    if !list.is_empty() && !list.starts_with(char::is_whitespace) {
        return Vec::new();
    }
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// Identifier-like words of a string annotation, last dotted segment each.
fn names_in_text(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .filter_map(|word| word.rsplit('.').next())
        .filter(|word| word.chars().next().is_some_and(|c| !c.is_numeric()))
        .map(str::to_string)
        .collect()
}

/// Source text with line breaks and indentation removed around dots, other whitespace
/// runs collapsed to one space: `self .repo` → `self.repo`.
fn squeeze(text: &str) -> String {
    common::squeeze(text, &['.'])
}

mod resolve;
#[cfg(test)]
mod tests;

pub use resolve::Resolver;
