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

use tree_sitter::Language;

use super::{Grammar, common};

use crate::visualize::facts::FileFacts;

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
    /// The tree-sitter language of the dialect.
    pub(super) fn language(self) -> Language {
        match self {
            Dialect::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Dialect::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Dialect::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    /// The dialect's place among the JavaScript parsers, below 3.
    pub(super) fn slot(self) -> usize {
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
    common::extract(Grammar::Js(dialect), source, |root| {
        let mut extractor = Extractor::new(source);
        extractor.walk(root);
        extractor.facts
    })
}

mod classes;
mod extract;
mod imports;
mod resolve;
#[cfg(test)]
mod tests;

use extract::Extractor;
pub use resolve::{Aliases, PathAlias, Resolver};
