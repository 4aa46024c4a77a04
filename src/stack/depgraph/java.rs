//! Java and Kotlin imports by package declaration: a package spans source roots (main and
//! test), its files see each other without imports (tests see main code, not the other way
//! round), `import a.b.C` names the files of class `C` in package `a.b` (or of `a.b` when
//! `C` is a nested class or a static member's class), `import a.b.*` the whole package,
//! and a Kotlin top-level function import (`import a.b.func`) the package too.

use super::{Graph, Scanned, group_by, link_scans, scan_all, select_files, split};
use crate::visualize::facts::Import;
use std::collections::HashMap;
use std::path::Path;

fn is_jvm(path: &str) -> bool {
    path.ends_with(".java")
        || path.ends_with(".kt")
        || path.ends_with(".scala")
        || path.ends_with(".groovy")
}

/// The import graph of the Java/Kotlin files.
pub(super) fn graph(root: &Path, files: &[String], absent: &[String]) -> Graph {
    let jvm_files = select_files(files, absent, is_jvm);
    let scans = scan_all(root, &jvm_files, |_, text| scan(text));
    let package_of: Vec<String> = scans
        .iter()
        .map(|s| {
            s.as_ref()
                .and_then(|s| s.extra.first().cloned())
                .unwrap_or_default()
        })
        .collect();
    let mut graph = Graph::with_files(jvm_files);
    let by_package: HashMap<String, Vec<u32>> = group_by(
        package_of
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i as u32)),
    );
    let class_files = |package: &str, class: &str| -> Vec<String> {
        by_package
            .get(package)
            .into_iter()
            .flatten()
            .map(|&i| graph.files[i as usize].clone())
            .filter(|f| stem(f) == class)
            .collect()
    };
    let package_files = |package: &str| -> Vec<String> {
        by_package
            .get(package)
            .into_iter()
            .flatten()
            .map(|&i| graph.files[i as usize].clone())
            .collect()
    };
    let resolve = |_: &str, import: &Import| -> Vec<String> {
        let segments: Vec<&str> = import.target.split('.').collect();
        if segments.last() == Some(&"*") {
            let package = segments[..segments.len() - 1].join(".");
            let files = package_files(&package);
            if !files.is_empty() {
                return files;
            }
            // `import static a.b.C.*`: the class `C`.
            let (outer, class) =
                segments[..segments.len() - 1].split_at(segments.len().saturating_sub(2));
            return class_files(&outer.join("."), class.first().copied().unwrap_or(""));
        }
        for cut in (1..segments.len()).rev() {
            let package = segments[..cut].join(".");
            let files = class_files(&package, segments[cut]);
            if !files.is_empty() {
                return files;
            }
            if by_package.contains_key(&package) && cut == segments.len() - 1 {
                // A Kotlin top-level function or property: the package.
                if segments[cut].starts_with(char::is_lowercase) {
                    return package_files(&package);
                }
            }
        }
        Vec::new()
    };
    let resolved: Vec<Vec<String>> = scans
        .iter()
        .enumerate()
        .map(|(i, scan)| {
            scan.iter()
                .flat_map(|s| &s.imports)
                .flat_map(|import| resolve(&graph.files[i], import))
                .collect()
        })
        .collect();
    let without_imports: Vec<Option<Scanned>> = scans
        .iter()
        .map(|s| {
            s.as_ref().map(|s| Scanned {
                imports: Vec::new(),
                ..s.clone()
            })
        })
        .collect();
    link_scans(&mut graph, &without_imports, |_, _| Vec::new());
    for (i, targets) in resolved.iter().enumerate() {
        for target in targets {
            graph.link_paths(i as u32, target);
        }
    }
    for members in by_package.values() {
        graph.link_package(members, |file| {
            crate::stack::classify::classify(file) == crate::stack::classify::FileClass::Test
        });
    }
    graph
}

fn stem(path: &str) -> &str {
    let name = split(path).1;
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The package (in `extra`) and imports of one Java/Kotlin file.
pub fn scan(text: &str) -> Scanned {
    let mut scanned = Scanned::default();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if let Some(rest) = line.strip_prefix("package ") {
            if scanned.extra.is_empty() {
                scanned
                    .extra
                    .push(rest.trim().trim_end_matches(';').trim().to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("import ") {
            let rest = rest.trim().strip_prefix("static ").unwrap_or(rest).trim();
            let target = rest
                .trim_end_matches(';')
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches(';');
            if !target.is_empty() {
                scanned.imports.push(Import {
                    target: target.to_owned(),
                    names: Vec::new(),
                });
            }
        }
    }
    scanned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_and_imports() {
        let s = scan(
            "package com.a.b;\n\nimport java.util.List;\nimport static com.a.Util.max;\nimport com.a.c.*;\nimport com.x.Y as Z\n",
        );
        assert_eq!(s.extra, vec!["com.a.b"]);
        let t: Vec<_> = s.imports.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(
            t,
            vec!["java.util.List", "com.a.Util.max", "com.a.c.*", "com.x.Y"]
        );
    }

    #[test]
    fn packages_span_roots_and_imports_name_classes() {
        let files = [
            (
                "src/main/java/com/a/Price.java",
                "package com.a;\npublic class Price {}\n",
            ),
            (
                "src/main/java/com/a/Cart.java",
                "package com.a;\nclass Cart { Price p; }\n",
            ),
            (
                "src/main/java/com/b/Shop.java",
                "package com.b;\nimport com.a.Cart.Line;\n",
            ),
            ("src/main/java/com/c/Other.java", "package com.c;\n"),
            ("src/test/java/com/a/CartTest.java", "package com.a;\n"),
            ("src/test/java/com/b/ShopTest.java", "package com.b;\n"),
            (
                "src/test/java/com/c/OtherTest.java",
                "package com.c;\nimport static com.b.Shop.*;\n",
            ),
            (
                "src/test/kotlin/com/d/KTest.kt",
                "package com.d\nimport com.c.helper\n",
            ),
        ];
        let (root, list) = super::super::write_tree("java", &files);
        let g = graph(&root, &list, &[]);
        let deps = g.dependents("src/main/java/com/a/Price.java");
        for expected in [
            "src/test/java/com/a/CartTest.java",
            "src/test/java/com/b/ShopTest.java",
            "src/test/java/com/c/OtherTest.java",
        ] {
            assert!(deps.contains(&expected), "{expected}: {deps:?}");
        }
        assert!(!deps.contains(&"src/main/java/com/c/Other.java"));
        let deps = g.dependents("src/main/java/com/c/Other.java");
        assert!(deps.contains(&"src/test/kotlin/com/d/KTest.kt"), "{deps:?}");
        let deps = g.dependents("src/test/java/com/a/CartTest.java");
        assert!(!deps.contains(&"src/main/java/com/a/Cart.java"), "{deps:?}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
