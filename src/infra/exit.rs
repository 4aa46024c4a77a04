//! The exit-code table: the API that git, CI and agent hooks read first.
//!
//! | code | meaning |
//! |-----:|---------|
//! | 0    | ok: every gate passed, or the command did its job |
//! | 1    | blocked: a gate found a problem (or a linted document failed) |
//! | 2    | usage or configuration error: bad flags, malformed `pactkit.yaml`; also the refusal of `hooks agent run claude\|opencode`, since 2 is what those agents read as "blocked" |
//! | 3    | environment problem: not a git repository, bare repository, unreadable objects, stdout cannot be written (full disk, I/O error; a closed pipe is not an error) |
//! | 130  | interrupted |

use std::process::ExitCode;

/// How a pactkit run ended; converts into the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: everything passed.
    Ok,
    /// 1: a gate blocked, or a check failed.
    Blocked,
    /// 2: the command line or the configuration is wrong.
    Usage,
    /// 3: the environment is wrong (no repository, git state unreadable).
    Environment,
    /// 130: interrupted by a signal.
    Interrupted,
}

impl ExitStatus {
    /// The numeric code the process exits with.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Blocked => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Environment => 3,
            ExitStatus::Interrupted => 130,
        }
    }

    /// The worse of two statuses (the higher code wins, except that `Ok` never wins).
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        if other.code() > self.code() {
            other
        } else {
            self
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// The table as it appears in `--help` and the README.
pub const EXIT_CODE_HELP: &str = "\
Exit codes:
  0    ok: every gate passed
  1    blocked by a gate
  2    usage or configuration error
  3    environment problem (not a git repository, bare repository, ...)
  130  interrupted";
