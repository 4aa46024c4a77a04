//! The languages visualize reads, one module each: parse with the language's tree-sitter
//! grammar, extract [`FileFacts`], resolve imports to project files. Every module exposes
//! the same shape:
//!
//! - `pub fn extract(source: &str) -> FileFacts` (the JS module takes a `Dialect` too):
//!   never fails; tree-sitter recovers from syntax errors, so a broken file yields what
//!   could be read.
//! - `pub struct Resolver` with `pub fn new(index: &ProjectIndex) -> Resolver` (built once
//!   per run, may precompute lookup tables) and
//!   `pub fn resolve(&self, from: &str, import: &Import) -> Vec<String>`: the project files
//!   (paths in `index.files`) the import refers to, sorted, deduplicated, never `from`
//!   itself; empty for third-party and standard-library imports.

mod common;
pub mod go;
pub mod java;
pub mod javascript;
pub mod python;
pub mod rust;

use super::facts::{FileFacts, Import, ProjectIndex};
use crate::stack::Lang;

/// The grammar a source file is parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grammar {
    /// Python (`.py`, `.pyi`).
    Python,
    /// JavaScript, TypeScript or TSX.
    Js(JsDialect),
    /// Go.
    Go,
    /// Java.
    Java,
    /// Rust.
    Rust,
}

/// Re-exported so callers need not know which module owns it.
pub use javascript::Dialect as JsDialect;

impl Grammar {
    /// The grammar for a path, from its extension; `None` for files visualize does not read.
    pub fn of_path(path: &str) -> Option<Grammar> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (_, ext) = name.rsplit_once('.')?;
        Some(match ext {
            "py" | "pyi" => Grammar::Python,
            "go" => Grammar::Go,
            "java" => Grammar::Java,
            "rs" => Grammar::Rust,
            _ => Grammar::Js(javascript::dialect_of(path)?),
        })
    }

    /// How many grammars there are: the parser slots [`Grammar::slot`] indexes.
    const SLOTS: usize = 7;

    /// This grammar's parser slot, below [`Grammar::SLOTS`].
    fn slot(self) -> usize {
        match self {
            Grammar::Python => 0,
            Grammar::Go => 1,
            Grammar::Java => 2,
            Grammar::Rust => 3,
            Grammar::Js(dialect) => 4 + dialect.slot(),
        }
    }

    /// The tree-sitter language that parses this grammar.
    fn language(self) -> tree_sitter::Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::Go => tree_sitter_go::LANGUAGE.into(),
            Grammar::Java => tree_sitter_java::LANGUAGE.into(),
            Grammar::Rust => tree_sitter_rust::LANGUAGE.into(),
            Grammar::Js(dialect) => dialect.language(),
        }
    }

    /// The stack the grammar belongs to.
    pub fn stack(self) -> Lang {
        match self {
            Grammar::Python => Lang::Python,
            Grammar::Js(_) => Lang::Node,
            Grammar::Go => Lang::Go,
            Grammar::Java => Lang::Java,
            Grammar::Rust => Lang::Rust,
        }
    }

    /// The facts of one file.
    pub fn extract(self, source: &str) -> FileFacts {
        match self {
            Grammar::Python => python::extract(source),
            Grammar::Js(dialect) => javascript::extract(source, dialect),
            Grammar::Go => go::extract(source),
            Grammar::Java => java::extract(source),
            Grammar::Rust => rust::extract(source),
        }
    }
}

/// One resolver per language, built once per run.
pub struct Resolvers {
    python: python::Resolver,
    js: javascript::Resolver,
    go: go::Resolver,
    java: java::Resolver,
    rust: rust::Resolver,
}

impl Resolvers {
    /// Builds every language's lookup tables; `tsconfigs` are (directory, text) pairs.
    pub fn new(index: &ProjectIndex, tsconfigs: &[(String, String)]) -> Resolvers {
        let aliases = tsconfigs
            .iter()
            .map(|(dir, text)| javascript::Aliases::from_tsconfig(dir, text))
            .collect();
        Resolvers {
            python: python::Resolver::new(index),
            js: javascript::Resolver::new(index).with_aliases(aliases),
            go: go::Resolver::new(index),
            java: java::Resolver::new(index),
            rust: rust::Resolver::new(index),
        }
    }

    /// The project files `import` (written in `from`) refers to.
    pub fn resolve(&self, grammar: Grammar, from: &str, import: &Import) -> Vec<String> {
        match grammar {
            Grammar::Python => self.python.resolve(from, import),
            Grammar::Js(_) => self.js.resolve(from, import),
            Grammar::Go => self.go.resolve(from, import),
            Grammar::Java => self.java.resolve(from, import),
            Grammar::Rust => self.rust.resolve(from, import),
        }
    }
}
