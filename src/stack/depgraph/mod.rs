//! The import graph of one stack's files, for regression selection: which files a change
//! can reach. Each language module reads a file's imports with a fast scanner (no syntax
//! tree: the gate runs in pre-push) and the edges are resolved with visualize's resolvers
//! where they fit (`crate::visualize::lang`), so both commands agree on what an import
//! names.
//!
//! * Python: `import`/`from … import` (relative too), `importlib.import_module("…")` and
//!   `__import__("…")` with a literal, `pytest_plugins`, and the implicit edges Python
//!   runs: a module imports its package's `__init__.py`, and an `__init__.py` the
//!   submodules its `__all__` names (what `from pkg import *` loads).
//! * JS/TS: `import`/`export … from`, `require`, `import()`, `jest.mock`/`vi.mock`,
//!   relative, rooted, tsconfig `paths`/`baseUrl`, and the repository's own packages by
//!   name; an `index` file is what a folder import names, so barrels are followed.
//! * Go: package imports through the go.mod module paths; the files of one folder are one
//!   package (tests see the package and each other, the package does not see its tests).
//! * Java/Kotlin: one package across source roots (main and test), imports of classes,
//!   nested classes, static members and wildcards.
//!
//! What cannot be known is kept as [`Unknown`]: a dynamic import (`import_module(name)`,
//! `require(variable)`), a file that cannot be read. Such a file may depend on anything,
//! so every test that reaches it is affected by any change (see `crate::stack::testmap`).

pub mod go;
pub mod java;
pub mod js;
pub mod python;

use crate::stack::Lang;
use crate::visualize::facts::Import;
use std::collections::HashMap;
use std::path::Path;

/// A place where the graph cannot be known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The file.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// What makes it unknown (`importlib.import_module with a computed name`).
    pub what: String,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{} ({})", self.file, self.what)
        } else {
            write!(f, "{}:{} ({})", self.file, self.line, self.what)
        }
    }
}

/// What a scanner reads from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scanned {
    /// Imports as the language spells them.
    pub imports: Vec<Import>,
    /// Dynamic imports: (1-based line, what).
    pub dynamic: Vec<(usize, String)>,
    /// Language-specific facts: Python `__all__` names, the Java/Kotlin package.
    pub extra: Vec<String>,
}

/// The import graph of one stack: files (sorted) and virtual nodes (packages), with
/// reverse edges.
#[derive(Debug, Default)]
pub struct Graph {
    files: Vec<String>,
    /// For each node, the nodes that depend on it (import it).
    importers: Vec<Vec<u32>>,
    /// For each node, the nodes that run it without naming it: a Python module runs its
    /// package's `__init__.py`. Followed only from a changed node, before the imports:
    /// a change to the package's own code reaches every module of it, while what the
    /// `__init__.py` imports reaches only those who import the package's names.
    implicit: Vec<Vec<u32>>,
    unknown: Vec<Unknown>,
    /// [`Graph::dependents_of_unknown`], computed once.
    reach_unknown: std::cell::OnceCell<Vec<usize>>,
}

impl Graph {
    /// The files of `lang` among `files` (repository-relative, sorted, in the work tree
    /// under `root`) plus `absent` files (changed paths the work tree no longer has: their
    /// importers still name them), read and linked.
    pub fn build(lang: Lang, root: &Path, files: &[String], absent: &[String]) -> Graph {
        match lang {
            Lang::Python => python::graph(root, files, absent),
            Lang::Node => js::graph(root, files, absent),
            Lang::Go => go::graph(root, files, absent),
            Lang::Java => java::graph(root, files, absent),
            Lang::Rust => Graph::default(),
        }
    }

    /// Starts a graph over `files` (sorted, deduplicated), no edges yet.
    fn with_files(files: Vec<String>) -> Graph {
        let importers = vec![Vec::new(); files.len()];
        Graph {
            implicit: vec![Vec::new(); files.len()],
            files,
            importers,
            unknown: Vec::new(),
            reach_unknown: std::cell::OnceCell::new(),
        }
    }

    /// The node of a file.
    fn node(&self, path: &str) -> Option<u32> {
        self.files
            .binary_search_by(|f| f.as_str().cmp(path))
            .ok()
            .map(|i| i as u32)
    }

    /// Adds a virtual node (a package), returns its id.
    fn add_virtual(&mut self) -> u32 {
        self.importers.push(Vec::new());
        self.implicit.push(Vec::new());
        (self.importers.len() - 1) as u32
    }

    /// Records that `from` depends on `to`.
    fn link(&mut self, from: u32, to: u32) {
        if from != to {
            self.importers[to as usize].push(from);
        }
    }

    /// Makes `members` one package: each sees the package's code, the tests among them
    /// (`is_test`) see each other too, and the code never sees the tests.
    fn link_package(&mut self, members: &[u32], is_test: impl Fn(&str) -> bool) {
        let code = self.add_virtual();
        let tests = self.add_virtual();
        for &file in members {
            if is_test(&self.files[file as usize]) {
                self.link(tests, file);
                self.link(file, tests);
            } else {
                self.link(code, file);
            }
            self.link(file, code);
        }
    }

    /// Records that `from` runs `to` without importing it (see [`Graph::implicit`]).
    fn link_implicit(&mut self, from: u32, to: u32) {
        if from != to {
            self.implicit[to as usize].push(from);
        }
    }

    fn link_paths(&mut self, from: u32, to: &str) {
        if let Some(to) = self.node(to) {
            self.link(from, to);
        }
    }

    /// Whether the graph has the file.
    pub fn has(&self, path: &str) -> bool {
        self.node(path).is_some()
    }

    /// The files that depend on `path`, directly or not, `path` included; empty when the
    /// graph does not have it.
    pub fn dependents(&self, path: &str) -> Vec<&str> {
        let Some(start) = self.node(path) else {
            return Vec::new();
        };
        self.dependents_of(&[start])
    }

    fn dependents_of(&self, starts: &[u32]) -> Vec<&str> {
        let mut seen = vec![false; self.importers.len()];
        let mut queue: Vec<u32> = starts.to_vec();
        for &s in starts {
            seen[s as usize] = true;
        }
        let walk = |edges: &[Vec<u32>], seen: &mut Vec<bool>, queue: &mut Vec<u32>| {
            let mut reached = Vec::new();
            while let Some(node) = queue.pop() {
                reached.push(node);
                for &importer in &edges[node as usize] {
                    if !seen[importer as usize] {
                        seen[importer as usize] = true;
                        queue.push(importer);
                    }
                }
            }
            reached
        };
        let mut queue = walk(&self.implicit, &mut seen, &mut queue);
        walk(&self.importers, &mut seen, &mut queue);
        self.files
            .iter()
            .zip(&seen)
            .filter(|(_, seen)| **seen)
            .map(|(f, _)| f.as_str())
            .collect()
    }

    /// Where the graph cannot be known.
    pub fn unknown(&self) -> &[Unknown] {
        &self.unknown
    }

    /// The files that depend on some [`Unknown`] place (which may depend on anything).
    pub fn dependents_of_unknown(&self) -> Vec<&str> {
        let nodes = self.reach_unknown.get_or_init(|| {
            let starts: Vec<u32> = self
                .unknown
                .iter()
                .filter_map(|u| self.node(&u.file))
                .collect();
            if starts.is_empty() {
                return Vec::new();
            }
            self.dependents_of(&starts)
                .into_iter()
                .filter_map(|f| self.node(f).map(|n| n as usize))
                .collect()
        });
        nodes.iter().map(|&n| self.files[n].as_str()).collect()
    }
}

/// The files of `files` that `wanted` accepts, plus `absent` ones it accepts, sorted.
fn select_files(files: &[String], absent: &[String], wanted: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = files
        .iter()
        .chain(absent)
        .filter(|f| wanted(f))
        .cloned()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Reads and scans every file (two threads: reading is most of the cost). A file that
/// cannot be read yields `None`; absent files yield an empty scan.
fn scan_all(
    root: &Path,
    files: &[String],
    scan: impl Fn(&str, &str) -> Scanned + Sync,
) -> Vec<Option<Scanned>> {
    let scan_one = |file: &String| -> Option<Scanned> {
        match read_file(&root.join(file)) {
            Ok(bytes) => Some(scan(file, &String::from_utf8_lossy(&bytes))),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some(Scanned::default()),
            Err(_) => None,
        }
    };
    let (left, right) = files.split_at(files.len() / 2);
    std::thread::scope(|s| {
        let other = s.spawn(|| left.iter().map(scan_one).collect::<Vec<_>>());
        let mine: Vec<_> = right.iter().map(scan_one).collect();
        let mut all = other.join().unwrap_or_else(|_| vec![None; left.len()]);
        all.extend(mine);
        all
    })
}

/// A file's bytes. Unlike `fs::read`, no size query first: one system call a file fewer,
/// and most source files fit the first buffer.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(16 * 1024);
    file.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Links every scanned import through `resolve` and records unknown places.
fn link_scans(
    graph: &mut Graph,
    scans: &[Option<Scanned>],
    resolve: impl Fn(&str, &Import) -> Vec<String>,
) {
    for (i, scan) in scans.iter().enumerate() {
        let file = graph.files[i].clone();
        let Some(scan) = scan else {
            graph.unknown.push(Unknown {
                file,
                line: 0,
                what: "cannot be read".into(),
            });
            continue;
        };
        for import in &scan.imports {
            for target in resolve(&file, import) {
                graph.link_paths(i as u32, &target);
            }
        }
        for (line, what) in &scan.dynamic {
            graph.unknown.push(Unknown {
                file: file.clone(),
                line: *line,
                what: what.clone(),
            });
        }
    }
}

/// Groups node ids by a key (a package), in first-seen order.
fn group_by<K: std::hash::Hash + Eq>(
    items: impl Iterator<Item = (K, u32)>,
) -> HashMap<K, Vec<u32>> {
    let mut groups: HashMap<K, Vec<u32>> = HashMap::new();
    for (key, node) in items {
        groups.entry(key).or_default().push(node);
    }
    groups
}

/// (folder, file name); the folder is empty at the root.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// Writes `files` into a fresh temporary folder; returns it and the file list (tests).
#[cfg(test)]
pub(crate) fn write_tree(name: &str, files: &[(&str, &str)]) -> (std::path::PathBuf, Vec<String>) {
    let root = std::env::temp_dir().join(format!("pactkit-depgraph-{name}-{}", std::process::id()));
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let list = files.iter().map(|(p, _)| (*p).to_owned()).collect();
    (root, list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependents_are_transitive_and_include_the_start() {
        let mut g = Graph::with_files(vec!["a".into(), "b".into(), "c".into(), "d".into()]);
        g.link(1, 0); // b imports a
        g.link(2, 1); // c imports b
        g.link(0, 2); // a imports c: a cycle
        assert_eq!(g.dependents("a"), vec!["a", "b", "c"]);
        assert_eq!(g.dependents("d"), vec!["d"]);
        assert!(g.dependents("zz").is_empty());
        g.unknown.push(Unknown {
            file: "b".into(),
            line: 3,
            what: "x".into(),
        });
        assert_eq!(g.dependents_of_unknown(), vec!["a", "b", "c"]);
    }
}
