//! The size limits of what pactkit reads whole into memory, and the one bounded read.
//!
//! Documents, commit messages and hook input are read through [`read_file`] or
//! [`read_stream`], which never hold more than the limit plus one byte: a larger input is
//! an [`io::ErrorKind::FileTooLarge`] error whose text states the size and the limit, and
//! every caller already names the file it was reading. docs/limits.md lists the limits.

use std::io::{self, Read};
use std::path::Path;

/// A size limit and what it applies to (for the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The largest accepted size in bytes.
    pub bytes: u64,
    /// What is read, after "of": `a project document`.
    pub what: &'static str,
}

/// The refusal's second half: `pactkit reads at most 8388608 bytes (8 MiB) of a project
/// document`.
impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pactkit reads at most {} bytes ({} MiB) of {}",
            self.bytes,
            self.bytes >> 20,
            self.what
        )
    }
}

/// Specs, the sprint board and its archives, lessons, the session context, test cases and
/// the story store's YAML records: hand-written Markdown is kilobytes.
pub const DOCUMENT: Limit = Limit {
    bytes: 8 << 20,
    what: "a project document",
};

/// A commit message (the commit-msg hook's file, `pactkit commit-msg FILE` or stdin).
pub const COMMIT_MESSAGE: Limit = Limit {
    bytes: 4 << 20,
    what: "a commit message",
};

/// What git writes to a hook's stdin (pre-push and pre-receive: one line per ref).
pub const HOOK_INPUT: Limit = Limit {
    bytes: 64 << 20,
    what: "a hook's standard input",
};

/// What an agent's tool hook sends on stdin (`pactkit hooks agent run`): a file write's
/// whole content travels in it.
pub const AGENT_PAYLOAD: Limit = Limit {
    bytes: 64 << 20,
    what: "an agent payload",
};

/// The GitHub event payload `pactkit check` reads in CI (`GITHUB_EVENT_PATH`).
pub const CI_EVENT: Limit = Limit {
    bytes: 64 << 20,
    what: "a CI event payload",
};

/// Reads the whole file at `path`, refusing it if it is larger than `limit`.
pub fn read_file(path: &Path, limit: Limit) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map(|m| m.len()).ok();
    read_bounded(file, limit, size)
}

/// Reads `input` to its end, refusing it once it passes `limit`.
pub fn read_stream(input: impl Read, limit: Limit) -> io::Result<Vec<u8>> {
    read_bounded(input, limit, None)
}

/// The one bounded read: at most `limit` plus one byte is held; `size` (a file's length,
/// when known) goes into the message of a refusal.
fn read_bounded(input: impl Read, limit: Limit, size: Option<u64>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(size.filter(|&s| s > limit.bytes), limit));
    }
    Ok(bytes)
}

fn too_large(size: Option<u64>, limit: Limit) -> io::Error {
    let found = match size {
        Some(size) => format!("it is {size} bytes"),
        None => format!("it is more than {} bytes", limit.bytes),
    };
    io::Error::new(io::ErrorKind::FileTooLarge, format!("{found}; {limit}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Limit = Limit {
        bytes: 8,
        what: "a test input",
    };

    #[test]
    fn a_stream_at_the_limit_is_read_and_one_byte_more_is_refused() {
        assert_eq!(
            read_stream(&b"12345678"[..], TINY).expect("at the limit"),
            b"12345678"
        );
        let err = read_stream(&b"123456789"[..], TINY).expect_err("over the limit");
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(
            err.to_string(),
            "it is more than 8 bytes; pactkit reads at most 8 bytes (0 MiB) of a test input"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = std::env::temp_dir().join(format!(
            "pactkit-readlimit-{}",
            crate::infra::fsx::unique_suffix()
        ));
        crate::infra::fsx::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("big.md");
        crate::infra::fsx::write_atomic(&path, &[b'x'; 20]).expect("write");
        let err = read_file(&path, TINY).expect_err("over the limit");
        assert!(err.to_string().starts_with("it is 20 bytes;"), "{err}");
        crate::infra::fsx::write_atomic(&path, b"ok\n").expect("write");
        assert_eq!(read_file(&path, TINY).expect("small"), b"ok\n");
        let _ = crate::infra::fsx::remove_dir_all(&dir);
    }
}
