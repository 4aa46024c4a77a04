//! `--lazy`: skip a run when no source changed. The graphs folder holds
//! `.visualize-sources.json`, the git blob id of every source read, the graphs written and
//! the options that shaped them, and a `.gitignore` that keeps it out of git: it changes
//! with every source edit, while the graphs change only when the structure does. A second file in the git directory caches each source's
//! size and modification time with its hash, so an unchanged tree is judged from `stat`
//! alone (as git's index does); entries modified within two seconds of the cache write are
//! re-hashed, because a same-tick edit would keep the same mtime.
//!
//! PactKit's `--lazy` looked at `git diff HEAD` paths under fixed source folders and never
//! saw Go changes; this looks at content, whatever the stack and whether committed or not.

use super::scan::SourceFile;
use serde::Serialize;
use serde::ser::Serializer;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The manifest beside the graphs.
pub const MANIFEST: &str = ".visualize-sources.json";
const CACHE: &str = "visualize-stat-cache";
const MANIFEST_VERSION: u32 = 1;
/// Cache entries younger than this (relative to the cache write) are re-hashed.
const RACY_WINDOW_NS: u128 = 2_000_000_000;

/// The blob id of each scanned file, in scan (path) order; `None` for a file that
/// vanished or could not be read since the scan.
#[derive(Debug)]
pub struct Sources<'f> {
    files: &'f [SourceFile],
    hashes: Vec<Option<String>>,
}

impl Serialize for Sources<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.files
                .iter()
                .zip(&self.hashes)
                .filter_map(|(file, hash)| Some((file.path.as_str(), hash.as_deref()?))),
        )
    }
}

#[derive(Serialize)]
struct Manifest<'a, 'f> {
    version: u32,
    options: &'a str,
    graphs: &'a [String],
    sources: &'a Sources<'f>,
}

/// Hashes sources and reads and writes the manifest and the stat cache.
#[derive(Debug)]
pub struct Tracker {
    root: PathBuf,
    graphs_dir: PathBuf,
    cache_path: Option<PathBuf>,
    /// The stat cache file's text, parsed on use (entries borrow from it).
    cache_text: String,
    /// Some file was hashed from its content this run: the cache needs rewriting, if only
    /// to move its write time past the racy window so the entries become trusted.
    rehashed: bool,
}

/// One stat-cache line: path, size, mtime, ctime, inode, blob id.
type CacheEntry<'t> = (&'t str, u64, u128, u128, u64, &'t str);

impl Tracker {
    /// Loads the stat cache from `cache_dir` when there is one.
    pub fn new(root: &Path, graphs_dir: &Path, cache_dir: Option<&Path>) -> Tracker {
        let cache_path = cache_dir.map(|dir| dir.join(CACHE));
        let cache_text = cache_path
            .as_deref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        Tracker {
            root: root.to_path_buf(),
            graphs_dir: graphs_dir.to_path_buf(),
            cache_path,
            cache_text,
            rehashed: false,
        }
    }

    /// The blob id of every file, from the stat cache when size and mtime still match.
    pub fn hash_sources<'f>(&mut self, files: &'f [SourceFile]) -> Sources<'f> {
        let (written_ns, entries) = parse_cache(&self.cache_text);
        let mut rehashed = false;
        let hashes = files
            .iter()
            .map(|file| {
                let cached = entries
                    .binary_search_by(|entry| entry.0.cmp(file.path.as_str()))
                    .ok()
                    .map(|i| entries[i])
                    .filter(|(_, size, mtime, ctime, inode, _)| {
                        *size == file.size
                            && *mtime == file.mtime_ns
                            && *ctime == file.ctime_ns
                            && *inode == file.inode
                            && file.mtime_ns.max(file.ctime_ns) + RACY_WINDOW_NS < written_ns
                    });
                match cached {
                    Some((_, _, _, _, _, hash)) => Some(hash.to_owned()),
                    None => {
                        rehashed = true;
                        std::fs::read(self.root.join(&file.path))
                            .ok()
                            .map(|b| blob_id(&b))
                    }
                }
            })
            .collect();
        self.rehashed |= rehashed;
        Sources { files, hashes }
    }

    /// Whether the last run used the same options on the same sources and the graphs it
    /// wrote are all still there.
    pub fn up_to_date(&self, options: &str, sources: &Sources<'_>) -> bool {
        /// The graphs the last run wrote; serde skips the other fields without keeping them.
        #[derive(serde::Deserialize)]
        struct Written {
            graphs: Vec<String>,
        }
        let Ok(text) = std::fs::read(self.graphs_dir.join(MANIFEST)) else {
            return false;
        };
        let Ok(Written { graphs }) = serde_json::from_slice(&text) else {
            return false;
        };
        // Which graphs a run writes follows from the options and the sources (a focus may
        // match nothing in one mode), so the last run's list stands as long as they do.
        // The rest is compared as the text this run would write: any difference (version,
        // options, a source) means a run.
        let Ok(expected) = render_manifest(options, &graphs, sources) else {
            return false;
        };
        text == expected.as_bytes() && graphs.iter().all(|g| self.graphs_dir.join(g).is_file())
    }

    /// Writes the manifest (only when its content changes) and the stat cache.
    pub fn record(
        &mut self,
        options: &str,
        graphs: &[String],
        sources: &Sources<'_>,
    ) -> std::io::Result<()> {
        let text = render_manifest(options, graphs, sources).map_err(std::io::Error::other)?;
        let path = self.graphs_dir.join(MANIFEST);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            crate::infra::fsx::create_dir_all(&self.graphs_dir)?;
            crate::infra::fsx::write_atomic(&path, text.as_bytes())?;
        }
        ensure_ignored(&self.graphs_dir)?;
        self.save_cache(sources);
        Ok(())
    }

    /// Rewrites the stat cache when some file had to be hashed; a cache that cannot be
    /// written only costs speed, so errors are ignored.
    pub fn save_cache(&mut self, sources: &Sources<'_>) {
        let Some(path) = &self.cache_path else {
            return;
        };
        if !self.rehashed {
            return;
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        let mut text = format!("{}\n", now.as_nanos());
        for (file, hash) in sources.files.iter().zip(&sources.hashes) {
            // A path with a line break cannot be written in this format; it is re-hashed.
            if let Some(hash) = hash.as_deref().filter(|_| !file.path.contains('\n')) {
                text.push_str(&format!(
                    "{} {} {} {} {hash} {}\n",
                    file.size, file.mtime_ns, file.ctime_ns, file.inode, file.path
                ));
            }
        }
        let _ = path.parent().map(crate::infra::fsx::create_dir_all);
        let _ = crate::infra::fsx::write_atomic(path, text.as_bytes());
        self.rehashed = false;
    }
}

/// Keeps the manifest out of git with a `.gitignore` beside it (created, or the line
/// appended): it changes with every source edit, and a committed copy would make a
/// pre-commit hook fail each commit that touches code.
fn ensure_ignored(graphs_dir: &Path) -> std::io::Result<()> {
    let path = graphs_dir.join(".gitignore");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    if text
        .lines()
        .any(|line| line.trim() == MANIFEST || line.trim() == format!("/{MANIFEST}"))
    {
        return Ok(());
    }
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&format!("/{MANIFEST}\n"));
    crate::infra::fsx::write_atomic(&path, new.as_bytes())
}

/// The stat cache: `written_ns` on the first line, then `size mtime_ns ctime_ns inode blob
/// path` per line,
/// sorted by path; a line that does not parse is dropped (the file is only a cache).
fn parse_cache(text: &str) -> (u128, Vec<CacheEntry<'_>>) {
    let mut lines = text.lines();
    let written_ns = lines.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut entries: Vec<CacheEntry<'_>> = lines
        .filter_map(|line| {
            let mut fields = line.splitn(6, ' ');
            let size = fields.next()?.parse().ok()?;
            let mtime = fields.next()?.parse().ok()?;
            let ctime = fields.next()?.parse().ok()?;
            let inode = fields.next()?.parse().ok()?;
            let hash = fields.next()?;
            Some((fields.next()?, size, mtime, ctime, inode, hash))
        })
        .collect();
    // Written sorted; sorting again keeps a hand-edited cache correct, and is cheap when
    // already sorted.
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    (written_ns, entries)
}

/// The manifest's text: pretty JSON with a final newline.
fn render_manifest(
    options: &str,
    graphs: &[String],
    sources: &Sources<'_>,
) -> serde_json::Result<String> {
    let manifest = Manifest {
        version: MANIFEST_VERSION,
        options,
        graphs,
        sources,
    };
    serde_json::to_string_pretty(&manifest).map(|text| text + "\n")
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

    use crate::visualize::lang::Grammar;
    use std::time::{Duration, SystemTime};

    /// A source file written with an mtime `age` in the past, as the scan would see it.
    fn source(dir: &Path, name: &str, text: &str, age: Duration) -> SourceFile {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let mtime = SystemTime::now() - age;
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        SourceFile {
            path: name.to_owned(),
            grammar: Grammar::Python,
            size: text.len() as u64,
            mtime_ns: mtime.duration_since(UNIX_EPOCH).unwrap().as_nanos(),
            ctime_ns: 0,
            inode: 0,
        }
    }

    #[test]
    fn the_stat_cache_spares_reading_old_files_but_not_young_ones() {
        let dir = assert_fs::TempDir::new().unwrap();
        let (root, cache) = (dir.path().join("repo"), dir.path().join("cache"));
        std::fs::create_dir_all(&root).unwrap();
        let old = source(&root, "old.py", "import a\n", Duration::from_secs(60));
        let young = source(&root, "young.py", "import b\n", Duration::ZERO);
        let files = vec![old, young];

        let mut first = Tracker::new(&root, &root, Some(&cache));
        let sources = first.hash_sources(&files);
        assert!(first.rehashed, "an empty cache hashes everything");
        assert_eq!(
            sources.hashes[0].as_deref(),
            Some(blob_id(b"import a\n").as_str())
        );
        first.save_cache(&sources);

        // Remove the old file's content: a cache hit never reads it, the young one is
        // inside the racy window and is read again.
        std::fs::remove_file(root.join("old.py")).unwrap();
        let mut second = Tracker::new(&root, &root, Some(&cache));
        let again = second.hash_sources(&files);
        assert_eq!(again.hashes, sources.hashes);
        assert!(second.rehashed, "the young file is re-hashed");

        // A changed mtime is a miss: the vanished file has no hash now.
        let mut moved = files.clone();
        moved[0].mtime_ns += 1;
        let mut third = Tracker::new(&root, &root, Some(&cache));
        assert_eq!(third.hash_sources(&moved).hashes[0], None);
    }

    #[test]
    fn a_garbled_cache_is_ignored_line_by_line() {
        let (written, entries) = parse_cache(
            "12\nnot a line\n3 4 5 6 abc b.py\n1 2 0 7 def a b.py\n3 4 abc old-format.py\n",
        );
        assert_eq!(written, 12);
        assert_eq!(
            entries,
            vec![("a b.py", 1, 2, 0, 7, "def"), ("b.py", 3, 4, 5, 6, "abc")]
        );
        assert_eq!(parse_cache("").0, 0);
    }

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
