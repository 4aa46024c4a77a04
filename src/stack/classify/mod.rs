//! The one file classifier of pactkit: is a changed path documentation, a test, project
//! configuration or source? The spec gate asks it which changes need an active work item;
//! the regression gate asks it what a change can break. Paths are repository-relative with
//! `/` separators; the decision looks at paths and at the test frameworks' configuration
//! ([`Conventions`]), never at a file's own content.
//!
//! Order of the rules (first match wins): configuration (manifests, lock files, CI, test
//! framework and tool settings), then anything under a top-level `docs/`, then tests, then
//! documentation by name or extension, else source. Configuration comes first so
//! `tests/fixtures/*.json` is not mistaken for source, and tests before documentation
//! names so `tests/README.md` counts as a test asset.
//!
//! A test is recognised by where it is and by its stack's conventions, not by its name
//! alone: test folders (`tests/`, `test/`, `__tests__/`, `testdata/`, `e2e/`, Maven's
//! `src/test/`), `conftest.py`, and the name patterns of the stack's runner where that
//! runner would collect the file: `test_*.py` is a test outside a `src/` folder (pytest's
//! `python_files` and `testpaths` override both), `*_test.go` always, `*.test.ts` and
//! `__tests__/*` (jest's `testMatch`/`testRegex`, vitest's `test.include` override),
//! `*Test.java` unless under `src/main/`. So `src/pactkit/test_mapper.py` is source.
//! [`classify`] applies the default conventions; [`Conventions::classify`] the ones a
//! repository configures.
//! Unlike PactKit, `requirements*.txt` is a manifest, not documentation.

mod conventions;

pub use conventions::Conventions;

/// What a path is, for the gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileClass {
    /// Prose: Markdown and other text formats, `docs/`, LICENSE, CHANGELOG and the like.
    Docs,
    /// Test code or test data.
    Test,
    /// Project configuration of some kind.
    Config(ConfigKind),
    /// Everything else: code, assets, scripts.
    Source,
}

/// The kind of a configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigKind {
    /// A package manifest (`Cargo.toml`, `package.json`, `pyproject.toml`, `go.mod`, `pom.xml`, …).
    Manifest,
    /// A dependency lock file.
    LockFile,
    /// Continuous-integration configuration.
    Ci,
    /// pactkit's own configuration.
    Pactkit,
    /// Test framework configuration: `pytest.ini`, `tox.ini`, jest, vitest/vite, mocha,
    /// karma, playwright, cypress and babel configuration files.
    TestConfig,
    /// Any other tool or editor setting (dotfiles, `*.toml`, `*.yaml`, `*.ini`, …).
    Tooling,
}

impl FileClass {
    /// True for the changes that need an active work item (and can break tests).
    pub fn is_source(self) -> bool {
        self == FileClass::Source
    }
}

const MANIFESTS: &[&str] = &[
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "Pipfile",
    "go.mod",
    "go.work",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "gradle.properties",
    "tsconfig.json",
    "deno.json",
];

const LOCK_FILES: &[&str] = &[
    "Cargo.lock",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "bun.lock",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "go.sum",
    "go.work.sum",
    "gradle.lockfile",
];

const CI_FILES: &[&str] = &[
    ".gitlab-ci.yml",
    ".travis.yml",
    "azure-pipelines.yml",
    "Jenkinsfile",
    "bitbucket-pipelines.yml",
    ".drone.yml",
    "appveyor.yml",
];

const CI_DIRS: &[&str] = &[".github/", ".circleci/", ".buildkite/", ".ci/", ".gitlab/"];

const PACTKIT_FILES: &[&str] = &["pactkit.yaml", "pactkit.yml"];

/// Agent and editor folders: their content configures tools, not the product.
const TOOLING_DIRS: &[&str] = &[
    ".claude/",
    ".opencode/",
    ".codex/",
    ".gemini/",
    ".agents/",
    ".cursor/",
    ".vscode/",
    ".idea/",
    ".devcontainer/",
    ".husky/",
    ".cargo/",
];

const TOOLING_EXTENSIONS: &[&str] = &[
    "toml",
    "yaml",
    "yml",
    "ini",
    "cfg",
    "conf",
    "editorconfig",
    "properties",
];

const DOC_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "rst", "adoc", "asciidoc", "txt", "org",
];

/// File names (before any extension) that are documentation wherever they are.
const DOC_STEMS: &[&str] = &[
    "LICENSE",
    "LICENCE",
    "COPYING",
    "NOTICE",
    "AUTHORS",
    "CONTRIBUTORS",
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "README",
    "CODEOWNERS",
    "SECURITY",
];

const DOC_DIRS: &[&str] = &["docs", "doc", "documentation"];

/// Folders that hold tests and their helpers and data, in every stack.
const TEST_DIRS: &[&str] = &["tests", "test", "__tests__", "testdata", "e2e"];

/// Folders that hold specs in the stacks whose runners call tests specs (JS, Ruby); in
/// other stacks a `spec/` folder is a module like any other (`src/spec/parser.rs`).
const SPEC_DIRS: &[&str] = &["spec", "specs"];

/// Test framework configuration files by name, before the extension (`jest.config.ts`).
const TEST_CONFIG_STEMS: &[&str] = &[
    "jest.config",
    "vitest.config",
    "vitest.workspace",
    "vite.config",
    "karma.conf",
    "playwright.config",
    "cypress.config",
    "babel.config",
    ".mocharc",
    ".babelrc",
];

const TEST_CONFIG_FILES: &[&str] = &["pytest.ini", "tox.ini"];

/// Classifies a repository-relative, `/`-separated path by the default conventions (no
/// test framework configuration read; see [`Conventions::classify`]).
pub fn classify(path: &str) -> FileClass {
    classify_with(path, &conventions::Project::default())
}

fn classify_with(path: &str, project: &conventions::Project) -> FileClass {
    if let Some(kind) = config_kind(path) {
        return FileClass::Config(kind);
    }
    if in_docs_dir(path) {
        return FileClass::Docs;
    }
    if is_test(path, project) {
        return FileClass::Test;
    }
    if is_docs(path) {
        return FileClass::Docs;
    }
    FileClass::Source
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()).then_some(ext)
}

fn directories(path: &str) -> impl Iterator<Item = &str> {
    let dirs = path.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    dirs.split('/').filter(|d| !d.is_empty())
}

fn config_kind(path: &str) -> Option<ConfigKind> {
    let name = file_name(path);
    if PACTKIT_FILES.contains(&name) {
        return Some(ConfigKind::Pactkit);
    }
    if LOCK_FILES.contains(&name) {
        return Some(ConfigKind::LockFile);
    }
    if MANIFESTS.contains(&name) || is_requirements_file(name) {
        return Some(ConfigKind::Manifest);
    }
    if CI_FILES.contains(&name) || CI_DIRS.iter().any(|d| path.starts_with(d)) {
        return Some(ConfigKind::Ci);
    }
    if is_test_config(name) {
        return Some(ConfigKind::TestConfig);
    }
    let dotfile = name.starts_with('.') && !name[1..].contains('.');
    let tooling_ext = extension(name).is_some_and(|e| TOOLING_EXTENSIONS.contains(&e));
    if dotfile || tooling_ext || TOOLING_DIRS.iter().any(|d| path.starts_with(d)) {
        return Some(ConfigKind::Tooling);
    }
    None
}

fn is_requirements_file(name: &str) -> bool {
    name.starts_with("requirements") && (name.ends_with(".txt") || name.ends_with(".in"))
}

fn is_test_config(name: &str) -> bool {
    TEST_CONFIG_FILES.contains(&name)
        || TEST_CONFIG_STEMS.iter().any(|stem| {
            name.strip_prefix(stem)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
}

/// Maven/Gradle source roots of tests (`src/test/java/…`, `src/it/…`).
const JVM_TEST_ROOTS: &[&str] = &[
    "test",
    "it",
    "integrationTest",
    "testFixtures",
    "androidTest",
];

/// Whether `path` is under `src/<root>/` for one of `roots`.
fn under_src_root(path: &str, roots: &[&str]) -> bool {
    let mut parts = directories(path).peekable();
    while let Some(part) = parts.next() {
        if part == "src" && parts.peek().is_some_and(|next| roots.contains(next)) {
            return true;
        }
    }
    false
}

fn in_test_dir(path: &str, ext: Option<&str>) -> bool {
    let spec_dirs = match ext {
        Some("js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" | "rb") => true,
        Some(ext) => crate::stack::Lang::of_file(&format!("x.{ext}")).is_none(),
        None => true,
    };
    directories(path).any(|d| TEST_DIRS.contains(&d) || (spec_dirs && SPEC_DIRS.contains(&d)))
}

fn is_test(path: &str, project: &conventions::Project) -> bool {
    let name = file_name(path);
    let split = name.rsplit_once('.');
    let ext = split.map(|(_, ext)| ext);
    if matches!(ext, Some("java" | "kt" | "kts" | "scala" | "groovy")) {
        return jvm_test(path, split.map_or(name, |(stem, _)| stem), project);
    }
    if let Some(decided) = project.decides(path, ext) {
        return decided;
    }
    if in_test_dir(path, ext) {
        return true;
    }
    let Some((stem, ext)) = split else {
        return false;
    };
    match ext {
        "py" => name == "conftest.py" || python_collects(path, stem, project),
        "go" => stem.ends_with("_test"),
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" => js_named_test(stem),
        "rb" => stem.ends_with("_spec") || stem.ends_with("_test"),
        "rs" => stem == "tests",
        _ => false,
    }
}

/// JVM sources: Maven's layout decides (`src/main/` is source whatever the name,
/// `src/test/` is test), a configured `testSourceDirectory` too; elsewhere the runner's
/// name patterns.
fn jvm_test(path: &str, stem: &str, project: &conventions::Project) -> bool {
    if let Some(decided) = project.decides(path, Some("java")) {
        return decided;
    }
    if under_src_root(path, &["main"]) {
        return false;
    }
    if under_src_root(path, JVM_TEST_ROOTS) || in_test_dir(path, Some("java")) {
        return true;
    }
    jvm_named_test(stem)
}

/// Surefire's and Failsafe's default includes.
fn jvm_named_test(stem: &str) -> bool {
    stem.ends_with("Test")
        || stem.ends_with("Tests")
        || stem.ends_with("IT")
        || stem.ends_with("TestCase")
        || (stem.starts_with("Test") && stem.len() > 4)
}

/// jest's and vitest's default names: `x.test.ts`, `x.spec.js`.
fn js_named_test(stem: &str) -> bool {
    stem.ends_with(".test") || stem.ends_with(".spec")
}

/// Whether pytest collects a file outside the test folders: it matches `python_files`
/// and lies in `testpaths`, or, without `testpaths`, outside a `src/` folder (a `src/`
/// layout holds the installable package, never collected tests).
fn python_collects(path: &str, stem: &str, project: &conventions::Project) -> bool {
    let name = file_name(path);
    if !project.python_files_match(name, stem) {
        return false;
    }
    match project.in_testpaths(path) {
        Some(inside) => inside,
        None => !directories(path).any(|d| d == "src"),
    }
}

/// Whether the stack's runner collects `path` as a test file (not a helper, fixture or
/// data): what the regression gate may pass to the runner.
fn collects(path: &str, project: &conventions::Project) -> bool {
    let name = file_name(path);
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    match ext {
        "py" => {
            name != "conftest.py"
                && project.python_files_match(name, stem)
                && project.in_testpaths(path) != Some(false)
        }
        "go" => stem.ends_with("_test"),
        "java" | "kt" | "kts" | "scala" | "groovy" => jvm_named_test(stem),
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" => {
            project.js_configured_match(path).unwrap_or_else(|| {
                js_named_test(stem)
                    || directories(path).any(|d| d == "__tests__" || d == "test" || d == "tests")
            })
        }
        _ => false,
    }
}

fn in_docs_dir(path: &str) -> bool {
    directories(path)
        .next()
        .is_some_and(|top| DOC_DIRS.contains(&top))
}

fn is_docs(path: &str) -> bool {
    let name = file_name(path);
    let stem = name.split('.').next().unwrap_or(name);
    let upper = stem.to_ascii_uppercase();
    let doc_stem = DOC_STEMS.iter().any(|doc| {
        upper
            .strip_prefix(doc)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '_']))
    });
    if doc_stem {
        return true;
    }
    extension(name).is_some_and(|e| DOC_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_documentation() {
        for path in [
            "README.md",
            "docs/guide.html",
            "docs/specs/STORY-001.md",
            "LICENSE",
            "LICENSE-MIT",
            "CHANGELOG",
            "src/notes.rst",
            "doc/api.png",
        ] {
            assert_eq!(classify(path), FileClass::Docs, "{path}");
        }
    }

    #[test]
    fn classifies_tests_before_documentation() {
        for path in [
            "tests/test_app.py",
            "tests/README.md",
            "pkg/auth/login_test.go",
            "src/app.test.ts",
            "src/components/__tests__/Button.tsx",
            "src/test/java/com/x/FooTest.java",
            "app/models/user_test.py",
            "conftest.py",
            "web/button.spec.js",
        ] {
            assert_eq!(classify(path), FileClass::Test, "{path}");
        }
    }

    #[test]
    fn classifies_configuration_with_its_kind() {
        use ConfigKind::*;
        for (path, kind) in [
            ("Cargo.toml", Manifest),
            ("crates/a/Cargo.toml", Manifest),
            ("requirements-dev.txt", Manifest),
            ("requirements.txt", Manifest),
            ("package-lock.json", LockFile),
            ("go.sum", LockFile),
            (".github/workflows/ci.yml", Ci),
            (".gitlab-ci.yml", Ci),
            ("pactkit.yaml", Pactkit),
            (".gitignore", Tooling),
            ("rustfmt.toml", Tooling),
            (".claude/commands/x.md", Tooling),
            (".gemini/commands/project-act.toml", Tooling),
            ("tests/fixtures/config.yaml", Tooling),
            ("pytest.ini", TestConfig),
            ("svc/tox.ini", TestConfig),
            ("web/jest.config.ts", TestConfig),
            ("vitest.config.mts", TestConfig),
            ("web/.mocharc.yml", TestConfig),
        ] {
            assert_eq!(classify(path), FileClass::Config(kind), "{path}");
        }
    }

    #[test]
    fn everything_else_is_source() {
        for path in [
            "src/main.rs",
            "app.py",
            "src/testing_utils.py",
            "lib/contest.go",
            "web/index.html",
            "assets/logo.png",
            "Makefile",
            "src/latest.ts",
            "src/pactkit/test_mapper.py",
            "services/api/src/app/test_utils.py",
            "svc/src/main/java/com/x/RunTest.java",
            "svc/src/main/java/com/x/test/Helper.java",
            "src/spec/parser.rs",
            "src/test-utils.ts",
            "pkg/testing.go",
        ] {
            assert_eq!(classify(path), FileClass::Source, "{path}");
        }
    }

    #[test]
    fn tests_by_location_whatever_the_name() {
        for path in [
            "src/pkg/tests/helpers.py",
            "src/pkg/conftest.py",
            "svc/src/test/java/com/x/Helper.java",
            "svc/src/it/java/com/x/Flow.java",
            "web/spec/button.js",
            "app/spec/models/user_spec.rb",
            "pkg/testdata/input.go",
            "tests/common/mod.rs",
        ] {
            assert_eq!(classify(path), FileClass::Test, "{path}");
        }
    }
}
