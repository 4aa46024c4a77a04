//! Resolution of Python imports to project files: every dotted module key (the full path
//! and each dotted suffix) mapped to the files it may name, nearest root first.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use crate::visualize::facts::{Import, ProjectIndex};

/// Maps Python imports to project files.
pub struct Resolver {
    files: HashSet<String>,
    /// Python files, indexed by [`ModuleFile::path`].
    paths: Vec<String>,
    /// Dotted module key (full dotted path and each dotted suffix of it) → files.
    modules: HashMap<String, Vec<ModuleFile>>,
}

/// One file reachable under a module key.
#[derive(Debug, Clone, Copy)]
struct ModuleFile {
    /// Index into [`Resolver::paths`].
    path: usize,
    /// Byte length of the directory the key's first segment sits in (`src` for key
    /// `pkg.mod` of `src/pkg/mod.py`; 0 for the repository root).
    root_len: usize,
}

impl Resolver {
    pub fn new(index: &ProjectIndex) -> Resolver {
        let paths: Vec<String> = index
            .files
            .iter()
            .filter(|f| module_segments(f).is_some())
            .cloned()
            .collect();
        let mut modules: HashMap<String, Vec<ModuleFile>> = HashMap::new();
        for (path_index, path) in paths.iter().enumerate() {
            for (key, root_len) in module_keys(path) {
                modules.entry(key).or_default().push(ModuleFile {
                    path: path_index,
                    root_len,
                });
            }
        }
        Resolver {
            files: index.files.iter().cloned().collect(),
            paths,
            modules,
        }
    }

    /// The project files `import` refers to, seen from file `from`.
    pub fn resolve(&self, from: &str, import: &Import) -> Vec<String> {
        let mut found = if import.target.starts_with('.') {
            self.resolve_relative(from, import)
        } else {
            self.resolve_absolute(from, import)
        };
        found.retain(|f| f != from);
        found.sort();
        found.dedup();
        found
    }

    fn resolve_absolute(&self, from: &str, import: &Import) -> Vec<String> {
        let mut found = Vec::new();
        let mut needs_package = import.names.is_empty();
        for name in &import.names {
            let submodule = format!("{}.{}", import.target, name);
            match (name != "*").then(|| self.best_module(from, &submodule)) {
                Some(Some(file)) => found.push(file.to_string()),
                _ => needs_package = true,
            }
        }
        if needs_package {
            let package = prefixes(&import.target, '.').find_map(|p| self.best_module(from, p));
            found.extend(package.map(str::to_string));
        }
        found
    }

    /// The file under `key` closest to the importer: sharing its directory as root, then
    /// rooted at its nearest ancestor, then the shortest path, then the first by name.
    fn best_module(&self, from: &str, key: &str) -> Option<&str> {
        let importer_dir = parent_dir(from).unwrap_or_default();
        self.modules
            .get(key)?
            .iter()
            .map(|m| (self.paths[m.path].as_str(), m.root_len))
            .filter(|(path, _)| *path != from)
            .min_by_key(|(path, root_len)| {
                let root = &path[..*root_len];
                let closeness = if root == importer_dir {
                    (0, Reverse(0))
                } else if is_ancestor_dir(root, importer_dir) {
                    (1, Reverse(root.len()))
                } else {
                    (2, Reverse(0))
                };
                (closeness, path.len(), *path)
            })
            .map(|(path, _)| path)
    }

    fn resolve_relative(&self, from: &str, import: &Import) -> Vec<String> {
        let dots = import.target.chars().take_while(|c| *c == '.').count();
        let mut base = parent_dir(from);
        for _ in 1..dots {
            base = base.and_then(parent_dir);
        }
        let Some(base) = base else {
            return Vec::new();
        };
        let segments: Vec<&str> = import.target[dots..]
            .split('.')
            .filter(|s| !s.is_empty())
            .collect();
        let mut found = Vec::new();
        let mut needs_package = import.names.is_empty();
        for name in &import.names {
            let mut submodule = segments.clone();
            submodule.push(name);
            match (name != "*").then(|| self.module_file(base, &submodule)) {
                Some(Some(file)) => found.push(file),
                _ => needs_package = true,
            }
        }
        if needs_package {
            let package = (0..=segments.len())
                .rev()
                .find_map(|k| self.module_file(base, &segments[..k]));
            found.extend(package);
        }
        found
    }

    /// `dir/a/b.py`, `.pyi`, or the package `dir/a/b/__init__.py(i)`; `dir/__init__.py`
    /// for no segments.
    fn module_file(&self, dir: &str, segments: &[&str]) -> Option<String> {
        let mut stem = dir.to_string();
        for segment in segments {
            if !stem.is_empty() {
                stem.push('/');
            }
            stem.push_str(segment);
        }
        let package = if stem.is_empty() {
            String::new()
        } else {
            format!("{stem}/")
        };
        let mut candidates = vec![
            format!("{package}__init__.py"),
            format!("{package}__init__.pyi"),
        ];
        if !segments.is_empty() {
            candidates.insert(0, format!("{stem}.pyi"));
            candidates.insert(0, format!("{stem}.py"));
        }
        candidates.into_iter().find(|c| self.files.contains(c))
    }
}

/// Path components of a Python file as module segments (`pkg/__init__.py` → `pkg`);
/// `None` for other files.
fn module_segments(path: &str) -> Option<Vec<&str>> {
    let stem = path
        .strip_suffix(".py")
        .or_else(|| path.strip_suffix(".pyi"))?;
    let mut segments: Vec<&str> = stem.split('/').collect();
    if segments.last() == Some(&"__init__") {
        segments.pop();
    }
    Some(segments)
}

/// Every dotted key of a file with the byte length of the directory the key starts in:
/// `src/pkg/mod.py` → (`src.pkg.mod`, 0), (`pkg.mod`, 3), (`mod`, 7). Keys stop at the first
/// segment that is not an identifier (`my-project/…`), as no import can spell it.
pub(super) fn module_keys(path: &str) -> Vec<(String, usize)> {
    let Some(segments) = module_segments(path) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for start in (0..segments.len()).rev() {
        if !is_identifier(segments[start]) {
            break;
        }
        let root_len = segments[..start].iter().map(|s| s.len() + 1).sum::<usize>();
        keys.push((segments[start..].join("."), root_len.saturating_sub(1)));
    }
    keys
}

fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// `a.b.c`, `a.b`, `a`.
fn prefixes(dotted: &str, separator: char) -> impl Iterator<Item = &str> {
    let ends = dotted
        .match_indices(separator)
        .map(|(i, _)| i)
        .rev()
        .collect::<Vec<_>>();
    std::iter::once(dotted)
        .chain(ends.into_iter().map(move |end| &dotted[..end]))
        .filter(|p| !p.is_empty())
}

/// `a/b` for `a/b/c.py`, `""` for a top-level file, `None` above the root.
fn parent_dir(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(path.rfind('/').map_or("", |i| &path[..i]))
}

/// Whether `dir` holds `other` somewhere below it (the root `""` holds everything).
fn is_ancestor_dir(dir: &str, other: &str) -> bool {
    dir.is_empty()
        || other
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}
