//! Python imports from a small tokenizer (strings, comments, brackets and line joins as
//! Python reads them, so a docstring never counts and a parenthesised import list may span
//! lines), resolved with visualize's Python resolver (`src/` layouts, packages, relative
//! imports, folders on `sys.path`).

use super::{Graph, Scanned, link_scans, scan_all, select_files, split};
use crate::visualize::facts::{Import, ProjectIndex};
use crate::visualize::lang::python::Resolver;
use std::borrow::Cow;
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

/// One token of a logical line, borrowed from the source where it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    /// A name, keyword or number.
    Name(&'a str),
    /// A string literal's text (escapes applied unless raw); `true` for an f-string.
    Str(Cow<'a, str>, bool),
    /// Any other character.
    Op(char),
}

/// Hands each logical line of `text` (brackets and `\` join physical lines) to `each`
/// with the 1-based line it starts on. One token buffer serves every line and names
/// are slices of `text`: a file costs no allocation per token.
fn for_each_logical<'a>(text: &'a str, mut each: impl FnMut(usize, &[Token<'a>])) {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token<'a>> = Vec::new();
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut start = 1usize;
    let mut i = 0;
    let mut flush = |tokens: &mut Vec<Token<'a>>, start: usize| {
        if !tokens.is_empty() {
            each(start, tokens);
            tokens.clear();
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                line += 1;
                i += 1;
                if depth == 0 {
                    flush(&mut tokens, start);
                    start = line;
                }
            }
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {
                line += 1;
                i += 2;
            }
            b'#' => {
                i = memchr_newline(bytes, i);
            }
            b';' if depth == 0 => {
                flush(&mut tokens, start);
                start = line;
                i += 1;
            }
            b'"' | b'\'' => {
                let prefix = match tokens.last() {
                    Some(Token::Name(n))
                        if is_string_prefix(n) && i > 0 && !preceded_by_space(text, i) =>
                    {
                        let n = *n;
                        tokens.pop();
                        Some(n)
                    }
                    _ => None,
                };
                let has =
                    |c: u8| prefix.is_some_and(|p| p.bytes().any(|b| b.eq_ignore_ascii_case(&c)));
                let (fstring, raw) = (has(b'f'), has(b'r'));
                let (literal, end, newlines) = read_string(text, i, raw);
                line += newlines;
                tokens.push(Token::Str(literal, fstring));
                i = end;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' => {
                let begin = i;
                i = name_end(text, i);
                tokens.push(Token::Name(&text[begin..i]));
            }
            b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => i += 1,
            b if b < 0x80 => {
                let c = b as char;
                match c {
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                tokens.push(Token::Op(c));
                i += 1;
            }
            _ => {
                // Not ASCII: judge the whole character as Python does.
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    let begin = i;
                    i = name_end(text, i);
                    tokens.push(Token::Name(&text[begin..i]));
                } else {
                    if !c.is_whitespace() {
                        tokens.push(Token::Op(c));
                    }
                    i += c.len_utf8();
                }
            }
        }
    }
    flush(&mut tokens, start);
}

/// The index of the next `\n` at or after `from`, or the end.
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The end of the name starting at byte `from` (alphanumerics and `_`, any script).
fn name_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(text.len(), |(at, _)| from + at)
}

/// Whether the character before byte `at` is whitespace.
fn preceded_by_space(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
}

fn is_string_prefix(name: &str) -> bool {
    name.len() <= 2
        && name
            .chars()
            .all(|c| matches!(c.to_ascii_lowercase(), 'r' | 'b' | 'u' | 'f'))
}

/// Reads the string starting at byte `at` (a quote); returns its text, the index after
/// it and the line breaks inside it. The text is borrowed unless an escape changes it.
fn read_string(text: &str, at: usize, raw: bool) -> (Cow<'_, str>, usize, usize) {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    let begin = at + if triple { 3 } else { 1 };
    let mut i = begin;
    let mut owned: Option<String> = None;
    let mut newlines = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' && i + 1 < bytes.len() {
            let next = text[i + 1..].chars().next().unwrap_or('\\');
            if next == '\n' {
                newlines += 1;
            }
            if !raw {
                let buf = owned.get_or_insert_with(|| text[begin..i].to_owned());
                buf.push(next);
            } else if let Some(buf) = &mut owned {
                buf.push('\\');
                buf.push(next);
            }
            i += 1 + next.len_utf8();
            continue;
        }
        if b == quote {
            if !triple {
                return (finish(text, begin, i, owned), i + 1, newlines);
            }
            if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                return (finish(text, begin, i, owned), i + 3, newlines);
            }
        }
        if b == b'\n' {
            newlines += 1;
            if !triple {
                return (finish(text, begin, i, owned), i, newlines - 1);
            }
        }
        let len = if b < 0x80 {
            1
        } else {
            text[i..].chars().next().map_or(1, char::len_utf8)
        };
        if let Some(buf) = &mut owned {
            buf.push_str(&text[i..i + len]);
        }
        i += len;
    }
    (finish(text, begin, i, owned), i, newlines)
}

/// A string's text: what escapes built, else the source slice.
fn finish(text: &str, begin: usize, end: usize, owned: Option<String>) -> Cow<'_, str> {
    match owned {
        Some(buf) => Cow::Owned(buf),
        None => Cow::Borrowed(&text[begin..end]),
    }
}

/// The imports of one Python file.
pub fn scan(text: &str) -> Scanned {
    let mut scanned = Scanned::default();
    let mut starts = Vec::new();
    for_each_logical(text, |line, tokens| {
        statement_starts(tokens, &mut starts);
        for &start in &starts {
            match tokens[start] {
                Token::Name("import") => plain_import(&tokens[start + 1..], &mut scanned),
                Token::Name("from") => from_import(&tokens[start + 1..], &mut scanned),
                _ => {}
            }
        }
        dynamic_imports(tokens, line, &mut scanned);
        literal_assignments(tokens, &mut scanned);
    });
    scanned
}

/// Where statements begin in a logical line: its start, and after the `:` of a compound
/// statement on the same line (`try: import x`).
fn statement_starts(tokens: &[Token], starts: &mut Vec<usize>) {
    starts.clear();
    starts.push(0);
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            Token::Op('(' | '[' | '{') => depth += 1,
            Token::Op(')' | ']' | '}') => depth -= 1,
            Token::Op(':') if depth == 0 && i + 1 < tokens.len() => starts.push(i + 1),
            _ => {}
        }
    }
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
            Token::Name(n) if want_name && *n != "import" => {
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
        if matches!(tokens.get(i), Some(Token::Name("as"))) {
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
    if used == 0 || !matches!(tokens.get(used), Some(Token::Name("import"))) {
        return;
    }
    let mut names = Vec::new();
    let mut expect_name = true;
    for token in &tokens[used + 1..] {
        match token {
            Token::Name("as") => expect_name = false,
            Token::Name(n) if expect_name => {
                names.push((*n).to_owned());
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
        if *name != "import_module" && *name != "__import__" {
            continue;
        }
        if !matches!(tokens.get(i + 1), Some(Token::Op('('))) {
            continue;
        }
        if matches!(
            i.checked_sub(1).and_then(|p| tokens.get(p)),
            Some(Token::Name("def"))
        ) {
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
        Token::Str(s, false) => Some(s.to_string()),
        _ => None,
    });
    match *name {
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
    fn names_and_strings_outside_ascii_and_with_escapes() {
        let text = "from caf\u{e9}.men\u{fc} import (gr\u{fc}n,\n  bl\u{e5})\nm = import_module('pkg.\\x')\nn = import_module(r'raw\\y')\nimport \u{3c0}\u{b7}x\n";
        let scanned = scan(text);
        let got: Vec<_> = scanned
            .imports
            .iter()
            .map(|i| (i.target.as_str(), i.names.join(",")))
            .collect();
        assert_eq!(
            got,
            vec![
                ("caf\u{e9}.men\u{fc}", "gr\u{fc}n,bl\u{e5}".to_owned()),
                ("pkg.x", String::new()),
                ("raw\\y", String::new()),
                ("\u{3c0}", String::new()),
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
