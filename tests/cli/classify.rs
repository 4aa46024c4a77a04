//! The one classifier through the commands that ask it (test-map, regression, the spec
//! gate, visualize): tests by location and by the stack's runner configuration, not by
//! file name alone, in both directions.

use crate::common::*;

fn class_of(repo: &TestRepo, path: &str) -> String {
    let out = repo.pactkit(&["test-map", path, "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    doc["files"][0]["class"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn pactkit_like(repo: &TestRepo) {
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"pactkit\"\n\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
    )
    .write("src/pactkit/__init__.py", "")
    .write(
        "src/pactkit/test_mapper.py",
        "def map_tests():\n    return []\n",
    )
    .write(
        "src/pactkit/cli.py",
        "from pactkit.test_mapper import map_tests\n\n\ndef main():\n    return map_tests()\n",
    )
    .write(
        "tests/test_cli.py",
        "from pactkit.cli import main\n\n\ndef test_main():\n    assert main() == []\n",
    );
}

#[test]
fn a_source_module_named_like_a_test_is_source_for_every_command() {
    let repo = TestRepo::new();
    pactkit_like(&repo);
    assert_eq!(class_of(&repo, "src/pactkit/test_mapper.py"), "source");
    let out = repo.pactkit(&["test-map", "src/pactkit/test_mapper.py"]);
    assert_eq!(stdout(&out), "tests/test_cli.py\n", "{}", render(&out));
    let out = repo.pactkit(&["regression", "src/pactkit/test_mapper.py"]);
    assert!(
        stdout(&out).starts_with("IMPACT — 1 test file(s)"),
        "{}",
        render(&out)
    );

    let out = repo.pactkit(&["visualize", "--mode", "file"]);
    assert_code(&out, 0);
    let graph = repo.read("docs/architecture/graphs/code_graph.mmd");
    assert!(graph.contains("test_mapper"), "{graph}");
    assert!(!graph.contains("test_cli"), "{graph}");

    // The spec gate: source needs an active story.
    repo.write("README.md", "x\n").commit_all("chore: init");
    repo.write("docs/specs/STORY-001.md", "# STORY-001: X\n\n| Field | Value |\n|---|---|\n| ID | STORY-001 |\n| Status | Draft |\n| Priority | P1 |\n| Release | TBD |\n");
    repo.commit_all("docs: spec");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.write(
        "src/pactkit/test_mapper.py",
        "def map_tests():\n    return [1]\n",
    );
    repo.git(&["add", "-A"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: map"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(
        render(&out).contains("active-work-item"),
        "{}",
        render(&out)
    );
}

#[test]
fn the_runner_configuration_decides_outside_the_default_places() {
    let repo = TestRepo::new();
    // Flat layout: without configuration pytest collects `pkg/test_x.py`; with
    // `testpaths` it does not.
    repo.write("setup.py", "").write("pkg/test_mapper.py", "");
    assert_eq!(class_of(&repo, "pkg/test_mapper.py"), "test");
    repo.write(
        "pytest.ini",
        "[pytest]\ntestpaths = tests\npython_files = check_*.py\n",
    );
    assert_eq!(class_of(&repo, "pkg/test_mapper.py"), "source");
    assert_eq!(class_of(&repo, "tests/check_thing.py"), "test");
    repo.write(
        "web/package.json",
        "{\"jest\": {\"testMatch\": [\"**/*.check.js\"]}}\n",
    );
    assert_eq!(class_of(&repo, "web/src/a.check.js"), "test");
    assert_eq!(class_of(&repo, "web/src/a.js"), "source");
}

#[test]
fn real_tests_stay_tests_in_every_stack() {
    let repo = TestRepo::new();
    repo.write("go.mod", "module example.com/x\n")
        .write("package.json", "{}\n");
    for (path, class) in [
        ("tests/test_x.py", "test"),
        ("tests/helpers.py", "test"),
        ("src/pkg/tests/test_y.py", "test"),
        ("app/models/user_test.py", "test"),
        ("conftest.py", "test"),
        ("pkg/auth/login_test.go", "test"),
        ("pkg/auth/testing.go", "source"),
        ("src/foo.test.ts", "test"),
        ("src/components/__tests__/Button.tsx", "test"),
        ("src/test-utils.ts", "source"),
        ("svc/src/test/java/com/x/FooTest.java", "test"),
        ("svc/src/main/java/com/x/RunTest.java", "source"),
        ("src/spec/parser.rs", "source"),
        ("crates/a/tests/it.rs", "test"),
    ] {
        assert_eq!(class_of(&repo, path), class, "{path}");
    }
}

#[test]
fn an_ignored_build_folder_full_of_sources_is_not_read() {
    let repo = TestRepo::new();
    let test = "from app.core import f\n\n\ndef test_f():\n    assert f() == 1\n";
    repo.write("pyproject.toml", "[project]\nname = \"app\"\n")
        .write("src/app/__init__.py", "")
        .write("src/app/core.py", "def f():\n    return 1\n")
        .write("tests/test_core.py", test)
        .write("build/lib/tests/test_core_copy.py", test)
        .write(".gitignore", "build/\n");
    let out = repo.pactkit(&["test-map", "src/app/core.py"]);
    assert_eq!(stdout(&out), "tests/test_core.py\n", "{}", render(&out));
    // Without the rule the copy is read: the walk, not the fixture, makes the difference.
    repo.write(".gitignore", "");
    let out = repo.pactkit(&["test-map", "src/app/core.py"]);
    assert!(
        stdout(&out).contains("build/lib/tests/test_core_copy.py"),
        "{}",
        render(&out)
    );
}
