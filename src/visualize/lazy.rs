//! `--lazy`: skip a run when no source changed. The graphs folder holds
//! `.visualize-sources.json`, the git blob id of every source read, the graphs written and
//! the options that shaped them; it changes only when the sources do, so it can be
//! committed beside the graphs. A second file in the git directory caches each source's
//! size and modification time with its hash, so an unchanged tree is judged from `stat`
//! alone (as git's index does); entries modified within two seconds of the cache write are
//! re-hashed, because a same-tick edit would keep the same mtime.
//!
//! PactKit's `--lazy` looked at `git diff HEAD` paths under fixed source folders and never
//! saw Go changes; this looks at content, whatever the stack and whether committed or not.

use super::scan::SourceFile;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The manifest beside the graphs.
pub const MANIFEST: &str = ".visualize-sources.json";
const CACHE: &str = "visualize-stat-cache.json";
const MANIFEST_VERSION: u32 = 1;
/// Cache entries younger than this (relative to the cache write) are re-hashed.
const RACY_WINDOW_NS: u128 = 2_000_000_000;

#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Manifest {
    version: u32,
    options: String,
    graphs: Vec<String>,
    sources: BTreeMap<String, String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StatCache {
    written_ns: u128,
    /// path → (size, mtime in ns, blob id)
    entries: BTreeMap<String, (u64, u128, String)>,
}

/// Hashes sources and reads and writes the manifest and the stat cache.
#[derive(Debug)]
pub struct Tracker {
    root: PathBuf,
    graphs_dir: PathBuf,
    cache_path: Option<PathBuf>,
    cache: StatCache,
    fresh: BTreeMap<String, (u64, u128, String)>,
}

impl Tracker {
    /// Loads the stat cache from `cache_dir` when there is one.
    pub fn new(root: &Path, graphs_dir: &Path, cache_dir: Option<&Path>) -> Tracker {
        let cache_path = cache_dir.map(|dir| dir.join(CACHE));
        let cache = cache_path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Tracker {
            root: root.to_path_buf(),
            graphs_dir: graphs_dir.to_path_buf(),
            cache_path,
            cache,
            fresh: BTreeMap::new(),
        }
    }

    /// The blob id of every file, from the stat cache when size and mtime still match.
    pub fn hash_sources(&mut self, files: &[SourceFile]) -> BTreeMap<String, String> {
        let mut hashes = BTreeMap::new();
        for file in files {
            let path = self.root.join(&file.path);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let size = meta.len();
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            let cached = self.cache.entries.get(&file.path).filter(|(s, m, _)| {
                *s == size && *m == mtime && mtime + RACY_WINDOW_NS < self.cache.written_ns
            });
            let hash = match cached {
                Some((_, _, hash)) => hash.clone(),
                None => match std::fs::read(&path) {
                    Ok(bytes) => blob_id(&bytes),
                    Err(_) => continue,
                },
            };
            self.fresh
                .insert(file.path.clone(), (size, mtime, hash.clone()));
            hashes.insert(file.path.clone(), hash);
        }
        hashes
    }

    /// Whether the last run used the same options on the same sources and its graphs are
    /// all still there.
    pub fn up_to_date(
        &self,
        options: &str,
        graphs: &[String],
        sources: &BTreeMap<String, String>,
    ) -> bool {
        let Some(manifest) = std::fs::read(self.graphs_dir.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        else {
            return false;
        };
        manifest.version == MANIFEST_VERSION
            && manifest.options == options
            && manifest.graphs == graphs
            && manifest.sources == *sources
            && graphs.iter().all(|g| self.graphs_dir.join(g).is_file())
    }

    /// Writes the manifest (only when its content changes) and the stat cache.
    pub fn record(
        &mut self,
        options: &str,
        graphs: &[String],
        sources: &BTreeMap<String, String>,
    ) -> std::io::Result<()> {
        let manifest = Manifest {
            version: MANIFEST_VERSION,
            options: options.to_owned(),
            graphs: graphs.to_vec(),
            sources: sources.clone(),
        };
        let mut text = serde_json::to_string_pretty(&manifest).map_err(std::io::Error::other)?;
        text.push('\n');
        let path = self.graphs_dir.join(MANIFEST);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            crate::fsx::create_dir_all(&self.graphs_dir)?;
            crate::fsx::write_atomic(&path, text.as_bytes())?;
        }
        self.save_cache();
        Ok(())
    }

    /// Writes the stat cache when it changed; a cache that cannot be written only costs
    /// speed, so errors are ignored.
    pub fn save_cache(&mut self) {
        let Some(path) = &self.cache_path else {
            return;
        };
        if self.fresh == self.cache.entries {
            return;
        }
        let cache = StatCache {
            written_ns: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_nanos(),
            entries: std::mem::take(&mut self.fresh),
        };
        if let Ok(bytes) = serde_json::to_vec(&cache) {
            let _ = path.parent().map(crate::fsx::create_dir_all);
            let _ = crate::fsx::write_atomic(path, &bytes);
        }
    }
}

/// The git blob id of `bytes` (what `git hash-object` prints).
pub fn blob_id(bytes: &[u8]) -> String {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
        .map(|id| id.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_ids_match_git() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert_eq!(blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }
}
