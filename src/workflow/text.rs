//! A governed document as text that pactkit can rewrite without disturbing what it does
//! not own: the UTF-8 BOM, the line-ending style (CRLF stays CRLF) and the presence of a
//! final newline are remembered on read and restored on write. Every document write in
//! pactkit goes through [`TextFile::write`], which is atomic (temporary file + rename).
//!
//! Invariant: [`TextFile::text`] always uses `\n` line endings; the original style is
//! re-applied only when writing.

use crate::infra::error::Error;
use crate::infra::{fsx, readlimit};
use std::path::{Path, PathBuf};

const BOM: &str = "\u{FEFF}";

/// The line-ending style a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n` (decided by the first line break of the file).
    Crlf,
}

/// A document read from disk, normalised to `\n`, with its byte-level style remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    /// Where it was read from (and is written back to).
    pub path: PathBuf,
    /// The text with `\n` line endings and no BOM.
    pub text: String,
    /// Whether the file started with a UTF-8 BOM.
    pub bom: bool,
    /// The file's line-ending style.
    pub line_ending: LineEnding,
    /// Whether the original ended with a line break (true for new files).
    pub final_newline: bool,
}

impl TextFile {
    /// Reads `path`; a missing file, a directory or invalid UTF-8 is an error naming the file.
    pub fn read(path: &Path) -> Result<TextFile, Error> {
        let bytes =
            readlimit::read_file(path, readlimit::DOCUMENT).map_err(|err| read_error(path, err))?;
        TextFile::from_bytes(path, &bytes)
    }

    /// Reads `path` if it exists; `Ok(None)` when it does not.
    pub fn read_optional(path: &Path) -> Result<Option<TextFile>, Error> {
        match readlimit::read_file(path, readlimit::DOCUMENT) {
            Ok(bytes) => TextFile::from_bytes(path, &bytes).map(Some),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(read_error(path, err)),
        }
    }

    /// A document that does not exist yet: LF, no BOM, final newline.
    pub fn new(path: &Path, text: impl Into<String>) -> TextFile {
        TextFile {
            path: path.to_path_buf(),
            text: text.into(),
            bom: false,
            line_ending: LineEnding::Lf,
            final_newline: true,
        }
    }

    /// Decodes bytes as read from `path` (used for the error message only).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<TextFile, Error> {
        let decoded = std::str::from_utf8(bytes).map_err(|err| {
            let line = bytes[..err.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Error::config(format!(
                "{}: not valid UTF-8 (line {line}, byte {})",
                path.display(),
                err.valid_up_to()
            ))
            .hint("pactkit's documents are UTF-8 Markdown: re-save the file as UTF-8")
        })?;
        let (bom, body) = match decoded.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, decoded),
        };
        let line_ending = match body.find('\n') {
            Some(i) if i > 0 && body.as_bytes()[i - 1] == b'\r' => LineEnding::Crlf,
            _ => LineEnding::Lf,
        };
        let final_newline = body.is_empty() || body.ends_with('\n');
        let text = if body.contains('\r') {
            body.replace("\r\n", "\n")
        } else {
            body.to_owned()
        };
        Ok(TextFile {
            path: path.to_path_buf(),
            text,
            bom,
            line_ending,
            final_newline,
        })
    }

    /// The bytes [`write`](Self::write) would put on disk for the current text.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = self.text.clone();
        match (self.final_newline, text.ends_with('\n')) {
            (true, false) if !text.is_empty() => text.push('\n'),
            (false, true) => {
                while text.ends_with('\n') {
                    text.pop();
                }
            }
            _ => {}
        }
        if self.line_ending == LineEnding::Crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(BOM.as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        out
    }

    /// Writes the document back atomically, creating parent directories.
    pub fn write(&self) -> Result<(), Error> {
        write_bytes(&self.path, &self.to_bytes())
    }
}

/// Writes bytes atomically to `path`, creating its parent directories; errors name the file.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fsx::create_dir_all(parent).map_err(|err| {
            Error::environment(format!("cannot create {}", parent.display())).caused_by(err)
        })?;
    }
    fsx::write_atomic(path, bytes).map_err(|err| {
        Error::environment(format!("cannot write {}", path.display())).caused_by(err)
    })
}

fn read_error(path: &Path, err: std::io::Error) -> Error {
    match err.kind() {
        std::io::ErrorKind::NotFound => Error::usage(format!("{}: no such file", path.display())),
        std::io::ErrorKind::FileTooLarge => Error::config(format!("{}: {err}", path.display()))
            .hint("split the document, or archive what is finished (`pactkit board archive`)"),
        _ => Error::environment(format!("cannot read {}", path.display())).caused_by(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(bytes: &[u8]) -> Vec<u8> {
        TextFile::from_bytes(Path::new("x.md"), bytes)
            .expect("decodes")
            .to_bytes()
    }

    #[test]
    fn round_trips_every_style_unchanged() {
        for sample in [
            &b"a\nb\n"[..],
            b"a\r\nb\r\n",
            b"\xEF\xBB\xBFa\r\nb",
            b"a\nb",
            b"",
            b"\xEF\xBB\xBF",
        ] {
            assert_eq!(round_trip(sample), sample, "{sample:?}");
        }
    }

    #[test]
    fn edits_keep_crlf_and_bom() {
        let mut doc =
            TextFile::from_bytes(Path::new("x.md"), b"\xEF\xBB\xBFa\r\nb\r\n").expect("decodes");
        assert_eq!(doc.text, "a\nb\n");
        doc.text = "a\nc\nd\n".into();
        assert_eq!(doc.to_bytes(), b"\xEF\xBB\xBFa\r\nc\r\nd\r\n");
    }

    #[test]
    fn missing_final_newline_stays_missing() {
        let mut doc = TextFile::from_bytes(Path::new("x.md"), b"a\nb").expect("decodes");
        doc.text.push_str("\nc\n");
        assert_eq!(doc.to_bytes(), b"a\nb\nc");
    }

    #[test]
    fn invalid_utf8_names_the_file_and_line() {
        let err = TextFile::from_bytes(Path::new("docs/x.md"), b"ok\n\xFF\n").expect_err("invalid");
        let text = format!("{err:?}");
        assert!(
            text.contains("docs/x.md") && text.contains("line 2"),
            "{text}"
        );
    }
}
