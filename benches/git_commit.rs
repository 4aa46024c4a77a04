//! Benchmark: a whole `git commit` with pactkit's three shims installed, against a bare
//! `git commit` and against raw `true` hooks. Prints medians and pactkit's overhead.
//! Run with `cargo bench --bench git_commit` (release build of the binary).

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 60;

fn git(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

fn must(cmd: &mut Command) {
    let status = cmd.status().expect("spawn");
    assert!(status.success(), "{cmd:?} failed");
}

fn make_repo(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    must(&mut git(&dir, &["init", "-q", "-b", "main"]));
    must(&mut git(
        &dir,
        &["commit", "-q", "--allow-empty", "-m", "chore: init"],
    ));
    dir
}

fn median_commit(dir: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            must(&mut git(
                dir,
                &[
                    "commit",
                    "-q",
                    "--allow-empty",
                    "-m",
                    "feat(bench): measure the hook",
                ],
            ));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let root = std::env::temp_dir().join(format!("pactkit-bench-commit-{}", std::process::id()));
    let plain = make_repo(&root, "plain");
    let raw = make_repo(&root, "raw");
    for hook in ["pre-commit", "commit-msg", "pre-push"] {
        let path = raw.join(".git/hooks").join(hook);
        std::fs::write(&path, "#!/bin/sh\ntrue\n").expect("write hook");
        must(Command::new("chmod").arg("+x").arg(&path));
    }
    let shims = make_repo(&root, "shims");
    must(
        Command::new(env!("CARGO_BIN_EXE_pactkit"))
            .current_dir(&shims)
            .args(["hooks", "install", "--quiet"]),
    );

    let bare = median_commit(&plain);
    let raw_t = median_commit(&raw);
    let ours = median_commit(&shims);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("git commit, no hooks        {:>7.2} ms", ms(bare));
    println!(
        "git commit, raw true hooks  {:>7.2} ms  (+{:.2} ms)",
        ms(raw_t),
        ms(raw_t) - ms(bare)
    );
    println!(
        "git commit, pactkit shims   {:>7.2} ms  (+{:.2} ms over no hooks, +{:.2} ms over raw hooks)",
        ms(ours),
        ms(ours) - ms(bare),
        ms(ours) - ms(raw_t)
    );
    let _ = std::fs::remove_dir_all(&root);
}
