//! The parsed project: every scanned file's facts and its imports resolved to other
//! files. Parsing runs on all cores (each file is independent); everything after this
//! is cheap graph work.

use super::facts::{FileFacts, ProjectIndex};
use super::lang::{Grammar, Resolvers};
use super::scan::{Scan, folder};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One file with what it declares and what it imports.
#[derive(Debug)]
pub struct ParsedFile {
    /// Repository-relative path.
    pub path: String,
    /// What the extractor found.
    pub facts: FileFacts,
    /// Indices (into [`Project::files`]) of the files it depends on: its resolved imports
    /// and, for Java and Go, the package-mates whose types it uses.
    pub imports: Vec<usize>,
    /// The files each resolved import statement reaches (a Go package import reaches
    /// every file of the package); the module graph counts statements, not files.
    pub import_groups: Vec<Vec<usize>>,
}

/// The whole project, files sorted by path.
#[derive(Debug)]
pub struct Project {
    /// Every scanned file.
    pub files: Vec<ParsedFile>,
}

impl Project {
    /// Reads, parses and resolves every scanned file.
    pub fn build(root: &Path, scan: &Scan, index: &ProjectIndex) -> Project {
        let facts = parse_all(root, scan);
        let resolvers = Resolvers::new(index, &scan.tsconfigs);
        let position = |path: &str| {
            scan.files
                .binary_search_by(|f| f.path.as_str().cmp(path))
                .ok()
        };
        let files = scan
            .files
            .iter()
            .zip(facts)
            .map(|(file, facts)| {
                let import_groups: Vec<Vec<usize>> = facts
                    .imports
                    .iter()
                    .map(|import| {
                        resolvers
                            .resolve(file.grammar, &file.path, import)
                            .iter()
                            .filter_map(|target| position(target))
                            .filter(|target| scan.files[*target].path != file.path)
                            .collect::<Vec<usize>>()
                    })
                    .filter(|group| !group.is_empty())
                    .collect();
                ParsedFile {
                    path: file.path.clone(),
                    facts,
                    imports: import_groups.iter().flatten().copied().collect(),
                    import_groups,
                }
            })
            .collect();
        let mut project = Project { files };
        project.link_package_mates(scan);
        project
    }

    /// Java classes and Go types use the types of their own package without importing
    /// them; a file whose classes extend or hold a type declared by another file of its
    /// folder depends on that file.
    fn link_package_mates(&mut self, scan: &Scan) {
        let mut declared: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (i, file) in self.files.iter().enumerate() {
            if !matches!(scan.files[i].grammar, Grammar::Java | Grammar::Go) {
                continue;
            }
            for class in &file.facts.classes {
                declared
                    .entry((folder(&file.path), class.name.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        let mut extra: Vec<(usize, usize)> = Vec::new();
        for (i, file) in self.files.iter().enumerate() {
            if !matches!(scan.files[i].grammar, Grammar::Java | Grammar::Go) {
                continue;
            }
            let used: BTreeSet<&str> = file
                .facts
                .classes
                .iter()
                .flat_map(|c| c.bases.iter().chain(&c.fields))
                .map(String::as_str)
                .collect();
            for name in used {
                for target in declared
                    .get(&(folder(&file.path), name))
                    .into_iter()
                    .flatten()
                {
                    if *target != i && !file.imports.contains(target) {
                        extra.push((i, *target));
                    }
                }
            }
        }
        for (from, to) in extra {
            self.files[from].imports.push(to);
        }
    }

    /// The index of the file at `path`.
    pub fn position(&self, path: &str) -> Option<usize> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
    }
}

/// Extracts the facts of every file, in scan order, on up to 8 threads.
fn parse_all(root: &Path, scan: &Scan) -> Vec<FileFacts> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get().min(8))
        .unwrap_or(1)
        .min(scan.files.len().max(1));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = scan.files.get(i) else {
                return done;
            };
            // Unreadable files count as empty; invalid UTF-8 is replaced, not fatal: one
            // odd byte in a comment must not hide a file's imports.
            let bytes = std::fs::read(root.join(&file.path)).unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            done.push((i, file.grammar.extract(&text)));
        }
    };
    let mut results: Vec<(usize, FileFacts)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(worker)).collect();
        let mut all = worker();
        for helper in helpers {
            all.extend(helper.join().unwrap_or_default());
        }
        all
    });
    // A file whose worker panicked keeps empty facts rather than shifting the others.
    let mut facts = vec![FileFacts::default(); scan.files.len()];
    for (i, file_facts) in results.drain(..) {
        facts[i] = file_facts;
    }
    facts
}
