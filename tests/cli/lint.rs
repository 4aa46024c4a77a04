//! `pactkit lint` and the `lint` gate through real `git commit`s: staged content is what
//! is judged, auto_fix rewrites only fully staged files and stages them again, partially
//! staged files survive byte for byte, `lint_blocking` decides, a missing linter is named,
//! and a crashing or interrupted fixer leaves every file as it was.
//!
//! rustfmt tests always run (the Rust toolchain is there); ruff tests are skipped, and
//! listed by name at the end of the run, when `ruff --version` fails (`common::tools`;
//! CI installs ruff and fails without it).

use crate::common::*;
use std::ffi::OsString;
use std::process::{Command, Output, Stdio};

/// The environment rustup's `rustfmt` proxy needs, taken from the test process.
fn toolchain_env(cmd: &mut Command) -> &mut Command {
    #[expect(
        clippy::disallowed_methods,
        reason = "tests pass the outer toolchain through"
    )]
    let var = |name: &str| std::env::var_os(name);
    let home = var("HOME").map(std::path::PathBuf::from);
    let rustup_home =
        var("RUSTUP_HOME").or_else(|| home.as_ref().map(|h| h.join(".rustup").into_os_string()));
    if let Some(value) = rustup_home {
        cmd.env("RUSTUP_HOME", value);
    }
    let cargo_home =
        var("CARGO_HOME").or_else(|| home.as_ref().map(|h| h.join(".cargo").into_os_string()));
    if let Some(value) = cargo_home {
        cmd.env("CARGO_HOME", value);
    }
    if let Some(value) = var("RUSTUP_TOOLCHAIN") {
        cmd.env("RUSTUP_TOOLCHAIN", value);
    }
    cmd
}

fn commit(repo: &TestRepo, message: &str) -> Output {
    let mut cmd = repo.git_cmd();
    toolchain_env(&mut cmd)
        .args(["commit", "-q", "-m", message])
        .stdin(Stdio::null())
        .output()
        .expect("run git commit")
}

fn pactkit(repo: &TestRepo, args: &[&str]) -> Output {
    let mut cmd = repo.pactkit_cmd();
    toolchain_env(&mut cmd)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run pactkit")
}

/// A repository whose pre-commit hook runs only the lint gate (unless `settings` has its
/// own `hooks:`), with `settings` in pactkit.yaml, the shims installed and one commit.
fn lint_repo(settings: &str, files: &[(&str, &str)]) -> TestRepo {
    let repo = TestRepo::new();
    let hooks = if settings.contains("hooks:") {
        ""
    } else {
        "hooks:\n  pre-commit: [lint]\n  commit-msg: []\n"
    };
    repo.write("pactkit.yaml", &format!("{hooks}{settings}"));
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn staged(repo: &TestRepo, path: &str) -> String {
    repo.git(&["show", &format!(":{path}")])
}

fn committed(repo: &TestRepo, path: &str) -> String {
    repo.git(&["show", &format!("HEAD:{path}")])
}

fn commits(repo: &TestRepo) -> String {
    repo.git(&["rev-list", "--count", "HEAD"]).trim().to_owned()
}

fn ruff_available() -> bool {
    tools::require(&tools::RUFF)
}

const RS_CLEAN: &str = "pub fn one() -> u32 {\n    1\n}\n";
/// Staged half: an unformatted function rustfmt rewrites.
const RS_STAGED: &str = "pub fn one() -> u32 {\n    1\n}\n\npub fn two()->u32{2}\n";
/// Unstaged half on top: another unformatted function.
const RS_WORK: &str =
    "pub fn one() -> u32 {\n    1\n}\n\npub fn two()->u32{2}\n\npub fn three()->u32{3}\n";
const RS_FORMATTED_TWO: &str =
    "pub fn one() -> u32 {\n    1\n}\n\npub fn two() -> u32 {\n    2\n}\n";

#[test]
fn auto_fix_keeps_a_partially_staged_file_exactly_and_fixes_a_fully_staged_one() {
    let repo = lint_repo(
        "auto_fix: true\nlint_blocking: false\n",
        &[("src/lib.rs", RS_CLEAN), ("src/other.rs", RS_CLEAN)],
    );
    repo.write("src/lib.rs", RS_STAGED);
    repo.git(&["add", "src/lib.rs"]);
    repo.write("src/lib.rs", RS_WORK);
    repo.write("src/other.rs", "pub fn other()->u32{7}\n");
    repo.git(&["add", "src/other.rs"]);

    let out = commit(&repo, "feat: two");
    assert_code(&out, 0);
    let text = render(&out);
    assert!(text.contains("partially staged: not auto-fixed"), "{text}");
    assert!(text.contains("src/lib.rs"), "{text}");
    assert!(text.contains("fixed by rustfmt and staged again"), "{text}");
    // The partially staged file: staged half committed as staged, unstaged half untouched.
    assert_eq!(committed(&repo, "src/lib.rs"), RS_STAGED);
    assert_eq!(repo.read("src/lib.rs"), RS_WORK);
    // The fully staged file: fixed in the work tree and in the commit.
    let formatted = "pub fn other() -> u32 {\n    7\n}\n";
    assert_eq!(committed(&repo, "src/other.rs"), formatted);
    assert_eq!(repo.read("src/other.rs"), formatted);
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        " M src/lib.rs\n",
        "only the unstaged half remains"
    );
}

#[test]
fn a_blocked_partially_staged_file_leaves_index_and_work_tree_alone() {
    let repo = lint_repo(
        "auto_fix: true\nlint_blocking: true\n",
        &[("src/lib.rs", RS_CLEAN)],
    );
    repo.write("src/lib.rs", RS_STAGED);
    repo.git(&["add", "src/lib.rs"]);
    repo.write("src/lib.rs", RS_WORK);

    let out = commit(&repo, "feat: two");
    assert_ne!(code(&out), 0, "{}", render(&out));
    let text = render(&out);
    assert!(
        text.contains("error[rustfmt] src/lib.rs:5: not formatted"),
        "{text}"
    );
    assert_eq!(commits(&repo), "1");
    assert_eq!(staged(&repo, "src/lib.rs"), RS_STAGED);
    assert_eq!(repo.read("src/lib.rs"), RS_WORK);
}

#[test]
fn lint_blocking_decides_whether_rustfmt_findings_block() {
    for (blocking, expect_commit) in [(true, false), (false, true)] {
        let repo = lint_repo(
            &format!("lint_blocking: {blocking}\n"),
            &[("src/lib.rs", RS_CLEAN)],
        );
        repo.write("src/lib.rs", RS_STAGED);
        repo.git(&["add", "src/lib.rs"]);
        let out = commit(&repo, "feat: two");
        let text = render(&out);
        if expect_commit {
            assert_code(&out, 0);
            assert!(text.contains("warning[rustfmt] src/lib.rs:5"), "{text}");
            assert_eq!(commits(&repo), "2");
        } else {
            assert_ne!(code(&out), 0, "{text}");
            assert!(text.contains("error[rustfmt] src/lib.rs:5"), "{text}");
            assert_eq!(commits(&repo), "1");
        }
        // Without auto_fix nothing is rewritten.
        assert_eq!(repo.read("src/lib.rs"), RS_STAGED);
    }
}

#[test]
fn the_staged_content_is_judged_not_the_work_tree() {
    let repo = lint_repo("lint_blocking: true\n", &[("src/lib.rs", RS_CLEAN)]);
    // Formatted staged content, unformatted work tree: passes.
    repo.write("src/lib.rs", RS_FORMATTED_TWO);
    repo.git(&["add", "src/lib.rs"]);
    repo.write("src/lib.rs", RS_WORK);
    let out = commit(&repo, "feat: two");
    assert_code(&out, 0);
    assert_eq!(repo.read("src/lib.rs"), RS_WORK);
}

#[test]
fn pactkit_lint_fix_fixes_and_restages_fully_staged_files() {
    let repo = lint_repo("", &[("src/lib.rs", RS_CLEAN)]);
    repo.write("src/lib.rs", RS_STAGED);
    repo.git(&["add", "src/lib.rs"]);
    let out = pactkit(&repo, &["lint"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("src/lib.rs:5: [rustfmt] not formatted"),
        "{}",
        render(&out)
    );
    assert!(
        render(&out).contains("Lint errors found"),
        "{}",
        render(&out)
    );

    let out = pactkit(&repo, &["lint", "--fix"]);
    assert_code(&out, 0);
    assert!(
        render(&out).contains("src/lib.rs: fixed by rustfmt"),
        "{}",
        render(&out)
    );
    assert!(render(&out).contains("Lint passed"), "{}", render(&out));
    assert_eq!(staged(&repo, "src/lib.rs"), RS_FORMATTED_TWO);
    assert_eq!(repo.read("src/lib.rs"), RS_FORMATTED_TWO);
}

#[test]
fn a_missing_linter_is_named_with_the_install_command() {
    let repo = lint_repo("lint_blocking: true\n", &[("src/lib.rs", RS_CLEAN)]);
    repo.write("src/lib.rs", RS_STAGED);
    repo.git(&["add", "src/lib.rs"]);
    let empty = repo.temp().join("empty-bin");
    std::fs::create_dir_all(&empty).expect("dir");
    let out = repo
        .pactkit_cmd()
        .env("PATH", &empty)
        .args(["check", "--staged", "--gate", "lint"])
        .output()
        .expect("run");
    let text = render(&out);
    assert_code(&out, 1);
    assert!(
        text.contains("rustfmt not found on PATH: rustup component add rustfmt, or set gates.lint.commands.rust"),
        "{text}"
    );
    let out = repo
        .pactkit_cmd()
        .env("PATH", &empty)
        .args(["lint"])
        .output()
        .expect("run");
    assert_code(&out, 3);
    assert!(
        render(&out).contains("rustfmt not found on PATH"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_configured_command_that_is_missing_is_named() {
    let repo = lint_repo(
        "gates:\n  lint:\n    commands:\n      python:\n        check: \"no-such-linter --strict {files}\"\nhooks:\n  on_gate_error: warn\n  pre-commit: [lint]\n  commit-msg: []\n",
        &[],
    );
    repo.write("app.py", "print(1)\n");
    repo.git(&["add", "app.py"]);
    let out = commit(&repo, "feat: app");
    let text = render(&out);
    assert_code(&out, 0);
    assert!(
        text.contains("no-such-linter not found on PATH: 1 python file(s) not linted")
            && text.contains("install no-such-linter, or set gates.lint.commands.python"),
        "{text}"
    );
}

/// A files-mode command (`{files}`) judges a staged copy of a partially staged file.
#[test]
fn configured_commands_lint_staged_copies() {
    let repo = lint_repo(
        "lint_blocking: true\ngates:\n  lint:\n    commands:\n      python:\n        check: \"! grep -Hn FORBIDDEN {files}\"\n",
        &[("pkg/app.py", "x = 1\n")],
    );
    // Staged content is fine, the work tree is not: passes.
    repo.write("pkg/app.py", "x = 2\n");
    repo.git(&["add", "pkg/app.py"]);
    repo.write("pkg/app.py", "x = 2\nFORBIDDEN\n");
    assert_code(&commit(&repo, "feat: two"), 0);
    // Staged content is not fine, the work tree is: blocked, with the real path.
    repo.write("pkg/app.py", "x = 3\nFORBIDDEN\n");
    repo.git(&["add", "pkg/app.py"]);
    repo.write("pkg/app.py", "x = 3\n");
    let out = commit(&repo, "feat: three");
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("error[grep] pkg/app.py:2: FORBIDDEN"),
        "{text}"
    );
    assert!(
        !text.contains("pactkit-lint-"),
        "scratch paths are hidden: {text}"
    );
    assert_eq!(repo.read("pkg/app.py"), "x = 3\n");
    assert_eq!(staged(&repo, "pkg/app.py"), "x = 3\nFORBIDDEN\n");
    let leftovers: Vec<OsString> = std::fs::read_dir(repo.path(".git"))
        .expect("git dir")
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| n.to_string_lossy().starts_with("pactkit-lint-"))
        .collect();
    assert!(leftovers.is_empty(), "scratch removed: {leftovers:?}");
}

/// A staged copy is linted beside the project's root configuration, every ESLint name
/// included (`eslint.config.mts` was missing from the mirrored names).
#[test]
fn a_staged_copy_sees_every_root_eslint_config() {
    let repo = lint_repo(
        "lint_blocking: true\ngates:\n  lint:\n    commands:\n      node:\n        check: \"test -f eslint.config.mts || { echo {files}:1: no eslint config beside the copy; exit 1; }\"\n",
        &[
            ("eslint.config.mts", "export default [];\n"),
            ("web/app.js", "let x = 1;\n"),
        ],
    );
    repo.write("web/app.js", "let x = 2;\n");
    repo.git(&["add", "web/app.js"]);
    repo.write("web/app.js", "let x = 2;\nlet y = 3;\n");
    let out = commit(&repo, "feat: two");
    assert_code(&out, 0);
    assert!(
        !render(&out).contains("no eslint config"),
        "{}",
        render(&out)
    );
}

fn fixer_repo(fix: &str) -> TestRepo {
    let repo = lint_repo(
        &format!(
            "auto_fix: true\ngates:\n  lint:\n    commands:\n      python:\n        check: \"! grep -Hn bad {{files}}\"\n        fix: \"{fix}\"\n"
        ),
        &[("a.py", "ok\n"), ("b.py", "ok\n")],
    );
    repo.write("a.py", "bad\n");
    repo.write("b.py", "fine\n");
    repo.git(&["add", "a.py", "b.py"]);
    repo
}

#[test]
fn an_in_place_fixer_restages_only_the_files_it_changed() {
    let repo = fixer_repo("sed -i s/bad/good/ {files}");
    let out = commit(&repo, "feat: fix");
    assert_code(&out, 0);
    assert!(
        render(&out).contains("a.py: fixed by sed and staged again"),
        "{}",
        render(&out)
    );
    assert!(!render(&out).contains("b.py: fixed"), "{}", render(&out));
    assert_eq!(committed(&repo, "a.py"), "good\n");
    assert_eq!(repo.read("a.py"), "good\n");
    assert_eq!(committed(&repo, "b.py"), "fine\n");
}

#[test]
fn a_crashing_fixer_restores_every_file() {
    let repo = fixer_repo("sed -i s/bad/garbled/ {files} && kill -9 $$");
    let out = commit(&repo, "feat: fix");
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("the fixer sed failed (killed by signal 9 (SIGKILL)); restored 1 file(s)"),
        "{text}"
    );
    assert_eq!(repo.read("a.py"), "bad\n");
    assert_eq!(staged(&repo, "a.py"), "bad\n");
    assert_eq!(repo.read("b.py"), "fine\n");
    assert_eq!(commits(&repo), "1");
}

/// Ctrl-C while the fixer runs: pactkit waits for it, restores the files, and dies of
/// the signal itself. The fixer signals its parent (pactkit) after rewriting the file.
#[cfg(unix)]
#[test]
fn an_interrupted_fix_restores_the_files_and_ends_with_the_signal() {
    use std::os::unix::process::ExitStatusExt;
    let repo = fixer_repo("sed -i s/bad/garbled/ {files}; kill -INT $PPID; sleep 5");
    let out = pactkit(&repo, &["lint", "--fix"]);
    assert_eq!(out.status.signal(), Some(2), "{}", render(&out));
    assert_eq!(repo.read("a.py"), "bad\n");
    assert_eq!(staged(&repo, "a.py"), "bad\n");
}

// ---------------------------------------------------------------- ruff

const PY_CLEAN: &str = "import os\n\nprint(os.name)\n";
/// Staged half: an unused import ruff --fix removes.
const PY_STAGED: &str = "import os\nimport sys\n\nprint(os.name)\n";
/// Unstaged half on top: another unused import.
const PY_WORK: &str = "import os\nimport sys\nimport json\n\nprint(os.name)\n";

#[test]
fn ruff_auto_fix_keeps_partially_staged_python_and_fixes_fully_staged_python() {
    if !ruff_available() {
        return;
    }
    let repo = lint_repo(
        "auto_fix: true\nlint_blocking: false\n",
        &[("app.py", PY_CLEAN), ("tool.py", PY_CLEAN)],
    );
    repo.write("app.py", PY_STAGED);
    repo.git(&["add", "app.py"]);
    repo.write("app.py", PY_WORK);
    repo.write("tool.py", PY_STAGED);
    repo.git(&["add", "tool.py"]);

    let out = commit(&repo, "feat: imports");
    assert_code(&out, 0);
    let text = render(&out);
    assert!(
        text.contains("app.py: partially staged: not auto-fixed"),
        "{text}"
    );
    assert!(text.contains("warning[ruff] app.py:2: F401"), "{text}");
    assert!(
        text.contains("tool.py: fixed by ruff and staged again"),
        "{text}"
    );
    assert_eq!(committed(&repo, "app.py"), PY_STAGED);
    assert_eq!(repo.read("app.py"), PY_WORK);
    assert_eq!(committed(&repo, "tool.py"), PY_CLEAN);
    assert_eq!(repo.read("tool.py"), PY_CLEAN);
}

#[test]
fn ruff_errors_block_only_with_lint_blocking() {
    if !ruff_available() {
        return;
    }
    for (blocking, expect_commit) in [(true, false), (false, true)] {
        let repo = lint_repo(
            &format!("lint_blocking: {blocking}\n"),
            &[("app.py", PY_CLEAN)],
        );
        repo.write("app.py", "print(undefined_name)\n");
        repo.git(&["add", "app.py"]);
        let out = commit(&repo, "feat: app");
        let text = render(&out);
        assert!(text.contains("app.py:1: F821"), "{text}");
        if expect_commit {
            assert_code(&out, 0);
            assert_eq!(commits(&repo), "2");
        } else {
            assert_ne!(code(&out), 0, "{text}");
            assert_eq!(commits(&repo), "1");
        }
    }
}

/// `git commit -a` hands the hook a temporary index (`GIT_INDEX_FILE`): the fix must be
/// staged there, or the commit would carry the unfixed content.
#[test]
fn auto_fix_stages_into_the_index_git_gave_the_hook() {
    let repo = lint_repo("auto_fix: true\n", &[("src/lib.rs", RS_CLEAN)]);
    repo.write("src/lib.rs", RS_STAGED);
    let mut cmd = repo.git_cmd();
    let out = toolchain_env(&mut cmd)
        .args(["commit", "-q", "-a", "-m", "feat: two"])
        .stdin(Stdio::null())
        .output()
        .expect("run git commit");
    assert_code(&out, 0);
    assert_eq!(committed(&repo, "src/lib.rs"), RS_FORMATTED_TWO);
    assert_eq!(repo.read("src/lib.rs"), RS_FORMATTED_TWO);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn pactkit_lint_with_files_fixes_the_work_tree_and_leaves_the_index() {
    let repo = lint_repo("lint_blocking: true\n", &[("src/lib.rs", RS_CLEAN)]);
    repo.write("src/lib.rs", RS_STAGED);
    let out = pactkit(&repo, &["lint", "src/lib.rs"]);
    assert_code(&out, 1);
    assert!(
        render(&out).contains("Lint errors found"),
        "{}",
        render(&out)
    );
    let out = pactkit(&repo, &["lint", "--fix", "src/lib.rs"]);
    assert_code(&out, 0);
    assert_eq!(repo.read("src/lib.rs"), RS_FORMATTED_TWO);
    assert_eq!(staged(&repo, "src/lib.rs"), RS_CLEAN);
    let out = pactkit(&repo, &["lint", "no/such.rs"]);
    assert_code(&out, 2);
    assert!(
        render(&out).contains("cannot read no/such.rs"),
        "{}",
        render(&out)
    );
}

/// In CI the commit's content is judged, whatever the work tree holds; nothing is fixed.
#[test]
fn check_over_a_range_judges_the_committed_content() {
    let repo = lint_repo(
        "lint_blocking: true\nauto_fix: true\n",
        &[("src/lib.rs", RS_CLEAN)],
    );
    repo.write("src/lib.rs", RS_STAGED);
    repo.git(&["commit", "-q", "-a", "--no-verify", "-m", "feat: two"]);
    repo.write("src/lib.rs", RS_FORMATTED_TWO);
    let out = pactkit(
        &repo,
        &[
            "check",
            "--from-ref",
            "HEAD~1",
            "--to-ref",
            "HEAD",
            "--gate",
            "lint",
        ],
    );
    assert_code(&out, 1);
    assert!(
        render(&out)
            .contains("error[rustfmt] src/lib.rs:5: not formatted as rustfmt would format it"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read("src/lib.rs"), RS_FORMATTED_TWO);
    assert_eq!(committed(&repo, "src/lib.rs"), RS_STAGED);
}

/// With the default `lint_blocking: false` a linter that is not installed does not block:
/// the files are left unlinted with a warning that says how to install it. Where the user
/// asked for blocking (`lint_blocking: true`, `gates.lint.required`) it still blocks.
#[test]
fn a_missing_ruff_warns_unless_lint_blocks() {
    let commit_without_ruff = |repo: &TestRepo, message: &str| {
        repo.write("app.py", &format!("import os\nprint('{message}')\n"));
        repo.git(&["add", "app.py"]);
        let mut cmd = repo.git_cmd();
        cmd.env("PATH", path_without("ruff"))
            .args(["commit", "-q", "-m", message])
            .stdin(Stdio::null())
            .output()
            .expect("run git commit")
    };
    let repo = lint_repo("", &[]);
    let out = commit_without_ruff(&repo, "feat: app");
    assert_code(&out, 0);
    let text = render(&out);
    assert!(
        text.contains("ruff not found on PATH: 1 python file(s) not linted")
            && text.contains("pip install ruff"),
        "{text}"
    );
    assert_eq!(commits(&repo), "2");

    for settings in [
        "lint_blocking: true\n",
        "gates:\n  lint:\n    required: true\n",
    ] {
        let repo = lint_repo(settings, &[]);
        let out = commit_without_ruff(&repo, "feat: app");
        assert_ne!(code(&out), 0, "{settings}: {}", render(&out));
        assert!(render(&out).contains("could not run"), "{}", render(&out));
        assert_eq!(commits(&repo), "1");
    }
}

/// Writes `contents` at a file name with a byte that is not UTF-8 and stages it.
fn stage_non_utf8(repo: &TestRepo, name: &[u8], contents: &str) {
    use std::os::unix::ffi::OsStrExt;
    let path = repo.root().join(std::ffi::OsStr::from_bytes(name));
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
    std::fs::write(path, contents).expect("write");
    repo.git(&["add", "-A"]);
}

/// A file whose name is not UTF-8 is linted (from a copy of its staged content, under its
/// escaped name), so its findings count as any other file's.
#[test]
fn files_whose_names_are_not_utf8_are_linted() {
    let repo = lint_repo("lint_blocking: true\nauto_fix: true\n", &[]);
    stage_non_utf8(&repo, b"src/bad\xffname.rs", RS_STAGED);
    let out = commit(&repo, "feat: two");
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("error[rustfmt] src/bad\\xffname.rs:5"),
        "{text}"
    );
    assert!(text.contains("its name is not UTF-8"), "{text}");
    assert_eq!(commits(&repo), "1");

    if !ruff_available() {
        return;
    }
    let repo = lint_repo("lint_blocking: true\n", &[]);
    stage_non_utf8(&repo, b"bad\xffname.py", "import os\n");
    let out = commit(&repo, "feat: app");
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("bad\\xffname.py:1") && text.contains("F401"),
        "{text}"
    );
}
