//! The house rules a reviewer would otherwise check by hand, read from the source tree:
//! every module says what it owns, no file grows past 800 lines outside its tests, and
//! every top-level entry of `src/` is on the map in `docs/ARCHITECTURE.md`.

use crate::common::{crate_root, files_under};
use std::path::Path;

const MAX_PRODUCTION_LINES: usize = 800;

/// Every `.rs` file below `src/`, relative to the checkout, with its text.
fn source_files() -> Vec<(String, String)> {
    let files: Vec<(String, String)> = files_under("src")
        .into_iter()
        .filter(|rel| rel.ends_with(".rs"))
        .map(|rel| {
            let text = std::fs::read_to_string(crate_root().join(&rel)).expect("source is UTF-8");
            (rel, text)
        })
        .collect();
    assert!(files.len() > 100, "found only {} source files", files.len());
    files
}

/// A file that holds only tests: `tests.rs`, `*_tests.rs`, or anything below a `tests/` folder.
fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    name == "tests"
        || name.ends_with("_tests")
        || path.components().any(|c| c.as_os_str() == "tests")
}

/// The lines before the file's top-level `#[cfg(test)] mod …` (its inline tests), if any.
fn production_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .position(|pair| pair[0] == "#[cfg(test)]" && pair[1].starts_with("mod "))
        .unwrap_or(lines.len())
}

#[test]
fn every_source_file_starts_with_a_module_header() {
    let missing: Vec<String> = source_files()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(
        missing.is_empty(),
        "no `//!` header saying what the module owns: {missing:?}"
    );
}

#[test]
fn no_source_file_is_over_800_lines_outside_its_tests() {
    let long: Vec<String> = source_files()
        .into_iter()
        .filter(|(rel, _)| !is_test_file(Path::new(rel)))
        .filter_map(|(rel, text)| {
            let lines = production_lines(&text);
            (lines > MAX_PRODUCTION_LINES).then(|| format!("{rel} ({lines} lines)"))
        })
        .collect();
    assert!(long.is_empty(), "split along a seam: {long:?}");
}

#[test]
fn production_lines_stop_at_the_inline_tests() {
    let text = "//! m\nfn a() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
    assert_eq!(production_lines(text), 3);
    assert_eq!(
        production_lines("//! m\n    #[cfg(test)]\n    mod inner {}\n"),
        3
    );
    assert!(is_test_file(Path::new("src/agenthooks/policy_tests.rs")));
    assert!(!is_test_file(Path::new("src/gates/tests_select.rs")));
}

#[test]
fn every_top_level_entry_of_src_is_on_the_architecture_map() {
    let map = std::fs::read_to_string(crate_root().join("docs/ARCHITECTURE.md"))
        .expect("docs/ARCHITECTURE.md");
    let mut entries: Vec<String> = std::fs::read_dir(crate_root().join("src"))
        .expect("src/")
        .map(|entry| {
            let entry = entry.expect("directory entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                format!("src/{name}/")
            } else {
                format!("src/{name}")
            }
        })
        .collect();
    entries.sort();
    let unmapped: Vec<&String> = entries
        .iter()
        .filter(|e| !map.contains(e.as_str()))
        .collect();
    assert!(
        unmapped.is_empty(),
        "not in docs/ARCHITECTURE.md's layout: {unmapped:?}"
    );
}
