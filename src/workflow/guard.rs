//! The init markers of a PactKit project: a `pactkit.yaml`, the sprint
//! board and the graphs directory. Reports what is missing; prints nothing.
//!
//! Not carried over from PactKit: the comparison of `~/.claude/.pactkit-version` with the
//! running version, which belongs to the deployment work.

use super::schema::{BOARD_FILE, GRAPHS_DIR};
use crate::config::CANDIDATES;
use std::path::Path;

/// The messages of the markers missing under `root`, in PactKit's order; empty when the
/// project is initialised.
pub fn missing_markers(root: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !CANDIDATES.iter().any(|rel| root.join(rel).is_file()) {
        missing.push("pactkit.yaml not found (run `pactkit init`)".to_owned());
    }
    if !root.join(BOARD_FILE).is_file() {
        missing.push(format!("{BOARD_FILE} not found (run `/project-init`)"));
    }
    if !root.join(GRAPHS_DIR).is_dir() {
        missing.push(format!("{GRAPHS_DIR}/ not found (run `/project-init`)"));
    }
    missing
}
