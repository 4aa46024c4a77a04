//! Go imports (`import "x"`, `import alias "x"`, `import ( … )` blocks) resolved with
//! visualize's Go resolver through the repository's go.mod module paths. A folder is one
//! package: its files depend on its non-test files as a whole, and its `_test.go` files
//! on each other too (test helpers), never the other way round.

use super::{Graph, Scanned, group_by, link_scans, scan_all, select_files, split};
use crate::visualize::facts::{Import, ProjectIndex};
use crate::visualize::lang::go::Resolver;
use std::path::Path;

/// The import graph of the Go files.
pub(super) fn graph(root: &Path, files: &[String], absent: &[String]) -> Graph {
    let go_files = select_files(files, absent, |f| f.ends_with(".go"));
    let scans = scan_all(root, &go_files, |_, text| scan(text));
    let go_modules = files
        .iter()
        .filter(|f| split(f).1 == "go.mod")
        .filter_map(|f| {
            let text = std::fs::read_to_string(root.join(f)).ok()?;
            Some((split(f).0.to_owned(), module_path(&text)?))
        })
        .collect();
    let index = ProjectIndex {
        files: go_files.iter().cloned().collect(),
        go_modules,
    };
    let resolver = Resolver::new(&index);
    let mut graph = Graph::with_files(go_files);
    link_scans(&mut graph, &scans, |from, import| {
        resolver.resolve(from, import)
    });
    let dirs = group_by(
        graph
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (split(f).0.to_owned(), i as u32)),
    );
    for members in dirs.values() {
        graph.link_package(members, |file| file.ends_with("_test.go"));
    }
    graph
}

/// The `module` path a go.mod declares.
pub fn module_path(go_mod: &str) -> Option<String> {
    go_mod.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("module")?;
        let path = rest.trim().trim_matches('"');
        (!path.is_empty() && rest.starts_with([' ', '\t', '"'])).then(|| path.to_owned())
    })
}

/// The imports of one Go file.
pub fn scan(text: &str) -> Scanned {
    let mut scanned = Scanned::default();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_block {
            if line.starts_with(')') {
                in_block = false;
                continue;
            }
            push_quoted(line, &mut scanned);
        } else if let Some(rest) = line.strip_prefix("import") {
            let rest = rest.trim_start();
            if let Some(inner) = rest.strip_prefix('(') {
                push_quoted(inner, &mut scanned);
                in_block = !inner.contains(')');
            } else {
                push_quoted(rest, &mut scanned);
            }
        }
    }
    scanned
}

fn push_quoted(text: &str, out: &mut Scanned) {
    let Some(start) = text.find(['"', '`']) else {
        return;
    };
    let quote = text.as_bytes()[start] as char;
    let rest = &text[start + 1..];
    if let Some(end) = rest.find(quote) {
        out.imports.push(Import {
            target: rest[..end].to_owned(),
            names: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_imports_and_module_paths() {
        let s = scan(
            "package x\n\nimport \"fmt\"\nimport st \"example.com/m/store\"\nimport (\n\t\"os\" // comment\n\t_ \"example.com/m/db\"\n)\n",
        );
        let targets: Vec<_> = s.imports.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(
            targets,
            vec!["fmt", "example.com/m/store", "os", "example.com/m/db"]
        );
        assert_eq!(
            module_path("// x\nmodule example.com/m\n\ngo 1.22\n").as_deref(),
            Some("example.com/m")
        );
        assert_eq!(module_path("modulex y\n"), None);
    }

    #[test]
    fn packages_import_packages_and_tests_do_not_leak() {
        let files = [
            ("go.mod", "module example.com/m\n"),
            ("store/store.go", "package store\n"),
            ("store/cache.go", "package store\n"),
            ("store/store_test.go", "package store\n"),
            ("store/helpers_test.go", "package store\n"),
            (
                "api/api.go",
                "package api\nimport \"example.com/m/store\"\n",
            ),
            ("api/api_test.go", "package api\n"),
            (
                "cli/main.go",
                "package main\nimport \"example.com/m/api\"\n",
            ),
            ("cli/main_test.go", "package main\n"),
            ("other/other_test.go", "package other\n"),
        ];
        let (root, list) = super::super::write_tree("go", &files);
        let g = graph(&root, &list, &[]);
        let deps = g.dependents("store/cache.go");
        for expected in ["store/store_test.go", "api/api_test.go", "cli/main_test.go"] {
            assert!(deps.contains(&expected), "{expected}: {deps:?}");
        }
        assert!(!deps.contains(&"other/other_test.go"));
        let deps = g.dependents("store/helpers_test.go");
        assert!(deps.contains(&"store/store_test.go"), "{deps:?}");
        assert!(!deps.contains(&"api/api_test.go"), "{deps:?}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
