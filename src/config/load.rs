//! Reading and parsing one `pactkit.yaml`: one read, one parse, unknown keys collected on
//! the way through `serde_ignored`, and every serde_yaml_ng error turned into
//! `file:line:column: dotted.key: found X, expected Y`.

use super::model::Config;
use super::{ConfigError, unknown};
use std::path::{Path, PathBuf};

/// Reads `abs` as UTF-8 text, without a leading byte-order mark. `shown` names the file
/// in errors.
/// Never holds more than [`MAX_BYTES`] + 1 bytes of it.
pub(crate) fn read_text(abs: &Path, shown: &Path) -> Result<String, ConfigError> {
    let limit = crate::infra::readlimit::Limit {
        bytes: MAX_BYTES as u64,
        what: "configuration",
    };
    let bytes = crate::infra::readlimit::read_file(abs, limit).map_err(|source| {
        if source.kind() == std::io::ErrorKind::FileTooLarge {
            let size = std::fs::metadata(abs).map_or(limit.bytes + 1, |m| m.len());
            too_large(shown, size)
        } else {
            ConfigError::Io {
                path: shown.to_path_buf(),
                source,
            }
        }
    })?;
    text_from_bytes(bytes, shown)
}

fn too_large(shown: &Path, size: u64) -> ConfigError {
    ConfigError::Invalid {
        path: shown.to_path_buf(),
        line: 1,
        column: 1,
        message: format!(
            "the file is {size} bytes; pactkit reads at most {MAX_BYTES} bytes of configuration"
        ),
    }
}

/// The file's bytes as UTF-8 text without a leading byte-order mark.
pub(crate) fn text_from_bytes(bytes: Vec<u8>, shown: &Path) -> Result<String, ConfigError> {
    let text = String::from_utf8(bytes)
        .map_err(|err| not_utf8(shown, err.as_bytes(), err.utf8_error()))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

fn not_utf8(shown: &Path, bytes: &[u8], err: std::str::Utf8Error) -> ConfigError {
    let valid = &bytes[..err.valid_up_to()];
    let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&valid[line_start..])
        .chars()
        .count()
        + 1;
    ConfigError::Invalid {
        path: shown.to_path_buf(),
        line,
        column,
        message: "the file is not valid UTF-8 text".to_owned(),
    }
}

/// Parses `text` into a [`Config`] and the dotted paths of keys the model does not know.
/// An empty document (nothing, or only comments) is the default configuration.
pub(crate) fn parse(text: &str, shown: &Path) -> Result<(Config, Vec<String>), ConfigError> {
    check_limits(text, shown)?;
    let mut ignored = Vec::new();
    let deserializer = serde_yaml_ng::Deserializer::from_str(text);
    match serde_ignored::deserialize(deserializer, |path| ignored.push(unknown::dotted(&path))) {
        Ok(config) => Ok((config, ignored)),
        Err(err) if is_empty_document(&err) => Ok((Config::default(), Vec::new())),
        Err(err) => Err(invalid(shown.to_path_buf(), text, &err)),
    }
}

/// The largest `pactkit.yaml` read (a real one is a few KB).
pub const MAX_BYTES: usize = 1 << 20;
/// The deepest nesting of flow collections (`[` and `{` inside each other) read. The YAML
/// parser's work grows with the square of this depth, even under an unknown key.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Refuses a file over [`MAX_BYTES`] or nested deeper than [`MAX_FLOW_DEPTH`] before the
/// YAML parser sees it, so a bad file costs one linear scan.
fn check_limits(text: &str, shown: &Path) -> Result<(), ConfigError> {
    let invalid = |offset: usize, message: String| {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError::Invalid {
            path: shown.to_path_buf(),
            line,
            column,
            message,
        }
    };
    if text.len() > MAX_BYTES {
        return Err(too_large(shown, text.len() as u64));
    }
    match flow_depth_over(text, MAX_FLOW_DEPTH) {
        Some(offset) => Err(invalid(
            offset,
            format!("flow collections (`[`, `{{`) nested deeper than {MAX_FLOW_DEPTH} levels"),
        )),
        None => Ok(()),
    }
}

/// The offset of the first `[`/`{` that opens a flow collection deeper than `limit`.
/// Quoted scalars and comments are skipped; a bracket inside a plain scalar (`a[b`) is
/// not an opening one. Deliberately approximate: it only guards the parser's cost.
pub(crate) fn flow_depth_over(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    // The last byte that was not a blank: decides whether a bracket or quote starts a token.
    let mut prev = b'\n';
    while i < bytes.len() {
        let b = bytes[i];
        let token_start = matches!(prev, b'\n' | b':' | b'-' | b',' | b'[' | b'{' | b'?');
        match b {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'\'' | b'"' if token_start => {
                i = quoted_end(bytes, i);
                prev = b;
                continue;
            }
            b'[' | b'{' if token_start => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b'[' | b'{' => {
                // Part of a plain scalar: the brackets after it are too.
                prev = b'a';
                i += 1;
                continue;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = b;
        i += 1;
    }
    None
}

/// The offset after the quoted scalar opening at `start` (or the end of the text).
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return i + 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// serde_yaml_ng reports a stream without any document as `EndOfStream`, which has no
/// public variant: it is the only error without a location carrying this text.
fn is_empty_document(err: &serde_yaml_ng::Error) -> bool {
    err.location().is_none() && err.to_string() == "EOF while parsing a value"
}

/// Libyaml scanner/parser errors debug-print as a struct (`Error { kind: SCANNER, … }`);
/// serde errors as a tuple (`Error("…", line: …)`). The public API has no other way to tell.
fn is_syntax_error(err: &serde_yaml_ng::Error) -> bool {
    format!("{err:?}").starts_with("Error {")
}

fn invalid(path: PathBuf, source: &str, err: &serde_yaml_ng::Error) -> ConfigError {
    let location = err.location();
    let (line, column) = location
        .as_ref()
        .map_or((1, 1), |loc| (loc.line(), loc.column()));
    let text = strip_marks(&err.to_string());
    let at_tab = location.is_some_and(|loc| {
        source
            .get(loc.index()..)
            .is_some_and(|rest| rest.starts_with('\t'))
    });
    let message = if !is_syntax_error(err) {
        reword(&text)
    } else if at_tab {
        format!("malformed YAML: {text} (a tab: YAML indents with spaces only)")
    } else {
        format!("malformed YAML: {text}")
    };
    ConfigError::Invalid {
        path,
        line,
        column,
        message,
    }
}

/// Drops every ` at line N column M` / ` at position N`: the location is in the prefix.
fn strip_marks(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 4..];
        match mark_len(tail) {
            Some(len) => rest = &tail[len..],
            None => {
                out.push_str(" at ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Length of `line N column M` or `position N` at the start of `s`.
fn mark_len(s: &str) -> Option<usize> {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(t) = s.strip_prefix("line ") {
        let n = digits(t);
        let t2 = t[n..].strip_prefix(" column ")?;
        let m = digits(t2);
        (n > 0 && m > 0).then_some(5 + n + 8 + m)
    } else if let Some(t) = s.strip_prefix("position ") {
        let n = digits(t);
        (n > 0).then_some(9 + n)
    } else {
        None
    }
}

/// serde's wording → pactkit's: `found X, expected Y`, YAML names for YAML things.
fn reword(message: &str) -> String {
    let top_level = message.contains("expected struct Config");
    let mut text = message
        .replace("invalid type: ", "found ")
        .replace("invalid value: ", "found ")
        .replace("unit value", "null")
        .replace("expected a sequence", "expected a list")
        .replace("expected struct Config", "expected a mapping of keys")
        .replace("expected struct Settings", "expected a mapping");
    if let Some(at) = text.find("expected struct ") {
        let end = text[at + 16..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(text.len(), |i| at + 16 + i);
        text.replace_range(at..end, "expected a mapping");
    }
    if top_level {
        format!("the top-level value must be a mapping: {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_depth_skips_quotes_comments_and_plain_brackets() {
        assert_eq!(flow_depth_over("a: [[1]]\n", 2), None);
        assert_eq!(flow_depth_over("a: [[[1]]]\n", 2), Some(5));
        assert_eq!(
            flow_depth_over("a: '[[[' # [[[\nb: \"{{{\\\"[[\"\n", 1),
            None
        );
        assert_eq!(flow_depth_over("a: x[[[y\nb: it''s [[[\n", 1), None);
        assert_eq!(flow_depth_over("- [{a: [1]}]\n", 2), Some(7));
        assert_eq!(flow_depth_over("[1]\n[2]\n[3]\n", 1), None);
    }

    #[test]
    fn strips_every_mark() {
        let msg = "did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1";
        assert_eq!(
            strip_marks(msg),
            "did not find expected key, while parsing a block mapping"
        );
        assert_eq!(strip_marks("look at this"), "look at this");
    }

    #[test]
    fn rewords_serde_messages() {
        assert_eq!(
            reword("hooks.fail_fast: invalid type: string \"yes\", expected a boolean"),
            "hooks.fail_fast: found string \"yes\", expected a boolean"
        );
        assert_eq!(
            reword("hooks: invalid type: integer `3`, expected struct HooksConfig"),
            "hooks: found integer `3`, expected a mapping"
        );
    }
}
