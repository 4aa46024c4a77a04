//! Test impact mapping: which existing tests a changed file can break, per stack.
//!
//! * Every stack with imports (Python, JS/TS, Go, Java/Kotlin) follows the import graph
//!   ([`crate::stack::depgraph`]) transitively: a test is selected when it imports the changed
//!   file directly or through other modules, package `__init__`/`index` re-exports, or
//!   other test modules (a base test class, shared helpers).
//! * By name as well, for tests that name what they test without importing it: Python
//!   `test_<module>.py` / `<module>_test.py` beside the module or under a test folder
//!   whose sub-packages agree with the module's package; Go the package's `_test.go`
//!   files; Java/Kotlin the Maven/Gradle mirror (`src/test/java/a/BTest.java`); JS/TS
//!   colocated `B.test.*`/`B.spec.*`, `__tests__/B.*` and the project's test folders.
//! * Rust: the owning crate (`cargo test -p <crate>`) and the workspace crates that depend
//!   on it through path or workspace dependencies, never single files.
//! * A file that imports dynamically or cannot be read may depend on anything: the tests
//!   that reach it are selected for every change of its stack (named in
//!   [`Mapping::unknown`]).
//!
//! A changed test maps to itself (a `conftest.py` to its folder) and to the tests that
//! import it. Only runnable tests are reported: what the stack's runner collects
//! ([`Conventions::collects`]), not helpers or data. Which files are tests is decided by
//! the repository's [`Conventions`]; which project owns a path by [`crate::stack`].

use crate::stack::classify::{Conventions, FileClass};
use crate::stack::depgraph::Graph;
use crate::stack::{self, Lang, Layout};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A Rust crate selected for `cargo test -p`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Crate {
    /// `[package] name`.
    pub name: String,
    /// Repository-relative folder of its Cargo.toml (empty for the root).
    pub dir: String,
}

/// What one changed file maps to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mapping {
    /// The changed file.
    pub path: String,
    /// Its stack, when it is code of a known language.
    pub stack: Option<Lang>,
    /// What [`super::classify`] says it is.
    pub class: FileClass,
    /// Existing test files covering it, sorted.
    pub tests: Vec<String>,
    /// The crate whose tests cover it (Rust).
    #[serde(rename = "crate", skip_serializing_if = "Option::is_none")]
    pub krate: Option<Crate>,
    /// Workspace crates that depend on that crate (Rust), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependent_crates: Vec<Crate>,
    /// Places of the stack whose imports cannot be known (`file:line (why)`); the tests
    /// reaching them are in `tests`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

impl Mapping {
    /// Whether anything covers the file.
    pub fn is_mapped(&self) -> bool {
        !self.tests.is_empty() || self.krate.is_some()
    }
}

/// The work tree as the mapper sees it: its files, projects, and lazily built indexes.
pub struct Workspace {
    root: PathBuf,
    files: Vec<String>,
    /// Files left out because their names are not UTF-8 (relative to the root).
    odd_names: Vec<PathBuf>,
    /// Changed paths the work tree does not have (deleted, renamed away).
    absent: Vec<String>,
    /// The project layout (stacks and project folders).
    pub layout: Layout,
    conventions: OnceCell<Conventions>,
    tests: OnceCell<TestIndex>,
    graphs: RefCell<HashMap<Lang, Rc<Graph>>>,
    widened: RefCell<HashMap<Lang, Rc<Widened>>>,
    crates: RefCell<HashMap<String, Option<String>>>,
    crate_graph: OnceCell<Vec<CrateDeps>>,
}

/// A workspace crate and the names of the crates it depends on.
#[derive(Debug, Clone)]
struct CrateDeps {
    krate: Crate,
    deps: Vec<String>,
}

/// What the places of one stack whose imports cannot be known add to every selection
/// reaching its graph.
struct Widened {
    /// Runnable tests reaching such a place.
    tests: Vec<String>,
    /// The places some runnable test reaches (`file:line (why)`).
    places: Vec<String>,
}

/// Test files by language and by file name.
#[derive(Default)]
struct TestIndex {
    /// Indexes into `files` of runnable test files, per stack.
    by_lang: HashMap<Lang, Vec<usize>>,
    /// Indexes of test files by file name.
    by_name: HashMap<String, Vec<usize>>,
    /// For each of `files`: a code file the runner collects.
    runnable: Vec<bool>,
}

impl Workspace {
    /// Whether the repository holds any source or test file (tool settings and
    /// documentation are no code to test).
    pub fn has_code(&self) -> bool {
        self.files.iter().any(|f| {
            matches!(
                crate::stack::classify::classify(f),
                FileClass::Source | FileClass::Test
            )
        })
    }

    /// Scans the work tree under `root` (see [`stack::list_files_and_odd_names`]).
    pub fn scan(root: &Path, configured: &crate::config::Stack) -> Workspace {
        let (files, odd_names) = stack::list_files_and_odd_names(root);
        let mut ws = Workspace::from_files(root, files, configured);
        ws.odd_names = odd_names;
        ws
    }

    /// A workspace over a known, sorted list of repository-relative files.
    pub fn from_files(
        root: &Path,
        mut files: Vec<String>,
        configured: &crate::config::Stack,
    ) -> Workspace {
        files.sort_unstable();
        let layout =
            Layout::from_files(files.iter().map(String::as_str)).with_configured(configured);
        Workspace {
            root: root.to_path_buf(),
            files,
            odd_names: Vec::new(),
            absent: Vec::new(),
            layout,
            conventions: OnceCell::new(),
            tests: OnceCell::new(),
            graphs: Default::default(),
            widened: Default::default(),
            crates: Default::default(),
            crate_graph: OnceCell::new(),
        }
    }

    /// Tells the mapper which changed paths are gone from the work tree: the files that
    /// still import them are their dependents.
    pub fn with_changes(mut self, changed: &[String]) -> Workspace {
        self.absent = changed
            .iter()
            .filter(|p| !self.exists(p))
            .cloned()
            .collect();
        self
    }

    /// Files whose names are not UTF-8 (relative to the root): the mapper cannot read
    /// them.
    pub fn odd_names(&self) -> &[PathBuf] {
        &self.odd_names
    }

    /// The repository's test conventions (from its test framework configuration).
    pub fn conventions(&self) -> &Conventions {
        self.conventions.get_or_init(|| {
            Conventions::load(self.files.iter().map(String::as_str), |path| {
                std::fs::read_to_string(self.root.join(path)).ok()
            })
        })
    }

    /// What a path is, by the repository's conventions.
    pub fn classify(&self, path: &str) -> FileClass {
        self.conventions().classify(path)
    }

    /// Whether the stack's runner collects `path` as a test.
    pub fn collects(&self, path: &str) -> bool {
        self.conventions().collects(path)
    }

    /// The import graph of a stack, built on first use.
    pub fn graph(&self, lang: Lang) -> Rc<Graph> {
        if let Some(graph) = self.graphs.borrow().get(&lang) {
            return Rc::clone(graph);
        }
        let graph = Rc::new(Graph::build(lang, &self.root, &self.files, &self.absent));
        self.graphs.borrow_mut().insert(lang, Rc::clone(&graph));
        graph
    }

    /// The work tree root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the work tree has the file.
    pub fn exists(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|f| f.as_str().cmp(path))
            .is_ok()
    }

    /// Maps every changed file.
    pub fn map_all(&self, changed: &[String]) -> Vec<Mapping> {
        changed.iter().map(|p| self.map(p)).collect()
    }

    /// Maps one changed file.
    pub fn map(&self, path: &str) -> Mapping {
        let class = self.classify(path);
        let lang = Lang::of_file(path);
        let mut mapping = Mapping {
            path: path.to_owned(),
            stack: lang,
            class,
            tests: Vec::new(),
            krate: None,
            dependent_crates: Vec::new(),
            unknown: Vec::new(),
        };
        let mut tests = BTreeSet::new();
        match (class, lang) {
            (FileClass::Source | FileClass::Test, Some(Lang::Rust)) => {
                mapping.krate = self.crate_of(path);
                if let Some(krate) = &mapping.krate {
                    mapping.dependent_crates = self.crate_dependents(krate);
                }
            }
            (FileClass::Test, Some(lang)) => {
                if split(path).1 == "conftest.py" && self.exists(path) {
                    tests.insert(self_target(path));
                } else if self.exists(path) && self.collects(path) {
                    tests.insert(path.to_owned());
                }
                self.importing_tests(path, lang, &mut tests, &mut mapping.unknown);
            }
            (FileClass::Source, Some(lang)) => {
                self.by_name(path, lang, &mut tests);
                self.importing_tests(path, lang, &mut tests, &mut mapping.unknown);
            }
            // Data a JS/TS module imports (`import rows from './rows.json'`).
            (FileClass::Source | FileClass::Test, None)
                if self.layout.stacks().contains(&Lang::Node)
                    && self.graph(Lang::Node).has(path) =>
            {
                self.importing_tests(path, Lang::Node, &mut tests, &mut mapping.unknown);
            }
            _ => {}
        }
        mapping.tests = tests.into_iter().collect();
        mapping
    }

    /// Whether some runnable test imports `path`, directly or not (what a dynamic import
    /// may load is not counted).
    pub fn imported_by_tests(&self, path: &str) -> bool {
        let Some(lang) = Lang::of_file(path) else {
            return false;
        };
        self.graph(lang)
            .dependents(path)
            .into_iter()
            .any(|d| d != path && self.runnable(d))
    }

    /// Whether the work tree has `path` and the stack's runner collects it as a test
    /// (`exists && collects`, from the test index for code files).
    fn runnable(&self, path: &str) -> bool {
        let Ok(at) = self.files.binary_search_by(|f| f.as_str().cmp(path)) else {
            return false;
        };
        if Lang::of_file(path).is_some() {
            self.index().runnable[at]
        } else {
            self.collects(path)
        }
    }

    /// The runnable tests among the graph's dependents of `path`, and those reaching a
    /// place whose imports cannot be known (they may depend on anything).
    fn importing_tests(
        &self,
        path: &str,
        lang: Lang,
        out: &mut BTreeSet<String>,
        unknown: &mut Vec<String>,
    ) {
        let graph = self.graph(lang);
        let dependents = graph.dependents(path);
        let reached = !dependents.is_empty();
        for dependent in dependents {
            if dependent != path && self.runnable(dependent) {
                out.insert(dependent.to_owned());
            }
        }
        if !reached {
            return;
        }
        let widened = self.widened(lang, &graph);
        out.extend(widened.tests.iter().cloned());
        unknown.extend(widened.places.iter().cloned());
    }

    /// The runnable tests reaching a place of `lang` whose imports cannot be known, and
    /// those places (the ones some test reaches), computed once per stack: every changed
    /// file that reaches the graph adds the same ones.
    fn widened(&self, lang: Lang, graph: &Graph) -> Rc<Widened> {
        if let Some(found) = self.widened.borrow().get(&lang) {
            return Rc::clone(found);
        }
        let runnable = |d: &&str| self.runnable(d);
        let found = Rc::new(Widened {
            tests: graph
                .dependents_of_unknown()
                .into_iter()
                .filter(runnable)
                .map(str::to_owned)
                .collect(),
            places: graph
                .unknown()
                .iter()
                .filter(|place| graph.dependents(&place.file).iter().any(runnable))
                .map(ToString::to_string)
                .collect(),
        });
        self.widened.borrow_mut().insert(lang, Rc::clone(&found));
        found
    }

    fn by_name(&self, path: &str, lang: Lang, out: &mut BTreeSet<String>) {
        match lang {
            Lang::Python => self.python_by_name(path, out),
            Lang::Go => self.go_package(path, out),
            Lang::Java => self.java_mirror(path, out),
            Lang::Node => self.node_by_name(path, out),
            Lang::Rust => {}
        }
    }

    fn index(&self) -> &TestIndex {
        self.tests.get_or_init(|| {
            let mut index = TestIndex {
                runnable: vec![false; self.files.len()],
                ..TestIndex::default()
            };
            for (i, file) in self.files.iter().enumerate() {
                let Some(lang) = Lang::of_file(file) else {
                    continue;
                };
                if !self.collects(file) {
                    continue;
                }
                index.runnable[i] = true;
                index.by_lang.entry(lang).or_default().push(i);
                index
                    .by_name
                    .entry(file_name(file).to_owned())
                    .or_default()
                    .push(i);
            }
            index
        })
    }

    fn named(&self, name: &str) -> impl Iterator<Item = &str> {
        self.index()
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .map(|&i| self.files[i].as_str())
    }

    fn project_dir(&self, path: &str, lang: Lang) -> &str {
        self.layout
            .owner_with(path, lang)
            .or_else(|| self.layout.owner(path))
            .map_or("", |p| p.dir.as_str())
    }

    fn python_by_name(&self, path: &str, out: &mut BTreeSet<String>) {
        let project = self.project_dir(path, Lang::Python);
        let rel = strip_dir(project, path);
        let (dir, name) = split(rel);
        let stem = name.trim_end_matches(".pyi").trim_end_matches(".py");
        let package: Vec<&str> = dir
            .split('/')
            .filter(|c| !c.is_empty())
            .skip_while(|c| *c == "src")
            .collect();
        for candidate in [format!("test_{stem}.py"), format!("{stem}_test.py")] {
            for test in self.named(&candidate) {
                let Some(test_rel) = inside(project, test) else {
                    continue;
                };
                let (test_dir, _) = split(test_rel);
                if test_dir == dir || package_agrees(test_dir, &package) {
                    out.insert(test.to_owned());
                }
            }
        }
    }

    fn go_package(&self, path: &str, out: &mut BTreeSet<String>) {
        let (dir, _) = split(path);
        let tests = self.index().by_lang.get(&Lang::Go).into_iter().flatten();
        for &i in tests {
            let test = &self.files[i];
            if split(test).0 == dir && test.ends_with("_test.go") {
                out.insert(test.clone());
            }
        }
    }

    fn java_mirror(&self, path: &str, out: &mut BTreeSet<String>) {
        for (main, test) in [
            ("src/main/java/", "src/test/java/"),
            ("src/main/kotlin/", "src/test/kotlin/"),
            ("src/main/scala/", "src/test/scala/"),
        ] {
            let Some(at) = path
                .find(main)
                .filter(|&at| at == 0 || path[..at].ends_with('/'))
            else {
                continue;
            };
            let mirrored = format!("{}{test}{}", &path[..at], &path[at + main.len()..]);
            let Some((base, ext)) = mirrored.rsplit_once('.') else {
                continue;
            };
            for suffix in ["Test", "Tests", "IT"] {
                let candidate = format!("{base}{suffix}.{ext}");
                if self.exists(&candidate) {
                    out.insert(candidate);
                }
            }
        }
    }

    fn node_by_name(&self, path: &str, out: &mut BTreeSet<String>) {
        let project = self.project_dir(path, Lang::Node);
        let (dir, name) = split(path);
        let stem = strip_js_ext(name);
        let test_dirs: Vec<String> = ["__tests__", "tests", "test"]
            .iter()
            .map(|t| join(project, t))
            .chain([join(dir, "__tests__"), dir.to_owned()])
            .collect();
        let tests = self.index().by_lang.get(&Lang::Node).into_iter().flatten();
        for &i in tests {
            let test = &self.files[i];
            let (test_dir, test_name) = split(test);
            let test_stem = strip_js_ext(test_name);
            let base = test_stem
                .strip_suffix(".test")
                .or_else(|| test_stem.strip_suffix(".spec"))
                .unwrap_or(test_stem);
            let in_dunder = test_dir.ends_with("__tests__");
            let named = base == stem && (in_dunder || base != test_stem);
            if named && test_dirs.iter().any(|d| d == test_dir) {
                out.insert(test.clone());
            }
        }
    }

    /// The crate owning a Rust file: the deepest Cargo.toml with a `[package]` name.
    pub fn crate_of(&self, path: &str) -> Option<Crate> {
        let mut dir = split(path).0;
        loop {
            let manifest = join(dir, "Cargo.toml");
            if self.exists(&manifest)
                && let Some(name) = self.crate_name(&manifest)
            {
                return Some(Crate {
                    name,
                    dir: dir.to_owned(),
                });
            }
            if dir.is_empty() {
                return None;
            }
            dir = split(dir).0;
        }
    }

    fn crate_name(&self, manifest: &str) -> Option<String> {
        let mut cache = self.crates.borrow_mut();
        cache
            .entry(manifest.to_owned())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(self.root.join(manifest)).ok()?;
                package_name(&text)
            })
            .clone()
    }

    /// The workspace crates that depend on `krate`, directly or not, sorted.
    pub fn crate_dependents(&self, krate: &Crate) -> Vec<Crate> {
        let graph = self.crate_graph.get_or_init(|| {
            self.files
                .iter()
                .filter(|f| split(f).1 == "Cargo.toml")
                .filter_map(|manifest| {
                    let text = std::fs::read_to_string(self.root.join(manifest)).ok()?;
                    let (name, deps) = crate_deps(&text)?;
                    Some(CrateDeps {
                        krate: Crate {
                            name,
                            dir: split(manifest).0.to_owned(),
                        },
                        deps,
                    })
                })
                .collect()
        });
        let mut found: BTreeSet<Crate> = BTreeSet::new();
        let mut queue = vec![krate.name.clone()];
        while let Some(name) = queue.pop() {
            for node in graph.iter().filter(|n| n.deps.contains(&name)) {
                if node.krate != *krate && found.insert(node.krate.clone()) {
                    queue.push(node.krate.name.clone());
                }
            }
        }
        found.into_iter().collect()
    }
}

/// `[package] name` and the names of every dependency of a Cargo.toml (all dependency
/// tables, target-specific ones too; a renamed dependency by its `package`).
fn crate_deps(manifest: &str) -> Option<(String, Vec<String>)> {
    let table: toml::Table = toml::from_str(manifest).ok()?;
    let name = table.get("package")?.get("name")?.as_str()?.to_owned();
    let mut deps = Vec::new();
    let mut tables: Vec<&toml::Value> = Vec::new();
    for key in ["dependencies", "dev-dependencies", "build-dependencies"] {
        tables.extend(table.get(key));
        if let Some(toml::Value::Table(targets)) = table.get("target") {
            tables.extend(targets.values().filter_map(|t| t.get(key)));
        }
    }
    for deps_table in tables.into_iter().filter_map(toml::Value::as_table) {
        for (key, value) in deps_table {
            let real = value
                .get("package")
                .and_then(toml::Value::as_str)
                .unwrap_or(key);
            deps.push(real.to_owned());
        }
    }
    Some((name, deps))
}

/// A test's own run target: pytest's `conftest.py` runs as its folder.
fn self_target(path: &str) -> String {
    match split(path) {
        (dir, "conftest.py") if !dir.is_empty() => dir.to_owned(),
        (_, "conftest.py") => ".".to_owned(),
        _ => path.to_owned(),
    }
}

/// `[package] name = "…"` of a Cargo.toml.
pub fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some((key, value)) = line.split_once('=')
            && key.trim() == "name"
        {
            return Some(value.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    None
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// (folder, file name); the folder is empty at the root.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

fn strip_dir<'p>(dir: &str, path: &'p str) -> &'p str {
    inside(dir, path).unwrap_or(path)
}

fn inside<'p>(dir: &str, path: &'p str) -> Option<&'p str> {
    if dir.is_empty() {
        return Some(path);
    }
    path.strip_prefix(dir)?.strip_prefix('/')
}

const JS_EXTENSIONS: &[&str] = &[
    ".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte",
];

fn strip_js_ext(name: &str) -> &str {
    JS_EXTENSIONS
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
}

/// Folders that group tests by kind, not by package.
const TEST_KIND_DIRS: &[&str] = &["unit", "integration", "functional", "e2e", "tests", "test"];

/// Whether a test folder (project-relative) agrees with a module's package: below the
/// first `tests`/`test` folder, its sub-folders (ignoring kind folders such as `unit`)
/// are a suffix of the package path.
fn package_agrees(test_dir: &str, package: &[&str]) -> bool {
    let mut parts = test_dir.split('/').filter(|c| !c.is_empty());
    if !parts.any(|c| c == "tests" || c == "test") {
        return false;
    }
    let rest: Vec<&str> = parts.filter(|c| !TEST_KIND_DIRS.contains(c)).collect();
    rest.len() <= package.len() && package.ends_with(&rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Stack;

    fn workspace(files: &[(&str, &str)]) -> (Workspace, PathBuf) {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("pactkit-testmap-{}-{n}", std::process::id()));
        for (path, text) in files {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        (Workspace::scan(&root, &Stack::One("auto".into())), root)
    }

    fn tests_of(ws: &Workspace, path: &str) -> Vec<String> {
        ws.map(path).tests
    }

    #[test]
    fn python_by_name_respects_packages_and_by_import() {
        let (ws, root) = workspace(&[
            ("pyproject.toml", ""),
            ("src/pkg/sub/foo.py", ""),
            ("src/pkg/bar.py", ""),
            ("tests/unit/sub/test_foo.py", ""),
            ("tests/test_foo.py", ""),
            ("tests/other/test_foo.py", ""),
            (
                "tests/test_api.py",
                "import os\nfrom pkg.sub import (\n  foo,\n  baz)\n",
            ),
            ("tests/test_more.py", "import pkg.bar as b\n"),
            ("tests/test_none.py", "from pkg import sub\n"),
        ]);
        assert_eq!(
            tests_of(&ws, "src/pkg/sub/foo.py"),
            vec![
                "tests/test_api.py",
                "tests/test_foo.py",
                "tests/unit/sub/test_foo.py"
            ]
        );
        assert_eq!(tests_of(&ws, "src/pkg/bar.py"), vec!["tests/test_more.py"]);
        assert!(tests_of(&ws, "src/pkg/gone.py").is_empty());
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn go_java_and_tests_themselves() {
        let (ws, root) = workspace(&[
            ("go.mod", ""),
            ("pkg/auth/login.go", ""),
            ("pkg/auth/login_test.go", ""),
            ("pkg/auth/token_test.go", ""),
            ("pkg/other_test.go", ""),
            ("svc/pom.xml", ""),
            ("svc/src/main/java/com/a/Foo.java", ""),
            ("svc/src/test/java/com/a/FooTest.java", ""),
            ("svc/src/test/java/com/a/FooIT.java", ""),
            ("tests/conftest.py", ""),
        ]);
        assert_eq!(
            tests_of(&ws, "pkg/auth/login.go"),
            vec!["pkg/auth/login_test.go", "pkg/auth/token_test.go"]
        );
        assert_eq!(
            tests_of(&ws, "svc/src/main/java/com/a/Foo.java"),
            vec![
                "svc/src/test/java/com/a/FooIT.java",
                "svc/src/test/java/com/a/FooTest.java"
            ]
        );
        // The tests of a package see each other (helpers in `_test.go` files).
        assert_eq!(
            tests_of(&ws, "pkg/auth/token_test.go"),
            vec!["pkg/auth/login_test.go", "pkg/auth/token_test.go"]
        );
        assert_eq!(tests_of(&ws, "tests/conftest.py"), vec!["tests"]);
        assert!(tests_of(&ws, "pkg/auth/deleted_test.go").is_empty());
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn node_colocated_dunder_and_importers() {
        let (ws, root) = workspace(&[
            ("web/package.json", ""),
            ("web/src/util/math.ts", ""),
            ("web/src/util/math.test.ts", ""),
            ("web/src/util/__tests__/math.tsx", ""),
            ("web/__tests__/math.spec.js", ""),
            (
                "web/src/app.spec.ts",
                "import { add } from './util/math.js';\n",
            ),
            ("web/src/index.test.ts", "const m = require('./util');\n"),
            ("web/src/util/index.ts", ""),
            ("web/src/other.test.ts", "import x from 'math';\n"),
        ]);
        assert_eq!(
            tests_of(&ws, "web/src/util/math.ts"),
            vec![
                "web/__tests__/math.spec.js",
                "web/src/app.spec.ts",
                "web/src/util/__tests__/math.tsx",
                "web/src/util/math.test.ts",
            ]
        );
        assert_eq!(
            tests_of(&ws, "web/src/util/index.ts"),
            vec!["web/src/index.test.ts"]
        );
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn rust_maps_to_the_crate() {
        let (ws, root) = workspace(&[
            ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"),
            ("crates/core/Cargo.toml", "[package]\nname = \"core-x\"\n"),
            ("crates/core/src/lib.rs", ""),
            ("crates/core/tests/it.rs", ""),
            ("tools/x.rs", ""),
        ]);
        let m = ws.map("crates/core/src/deep/mod.rs");
        assert_eq!(m.krate.unwrap().name, "core-x");
        assert_eq!(
            ws.map("crates/core/tests/it.rs").krate.unwrap().dir,
            "crates/core"
        );
        assert!(!ws.map("tools/x.rs").is_mapped());
        std::fs::remove_dir_all(root).unwrap();
    }
}
