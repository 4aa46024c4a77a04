//! The top-level error: one exit code, a message, its causes and hints, rendered as
//! `error:` / `caused by:` / `hint:` on stderr. Domain modules keep their own
//! `thiserror` enums and convert into this at the command boundary.

use crate::infra::exit::ExitStatus;
use crate::infra::output::{Printer, escape};
use std::fmt;

/// An error that ends a command, with what the user can do about it.
#[derive(Debug)]
pub struct Error {
    status: ExitStatus,
    message: String,
    causes: Vec<String>,
    hints: Vec<String>,
}

/// Result alias for command code.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A usage error (exit 2): bad flags or arguments.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Usage, message)
    }

    /// A configuration error (exit 2).
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Usage, message)
    }

    /// An environment error (exit 3): no repository, unreadable git state, I/O.
    pub fn environment(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Environment, message)
    }

    /// A check that failed in a way that is not a gate finding but still blocks (exit 1).
    pub fn blocked(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Blocked, message)
    }

    /// An error with an explicit exit status.
    pub fn new(status: ExitStatus, message: impl Into<String>) -> Self {
        Error {
            status,
            message: message.into(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// Adds a `caused by:` line.
    #[must_use]
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.causes.push(cause.to_string());
        self
    }

    /// Adds every source of a std error as a `caused by:` line.
    #[must_use]
    pub fn with_source_chain(mut self, err: &dyn std::error::Error) -> Self {
        self.causes.push(err.to_string());
        let mut source = err.source();
        while let Some(inner) = source {
            self.causes.push(inner.to_string());
            source = inner.source();
        }
        self
    }

    /// Adds a `hint:` line: the command or config key that fixes the problem.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The exit status this error ends the run with.
    pub fn status(&self) -> ExitStatus {
        self.status
    }

    /// The main message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The hints attached to this error.
    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// Prints the error to stderr through the printer's styles. Messages often quote a
    /// file name or a tool's output: their control characters are escaped.
    pub fn render(&self, printer: &Printer) {
        let styles = printer.styles();
        printer.status_line(&format!(
            "{} {}",
            printer.paint("error:", styles.error),
            escape::text(&self.message)
        ));
        for cause in &self.causes {
            printer.status_line(&format!(
                "  {} {}",
                printer.paint("caused by:", styles.dimmed),
                escape::text(cause)
            ));
        }
        for hint in &self.hints {
            printer.status_line(&format!(
                "  {} {}",
                printer.paint("hint:", styles.hint),
                escape::text(hint)
            ));
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for cause in &self.causes {
            write!(f, "\n  caused by: {cause}")?;
        }
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
