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
