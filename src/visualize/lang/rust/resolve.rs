//! Resolution of Rust `use` paths and `mod` declarations to project files: each file's
//! place in its crate (root, module path, child directories), from Cargo's target layout.

use std::collections::{HashMap, HashSet};

use super::MOD_PREFIX;
use crate::visualize::facts::{Import, ProjectIndex};

/// Maps Rust `use` paths and `mod` declarations to project files.
pub struct Resolver {
    files: HashSet<String>,
    /// Every `.rs` file's place in its crate.
    pub(super) places: HashMap<String, Place>,
}

/// Where a file sits in its crate.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    /// The crate root file (`lib.rs`, `main.rs`, a `src/bin/x.rs`); `None` when unknown
    /// (loose files, modules shared by several `tests/` crates).
    pub(super) root_file: Option<String>,
    /// Directories crate-relative module paths are looked up in, preferred first.
    pub(super) module_dirs: Vec<String>,
    /// The file's module path in its crate (`a::b` → `["a", "b"]`).
    pub(super) module: Vec<String>,
    /// Directories holding this file's `mod x;` children, preferred first.
    pub(super) child_dirs: Vec<String>,
}

/// Directories whose `.rs` files are each a crate root of their own (Cargo targets).
const TARGET_DIRS: [&str; 4] = ["bin", "examples", "tests", "benches"];

impl Resolver {
    pub fn new(index: &ProjectIndex) -> Resolver {
        let files: HashSet<String> = index.files.iter().cloned().collect();
        let places = index
            .files
            .iter()
            .filter(|f| f.ends_with(".rs"))
            .map(|f| (f.clone(), place_of(f, &files)))
            .collect();
        Resolver { files, places }
    }

    /// The project files `import` refers to, seen from file `from`.
    pub fn resolve(&self, from: &str, import: &Import) -> Vec<String> {
        let computed;
        let place = match self.places.get(from) {
            Some(place) => place,
            None => {
                computed = place_of(from, &self.files);
                &computed
            }
        };
        let found = match import.target.strip_prefix(MOD_PREFIX) {
            Some(child) => self.child_module(place, child),
            None => self.resolve_path(place, &import.target),
        };
        found.into_iter().filter(|f| f != from).collect()
    }

    /// `mod x;` (or `x` nested in inline modules: `a::x`) → `x.rs` or `x/mod.rs` below
    /// the declaring file's child directory.
    fn child_module(&self, place: &Place, child: &str) -> Option<String> {
        let segments: Vec<&str> = child.split("::").filter(|s| !s.is_empty()).collect();
        place
            .child_dirs
            .iter()
            .find_map(|dir| self.module_file(dir, &segments))
    }

    fn resolve_path(&self, place: &Place, target: &str) -> Option<String> {
        let segments: Vec<&str> = target.split("::").collect();
        let module = &place.module;
        match segments.first().copied() {
            Some("crate") => self.crate_item(place, &segments[1..]),
            Some("self") => self.crate_item(place, &with_prefix(module, &segments[1..])),
            Some("super") => {
                let ups = segments.iter().take_while(|s| **s == "super").count();
                let kept = module.len().checked_sub(ups)?;
                self.crate_item(place, &with_prefix(&module[..kept], &segments[ups..]))
            }
            Some(first) if !first.is_empty() => self.uniform_path(place, &segments),
            _ => None,
        }
    }

    /// A path not starting with `crate`/`self`/`super`: a child module of the importing
    /// module, a module at the crate root (2015 paths, 2018 uniform paths in the root file),
    /// or an external crate.
    fn uniform_path(&self, place: &Place, segments: &[&str]) -> Option<String> {
        let local = with_prefix(&place.module, segments);
        if self
            .module_file_in_crate(place, &local[..place.module.len() + 1])
            .is_some()
        {
            return self.crate_item(place, &local);
        }
        if self.module_file_in_crate(place, &segments[..1]).is_some() {
            return self.crate_item(place, segments);
        }
        None
    }

    /// The file of the longest module prefix of a crate-relative path, else the crate root.
    fn crate_item(&self, place: &Place, segments: &[&str]) -> Option<String> {
        (1..=segments.len())
            .rev()
            .find_map(|k| self.module_file_in_crate(place, &segments[..k]))
            .or_else(|| place.root_file.clone())
    }

    fn module_file_in_crate(&self, place: &Place, segments: &[&str]) -> Option<String> {
        place
            .module_dirs
            .iter()
            .find_map(|dir| self.module_file(dir, segments))
    }

    /// `dir/a/b.rs` or `dir/a/b/mod.rs`.
    fn module_file(&self, dir: &str, segments: &[&str]) -> Option<String> {
        if segments.is_empty() || segments.iter().any(|s| s.is_empty()) {
            return None;
        }
        let stem = join_dir(dir, &segments.join("/"));
        [format!("{stem}.rs"), format!("{stem}/mod.rs")]
            .into_iter()
            .find(|f| self.files.contains(f))
    }
}

fn with_prefix<'a>(prefix: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    prefix
        .iter()
        .map(String::as_str)
        .chain(rest.iter().copied())
        .collect()
}

fn join_dir(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

/// `(dir, file name)` of a path.
fn split_path(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    }
}

fn last_segment(dir: &str) -> &str {
    split_path(dir).1
}

/// Locates `path` in its crate from the file layout alone.
fn place_of(path: &str, files: &HashSet<String>) -> Place {
    let (dir, name) = split_path(path);
    let stem = name.strip_suffix(".rs").unwrap_or(name);
    if name == "lib.rs" || name == "main.rs" {
        return Place {
            root_file: Some(path.to_string()),
            module_dirs: vec![dir.to_string()],
            module: Vec::new(),
            child_dirs: vec![dir.to_string()],
        };
    }
    if is_target_dir(dir, files) {
        // A Cargo target file: rustc looks for its modules beside it; the `<stem>/`
        // directory is accepted as well.
        let own_dir = join_dir(dir, stem);
        return Place {
            root_file: Some(path.to_string()),
            module_dirs: vec![dir.to_string(), own_dir.clone()],
            module: Vec::new(),
            child_dirs: vec![dir.to_string(), own_dir],
        };
    }
    let child_dir = if name == "mod.rs" {
        dir.to_string()
    } else {
        join_dir(dir, stem)
    };
    let mut place = crate_of(path, files);
    place.child_dirs = vec![child_dir];
    place
}

/// A `bin`/`examples`/`tests`/`benches` directory that is not itself a module directory.
fn is_target_dir(dir: &str, files: &HashSet<String>) -> bool {
    TARGET_DIRS.contains(&last_segment(dir))
        && !files.contains(&format!("{dir}.rs"))
        && !files.contains(&format!("{dir}/mod.rs"))
}

/// The crate of a non-root file: the nearest ancestor directory holding `lib.rs` or
/// `main.rs`, or a `bin/<stem>/` directory beside a `bin/<stem>.rs` target.
fn crate_of(path: &str, files: &HashSet<String>) -> Place {
    let mut dir = split_path(path).0;
    loop {
        let lib = join_dir(dir, "lib.rs");
        let main = join_dir(dir, "main.rs");
        let root_file = [lib, main].into_iter().find(|f| files.contains(f));
        let (parent, dir_name) = split_path(dir);
        let target_file = join_dir(parent, &format!("{dir_name}.rs"));
        let beside_target = is_target_dir(parent, files) && files.contains(&target_file);
        if root_file.is_some() || beside_target || is_target_dir(dir, files) {
            let root_file = match root_file {
                Some(root) => Some(root),
                None if beside_target => Some(target_file),
                None => None,
            };
            return Place {
                module: module_path(path, dir),
                root_file,
                module_dirs: vec![dir.to_string()],
                child_dirs: Vec::new(),
            };
        }
        if dir.is_empty() {
            return Place::default();
        }
        dir = parent;
    }
}

/// `a::b` of `root/a/b.rs` and `root/a/b/mod.rs`.
fn module_path(path: &str, root: &str) -> Vec<String> {
    let relative = if root.is_empty() {
        path
    } else {
        path.strip_prefix(root)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(path)
    };
    let stem = relative.strip_suffix(".rs").unwrap_or(relative);
    let mut segments: Vec<String> = stem.split('/').map(str::to_string).collect();
    if segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    segments
}
