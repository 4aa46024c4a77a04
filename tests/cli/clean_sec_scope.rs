//! `pactkit clean` on a real directory tree and `pactkit sec-scope` tables.

use crate::common::{TestRepo, assert_code, render, stdout};

fn python_tree() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[project]\nname = 'x'\n");
    repo.write("pkg/__init__.py", "");
    repo.write("pkg/__pycache__/m.cpython-311.pyc", "b");
    repo.write("pkg/old.pyc", "b");
    repo.write(".pytest_cache/v/cache", "x");
    repo.write(".venv/lib/__pycache__/keep.pyc", "b");
    repo.write("env/pyvenv.cfg", "home = /usr\n");
    repo.write("env/lib/keep.pyc", "b");
    repo.write("node_modules/x/__pycache__/keep.pyc", "b");
    repo.write("dist/keep.txt", "x");
    repo
}

const KEPT: &[&str] = &[
    "pkg/__init__.py",
    ".venv/lib/__pycache__/keep.pyc",
    "env/lib/keep.pyc",
    "node_modules/x/__pycache__/keep.pyc",
    "dist/keep.txt",
];

#[test]
fn dry_run_lists_and_deletes_nothing() {
    let repo = python_tree();
    let out = repo.pactkit(&["clean", "--dry-run"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("  Would remove: pkg/__pycache__/\n"),
        "{}",
        render(&out)
    );
    assert!(text.contains("  Would remove: pkg/old.pyc\n"), "{text}");
    assert!(text.contains("  Would remove: .pytest_cache/\n"), "{text}");
    assert!(text.ends_with("Would remove 3 item(s)\n"), "{text}");
    assert!(!text.contains("keep"), "{text}");
    assert!(repo.path("pkg/__pycache__/m.cpython-311.pyc").exists());
    assert!(repo.path("pkg/old.pyc").exists());
}

#[test]
fn clean_deletes_only_the_patterns() {
    let repo = python_tree();
    let out = repo.pactkit(&["clean"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).ends_with("Removed 3 item(s)\n"),
        "{}",
        render(&out)
    );
    assert!(!repo.path("pkg/__pycache__").exists());
    assert!(!repo.path("pkg/old.pyc").exists());
    assert!(!repo.path(".pytest_cache").exists());
    for kept in KEPT {
        assert!(repo.path(kept).exists(), "{kept} was removed");
    }
    let again = repo.pactkit(&["clean"]);
    assert_eq!(stdout(&again), "Nothing to clean\n");
}

/// coverage.py's outputs at the root are leftovers (Done runs the tests with coverage, then
/// `clean`, and must leave a clean tree); a `coverage.xml` deeper down is someone's file.
#[test]
fn coverage_reports_at_the_root_are_cleaned() {
    let repo = python_tree();
    repo.write(".coverage", "x")
        .write("coverage.xml", "<coverage/>")
        .write("htmlcov/index.html", "x")
        .write("tests/data/coverage.xml", "<coverage/>");
    assert_code(&repo.pactkit(&["clean"]), 0);
    for gone in [".coverage", "coverage.xml", "htmlcov"] {
        assert!(!repo.path(gone).exists(), "{gone} was kept");
    }
    assert!(repo.path("tests/data/coverage.xml").exists());
}

#[test]
fn the_stack_flag_picks_the_patterns() {
    let repo = python_tree();
    let out = repo.pactkit(&["clean", "--dry-run", "--stack", "node"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "  Would remove: dist/\nWould remove 1 item(s)\n",
        "{}",
        render(&out)
    );
    assert_code(&repo.pactkit(&["clean", "--stack", "cobol"]), 2);
}

#[test]
fn sec_scope_prints_the_table() {
    let repo = TestRepo::new();
    repo.write(
        "src/api/users.py",
        "def get(request):\n    try:\n        return db.query(request.args)\n    except KeyError:\n        pass\n",
    );
    repo.write("web/App.tsx", "export const App = () => null;\n");
    let out = repo.pactkit(&[
        "sec-scope",
        "src/api/users.py",
        "web/App.tsx",
        "package.json",
    ]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "| Check | Applicable | Reason |\n\
         |-------|------------|--------|\n\
         | SEC-1 | Yes | source code file detected |\n\
         | SEC-2 | Yes | input handling patterns detected |\n\
         | SEC-3 | Yes | database/ORM patterns detected |\n\
         | SEC-4 | Yes | frontend/template files detected |\n\
         | SEC-5 | No | no auth patterns |\n\
         | SEC-6 | Yes | API/route files detected |\n\
         | SEC-7 | Yes | error handling patterns detected |\n\
         | SEC-8 | Yes | dependency manifest detected |\n",
        "{}",
        render(&out)
    );
}

#[test]
fn sec_scope_docs_only_json_and_usage() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["sec-scope", "docs/a.md", "README.md", "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let checks = doc["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), 8);
    assert!(
        checks
            .iter()
            .all(|c| c["applicable"] == false && c["reason"] == "docs/tests only")
    );
    assert_eq!(checks[0]["check"], "SEC-1");
    assert_code(&repo.pactkit(&["sec-scope"]), 2);
}

/// Input handling spelled as part of an identifier (`raw_input`, `user_input`) is input
/// handling; `inputs_count` is not.
#[test]
fn sec_scope_sees_input_in_identifiers() {
    let repo = TestRepo::new();
    repo.write("src/ask.py", "name = raw_input('name? ')\n");
    repo.write("src/echo.py", "print(user_input)\n");
    repo.write("src/count.py", "total = inputs_count + 1\n");
    let sec2 = |file: &str| {
        let out = repo.pactkit(&["sec-scope", file, "--format", "json"]);
        assert_code(&out, 0);
        let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
        doc["checks"][1]["applicable"] == true
    };
    assert!(sec2("src/ask.py"));
    assert!(sec2("src/echo.py"));
    assert!(!sec2("src/count.py"));
}
