//! Python imports from a small tokenizer (strings, comments, brackets and line joins as
//! Python reads them, so a docstring never counts and a parenthesised import list may span
//! lines), resolved with visualize's Python resolver (`src/` layouts, packages, relative
//! imports, folders on `sys.path`).

use super::{Graph, Scanned, link_scans, scan_all, select_files, split};
use crate::visualize::facts::{Import, ProjectIndex};
use crate::visualize::lang::python::Resolver;
use std::path::Path;

/// The import graph of the Python files.
pub(super) fn graph(root: &Path, files: &[String], absent: &[String]) -> Graph {
    let files = select_files(files, absent, is_python);
    let scans = scan_all(root, &files, |_, text| scan(text));
    let index = ProjectIndex {
        files: files.iter().cloned().collect(),
        go_modules: Vec::new(),
    };
    let resolver = Resolver::new(&index);
    let mut graph = Graph::with_files(files);
    link_scans(&mut graph, &scans, |from, import| {
        resolver.resolve(from, import)
    });
    for i in 0..graph.files.len() {
        let file = graph.files[i].clone();
        // Importing `a.b.c` runs `a/b/__init__.py` first: every module runs its
        // package's code, and a package the package above it.
        if let Some(package) = package_init(&file, &graph).and_then(|p| graph.node(&p)) {
            graph.link_implicit(i as u32, package);
        }
        // `from pkg import *` loads the submodules `__all__` names.
        if let Some(Some(scan)) = scans.get(i)
            && is_init(&file)
        {
            let dir = split(&file).0;
            for name in &scan.extra {
                for candidate in [
                    join(dir, &format!("{name}.py")),
                    join(dir, &format!("{name}/__init__.py")),
                ] {
                    graph.link_paths(i as u32, &candidate);
                }
            }
        }
    }
    graph
}

fn is_python(path: &str) -> bool {
    path.ends_with(".py") || path.ends_with(".pyi")
}

fn is_init(path: &str) -> bool {
    matches!(split(path).1, "__init__.py" | "__init__.pyi")
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The `__init__.py` of the package holding `file` (for an `__init__.py`, of the package
/// above), when the graph has it.
fn package_init(file: &str, graph: &Graph) -> Option<String> {
    let (mut dir, _) = split(file);
    if is_init(file) {
        if dir.is_empty() {
            return None;
        }
        dir = split(dir).0;
    }
    ["__init__.py", "__init__.pyi"]
        .iter()
        .map(|name| join(dir, name))
        .find(|candidate| graph.has(candidate) && candidate != file)
}

/// One token of a logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A name, keyword or number.
    Name(String),
    /// A string literal's text; `true` for an f-string.
    Str(String, bool),
    /// Any other character.
    Op(char),
}

/// A logical line: its tokens and the 1-based line it starts on.
struct Logical {
    line: usize,
    tokens: Vec<Token>,
}

/// Splits source into logical lines of tokens (brackets and `\` join physical lines).
fn logical_lines(text: &str) -> Vec<Logical> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut start = 1usize;
    let mut i = 0;
    let flush = |tokens: &mut Vec<Token>, out: &mut Vec<Logical>, start: usize| {
        if !tokens.is_empty() {
            out.push(Logical {
                line: start,
                tokens: std::mem::take(tokens),
            });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
                if depth == 0 {
                    flush(&mut tokens, &mut out, start);
                    start = line;
                }
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                line += 1;
                i += 2;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ';' if depth == 0 => {
                flush(&mut tokens, &mut out, start);
                start = line;
                i += 1;
            }
            '"' | '\'' => {
                let prefix = match tokens.last() {
                    Some(Token::Name(n))
                        if is_string_prefix(n) && i > 0 && !chars[i - 1].is_whitespace() =>
                    {
                        let n = n.to_ascii_lowercase();
                        tokens.pop();
                        Some(n)
                    }
                    _ => None,
                };
                let fstring = prefix.as_deref().is_some_and(|p| p.contains('f'));
                let raw = prefix.as_deref().is_some_and(|p| p.contains('r'));
                let (text, end, newlines) = read_string(&chars, i, raw);
                line += newlines;
                tokens.push(Token::Str(text, fstring));
                i = end;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let begin = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token::Name(chars[begin..i].iter().collect()));
            }
            c if c.is_whitespace() => i += 1,
            c => {
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                tokens.push(Token::Op(c));
                i += 1;
            }
        }
    }
    flush(&mut tokens, &mut out, start);
    out
}

fn is_string_prefix(name: &str) -> bool {
    name.len() <= 2
        && name
            .chars()
            .all(|c| matches!(c.to_ascii_lowercase(), 'r' | 'b' | 'u' | 'f'))
}

/// Reads the string starting at `chars[at]` (a quote); returns its text, the index after
/// it and the line breaks inside it.
fn read_string(chars: &[char], at: usize, raw: bool) -> (String, usize, usize) {
    let quote = chars[at];
    let triple = chars.get(at + 1) == Some(&quote) && chars.get(at + 2) == Some(&quote);
    let mut i = at + if triple { 3 } else { 1 };
    let mut text = String::new();
    let mut newlines = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            if chars[i + 1] == '\n' {
                newlines += 1;
            }
            if raw {
                text.push(c);
                text.push(chars[i + 1]);
            } else {
                text.push(chars[i + 1]);
            }
            i += 2;
            continue;
        }
        if c == quote {
            if !triple {
                return (text, i + 1, newlines);
            }
            if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                return (text, i + 3, newlines);
            }
        }
        if c == '\n' {
            newlines += 1;
            if !triple {
                return (text, i, newlines - 1);
            }
        }
        text.push(c);
        i += 1;
    }
    (text, i, newlines)
}

/// The imports of one Python file.
pub fn scan(text: &str) -> Scanned {
    let mut scanned = Scanned::default();
    for logical in logical_lines(text) {
        let tokens = &logical.tokens;
        for start in statement_starts(tokens) {
            match &tokens[start] {
                Token::Name(n) if n == "import" => plain_import(&tokens[start + 1..], &mut scanned),
                Token::Name(n) if n == "from" => from_import(&tokens[start + 1..], &mut scanned),
                _ => {}
            }
        }
        dynamic_imports(tokens, logical.line, &mut scanned);
        literal_assignments(tokens, &mut scanned);
    }
    scanned
}

/// Where statements begin in a logical line: its start, and after the `:` of a compound
/// statement on the same line (`try: import x`).
fn statement_starts(tokens: &[Token]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Op('(' | '[' | '{') => depth += 1,
            Token::Op(')' | ']' | '}') => depth -= 1,
            Token::Op(':') if depth == 0 && i + 1 < tokens.len() => starts.push(i + 1),
            _ => {}
        }
    }
    starts
}

/// A dotted name from `tokens` (leading dots kept); returns it and the tokens used.
fn dotted(tokens: &[Token]) -> (String, usize) {
    let mut name = String::new();
    let mut used = 0;
    let mut want_name = true;
    for token in tokens {
        match token {
            Token::Op('.') => {
                name.push('.');
                want_name = true;
            }
            Token::Name(n) if want_name && n != "import" => {
                name.push_str(n);
                want_name = false;
            }
            _ => break,
        }
        used += 1;
    }
    (name, used)
}

/// `import a.b as c, d`
fn plain_import(tokens: &[Token], out: &mut Scanned) {
    let mut i = 0;
    while i < tokens.len() {
        let (name, used) = dotted(&tokens[i..]);
        if used == 0 {
            break;
        }
        if !name.is_empty() && !name.starts_with('.') {
            out.imports.push(Import {
                target: name,
                names: Vec::new(),
            });
        }
        i += used;
        if matches!(tokens.get(i), Some(Token::Name(n)) if n == "as") {
            i += 2;
        }
        match tokens.get(i) {
            Some(Token::Op(',')) => i += 1,
            _ => break,
        }
    }
}

/// `from a.b import (c as d, e)`, `from . import x`, `from .m import *`
fn from_import(tokens: &[Token], out: &mut Scanned) {
    let (module, used) = dotted(tokens);
    if used == 0 || !matches!(tokens.get(used), Some(Token::Name(n)) if n == "import") {
        return;
    }
    let mut names = Vec::new();
    let mut expect_name = true;
    for token in &tokens[used + 1..] {
        match token {
            Token::Name(n) if n == "as" => expect_name = false,
            Token::Name(n) if expect_name => {
                names.push(n.clone());
                expect_name = false;
            }
            Token::Op('*') => names.push("*".into()),
            Token::Op(',') => expect_name = true,
            _ => {}
        }
    }
    out.imports.push(Import {
        target: module,
        names,
    });
}

/// `importlib.import_module("a.b")`, `import_module(".x", __name__)`, `__import__("a")`:
/// an import when the name is a literal, an unknown place otherwise.
fn dynamic_imports(tokens: &[Token], line: usize, out: &mut Scanned) {
    for (i, token) in tokens.iter().enumerate() {
        let Token::Name(name) = token else {
            continue;
        };
        if name != "import_module" && name != "__import__" {
            continue;
        }
        if !matches!(tokens.get(i + 1), Some(Token::Op('('))) {
            continue;
        }
        if matches!(i.checked_sub(1).and_then(|p| tokens.get(p)), Some(Token::Name(d)) if d == "def")
        {
            continue;
        }
        match (tokens.get(i + 2), tokens.get(i + 3)) {
            (Some(Token::Str(target, false)), Some(Token::Op(')' | ','))) => {
                out.imports.push(relative_literal(target));
            }
            _ => out
                .dynamic
                .push((line, format!("{name} with a computed name"))),
        }
    }
}

/// An imported module named by a string: `a.b` or `.x` (relative to the importer).
fn relative_literal(target: &str) -> Import {
    match target.strip_prefix('.') {
        Some(_) => {
            let dots = target.chars().take_while(|c| *c == '.').count();
            let rest = &target[dots..];
            match rest.rsplit_once('.') {
                Some((module, name)) => Import {
                    target: format!("{}{module}", &target[..dots]),
                    names: vec![name.to_owned()],
                },
                None => Import {
                    target: target[..dots].to_owned(),
                    names: if rest.is_empty() {
                        Vec::new()
                    } else {
                        vec![rest.to_owned()]
                    },
                },
            }
        }
        None => Import {
            target: target.to_owned(),
            names: Vec::new(),
        },
    }
}

/// `pytest_plugins = ["a.b"]` (imports) and `__all__ = ["x"]` (names, for packages).
fn literal_assignments(tokens: &[Token], out: &mut Scanned) {
    let Some(Token::Name(name)) = tokens.first() else {
        return;
    };
    let assigns = matches!(tokens.get(1), Some(Token::Op('=' | '+')));
    if !assigns {
        return;
    }
    let literals = tokens[1..].iter().filter_map(|t| match t {
        Token::Str(s, false) => Some(s.clone()),
        _ => None,
    });
    match name.as_str() {
        "pytest_plugins" => out.imports.extend(literals.map(|target| Import {
            target,
            names: Vec::new(),
        })),
        "__all__" => out.extra.extend(literals),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(text: &str) -> Vec<(String, Vec<String>)> {
        scan(text)
            .imports
            .into_iter()
            .map(|i| (i.target, i.names))
            .collect()
    }

    fn i(target: &str, names: &[&str]) -> (String, Vec<String>) {
        (
            target.into(),
            names.iter().map(|n| (*n).to_owned()).collect(),
        )
    }

    #[test]
    fn reads_every_import_form() {
        let text = r#""""Docs: import nothing_here"""
import a.b as c, d
from e import (f,
    g as h)  # import not_this
from . import x; from ..up.mod import *
from .sibling import \
    thing
try: import optional
except ImportError: optional = None
def f():
    import inner
s = "import in_a_string"
"#;
        assert_eq!(
            imports(text),
            vec![
                i("a.b", &[]),
                i("d", &[]),
                i("e", &["f", "g"]),
                i(".", &["x"]),
                i("..up.mod", &["*"]),
                i(".sibling", &["thing"]),
                i("optional", &[]),
                i("inner", &[]),
            ]
        );
    }

    #[test]
    fn literal_dynamic_imports_are_imports_and_computed_ones_unknown() {
        let text = "import importlib\nm = importlib.import_module('pkg.mod')\nn = import_module('.sub', __name__)\no = __import__(name)\np = importlib.import_module(f'pkg.{x}')\ndef import_module(name):\n    pass\n";
        let scanned = scan(text);
        let targets: Vec<_> = scanned
            .imports
            .iter()
            .map(|i| (i.target.as_str(), i.names.clone()))
            .collect();
        assert_eq!(
            targets,
            vec![
                ("importlib", vec![]),
                ("pkg.mod", vec![]),
                (".", vec!["sub".to_owned()]),
            ]
        );
        assert_eq!(
            scanned.dynamic,
            vec![
                (4, "__import__ with a computed name".to_owned()),
                (5, "import_module with a computed name".to_owned()),
            ]
        );
    }

    #[test]
    fn pytest_plugins_and_all() {
        let scanned = scan(
            "pytest_plugins = [\n  'tests.fixtures.db',\n]\n__all__ = ['more', \"recipes\"]\n",
        );
        assert_eq!(scanned.imports[0].target, "tests.fixtures.db");
        assert_eq!(scanned.extra, vec!["more", "recipes"]);
    }

    #[test]
    fn graph_follows_packages_reexports_and_test_modules() {
        let files = [
            ("src/shop/__init__.py", "from .more import *\n"),
            ("src/shop/more.py", "from .pricing import bulk_discount\n"),
            ("src/shop/pricing.py", "def bulk_discount(): pass\n"),
            ("src/shop/cart.py", "from shop import pricing\n"),
            ("src/shop/lonely.py", ""),
            ("tests/__init__.py", ""),
            ("tests/base.py", "import shop as s\nclass Base: pass\n"),
            ("tests/test_derived.py", "from tests.base import Base\n"),
            ("tests/test_cart.py", "from shop.cart import x\n"),
        ];
        let (root, list) = super::super::write_tree("py", &files);
        let g = graph(&root, &list, &["src/shop/gone.py".to_owned()]);
        let deps = g.dependents("src/shop/pricing.py");
        for expected in [
            "src/shop/cart.py",
            "tests/test_cart.py",
            "tests/base.py",
            "tests/test_derived.py",
            "src/shop/__init__.py",
        ] {
            assert!(deps.contains(&expected), "{expected} in {deps:?}");
        }
        // Every module of the package runs its `__init__`, so a change there reaches all.
        assert!(
            g.dependents("src/shop/lonely.py")
                .contains(&"src/shop/lonely.py")
        );
        assert!(
            g.dependents("src/shop/__init__.py")
                .contains(&"src/shop/lonely.py")
        );
        assert!(g.has("src/shop/gone.py"));
        std::fs::remove_dir_all(root).unwrap();
    }
}
