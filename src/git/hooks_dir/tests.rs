//! Each scope of `core.hooksPath` against the real `git rev-parse --git-path hooks`.
//!
//! gix reads the process environment (global and system config, `GIT_CONFIG_*`), so every
//! case runs `Repo::hooks_dir` in a child process: this test binary re-run with only
//! `probe_child` selected, a hermetic environment plus the case's variables, and the
//! directory passed as an (otherwise unmatched) test-name filter.

use super::*;
use crate::git::testutil::{TempRepo, hermetic_env};
use std::ffi::OsString;
use std::process::Command;

const PROBE_PREFIX: &str = "PACTKIT-PROBE:";
const PROBE_TEST: &str = "git::hooks_dir::tests::probe_child";

/// The child side of [`probe`]; does nothing in a normal test run.
#[test]
#[expect(
    clippy::print_stdout,
    reason = "the child process reports through stdout"
)]
fn probe_child() {
    let Some(dir) = std::env::args().find_map(|a| a.strip_prefix(PROBE_PREFIX).map(PathBuf::from))
    else {
        return;
    };
    let line = match Repo::discover(&dir).and_then(|repo| repo.hooks_dir()) {
        Ok(hooks) => format!("{:?}\t{}", hooks.source, hooks.path.display()),
        Err(err) => format!("error\t{err}"),
    };
    println!("@@{line}@@");
}

type Env<'a> = &'a [(&'a str, OsString)];

fn apply(cmd: &mut Command, t: &TempRepo, env: Env<'_>, keep_system: bool) {
    hermetic_env(cmd, t.home());
    if keep_system {
        cmd.env_remove("GIT_CONFIG_NOSYSTEM");
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
}

/// `(source, path)` as pactkit sees it from `dir`.
fn probe(t: &TempRepo, dir: &Path, env: Env<'_>, keep_system: bool) -> (String, String) {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    apply(&mut cmd, t, env, keep_system);
    let filter = format!("{PROBE_PREFIX}{}", dir.display());
    let out = cmd
        .current_dir(dir)
        .args([
            "--exact",
            PROBE_TEST,
            "--nocapture",
            "--test-threads=1",
            &filter,
        ])
        .output()
        .expect("run probe");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .split("@@")
        .nth(1)
        .unwrap_or_else(|| panic!("no probe output:\n{stdout}"));
    let (source, path) = line.split_once('\t').expect("tab");
    (source.to_owned(), path.to_owned())
}

/// What git says, made absolute against the directory it ran in.
fn git_says(t: &TempRepo, dir: &Path, env: Env<'_>, keep_system: bool) -> PathBuf {
    let mut cmd = Command::new("git");
    apply(&mut cmd, t, env, keep_system);
    let out = cmd
        .current_dir(dir)
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join(String::from_utf8_lossy(&out.stdout).trim())
}

fn canon(path: &Path) -> PathBuf {
    std::fs::create_dir_all(path).expect("create hooks dir");
    path.canonicalize().expect("canonicalize")
}

/// Asserts pactkit and git agree on the path, and returns pactkit's source.
fn check(t: &TempRepo, dir: &Path, env: Env<'_>, keep_system: bool) -> String {
    let expected = git_says(t, dir, env, keep_system);
    let (source, path) = probe(t, dir, env, keep_system);
    assert_ne!(source, "error", "{path}");
    assert_eq!(canon(Path::new(&path)), canon(&expected), "source {source}");
    source
}

fn write_config(path: &Path, value: &str) -> OsString {
    std::fs::write(path, format!("[core]\n\thooksPath = {value}\n")).expect("write config");
    path.as_os_str().to_owned()
}

#[test]
fn default_is_the_common_dir_hooks() {
    let t = TempRepo::new();
    t.write("sub/x", "x\n").commit_all("one");
    assert_eq!(check(&t, t.root(), &[], false), "Default");
    assert_eq!(check(&t, &t.root().join("sub"), &[], false), "Default");
}

#[test]
fn linked_worktree_defaults_to_the_shared_hooks() {
    let t = TempRepo::new();
    t.write("x", "x\n").commit_all("one");
    let wt = t.add_worktree("feature");
    assert_eq!(check(&t, &wt, &[], false), "Default");
    let (_, path) = probe(&t, &wt, &[], false);
    assert_eq!(canon(Path::new(&path)), canon(&t.root().join(".git/hooks")));
}

#[test]
fn local_relative_value_resolves_against_the_work_tree() {
    let t = TempRepo::new();
    t.write("sub/x", "x\n").commit_all("one");
    t.git(&["config", "core.hooksPath", ".githooks"]);
    assert_eq!(check(&t, t.root(), &[], false), "Local");
    assert_eq!(check(&t, &t.root().join("sub"), &[], false), "Local");
}

#[test]
fn worktree_config_wins_in_its_worktree() {
    let t = TempRepo::new();
    t.write("x", "x\n").commit_all("one");
    t.git(&["config", "extensions.worktreeConfig", "true"]);
    t.git(&["config", "core.hooksPath", "local-hooks"]);
    let wt = t.add_worktree("feature");
    let mut cmd = t.git_cmd();
    cmd.current_dir(&wt)
        .args(["config", "--worktree", "core.hooksPath", "wt-hooks"]);
    assert!(cmd.status().expect("git").success());
    assert_eq!(check(&t, &wt, &[], false), "Worktree");
    assert_eq!(check(&t, t.root(), &[], false), "Local");
}

#[test]
fn global_value_with_tilde() {
    let t = TempRepo::new();
    let global = write_config(&t.home().join("global.gitconfig"), "~/global-hooks");
    let env = [("GIT_CONFIG_GLOBAL", global)];
    assert_eq!(check(&t, t.root(), &env, false), "Global");
    let (_, path) = probe(&t, t.root(), &env, false);
    assert_eq!(
        canon(Path::new(&path)),
        canon(&t.home().join("global-hooks"))
    );
}

#[test]
fn local_beats_global() {
    let t = TempRepo::new();
    let global = write_config(
        &t.home().join("global.gitconfig"),
        "/tmp/pactkit-global-hooks-unused",
    );
    t.git(&["config", "core.hooksPath", "mine"]);
    assert_eq!(
        check(&t, t.root(), &[("GIT_CONFIG_GLOBAL", global)], false),
        "Local"
    );
}

#[test]
fn system_value() {
    let t = TempRepo::new();
    let dir = t.temp().join("system-hooks");
    let system = write_config(
        &t.home().join("system.gitconfig"),
        dir.to_str().expect("utf-8"),
    );
    assert_eq!(
        check(&t, t.root(), &[("GIT_CONFIG_SYSTEM", system)], true),
        "System"
    );
}

#[test]
fn environment_overrides() {
    let t = TempRepo::new();
    t.git(&["config", "core.hooksPath", "local-hooks"]);
    let env = [
        ("GIT_CONFIG_COUNT", OsString::from("3")),
        ("GIT_CONFIG_KEY_2", OsString::from("core.hooksPath")),
        ("GIT_CONFIG_VALUE_2", OsString::from("env-hooks")),
    ];
    assert_eq!(check(&t, t.root(), &env, false), "Override");
    let params = [(
        "GIT_CONFIG_PARAMETERS",
        OsString::from("'core.hooksPath'='param-hooks'"),
    )];
    assert_eq!(check(&t, t.root(), &params, false), "Override");
}

#[test]
fn empty_value_is_an_error() {
    let t = TempRepo::new();
    t.git(&["config", "core.hooksPath", ""]);
    let (source, message) = probe(&t, t.root(), &[], false);
    assert_eq!(source, "error");
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn config_parameters_parsing() {
    assert_eq!(
        from_config_parameters("'core.hooksPath'='a b'"),
        Some("a b".to_owned())
    );
    assert_eq!(
        from_config_parameters("'core.hookspath=old'"),
        Some("old".to_owned())
    );
    assert_eq!(
        from_config_parameters("'x.y'='1' 'CORE.HOOKSPATH'='it'\\''s'"),
        Some("it's".to_owned())
    );
    assert_eq!(
        from_config_parameters("'core.hooksPath'"),
        Some(String::new())
    );
    assert_eq!(from_config_parameters("'user.name'='x'"), None);
    assert_eq!(from_config_parameters("garbage"), None);
    let value = |params| super::config_parameter_value(params, &["commit.verbose"]);
    assert_eq!(value("'commit.verbose'"), Some(None));
    assert_eq!(value("'commit.verbose'=''"), Some(Some(String::new())));
    assert_eq!(value("'commit.verbose'='no' 'commit.verbose'"), Some(None));
    let names = ["core.commentChar", "core.commentString"];
    let params = "'core.commentstring'='//' 'core.commentChar'=';' 'x.y'='1'";
    assert_eq!(
        super::config_parameter_value(params, &names),
        Some(Some(";".to_owned()))
    );
}
