//! The two binaries and the process start-up: `pactkit` (what the hooks start, without
//! visualize's grammars) hands `visualize` to `pactkit-full`; hooks installed from either
//! start `pactkit`; and the custom start-up of src/main.rs keeps what std's would give
//! (closed standard descriptors, a closed pipe, a panic's exit code 101, non-UTF-8 argv);
//! a stdout write error other than a closed pipe ends the run with exit 3; blocks of 2 MiB
//! and more (src/main.rs's huge-page allocator) keep their content.

use crate::common::*;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn full_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pactkit-full"))
}

/// Runs pactkit with `script` as a POSIX sh command line (`$0` is the binary), for
/// descriptor juggling only a shell can do without unsafe code.
fn pactkit_sh(repo: &TestRepo, script: &str) -> Output {
    let mut cmd = Command::new("sh");
    hermetic_env(&mut cmd, repo.home());
    cmd.current_dir(repo.root())
        .arg("-c")
        .arg(script)
        .arg(pactkit_bin())
        .stdin(Stdio::null())
        .output()
        .expect("run sh")
}

#[test]
fn visualize_runs_through_pactkit_full_with_the_same_command_line() {
    let repo = TestRepo::new();
    repo.write("src/app.py", "import util\n")
        .write("src/util.py", "X = 1\n");
    let out = repo.pactkit(&["visualize", "--mode", "file", "--format", "json"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("\"files\": 2"), "{}", render(&out));
    let graph = repo.read("docs/architecture/graphs/code_graph.mmd");
    assert!(graph.contains("src_app_py"), "{graph}");
}

#[test]
fn the_grammars_are_linked_into_pactkit_full_only() {
    // A node name from the Python grammar's symbol table (tree-sitter-python's parser.c).
    let marker = b"import_from_statement";
    let holds = |bin: PathBuf| {
        let bytes = std::fs::read(&bin).expect("read binary");
        memchr::memmem::find(&bytes, marker).is_some()
    };
    assert!(!holds(pactkit_bin()), "pactkit links the grammars");
    assert!(holds(full_bin()), "pactkit-full lacks the grammars");
}

#[test]
fn visualize_without_pactkit_full_says_what_to_install() {
    let repo = TestRepo::new();
    let alone = repo.temp().join("bin-alone");
    std::fs::create_dir_all(&alone).expect("mkdir");
    let lean = alone.join("pactkit");
    copy_executable(&pactkit_bin(), &lean);
    let mut cmd = Command::new(&lean);
    hermetic_env(&mut cmd, repo.home());
    cmd.env("PATH", path_without("pactkit-full"))
        .current_dir(repo.root())
        .args(["visualize", "--mode", "file"])
        .stdin(Stdio::null());
    let out = cmd.output().expect("run the copied pactkit");
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("pactkit-full"), "{err}");
    assert!(err.contains("cargo install"), "{err}");
    assert!(!repo.path("docs/architecture/graphs").exists());
}

#[test]
fn hooks_installed_by_pactkit_full_start_the_lean_pactkit() {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    let mut cmd = Command::new(full_bin());
    hermetic_env(&mut cmd, repo.home());
    let out = cmd
        .current_dir(repo.root())
        .args(["hooks", "install"])
        .stdin(Stdio::null())
        .output()
        .expect("run pactkit-full");
    assert_code(&out, 0);
    let lean = pactkit_bin().canonicalize().expect("canonical pactkit");
    for hook in ["pre-commit", "commit-msg", "pre-push"] {
        let shim = repo.read(&format!(".git/hooks/{hook}"));
        assert!(
            shim.contains(&format!("installed_bin='{}'\n", lean.display())),
            "{hook}: {shim}"
        );
        assert!(!shim.contains("pactkit-full"), "{hook}: {shim}");
    }
}

#[test]
fn closed_standard_descriptors_never_receive_files_pactkit_writes() {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    // 0, 1 and 2 closed: without the start-up's /dev/null, the first files pactkit opens
    // would become its stdout and stderr and its messages would land in them.
    let out = pactkit_sh(&repo, r#"exec "$0" hooks install <&- >&- 2>&-"#);
    assert_code(&out, 0);
    for hook in ["pre-commit", "commit-msg", "pre-push"] {
        let shim = repo.read(&format!(".git/hooks/{hook}"));
        assert!(shim.starts_with("#!/bin/sh\n"), "{hook}: {shim}");
        assert!(!shim.contains("hooks directory"), "{hook}: {shim}");
    }
}

#[test]
fn closed_stdout_and_stderr_keep_the_verdict() {
    let repo = TestRepo::new();
    repo.write("good", "feat(cli): add the thing\n")
        .write("bad", "Added the thing.\n");
    let good = pactkit_sh(&repo, r#"exec "$0" commit-msg good >&- 2>&-"#);
    assert_code(&good, 0);
    let bad = pactkit_sh(&repo, r#"exec "$0" commit-msg bad >&- 2>&-"#);
    assert_code(&bad, 1);
}

#[test]
fn a_closed_pipe_ends_the_output_without_a_signal_death() {
    let repo = TestRepo::new();
    // The read end is closed before the completion script is written.
    let mut cmd = Command::new(pactkit_bin());
    hermetic_env(&mut cmd, repo.home());
    let mut child = cmd
        .args(["completions", "bash"])
        .current_dir(repo.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.code().is_some(),
        "killed by a signal (SIGPIPE not ignored): {:?}",
        out.status
    );
    // EPIPE is the reader's choice, not a failure: exit 0 and nothing on stderr.
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "", "{}", render(&out));
}

#[test]
fn a_panic_exits_101_with_its_message() {
    // The switch exists in debug builds only (src/main.rs); a release test run has nothing to check.
    if !cfg!(debug_assertions) {
        return;
    }
    let repo = TestRepo::new();
    let mut cmd = repo.pactkit_cmd();
    let out = cmd
        .env("PACTKIT_TEST_PANIC", "1")
        .args(["version"])
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_code(&out, 101);
    assert!(
        stderr(&out).contains("PACTKIT_TEST_PANIC is set"),
        "{}",
        render(&out)
    );
}

#[test]
fn non_utf8_arguments_reach_pactkit_byte_for_byte() {
    let repo = TestRepo::new();
    let name = std::ffi::OsStr::from_bytes(b"msg-\xff\xfe");
    let dir = repo.root().join(std::ffi::OsStr::from_bytes(b"dir-\xff"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join(name), "feat(cli): add the thing\n").expect("write");
    // `-C` with a non-UTF-8 directory and a non-UTF-8 file name: both must be found.
    let out = repo
        .pactkit_cmd()
        .arg("-C")
        .arg(dir.as_os_str())
        .arg("commit-msg")
        .arg(name)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_code(&out, 0);
    // A missing one is reported (lossily named), never a panic.
    let missing = std::ffi::OsStr::from_bytes(b"gone-\xff");
    let out = repo
        .pactkit_cmd()
        .arg("commit-msg")
        .arg(missing)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert!(
        ![0, 101].contains(&code(&out)),
        "expected an error status: {}",
        render(&out)
    );
    assert!(stderr(&out).contains("gone-"), "{}", render(&out));
}

/// Runs `pactkit <args>` with stdout on `/dev/full` (every write fails with ENOSPC).
fn pactkit_to_dev_full(repo: &TestRepo, args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full (Linux)");
    repo.pactkit_cmd()
        .args(args)
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .expect("run pactkit")
}

#[test]
fn a_stdout_write_error_fails_the_command_instead_of_a_truncated_exit_0() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    assert_code(
        &repo.pactkit(&["board", "add", "STORY-001", "Bulk discount", "Write tests"]),
        0,
    );
    for args in [
        &["board", "list"][..],
        &["schema"],
        &["completions", "bash"],
        &["--help"],
        &["version"],
    ] {
        let out = pactkit_to_dev_full(&repo, args);
        assert_code(&out, 3);
        let err = stderr(&out);
        assert!(
            err.contains("error: cannot write the output to stdout")
                && err.contains("No space left on device"),
            "{args:?}: {}",
            render(&out)
        );
    }
}

#[test]
fn a_closed_pipe_keeps_the_exit_status_and_says_nothing() {
    let repo = TestRepo::new();
    // `head -c1` closes the pipe after one byte; the status is caught inside the pipeline
    // (POSIX sh has no pipefail).
    for cmd in ["schema", "completions bash"] {
        let script = format!(r#"{{ "$0" {cmd} 2>err; echo $? >rc; }} | head -c1 >/dev/null"#);
        let out = pactkit_sh(&repo, &script);
        assert_code(&out, 0);
        assert_eq!(repo.read("rc"), "0\n", "{cmd}: {}", repo.read("err"));
        assert_eq!(repo.read("err"), "", "{cmd}");
    }
}

#[test]
fn a_closed_stdout_is_not_a_write_error() {
    let repo = TestRepo::new();
    // The start-up reopens a closed 1 on /dev/null, which takes every write.
    let out = pactkit_sh(&repo, r#"exec "$0" schema >&-"#);
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "", "{}", render(&out));
}

#[test]
fn a_non_utf8_argument_where_text_is_needed_is_a_usage_error() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    let out = repo
        .pactkit_cmd()
        .args(["board", "add", "STORY-009"])
        .arg(std::ffi::OsStr::from_bytes(b"title-\xff"))
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_code(&out, 2);
    assert!(stderr(&out).contains("invalid UTF-8"), "{}", render(&out));
    assert!(
        !repo
            .read("docs/product/sprint_board.md")
            .contains("STORY-009")
    );
}

#[test]
fn a_stdout_write_error_keeps_a_failure_status() {
    let repo = TestRepo::new();
    repo.write("bad", "Added the thing.\n");
    // A blocked message (exit 1) whose report cannot be written stays exit 1.
    let out = pactkit_to_dev_full(&repo, &["commit-msg", "bad", "--format", "json"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("cannot write the output to stdout"),
        "{}",
        render(&out)
    );
}

/// Blocks of 2 MiB and more come from src/main.rs's huge-page allocator: a staged file
/// of 5 MiB, read out of git, grown and scanned through such blocks, still shows the key
/// on its last line (and the same file without it passes).
#[test]
fn a_key_at_the_end_of_a_large_staged_file_is_found() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    let line = "let value = compute(previous, next); // an ordinary line of code\n";
    let body = line.repeat(5 * (1 << 20) / line.len());
    repo.write("big.rs", &body);
    repo.git(&["add", "."]);
    let check = || repo.pactkit(&["check", "--gate", "secrets", "--format", "json"]);
    assert_code(&check(), 0);
    repo.write(
        "big.rs",
        &format!("{body}const KEY: &str = \"{}\";\n", aws_key()),
    );
    repo.git(&["add", "."]);
    let out = check();
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("aws-access-key-id"),
        "{}",
        render(&out)
    );
}
