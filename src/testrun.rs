//! Running a test command: its output streams to pactkit's stderr line by line (so the
//! user watches the tests run inside `git commit`), a progress line shows on a terminal
//! for runs longer than a second, the timeout kills the whole process group, and the
//! summary lines of pytest, cargo test, cargo nextest and jest are parsed into counts.
//!
//! Streaming writes straight to the process's stderr: gates have no printer, and the
//! runner's output is not pactkit's to format. This is the one place that does so; every
//! line passes through [`crate::secrets::redact`] first, so a test that prints a
//! credential does not show it ([`forward_redacted`] serves other gates' commands too).

use crate::regression::Run;
use regex::Regex;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Test counts from a runner's summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed tests.
    pub passed: u64,
    /// Failed tests (and errors).
    pub failed: u64,
    /// Skipped or ignored tests.
    pub skipped: u64,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// The process exited; `code` is `None` when a signal ended it.
    Exited {
        /// Exit code 0.
        success: bool,
        /// The exit code.
        code: Option<i32>,
    },
    /// The timeout elapsed; the process group was killed.
    TimedOut,
    /// The program could not be started.
    NotStarted(String),
}

/// What a run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// How it ended.
    pub end: End,
    /// Counts, when a summary line was recognised.
    pub counts: Option<Counts>,
    /// The runner itself is missing (`No module named pytest`, npx without the tool).
    pub runner_missing: bool,
    /// Up to ten lines naming failed tests.
    pub failures: Vec<String>,
}

/// Runs `run` in `root` joined with its folder, streaming its output to stderr.
pub fn execute(root: &Path, run: &Run, timeout: Duration) -> Outcome {
    let dir = if run.dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(&run.dir)
    };
    let mut command = Command::new(&run.program);
    command
        .args(&run.args)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => {
            return Outcome {
                end: End::NotStarted(err.to_string()),
                counts: None,
                runner_missing: err.kind() == std::io::ErrorKind::NotFound,
                failures: Vec::new(),
            };
        }
    };
    let shared = Arc::new(Shared::default());
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|stream| {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || pump(stream, &shared))
    })
    .collect();
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let label = run.display();
    let mut last_progress = 0;
    let end = loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                break End::Exited {
                    success: status.success(),
                    code: status.code(),
                };
            }
            Ok(None) => {}
            Err(err) => break End::NotStarted(err.to_string()),
        }
        let elapsed = started.elapsed();
        if elapsed >= timeout {
            kill_group(&mut child);
            break End::TimedOut;
        }
        let seconds = elapsed.as_secs();
        if terminal && seconds >= 1 && seconds != last_progress {
            last_progress = seconds;
            shared.progress(&format!("regression: {label} — running for {seconds}s"));
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    if end != End::TimedOut {
        for reader in readers {
            let _ = reader.join();
        }
    }
    shared.clear_progress();
    let parsed = shared.parsed.lock().map(|p| p.clone()).unwrap_or_default();
    Outcome {
        end,
        counts: parsed.counts(),
        runner_missing: parsed.runner_missing,
        failures: parsed.failures,
    }
}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    // The child leads its own process group (process_group(0)): kill every process in
    // it, not only the shell or launcher on top.
    let killed = libc::pid_t::try_from(child.id()).is_ok_and(|pid| {
        // SAFETY: kill(2) takes plain integers and touches no memory of ours; a negative
        // pid names the process group, which still exists until we reap its leader below.
        unsafe { libc::kill(-pid, libc::SIGKILL) == 0 }
    });
    if !killed {
        let _ = child.kill();
    }
    let _ = child.wait();
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[derive(Default)]
struct Shared {
    parsed: Mutex<Parsed>,
    progress_shown: AtomicBool,
    stderr: Mutex<()>,
}

impl Shared {
    fn write(&self, bytes: &[u8]) {
        let _guard = self.stderr.lock();
        let mut err = std::io::stderr().lock();
        if self.progress_shown.swap(false, Ordering::Relaxed) {
            let _ = err.write_all(b"\r\x1b[2K");
        }
        let _ = err.write_all(bytes);
        let _ = err.flush();
    }

    fn progress(&self, text: &str) {
        let _guard = self.stderr.lock();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{text}");
        let _ = err.flush();
        self.progress_shown.store(true, Ordering::Relaxed);
    }

    fn clear_progress(&self) {
        if self.progress_shown.swap(false, Ordering::Relaxed) {
            let _guard = self.stderr.lock();
            let _ = std::io::stderr().lock().write_all(b"\r\x1b[2K");
        }
    }
}

fn pump(stream: Box<dyn Read + Send>, shared: &Shared) {
    each_line(stream, |line| {
        shared.write(&redact_bytes(line));
        let text = String::from_utf8_lossy(line);
        if let Ok(mut parsed) = shared.parsed.lock() {
            parsed.line(text.trim_end());
        }
    });
}

/// Calls `f` with each line of `stream` (terminator included) until it ends or fails.
fn each_line(stream: impl Read, mut f: impl FnMut(&[u8])) {
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => f(&line),
        }
    }
}

/// A line of tool output with its secrets masked; bytes that are not UTF-8 are kept as
/// they are unless the line holds a secret (then it is shown lossily, masked).
fn redact_bytes(line: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let text = String::from_utf8_lossy(line);
    match crate::secrets::redact(&text) {
        std::borrow::Cow::Borrowed(_) => std::borrow::Cow::Borrowed(line),
        std::borrow::Cow::Owned(masked) => std::borrow::Cow::Owned(masked.into_bytes()),
    }
}

/// Copies a command's output to pactkit's stderr line by line, secrets masked (for gate
/// commands that are not test runs, like `gates.coverage.command`).
pub fn forward_redacted(stream: impl Read) {
    each_line(stream, |line| {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(&redact_bytes(line));
        let _ = err.flush();
    });
}

/// Summary lines seen so far.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pytest: Option<Counts>,
    cargo: Option<Counts>,
    other: Option<Counts>,
    runner_missing: bool,
    failures: Vec<String>,
}

static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+) (passed|failed|errors?|skipped|ignored|xfailed|xpassed|todo)")
        .expect("valid regex")
});
static PYTEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^=*\s*(no tests ran|\d+ \w+(, \d+ \w+)*) in [0-9.]+s( \([^)]*\))?\s*=*$")
        .expect("valid regex")
});

impl Parsed {
    /// Feeds one output line.
    pub fn line(&mut self, line: &str) {
        if line.contains("No module named pytest")
            || line.contains("could not determine executable to run")
        {
            self.runner_missing = true;
        }
        if let Some(rest) = line.strip_prefix("test result: ") {
            let counts = self.cargo.get_or_insert_with(Counts::default);
            add_pairs(counts, rest);
        } else if PYTEST.is_match(line) {
            let mut counts = Counts::default();
            add_pairs(&mut counts, line);
            self.pytest = Some(counts);
        } else if (line.contains(" tests run: ") || line.contains(" test run: "))
            || line.trim_start().starts_with("Tests:")
        {
            let mut counts = Counts::default();
            add_pairs(&mut counts, line);
            self.other = Some(counts);
        }
        let failure = line.starts_with("FAILED ")
            || line.starts_with("ERROR ")
            || (line.starts_with("test ") && line.ends_with("... FAILED"));
        if failure && self.failures.len() < 10 {
            self.failures.push(line.to_owned());
        }
    }

    /// The counts, preferring the most specific summary seen.
    pub fn counts(&self) -> Option<Counts> {
        self.other.or(self.pytest).or(self.cargo)
    }
}

fn add_pairs(counts: &mut Counts, text: &str) {
    for cap in PAIR.captures_iter(text) {
        let n: u64 = cap[1].parse().unwrap_or(0);
        match &cap[2] {
            "passed" | "xpassed" | "xfailed" => counts.passed += n,
            "failed" | "error" | "errors" => counts.failed += n,
            _ => counts.skipped += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(lines: &[&str]) -> Parsed {
        let mut p = Parsed::default();
        for line in lines {
            p.line(line);
        }
        p
    }

    #[test]
    fn parses_pytest_summaries() {
        let p = parse(&[
            "FAILED tests/test_a.py::test_x - assert 1 == 2",
            "1 failed, 3 passed, 2 skipped in 0.12s",
        ]);
        assert_eq!(
            p.counts(),
            Some(Counts {
                passed: 3,
                failed: 1,
                skipped: 2
            })
        );
        assert_eq!(p.failures.len(), 1);
        let p = parse(&["=========== 4 passed, 1 warning in 1.02s (0:00:01) ==========="]);
        assert_eq!(p.counts().unwrap().passed, 4);
        assert!(parse(&["3 passed, in the end"]).counts().is_none());
    }

    #[test]
    fn sums_cargo_test_results() {
        let p = parse(&[
            "test it::works ... FAILED",
            "test result: ok. 2 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out",
        ]);
        assert_eq!(
            p.counts(),
            Some(Counts {
                passed: 3,
                failed: 1,
                skipped: 1
            })
        );
        assert_eq!(p.failures, vec!["test it::works ... FAILED"]);
    }

    #[test]
    fn notices_a_missing_runner() {
        assert!(parse(&["/usr/bin/python3: No module named pytest"]).runner_missing);
    }
}
