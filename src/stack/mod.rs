//! What a project is made of and what a change reaches. This module is the one stack
//! detector; beside it live the file classifier ([`classify`]), the import graphs
//! ([`depgraph`]), the test mapping ([`testmap`]), regression selection ([`regression`]),
//! running a stack's tests ([`testrun`]) and its build artefacts ([`clean`]).
//!
//! The stack detector of pactkit: which languages a repository is written in and where
//! its projects are. PactKit has four detectors that disagree (root + depth 1 markers,
//! a recursive search, the Codex adapter's table and the bare config value); pactkit has
//! this one.
//!
//! A *project* is a directory holding a marker file (`pyproject.toml`, `setup.py`,
//! `setup.cfg`, `requirements.txt`, `package.json`, `go.mod`, `pom.xml`, `build.gradle`,
//! `build.gradle.kts`, `Cargo.toml`); it has the stacks of its markers. Monorepos have
//! many projects at any depth; a path belongs to the deepest project above it. Dependency
//! and build folders (`node_modules`, `target`, `vendor`, virtual environments, hidden
//! folders) are never searched.
//!
//! `stack:` in pactkit.yaml overrides detection: the configured stacks are the repository's
//! stacks; the root is a project with all of them, and detected subprojects keep only
//! their configured stacks (a subproject left with none is dropped).

pub mod classify;
pub mod clean;
pub mod depgraph;
pub mod regression;
pub mod testmap;
pub mod testrun;

use crate::config::Stack;
use std::path::Path;

/// A language stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Python (pytest).
    Python,
    /// JavaScript / TypeScript (vitest or jest).
    Node,
    /// Go (`go test`).
    Go,
    /// Java / Kotlin on Maven or Gradle.
    Java,
    /// Rust (cargo).
    Rust,
}

impl Lang {
    /// Every stack.
    pub const ALL: [Lang; 5] = [Lang::Python, Lang::Node, Lang::Go, Lang::Java, Lang::Rust];

    /// The name used in pactkit.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Node => "node",
            Lang::Go => "go",
            Lang::Java => "java",
            Lang::Rust => "rust",
        }
    }

    /// Parses a pactkit.yaml stack name.
    pub fn parse(name: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.name() == name.trim())
    }

    /// The stack a source file is written in, from its extension.
    pub fn of_file(path: &str) -> Option<Lang> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let (_, ext) = name.rsplit_once('.')?;
        Some(match ext {
            "py" | "pyi" => Lang::Python,
            "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" | "vue" | "svelte" => {
                Lang::Node
            }
            "go" => Lang::Go,
            "java" | "kt" | "kts" | "groovy" | "scala" => Lang::Java,
            "rs" => Lang::Rust,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Marker files and the stack each one announces.
pub const MARKERS: &[(&str, Lang)] = &[
    ("pyproject.toml", Lang::Python),
    ("setup.py", Lang::Python),
    ("setup.cfg", Lang::Python),
    ("requirements.txt", Lang::Python),
    ("package.json", Lang::Node),
    ("go.mod", Lang::Go),
    ("pom.xml", Lang::Java),
    ("build.gradle", Lang::Java),
    ("build.gradle.kts", Lang::Java),
    ("Cargo.toml", Lang::Rust),
];

/// Folder names never searched: dependencies, build output, caches.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "vendor",
    "__pycache__",
    "venv",
    "bower_components",
];

/// The stack a marker file name announces.
pub fn marker_lang(name: &str) -> Option<Lang> {
    MARKERS.iter().find(|(m, _)| *m == name).map(|(_, l)| *l)
}

/// One project: a directory with marker files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Project {
    /// Repository-relative directory, `/`-separated; empty for the root.
    pub dir: String,
    /// Its stacks, in [`Lang`] order, no duplicates.
    pub stacks: Vec<Lang>,
}

impl Project {
    /// `path` (repository-relative) relative to this project.
    pub fn relative<'p>(&self, path: &'p str) -> &'p str {
        if self.dir.is_empty() {
            path
        } else {
            path.strip_prefix(self.dir.as_str())
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(path)
        }
    }

    /// Whether `path` (repository-relative) is inside this project.
    pub fn contains(&self, path: &str) -> bool {
        self.dir.is_empty()
            || path
                .strip_prefix(self.dir.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// The projects of a repository, sorted by directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Projects sorted by `dir` (the root first when it is one).
    pub projects: Vec<Project>,
}

impl Layout {
    /// The layout from a list of repository files (`/`-separated, relative).
    pub fn from_files<'a>(files: impl IntoIterator<Item = &'a str>) -> Layout {
        let mut projects: Vec<Project> = Vec::new();
        for file in files {
            let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
            let Some(lang) = marker_lang(name) else {
                continue;
            };
            match projects.iter_mut().find(|p| p.dir == dir) {
                Some(project) if !project.stacks.contains(&lang) => project.stacks.push(lang),
                Some(_) => {}
                None => projects.push(Project {
                    dir: dir.to_owned(),
                    stacks: vec![lang],
                }),
            }
        }
        for project in &mut projects {
            project.stacks.sort_unstable();
        }
        projects.sort_by(|a, b| a.dir.cmp(&b.dir));
        Layout { projects }
    }

    /// Applies `stack:` from pactkit.yaml (`auto`: detection stands).
    pub fn with_configured(mut self, configured: &Stack) -> Layout {
        let Some(stacks) = configured_stacks(configured) else {
            return self;
        };
        for project in &mut self.projects {
            project.stacks.retain(|l| stacks.contains(l));
        }
        self.projects
            .retain(|p| p.dir.is_empty() || !p.stacks.is_empty());
        match self.projects.first_mut() {
            Some(root) if root.dir.is_empty() => root.stacks = stacks,
            _ => self.projects.insert(
                0,
                Project {
                    dir: String::new(),
                    stacks,
                },
            ),
        }
        self
    }

    /// Every stack of the repository, in [`Lang`] order.
    pub fn stacks(&self) -> Vec<Lang> {
        let mut all: Vec<Lang> = self
            .projects
            .iter()
            .flat_map(|p| p.stacks.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// The project owning `path`: the deepest project directory above it.
    pub fn owner(&self, path: &str) -> Option<&Project> {
        self.projects
            .iter()
            .filter(|p| p.contains(path))
            .max_by_key(|p| p.dir.len())
    }

    /// The deepest project above `path` that has `lang`.
    pub fn owner_with(&self, path: &str, lang: Lang) -> Option<&Project> {
        self.projects
            .iter()
            .filter(|p| p.stacks.contains(&lang) && p.contains(path))
            .max_by_key(|p| p.dir.len())
    }
}

/// The stacks `stack:` names; `None` for `auto` (or a value naming no known stack).
pub fn configured_stacks(configured: &Stack) -> Option<Vec<Lang>> {
    let names: Vec<&str> = match configured {
        Stack::One(one) => vec![one.as_str()],
        Stack::Many(many) => many.iter().map(String::as_str).collect(),
    };
    let mut stacks: Vec<Lang> = names.into_iter().filter_map(Lang::parse).collect();
    stacks.sort_unstable();
    stacks.dedup();
    (!stacks.is_empty()).then_some(stacks)
}

/// Every file of the work tree under `root`, repository-relative and sorted, without the
/// skipped folders. Unreadable folders and names that are not UTF-8 are left out (see
/// [`list_files_and_odd_names`] to report the latter).
pub fn list_files(root: &Path) -> Vec<String> {
    list_files_and_odd_names(root).0
}

/// [`list_files`], plus the paths left out because their names are not UTF-8 (relative to
/// `root`, sorted).
///
/// The walk goes through the `ignore` crate: what `.gitignore` (and `.git/info/exclude`)
/// ignores is not read, so a sub-project's `build/` or `dist/` full of copies of the sources
/// does not count as code. Two threads: listing a large tree is mostly system calls.
pub fn list_files_and_odd_names(root: &Path) -> (Vec<String>, Vec<std::path::PathBuf>) {
    use std::sync::Mutex;
    let found = Mutex::new((Vec::new(), Vec::new()));
    let walker = ignore::WalkBuilder::new(root)
        // Dot files are files (`.python-version`); dot folders are skipped by `skipped_dir`.
        .hidden(false)
        // git's rules only: no `.ignore` files, and `.gitignore` also outside a repository.
        .ignore(false)
        .require_git(false)
        .threads(2)
        .build_parallel();
    let mut builder = Collect {
        root,
        found: &found,
    };
    walker.visit(&mut builder);
    let (mut files, mut odd) = found.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable();
    odd.sort_unstable();
    (files, odd)
}

/// Builds one [`Collector`] per walking thread.
struct Collect<'a> {
    root: &'a Path,
    found: &'a std::sync::Mutex<(Vec<String>, Vec<std::path::PathBuf>)>,
}

impl<'a> ignore::ParallelVisitorBuilder<'a> for Collect<'a> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 'a> {
        Box::new(Collector {
            root: self.root,
            found: self.found,
            files: Vec::new(),
            odd: Vec::new(),
        })
    }
}

/// One thread's files and odd names, handed over when the thread's walk ends.
struct Collector<'a> {
    root: &'a Path,
    found: &'a std::sync::Mutex<(Vec<String>, Vec<std::path::PathBuf>)>,
    files: Vec<String>,
    odd: Vec<std::path::PathBuf>,
}

impl ignore::ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        use ignore::WalkState::{Continue, Skip};
        // Unreadable entries are left out, as unreadable folders always were.
        let Ok(entry) = entry else {
            return Continue;
        };
        if entry.depth() == 0 {
            return Continue;
        }
        let Some(kind) = entry.file_type() else {
            return Continue;
        };
        let Ok(rel) = entry.path().strip_prefix(self.root) else {
            return Continue;
        };
        let Some(rel_text) = rel.to_str() else {
            self.odd.push(rel.to_path_buf());
            return if kind.is_dir() { Skip } else { Continue };
        };
        if kind.is_dir() {
            let name = entry.file_name().to_str().unwrap_or_default();
            return if skipped_dir(name, entry.path()) {
                Skip
            } else {
                Continue
            };
        }
        if kind.is_file() {
            self.files
                .push(rel_text.replace(std::path::MAIN_SEPARATOR, "/"));
        }
        Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.0.append(&mut self.files);
        found.1.append(&mut self.odd);
    }
}

fn skipped_dir(name: &str, path: &Path) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.contains(&name) || path.join("pyvenv.cfg").is_file()
}

/// The layout of the work tree under `root`, with `stack:` applied.
pub fn detect(root: &Path, configured: &Stack) -> Layout {
    let files = list_files(root);
    Layout::from_files(files.iter().map(String::as_str)).with_configured(configured)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(files: &[&str]) -> Layout {
        Layout::from_files(files.iter().copied())
    }

    #[test]
    fn finds_every_stack_of_a_polyglot_root() {
        let l = layout(&[
            "pyproject.toml",
            "package.json",
            "Cargo.toml",
            "src/main.rs",
        ]);
        assert_eq!(l.projects.len(), 1);
        assert_eq!(l.stacks(), vec![Lang::Python, Lang::Node, Lang::Rust]);
    }

    #[test]
    fn monorepo_paths_belong_to_the_deepest_project() {
        let l = layout(&[
            "package.json",
            "services/api/go.mod",
            "services/api/handlers/user.go",
            "services/ml/requirements.txt",
            "libs/core/build.gradle.kts",
            "crates/a/Cargo.toml",
        ]);
        assert_eq!(
            l.owner("services/api/handlers/user.go").unwrap().dir,
            "services/api"
        );
        assert_eq!(l.owner("services/ml/train.py").unwrap().dir, "services/ml");
        assert_eq!(l.owner("services/apiary/x.ts").unwrap().dir, "");
        assert_eq!(
            l.owner("crates/a/src/lib.rs").unwrap().stacks,
            vec![Lang::Rust]
        );
        assert_eq!(
            l.owner_with("services/api/tool.ts", Lang::Node)
                .unwrap()
                .dir,
            ""
        );
        assert_eq!(
            l.stacks(),
            vec![Lang::Python, Lang::Node, Lang::Go, Lang::Java, Lang::Rust]
        );
    }

    #[test]
    fn no_marker_means_no_project() {
        let l = layout(&["main.c", "README.md"]);
        assert!(l.owner("main.c").is_none());
        assert!(l.stacks().is_empty());
    }

    #[test]
    fn configured_stack_overrides_detection() {
        let l = layout(&["package.json", "py/setup.py", "web/package.json"])
            .with_configured(&Stack::Many(vec!["python".into(), "go".into()]));
        assert_eq!(l.stacks(), vec![Lang::Python, Lang::Go]);
        assert_eq!(l.owner("web/x.ts").unwrap().dir, "");
        assert_eq!(l.owner("py/x.py").unwrap().dir, "py");
        let auto = layout(&["package.json"]).with_configured(&Stack::One("auto".into()));
        assert_eq!(auto.stacks(), vec![Lang::Node]);
        let one = layout(&[]).with_configured(&Stack::One("rust".into()));
        assert_eq!(one.stacks(), vec![Lang::Rust]);
    }

    #[test]
    fn languages_of_files() {
        assert_eq!(Lang::of_file("a/b.tsx"), Some(Lang::Node));
        assert_eq!(Lang::of_file("x.py"), Some(Lang::Python));
        assert_eq!(Lang::of_file("Main.kt"), Some(Lang::Java));
        assert_eq!(Lang::of_file("Makefile"), None);
    }

    #[test]
    fn listing_skips_dependency_and_hidden_folders() {
        let dir = std::env::temp_dir().join(format!("pactkit-stack-{}", std::process::id()));
        for rel in [
            "a/package.json",
            "a/node_modules/x/package.json",
            "target/debug/Cargo.toml",
            ".git/config",
            "env/pyvenv.cfg",
            "env/lib/setup.py",
            "src/lib.rs",
        ] {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let files = list_files(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files, vec!["a/package.json", "src/lib.rs"]);
    }

    #[test]
    fn listing_leaves_out_what_gitignore_ignores_but_keeps_dot_files() {
        let dir = std::env::temp_dir().join(format!("pactkit-ignored-{}", std::process::id()));
        for (rel, text) in [
            (".gitignore", "build/\n*.generated.py\n!keep.generated.py\n"),
            (".python-version", "3.12\n"),
            ("pyproject.toml", ""),
            ("src/app.py", ""),
            ("src/x.generated.py", ""),
            ("src/keep.generated.py", ""),
            ("build/lib/app.py", ""),
            ("build/lib/package.json", ""),
            ("web/build/index.js", ""),
        ] {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let files = list_files(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            files,
            vec![
                ".gitignore",
                ".python-version",
                "pyproject.toml",
                "src/app.py",
                "src/keep.generated.py",
            ]
        );
    }
}
