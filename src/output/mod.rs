//! The printer: stdout carries data, stderr carries status, warnings and errors.
//! Nothing else in pactkit prints.

pub mod escape;
pub mod style;

use std::io::Write;
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

    /// Writes data (a line) to stdout. A closed pipe is not an error worth reporting.
    pub fn data(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
    }

    /// Writes data to stdout without adding a newline.
    pub fn data_raw(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
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
