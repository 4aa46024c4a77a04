//! Where `pactkit.yaml` lives: `<root>/pactkit.yaml`, then PactKit's legacy locations in
//! PactKit's own order. First existing file wins; the others are reported as shadowed.

use std::path::{Path, PathBuf};

/// Candidate paths relative to the project root, in precedence order. The legacy four
/// keep PactKit's `PACTKIT_YAML_CANDIDATES` order so both tools read the same file.
pub const CANDIDATES: &[&str] = &[
    "pactkit.yaml",
    ".opencode/pactkit.yaml",
    ".codex/pactkit.yaml",
    ".github/pactkit.yaml",
    ".claude/pactkit.yaml",
];

/// The outcome of discovery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The file that is read, relative to the root.
    pub chosen: Option<&'static str>,
    /// Other existing candidates, relative to the root, that are ignored.
    pub shadowed: Vec<&'static str>,
}

/// Looks for every candidate under `root` (one `stat` each).
pub fn discover(root: &Path) -> Discovery {
    let mut found = CANDIDATES
        .iter()
        .copied()
        .filter(|rel| root.join(rel).is_file());
    let chosen = found.next();
    Discovery {
        chosen,
        shadowed: found.collect(),
    }
}

/// The warning message for shadowed candidates.
pub fn shadow_message(chosen: &str, shadowed: &[&str]) -> String {
    format!(
        "ignoring {} because {chosen} takes precedence (lookup order: {}); merge them into one file",
        shadowed.join(", "),
        CANDIDATES.join(", ")
    )
}

/// `root/rel` as a path.
pub fn absolute(root: &Path, rel: &str) -> PathBuf {
    root.join(rel)
}
