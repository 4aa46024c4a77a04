//! `sec-scope`'s domain: which of the eight security checks (SEC-1 … SEC-8) of PactKit's
//! Check playbook apply to a set of files, judged from their paths and,
//! when they exist, their contents.
//!
//! Same checks, reasons and table as PactKit, with these quirks fixed:
//! - path hints match whole path components or the file stem, never substrings: `platform.py`
//!   is not a form (SEC-2) and `myapi/` is not an API (SEC-6/7), while `auth.py` is now
//!   auth code (SEC-5), as `auth/` always was;
//! - source files include `.tsx`, `.jsx`, `.mjs`, `.rs`, `.rb`, `.kt`, … (PactKit: only
//!   `.py .js .ts .go .java`), and templates include `.jsx`, `.htm` and a few engines;
//! - "docs/tests only" and "dependency manifest" ask `crate::stack::classify`, so `tests/test_x.py`,
//!   `src/foo_test.go`, `requirements-dev.txt` and lock files are judged as elsewhere in pactkit;
//! - the content patterns for input, auth and database access use word boundaries (`input`
//!   no longer matches `inputs_count`), where `_` also separates words, as in identifiers:
//!   `raw_input(`, `user_input` and `auth_token` count.

use crate::stack::classify::{ConfigKind, FileClass, classify};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// One file to judge: its path as given (normalised to `/`) and its text, if readable.
#[derive(Debug, Clone)]
pub struct ScopeFile {
    /// Path relative to where the user stands, `/`-separated.
    pub path: String,
    /// The file's text (empty when it does not exist).
    pub content: String,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRow {
    /// `SEC-1` … `SEC-8`.
    pub check: &'static str,
    /// Whether the check applies.
    pub applicable: bool,
    /// Why (PactKit's wording).
    pub reason: &'static str,
}

const SOURCE_EXTENSIONS: &[&str] = &[
    "py", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "java", "kt", "scala", "rs",
    "rb", "php", "cs", "swift", "c", "cc", "cpp", "h", "hpp", "vue", "svelte",
];
const FRONTEND_EXTENSIONS: &[&str] = &[
    "tsx", "jsx", "vue", "svelte", "html", "htm", "jinja", "jinja2", "j2", "hbs", "ejs", "erb",
];

fn re(pattern: &str) -> Regex {
    // Constant patterns, exercised by the unit tests.
    Regex::new(pattern).expect("sec-scope pattern compiles")
}

// `(?:\b|_)word(?:\b|_)`: a whole word, or one `_`-separated part of an identifier.
static INPUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\brequest\.|\bform\.|(?:\b|_)input(?:\b|_)|(?:\b|_)argv(?:\b|_)|\bsys\.stdin\b|\bprocess\.argv\b",
    )
});
static DATABASE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\bSELECT\b|\bINSERT\b|\bUPDATE\b|\bDELETE\b|\.query\(|\.filter\(|\.objects\.")
});
static FRONTEND: LazyLock<Regex> =
    LazyLock::new(|| re(r"innerHTML|dangerouslySetInnerHTML|\bv-html\b"));
static AUTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\b|_)(?:token|jwt|cookie|session)(?:\b|_)"));
static ERRORS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bexcept\b|\bcatch\s*\(|\brescue\b|\.catch\("));

/// The eight rows for `files`.
pub fn assess(files: &[ScopeFile]) -> Vec<CheckRow> {
    if files.iter().all(|f| docs_or_tests(&f.path)) {
        return CHECKS
            .iter()
            .map(|c| CheckRow {
                check: c.id,
                applicable: false,
                reason: "docs/tests only",
            })
            .collect();
    }
    CHECKS
        .iter()
        .map(|c| {
            let applicable = files.iter().any(|f| (c.applies)(f));
            CheckRow {
                check: c.id,
                applicable,
                reason: if applicable { c.yes } else { c.no },
            }
        })
        .collect()
}

/// The Markdown table PactKit prints.
pub fn table(rows: &[CheckRow]) -> String {
    let mut out =
        String::from("| Check | Applicable | Reason |\n|-------|------------|--------|\n");
    for row in rows {
        let yes = if row.applicable { "Yes" } else { "No" };
        out.push_str(&format!("| {} | {yes} | {} |\n", row.check, row.reason));
    }
    out
}

struct Check {
    id: &'static str,
    applies: fn(&ScopeFile) -> bool,
    yes: &'static str,
    no: &'static str,
}

const CHECKS: &[Check] = &[
    Check {
        id: "SEC-1",
        applies: |f| is_source(&f.path),
        yes: "source code file detected",
        no: "no source code files",
    },
    Check {
        id: "SEC-2",
        applies: |f| {
            (is_source(&f.path) && names_any(&f.path, &["input", "handler", "form"]))
                || INPUT.is_match(&f.content)
        },
        yes: "input handling patterns detected",
        no: "no input handling patterns",
    },
    Check {
        id: "SEC-3",
        applies: |f| {
            names_any(&f.path, &["models", "dao", "repository", "repositories"])
                || DATABASE.is_match(&f.content)
        },
        yes: "database/ORM patterns detected",
        no: "no database patterns",
    },
    Check {
        id: "SEC-4",
        applies: |f| {
            FRONTEND_EXTENSIONS.contains(&extension(&f.path)) || FRONTEND.is_match(&f.content)
        },
        yes: "frontend/template files detected",
        no: "no frontend files",
    },
    Check {
        id: "SEC-5",
        applies: |f| names_any(&f.path, &["auth", "session", "login"]) || AUTH.is_match(&f.content),
        yes: "auth/session patterns detected",
        no: "no auth patterns",
    },
    Check {
        id: "SEC-6",
        applies: |f| names_any(&f.path, &["api", "routes", "endpoints", "controllers"]),
        yes: "API/route files detected",
        no: "no API/route files",
    },
    Check {
        id: "SEC-7",
        applies: |f| names_any(&f.path, &["api", "routes"]) || ERRORS.is_match(&f.content),
        yes: "error handling patterns detected",
        no: "no error handling patterns",
    },
    Check {
        id: "SEC-8",
        applies: |f| {
            matches!(
                classify(&f.path),
                FileClass::Config(ConfigKind::Manifest | ConfigKind::LockFile)
            )
        },
        yes: "dependency manifest detected",
        no: "no dependency manifests",
    },
];

fn docs_or_tests(path: &str) -> bool {
    matches!(classify(path), FileClass::Docs | FileClass::Test)
}

fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

fn is_source(path: &str) -> bool {
    SOURCE_EXTENSIONS.contains(&extension(path))
}

/// Whether a directory component or the file stem is one of `words`, or the stem is made
/// of `_`/`-`-separated words one of which is (`user_input.py`, `form-handler.ts`); a
/// trailing plural `s` is accepted (`forms.py`, `handlers/`).
fn names_any(path: &str, words: &[&str]) -> bool {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.split('.').next().unwrap_or(last);
        parts.extend(stem.split(['_', '-']));
    }
    parts.iter().any(|part| {
        let part = part.to_ascii_lowercase();
        let singular = part.strip_suffix('s').unwrap_or(&part);
        words.iter().any(|w| part == *w || singular == *w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> ScopeFile {
        ScopeFile {
            path: path.into(),
            content: content.into(),
        }
    }

    fn applicable(files: &[ScopeFile]) -> Vec<&'static str> {
        assess(files)
            .into_iter()
            .filter(|r| r.applicable)
            .map(|r| r.check)
            .collect()
    }

    #[test]
    fn docs_and_tests_only_short_cut() {
        let rows = assess(&[file("docs/a.md", ""), file("tests/test_a.py", "except x")]);
        assert!(
            rows.iter()
                .all(|r| !r.applicable && r.reason == "docs/tests only")
        );
        assert_eq!(rows.len(), 8);
    }

    #[test]
    fn path_hints_are_whole_components() {
        assert_eq!(applicable(&[file("src/platform.py", "")]), vec!["SEC-1"]);
        assert_eq!(applicable(&[file("myapi/x.txt", "")]), Vec::<&str>::new());
        assert_eq!(
            applicable(&[file("src/api/users.py", "")]),
            vec!["SEC-1", "SEC-6", "SEC-7"]
        );
        assert_eq!(
            applicable(&[file("src/auth.py", "")]),
            vec!["SEC-1", "SEC-5"]
        );
        assert_eq!(
            applicable(&[file("app/user_input.py", "")]),
            vec!["SEC-1", "SEC-2"]
        );
        assert_eq!(
            applicable(&[file("app/models/user.py", "")]),
            vec!["SEC-1", "SEC-3"]
        );
    }

    #[test]
    fn tsx_is_source_and_frontend() {
        assert_eq!(
            applicable(&[file("web/App.tsx", "")]),
            vec!["SEC-1", "SEC-4"]
        );
    }

    #[test]
    fn contents_count() {
        let code = "try:\n    q = db.query(sql)\nexcept Exception:\n    token = request.args\n";
        assert_eq!(
            applicable(&[file("src/svc.py", code)]),
            vec!["SEC-1", "SEC-2", "SEC-3", "SEC-5", "SEC-7"]
        );
        assert_eq!(
            applicable(&[file("src/a.js", "el.innerHTML = x")]),
            vec!["SEC-1", "SEC-4"]
        );
    }

    #[test]
    fn identifier_parts_count_as_words() {
        for code in [
            "name = raw_input()\n",
            "data = user_input\n",
            "x = input_text\n",
        ] {
            assert!(
                applicable(&[file("src/a.py", code)]).contains(&"SEC-2"),
                "{code}"
            );
        }
        for code in ["n = inputs_count\n", "x = throughput\n", "cfg.inputfile\n"] {
            assert!(
                !applicable(&[file("src/a.py", code)]).contains(&"SEC-2"),
                "{code}"
            );
        }
        assert!(applicable(&[file("src/a.py", "h = auth_token\n")]).contains(&"SEC-5"));
        assert!(!applicable(&[file("src/a.py", "t = tokenizer\n")]).contains(&"SEC-5"));
    }

    #[test]
    fn manifests_and_table() {
        let rows = assess(&[file("requirements-dev.txt", "")]);
        assert!(rows[7].applicable);
        let text = table(&rows);
        assert!(
            text.starts_with("| Check | Applicable | Reason |\n|-------|------------|--------|\n")
        );
        assert!(text.contains("| SEC-8 | Yes | dependency manifest detected |\n"));
        assert!(text.contains("| SEC-1 | No | no source code files |\n"));
    }
}
