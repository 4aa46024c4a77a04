//! The one file classifier of pactkit: is a changed path documentation, a test, project
//! configuration or source? The spec gate asks it which changes need an active work item;
//! the regression gate asks it what a change can break. Paths are repository-relative with
//! `/` separators; the decision looks at the path only, never at content.
//!
//! Order of the rules (first match wins): configuration (manifests, lock files, CI, tool
//! settings), then anything under a top-level `docs/`, then tests, then documentation
//! by name or extension, else source. Configuration comes first so `tests/fixtures/*.json`
//! is not mistaken for source, and tests before documentation names so `tests/README.md`
//! counts as a test asset.
//! Unlike PactKit, `requirements*.txt` is a manifest, not documentation.

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

const TEST_DIRS: &[&str] = &[
    "tests",
    "test",
    "__tests__",
    "testdata",
    "e2e",
    "spec",
    "specs",
];

/// Classifies a repository-relative, `/`-separated path.
pub fn classify(path: &str) -> FileClass {
    if let Some(kind) = config_kind(path) {
        return FileClass::Config(kind);
    }
    if in_docs_dir(path) {
        return FileClass::Docs;
    }
    if is_test(path) {
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

fn is_test(path: &str) -> bool {
    if directories(path).any(|d| TEST_DIRS.contains(&d)) {
        return true;
    }
    let name = file_name(path);
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    match ext {
        "py" => stem.starts_with("test_") || stem.ends_with("_test") || stem == "conftest",
        "go" => stem.ends_with("_test"),
        "java" | "kt" | "scala" => {
            stem.ends_with("Test") || stem.ends_with("Tests") || stem.ends_with("IT")
        }
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" => {
            stem.ends_with(".test") || stem.ends_with(".spec")
        }
        "rb" => stem.ends_with("_spec") || stem.ends_with("_test"),
        "rs" => stem == "tests",
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
            ("tests/fixtures/config.yaml", Tooling),
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
        ] {
            assert_eq!(classify(path), FileClass::Source, "{path}");
        }
    }
}
