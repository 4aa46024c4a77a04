//! The printer: stdout carries data, stderr carries status, warnings and errors.
//! Nothing else in pactkit prints.
//!
//! Every write to stdout goes through [`write_stdout`]. A closed pipe (`EPIPE`, as in
//! `pactkit board | head -1`) silently ends the output and keeps the command's exit
//! status; any other write error (a full disk, an I/O error) is kept, later output is
//! dropped, and [`finish`] reports it on stderr and turns exit 0 into exit 3, so a
//! truncated file never comes with exit 0. Errors writing stderr are ignored: there is
//! nowhere left to report them.

pub mod escape;
pub mod style;

use crate::infra::exit::ExitStatus;
use std::io::{self, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
pub use style::{ColorChoice, Stream, Styles};

/// Where output goes, and in which styles.
#[derive(Debug, Clone)]
pub struct Printer {
    quiet: bool,
    out: Styles,
    err: Styles,
}

impl Printer {
    /// A printer for the real terminal.
    pub fn new(color: ColorChoice, quiet: bool) -> Self {
        Printer {
            quiet,
            out: Styles::for_stream(color, Stream::Stdout),
            err: Styles::for_stream(color, Stream::Stderr),
        }
    }

    /// Styles for text written to stdout.
    pub fn out_styles(&self) -> &Styles {
        &self.out
    }

    /// Styles for text written to stderr.
    pub fn styles(&self) -> &Styles {
        &self.err
    }

    /// Paints text meant for stderr.
    pub fn paint(&self, value: impl std::fmt::Display, style: owo_colors::Style) -> String {
        self.err.paint(value, style)
    }

    /// Whether `--quiet` is on.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Writes data (a line) to stdout; a failure is kept for [`finish`].
    pub fn data(&self, text: &str) {
        write_stdout(|out| writeln!(out, "{text}"));
    }

    /// Writes data to stdout without adding a newline.
    pub fn data_raw(&self, text: &str) {
        write_stdout(|out| out.write_all(text.as_bytes()));
    }

    /// Writes a status line to stderr (always shown: errors and gate reports use this).
    pub fn status_line(&self, text: &str) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "{text}");
    }

    /// Writes an informational line to stderr, dropped by `--quiet`.
    pub fn info(&self, text: &str) {
        if !self.quiet {
            self.status_line(text);
        }
    }

    /// Writes `warning: …` to stderr (dropped by `--quiet`).
    pub fn warn(&self, text: &str) {
        if !self.quiet {
            self.status_line(&format!(
                "{} {text}",
                self.paint("warning:", self.err.warning)
            ));
        }
    }

    /// Writes `hint: …` to stderr (dropped by `--quiet`).
    pub fn hint(&self, text: &str) {
        if !self.quiet {
            self.status_line(&format!("{} {text}", self.paint("hint:", self.err.hint)));
        }
    }
}

/// Set once stdout cannot take more output (closed pipe or a write error).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// The first stdout write error that was not a closed pipe.
static STDOUT_ERROR: OnceLock<String> = OnceLock::new();

/// Runs `write` on the locked stdout and flushes it, unless stdout already failed.
pub fn write_stdout(write: impl FnOnce(&mut io::StdoutLock<'_>) -> io::Result<()>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = io::stdout().lock();
    if let Err(e) = write(&mut out).and_then(|()| out.flush()) {
        stdout_failed(&e);
    }
}

/// Records a failed write to stdout made outside [`write_stdout`] (clap's help text).
pub fn stdout_failed(err: &io::Error) {
    STDOUT_CLOSED.store(true, Ordering::Relaxed);
    if err.kind() != io::ErrorKind::BrokenPipe {
        let _ = STDOUT_ERROR.set(err.to_string());
    }
}

/// Ends the run's output: flushes stdout and, if a write to it failed other than by a
/// closed pipe, says so on stderr and turns a successful `status` into exit 3
/// (environment). A failure status is kept: it already says the run did not succeed, and
/// its number can be a contract (exit 2 is an agent's "blocked").
pub fn finish(status: ExitStatus, printer: &Printer) -> ExitStatus {
    write_stdout(|_| Ok(()));
    match STDOUT_ERROR.get() {
        None => status,
        Some(cause) => {
            crate::infra::error::Error::environment("cannot write the output to stdout")
                .caused_by(cause)
                .hint("the output is incomplete; check the file or device stdout is redirected to")
                .render(printer);
            if status == ExitStatus::Ok {
                ExitStatus::Environment
            } else {
                status
            }
        }
    }
}
