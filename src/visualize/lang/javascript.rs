//! Placeholder until the JS/TS extractor lands.
use crate::visualize::facts::{FileFacts, Import, ProjectIndex};

/// A JS dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// JavaScript and JSX.
    JavaScript,
    /// TypeScript.
    TypeScript,
    /// TSX.
    Tsx,
}

/// The dialect of a file.
pub fn dialect_of(path: &str) -> Option<Dialect> {
    let ext = path.rsplit_once('.')?.1;
    match ext {
        "ts" | "mts" | "cts" if !path.ends_with(".d.ts") => Some(Dialect::TypeScript),
        "tsx" => Some(Dialect::Tsx),
        "js" | "mjs" | "cjs" | "jsx" => Some(Dialect::JavaScript),
        _ => None,
    }
}

/// The facts of one file.
pub fn extract(_source: &str, _dialect: Dialect) -> FileFacts {
    FileFacts::default()
}

/// tsconfig path aliases.
pub struct Aliases;

impl Aliases {
    /// Reads a tsconfig.json.
    pub fn from_tsconfig(_dir: &str, _json_text: &str) -> Aliases {
        Aliases
    }
}

/// Resolves imports to project files.
pub struct Resolver;

impl Resolver {
    /// Builds the lookup tables.
    pub fn new(_index: &ProjectIndex) -> Resolver {
        Resolver
    }
    /// Adds tsconfig aliases.
    pub fn with_aliases(self, _aliases: Vec<Aliases>) -> Resolver {
        self
    }
    /// The files an import refers to.
    pub fn resolve(&self, _from: &str, _import: &Import) -> Vec<String> {
        Vec::new()
    }
}
