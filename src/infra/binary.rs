//! The running pactkit binary: the path shims and agent hooks call, and the name of the
//! `pactkit-full` binary that runs `visualize` with the tree-sitter grammars linked in.

use crate::infra::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The binary that runs `visualize` itself: pactkit with the tree-sitter grammars linked
/// in. `cargo install` puts it beside `pactkit`, which the hooks start and which stays lean.
pub const FULL_BINARY: &str = "pactkit-full";

/// The running pactkit binary, canonical (what shims and agent hooks call by path). Run as
/// `pactkit-full`, the lean `pactkit` beside it when there is one: hooks never need the
/// grammars that binary maps on every start.
pub fn current() -> Result<PathBuf> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::environment("cannot locate the running pactkit binary").caused_by(e))?;
    let exe = exe.canonicalize().unwrap_or(exe);
    Ok(lean_sibling(&exe).unwrap_or(exe))
}

fn lean_sibling(exe: &Path) -> Option<PathBuf> {
    if exe.file_stem()? != FULL_BINARY {
        return None;
    }
    let lean = exe.with_file_name(format!("pactkit{}", std::env::consts::EXE_SUFFIX));
    crate::infra::fsx::is_executable(&lean).then_some(lean)
}
