//! Hermetic test harness: a temporary git repository per test, git and pactkit run with a
//! cleared environment, a fixed identity and fixed dates, and no global or system git config.

#![allow(dead_code)]

pub mod fixtures;
pub mod json_schema;
pub mod signing;
pub mod tools;

pub use fixtures::{aws_key, spec};
pub use signing::{signed_commit, ssh_key, ssh_keygen_available};

use assert_fs::TempDir;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The fixed date every commit gets.
pub const FIXED_DATE: &str = "2026-01-01T00:00:00+00:00";

/// A temporary git repository with its own fake `$HOME`.
pub struct TestRepo {
    temp: TempDir,
    root: PathBuf,
    home: PathBuf,
}

impl TestRepo {
    /// `git init -b main` in a fresh temporary directory.
    pub fn new() -> TestRepo {
        let repo = TestRepo::empty_dir();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A temporary directory with a fake home but no repository.
    pub fn empty_dir() -> TestRepo {
        let temp = TempDir::new().expect("temp dir");
        let root = temp.path().join("repo");
        let home = temp.path().join("home");
        std::fs::create_dir_all(&root).expect("repo dir");
        std::fs::create_dir_all(&home).expect("home dir");
        TestRepo { temp, root, home }
    }

    /// The work tree root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The fake home directory.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The temporary directory holding repo/ and home/ (for sibling worktrees).
    pub fn temp(&self) -> &Path {
        self.temp.path()
    }

    /// Path of a file in the work tree.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file (creating parent directories).
    pub fn write(&self, rel: &str, contents: &str) -> &Self {
        self.write_bytes(rel, contents.as_bytes())
    }

    /// Writes raw bytes.
    pub fn write_bytes(&self, rel: &str, contents: &[u8]) -> &Self {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// Reads a file of the work tree.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("read file")
    }

    /// A git command in the repository with the hermetic environment.
    pub fn git_cmd(&self) -> Command {
        let mut cmd = Command::new("git");
        hermetic_env(&mut cmd, &self.home);
        cmd.current_dir(&self.root);
        cmd
    }

    /// Runs git and asserts success; returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_cmd().args(args).output().expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs git and returns the whole output, success or not.
    pub fn git_output(&self, args: &[&str]) -> Output {
        self.git_cmd().args(args).output().expect("run git")
    }

    /// A linked work tree at `<temp>/wt-<branch>` on the new branch `branch`; returns its
    /// path.
    pub fn add_worktree(&self, branch: &str) -> PathBuf {
        let wt = self.temp().join(format!("wt-{branch}"));
        let path = wt.to_str().expect("utf-8 temp path");
        self.git(&["worktree", "add", "-q", "-b", branch, path]);
        wt
    }

    /// A bare repository `name` beside the work tree, its default branch `main`.
    pub fn bare_repo(&self, name: &str) -> PathBuf {
        let bare = self.temp().join(name);
        self.git(&[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            &bare.to_string_lossy(),
        ]);
        bare
    }

    /// [`TestRepo::bare_repo`] added as the remote `origin`.
    pub fn add_bare_origin(&self, name: &str) -> PathBuf {
        let bare = self.bare_repo(name);
        self.git(&["remote", "add", "origin", &bare.to_string_lossy()]);
        bare
    }

    /// Runs a command line of a playbook (whitespace-separated words, double quotes group)
    /// in the repository: `pactkit` and `git` as [`Self::pactkit_cmd`] / [`Self::git_cmd`]
    /// build them, anything else in the hermetic environment; stdin is empty.
    pub fn run_line(&self, line: &str) -> Output {
        let words = split_words(line);
        let Some((program, args)) = words.split_first() else {
            panic!("an empty command line");
        };
        let mut cmd = match program.as_str() {
            "pactkit" => self.pactkit_cmd(),
            "git" => self.git_cmd(),
            other => {
                let mut cmd = Command::new(other);
                hermetic_env(&mut cmd, self.home());
                cmd.current_dir(self.root());
                cmd
            }
        };
        cmd.args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run `{line}`: {e}"))
    }

    /// `git add -A && git commit -m msg --no-verify`.
    pub fn commit_all(&self, msg: &str) -> &Self {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
        self
    }

    /// A pactkit command in the repository with the hermetic environment.
    pub fn pactkit_cmd(&self) -> Command {
        let mut cmd = Command::new(pactkit_bin());
        hermetic_env(&mut cmd, &self.home);
        cmd.current_dir(&self.root);
        cmd
    }

    /// Runs pactkit with arguments.
    pub fn pactkit(&self, args: &[&str]) -> Output {
        self.pactkit_cmd()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run pactkit")
    }

    /// Runs pactkit with arguments and the given stdin.
    pub fn pactkit_stdin(&self, args: &[&str], stdin: &str) -> Output {
        run_with_stdin(self.pactkit_cmd().args(args), stdin)
    }
}

/// Runs a command feeding `stdin`; all of it must be written.
pub fn run_with_stdin(cmd: &mut Command, stdin: &str) -> Output {
    let (out, written) = feed_stdin(cmd, stdin.as_bytes().to_vec());
    written.expect("write stdin");
    out
}

/// Runs a command feeding `input` on its stdin, for a reader that may stop early (a size
/// limit): a write cut short by the closed pipe is not an error of the test.
pub fn run_with_stdin_it_may_close(cmd: &mut Command, input: Vec<u8>) -> Output {
    feed_stdin(cmd, input).0
}

/// Runs `cmd` with `input` written to its stdin from a thread (no deadlock on a large
/// input); returns its output and how the write went.
fn feed_stdin(cmd: &mut Command, input: Vec<u8>) -> (Output, std::io::Result<()>) {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait");
    let written = writer.join().expect("stdin writer");
    (out, written)
}

/// Makes `path` executable so that exec of it can never fail with "Text file busy".
///
/// The file's inode must never have been open for writing in this test process: another
/// test thread that forks while such a descriptor is open holds it until its own exec,
/// and the kernel refuses to exec an inode someone may write. So a child `cp` writes a
/// fresh inode, which is renamed over `path`.
pub fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut fresh = path.as_os_str().to_owned();
    fresh.push(".exec-copy");
    let fresh = PathBuf::from(fresh);
    let status = Command::new("cp")
        .arg(path)
        .arg(&fresh)
        .status()
        .expect("run cp");
    assert!(status.success(), "cp {} failed", path.display());
    std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::rename(&fresh, path).expect("rename executable into place");
}

/// Copies the executable `src` to `dst` (see [`make_executable`] for why not `fs::copy`).
pub fn copy_executable(src: &Path, dst: &Path) {
    let status = Command::new("cp")
        .arg(src)
        .arg(dst)
        .status()
        .expect("run cp");
    assert!(
        status.success(),
        "cp {} {} failed",
        src.display(),
        dst.display()
    );
    make_mode_755(dst);
}

fn make_mode_755(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// The binary under test.
pub fn pactkit_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pactkit"))
}

/// The outer PATH without the directories that hold `program`: for running pactkit
/// where a tool is not installed.
pub fn path_without(program: &str) -> std::ffi::OsString {
    let outer = outer_path();
    let kept = std::env::split_paths(&outer).filter(|dir| !dir.join(program).exists());
    std::env::join_paths(kept).expect("PATH entries")
}

/// A variable of the test process's environment.
fn outer_var(name: &str) -> Option<std::ffi::OsString> {
    #[expect(
        clippy::disallowed_methods,
        reason = "tests pass chosen outer variables through"
    )]
    let value = std::env::var_os(name);
    value
}

/// The test process's PATH, which hermetic commands pass through.
pub fn outer_path() -> std::ffi::OsString {
    #[expect(
        clippy::disallowed_methods,
        reason = "tests pass the outer PATH through"
    )]
    let path = std::env::var_os("PATH").unwrap_or_default();
    path
}

/// Clears the environment and sets only what git and pactkit need, deterministically.
/// `GIT_DEFAULT_HASH` passes through: `GIT_DEFAULT_HASH=sha256 cargo test --test cli`
/// runs every test in SHA-256 repositories.
pub fn hermetic_env(cmd: &mut Command, home: &Path) {
    cmd.env_clear();
    if let Some(hash) = outer_var("GIT_DEFAULT_HASH") {
        cmd.env("GIT_DEFAULT_HASH", hash);
    }
    cmd.env("PATH", outer_path())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig-does-not-exist"))
        .env("GIT_AUTHOR_NAME", "Test Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Test Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", FIXED_DATE)
        .env("GIT_COMMITTER_DATE", FIXED_DATE)
        .env("GIT_CONFIG_COUNT", "4")
        .env("GIT_CONFIG_KEY_0", "commit.gpgsign")
        .env("GIT_CONFIG_VALUE_0", "false")
        .env("GIT_CONFIG_KEY_1", "core.autocrlf")
        .env("GIT_CONFIG_VALUE_1", "false")
        .env("GIT_CONFIG_KEY_2", "init.defaultBranch")
        .env("GIT_CONFIG_VALUE_2", "main")
        .env("GIT_CONFIG_KEY_3", "advice.detachedHead")
        .env("GIT_CONFIG_VALUE_3", "false")
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C");
}

/// stdout as a string.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr as a string.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit code (-1 for a signal).
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// stdout, then `--- stderr ---`, then `[exit status: N]`, for whole-output assertions.
pub fn render(out: &Output) -> String {
    format!(
        "{}--- stderr ---\n{}[exit status: {}]\n",
        stdout(out),
        stderr(out),
        code(out)
    )
}

/// Asserts the exit code, printing the whole output when it differs.
#[track_caller]
pub fn assert_code(out: &Output, expected: i32) {
    assert_eq!(
        code(out),
        expected,
        "unexpected exit code; output:\n{}",
        render(out)
    );
}

/// Helper for OS strings in args.
pub fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// Asserts that the processes a test command recorded in `group.pid` (`echo $$ > group.pid`
/// or `echo $$ $! > group.pid`) are gone: its process group, and its background process
/// when one was recorded. `what` names the case in the failure.
#[cfg(target_os = "linux")]
pub fn assert_recorded_processes_gone(repo: &TestRepo, what: &str) {
    let text = repo.read("group.pid");
    let pids: Vec<u32> = text
        .split_whitespace()
        .map(|p| p.parse().expect("pid"))
        .collect();
    assert!(
        !group_alive(pids[0]),
        "{what}: the process group outlived pactkit"
    );
    if let Some(&background) = pids.get(1) {
        assert!(
            !process_alive(background),
            "{what}: the background process outlived pactkit"
        );
    }
}

/// Whether a live (not zombie) process is in process group `pgid`: read from `/proc`,
/// waiting up to ten seconds for a killed group to finish dying.
#[cfg(target_os = "linux")]
pub fn group_alive(pgid: u32) -> bool {
    any_alive(|_, group| group == pgid)
}

/// Whether process `pid` is alive (not a zombie), waiting like [`group_alive`].
#[cfg(target_os = "linux")]
pub fn process_alive(pid: u32) -> bool {
    any_alive(|id, _| id == pid)
}

/// Whether some live process's (pid, process group) matches, polled until none does or
/// ten seconds passed.
#[cfg(target_os = "linux")]
fn any_alive(matches: impl Fn(u32, u32) -> bool) -> bool {
    let alive = || {
        let entries = std::fs::read_dir("/proc").into_iter().flatten().flatten();
        entries.into_iter().any(|entry| {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                return false;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                return false;
            };
            // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
            let Some((_, rest)) = stat.rsplit_once(") ") else {
                return false;
            };
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let group = fields.get(2).and_then(|g| g.parse().ok());
            fields.first() != Some(&"Z") && group.is_some_and(|group| matches(pid, group))
        })
    };
    for _ in 0..200 {
        if !alive() {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    true
}

/// Words of a command line: whitespace-separated, double quotes group (no escapes needed
/// by the playbooks' commands).
pub fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Asserts that a run failed and names `rule` (a gate's finding) in its output.
pub fn assert_blocked_by(out: &Output, rule: &str) {
    assert_ne!(code(out), 0, "expected a block:\n{}", render(out));
    assert!(
        render(out).contains(rule),
        "expected rule {rule}:\n{}",
        render(out)
    );
}

/// This checkout: the crate the tests belong to.
pub fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir` of this checkout, relative to its root, `/`-separated.
pub fn files_under(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![crate_root().join(dir)];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(crate_root()).expect("below the root");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
