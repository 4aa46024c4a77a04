//! Imports of the JavaScript reader: ES `import`/`export … from`, and CommonJS `require`
//! with the keys it destructures.

use tree_sitter::Node;

use super::extract::Extractor;
use crate::visualize::facts::Import;

impl<'s> Extractor<'s> {
    // --- imports ------------------------------------------------------------------------

    pub(super) fn add_import(&mut self, target: String, names: Vec<String>) {
        if !target.is_empty() {
            self.facts.imports.push(Import { target, names });
        }
    }

    pub(super) fn import_statement(&mut self, node: Node) {
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

    pub(super) fn import_clause_names(&self, statement: Node) -> Vec<String> {
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
    pub(super) fn export_from(&mut self, node: Node) {
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
    pub(super) fn specifier_names(&self, list: Node, names: &mut Vec<String>) {
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
    pub(super) fn string_value(&self, node: Node) -> Option<String> {
        if node.kind() != "string" {
            return None;
        }
        let text = self.text(node);
        let inner = text.get(1..text.len().checked_sub(1)?)?;
        Some(inner.to_string())
    }

    pub(super) fn string_field(&self, node: Node, field: &str) -> Option<String> {
        self.string_value(node.child_by_field_name(field)?)
    }

    /// The specifier of `require('m')` / `import('m')` when it is a plain string.
    pub(super) fn literal_argument(&self, call: Node) -> Option<String> {
        let arguments = call.child_by_field_name("arguments")?;
        let mut cursor = arguments.walk();
        let first = arguments
            .named_children(&mut cursor)
            .find(|argument| argument.kind() != "comment")?;
        self.string_value(first)
    }

    pub(super) fn is_require_call(&self, node: Node) -> bool {
        node.kind() == "call_expression"
            && node
                .child_by_field_name("function")
                .is_some_and(|function| {
                    function.kind() == "identifier" && self.text(function) == "require"
                })
    }

    /// Names bound by `const {a, b: c} = require('m')`: the keys `a`, `b`.
    pub(super) fn destructured_keys(&self, pattern: Node) -> Vec<String> {
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
}
