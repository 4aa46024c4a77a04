//! JS/TS imports from a line scanner (comments skipped, quoted specifiers after `from`,
//! `import`, `require(`, `import(`, `jest.mock(`/`vi.mock(`), resolved with visualize's JS
//! resolver (relative and rooted paths, extensions, `index` files, the TypeScript source
//! of a `.js` path, tsconfig/jsconfig `paths` and `baseUrl`) and, for bare specifiers, the
//! repository's own packages by their `package.json` name.

use super::{Graph, Scanned, link_scans, scan_all, select_files, split};
use crate::visualize::facts::{Import, ProjectIndex};
use crate::visualize::lang::javascript::{Aliases, Resolver};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

const CODE_EXTENSIONS: &[&str] = &[
    ".tsx", ".ts", ".jsx", ".js", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte",
];

fn is_code(path: &str) -> bool {
    CODE_EXTENSIONS.iter().any(|e| path.ends_with(e))
}

/// The import graph of the JS/TS files; imported data files (`./data.json`) are nodes too.
pub(super) fn graph(root: &Path, files: &[String], absent: &[String]) -> Graph {
    let code = select_files(files, absent, is_code);
    let scans = scan_all(root, &code, |_, text| scan(text));
    let read = |path: &str| std::fs::read_to_string(root.join(path)).ok();
    let aliases: Vec<Aliases> = files
        .iter()
        .filter(|f| matches!(split(f).1, "tsconfig.json" | "jsconfig.json"))
        .filter_map(|f| Some(Aliases::from_tsconfig(split(f).0, &read(f)?)))
        .collect();
    let packages = own_packages(files, &read);
    // Every file may be imported (JSON, styles); only code files are read.
    let mut all: Vec<String> = select_files(files, absent, |f| !is_code(f) && !f.ends_with(".md"));
    all.extend(code.iter().cloned());
    all.sort_unstable();
    let index = ProjectIndex {
        files: all.iter().cloned().collect(),
        go_modules: Vec::new(),
    };
    let resolver = Resolver::new(&index).with_aliases(aliases);
    let mut graph = Graph::with_files(all);
    let node_of_code: Vec<u32> = code.iter().filter_map(|c| graph.node(c)).collect();
    // `link_scans` indexes scans by node: give non-code nodes empty scans.
    let mut by_node: Vec<Option<Scanned>> = vec![Some(Scanned::default()); graph.files.len()];
    for (scan, node) in scans.into_iter().zip(node_of_code) {
        by_node[node as usize] = scan;
    }
    let probe_index = |from: &str, target: &str| {
        resolver.resolve(
            from,
            &Import {
                target: target.to_owned(),
                names: Vec::new(),
            },
        )
    };
    link_scans(&mut graph, &by_node, |from, import| {
        let found = resolver.resolve(from, import);
        if !found.is_empty() {
            return found;
        }
        package_files(&packages, &import.target, |candidate| {
            probe_index(from, &format!("/{candidate}"))
        })
    });
    graph
}

/// The repository's packages: `package.json` name → (folder, entry points as written).
fn own_packages(
    files: &[String],
    read: &impl Fn(&str) -> Option<String>,
) -> HashMap<String, (String, Vec<String>)> {
    let mut packages = HashMap::new();
    for file in files.iter().filter(|f| split(f).1 == "package.json") {
        let Some(doc) = read(file).and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        else {
            continue;
        };
        let Some(name) = doc.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let entries = ["source", "module", "main", "types", "typings"]
            .iter()
            .filter_map(|k| doc.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
            .collect();
        packages.insert(name.to_owned(), (split(file).0.to_owned(), entries));
    }
    packages
}

/// The files a bare specifier names in one of the repository's own packages: the path
/// inside it (`pkg/sub`, also under `src/`), else its entry points, else `index`/`src/index`.
fn package_files(
    packages: &HashMap<String, (String, Vec<String>)>,
    specifier: &str,
    probe: impl Fn(&str) -> Vec<String>,
) -> Vec<String> {
    let mut parts = specifier.splitn(if specifier.starts_with('@') { 3 } else { 2 }, '/');
    let name = if specifier.starts_with('@') {
        let scope = parts.next().unwrap_or_default();
        format!("{scope}/{}", parts.next().unwrap_or_default())
    } else {
        parts.next().unwrap_or_default().to_owned()
    };
    let Some((dir, entries)) = packages.get(&name) else {
        return Vec::new();
    };
    let join = |rel: &str| {
        let rel = rel.trim_start_matches("./");
        if dir.is_empty() {
            rel.to_owned()
        } else {
            format!("{dir}/{rel}")
        }
    };
    let candidates: Vec<String> = match parts.next() {
        Some(sub) => vec![join(sub), join(&format!("src/{sub}"))],
        None => entries
            .iter()
            .flat_map(|e| {
                let e = e.trim_start_matches("./");
                let in_src = e
                    .strip_prefix("dist/")
                    .or_else(|| e.strip_prefix("lib/"))
                    .or_else(|| e.strip_prefix("build/"))
                    .map(|rest| join(&format!("src/{rest}")));
                [Some(join(e)), in_src]
            })
            .flatten()
            .chain([join("src/index"), join("index")])
            .collect(),
    };
    candidates
        .iter()
        .map(|c| probe(c))
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// The imports of one JS/TS file.
pub fn scan(text: &str) -> Scanned {
    let mut scanned = Scanned::default();
    let mut in_comment = false;
    for (number, line) in text.lines().enumerate() {
        let code = strip_comments(line, &mut in_comment);
        scan_line(&code, number + 1, &mut scanned);
    }
    scanned
}

/// The line without `/* … */` and `// …` comments (a `//` inside a string is kept).
fn strip_comments<'a>(line: &'a str, in_comment: &mut bool) -> Cow<'a, str> {
    if !*in_comment && !line.contains('/') {
        return Cow::Borrowed(line);
    }
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("*/") {
                Some(end) => {
                    rest = &rest[end + 2..];
                    *in_comment = false;
                }
                None => return Cow::Owned(out),
            }
        }
        let mut quote: Option<char> = None;
        let mut cut = None;
        let bytes: Vec<char> = rest.chars().collect();
        let mut offset = 0;
        for (i, c) in bytes.iter().enumerate() {
            match (quote, c) {
                (Some(q), c) if *c == q && bytes.get(i.wrapping_sub(1)) != Some(&'\\') => {
                    quote = None;
                }
                (Some(_), _) => {}
                (None, '"' | '\'' | '`') => quote = Some(*c),
                (None, '/') if bytes.get(i + 1) == Some(&'/') => {
                    cut = Some((offset, false));
                    break;
                }
                (None, '/') if bytes.get(i + 1) == Some(&'*') => {
                    cut = Some((offset, true));
                    break;
                }
                _ => {}
            }
            offset += c.len_utf8();
        }
        match cut {
            None => {
                out.push_str(rest);
                return Cow::Owned(out);
            }
            Some((at, false)) => {
                out.push_str(&rest[..at]);
                return Cow::Owned(out);
            }
            Some((at, true)) => {
                out.push_str(&rest[..at]);
                out.push(' ');
                rest = &rest[at + 2..];
                *in_comment = true;
            }
        }
    }
}

fn scan_line(line: &str, number: usize, out: &mut Scanned) {
    let mut rest = line;
    let mut consumed = 0;
    while let Some(at) = rest.find(['\'', '"', '`', '(']) {
        let c = rest.as_bytes()[at] as char;
        let before = line[..consumed + at].trim_end();
        if c == '(' {
            let call = ["require", "import"]
                .into_iter()
                .find(|name| calls(before, name));
            let arg = rest[at + 1..].trim_start();
            if let Some(name) = call
                && is_computed(arg)
            {
                out.dynamic
                    .push((number, format!("{name}() with a computed path")));
            }
            consumed += at + 1;
            rest = &rest[at + 1..];
            continue;
        }
        let after = &rest[at + 1..];
        let Some(end) = after.find(c) else {
            break;
        };
        let spec = &after[..end];
        let importing = before.ends_with("from")
            || before.ends_with("import")
            || calls_open(before, "require")
            || calls_open(before, "import")
            || calls_open(before, "mock")
            || calls_open(before, "requireActual");
        if importing && !spec.is_empty() && !(c == '`' && spec.contains("${")) {
            out.imports.push(Import {
                target: spec.to_owned(),
                names: Vec::new(),
            });
        }
        consumed += at + 1 + end + 1;
        rest = &after[end + 1..];
    }
}

/// Whether a call's argument is not a plain string: a name, an expression, a template with
/// `${…}`. An argument on the next line is not judged.
fn is_computed(arg: &str) -> bool {
    if arg.is_empty() || arg.starts_with(['\'', '"']) {
        return false;
    }
    match arg.strip_prefix('`') {
        Some(template) => template.split('`').next().unwrap_or("").contains("${"),
        None => true,
    }
}

/// Whether `before` ends with a call of `name` as a whole word (`require`, not
/// `myrequire`; `import`, not `x.import`).
fn calls(before: &str, name: &str) -> bool {
    before.strip_suffix(name).is_some_and(|head| {
        !head
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.')
    })
}

/// Whether `before` ends with `name(`.
fn calls_open(before: &str, name: &str) -> bool {
    before
        .strip_suffix('(')
        .map(str::trim_end)
        .is_some_and(|head| head.ends_with(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<String> {
        scan(text).imports.into_iter().map(|i| i.target).collect()
    }

    #[test]
    fn reads_import_forms_and_skips_comments() {
        let text = "import { a } from './a';\nimport type { T } from \"../t\";\nexport * from './barrel';\nimport './side.css';\nconst b = require('./b');\nconst c = await import('./c.js');\njest.mock('./d');\n// import x from './commented';\n/* require('./block')\n */ import {\n  e,\n} from '@/e';\nconst url = 'http://x//y';\n";
        assert_eq!(
            targets(text),
            vec![
                "./a",
                "../t",
                "./barrel",
                "./side.css",
                "./b",
                "./c.js",
                "./d",
                "@/e"
            ]
        );
        assert!(scan(text).dynamic.is_empty());
    }

    #[test]
    fn computed_paths_are_unknown() {
        let s = scan(
            "const m = require(name);\nconst n = await import(`./x/${y}`);\nconst o = require(`./fixed`);\nmyrequire(x);\n",
        );
        assert_eq!(
            s.dynamic,
            vec![
                (1, "require() with a computed path".to_owned()),
                (2, "import() with a computed path".to_owned()),
            ]
        );
        assert_eq!(s.imports.len(), 1);
    }

    #[test]
    fn graph_follows_barrels_and_own_packages() {
        let files = [
            (
                "packages/util/package.json",
                "{\"name\": \"@acme/util\", \"main\": \"dist/index.js\"}",
            ),
            ("packages/util/src/index.ts", "export * from './math';\n"),
            ("packages/util/src/math.ts", "export const add = 1;\n"),
            ("packages/util/src/data.json", "{}"),
            (
                "packages/util/src/table.ts",
                "import data from './data.json';\n",
            ),
            ("app/src/index.ts", "import { add } from '@acme/util';\n"),
            ("app/src/app.test.ts", "import '../src';\n"),
            ("app/src/table.test.ts", "import '@acme/util/table';\n"),
        ];
        let (root, list) = super::super::write_tree("js", &files);
        let g = graph(&root, &list, &[]);
        let deps = g.dependents("packages/util/src/math.ts");
        assert!(deps.contains(&"app/src/app.test.ts"), "{deps:?}");
        assert!(!deps.contains(&"app/src/table.test.ts"), "{deps:?}");
        let deps = g.dependents("packages/util/src/data.json");
        assert!(deps.contains(&"app/src/table.test.ts"), "{deps:?}");
        std::fs::remove_dir_all(root).unwrap();
    }
}
