//! `pactkit test-map`, `pactkit regression` and the regression gate with real runners:
//! pytest (skipped visibly when missing) and cargo on tiny projects, through real commits.

use crate::common::*;
use std::path::PathBuf;
use std::process::{Command, Output};

/// The toolchain homes the hermetic environment clears: rustup, cargo and pyenv find
/// their installations through them (HOME is a fake one in tests).
#[expect(
    clippy::disallowed_methods,
    reason = "tests pass the outer toolchain locations through"
)]
fn toolchain_env(cmd: &mut Command, repo: &TestRepo) {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let pick = |name: &str, default: PathBuf| std::env::var_os(name).map_or(default, PathBuf::from);
    cmd.env("RUSTUP_HOME", pick("RUSTUP_HOME", home.join(".rustup")))
        .env("CARGO_HOME", pick("CARGO_HOME", home.join(".cargo")))
        .env("PYENV_ROOT", pick("PYENV_ROOT", home.join(".pyenv")))
        .env("CARGO_TARGET_DIR", repo.temp().join("cargo-target"))
        .env("CARGO_NET_OFFLINE", "true")
        .env("PYTHONDONTWRITEBYTECODE", "1");
}

fn git_with_tools(repo: &TestRepo, args: &[&str]) -> Output {
    let mut cmd = repo.git_cmd();
    toolchain_env(&mut cmd, repo);
    cmd.args(args).output().expect("run git")
}

fn pactkit_with_tools(repo: &TestRepo, args: &[&str]) -> Output {
    let mut cmd = repo.pactkit_cmd();
    toolchain_env(&mut cmd, repo);
    cmd.args(args).output().expect("run pactkit")
}

fn has_pytest(_repo: &TestRepo) -> bool {
    tools::require(&tools::PYTEST)
}

fn python_project(repo: &TestRepo) {
    repo.write("pyproject.toml", "[project]\nname = \"calc\"\nversion = \"0.1.0\"\n")
        .write("src/calc/__init__.py", "")
        .write("src/calc/ops.py", "def add(a, b):\n    return a + b\n")
        .write("src/calc/util.py", "def twice(x):\n    return 2 * x\n")
        .write("tests/conftest.py", "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent.parent / 'src'))\n")
        .write("tests/test_ops.py", "from calc.ops import add\n\ndef test_add():\n    assert add(1, 2) == 3\n")
        .write("tests/test_uses_util.py", "import calc.util\n\ndef test_twice():\n    assert calc.util.twice(2) == 4\n")
        .write("tests/other/test_ops.py", "def test_unrelated():\n    pass\n")
        .write("README.md", "calc\n");
}

#[test]
fn test_map_finds_tests_by_name_package_and_import() {
    let repo = TestRepo::new();
    python_project(&repo);
    let out = repo.pactkit(&[
        "test-map",
        "src/calc/ops.py",
        "src/calc/util.py",
        "README.md",
    ]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "tests/test_ops.py\ntests/test_uses_util.py\n");
    let out = repo.pactkit(&["test-map", "src/calc/ops.py", "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["tests"], serde_json::json!(["tests/test_ops.py"]));
    assert_eq!(doc["files"][0]["stack"], "python");
    assert_eq!(doc["files"][0]["class"], "source");
}

#[test]
fn test_map_of_a_test_is_itself_and_relative_to_the_current_directory() {
    let repo = TestRepo::new();
    python_project(&repo);
    let out = repo
        .pactkit_cmd()
        .current_dir(repo.path("tests"))
        .args(["test-map", "test_ops.py", "missing_test.py"])
        .output()
        .expect("run");
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "tests/test_ops.py\n");
    let out = repo.pactkit(&["test-map"]);
    assert_code(&out, 2);
}

#[test]
fn regression_decides_skip_impact_and_full() {
    let repo = TestRepo::new();
    python_project(&repo);
    repo.write("Cargo.lock", "").write("src/calc/orphan.py", "");
    let first_line = |args: &[&str]| {
        let out = repo.pactkit(args);
        assert_code(&out, 0);
        stdout(&out).lines().next().unwrap_or_default().to_owned()
    };
    assert_eq!(
        first_line(&["regression", "README.md", "docs/guide.md"]),
        "SKIP — documentation only (2 file(s))"
    );
    assert_eq!(
        first_line(&["regression", "requirements.txt"]),
        "FULL — requirements.txt is a manifest"
    );
    assert_eq!(
        first_line(&["regression", "Cargo.lock"]),
        "FULL — Cargo.lock is a lock file"
    );
    assert!(
        first_line(&["regression", "src/calc/orphan.py"])
            .starts_with("FULL — no test covers src/calc/orphan.py")
    );
    let out = repo.pactkit(&[
        "regression",
        "src/calc/ops.py",
        "tests/test_uses_util.py",
        "--format",
        "json",
    ]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["decision"], "IMPACT");
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_ops.py", "tests/test_uses_util.py"])
    );
    assert_eq!(
        doc["commands"],
        serde_json::json!(["python3 -m pytest -q -rfEs tests/test_ops.py tests/test_uses_util.py"])
    );
    repo.write(
        "pactkit.yaml",
        "gates:\n  regression:\n    full_patterns: ['src/calc/*.py']\n    max_impact_files: 5\n",
    );
    assert_eq!(
        first_line(&["regression", "src/calc/ops.py"]),
        "FULL — src/calc/ops.py matches gates.regression.full_patterns"
    );
    repo.write(
        "pactkit.yaml",
        "gates:\n  regression:\n    full_patterns: ['src/[']\n",
    );
    let out = repo.pactkit(&["regression", "src/calc/ops.py"]);
    assert_code(&out, 2);
    assert!(render(&out).contains("full_patterns"), "{}", render(&out));
}

#[test]
fn regression_reads_staged_and_range_changes() {
    let repo = TestRepo::new();
    python_project(&repo);
    repo.commit_all("chore: init");
    repo.write("docs/x.md", "x\n");
    repo.git(&["add", "docs/x.md"]);
    let out = repo.pactkit(&["regression"]);
    assert!(stdout(&out).starts_with("SKIP"), "{}", render(&out));
    repo.write("src/calc/ops.py", "def add(a, b):\n    return b + a\n")
        .commit_all("fix: x");
    let out = repo.pactkit(&["regression", "--from-ref", "HEAD~1", "--to-ref", "HEAD"]);
    assert!(stdout(&out).starts_with("IMPACT"), "{}", render(&out));
    assert!(
        stdout(&out).contains("tests/test_ops.py"),
        "{}",
        render(&out)
    );
}

const PRE_COMMIT_REGRESSION: &str =
    "hooks:\n  pre-commit: [regression]\n  commit-msg: [regression]\n  pre-push: []\n";

#[test]
fn pytest_runs_the_impacted_tests_and_a_failure_blocks() {
    let repo = TestRepo::new();
    if !has_pytest(&repo) {
        return;
    }
    python_project(&repo);
    repo.write("pactkit.yaml", PRE_COMMIT_REGRESSION)
        .commit_all("chore: init");
    repo.write("src/calc/ops.py", "def add(a, b):\n    return a - b\n");
    repo.git(&["add", "-A"]);
    let out = pactkit_with_tools(&repo, &["check", "--staged", "--gate", "regression"]);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(text.contains("1 failed"), "{text}");
    assert!(text.contains("tests/test_ops.py::test_add"), "{text}");
    assert!(
        !text.contains("test_twice"),
        "only the impacted test runs: {text}"
    );

    repo.write("src/calc/ops.py", "def add(a, b):\n    return b + a\n")
        .write("tests/test_ops.py", "import pytest\nfrom calc.ops import add\n\ndef test_add():\n    assert add(1, 2) == 3\n\n@pytest.mark.skip(reason='later')\ndef test_later():\n    pass\n");
    repo.git(&["add", "-A"]);
    let out = pactkit_with_tools(&repo, &["check", "--staged", "--gate", "regression"]);
    assert_code(&out, 0);
    let text = render(&out);
    assert!(
        text.contains("1 test(s) skipped"),
        "a skip is shown: {text}"
    );
}

fn rust_project(repo: &TestRepo) {
    repo.write("Cargo.toml", "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n")
        .write("src/lib.rs", "pub fn double(x: i32) -> i32 {\n    x * 2\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn doubles() {\n        assert_eq!(super::double(2), 4);\n    }\n}\n")
        .write("README.md", "tiny\n")
        .write(".gitignore", "target/\n")
        .write("pactkit.yaml", PRE_COMMIT_REGRESSION)
        .commit_all("chore: init");
    let out = repo.pactkit(&["hooks", "install"]);
    assert_code(&out, 0);
}

#[test]
fn cargo_test_failure_blocks_a_real_commit_and_a_fix_passes() {
    let repo = TestRepo::new();
    rust_project(&repo);
    repo.write(
        "src/lib.rs",
        &repo.read("src/lib.rs").replace("x * 2", "x * 3"),
    );
    repo.git(&["add", "-A"]);
    let out = git_with_tools(&repo, &["commit", "-q", "-m", "fix: triple"]);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(text.contains("-p tiny"), "{text}");
    assert!(text.contains("1 failed"), "{text}");
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");

    repo.write(
        "src/lib.rs",
        &repo.read("src/lib.rs").replace("x * 3", "x + x"),
    );
    repo.git(&["add", "-A"]);
    let out = git_with_tools(&repo, &["commit", "-q", "-m", "refactor: add instead"]);
    assert_code(&out, 0);
    assert!(render(&out).contains("1 passed"), "{}", render(&out));
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
}

fn marker_repo() -> TestRepo {
    let repo = TestRepo::new();
    fixtures::go_package(&repo)
        .write("README.md", "x\n")
        .write(
            "pactkit.yaml",
            &format!(
                "{PRE_COMMIT_REGRESSION}gates:\n  regression:\n    protect_tests: block\n    command: \"echo {{tests}} >> ran.marker\"\n"
            ),
        )
        .write(".gitignore", "ran.marker\n")
        .commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

/// A Go-shaped repository whose tests run through `command` with `gates.regression.timeout`
/// of `timeout` seconds, the pre-commit hook installed.
fn command_repo(command: &str, timeout: u64) -> TestRepo {
    let repo = TestRepo::new();
    fixtures::go_package(&repo)
        .write(
            "pactkit.yaml",
            &format!(
                "{PRE_COMMIT_REGRESSION}gates:\n  regression:\n    command: '{command}'\n    timeout: {timeout}\n"
            ),
        )
        .write(".gitignore", "group.pid\n")
        .commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    fixtures::stage_go_change(&repo);
    repo
}

/// A test run that hangs is killed with every process it started, and the commit is
/// refused naming `gates.regression.timeout`.
#[cfg(target_os = "linux")]
#[test]
fn a_test_run_past_the_timeout_is_killed_with_its_group_and_blocks() {
    let repo = command_repo("echo $$ > group.pid; sleep 30 & sleep 30", 1);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: a"]);
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains(
            "did not finish within 1s (gates.regression.timeout); its processes were killed"
        ),
        "{text}"
    );
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
    assert_recorded_processes_gone(&repo, "the test run");
}

/// `kill -TERM` of pactkit during a test run reaches the runner's whole group, and pactkit
/// ends by the same signal: no test process is left running.
#[cfg(target_os = "linux")]
#[test]
fn pactkit_terminated_during_a_test_run_takes_its_group_along() {
    use std::os::unix::process::ExitStatusExt;
    let repo = command_repo(
        "sleep 30 & echo $$ $! > group.pid; kill -TERM $PPID; sleep 30",
        60,
    );
    let out = repo.pactkit(&["check", "--staged", "--gate", "regression"]);
    assert_eq!(out.status.signal(), Some(15), "{}", render(&out));
    assert_recorded_processes_gone(&repo, "the test run");
}

/// A runner that dies by a signal, seen through `sh -c` as 128 + N, failed the tests.
#[test]
fn a_test_run_killed_by_a_signal_blocks() {
    let repo = command_repo("sh -c \"kill -KILL \\$$\"; exit $?", 5);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: a"]);
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("was killed by signal 9 (SIGKILL), exit status 137"),
        "{text}"
    );
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn a_docs_only_commit_runs_no_tests() {
    let repo = marker_repo();
    repo.write("README.md", "more\n");
    repo.git(&["add", "-A"]);
    assert_code(&repo.git_output(&["commit", "-q", "-m", "docs: more"]), 0);
    assert!(!repo.path("ran.marker").exists(), "the runner ran for docs");

    fixtures::stage_go_change(&repo);
    assert_code(&repo.git_output(&["commit", "-q", "-m", "feat: a"]), 0);
    assert_eq!(repo.read("ran.marker"), "pkg/a_test.go\n");
}

#[test]
fn changing_an_existing_test_needs_a_test_change_trailer() {
    let repo = marker_repo();
    repo.write("pkg/a_test.go", "package pkg\n// weaker\n");
    repo.git(&["add", "-A"]);
    let out = repo.git_output(&["commit", "-q", "-m", "test: weaken"]);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(
        text.contains("modifies the existing test pkg/a_test.go"),
        "{text}"
    );
    assert!(text.contains("Test-Change"), "{text}");

    let out = repo.git_output(&[
        "commit",
        "-q",
        "-m",
        "test: weaken\n\nTest-Change: the assertion was wrong",
    ]);
    assert_code(&out, 0);

    // A new test needs no trailer.
    repo.write("pkg/b_test.go", "package pkg\n");
    repo.git(&["add", "-A"]);
    assert_code(&repo.git_output(&["commit", "-q", "-m", "test: add b"]), 0);
    // Deleting one does.
    repo.git(&["rm", "-q", "pkg/b_test.go"]);
    let out = repo.git_output(&["commit", "-q", "-m", "test: drop b"]);
    assert_code(&out, 1);
    assert!(
        render(&out).contains("deletes the existing test pkg/b_test.go"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_missing_runner_is_a_gate_error() {
    let repo = TestRepo::new();
    fixtures::go_package(&repo).commit_all("chore: init");
    fixtures::stage_go_change(&repo);
    let mut cmd = repo.pactkit_cmd();
    cmd.env("PATH", "/nonexistent");
    let out = cmd
        .args(["check", "--staged", "--gate", "regression"])
        .output()
        .expect("run");
    let text = render(&out);
    assert!(text.contains("not installed"), "{text}");
    assert_ne!(code(&out), 0, "{text}");
}

/// Node's own test runner through `gates.regression.command` (vitest and jest need an
/// `npm install`; the JS/TS test mapping is the same whichever runner runs the files).
fn has_node() -> bool {
    tools::require(&tools::NODE)
}

#[test]
fn node_tests_of_the_changed_module_run_and_a_failure_blocks() {
    if !has_node() {
        return;
    }
    let repo = TestRepo::new();
    repo.write("package.json", "{\"name\": \"calc\", \"type\": \"module\"}\n")
        .write("src/sum.js", "export function sum(a, b) {\n  return a + b;\n}\n")
        .write(
            "src/sum.test.js",
            "import test from 'node:test';\nimport assert from 'node:assert';\nimport { sum } from './sum.js';\n\ntest('adds', () => assert.strictEqual(sum(1, 2), 3));\n",
        )
        .write(
            "src/other.test.js",
            "import test from 'node:test';\ntest('never selected', () => { throw new Error('UNRELATED TEST RAN'); });\n",
        )
        .write(
            "pactkit.yaml",
            "hooks:\n  pre-commit: [regression]\n  commit-msg: [regression]\n  pre-push: []\ngates:\n  regression:\n    command: \"node --test {tests}\"\n",
        )
        .commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);

    let out = repo.pactkit(&["test-map", "src/sum.js"]);
    assert_eq!(stdout(&out).trim(), "src/sum.test.js", "{}", render(&out));

    repo.write(
        "src/sum.js",
        "export function sum(a, b) {\n  return a - b;\n}\n",
    );
    repo.git(&["add", "-A"]);
    let out = repo.git_output(&["commit", "-q", "-m", "fix: subtract"]);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(text.contains("sum.test.js"), "{text}");
    assert!(
        !text.contains("UNRELATED TEST RAN"),
        "only mapped tests run: {text}"
    );
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");

    repo.write(
        "src/sum.js",
        "export function sum(a, b) {\n  return b + a;\n}\n",
    );
    repo.git(&["add", "-A"]);
    let out = repo.git_output(&["commit", "-q", "-m", "refactor: commute"]);
    assert_code(&out, 0);
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
}

/// The example: `cart.py` imports `pricing`; a change to `bulk_discount` breaks only
/// `tests/test_cart.py`.
fn shop_project(repo: &TestRepo) {
    repo.write("pyproject.toml", "[project]\nname = \"shop\"\nversion = \"0.1.0\"\n\n[tool.pytest.ini_options]\npythonpath = [\"src\"]\ntestpaths = [\"tests\"]\n")
        .write("src/shop/__init__.py", "")
        .write(
            "src/shop/pricing.py",
            "def bulk_discount(quantity):\n    return 0.1 if quantity >= 10 else 0.0\n\n\ndef unit_price(name):\n    return {\"pen\": 2.0}[name]\n",
        )
        .write(
            "src/shop/cart.py",
            "from shop import pricing\n\n\ndef total(name, quantity):\n    price = pricing.unit_price(name) * quantity\n    return round(price * (1 - pricing.bulk_discount(quantity)), 2)\n",
        )
        .write(
            "tests/test_pricing.py",
            "from shop.pricing import unit_price\n\n\ndef test_unit_price():\n    assert unit_price(\"pen\") == 2.0\n",
        )
        .write(
            "tests/test_cart.py",
            "from shop.cart import total\n\n\ndef test_bulk_total():\n    assert total(\"pen\", 10) == 18.0\n",
        )
        .write(
            "tests/test_unrelated.py",
            "def test_unrelated():\n    raise AssertionError(\"UNRELATED TEST RAN\")\n",
        )
        .write(".gitignore", "__pycache__/\n.pytest_cache/\n")
        .write(
            "pactkit.yaml",
            "hooks:\n  pre-commit: []\n  commit-msg: []\n  pre-push: [regression]\n",
        );
}

#[test]
fn a_change_that_breaks_only_a_dependent_module_test_is_selected_and_blocks_the_push() {
    let repo = TestRepo::new();
    shop_project(&repo);
    repo.commit_all("chore: shop");
    let broken = repo
        .read("src/shop/pricing.py")
        .replace("quantity >= 10", "quantity > 10");
    repo.write("src/shop/pricing.py", &broken);
    let out = repo.pactkit(&["regression", "src/shop/pricing.py", "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(doc["decision"], "IMPACT", "{}", render(&out));
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_cart.py", "tests/test_pricing.py"]),
        "{}",
        render(&out)
    );

    if !has_pytest(&repo) {
        return;
    }
    repo.add_bare_origin("remote.git");
    repo.git(&["push", "-q", "origin", "main"]);
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.commit_all("fix: bulk discount from more than ten");
    let out = git_with_tools(&repo, &["push", "-q", "origin", "main"]);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(
        text.contains("tests/test_cart.py::test_bulk_total"),
        "{text}"
    );
    assert!(!text.contains("UNRELATED TEST RAN"), "{text}");
    assert_ne!(
        repo.git(&["rev-parse", "HEAD"]),
        repo.git(&["rev-parse", "origin/main"]),
        "the push went through"
    );

    let fixed = repo
        .read("src/shop/pricing.py")
        .replace("quantity > 10", "quantity >= 10");
    repo.write("src/shop/pricing.py", &fixed)
        .commit_all("fix: bulk discount from ten again");
    let out = git_with_tools(&repo, &["push", "-q", "origin", "main"]);
    assert_code(&out, 0);
}

fn selection(repo: &TestRepo, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["regression"];
    full.extend_from_slice(args);
    full.extend(["--format", "json"]);
    let out = repo.pactkit(&full);
    assert_code(&out, 0);
    serde_json::from_str(&stdout(&out)).expect("json")
}

#[test]
fn python_selection_follows_reexports_package_inits_and_test_modules() {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[project]\nname = \"pkg\"\n")
        .write("src/pkg/__init__.py", "from .more import *\n")
        .write(
            "src/pkg/more.py",
            "from .recipes import first\n\n\ndef chunked(xs):\n    return [first(xs)]\n",
        )
        .write("src/pkg/recipes.py", "def first(xs):\n    return xs[0]\n")
        .write("src/pkg/lonely.py", "VALUE = 1\n")
        .write("tests/__init__.py", "")
        .write(
            "tests/test_facade.py",
            "import pkg as p\n\n\ndef test_chunked():\n    assert p.chunked([1]) == [1]\n",
        )
        .write(
            "tests/base.py",
            "from pkg.recipes import first\n\n\nclass Base:\n    pass\n",
        )
        .write(
            "tests/test_derived.py",
            "from tests.base import Base\n\n\nclass TestDerived(Base):\n    pass\n",
        )
        .write("tests/test_lonely.py", "def test_nothing():\n    pass\n");
    let doc = selection(&repo, &["src/pkg/recipes.py"]);
    assert_eq!(doc["decision"], "IMPACT");
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_derived.py", "tests/test_facade.py"])
    );
    // A test module others import and subclass selects them too.
    let doc = selection(&repo, &["tests/base.py"]);
    assert_eq!(doc["tests"], serde_json::json!(["tests/test_derived.py"]));
    // A deleted module: whoever still imports it breaks.
    std::fs::remove_file(repo.path("src/pkg/recipes.py")).expect("rm");
    let doc = selection(&repo, &["src/pkg/recipes.py"]);
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_derived.py", "tests/test_facade.py"])
    );
}

#[test]
fn unknowable_imports_widen_the_selection_or_run_everything() {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[project]\nname = \"app\"\n")
        .write("app/__init__.py", "")
        .write("app/core.py", "def f():\n    return 1\n")
        .write(
            "app/plugins.py",
            "import importlib\n\n\ndef load(name):\n    return importlib.import_module(name)\n",
        )
        .write("app/other.py", "def g():\n    return 2\n")
        .write("tests/test_core.py", "from app.core import f\n")
        .write("tests/test_plugins.py", "from app.plugins import load\n")
        .write("tests/test_other.py", "from app.other import g\n")
        .write("tests/helpers.py", "def helper():\n    pass\n")
        .write("tests/conftest.py", "")
        .write("tests/unit/conftest.py", "")
        .write(
            "app/loader.py",
            "def load(name):\n    return __import__(name)\n",
        );
    let doc = selection(&repo, &["app/core.py"]);
    assert_eq!(doc["decision"], "IMPACT");
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_core.py", "tests/test_plugins.py"]),
        "the test reaching the dynamic import is always selected"
    );
    let reason = doc["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("app/plugins.py:5"), "{reason}");
    assert!(
        !reason.contains("app/loader.py"),
        "no test reaches it: {reason}"
    );
    let doc = selection(&repo, &["tests/helpers.py"]);
    assert_eq!(doc["decision"], "FULL");
    assert!(
        doc["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("no test imports the test helper tests/helpers.py"),
        "{doc}"
    );
    repo.write("tests/test_helped.py", "from tests.helpers import helper\n");
    let doc = selection(&repo, &["tests/helpers.py"]);
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_helped.py", "tests/test_plugins.py"])
    );
    let doc = selection(&repo, &["pytest.ini"]);
    assert_eq!(doc["decision"], "FULL");
    assert_eq!(doc["reason"], "pytest.ini is test framework configuration");
    let doc = selection(&repo, &["tests/unit/conftest.py"]);
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_plugins.py", "tests/unit"])
    );
}

#[test]
fn js_go_java_and_rust_follow_their_dependents() {
    let repo = TestRepo::new();
    repo.write("web/package.json", "{\"name\": \"web\"}\n")
        .write("web/src/util/index.ts", "export * from './math';\n")
        .write(
            "web/src/util/math.ts",
            "export const add = (a: number, b: number) => a + b;\n",
        )
        .write(
            "web/src/app.ts",
            "import { add } from './util';\nexport const two = add(1, 1);\n",
        )
        .write(
            "web/test/app.test.ts",
            "import { two } from '../src/app';\n",
        )
        .write("web/test/other.test.ts", "import x from 'lodash';\n")
        .write("svc/go.mod", "module example.com/svc\n\ngo 1.22\n")
        .write("svc/store/store.go", "package store\n")
        .write("svc/store/store_test.go", "package store\n")
        .write(
            "svc/api/api.go",
            "package api\n\nimport \"example.com/svc/store\"\n",
        )
        .write("svc/api/api_test.go", "package api\n")
        .write("svc/other/other_test.go", "package other\n")
        .write("jvm/pom.xml", "<project/>\n")
        .write(
            "jvm/src/main/java/com/a/Price.java",
            "package com.a;\npublic class Price {}\n",
        )
        .write(
            "jvm/src/main/java/com/b/Cart.java",
            "package com.b;\nimport com.a.Price;\npublic class Cart {}\n",
        )
        .write(
            "jvm/src/test/java/com/b/CartTest.java",
            "package com.b;\npublic class CartTest {}\n",
        )
        .write("jvm/src/test/java/com/c/OtherTest.java", "package com.c;\n")
        .write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n")
        .write("crates/core/Cargo.toml", "[package]\nname = \"core-x\"\n")
        .write("crates/core/src/lib.rs", "")
        .write(
            "crates/app/Cargo.toml",
            "[package]\nname = \"app-x\"\n\n[dependencies]\ncore-x = { path = \"../core\" }\n",
        )
        .write("crates/app/src/lib.rs", "")
        .write("crates/alone/Cargo.toml", "[package]\nname = \"alone\"\n")
        .write("crates/alone/src/lib.rs", "");
    let doc = selection(
        &repo,
        &[
            "web/src/util/math.ts",
            "svc/store/store.go",
            "jvm/src/main/java/com/a/Price.java",
            "crates/core/src/lib.rs",
        ],
    );
    assert_eq!(doc["decision"], "IMPACT", "{doc}");
    assert_eq!(
        doc["tests"],
        serde_json::json!([
            "jvm/src/test/java/com/b/CartTest.java",
            "svc/api/api_test.go",
            "svc/store/store_test.go",
            "web/test/app.test.ts",
        ])
    );
    assert_eq!(doc["crates"], serde_json::json!(["app-x", "core-x"]));
}

#[test]
fn regression_without_arguments_judges_the_work_tree_against_head() {
    let repo = TestRepo::new();
    python_project(&repo);
    repo.commit_all("chore: init");
    repo.write("src/calc/ops.py", "def add(a, b):\n    return b + a\n");
    let out = repo.pactkit(&["regression"]);
    assert_code(&out, 0);
    assert!(stdout(&out).starts_with("IMPACT"), "{}", render(&out));
    assert!(
        stdout(&out).contains("tests/test_ops.py"),
        "{}",
        render(&out)
    );
    let out = repo.pactkit(&["regression", "--staged"]);
    assert_eq!(
        stdout(&out).lines().next(),
        Some("SKIP — no changes"),
        "{}",
        render(&out)
    );
    // Staged changes are part of the work tree's difference from HEAD too; untracked
    // files are not (as `git diff HEAD`).
    repo.git(&["add", "src/calc/ops.py"]);
    repo.write("src/calc/new.py", "X = 1\n");
    let out = repo.pactkit(&["regression", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_ops.py"]),
        "{}",
        render(&out)
    );
    // A deleted module selects the tests that still import it.
    repo.git(&["commit", "-q", "-m", "x", "--no-verify"]);
    repo.git(&["rm", "-q", "src/calc/util.py"]);
    let out = repo.pactkit(&["regression", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(
        doc["tests"],
        serde_json::json!(["tests/test_uses_util.py"]),
        "{}",
        render(&out)
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_named_and_force_a_full_run() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::new();
    python_project(&repo);
    let odd = repo
        .path("tests")
        .join(std::ffi::OsStr::from_bytes(b"test_bad\xffname.py"));
    std::fs::write(&odd, "import calc.ops\n").expect("write");
    let out = repo.pactkit(&["test-map", "src/calc/ops.py"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains(
            "left out 1 file(s) whose names are not UTF-8: \"tests/test_bad\\xFFname.py\""
        ),
        "{}",
        render(&out)
    );
    let doc = selection(&repo, &["src/calc/ops.py"]);
    assert_eq!(doc["decision"], "FULL", "{doc}");
    assert!(
        doc["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("the name is not UTF-8"),
        "{doc}"
    );
    // Documentation changes do not care.
    assert_eq!(selection(&repo, &["README.md"])["decision"], "SKIP");
}
