//! What the language readers share: one cached parser per grammar and thread, the
//! stack-free tree walks (the visitor walk and the type-name walk), the bookkeeping of
//! functions and methods, and the small text helpers for names and call qualifiers.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use tree_sitter::{Node, Parser, Tree};

use super::Grammar;
use crate::visualize::facts::{FileFacts, FunctionFacts, Method};

thread_local! {
    /// One parser per grammar (see [`Grammar::slot`]) and thread, created on first use.
    static PARSERS: [RefCell<Option<Parser>>; Grammar::SLOTS] =
        const { [const { RefCell::new(None) }; Grammar::SLOTS] };
}

/// The facts `read` takes from the syntax tree of `source`. Never fails: empty facts when
/// the grammar cannot be loaded; a file with syntax errors gives what tree-sitter
/// recovered.
pub(super) fn extract(
    grammar: Grammar,
    source: &str,
    read: impl FnOnce(Node<'_>) -> FileFacts,
) -> FileFacts {
    match parse(grammar, source) {
        Some(tree) => read(tree.root_node()),
        None => FileFacts::default(),
    }
}

/// Parses `source` with this thread's parser for `grammar`. `None` when the grammar
/// cannot be loaded or the parser is busy (re-entrant use).
fn parse(grammar: Grammar, source: &str) -> Option<Tree> {
    PARSERS.with(|parsers| {
        let mut slot = parsers[grammar.slot()].try_borrow_mut().ok()?;
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&grammar.language()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(source, None)
    })
}

/// Callbacks of [`walk`].
pub(super) trait Visitor {
    /// Called before a node's children; returns whether to visit them.
    fn enter(&mut self, node: Node<'_>) -> bool;
    /// Called after a node's children (also when they were skipped).
    fn leave(&mut self, node: Node<'_>);
}

/// Pre-order walk driven by one cursor: no recursion, so deeply nested input cannot
/// exhaust the stack. Gives the visitor back with what it collected.
pub(super) fn walk<V: Visitor>(root: Node<'_>, mut visitor: V) -> V {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if visitor.enter(node) && cursor.goto_first_child() {
            continue;
        }
        visitor.leave(node);
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return visitor;
            }
            visitor.leave(cursor.node());
        }
    }
}

/// A file's source bytes, for the readers' text lookups.
#[derive(Clone, Copy, Default)]
pub(super) struct Source<'s>(pub(super) &'s [u8]);

impl<'s> Source<'s> {
    /// The text of `node`; empty when it is not UTF-8.
    pub(super) fn text(self, node: Node<'_>) -> &'s str {
        node.utf8_text(self.0).unwrap_or_default()
    }

    /// The text of `node`'s child `field`; empty when it has none.
    pub(super) fn field_text(self, node: Node<'_>, field: &str) -> &'s str {
        node.child_by_field_name(field)
            .map(|child| self.text(child))
            .unwrap_or_default()
    }
}

/// Closes the innermost scope when the walk leaves the node that opened it (`opened_by`
/// gives a scope's node id).
pub(super) fn close_scope<S>(scopes: &mut Vec<S>, node: Node<'_>, opened_by: impl Fn(&S) -> usize) {
    if scopes
        .last()
        .is_some_and(|scope| opened_by(scope) == node.id())
    {
        scopes.pop();
    }
}

/// The receiver of a call as written, squeezed (see [`squeeze`]); cut after `max` bytes,
/// marked `…`, so long call chains (each link's receiver holds the chain before it) stay
/// linear.
pub(super) fn qualifier_text(
    source: &[u8],
    node: Node<'_>,
    max: usize,
    joiners: &[char],
) -> String {
    let range = node.byte_range();
    let end = range.end.min(range.start + max);
    let bytes = source.get(range.start..end).unwrap_or_default();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
    };
    if end < range.end {
        format!("{}…", squeeze(text, joiners))
    } else {
        squeeze(text, joiners)
    }
}

/// `text` as a call qualifier: squeezed (see [`squeeze`]) and cut after `max` bytes (on a
/// character boundary), marked `…`.
pub(super) fn qualifier(text: &str, max: usize, joiners: &[char]) -> String {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut < text.len() {
        format!("{}…", squeeze(&text[..cut], joiners))
    } else {
        squeeze(text, joiners)
    }
}

/// Type names held by the type expression `root`, each once, in source order, leaving out
/// the plain names (`type_identifier`, in every grammar) of `type_parameters`. `read` says
/// what a node contributes: the name it returns, and the nodes it pushes onto `inner` to
/// be read in turn. An explicit stack, not recursion: no nesting of types can exhaust the
/// thread's stack.
pub(super) fn collect_type_names<'t, 's>(
    root: Node<'t>,
    type_parameters: &HashSet<&str>,
    out: &mut Vec<String>,
    mut read: impl FnMut(Node<'t>, &mut Vec<Node<'t>>) -> Option<&'s str>,
) {
    let mut pending = vec![root];
    let mut inner = Vec::new();
    while let Some(node) = pending.pop() {
        if let Some(name) = read(node, &mut inner) {
            let is_parameter = node.kind() == "type_identifier" && type_parameters.contains(name);
            if !is_parameter {
                push_unique(out, name);
            }
        }
        // Reversed, so the first inner node is read next (pre-order, as written).
        pending.extend(inner.drain(..).rev());
    }
}

/// The index of the function `qualname` in `facts`, created on first sight: redefinitions
/// (and overloads) share one entry.
pub(super) fn function_slot(
    facts: &mut FileFacts,
    by_qualname: &mut HashMap<String, usize>,
    qualname: String,
) -> usize {
    if let Some(&index) = by_qualname.get(&qualname) {
        return index;
    }
    let index = facts.functions.len();
    by_qualname.insert(qualname.clone(), index);
    facts.functions.push(FunctionFacts {
        qualname,
        calls: Vec::new(),
    });
    index
}

/// Adds `method` unless it is unnamed or its name is listed already: the first definition
/// of a name stands.
pub(super) fn push_method(methods: &mut Vec<Method>, method: Method) {
    if !method.name.is_empty() && !methods.iter().any(|known| known.name == method.name) {
        methods.push(method);
    }
}

/// Appends `item` unless it is empty or already listed.
pub(super) fn push_unique(list: &mut Vec<String>, item: &str) {
    if !item.is_empty() && !list.iter().any(|known| known == item) {
        list.push(item.to_owned());
    }
}

/// Source text on one line: runs of whitespace become one space, and none is kept next
/// to a `joiner` (`a .\n b` → `a.b`; Rust also joins on `:`).
pub(super) fn squeeze(text: &str, joiners: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let glue = !out.is_empty() && !out.ends_with(joiners) && !word.starts_with(joiners);
        if glue {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lookups the readers' tests share.
#[cfg(test)]
pub(super) mod testing {
    use crate::visualize::facts::{Call, CallVia, ClassFacts, FileFacts};

    /// A call of `callee` by its bare name.
    pub fn bare(callee: &str) -> Call {
        Call {
            callee: callee.to_string(),
            via: CallVia::Bare,
        }
    }

    /// A call of `callee` on the instance (or class) itself.
    pub fn self_ref(callee: &str) -> Call {
        Call {
            callee: callee.to_string(),
            via: CallVia::SelfRef,
        }
    }

    /// A call of `callee` on `qualifier`.
    pub fn qualified(qualifier: &str, callee: &str) -> Call {
        Call {
            callee: callee.to_string(),
            via: CallVia::Qualified(qualifier.to_string()),
        }
    }

    /// The function qualnames, in order.
    pub fn qualnames(facts: &FileFacts) -> Vec<&str> {
        facts
            .functions
            .iter()
            .map(|function| function.qualname.as_str())
            .collect()
    }

    /// Name, parameters and visibility of each method of a class, in order.
    pub fn method_summary(class: &ClassFacts) -> Vec<(&str, Vec<&str>, bool)> {
        class
            .methods
            .iter()
            .map(|m| {
                (
                    m.name.as_str(),
                    m.params.iter().map(String::as_str).collect(),
                    m.public,
                )
            })
            .collect()
    }

    /// Asserts that function `f` calls `last` first, on `receiver` cut after `max` bytes
    /// and marked `…`.
    pub fn assert_receiver_cut(facts: &FileFacts, receiver: &str, max: usize) {
        let Call { callee, via } = &calls(facts, "f")[0];
        assert_eq!(callee, "last");
        let CallVia::Qualified(qualifier) = via else {
            panic!("not qualified: {via:?}");
        };
        assert!(qualifier.ends_with('…') && qualifier.len() <= max + '…'.len_utf8());
        assert!(receiver.starts_with(qualifier.trim_end_matches('…')));
    }

    /// The class `name` of `facts`; panics with the classes found when it is missing.
    pub fn class<'f>(facts: &'f FileFacts, name: &str) -> &'f ClassFacts {
        facts
            .classes
            .iter()
            .find(|class| class.name == name)
            .unwrap_or_else(|| panic!("no class {name} in {:#?}", facts.classes))
    }

    /// The import targets, in order.
    pub fn targets(facts: &FileFacts) -> Vec<&str> {
        facts
            .imports
            .iter()
            .map(|import| import.target.as_str())
            .collect()
    }

    /// The method names of a class, in order.
    pub fn method_names(class: &ClassFacts) -> Vec<&str> {
        class
            .methods
            .iter()
            .map(|method| method.name.as_str())
            .collect()
    }

    /// The calls of function `qualname`; panics with the functions found when missing.
    pub fn calls<'f>(facts: &'f FileFacts, qualname: &str) -> &'f [Call] {
        &facts
            .functions
            .iter()
            .find(|function| function.qualname == qualname)
            .unwrap_or_else(|| panic!("no function {qualname} in {:?}", facts.functions))
            .calls
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeeze_joins_around_the_joiners_only() {
        assert_eq!(squeeze("self .\n  repo", &['.']), "self.repo");
        assert_eq!(squeeze("a b", &['.']), "a b");
        assert_eq!(squeeze("crate ::\n store", &['.', ':']), "crate::store");
        assert_eq!(squeeze("x ::y", &['.']), "x ::y");
    }

    #[test]
    fn push_unique_skips_empty_and_repeated_items() {
        let mut list = Vec::new();
        for item in ["a", "", "b", "a"] {
            push_unique(&mut list, item);
        }
        assert_eq!(list, ["a", "b"]);
    }
}
