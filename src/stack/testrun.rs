//! Running a test command through [`crate::infra::child`] (own process group, timeout, signals):
//! its output streams to pactkit's stderr line by line (so the user watches the tests run
//! inside `git commit`), a progress line shows on a terminal for runs longer than a second,
//! and the summary lines of pytest, cargo test, cargo nextest and jest are parsed into
//! counts.
//!
//! Streaming writes straight to the process's stderr: gates have no printer, and the
//! runner's output is not pactkit's to format. This is the one place that does so; every
//! line passes through [`crate::secrets::redact`] first, so a test that prints a
//! credential does not show it ([`write_redacted`] serves other gates' commands too).

use crate::infra::child::{self, Ending, LineSink, NotStarted, Options, Stream};
use crate::stack::regression::Run;
use regex::Regex;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

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
    /// The process exited.
    Exited {
        /// Exit code 0.
        success: bool,
        /// The exit code.
        code: Option<i32>,
    },
    /// A signal ended it (directly or as a shell's 128 + N); how, for messages.
    Killed(String),
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

/// Runs `run` in `root` joined with its folder through [`crate::infra::child`], streaming its
/// output to stderr. A termination signal received meanwhile is forwarded to the runner's
/// process group and then ends pactkit the same way.
pub fn execute(root: &Path, run: &Run, timeout: Duration) -> Outcome {
    let dir = if run.dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(&run.dir)
    };
    let mut command = Command::new(&run.program);
    command.args(&run.args).current_dir(&dir);
    let shared = Arc::new(Shared::default());
    let sink: LineSink = {
        let shared = Arc::clone(&shared);
        Arc::new(move |line: &[u8]| shared.line(line))
    };
    let terminal = std::io::stderr().is_terminal();
    let label = run.display();
    let mut last_progress = 0;
    let mut tick = |elapsed: Duration| {
        let seconds = elapsed.as_secs();
        if terminal && seconds >= 1 && seconds != last_progress {
            last_progress = seconds;
            shared.progress(&format!("regression: {label} — running for {seconds}s"));
        }
    };
    let options = Options {
        stdin: None,
        timeout,
        // The lines are parsed as they stream; nothing needs keeping.
        stdout: Stream::lines(Arc::clone(&sink), 0),
        stderr: Stream::lines(sink, 0),
        tick: Some(&mut tick),
    };
    let result = child::run(command, options);
    shared.clear_progress();
    let done = match result {
        Ok(done) => done,
        Err(NotStarted(err)) => {
            return Outcome {
                runner_missing: err.kind() == std::io::ErrorKind::NotFound,
                end: End::NotStarted(err.to_string()),
                counts: None,
                failures: Vec::new(),
            };
        }
    };
    if let Some(signal) = done.interrupted {
        child::reraise(signal);
    }
    let end = match done.ending {
        Ending::Exited(code) => End::Exited {
            success: code == 0,
            code: Some(code),
        },
        Ending::Signalled { .. } => End::Killed(done.describe()),
        Ending::TimedOut => End::TimedOut,
    };
    let parsed = shared.parsed.lock().map(|p| p.clone()).unwrap_or_default();
    Outcome {
        end,
        counts: parsed.counts(),
        runner_missing: parsed.runner_missing,
        failures: parsed.failures,
    }
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

    /// One line of the runner's output: shown (secrets masked) and parsed.
    fn line(&self, line: &[u8]) {
        self.write(&redact_bytes(line));
        let text = String::from_utf8_lossy(line);
        if let Ok(mut parsed) = self.parsed.lock() {
            parsed.line(text.trim_end());
        }
    }

    fn clear_progress(&self) {
        if self.progress_shown.swap(false, Ordering::Relaxed) {
            let _guard = self.stderr.lock();
            let _ = std::io::stderr().lock().write_all(b"\r\x1b[2K");
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

/// Writes one line of a command's output to pactkit's stderr, secrets masked (for gate
/// commands that are not test runs, like `gates.coverage.command`).
pub fn write_redacted(line: &[u8]) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(&redact_bytes(line));
    let _ = err.flush();
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
