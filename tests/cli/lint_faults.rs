//! The auto-fix fault matrix through real `git commit`s: fixers that fail the way real
//! tools fail (exit 1 after a half write, a signal directly or through `sh -c`, a deleted
//! file, garbage, a hang past `gates.lint.timeout`), pactkit interrupted mid-fix (SIGTERM,
//! SIGINT; SIGKILL, whose leftover backup the next commit, doctor and `lint --recover`
//! handle), an `index.lock` in the way, the path-commit form and an unstaged mode change.
//! For each, the work tree, the index and HEAD are compared byte for byte with what the
//! user had.

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
        assert!(
            stderr(&out).contains(&format!("stopped by SIG{signal} while a linter ran")),
            "{}",
            render(&out)
        );
        assert_eq!(state(&repo), before);
        no_scratch_left(&repo);
    }
}

/// The same signal inside the pre-commit hook: the lint gate reports the run as
/// interrupted (no later gate runs), the report is printed, and only then does pactkit end
/// by the signal, so git sees the hook killed and makes no commit.
#[test]
fn a_signal_during_the_hooks_fix_is_reported_as_interrupted_then_ends_the_hook() {
    use std::os::unix::process::ExitStatusExt;
    let repo = fixer_repo(
        "sed -i s/bad/garbled/ {files}; kill -TERM $PPID; sleep 5",
        "",
    );
    let before = state(&repo);
    let out = repo.pactkit(&["hooks", "run", "pre-commit"]);
    let text = render(&out);
    assert_eq!(out.status.signal(), Some(15), "{text}");
    assert!(
        text.contains("interrupted by SIGTERM: no file was left half-fixed"),
        "{text}"
    );
    assert_eq!(state(&repo), before, "{text}");
    no_scratch_left(&repo);
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

// ---------------------------------------------------------------- leftover backups

/// A fixer that, while `.git/slow` exists, half-writes a.py, tells the test its own pid
/// and pactkit's (`.git/fixer-ready`), waits for `.git/go`, then rewrites a.py; otherwise
/// a plain `sed` fix.
const SLOW_FIXER: &str = "if [ -e .git/slow ]; then printf half > a.py; echo $$ $PPID > .git/ready.tmp; mv .git/ready.tmp .git/fixer-ready; while [ ! -e .git/go ]; do sleep 0.05; done; printf rewritten > a.py; else sed -i s/bad/good/ {files}; fi";

/// Waits (bounded) for the slow fixer to be running; its pid and pactkit's.
fn fixer_started(repo: &TestRepo) -> (u32, u32) {
    for _ in 0..3000 {
        if let Ok(text) = std::fs::read_to_string(repo.path(".git/fixer-ready")) {
            let pids: Vec<u32> = text
                .split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect();
            if let [fixer, pactkit] = pids[..] {
                return (fixer, pactkit);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the fixer did not start");
}

/// Whether a process is gone (or a zombie nobody reaped).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

fn scratch_dirs(repo: &TestRepo) -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(repo.path(".git"))
        .expect("git dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("pactkit-lint-"))
        .collect();
    dirs.sort();
    dirs
}

fn doctor_check(repo: &TestRepo) -> (i32, serde_json::Value) {
    let out = repo.pactkit(&["doctor", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("doctor JSON");
    let check = doc["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "lint-backup").cloned())
        .unwrap_or_else(|| panic!("no lint-backup check in {doc}"));
    (code(&out), check)
}

/// Runs `git commit [extra]` with the slow fixer, kills pactkit with SIGKILL once the
/// fixer has half-written a.py, and checks that the fixer died with it (PR_SET_PDEATHSIG)
/// before letting a surviving fixer go on: it must never write again. Returns pactkit's pid.
#[cfg(target_os = "linux")]
fn kill_mid_fix(repo: &TestRepo, extra: &[&str]) -> u32 {
    repo.write(".git/slow", "");
    let child = repo
        .git_cmd()
        .args(["commit", "-q", "-m", "feat: change"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start git commit");
    let (fixer, pactkit) = fixer_started(repo);
    let pid = libc::pid_t::try_from(pactkit).expect("pid");
    // SAFETY: sends SIGKILL to the pactkit process the fixer named as its parent.
    assert_eq!(
        unsafe { libc::kill(pid, libc::SIGKILL) },
        0,
        "kill {pactkit}"
    );
    let out = child.wait_with_output().expect("git commit");
    assert_ne!(code(&out), 0, "{}", render(&out));
    for _ in 0..1500 {
        if gone(fixer) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(gone(fixer), "the fixer {fixer} outlived pactkit");
    repo.write(".git/go", "");
    std::fs::remove_file(repo.path(".git/slow")).expect("rm slow");
    std::fs::remove_file(repo.path(".git/fixer-ready")).expect("rm ready");
    assert_eq!(repo.read("a.py"), "half");
    pactkit
}

/// `kill -9` of pactkit mid-fix during a real `git commit`: the fixer dies with it and
/// never finishes its rewrite; the next commit is blocked naming the file and the
/// recovery command, doctor fails, `lint --recover --dry-run` changes nothing, `lint
/// --recover` restores the exact pre-fix bytes (keeping the half-written version), and then
/// everything is clean and the commit goes through.
#[cfg(target_os = "linux")]
#[test]
fn pactkit_killed_mid_fix_leaves_a_backup_that_is_found_and_recovered() {
    let repo = fixer_repo(SLOW_FIXER, "");
    let before = state(&repo);
    let pactkit = kill_mid_fix(&repo, &[]);
    assert_eq!(repo.read("a.py"), "half");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), before.head);
    assert_eq!(repo.git(&["ls-files", "-s"]), before.index);
    let left = scratch_dirs(&repo);
    assert_eq!(left, [format!("pactkit-lint-{pactkit}")]);

    // The next commit is blocked: the fixer never runs on top of the backup.
    let out = commit(&repo, &[]);
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    for needle in [
        "leftover-backup",
        &format!(
            ".git/pactkit-lint-{pactkit} (pactkit pid {pactkit}, ended while the fixer if ran on 2 file(s)"
        ),
        "a.py (differs from the backup)",
        "pactkit lint --recover --dry-run",
        &format!("rm -r '.git/pactkit-lint-{pactkit}'"),
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(!text.contains("b.py (differs"), "{text}");
    assert_eq!(repo.read("a.py"), "half");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), before.head);

    // A `fail` check makes doctor exit 1 (this bare repository fails other checks too).
    let (status, check) = doctor_check(&repo);
    assert_eq!(status, 1, "{check}");
    assert_eq!(check["status"], "fail", "{check}");
    assert!(
        check["message"]
            .as_str()
            .is_some_and(|m| m.contains("a.py (differs from the backup)"))
    );

    let out = repo.pactkit(&["lint", "--recover", "--dry-run"]);
    let text = render(&out);
    assert_code(&out, 0);
    for needle in [
        "a.py: differs from the backup: the work-tree version goes to a.py.pactkit-recover-1, then the backup is put back",
        "b.py: same as the backup, nothing to do",
        "Dry run: nothing changed",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert_eq!(repo.read("a.py"), "half");
    assert!(!repo.path("a.py.pactkit-recover-1").exists());
    assert_eq!(scratch_dirs(&repo), left);

    let out = repo.pactkit(&["lint", "--recover"]);
    let text = render(&out);
    assert_code(&out, 0);
    assert!(
        text.contains("restored 1 file(s); deleted .git/pactkit-lint-"),
        "{text}"
    );
    assert_eq!(std::fs::read(repo.path("a.py")).expect("a.py"), b"bad\n");
    assert_eq!(repo.read("a.py.pactkit-recover-1"), "half");
    std::fs::remove_file(repo.path("a.py.pactkit-recover-1")).expect("rm kept");
    assert_eq!(state(&repo), before, "{text}");
    no_scratch_left(&repo);
    let (_, check) = doctor_check(&repo);
    assert_eq!(check["status"], "ok", "{check}");

    let out = commit(&repo, &[]);
    assert_code(&out, 0);
    assert!(!render(&out).contains("leftover"), "{}", render(&out));
    assert_eq!(repo.git(&["show", "HEAD:a.py"]), "good\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    no_scratch_left(&repo);
}

/// A running pactkit's directory is never taken for a dead run's: doctor does not report
/// it, `--recover` leaves it (and the file its fixer is writing) alone, a concurrent commit
/// is not blocked; the run then ends normally.
#[cfg(target_os = "linux")]
#[test]
fn a_running_fix_is_not_reported_as_leftover() {
    let repo = fixer_repo(SLOW_FIXER, "");
    repo.write(".git/slow", "");
    let child = repo
        .pactkit_cmd()
        .args(["lint", "--fix"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pactkit lint --fix");
    let (_, pactkit) = fixer_started(&repo);
    let running = scratch_dirs(&repo);
    assert_eq!(running, [format!("pactkit-lint-{pactkit}")]);

    let (_, check) = doctor_check(&repo);
    assert_eq!(check["status"], "ok", "{check}");
    let out = repo.pactkit(&["lint", "--recover"]);
    let text = render(&out);
    assert_code(&out, 0);
    assert!(
        text.contains(&format!(
            "belongs to a running pactkit (pid {pactkit}); left alone"
        )),
        "{text}"
    );
    assert!(text.contains("nothing to recover"), "{text}");
    assert_eq!(repo.read("a.py"), "half");
    assert_eq!(scratch_dirs(&repo), running);
    repo.write("c.txt", "c\n");
    repo.git(&["add", "c.txt"]);
    let out = commit(&repo, &["c.txt"]);
    assert_code(&out, 0);
    assert!(!render(&out).contains("leftover"), "{}", render(&out));

    repo.write(".git/go", "");
    let out = child.wait_with_output().expect("pactkit lint --fix");
    assert_code(&out, 0);
    assert_eq!(repo.read("a.py"), "rewritten");
    no_scratch_left(&repo);
}

/// A dead run's directory with nothing to restore (the work tree equals the backup, or the
/// fixer never started) warns without blocking, and `--recover` removes it.
#[cfg(unix)]
#[test]
fn a_leftover_with_nothing_to_restore_warns_and_does_not_block() {
    let repo = fixer_repo("sed -i s/bad/good/ {files}", "");
    // A pid that existed and is gone.
    let mut done = std::process::Command::new("true").spawn().expect("true");
    let dead = done.id();
    done.wait().expect("wait");
    let same = repo.path(&format!(".git/pactkit-lint-{dead}"));
    std::fs::create_dir_all(same.join("backup")).expect("dir");
    std::fs::write(
        same.join("owner"),
        format!("pactkit-lint 1\npid {dead}\nstart -\nboot -\n"),
    )
    .expect("owner");
    std::fs::write(same.join("backup/a.py"), "bad\n").expect("copy");
    std::fs::write(
        same.join("backup.json"),
        r#"{"tool": "sed", "taken": "2026-12-06T21:00:00+00:00", "files": ["a.py"]}"#,
    )
    .expect("manifest");
    let incomplete = repo.path(&format!(".git/pactkit-lint-{dead}-1"));
    std::fs::create_dir_all(incomplete.join("backup")).expect("dir");
    std::fs::write(
        incomplete.join("owner"),
        format!("pactkit-lint 1\npid {dead}\n"),
    )
    .expect("owner");
    std::fs::write(incomplete.join("backup/a.py"), "ba").expect("partial copy");

    let (_, check) = doctor_check(&repo);
    assert_eq!(check["status"], "warn", "{check}");
    // A manual run mentions it too; --dry-run means nothing without --recover.
    let out = repo.pactkit(&["lint"]);
    assert!(
        render(&out).contains("a killed lint run left .git/pactkit-lint-"),
        "{}",
        render(&out)
    );
    assert_code(&repo.pactkit(&["lint", "--dry-run"]), 2);
    let out = commit(&repo, &[]);
    let text = render(&out);
    assert_code(&out, 0);
    assert!(text.contains("leftover-backup"), "{text}");
    assert!(
        text.contains("ended before any fixer ran: nothing to restore"),
        "{text}"
    );
    assert_eq!(repo.git(&["show", "HEAD:a.py"]), "good\n");
    // a.py now differs from the first backup, but the user staged (and committed) it
    // since: a warning, not a block on every later commit.
    let (_, check) = doctor_check(&repo);
    assert_eq!(check["status"], "warn", "{check}");
    assert!(
        check["message"]
            .as_str()
            .is_some_and(|m| m.contains("were staged again since: a.py (differs from the backup)")),
        "{check}"
    );
    repo.write("b.py", "other\n");
    repo.git(&["add", "b.py"]);
    let out = repo
        .git_cmd()
        .args(["commit", "-q", "-m", "feat: more"])
        .stdin(Stdio::null())
        .output()
        .expect("git commit");
    assert_code(&out, 0);
    assert!(
        render(&out).contains("were staged again since"),
        "{}",
        render(&out)
    );

    let out = repo.pactkit(&["lint", "--recover"]);
    let text = render(&out);
    assert_code(&out, 0);
    // The commit fixed a.py since: recovery keeps that version and puts the backup back.
    assert!(
        text.contains(
            "a.py: differs from the backup: the work-tree version goes to a.py.pactkit-recover-1"
        ),
        "{text}"
    );
    assert!(
        text.contains("ended before any fixer ran: nothing to restore"),
        "{text}"
    );
    assert_eq!(repo.read("a.py"), "bad\n");
    assert_eq!(repo.read("a.py.pactkit-recover-1"), "good\n");
    no_scratch_left(&repo);
}

/// The path-commit form (`git commit a.py` with a.py not staged before): git rolls its
/// real index back after the kill, so the staged content is HEAD's, not the backup's; the
/// backup recorded that entry, so the next commit is still blocked, and recovery restores
/// the exact bytes the fixer was given.
#[cfg(target_os = "linux")]
#[test]
fn pactkit_killed_mid_fix_of_a_path_commit_still_blocks_the_next_commit() {
    let repo = fixer_repo(SLOW_FIXER, "");
    repo.git(&["reset", "-q", "--", "a.py"]);
    let before = state(&repo);
    let pactkit = kill_mid_fix(&repo, &["a.py"]);
    assert_eq!(repo.git(&["ls-files", "-s"]), before.index);
    let out = commit(&repo, &[]);
    let text = render(&out);
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("still staged as they were: a.py (differs from the backup)"),
        "{text}"
    );
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), before.head);
    let (_, check) = doctor_check(&repo);
    assert_eq!(check["status"], "fail", "{check}");
    let out = repo.pactkit(&["lint", "--recover"]);
    assert_code(&out, 0);
    assert!(
        render(&out).contains(&format!("deleted .git/pactkit-lint-{pactkit}")),
        "{}",
        render(&out)
    );
    assert_eq!(std::fs::read(repo.path("a.py")).expect("a.py"), b"bad\n");
    std::fs::remove_file(repo.path("a.py.pactkit-recover-1")).expect("rm kept");
    assert_eq!(state(&repo), before);
    no_scratch_left(&repo);
}
