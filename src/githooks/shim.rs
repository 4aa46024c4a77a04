//! Hook shims: rendered from the POSIX-sh bodies in the top-level `hooks/` folder, carrying
//! an ownership marker and a script version, and recognised again by that marker.

use super::HookType;
use std::path::Path;

/// Bump when the shim body changes in a way that needs reinstalling.
pub const SHIM_VERSION: u32 = 1;

/// The line prefix that marks a file as ours.
pub const MARKER: &str = "# pactkit-managed-hook:";

const VERSION_PREFIX: &str = "# pactkit-shim-version:";
const BIN_PREFIX: &str = "installed_bin=";

fn body(hook: HookType) -> &'static str {
    match hook {
        HookType::PreCommit => include_str!("../../hooks/pre-commit.sh"),
        HookType::CommitMsg => include_str!("../../hooks/commit-msg.sh"),
        HookType::PrePush => include_str!("../../hooks/pre-push.sh"),
        HookType::PreReceive => include_str!("../../hooks/pre-receive.sh"),
    }
}

/// The shim for `hook`, calling `binary` (falling back to `pactkit` on PATH).
pub fn render(hook: HookType, binary: &Path) -> String {
    body(hook)
        .replace("@PACTKIT_BIN@", &shell_quote(&binary.to_string_lossy()))
        .replace("@SHIM_VERSION@", &SHIM_VERSION.to_string())
}

/// Quotes a string for POSIX sh: single quotes, with embedded `'` closed and escaped.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What an installed file's content says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShimInfo {
    /// The script version it was rendered with (0 when unreadable).
    pub version: u32,
    /// The binary path baked in, if readable.
    pub binary: Option<String>,
}

/// Whether `content` carries our marker.
pub fn is_ours(content: &str) -> bool {
    content.lines().take(5).any(|line| line.starts_with(MARKER))
}

/// Reads version and binary from a shim we wrote; `None` when it is not ours.
pub fn inspect(content: &str) -> Option<ShimInfo> {
    if !is_ours(content) {
        return None;
    }
    let version = content
        .lines()
        .find_map(|line| line.strip_prefix(VERSION_PREFIX))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let binary = content
        .lines()
        .find_map(|line| line.strip_prefix(BIN_PREFIX))
        .map(shell_unquote);
    Some(ShimInfo { version, binary })
}

fn shell_unquote(text: &str) -> String {
    let inner = text
        .trim()
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or(text);
    inner.replace(r"'\''", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_shim_is_ours_and_round_trips_the_binary() {
        let shim = render(HookType::CommitMsg, Path::new("/opt/it's here/pactkit"));
        assert!(shim.starts_with("#!/bin/sh\n"));
        let info = inspect(&shim).expect("ours");
        assert_eq!(info.version, SHIM_VERSION);
        assert_eq!(info.binary.as_deref(), Some("/opt/it's here/pactkit"));
        assert!(shim.contains("hooks run commit-msg --shim-version 1"));
        assert!(
            !shim.contains("@PACTKIT_BIN@") && !shim.contains("@SHIM_VERSION@"),
            "all placeholders filled: {shim}"
        );
    }

    #[test]
    fn foreign_scripts_are_not_ours() {
        assert!(inspect("#!/bin/sh\nnpx lint-staged\n").is_none());
        assert!(!is_ours("#!/usr/bin/env bash\n# husky\n"));
    }
}
