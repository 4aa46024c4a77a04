//! Test impact mapping: which existing tests cover a changed file, per stack.
//!
//! * Python: `test_<module>.py` / `<module>_test.py` beside the module or under a test
//!   folder whose sub-packages agree with the module's package (`tests/sub/test_foo.py`
//!   covers `src/pkg/sub/foo.py`, `tests/other/test_foo.py` does not), plus every test
//!   file that imports the module (`import a.b`, `from a.b import c`, `from a import b`).
//! * Go: the `_test.go` files of the package (the file's folder).
//! * Java/Kotlin: the Maven/Gradle mirror, `src/main/java/a/B.java` →
//!   `src/test/java/a/{BTest,BTests,BIT}.java`.
//! * JS/TS: colocated `B.test.*` / `B.spec.*`, `__tests__/B.*`, the project's top-level
//!   test folders, plus test files whose relative imports resolve to the file.
//! * Rust: the owning crate (`cargo test -p <crate>`), never single files.
//!
//! A changed test maps to itself. Only files that exist in the work tree are reported.
//! Which files are tests is decided by [`crate::classify`]; which project owns a path by
//! [`crate::stack`].

use crate::classify::{FileClass, classify};
use crate::stack::{self, Lang, Layout};
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

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
    /// What [`classify`] says it is.
    pub class: FileClass,
    /// Existing test files covering it, sorted.
    pub tests: Vec<String>,
    /// The crate whose tests cover it (Rust).
    #[serde(rename = "crate", skip_serializing_if = "Option::is_none")]
    pub krate: Option<Crate>,
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
    /// The project layout (stacks and project folders).
    pub layout: Layout,
    tests: OnceCell<TestIndex>,
    py_imports: OnceCell<HashMap<String, Vec<usize>>>,
    js_imports: OnceCell<HashMap<String, Vec<usize>>>,
    crates: std::cell::RefCell<HashMap<String, Option<String>>>,
}

/// Test files by language and by file name.
#[derive(Default)]
struct TestIndex {
    /// Indexes into `files` of runnable test files, per stack.
    by_lang: HashMap<Lang, Vec<usize>>,
    /// Indexes of test files by file name.
    by_name: HashMap<String, Vec<usize>>,
}

impl Workspace {
    /// Whether the repository holds any source or test file (tool settings and
    /// documentation are no code to test).
    pub fn has_code(&self) -> bool {
        self.files.iter().any(|f| {
            matches!(
                crate::classify::classify(f),
                FileClass::Source | FileClass::Test
            )
        })
    }

    /// Scans the work tree under `root` (see [`stack::list_files`]).
    pub fn scan(root: &Path, configured: &crate::config::Stack) -> Workspace {
        Workspace::from_files(root, stack::list_files(root), configured)
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
            layout,
            tests: OnceCell::new(),
            py_imports: OnceCell::new(),
            js_imports: OnceCell::new(),
            crates: Default::default(),
        }
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
        let class = classify(path);
        let lang = Lang::of_file(path);
        let mut tests = BTreeSet::new();
        let mut krate = None;
        match (class, lang) {
            (_, Some(Lang::Rust)) if matches!(class, FileClass::Source | FileClass::Test) => {
                krate = self.crate_of(path);
            }
            (FileClass::Test, Some(_)) if self.exists(path) => {
                tests.insert(self_target(path));
            }
            (FileClass::Source, Some(lang)) => self.covering(path, lang, &mut tests),
            _ => {}
        }
        Mapping {
            path: path.to_owned(),
            stack: lang,
            class,
            tests: tests.into_iter().collect(),
            krate,
        }
    }

    fn covering(&self, path: &str, lang: Lang, out: &mut BTreeSet<String>) {
        match lang {
            Lang::Python => {
                self.python_by_name(path, out);
                self.python_importers(path, out);
            }
            Lang::Go => self.go_package(path, out),
            Lang::Java => self.java_mirror(path, out),
            Lang::Node => {
                self.node_by_name(path, out);
                self.node_importers(path, out);
            }
            Lang::Rust => {}
        }
    }

    fn index(&self) -> &TestIndex {
        self.tests.get_or_init(|| {
            let mut index = TestIndex::default();
            for (i, file) in self.files.iter().enumerate() {
                let Some(lang) = Lang::of_file(file) else {
                    continue;
                };
                if classify(file) != FileClass::Test {
                    continue;
                }
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

    fn python_importers(&self, path: &str, out: &mut BTreeSet<String>) {
        let project = self.project_dir(path, Lang::Python);
        let Some(module) = python_module(strip_dir(project, path)) else {
            return;
        };
        let index = self.py_imports.get_or_init(|| {
            self.import_index(Lang::Python, |_, text, keys| python_imports(text, keys))
        });
        for &i in index.get(&module).into_iter().flatten() {
            out.insert(self.files[i].clone());
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

    fn node_importers(&self, path: &str, out: &mut BTreeSet<String>) {
        let index = self
            .js_imports
            .get_or_init(|| self.import_index(Lang::Node, js_imports));
        let key = strip_js_ext(path);
        let mut keys = vec![key];
        if let Some(dir) = key.strip_suffix("/index") {
            keys.push(dir);
        }
        for key in keys {
            for &i in index.get(key).into_iter().flatten() {
                out.insert(self.files[i].clone());
            }
        }
    }

    /// Reads every test file of `lang` and indexes it under the keys `scan` reports.
    fn import_index(
        &self,
        lang: Lang,
        scan: impl Fn(&str, &str, &mut Vec<String>) + Sync,
    ) -> HashMap<String, Vec<usize>> {
        let tests: &[usize] = self.index().by_lang.get(&lang).map_or(&[], Vec::as_slice);
        let (root, files) = (self.root.as_path(), self.files.as_slice());
        let scan_one = |i: usize| {
            let mut keys = Vec::new();
            if let Ok(bytes) = std::fs::read(root.join(&files[i])) {
                scan(&files[i], &String::from_utf8_lossy(&bytes), &mut keys);
            }
            (i, keys)
        };
        // Two halves on two threads: reading is most of the cost on large repositories.
        let (left, right) = tests.split_at(tests.len() / 2);
        let results: Vec<(usize, Vec<String>)> = std::thread::scope(|s| {
            let other = s.spawn(|| left.iter().map(|&i| scan_one(i)).collect::<Vec<_>>());
            let mut mine: Vec<_> = right.iter().map(|&i| scan_one(i)).collect();
            let mut all = other.join().unwrap_or_default();
            all.append(&mut mine);
            all
        });
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, keys) in results {
            for key in keys {
                index.entry(key).or_default().push(i);
            }
        }
        index
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

/// The dotted module of a project-relative Python file (`src/pkg/a.py` → `pkg.a`).
pub fn python_module(rel: &str) -> Option<String> {
    let rel = rel.strip_prefix("src/").unwrap_or(rel);
    let base = rel
        .strip_suffix(".py")
        .or_else(|| rel.strip_suffix(".pyi"))?;
    let base = base.strip_suffix("/__init__").unwrap_or(base);
    (!base.is_empty() && base != "__init__").then(|| base.replace('/', "."))
}

/// The modules a Python file imports: `import a.b as c, d` → `a.b`, `d`;
/// `from a.b import c, d` → `a.b`, `a.b.c`, `a.b.d` (parenthesised lists may span lines).
pub fn python_imports(text: &str, out: &mut Vec<String>) {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("import ") {
            for part in rest.split(',') {
                let name = part.split_whitespace().next().unwrap_or("");
                if is_dotted(name) {
                    out.push(name.to_owned());
                }
            }
        } else if let Some(rest) = line.strip_prefix("from ") {
            let Some((module, names)) = rest.split_once(" import ") else {
                continue;
            };
            let module = module.trim();
            if !is_dotted(module) {
                continue;
            }
            out.push(module.to_owned());
            let mut names = names.split('#').next().unwrap_or("").to_owned();
            if names.contains('(') && !names.contains(')') {
                for more in lines.by_ref() {
                    names.push(',');
                    names.push_str(more.split('#').next().unwrap_or(""));
                    if more.contains(')') {
                        break;
                    }
                }
            }
            for part in names.split(',') {
                let name = part
                    .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                if is_dotted(name) && name != "*" {
                    out.push(format!("{module}.{name}"));
                }
            }
        }
    }
}

fn is_dotted(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// The repository paths (without a JS extension) a JS/TS file imports relatively:
/// `import x from './a'`, `import './a.js'`, `export … from '../b'`, `require('./c')`,
/// `import('./d')`.
pub fn js_imports(file: &str, text: &str, out: &mut Vec<String>) {
    let dir = split(file).0;
    for line in text.lines() {
        let mut rest = line;
        while let Some(at) = rest.find(['\'', '"', '`']) {
            let quote = rest.as_bytes()[at] as char;
            let before = rest[..at].trim_end();
            rest = &rest[at + 1..];
            let Some(end) = rest.find(quote) else {
                break;
            };
            let spec = &rest[..end];
            rest = &rest[end + 1..];
            let importing = before.ends_with("from")
                || before.ends_with("import")
                || before.ends_with("require(")
                || before.ends_with("import(")
                || before.ends_with("mock(");
            if importing
                && (spec.starts_with("./") || spec.starts_with("../"))
                && let Some(resolved) = resolve(dir, spec)
            {
                out.push(strip_js_ext(&resolved).to_owned());
            }
        }
    }
}

/// Joins a relative specifier to a folder, resolving `.` and `..` (`None` above the root).
fn resolve(dir: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
    for part in spec.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
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
        assert_eq!(
            tests_of(&ws, "pkg/auth/token_test.go"),
            vec!["pkg/auth/token_test.go"]
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

    #[test]
    fn parses_python_modules_and_imports() {
        assert_eq!(python_module("src/pkg/__init__.py").as_deref(), Some("pkg"));
        assert_eq!(
            python_module("app/models.py").as_deref(),
            Some("app.models")
        );
        let mut out = Vec::new();
        python_imports(
            "import a.b as c, d\nfrom e import f, g as h # x\nfrom . import y\n",
            &mut out,
        );
        assert_eq!(out, vec!["a.b", "d", "e", "e.f", "e.g"]);
    }
}
