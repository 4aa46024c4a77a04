//! `clean`'s domain: which build and cache artefacts each stack leaves behind (PactKit's
//! table), finding them under a project root, and removing them.
//!
//! Safety invariants, stronger than PactKit's: the walk never enters (and so never deletes
//! inside) `.git`, `node_modules`, or a virtualenv (`.venv`, `venv`, or any directory
//! holding a `pyvenv.cfg`), and never follows symbolic links. PactKit's fixed path
//! `node_modules/.cache` is therefore not cleaned: it lies inside `node_modules`.

use std::path::{Path, PathBuf};

/// The stacks `clean` knows (PactKit's four).
pub const STACKS: &[&str] = &["python", "node", "go", "java"];

/// The artefacts of one stack.
#[derive(Debug, Clone, Copy)]
pub struct Patterns {
    /// Removed wherever they occur (files or directories, matched by exact name).
    pub names: &'static [&'static str],
    /// File name suffixes removed wherever they occur (`*.pyc`).
    pub suffixes: &'static [&'static str],
    /// Paths relative to the root, removed only there.
    pub fixed: &'static [&'static str],
}

/// The patterns of a stack; `None` for a stack `clean` does not know.
pub fn patterns(stack: &str) -> Option<Patterns> {
    Some(match stack {
        "python" => Patterns {
            names: &["__pycache__", ".pytest_cache"],
            suffixes: &[".pyc"],
            // coverage.py's outputs, where `pytest --cov` writes them.
            fixed: &[".coverage", "coverage.xml", "htmlcov"],
        },
        "node" => Patterns {
            names: &[".next", "dist", "coverage"],
            suffixes: &[],
            fixed: &[],
        },
        "go" => Patterns {
            names: &["cover.out", "cover.html"],
            suffixes: &[],
            fixed: &[],
        },
        "java" => Patterns {
            names: &[],
            suffixes: &[],
            fixed: &["target", "build", ".gradle"],
        },
        _ => return None,
    })
}

/// Directories the walk never enters, by name.
const PROTECTED_DIRS: &[&str] = &[".git", "node_modules", ".venv", "venv"];

/// One artefact to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Absolute path.
    pub path: PathBuf,
    /// True for a directory (removed with its contents).
    pub dir: bool,
}

/// The artefacts of `stacks` under `root`, sorted by path, each once.
pub fn find(root: &Path, stacks: &[String]) -> Vec<Item> {
    let patterns: Vec<Patterns> = stacks.iter().filter_map(|s| patterns(s)).collect();
    let mut items = Vec::new();
    for fixed in patterns.iter().flat_map(|p| p.fixed) {
        let path = root.join(fixed);
        if let Ok(meta) = std::fs::symlink_metadata(&path)
            && !meta.file_type().is_symlink()
        {
            items.push(Item {
                path,
                dir: meta.is_dir(),
            });
        }
    }
    walk(root, &patterns, &mut items);
    items.sort_by(|a, b| a.path.cmp(&b.path));
    items.dedup_by(|a, b| a.path == b.path);
    // A match inside another match goes with it.
    let mut kept: Vec<Item> = Vec::new();
    for item in items {
        if !kept.iter().any(|k| k.dir && item.path.starts_with(&k.path)) {
            kept.push(item);
        }
    }
    kept
}

fn walk(dir: &Path, patterns: &[Patterns], items: &mut Vec<Item>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            continue;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() && is_protected(&entry.path(), &name) {
            continue;
        }
        let matched = patterns.iter().any(|p| {
            p.names.contains(&name.as_ref())
                || (kind.is_file() && p.suffixes.iter().any(|s| name.ends_with(s)))
        });
        if matched {
            items.push(Item {
                path: entry.path(),
                dir: kind.is_dir(),
            });
        } else if kind.is_dir() {
            walk(&entry.path(), patterns, items);
        }
    }
}

/// `.git`, `node_modules`, `.venv`, `venv`, or a virtualenv under any name.
fn is_protected(path: &Path, name: &str) -> bool {
    PROTECTED_DIRS.contains(&name) || path.join("pyvenv.cfg").is_file()
}

/// Removes one artefact.
pub fn remove(item: &Item) -> std::io::Result<()> {
    if item.dir {
        std::fs::remove_dir_all(&item.path)
    } else {
        std::fs::remove_file(&item.path)
    }
}

/// The stacks found by marker files at the root, then in each non-hidden direct
/// sub-directory (PactKit's marker detector); `python` when none.
pub fn detect_stacks(root: &Path) -> Vec<String> {
    let markers: Vec<(&str, &str)> = crate::stack::MARKERS
        .iter()
        .map(|(file, lang)| (*file, lang.name()))
        .collect();
    let mut dirs = vec![root.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(root) {
        let mut subdirs: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        subdirs.sort();
        dirs.extend(subdirs);
    }
    let mut stacks: Vec<String> = Vec::new();
    for dir in dirs {
        for (marker, stack) in &markers {
            if dir.join(marker).is_file() && !stacks.iter().any(|s| s == stack) {
                stacks.push((*stack).to_owned());
            }
        }
    }
    if stacks.is_empty() {
        stacks.push("python".into());
    }
    stacks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "x").expect("write");
    }

    fn rels(root: &Path, items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn python_artefacts_outside_protected_dirs() {
        let temp = assert_fs::TempDir::new().expect("temp");
        let root = temp.path();
        for rel in [
            "pkg/__pycache__/a.cpython-311.pyc",
            "pkg/b.pyc",
            "pkg/b.py",
            ".pytest_cache/v/x",
            ".venv/lib/__pycache__/c.pyc",
            "venv/lib/__pycache__/c.pyc",
            "env2/pyvenv.cfg",
            "env2/lib/d.pyc",
            "node_modules/x/__pycache__/e.pyc",
            ".git/__pycache__/f.pyc",
        ] {
            touch(root, rel);
        }
        let items = find(root, &["python".into()]);
        assert_eq!(
            rels(root, &items),
            vec![".pytest_cache", "pkg/__pycache__", "pkg/b.pyc"]
        );
    }

    #[test]
    fn java_paths_are_fixed_at_the_root() {
        let temp = assert_fs::TempDir::new().expect("temp");
        let root = temp.path();
        touch(root, "target/a.class");
        touch(root, "sub/target/b.class");
        let items = find(root, &["java".into(), "cobol".into()]);
        assert_eq!(rels(root, &items), vec!["target"]);
    }

    #[test]
    fn markers_detect_stacks_at_depth_one() {
        let temp = assert_fs::TempDir::new().expect("temp");
        let root = temp.path();
        assert_eq!(detect_stacks(root), vec!["python"]);
        touch(root, "web/package.json");
        touch(root, ".hidden/go.mod");
        touch(root, "pom.xml");
        assert_eq!(detect_stacks(root), vec!["java", "node"]);
    }
}
