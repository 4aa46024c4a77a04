//! The project's `pactkit.yaml` as deployment sees it: written once by the first `init`
//! with the detected stack, afterwards only extended — missing top-level keys are appended
//! as text; nothing the user wrote (values, comments, order) is rewritten. And the docs
//! skeleton `init --project` creates when it is missing (the specs folder and the sprint
//! board), so `pactkit doctor` passes straight after the set-up.

use crate::config::CANDIDATES;
use crate::infra::fsx;
use serde_yaml_ng::{Mapping, Value};
use std::path::{Path, PathBuf};

/// What happened to pactkit.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlChange {
    /// Created with these contents.
    Created(PathBuf),
    /// These keys were appended.
    Extended(PathBuf, Vec<String>),
    /// Left alone, and why.
    LeftAlone(PathBuf, String),
}

const HEADER: &str = "# pactkit configuration. Absent keys use built-in defaults (`pactkit config show`).\n\
# `agents`, `commands`, `skills`, `rules` (lists) and `exclude` choose what `pactkit init`\n\
# and `pactkit update` deploy; absent lists mean everything.\n";

/// The top-level keys a generated file carries, each as its own YAML text.
fn sections(stack: &Value) -> Vec<(&'static str, String)> {
    let one = |key: &'static str, value: Value| {
        let mut map = Mapping::new();
        map.insert(key.into(), value);
        (key, serde_yaml_ng::to_string(&map).unwrap_or_default())
    };
    let mut ci = Mapping::new();
    ci.insert("provider".into(), "none".into());
    vec![
        one("stack", stack.clone()),
        one("developer", Value::String(String::new())),
        one("ci", Value::Mapping(ci)),
    ]
}

/// The file in use (first existing candidate) or where a new one goes.
pub fn yaml_path(root: &Path) -> (PathBuf, bool) {
    match CANDIDATES
        .iter()
        .map(|c| root.join(c))
        .find(|p| p.is_file())
    {
        Some(p) => (p, true),
        None => (root.join("pactkit.yaml"), false),
    }
}

/// Plans the pactkit.yaml change: `(path, new text)` or a [`YamlChange::LeftAlone`].
pub fn plan_yaml(root: &Path) -> (Option<(PathBuf, String)>, Option<YamlChange>) {
    let (path, exists) = yaml_path(root);
    let stack = detect_stack(root);
    if !exists {
        let mut text = HEADER.to_owned();
        for (_, section) in sections(&stack) {
            text.push_str(&section);
        }
        return (Some((path.clone(), text)), Some(YamlChange::Created(path)));
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => return (None, Some(YamlChange::LeftAlone(path, e.to_string()))),
    };
    let present: Vec<String> = match serde_yaml_ng::from_str::<Value>(&text) {
        Ok(Value::Mapping(map)) => map
            .keys()
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect(),
        Ok(Value::Null) => Vec::new(),
        Ok(_) => {
            return (
                None,
                Some(YamlChange::LeftAlone(path, "it is not a mapping".into())),
            );
        }
        Err(e) => return (None, Some(YamlChange::LeftAlone(path, e.to_string()))),
    };
    let mut out = text.clone();
    let mut added = Vec::new();
    for (key, section) in sections(&stack) {
        if !present.iter().any(|p| p == key) {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&section);
            added.push(key.to_owned());
        }
    }
    if added.is_empty() {
        return (None, None);
    }
    // The appended text must leave a file that still parses with every old key intact.
    match serde_yaml_ng::from_str::<Value>(&out) {
        Ok(Value::Mapping(_)) => (
            Some((path.clone(), out)),
            Some(YamlChange::Extended(path, added)),
        ),
        _ => (
            None,
            Some(YamlChange::LeftAlone(
                path,
                "appending keys would break it".into(),
            )),
        ),
    }
}

/// Writes a planned pactkit.yaml.
pub fn write_yaml(path: &Path, text: &str) -> std::io::Result<()> {
    fsx::write_atomic(path, text.as_bytes())
}

/// The languages of the root marker files (`crate::stack::MARKERS`), sorted, once each.
fn marker_langs(root: &Path) -> Vec<crate::stack::Lang> {
    let mut found: Vec<crate::stack::Lang> = crate::stack::MARKERS
        .iter()
        .filter(|(file, _)| root.join(file).is_file())
        .map(|(_, lang)| *lang)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The stack from root marker files: one language, a list, or `auto`.
fn detect_stack(root: &Path) -> Value {
    let found = marker_langs(root);
    let mut names: Vec<Value> = found
        .iter()
        .map(|l| Value::String(l.name().to_owned()))
        .collect();
    match names.len() {
        0 => Value::String("auto".into()),
        1 => names.remove(0),
        _ => Value::Sequence(names),
    }
}

/// The project part of a project's memory block (what PactKit's project `CLAUDE.md`
/// carries): each detected stack's test and lint commands, and how a session starts.
pub fn memory_note(root: &Path) -> String {
    use crate::stack::Lang;
    let found = marker_langs(root);
    let gradle = root.join("build.gradle").is_file() || root.join("build.gradle.kts").is_file();
    let mut out =
        String::from("Dev commands (run changed and mapped tests first: `pactkit regression`):\n");
    for lang in &found {
        let (tests, lint) = match lang {
            Lang::Python => ("pytest", "ruff check ."),
            Lang::Node => ("npm test", "npm run lint"),
            Lang::Go => ("go test ./...", "gofmt -l ."),
            Lang::Java if gradle => ("./gradlew test", "./gradlew check"),
            Lang::Java => ("mvn test", "mvn checkstyle:check"),
            Lang::Rust => ("cargo test", "cargo clippy --all-targets -- -D warnings"),
        };
        out.push_str(&format!(
            "- {}: tests `{tests}`, lint `{lint}`\n",
            lang.name()
        ));
    }
    if found.is_empty() {
        out.push_str("- no stack detected: set `stack:` in pactkit.yaml\n");
    }
    out.push_str(
        "At the start of a session run `pactkit context` and read `docs/product/context.md`.\n",
    );
    out
}

/// The detected stack's first language (`None` for `auto`), for CI defaults.
pub fn primary_stack(root: &Path) -> Option<String> {
    match detect_stack(root) {
        Value::String(s) if s != "auto" => Some(s),
        Value::Sequence(v) => v.first().and_then(|s| s.as_str().map(str::to_owned)),
        _ => None,
    }
}

/// The documents of the workflow that `init --project` creates when missing: the specs
/// folder and the graphs folder (each with a `.gitkeep`, so a clone has them too), the
/// sprint board, the lessons table and the governance rules with the test-count line
/// (what `guard`, `lesson-append` and `invariants-refresh` need from the first story on).
/// Never overwrites; returns the files written, relative to `root`.
pub fn docs_skeleton(root: &Path) -> Result<Vec<String>, crate::infra::error::Error> {
    use crate::workflow::{governance, lessons, scaffold, schema};
    let keep = |dir: &str| (dir.to_owned(), format!("{dir}/.gitkeep"), String::new());
    let files = [
        keep(schema::SPECS_DIR),
        keep(schema::GRAPHS_DIR),
        (
            schema::BOARD_FILE.to_owned(),
            schema::BOARD_FILE.to_owned(),
            scaffold::board_document(),
        ),
        (
            schema::LESSONS_FILE.to_owned(),
            schema::LESSONS_FILE.to_owned(),
            format!(
                "# Lessons Learned\n\n{}\n{}\n",
                lessons::HEADER,
                lessons::SEPARATOR
            ),
        ),
        (
            governance::RULES_PATH.to_owned(),
            governance::RULES_PATH.to_owned(),
            RULES_DOCUMENT.to_owned(),
        ),
    ];
    let mut written = Vec::new();
    for (marker, file, text) in files {
        if root.join(&marker).exists() {
            continue;
        }
        scaffold::write_new(&root.join(&file), &file, text.as_bytes())?;
        written.push(file);
    }
    Ok(written)
}

/// The governance rules a new project starts with; `/project-init` fills in the rest.
const RULES_DOCUMENT: &str = "# Governance Rules\n\n\
## Invariants\n\n\
1. All 0+ tests must pass before any commit (`pactkit invariants-refresh` keeps the count).\n\n\
## Architecture and conventions\n\n\
(Written by `/project-init` from the code, or by `/project-design` for a new project.)\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_are_appended_and_existing_text_is_kept() {
        let dir = assert_fs::TempDir::new().unwrap();
        std::fs::write(dir.path().join("package.json"), "{}").unwrap();
        let user = "# mine\ndeveloper: bob # me\nagents: [qa-engineer]";
        std::fs::write(dir.path().join("pactkit.yaml"), user).unwrap();
        let (write, change) = plan_yaml(dir.path());
        let (_, text) = write.unwrap();
        assert!(text.starts_with(user));
        assert!(text.contains("\nstack: node\n"));
        assert!(text.contains("ci:\n  provider: none\n"));
        assert!(matches!(change, Some(YamlChange::Extended(_, keys)) if keys == ["stack", "ci"]));
    }

    #[test]
    fn the_memory_note_names_each_stacks_commands() {
        let dir = assert_fs::TempDir::new().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]").unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), "[project]").unwrap();
        let note = memory_note(dir.path());
        assert!(
            note.contains("- python: tests `pytest`, lint `ruff check .`"),
            "{note}"
        );
        assert!(note.contains("- rust: tests `cargo test`"), "{note}");
        assert!(note.contains("`pactkit context`"), "{note}");
    }

    #[test]
    fn a_new_file_lists_several_stacks() {
        let dir = assert_fs::TempDir::new().unwrap();
        std::fs::write(dir.path().join("package.json"), "{}").unwrap();
        std::fs::write(dir.path().join("go.mod"), "module x").unwrap();
        let (write, _) = plan_yaml(dir.path());
        let (_, text) = write.unwrap();
        assert!(text.contains("stack:\n- node\n- go\n"), "{text}");
    }
}
