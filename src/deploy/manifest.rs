//! Ownership: `<root>/.pactkit-manifest.json` lists every file, managed block and
//! `opencode.json` entry a deployment wrote, with the content hash we wrote. A file whose
//! hash still matches is ours to replace or remove; anything else belongs to the user.
//!
//! The manifest has no timestamps, so an unchanged deployment rewrites it byte for byte.

use super::{blocks, opencode_json};
use crate::infra::fsx;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The manifest's file name inside a deployment root.
pub const FILE_NAME: &str = ".pactkit-manifest.json";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A whole file we wrote.
    File,
    /// Our managed block inside a Markdown file (hash of the block's content).
    Block,
    /// Our entry in `opencode.json`'s `instructions` (hash of the entry).
    JsonEntry,
}

/// One thing we wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Path relative to the root, `/`-separated; may start with `../` (a project's
    /// `AGENTS.md` and `.agents/skills` for Codex).
    pub path: String,
    /// What is recorded.
    pub kind: EntryKind,
    /// `sha1:<hex>` of what we wrote (file bytes, block content, or entry string).
    pub hash: String,
    /// The template it came from (`agents/qa-engineer.md`, `managed-block`, …).
    pub template: String,
    /// The pactkit version that wrote it.
    pub version: String,
    /// True when we created the host file (blocks, JSON entries): it may go when empty.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub created: bool,
    /// For JSON entries: the entry text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A deployment root's manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The pactkit version of the last write.
    pub pactkit_version: String,
    /// `classic`, `opencode`, `codex` or `ci`.
    pub format: String,
    /// Everything written, sorted by path then kind.
    pub files: Vec<Entry>,
    /// Directories we created, relative to the root (removed on uninstall when empty).
    #[serde(default)]
    pub dirs: Vec<String>,
}

/// A manifest that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// I/O.
    #[error("cannot read {0}")]
    Io(PathBuf, #[source] std::io::Error),
    /// Not our JSON.
    #[error("{0} is not a pactkit manifest: {1}")]
    Corrupt(PathBuf, String),
}

/// The state of one recorded item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileState {
    /// As we wrote it.
    Intact,
    /// Changed since (by the user).
    Modified,
    /// Gone (or our block/entry is no longer in its file).
    Missing,
}

/// Content hash as recorded: `sha1:<hex>` (gix's collision-detecting SHA-1).
pub fn hash(bytes: &[u8]) -> String {
    let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
    hasher.update(bytes);
    match hasher.try_finalize() {
        Ok(id) => format!("sha1:{}", id.to_hex()),
        // A collision attack on our own files: record something that never matches.
        Err(_) => "sha1:collision".to_owned(),
    }
}

/// The manifest path of a root.
pub fn path_of(root: &Path) -> PathBuf {
    root.join(FILE_NAME)
}

/// Loads a root's manifest; `None` when there is none.
pub fn load(root: &Path) -> Result<Option<Manifest>, ManifestError> {
    let path = path_of(root);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ManifestError::Io(path, e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| ManifestError::Corrupt(path, e.to_string()))
}

impl Manifest {
    /// True when this manifest (of the root `root`) records `path` as `kind`.
    pub fn records(&self, root: &Path, path: &Path, kind: EntryKind) -> bool {
        self.files
            .iter()
            .any(|e| e.kind == kind && resolve(root, &e.path) == path)
    }

    /// The JSON written to disk.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// The entry for `path` of `kind`.
    pub fn get(&self, path: &str, kind: EntryKind) -> Option<&Entry> {
        self.files.iter().find(|e| e.path == path && e.kind == kind)
    }

    /// Sorts entries and directories so the file is stable.
    pub fn normalise(&mut self) {
        self.files
            .sort_by(|a, b| (&a.path, a.kind as u8).cmp(&(&b.path, b.kind as u8)));
        self.files
            .dedup_by(|a, b| a.path == b.path && a.kind == b.kind);
        self.dirs.sort();
        self.dirs.dedup();
    }

    /// Saves it atomically.
    pub fn save(&self, root: &Path) -> std::io::Result<()> {
        fsx::write_atomic(&path_of(root), &self.to_bytes())
    }
}

/// `root/rel`, where `rel` may climb with `../`.
pub fn resolve(root: &Path, rel: &str) -> PathBuf {
    let mut out = root.to_path_buf();
    for part in rel.split('/') {
        match part {
            ".." => {
                out.pop();
            }
            "" | "." => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root` (lexically, `..` where needed), `/`-separated.
pub fn relative(root: &Path, path: &Path) -> String {
    let r: Vec<Component> = root.components().collect();
    let p: Vec<Component> = path.components().collect();
    let common = r.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); r.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// The state of one entry on disk.
pub fn entry_state(root: &Path, entry: &Entry) -> FileState {
    let path = resolve(root, &entry.path);
    let Ok(bytes) = std::fs::read(&path) else {
        return FileState::Missing;
    };
    match entry.kind {
        EntryKind::File => {
            if hash(&bytes) == entry.hash {
                FileState::Intact
            } else {
                FileState::Modified
            }
        }
        EntryKind::Block => match blocks::content(&String::from_utf8_lossy(&bytes)) {
            None => FileState::Missing,
            Some(c) if hash(c.as_bytes()) == entry.hash => FileState::Intact,
            Some(_) => FileState::Modified,
        },
        EntryKind::JsonEntry => {
            let text = String::from_utf8_lossy(&bytes);
            let value = entry.value.as_deref().unwrap_or_default();
            match opencode_json::contains(&text, value) {
                Ok(true) => FileState::Intact,
                Ok(false) => FileState::Missing,
                Err(_) => FileState::Modified,
            }
        }
    }
}

/// Every recorded item of the deployment at `root` with its state (for `pactkit doctor`).
/// Paths are absolute. No manifest, or an unreadable one, gives an empty list; use [`load`]
/// to tell those apart.
pub fn manifest_status(root: &Path) -> Vec<(PathBuf, FileState)> {
    let Ok(Some(manifest)) = load(root) else {
        return Vec::new();
    };
    manifest
        .files
        .iter()
        .map(|e| (resolve(root, &e.path), entry_state(root, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_resolve_are_inverse() {
        let root = Path::new("/r/.codex");
        for p in [
            "/r/AGENTS.md",
            "/r/.codex/agents/a.toml",
            "/r/.agents/skills/x/SKILL.md",
        ] {
            let rel = relative(root, Path::new(p));
            assert_eq!(resolve(root, &rel), PathBuf::from(p), "{rel}");
        }
        assert_eq!(relative(root, Path::new("/r/AGENTS.md")), "../AGENTS.md");
    }

    #[test]
    fn status_tells_intact_modified_and_missing_apart() {
        let dir = assert_fs::TempDir::new().unwrap();
        let root = dir.path();
        let entry = |path: &str, content: &[u8]| Entry {
            path: path.into(),
            kind: EntryKind::File,
            hash: hash(content),
            template: "t".into(),
            version: "0".into(),
            created: false,
            value: None,
        };
        std::fs::write(root.join("a.md"), "a").unwrap();
        std::fs::write(root.join("b.md"), "changed").unwrap();
        let mut m = Manifest {
            files: vec![
                entry("a.md", b"a"),
                entry("b.md", b"b"),
                entry("c.md", b"c"),
            ],
            ..Manifest::default()
        };
        m.normalise();
        m.save(root).unwrap();
        let states: Vec<FileState> = manifest_status(root).into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            states,
            [FileState::Intact, FileState::Modified, FileState::Missing]
        );
        assert!(manifest_status(&root.join("none")).is_empty());
    }

    #[test]
    fn hashes_are_stable_and_prefixed() {
        assert_eq!(hash(b""), "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709");
    }
}
