//! No gate blocks on content it misreads: a mode-only change, a pure rename, a file whose
//! name is not UTF-8 and a merge, each committed through pactkit's shims with every gate
//! that reads files (spec, secrets, lint, regression) strict.

use crate::common::*;
use std::process::Output;

/// Lint blocks (rustfmt; Python linting is off so no outside tool is needed), regression
/// runs a "runner" that fails on a test path that does not exist, as pytest does, and test
/// changes need a trailer. STORY-001 is In Progress on the branch, STORY-002 Done.
const CONFIG: &str = "lint_blocking: true
hooks:
  pre-commit: [spec, secrets, lint, regression]
  commit-msg: [commit-msg, spec, regression]
  pre-push: []
gates:
  lint:
    commands:
      python: {check: \"\"}
  regression:
    protect_tests: block
    command: 'echo \"{tests}\" > .git/regression-ran; for t in {tests}; do test -e \"$t\" || { echo \"no such test: $t\"; exit 1; }; done'
";

/// Unformatted: rustfmt would rewrite it, so linting it blocks.
const UNFORMATTED: &str = "pub fn one()->u32{1}\n";

fn strict_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", CONFIG)
        .write("docs/specs/STORY-001.md", &spec("STORY-001", "In Progress"))
        .write("docs/specs/STORY-002.md", &spec("STORY-002", "Done"))
        .write("src/lib.rs", UNFORMATTED)
        .write("tests/test_calc.py", "def test_one():\n    assert 1 == 1\n")
        .write("notes.md", "notes\n")
        .commit_all("chore: initial commit");
    repo.git(&["checkout", "-q", "-b", "feature/STORY-001-calc"]);
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn commit(repo: &TestRepo, message: &str) -> Output {
    repo.git_output(&["commit", "-q", "-m", message])
}

fn chmod_x(repo: &TestRepo, rel: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(repo.path(rel), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    repo.git(&["add", rel]);
}

#[test]
fn a_mode_only_change_is_no_edit() {
    let repo = strict_repo();
    // Of a Done (frozen) spec, of an unformatted source, of an existing test.
    chmod_x(&repo, "docs/specs/STORY-002.md");
    chmod_x(&repo, "src/lib.rs");
    chmod_x(&repo, "tests/test_calc.py");
    let out = commit(&repo, "chore: make files executable");
    assert_code(&out, 0);
}

#[test]
fn a_pure_rename_adds_no_content() {
    let repo = strict_repo();
    repo.git(&["mv", "src/lib.rs", "src/core.rs"]);
    let out = commit(&repo, "refactor: rename the module");
    assert_code(&out, 0);
    // The same file with a change is judged: still unformatted, so lint blocks.
    repo.git(&["mv", "src/core.rs", "src/calc.rs"]);
    repo.write(
        "src/calc.rs",
        &format!("{UNFORMATTED}pub fn two()->u32{{2}}\n"),
    );
    repo.git(&["add", "src/calc.rs"]);
    let out = commit(&repo, "feat: two");
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(render(&out).contains("rustfmt"), "{}", render(&out));
}

/// The runner cannot be given the new test by name, and leaving it out would pass it
/// unrun: the whole suite runs (`{tests}` empty).
#[test]
fn a_test_whose_name_is_not_utf8_runs_with_the_whole_suite() {
    use std::os::unix::ffi::OsStrExt;
    let repo = strict_repo();
    let name = std::ffi::OsStr::from_bytes(b"tests/test_caf\xe9.py");
    std::fs::write(
        repo.root().join(name),
        "def test_cafe():\n    assert True\n",
    )
    .expect("write");
    repo.git(&["add", "-A"]);
    let out = commit(&repo, "test: the cafe");
    assert_code(&out, 0);
    let ran = std::fs::read_to_string(repo.path(".git/regression-ran")).unwrap_or_default();
    assert_eq!(ran, "\n", "the whole suite ran: {}", render(&out));
}

/// A merge whose conflict is resolved runs pre-commit on what it adds: the branch's
/// unformatted file (committed past the hooks) is not the merge's to judge.
#[test]
fn a_conflicted_merge_is_judged_on_its_resolution() {
    let repo = strict_repo();
    repo.write("src/extra.rs", UNFORMATTED)
        .write("notes.md", "branch\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "feat: extra"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("notes.md", "main\n");
    repo.git(&["add", "notes.md"]);
    assert_code(&commit(&repo, "docs: main's notes"), 0);
    let out = repo.git_output(&["merge", "--no-ff", "feature/STORY-001-calc"]);
    assert_ne!(code(&out), 0, "the merge conflicts: {}", render(&out));
    repo.write("notes.md", "main and branch\n");
    repo.git(&["add", "notes.md"]);
    let out = repo.git_output(&["commit", "-q", "--no-edit"]);
    assert_code(&out, 0);
}
