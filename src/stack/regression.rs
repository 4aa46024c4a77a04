//! Regression test selection: from a list of changed files to a decision (`SKIP`,
//! `IMPACT` or `FULL`), the tests to run and the runner commands that run them.
//!
//! * `SKIP` only when every change is documentation (tests and `requirements*.txt` are
//!   not documentation here, unlike PactKit).
//! * `FULL` when a manifest, lock file, CI file, test framework configuration
//!   (`pytest.ini`, `jest.config.ts`, …) or pactkit.yaml changes, a path matches
//!   `gates.regression.full_patterns`, more than `max_impact_files` sources change, test
//!   data (a non-code file under a test folder) changes, a test helper no test imports
//!   changes (fixtures reached through pytest's `conftest.py` or by name), a changed
//!   source maps to no test, or the repository has a code file whose name is not UTF-8
//!   (its imports cannot be followed): running everything is the safe default when the
//!   impact is unknown.
//! * `IMPACT` otherwise: the tests that import the changed files, directly or through
//!   other modules, plus the changed tests ([`crate::stack::testmap`]); the tests that reach a
//!   dynamic import are always among them. Tool settings (`rustfmt.toml`, `.gitignore`,
//!   …) select nothing by themselves.
//!
//! Commands: pytest (`python -m pytest`, a project `.venv` preferred), `cargo test -p`
//! (`cargo nextest run` when installed), `go test`, vitest or jest through
//! `npx --no-install`, Maven or Gradle; or `gates.regression.command` with `{tests}`.

use crate::config::model::RegressionGateConfig;
use crate::infra::output::escape;
use crate::stack::classify::{ConfigKind, FileClass};
use crate::stack::testmap::{Crate, Mapping, Workspace};
use crate::stack::{Lang, Project};
use std::collections::{BTreeMap, BTreeSet};

/// What a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Decision {
    /// Nothing to run.
    Skip,
    /// The mapped tests.
    Impact,
    /// Every test.
    Full,
}

impl Decision {
    /// `SKIP`, `IMPACT` or `FULL`.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Skip => "SKIP",
            Decision::Impact => "IMPACT",
            Decision::Full => "FULL",
        }
    }
}

/// The decision with its reason and selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// SKIP, IMPACT or FULL.
    pub decision: Decision,
    /// Why, in one line.
    pub reason: String,
    /// Test files to run (IMPACT), sorted.
    pub tests: Vec<String>,
    /// Rust crates to test (IMPACT), sorted.
    pub crates: Vec<Crate>,
}

/// One runner invocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The stack it tests (`None` for `gates.regression.command`).
    pub stack: Option<Lang>,
    /// Repository-relative folder to run in (empty: the root).
    pub dir: String,
    /// The program.
    pub program: String,
    /// Its arguments.
    pub args: Vec<String>,
}

impl Run {
    /// The command as a shell line, for reports.
    pub fn display(&self) -> String {
        let words: Vec<String> = std::iter::once(self.program.as_str())
            .chain(self.args.iter().map(String::as_str))
            .map(shell_quote)
            .collect();
        let line = words.join(" ");
        if self.dir.is_empty() {
            line
        } else {
            format!("cd {} && {line}", shell_quote(&self.dir))
        }
    }
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// An invalid `gates.regression.full_patterns` glob.
#[derive(Debug, thiserror::Error)]
#[error("invalid glob {pattern:?} in gates.regression.full_patterns: {source}")]
pub struct PatternError {
    /// The glob.
    pub pattern: String,
    /// Why it is invalid.
    #[source]
    pub source: globset::Error,
}

/// Decides what the changed files need.
pub fn select(
    ws: &Workspace,
    changed: &[String],
    settings: &RegressionGateConfig,
) -> Result<Selection, PatternError> {
    let full = |reason: String| Selection {
        decision: Decision::Full,
        reason,
        tests: Vec::new(),
        crates: Vec::new(),
    };
    if changed.is_empty() {
        return Ok(Selection {
            decision: Decision::Skip,
            reason: "no changes".into(),
            tests: Vec::new(),
            crates: Vec::new(),
        });
    }
    let classes: Vec<FileClass> = changed.iter().map(|p| ws.classify(p)).collect();
    if classes.iter().all(|c| *c == FileClass::Docs) {
        return Ok(Selection {
            decision: Decision::Skip,
            reason: format!("documentation only ({} file(s))", changed.len()),
            tests: Vec::new(),
            crates: Vec::new(),
        });
    }
    for (path, class) in changed.iter().zip(&classes) {
        if let FileClass::Config(kind) = class
            && let Some(what) = full_config(*kind)
        {
            return Ok(full(format!("{} is {what}", escape::path(path))));
        }
    }
    let patterns = full_patterns(&settings.full_patterns)?;
    if let Some(path) = changed.iter().find(|p| patterns.is_match(p.as_str())) {
        return Ok(full(format!(
            "{} matches gates.regression.full_patterns",
            escape::path(path)
        )));
    }
    let sources = classes.iter().filter(|c| c.is_source()).count();
    if sources > settings.max_impact_files {
        return Ok(full(format!(
            "{sources} changed source files exceed gates.regression.max_impact_files ({})",
            settings.max_impact_files
        )));
    }
    if let Some(odd) = unreadable_code_name(ws, changed, &classes) {
        return Ok(full(format!(
            "{odd}: the name is not UTF-8, so which tests it imports cannot be followed; rename it"
        )));
    }
    let mut tests = BTreeSet::new();
    let mut crates = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for (path, class) in changed.iter().zip(&classes) {
        let selects = match class {
            FileClass::Source => true,
            FileClass::Test => {
                if crate::stack::Lang::of_file(path).is_none() && !is_prose(path) {
                    return Ok(full(format!(
                        "test data {path} changed; which tests read it is unknown"
                    )));
                }
                true
            }
            FileClass::Docs | FileClass::Config(_) => false,
        };
        if !selects {
            continue;
        }
        let mapping: Mapping = ws.map(path);
        if *class == FileClass::Source && !mapping.is_mapped() {
            return Ok(full(format!(
                "no test covers {} (running everything is the safe default)",
                escape::path(path)
            )));
        }
        if *class == FileClass::Test && is_helper(ws, path) && !ws.imported_by_tests(path) {
            return Ok(full(format!(
                "no test imports the test helper {} (fixtures and plugins are found by name: running everything is the safe default)",
                escape::path(path)
            )));
        }
        tests.extend(mapping.tests);
        crates.extend(mapping.krate);
        crates.extend(mapping.dependent_crates);
        unknown.extend(mapping.unknown);
    }
    let count = tests.len() + crates.len();
    let reason = if count == 0 {
        "no test covers the changes (tool settings and documentation only)".to_owned()
    } else {
        let mut parts = Vec::new();
        if !tests.is_empty() {
            parts.push(format!("{} test file(s)", tests.len()));
        }
        if !crates.is_empty() {
            parts.push(format!("{} crate(s)", crates.len()));
        }
        let mut reason = format!("{} selected by the changes", parts.join(" and "));
        if let Some(first) = unknown.iter().next() {
            let more = match unknown.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            reason.push_str(&format!(
                "; every test reaching {first}{more} is included: a dynamic import may load anything"
            ));
        }
        reason
    };
    Ok(Selection {
        decision: Decision::Impact,
        reason,
        tests: tests.into_iter().collect(),
        crates: crates.into_iter().collect(),
    })
}

fn full_config(kind: ConfigKind) -> Option<&'static str> {
    match kind {
        ConfigKind::Manifest => Some("a manifest"),
        ConfigKind::LockFile => Some("a lock file"),
        ConfigKind::Ci => Some("CI configuration"),
        ConfigKind::Pactkit => Some("pactkit's configuration"),
        ConfigKind::TestConfig => Some("test framework configuration"),
        ConfigKind::Tooling => None,
    }
}

/// A test file the runner does not collect (a helper module, `__init__.py`), in the work
/// tree: only its importers can tell which tests use it.
fn is_helper(ws: &Workspace, path: &str) -> bool {
    Lang::of_file(path).is_some()
        && ws.exists(path)
        && !ws.collects(path)
        && !path.ends_with("conftest.py")
        && Lang::of_file(path) != Some(Lang::Rust)
}

/// A code file whose name is not UTF-8, in a stack the changes touch.
fn unreadable_code_name(
    ws: &Workspace,
    changed: &[String],
    classes: &[FileClass],
) -> Option<String> {
    let touched: BTreeSet<Lang> = changed
        .iter()
        .zip(classes)
        .filter(|(_, c)| matches!(c, FileClass::Source | FileClass::Test))
        .filter_map(|(p, _)| Lang::of_file(p))
        .collect();
    ws.odd_names()
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .find(|name| Lang::of_file(name).is_some_and(|l| touched.contains(&l)))
}

fn is_prose(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".md", ".rst", ".txt", ".adoc"]
        .iter()
        .any(|e| lower.ends_with(e))
}

pub(crate) fn full_patterns(patterns: &[String]) -> Result<globset::GlobSet, PatternError> {
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|source| PatternError {
                pattern: pattern.clone(),
                source,
            })?;
        builder.add(glob);
    }
    builder.build().map_err(|source| PatternError {
        pattern: patterns.join(", "),
        source,
    })
}

/// The commands that run a selection (empty for SKIP).
pub fn commands(
    ws: &Workspace,
    selection: &Selection,
    settings: &RegressionGateConfig,
) -> Vec<Run> {
    if selection.decision == Decision::Skip {
        return Vec::new();
    }
    let full = selection.decision == Decision::Full;
    if let Some(command) = &settings.command {
        if !full && selection.tests.is_empty() && selection.crates.is_empty() {
            return Vec::new();
        }
        let targets: Vec<String> = selection
            .tests
            .iter()
            .map(String::as_str)
            .chain(selection.crates.iter().map(|c| c.dir.as_str()))
            .map(|t| shell_quote(if t.is_empty() { "." } else { t }))
            .collect();
        return vec![Run {
            stack: None,
            dir: String::new(),
            program: "sh".into(),
            args: vec!["-c".into(), command.replace("{tests}", &targets.join(" "))],
        }];
    }
    if full {
        full_runs(ws)
    } else {
        impact_runs(ws, selection)
    }
}

fn full_runs(ws: &Workspace) -> Vec<Run> {
    let mut runs = Vec::new();
    for project in &ws.layout.projects {
        for &lang in &project.stacks {
            if lang == Lang::Rust && nested_in_rust(ws, project) {
                continue;
            }
            runs.push(runner(ws, lang, &project.dir, &[], true));
        }
    }
    runs
}

fn nested_in_rust(ws: &Workspace, project: &Project) -> bool {
    ws.layout
        .projects
        .iter()
        .any(|p| p.dir != project.dir && p.stacks.contains(&Lang::Rust) && p.contains(&project.dir))
}

fn impact_runs(ws: &Workspace, selection: &Selection) -> Vec<Run> {
    let mut groups: BTreeMap<(Lang, String), Vec<String>> = BTreeMap::new();
    for test in &selection.tests {
        // A folder target (a changed `conftest.py`) is pytest's.
        let lang = Lang::of_file(test).unwrap_or(Lang::Python);
        let dir = ws
            .layout
            .owner_with(test, lang)
            .map_or(String::new(), |p| p.dir.clone());
        let rel = relative(&dir, test);
        groups.entry((lang, dir)).or_default().push(rel);
    }
    let mut runs: Vec<Run> = groups
        .into_iter()
        .map(|((lang, dir), tests)| runner(ws, lang, &dir, &tests, false))
        .collect();
    for krate in &selection.crates {
        runs.push(cargo(&krate.dir, Some(&krate.name)));
    }
    runs
}

fn relative(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        return path.to_owned();
    }
    match path.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
        Some(rest) => rest.to_owned(),
        None if path == dir => ".".to_owned(),
        None => path.to_owned(),
    }
}

fn run(lang: Lang, dir: &str, program: &str, args: Vec<String>) -> Run {
    Run {
        stack: Some(lang),
        dir: dir.to_owned(),
        program: program.to_owned(),
        args,
    }
}

fn runner(ws: &Workspace, lang: Lang, dir: &str, tests: &[String], full: bool) -> Run {
    let join = |name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    match lang {
        Lang::Python => {
            let python = [join(".venv/bin/python"), ".venv/bin/python".to_owned()]
                .into_iter()
                .find(|p| ws.exists(p))
                .map_or("python3".to_owned(), |p| {
                    ws.root().join(p).display().to_string()
                });
            let mut args = vec!["-m".into(), "pytest".into(), "-q".into(), "-rfEs".into()];
            args.extend(tests.iter().cloned());
            run(lang, dir, &python, args)
        }
        Lang::Node => {
            let manifest =
                std::fs::read_to_string(ws.root().join(join("package.json"))).unwrap_or_default();
            let mut args = vec!["--no-install".to_owned()];
            if manifest.contains("\"vitest\"") {
                args.extend(["vitest".into(), "run".into()]);
            } else {
                args.extend(["jest".into(), "--passWithNoTests".into()]);
            }
            args.extend(tests.iter().cloned());
            run(lang, dir, "npx", args)
        }
        Lang::Go => {
            let mut packages: Vec<String> = tests
                .iter()
                .map(|t| match t.rsplit_once('/') {
                    Some((pkg, _)) => format!("./{pkg}"),
                    None => ".".to_owned(),
                })
                .collect();
            packages.dedup();
            if full || packages.is_empty() {
                packages = vec!["./...".into()];
            }
            let mut args = vec!["test".to_owned()];
            args.extend(packages);
            run(lang, dir, "go", args)
        }
        Lang::Java => java(ws, dir, tests),
        Lang::Rust => cargo(dir, None),
    }
}

fn java(ws: &Workspace, dir: &str, tests: &[String]) -> Run {
    let path = |name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    let classes: Vec<String> = tests.iter().filter_map(|t| java_class(t)).collect();
    if ws.exists(&path("pom.xml")) {
        let mut args = vec!["-q".to_owned(), "test".to_owned()];
        if !classes.is_empty() {
            args.push(format!("-Dtest={}", classes.join(",")));
            args.push("-Dsurefire.failIfNoSpecifiedTests=false".into());
        }
        return run(Lang::Java, dir, "mvn", args);
    }
    let program = if ws.exists(&path("gradlew")) {
        "./gradlew"
    } else {
        "gradle"
    };
    let mut args = vec!["test".to_owned()];
    for class in classes {
        args.push("--tests".into());
        args.push(class);
    }
    run(Lang::Java, dir, program, args)
}

/// `src/test/java/a/b/CTest.java` → `a.b.CTest`.
fn java_class(test: &str) -> Option<String> {
    let rest = ["src/test/java/", "src/test/kotlin/", "src/test/scala/"]
        .iter()
        .find_map(|root| test.split_once(root).map(|(_, rest)| rest))?;
    let (base, _) = rest.rsplit_once('.')?;
    Some(base.replace('/', "."))
}

fn cargo(dir: &str, package: Option<&str>) -> Run {
    let nextest = has_program("cargo-nextest");
    let mut args: Vec<String> = if nextest {
        vec!["nextest".into(), "run".into()]
    } else {
        vec!["test".into()]
    };
    match package {
        Some(name) => {
            args.push("-p".into());
            args.push(name.into());
        }
        None => args.push("--workspace".into()),
    }
    run(Lang::Rust, dir, "cargo", args)
}

/// Whether `name` is an executable on `PATH`.
pub fn has_program(name: &str) -> bool {
    let Some(path) = crate::infra::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| dir.join(name).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Stack;

    fn ws(files: &[&str]) -> Workspace {
        let files = files.iter().map(|f| (*f).to_owned()).collect();
        Workspace::from_files(
            std::path::Path::new("/nonexistent"),
            files,
            &Stack::One("auto".into()),
        )
    }

    fn decide(ws: &Workspace, changed: &[&str]) -> Selection {
        decide_with(ws, changed, &RegressionGateConfig::default())
    }

    fn decide_with(ws: &Workspace, changed: &[&str], s: &RegressionGateConfig) -> Selection {
        let changed: Vec<String> = changed.iter().map(|c| (*c).to_owned()).collect();
        select(ws, &changed, s).unwrap()
    }

    #[test]
    fn docs_only_skips_and_tests_are_not_docs() {
        let w = ws(&["go.mod", "a/a.go", "a/a_test.go"]);
        assert_eq!(
            decide(&w, &["README.md", "docs/x.png"]).decision,
            Decision::Skip
        );
        assert_eq!(decide(&w, &[]).decision, Decision::Skip);
        let s = decide(&w, &["README.md", "a/a_test.go"]);
        assert_eq!(s.decision, Decision::Impact);
        assert_eq!(s.tests, vec!["a/a_test.go"]);
        assert_eq!(decide(&w, &["requirements.txt"]).decision, Decision::Full);
    }

    #[test]
    fn full_for_manifests_ci_patterns_counts_and_unmapped() {
        let w = ws(&["go.mod", "a/a.go", "a/a_test.go", "b/b.go"]);
        for path in [
            "go.sum",
            "Cargo.lock",
            ".github/workflows/ci.yml",
            "pactkit.yaml",
            "pom.xml",
        ] {
            assert_eq!(decide(&w, &[path]).decision, Decision::Full, "{path}");
        }
        let s = decide(&w, &["b/b.go"]);
        assert_eq!(s.decision, Decision::Full);
        assert!(s.reason.contains("no test covers b/b.go"), "{}", s.reason);
        let settings = RegressionGateConfig {
            full_patterns: vec!["a/**".into()],
            ..Default::default()
        };
        assert_eq!(
            decide_with(&w, &["a/a.go"], &settings).decision,
            Decision::Full
        );
        let settings = RegressionGateConfig {
            max_impact_files: 0,
            ..Default::default()
        };
        assert_eq!(
            decide_with(&w, &["a/a.go"], &settings).decision,
            Decision::Full
        );
        assert_eq!(decide(&w, &["a/a.go"]).decision, Decision::Impact);
        assert_eq!(decide(&w, &["a/testdata/x.json"]).decision, Decision::Full);
        assert_eq!(decide(&w, &["rustfmt.toml"]).decision, Decision::Impact);
    }

    #[test]
    fn commands_per_stack_and_custom() {
        let w = ws(&[
            "go.mod",
            "a/a.go",
            "a/a_test.go",
            "py/pyproject.toml",
            "py/tests/test_x.py",
            "j/pom.xml",
            "j/src/test/java/c/DTest.java",
        ]);
        let s = decide(
            &w,
            &[
                "a/a_test.go",
                "py/tests/test_x.py",
                "j/src/test/java/c/DTest.java",
            ],
        );
        let lines: Vec<String> = commands(&w, &s, &Default::default())
            .iter()
            .map(Run::display)
            .collect();
        assert_eq!(
            lines,
            vec![
                "cd py && python3 -m pytest -q -rfEs tests/test_x.py",
                "go test ./a",
                "cd j && mvn -q test -Dtest=c.DTest -Dsurefire.failIfNoSpecifiedTests=false",
            ]
        );
        let custom = RegressionGateConfig {
            command: Some("make test T='{tests}'".into()),
            ..Default::default()
        };
        let runs = commands(&w, &decide(&w, &["a/a_test.go"]), &custom);
        assert_eq!(runs[0].args[1], "make test T='a/a_test.go'");
    }
}
