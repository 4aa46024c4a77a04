//! Reading and parsing one `pactkit.yaml`: one read, one parse, unknown keys collected on
//! the way through `serde_ignored`, and every serde_yaml_ng error turned into
//! `file:line:column: dotted.key: found X, expected Y`.

use super::model::Config;
use super::{ConfigError, unknown};
use std::path::{Path, PathBuf};

/// Reads `abs` as UTF-8 text, without a leading byte-order mark. `shown` names the file
/// in errors.
pub(crate) fn read_text(abs: &Path, shown: &Path) -> Result<String, ConfigError> {
    let bytes = std::fs::read(abs).map_err(|source| ConfigError::Io {
        path: shown.to_path_buf(),
        source,
    })?;
    text_from_bytes(bytes, shown)
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
    let mut ignored = Vec::new();
    let deserializer = serde_yaml_ng::Deserializer::from_str(text);
    match serde_ignored::deserialize(deserializer, |path| ignored.push(unknown::dotted(&path))) {
        Ok(config) => Ok((config, ignored)),
        Err(err) if is_empty_document(&err) => Ok((Config::default(), Vec::new())),
        Err(err) => Err(invalid(shown.to_path_buf(), text, &err)),
    }
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
