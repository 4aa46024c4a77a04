//! The auto-fix fault matrix through real `git commit`s: fixers that fail the way real
//! tools fail (exit 1 after a half write, a signal directly or through `sh -c`, a deleted
//! file, garbage, a hang past `gates.lint.timeout`), pactkit interrupted mid-fix, an
//! `index.lock` in the way, the path-commit form and an unstaged mode change. For each,
//! the work tree, the index and HEAD are compared byte for byte with what the user had.

use crate::common::*;
use std::path::Path;
use std::process::{Output, Stdio};

/// Everything of the user's that a fix may touch: HEAD, the index entries with their
/// content, and the work-tree files with their modes.
#[derive(Debug, PartialEq, Eq)]
struct State {
    head: String,
    index: String,
    staged: Vec<(String, Vec<u8>)>,
    work: Vec<(String, Vec<u8>, bool)>,
}

fn state(repo: &TestRepo) -> State {
    let files = ["a.py", "b.py"];
    State {
        head: repo.git(&["rev-parse", "HEAD"]),
        index: repo.git(&["ls-files", "-s"]),
        staged: files
            .iter()
            .map(|f| {
                let out = repo.git_output(&["show", &format!(":{f}")]);
                ((*f).to_owned(), out.stdout)
            })
            .collect(),
        work: files
            .iter()
            .map(|f| {
                let path = repo.path(f);
                (
                    (*f).to_owned(),
                    std::fs::read(&path).unwrap_or_default(),
                    executable(&path),
                )
            })
            .collect(),
    }
}

#[cfg(unix)]
fn executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(_path: &Path) -> bool {
    false
}

/// a.py staged as `bad\n` (the check flags it), b.py staged as `fine\n`, with `fix` as
/// the python fixer and auto_fix on.
fn fixer_repo(fix: &str, extra: &str) -> TestRepo {
    fixer_repo_with(fix, extra, "")
}

/// [`fixer_repo`] with `python` more keys of `gates.lint.commands.python`.
fn fixer_repo_with(fix: &str, extra: &str, python: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        &format!(
            "hooks:\n  pre-commit: [lint]\n  commit-msg: []\nauto_fix: true\ngates:\n  lint:\n{extra}    commands:\n      python:\n        check: \"! grep -Hn bad {{files}}\"\n        fix: \"{fix}\"\n{python}"
        ),
    );
    repo.write("a.py", "ok\n");
    repo.write("b.py", "ok\n");
    repo.commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.write("a.py", "bad\n");
    repo.write("b.py", "fine\n");
    repo.git(&["add", "a.py", "b.py"]);
    repo
}

fn commit(repo: &TestRepo, extra: &[&str]) -> Output {
    repo.git_cmd()
        .args(["commit", "-q", "-m", "feat: change"])
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .expect("run git commit")
}

fn no_scratch_left(repo: &TestRepo) {
    let left: Vec<String> = std::fs::read_dir(repo.path(".git"))
        .expect("git dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("pactkit-lint-"))
        .collect();
    assert!(left.is_empty(), "scratch left: {left:?}");
}

/// Runs the commit with a fixer that fails and asserts that nothing changed and the
/// message names the failure.
fn assert_refused(fix: &str, extra: &str, expected: &[&str]) {
    let repo = fixer_repo(fix, extra);
    let before = state(&repo);
    let out = commit(&repo, &[]);
    let text = render(&out);
    assert_ne!(code(&out), 0, "{fix}: {text}");
    for needle in expected {
        assert!(
            text.contains(needle),
            "{fix}: missing {needle:?} in\n{text}"
        );
    }
    assert!(!text.contains("staged again"), "{fix}: {text}");
    assert_eq!(state(&repo), before, "{fix}: {text}");
    no_scratch_left(&repo);
}

#[test]
fn a_fixer_that_half_writes_and_exits_1_is_refused() {
    assert_refused(
        "printf ba > a.py; echo Traceback: boom >&2; exit 1 #{files}",
        "",
        &[
            "the fixer printf failed (exit status 1); restored 1 file(s)",
            "Traceback: boom",
        ],
    );
}

#[test]
fn a_fixer_killed_by_a_signal_is_refused_directly_or_through_sh() {
    assert_refused(
        "printf x > a.py; kill -SEGV $$ #{files}",
        "",
        &["killed by signal 11 (SIGSEGV)", "restored 1 file(s)"],
    );
    assert_refused(
        "sh -c 'printf x > a.py; kill -SEGV $$'; exit $? #{files}",
        "",
        &[
            "killed by signal 11 (SIGSEGV), exit status 139",
            "restored 1 file(s)",
        ],
    );
    assert_refused(
        ": > a.py; kill -KILL $$ #{files}",
        "",
        &["killed by signal 9 (SIGKILL)", "restored 1 file(s)"],
    );
}

#[test]
fn a_fixer_that_truncates_deletes_or_writes_garbage_is_refused() {
    assert_refused(
        ": > a.py; exit 1 #{files}",
        "",
        &["exit status 1", "restored 1 file(s)"],
    );
    assert_refused(
        "rm a.py #{files}",
        "",
        &["exit status 0, but a.py is gone", "restored 1 file(s)"],
    );
    assert_refused(
        "printf '\\\\377\\\\376garbage' > a.py; printf x > b.py; exit 2 #{files}",
        "",
        &["exit status 2", "restored 2 file(s)"],
    );
}

#[test]
fn a_fixer_that_hangs_past_the_timeout_is_killed_and_refused() {
    assert_refused(
        "printf x > a.py; sleep 30 #{files}",
        "    timeout: 1\n",
        &["timed out; its processes were killed", "restored 1 file(s)"],
    );
}

#[test]
fn a_fixer_that_exits_0_is_accepted_and_staged() {
    let repo = fixer_repo("sed -i s/bad/good/ {files}", "");
    let out = commit(&repo, &[]);
    assert_code(&out, 0);
    assert!(render(&out).contains("a.py: fixed by sed and staged again"));
    assert_eq!(repo.git(&["show", "HEAD:a.py"]), "good\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    no_scratch_left(&repo);
}

/// A configured fixer's "fixed, findings remain" status is accepted only when declared.
#[test]
fn a_declared_fix_ok_exit_status_is_accepted() {
    let fix = "sed -i s/bad/good/ {files}; exit 1";
    let repo = fixer_repo_with(fix, "", "        fix_ok_exit: [1]\n");
    let out = commit(&repo, &[]);
    assert_code(&out, 0);
    assert!(render(&out).contains("a.py: fixed by sed and staged again"));
    assert_eq!(repo.git(&["show", "HEAD:a.py"]), "good\n");
    assert_refused(fix, "", &["the fixer sed failed (exit status 1)"]);
}

/// `kill -TERM` of pactkit while the fixer runs: files restored, pactkit dies of the
/// signal, the commit does not happen.
#[cfg(unix)]
#[test]
fn pactkit_terminated_mid_fix_restores_and_ends_with_the_signal() {
    use std::os::unix::process::ExitStatusExt;
    for signal in ["TERM", "INT"] {
        let repo = fixer_repo(
            &format!("sed -i s/bad/garbled/ {{files}}; kill -{signal} $PPID; sleep 5"),
            "",
        );
        let before = state(&repo);
        let out = repo.pactkit(&["lint", "--fix"]);
        let expected = if signal == "TERM" { 15 } else { 2 };
        assert_eq!(out.status.signal(), Some(expected), "{}", render(&out));
        assert_eq!(state(&repo), before);
        no_scratch_left(&repo);
    }
}

/// An `index.lock` held by someone else makes the re-staging fail: the fix is undone.
#[test]
fn an_index_lock_in_the_way_undoes_the_fix() {
    let repo = fixer_repo("sed -i s/bad/good/ {files}; touch .git/index.lock", "");
    let before = state(&repo);
    let out = repo.pactkit(&["lint", "--fix"]);
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("cannot stage the fixed files again"),
        "{text}"
    );
    std::fs::remove_file(repo.path(".git/index.lock")).expect("remove lock");
    assert_eq!(state(&repo), before, "{text}");
    no_scratch_left(&repo);
}

/// The built-in ruff path (a stdin-to-stdout fixer) with a ruff that prints half of its
/// input and then crashes inside a wrapper (`sh -c` reports 139), or prints nothing and
/// exits 0: the half output is never written, the commit does not happen.
#[cfg(unix)]
#[test]
fn a_crashing_stdin_fixer_through_the_ruff_path_changes_nothing() {
    for (body, expected) in [
        (
            "head -c 6; sh -c 'kill -SEGV $$'; exit $?",
            "killed by signal 11 (SIGSEGV), exit status 139",
        ),
        ("cat > /dev/null; exit 0", "but it printed nothing for a.py"),
    ] {
        let repo = TestRepo::new();
        repo.write(
            "pactkit.yaml",
            "hooks:\n  pre-commit: [lint]\n  commit-msg: []\nauto_fix: true\n",
        );
        repo.write("a.py", "import os\n");
        repo.write("b.py", "import os\n");
        repo.commit_all("chore: initial commit");
        assert_code(&repo.pactkit(&["hooks", "install"]), 0);
        let bin = repo.temp().join("fake-bin");
        std::fs::create_dir_all(&bin).expect("bin dir");
        let script = bin.join("ruff");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n# A fake ruff: checks pass, the fixer fails.\ncase \" $* \" in\n  *\" --fix \"*) {body} ;;\n  *) exit 0 ;;\nesac\n"
            ),
        )
        .expect("write fake ruff");
        make_executable(&script);
        repo.write("a.py", "import os\nimport sys\n");
        repo.git(&["add", "a.py"]);
        let before = state(&repo);
        let mut path = std::ffi::OsString::from(&bin);
        path.push(":");
        path.push(outer_path());
        let out = repo
            .git_cmd()
            .env("PATH", path)
            .args(["commit", "-q", "-m", "feat: change"])
            .stdin(Stdio::null())
            .output()
            .expect("run git commit");
        let text = render(&out);
        assert_ne!(code(&out), 0, "{text}");
        assert!(text.contains("the fixer ruff failed"), "{text}");
        assert!(text.contains(expected), "{text}");
        assert_eq!(state(&repo), before, "{text}");
        no_scratch_left(&repo);
    }
}

/// `git commit <path>` and `--only` give the hook a temporary index; the fix must reach
/// the real index too, or the next commit silently reverts it.
#[test]
fn the_path_commit_form_keeps_the_fix_in_the_real_index() {
    for form in [&["a.py"][..], &["--only", "a.py"][..]] {
        let repo = fixer_repo("sed -i s/bad/good/ {files}", "");
        let out = commit(&repo, form);
        assert_code(&out, 0);
        assert_eq!(repo.git(&["show", "HEAD:a.py"]), "good\n", "{form:?}");
        assert_eq!(repo.git(&["show", ":a.py"]), "good\n", "{form:?}");
        assert_eq!(repo.read("a.py"), "good\n", "{form:?}");
        // b.py stays staged as it was, a.py has nothing left to commit.
        assert_eq!(
            repo.git(&["status", "--porcelain"]),
            "M  b.py\n",
            "{form:?}"
        );
        no_scratch_left(&repo);
    }
}

/// A `chmod +x` made after `git add` is not staged by the re-staging.
#[cfg(unix)]
#[test]
fn an_unstaged_mode_change_is_not_staged_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let repo = fixer_repo("sed -i s/bad/good/ {files}", "");
    std::fs::set_permissions(repo.path("a.py"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    let out = commit(&repo, &[]);
    assert_code(&out, 0);
    assert_eq!(repo.git(&["show", "HEAD:a.py"]), "good\n");
    assert!(
        repo.git(&["ls-tree", "HEAD", "a.py"])
            .starts_with("100644 "),
        "{}",
        repo.git(&["ls-tree", "HEAD", "a.py"])
    );
    assert!(repo.git(&["ls-files", "-s", "a.py"]).starts_with("100644 "));
    assert!(executable(&repo.path("a.py")));
    assert_eq!(repo.git(&["status", "--porcelain"]), " M a.py\n");
}

/// A stdin formatter whose output passes pactkit's 64 MiB cap: the cut output is neither
/// written over the file (`--fix`) nor compared with it (a check would call the file
/// unformatted); both name the cap, and the file stays as it was.
#[cfg(unix)]
#[test]
fn a_formatter_output_past_the_cap_is_neither_written_nor_judged() {
    let repo = TestRepo::new();
    repo.write("go.mod", "module example.com/x\n");
    repo.write("a.go", "package a\n");
    repo.commit_all("chore: initial commit");
    let bin = repo.temp().join("fake-bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let script = bin.join("gofmt");
    // 64 MiB + 6 bytes.
    std::fs::write(
        &script,
        "#!/bin/sh\ncat > /dev/null\nhead -c 67108870 /dev/zero | tr '\\0' x\n",
    )
    .expect("write fake gofmt");
    make_executable(&script);
    repo.write("a.go", "package a\n\nfunc A() {}\n");
    let mut path = std::ffi::OsString::from(&bin);
    path.push(":");
    path.push(outer_path());
    for args in [&["lint", "--fix", "a.go"][..], &["lint", "a.go"][..]] {
        let out = repo
            .pactkit_cmd()
            .env("PATH", &path)
            .args(args)
            .output()
            .expect("run pactkit");
        let text = render(&out);
        assert_ne!(code(&out), 0, "{args:?}: {text}");
        assert!(
            text.contains("but it printed more than 67108864 bytes"),
            "{args:?}: {text}"
        );
        assert!(!text.contains("not formatted"), "{args:?}: {text}");
        assert_eq!(repo.read("a.go"), "package a\n\nfunc A() {}\n", "{args:?}");
    }
}
