//! The test conventions a repository configures, read from its test frameworks' settings:
//! pytest's `testpaths` and `python_files` (`pytest.ini`, `pyproject.toml`
//! `[tool.pytest.ini_options]` or `[tool.pytest]`, `tox.ini` `[pytest]`, `setup.cfg`
//! `[tool:pytest]`, in pytest's order of precedence), jest's `testMatch` and `testRegex`
//! (`package.json` `"jest"`, `jest.config.*`), vitest's `test.include` (`vitest.config.*`,
//! `vite.config.*`) and Maven's `testSourceDirectory` / `sourceDirectory` (`pom.xml`).
//!
//! A configuration applies to the files below its folder; the nearest one wins, as a
//! runner started in that folder would see it. JS configuration files are code: the
//! arrays of string literals after `testMatch:` / `include:` are read as written, and
//! patterns in micromatch's extended syntax (`?(…)`, `+(…)`) are left out (the default
//! names still apply to them). What cannot be read counts as not configured.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// pytest's settings for the files below `dir`.
#[derive(Debug, Clone, Default)]
struct Pytest {
    dir: String,
    /// `testpaths`, repository-relative (globs allowed).
    testpaths: Option<GlobSet>,
    /// `python_files`, matched against the file name.
    python_files: Option<GlobSet>,
}

/// jest's or vitest's test file patterns for the files below `dir`.
#[derive(Debug, Clone, Default)]
struct Js {
    dir: String,
    /// `testMatch` / `test.include`, relative to `dir`.
    globs: Option<GlobSet>,
    /// `testRegex`, matched against the repository-relative path.
    regexes: Vec<regex::Regex>,
}

/// Maven's source folders for the files below `dir`.
#[derive(Debug, Clone, Default)]
struct Maven {
    dir: String,
    test_dir: Option<String>,
    main_dir: Option<String>,
}

/// Every test framework configuration of a repository.
#[derive(Debug, Clone, Default)]
pub struct Conventions {
    pytest: Vec<Pytest>,
    js: Vec<Js>,
    maven: Vec<Maven>,
}

/// The configurations that apply to one file.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Project<'c> {
    pytest: Option<&'c Pytest>,
    js: Option<&'c Js>,
    maven: Option<&'c Maven>,
}

/// Configuration file names, in pytest's order of precedence for the Python ones.
const PYTEST_FILES: &[&str] = &["pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg"];
const JS_CONFIG_STEMS: &[&str] = &["jest.config", "vitest.config", "vite.config"];
const JS_CONFIG_EXTENSIONS: &[&str] = &["js", "ts", "mjs", "cjs", "mts", "cts", "json"];

impl Conventions {
    /// Reads the configuration files among `files` (repository-relative paths) through
    /// `read`, which returns a file's text or `None`.
    pub fn load<'a>(
        files: impl IntoIterator<Item = &'a str>,
        read: impl Fn(&str) -> Option<String>,
    ) -> Conventions {
        let mut by_dir: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for file in files {
            let (dir, name) = file.rsplit_once('/').unwrap_or(("", file));
            if is_config_name(name) {
                by_dir.entry(dir).or_default().push(name);
            }
        }
        let mut conventions = Conventions::default();
        for (dir, names) in by_dir {
            let path = |name: &str| join(dir, name);
            let pytest = PYTEST_FILES
                .iter()
                .filter(|name| names.contains(name))
                .find_map(|name| pytest_config(name, &read(&path(name))?));
            if let Some((testpaths, python_files)) = pytest {
                conventions.pytest.push(Pytest {
                    dir: dir.to_owned(),
                    testpaths: testpaths.and_then(|t| glob_set(dir, &t)),
                    python_files: python_files.and_then(|p| glob_set("", &p)),
                });
            }
            let mut js = Js {
                dir: dir.to_owned(),
                ..Js::default()
            };
            let mut globs = Vec::new();
            for name in &names {
                let Some(text) = (is_js_config(name) || *name == "package.json")
                    .then(|| read(&path(name)))
                    .flatten()
                else {
                    continue;
                };
                let (more_globs, regexes) = js_patterns(name, &text);
                globs.extend(more_globs);
                js.regexes
                    .extend(regexes.iter().filter_map(|r| regex::Regex::new(r).ok()));
            }
            globs.retain(|g| !is_extglob(g));
            if !globs.is_empty() || !js.regexes.is_empty() {
                js.globs = glob_set("", &globs);
                conventions.js.push(js);
            }
            if names.contains(&"pom.xml")
                && let Some(text) = read(&path("pom.xml"))
            {
                let folder = |tag: &str| xml_value(&text, tag).map(|v| join(dir, &v));
                let maven = Maven {
                    dir: dir.to_owned(),
                    test_dir: folder("testSourceDirectory"),
                    main_dir: folder("sourceDirectory"),
                };
                if maven.test_dir.is_some() || maven.main_dir.is_some() {
                    conventions.maven.push(maven);
                }
            }
        }
        conventions
    }

    /// Reads the configuration files that could apply to `paths`: those in their folders
    /// and the folders above them. For states without a file list (the index, a tree).
    pub fn around<'a>(
        paths: impl IntoIterator<Item = &'a str>,
        read: impl Fn(&str) -> Option<String>,
    ) -> Conventions {
        let mut dirs = std::collections::BTreeSet::new();
        for path in paths {
            let mut dir = path;
            while let Some((parent, _)) = dir.rsplit_once('/') {
                dirs.insert(parent);
                dir = parent;
            }
            dirs.insert("");
        }
        let mut candidates = Vec::new();
        for dir in dirs {
            for name in PYTEST_FILES.iter().chain(&["package.json", "pom.xml"]) {
                candidates.push(join(dir, name));
            }
            for stem in JS_CONFIG_STEMS {
                for ext in JS_CONFIG_EXTENSIONS {
                    candidates.push(join(dir, &format!("{stem}.{ext}")));
                }
            }
        }
        let present: Vec<(String, String)> = candidates
            .into_iter()
            .filter_map(|c| Some((read(&c)?, c)))
            .map(|(text, c)| (c, text))
            .collect();
        Conventions::load(present.iter().map(|(c, _)| c.as_str()), |p| {
            present
                .iter()
                .find(|(c, _)| c == p)
                .map(|(_, text)| text.clone())
        })
    }

    /// Whether no test framework configuration was found.
    pub fn is_empty(&self) -> bool {
        self.pytest.is_empty() && self.js.is_empty() && self.maven.is_empty()
    }

    fn project(&self, path: &str) -> Project<'_> {
        Project {
            pytest: nearest(&self.pytest, path, |c| &c.dir),
            js: nearest(&self.js, path, |c| &c.dir),
            maven: nearest(&self.maven, path, |c| &c.dir),
        }
    }

    /// Classifies a path by these conventions (see [`super::classify`]).
    pub fn classify(&self, path: &str) -> super::FileClass {
        super::classify_with(path, &self.project(path))
    }

    /// Whether the stack's runner collects `path` as a test file when it runs the whole
    /// suite: a test by [`Conventions::classify`] that is not a helper, fixture or data.
    pub fn collects(&self, path: &str) -> bool {
        let project = self.project(path);
        super::classify_with(path, &project) == super::FileClass::Test
            && super::collects(path, &project)
    }
}

impl Project<'_> {
    /// What the configuration says about a file, when it says anything.
    pub(super) fn decides(&self, path: &str, ext: Option<&str>) -> Option<bool> {
        match ext? {
            "java" => {
                let maven = self.maven?;
                let under = |dir: &Option<String>| dir.as_deref().is_some_and(|d| inside(d, path));
                if under(&maven.test_dir) {
                    Some(true)
                } else if under(&maven.main_dir) {
                    Some(false)
                } else {
                    None
                }
            }
            "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts" => {
                self.js_configured_match(path).filter(|m| *m)
            }
            _ => None,
        }
    }

    /// Whether a Python file name matches `python_files` (pytest's default:
    /// `test_*.py`, `*_test.py`).
    pub(super) fn python_files_match(&self, name: &str, stem: &str) -> bool {
        match self.pytest.and_then(|p| p.python_files.as_ref()) {
            Some(globs) => globs.is_match(name),
            None => name.ends_with(".py") && (stem.starts_with("test_") || stem.ends_with("_test")),
        }
    }

    /// Whether a path lies in the configured `testpaths`; `None` when none are set.
    pub(super) fn in_testpaths(&self, path: &str) -> Option<bool> {
        let globs = self.pytest?.testpaths.as_ref()?;
        let mut prefix = path;
        loop {
            if globs.is_match(prefix) {
                return Some(true);
            }
            match prefix.rsplit_once('/') {
                Some((parent, _)) => prefix = parent,
                None => return Some(false),
            }
        }
    }

    /// Whether a JS/TS file matches the configured test patterns; `None` without any.
    pub(super) fn js_configured_match(&self, path: &str) -> Option<bool> {
        let js = self.js?;
        let rel = if js.dir.is_empty() {
            path
        } else {
            path.strip_prefix(js.dir.as_str())?.strip_prefix('/')?
        };
        let globbed = js.globs.as_ref().is_some_and(|g| g.is_match(rel));
        Some(globbed || js.regexes.iter().any(|r| r.is_match(path)))
    }
}

fn nearest<'c, T>(configs: &'c [T], path: &str, dir: impl Fn(&T) -> &str) -> Option<&'c T> {
    configs
        .iter()
        .filter(|c| inside(dir(c), path))
        .max_by_key(|c| dir(c).len())
}

fn inside(dir: &str, path: &str) -> bool {
    dir.is_empty()
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn join(dir: &str, name: &str) -> String {
    let name = name.trim_start_matches("./");
    if dir.is_empty() {
        name.trim_end_matches('/').to_owned()
    } else {
        format!("{dir}/{}", name.trim_end_matches('/'))
    }
}

fn is_config_name(name: &str) -> bool {
    PYTEST_FILES.contains(&name)
        || name == "package.json"
        || name == "pom.xml"
        || is_js_config(name)
}

fn is_js_config(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        JS_CONFIG_STEMS.contains(&stem) && JS_CONFIG_EXTENSIONS.contains(&ext)
    })
}

/// A glob set of `patterns` relative to `dir`; `None` when none compiles.
fn glob_set(dir: &str, patterns: &[String]) -> Option<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    let mut any = false;
    for pattern in patterns {
        let pattern = pattern.trim().trim_start_matches("<rootDir>/");
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        if pattern.is_empty() {
            continue;
        }
        let full = if dir.is_empty() || pattern.starts_with("**") {
            pattern.to_owned()
        } else {
            format!("{dir}/{pattern}")
        };
        if let Ok(glob) = GlobBuilder::new(&full).literal_separator(true).build() {
            builder.add(glob);
            any = true;
        }
    }
    any.then(|| builder.build().ok()).flatten()
}

fn is_extglob(pattern: &str) -> bool {
    ["?(", "+(", "*(", "@(", "!("]
        .iter()
        .any(|open| pattern.contains(open))
}

type PytestSettings = (Option<Vec<String>>, Option<Vec<String>>);

/// `testpaths` and `python_files` of a pytest configuration file; `None` when the file is
/// not a pytest configuration (pytest then looks at the next file).
fn pytest_config(name: &str, text: &str) -> Option<PytestSettings> {
    match name {
        "pyproject.toml" => {
            let table: toml::Table = toml::from_str(text).ok()?;
            let tool = table.get("tool")?.get("pytest")?;
            let options = tool.get("ini_options").unwrap_or(tool);
            let words = |key: &str| -> Option<Vec<String>> {
                match options.get(key)? {
                    toml::Value::String(s) => {
                        Some(s.split_whitespace().map(str::to_owned).collect())
                    }
                    toml::Value::Array(items) => Some(
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                    ),
                    _ => None,
                }
            };
            Some((words("testpaths"), words("python_files")))
        }
        "pytest.ini" => {
            let section = ini_section(text, "pytest").unwrap_or_default();
            Some((
                ini_words(&section, "testpaths"),
                ini_words(&section, "python_files"),
            ))
        }
        "tox.ini" | "setup.cfg" => {
            let wanted = if name == "tox.ini" {
                "pytest"
            } else {
                "tool:pytest"
            };
            let section = ini_section(text, wanted)?;
            Some((
                ini_words(&section, "testpaths"),
                ini_words(&section, "python_files"),
            ))
        }
        _ => None,
    }
}

/// The `key = value` lines of one INI section, continuation lines joined.
fn ini_section(text: &str, wanted: &str) -> Option<Vec<(String, String)>> {
    let mut found = false;
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed.trim_matches(['[', ']']).trim() == wanted;
            found |= inside;
            continue;
        }
        if !inside || trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = entries.last_mut() {
                value.push(' ');
                value.push_str(trimmed);
            }
        } else if let Some((key, value)) = trimmed.split_once(['=', ':']) {
            entries.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
    found.then_some(entries)
}

fn ini_words(section: &[(String, String)], key: &str) -> Option<Vec<String>> {
    section
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.split_whitespace().map(str::to_owned).collect())
}

/// (globs, regexes) a JS configuration file declares.
fn js_patterns(name: &str, text: &str) -> (Vec<String>, Vec<String>) {
    if name == "package.json" || name.ends_with(".json") {
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
            return Default::default();
        };
        let jest = if name == "package.json" {
            doc.get("jest")
        } else {
            Some(&doc)
        };
        let Some(jest) = jest else {
            return Default::default();
        };
        let strings = |v: Option<&serde_json::Value>| -> Vec<String> {
            match v {
                Some(serde_json::Value::String(s)) => vec![s.clone()],
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            }
        };
        return (
            strings(jest.get("testMatch")),
            strings(jest.get("testRegex")),
        );
    }
    if name.starts_with("jest.config") {
        return (
            literal_list_after(text, "testMatch", false),
            literal_list_after(text, "testRegex", false),
        );
    }
    // vitest: `include` inside the `test` block only (vite has other `include` keys).
    let globs = block_after(text, "test")
        .map(|block| literal_list_after(block, "include", true))
        .unwrap_or_default();
    (globs, Vec::new())
}

/// The text between the braces that follow `key:` (`test: { … }`), at the first place
/// `key` is used as an object key.
fn block_after<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let mut rest = text;
    while let Some(at) = find_key(rest, key, false) {
        let after = rest[at + key.len()..]
            .trim_start_matches(['"', '\''])
            .trim_start();
        if let Some(value) = after.strip_prefix(':') {
            let value = value.trim_start();
            if value.starts_with('{') {
                let end = matching_brace(value)?;
                return Some(&value[1..end]);
            }
        }
        rest = &rest[at + key.len()..];
    }
    None
}

/// Index of `key` as a whole word (quoted or not) in `text`; with `top`, only outside
/// nested brackets.
fn find_key(text: &str, key: &str, top: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'{' | b'[' | b'(') => depth += 1,
            (None, b'}' | b']' | b')') => depth = depth.saturating_sub(1),
            (None, b'"' | b'\'') if text[i + 1..].starts_with(key) => {
                let end = i + 1 + key.len();
                if (depth == 0 || !top) && bytes.get(end) == Some(&b) {
                    return Some(i + 1);
                }
                quote = Some(b);
            }
            (None, b'"' | b'\'' | b'`') => quote = Some(b),
            (None, _)
                if (depth == 0 || !top)
                    && text[i..].starts_with(key)
                    && !word(i.checked_sub(1).map(|p| bytes[p]))
                    && !word(bytes.get(i + key.len()).copied()) =>
            {
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The string literals of the value after `key:` in `text` (with `top`, outside nested
/// brackets only): one literal, or an array of them.
fn literal_list_after(text: &str, key: &str, top: bool) -> Vec<String> {
    let mut rest = text;
    while let Some(at) = find_key(rest, key, top) {
        let after = rest[at + key.len()..]
            .trim_start_matches(['"', '\''])
            .trim_start();
        if let Some(value) = after.strip_prefix(':') {
            let value = value.trim_start();
            let list = match value.strip_prefix('[') {
                Some(inner) => &inner[..inner.find(']').unwrap_or(inner.len())],
                None => value.lines().next().unwrap_or(""),
            };
            return string_literals(list);
        }
        rest = &rest[at + key.len()..];
    }
    Vec::new()
}

fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['"', '\'', '`']) {
        let quote = rest.as_bytes()[at] as char;
        rest = &rest[at + 1..];
        let Some(end) = rest.find(quote) else {
            break;
        };
        out.push(rest[..end].replace("\\\\", "\\"));
        rest = &rest[end + 1..];
    }
    out
}

/// The text of `<tag>…</tag>` in an XML file, `${project.basedir}/` removed.
fn xml_value(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let end = start + text[start..].find("</")?;
    let value = text[start..end].trim();
    let value = value
        .strip_prefix("${project.basedir}/")
        .or_else(|| value.strip_prefix("${basedir}/"))
        .unwrap_or(value);
    (!value.is_empty() && !value.contains("${")).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stack::classify::FileClass;

    fn load(files: &[(&str, &str)]) -> Conventions {
        Conventions::load(files.iter().map(|(p, _)| *p), |p| {
            files
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, t)| (*t).to_owned())
        })
    }

    #[test]
    fn pytest_testpaths_make_named_files_outside_them_source() {
        let c = load(&[(
            "pyproject.toml",
            "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
        )]);
        assert_eq!(c.classify("pactkit/test_mapper.py"), FileClass::Source);
        assert_eq!(c.classify("tests/test_x.py"), FileClass::Test);
        assert!(c.collects("tests/test_x.py"));
        assert!(!c.collects("tests/helpers.py"));
        assert!(!c.collects("tests/conftest.py"));
        // Without the configuration pytest would collect it.
        assert_eq!(
            Conventions::default().classify("pactkit/test_mapper.py"),
            FileClass::Test
        );
    }

    #[test]
    fn pytest_ini_files_and_precedence() {
        let c = load(&[
            (
                "svc/pytest.ini",
                "[pytest]\npython_files = check_*.py\ntestpaths =\n    checks\n",
            ),
            (
                "svc/pyproject.toml",
                "[tool.pytest.ini_options]\ntestpaths = ['other']\n",
            ),
            (
                "lib/setup.cfg",
                "[metadata]\nname = x\n[tool:pytest]\ntestpaths = t\n",
            ),
            ("lib/tox.ini", "[tox]\nenvlist = py3\n"),
        ]);
        assert_eq!(c.classify("svc/checks/check_a.py"), FileClass::Test);
        assert!(c.collects("svc/checks/check_a.py"));
        assert_eq!(c.classify("svc/app/check_b.py"), FileClass::Source);
        assert!(
            !c.collects("svc/tests/test_old.py"),
            "python_files replaces the default"
        );
        assert_eq!(c.classify("lib/t/sub/test_a.py"), FileClass::Test);
        assert_eq!(c.classify("lib/pkg/test_a.py"), FileClass::Source);
    }

    #[test]
    fn jest_and_vitest_patterns() {
        let c = load(&[
            (
                "web/package.json",
                r#"{"jest": {"testMatch": ["<rootDir>/src/**/*.check.js", "**/?(*.)+(spec).js"]}}"#,
            ),
            (
                "app/vitest.config.ts",
                "export default defineConfig({\n  resolve: { include: ['nope/**'] },\n  test: {\n    coverage: { include: ['src/**'] },\n    include: ['src/**/*.unit.ts'],\n  },\n});\n",
            ),
            (
                "old/jest.config.js",
                "module.exports = {\n  testRegex: '/checks/.*\\\\.js$',\n};\n",
            ),
        ]);
        assert_eq!(c.classify("web/src/a/b.check.js"), FileClass::Test);
        assert!(c.collects("web/src/a/b.check.js"));
        assert!(!c.collects("web/src/__tests__/helpers/x.js"));
        assert_eq!(c.classify("app/src/x.unit.ts"), FileClass::Test);
        assert_eq!(c.classify("app/src/x.ts"), FileClass::Source);
        assert_eq!(c.classify("old/checks/a.js"), FileClass::Test);
        assert_eq!(c.classify("old/lib/a.js"), FileClass::Source);
    }

    #[test]
    fn maven_source_directories() {
        let c = load(&[(
            "svc/pom.xml",
            "<project><build><sourceDirectory>${project.basedir}/java</sourceDirectory><testSourceDirectory>checks</testSourceDirectory></build></project>",
        )]);
        assert_eq!(c.classify("svc/checks/com/a/Foo.java"), FileClass::Test);
        assert_eq!(c.classify("svc/java/com/a/RunTest.java"), FileClass::Source);
    }

    #[test]
    fn around_reads_the_folders_above_the_paths() {
        let files = [
            (
                "pyproject.toml",
                "[tool.pytest.ini_options]\ntestpaths = 'tests'\n",
            ),
            ("elsewhere/pytest.ini", "[pytest]\ntestpaths = x\n"),
        ];
        let read = |p: &str| {
            files
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, t)| (*t).to_owned())
        };
        let c = Conventions::around(["pkg/test_mapper.py"], read);
        assert_eq!(c.classify("pkg/test_mapper.py"), FileClass::Source);
        assert_eq!(c.pytest.len(), 1);
    }
}
