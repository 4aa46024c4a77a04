//! Escaping of untrusted text for the terminal: file names and what tools print must never
//! move the cursor, recolour the screen or forge a line of pactkit's own. Text output routes
//! every path through [`path`] and every free-form message through [`text`]; JSON output
//! keeps the real bytes (serde_json escapes control characters itself).
//!
//! The escapes are Rust's: `\n`, `\r`, `\t`, `\xNN` for other ASCII controls (C0 and
//! DEL), `\u{NN}` for C1 controls and the bidirectional overrides that can reorder what a
//! reader sees. Everything else, any printable Unicode, is kept as is. The backslash is
//! kept too: a name that is not UTF-8 already travels as text with its bytes written
//! `\xNN` (the git layer's lossless form), and escaping again would double them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A file name for text output: every control character escaped, newline and tab
/// included, so one name is one run of printable characters on one line.
pub fn path(name: &str) -> Cow<'_, str> {
    escape(name, is_control)
}

/// A file name given as bytes (a name git stores that is not UTF-8): [`path`] escaping,
/// and every byte that is not part of valid UTF-8 as `\xNN`.
pub fn path_bytes(name: &[u8]) -> String {
    let mut out = String::with_capacity(name.len());
    for chunk in name.utf8_chunks() {
        out.push_str(&path(chunk.valid()));
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

/// A file-system path for text output: [`path_bytes`] of its bytes on Unix, [`path`] of
/// its lossy text elsewhere.
pub fn path_shown(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path_bytes(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        self::path(&path.to_string_lossy()).into_owned()
    }
}

/// Free-form text for a terminal (a message, a tool's output, a reason): control
/// characters escaped except the newline and the tab, which keep their layout meaning.
pub fn text(message: &str) -> Cow<'_, str> {
    escape(message, |c| c != '\n' && c != '\t' && is_control(c))
}

/// The characters that can drive a terminal or reorder text: C0, DEL, C1, and the
/// Unicode bidirectional embeddings, overrides and isolates.
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(input: &str, needs: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = input.find(&needs) else {
        return Cow::Borrowed(input);
    };
    let mut out = String::with_capacity(input.len() + 8);
    out.push_str(&input[..first]);
    for c in input[first..].chars() {
        if !needs(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_borrowed_unchanged() {
        assert!(matches!(path("src/app.py"), Cow::Borrowed("src/app.py")));
        assert!(matches!(text("a\tb\nc"), Cow::Borrowed(_)));
        assert_eq!(path("naïve/日本.py"), "naïve/日本.py");
    }

    #[test]
    fn controls_in_names_become_visible_escapes() {
        assert_eq!(path("a\u{1b}[31m\nb.py"), "a\\x1b[31m\\nb.py");
        assert_eq!(path("tab\there\r"), "tab\\there\\r");
        assert_eq!(
            path("back\\slash"),
            "back\\slash",
            "kept: see the module header"
        );
        assert_eq!(path("del\u{7f}"), "del\\x7f");
        assert_eq!(path("c1\u{9b}31m"), "c1\\u{9b}31m");
        assert_eq!(path("rtl\u{202e}yp.exe"), "rtl\\u{202e}yp.exe");
    }

    #[test]
    fn text_keeps_newlines_tabs_and_backslashes() {
        assert_eq!(
            text("line one\n\tline \\two\u{1b}]0;title\u{7}"),
            "line one\n\tline \\two\\x1b]0;title\\x07"
        );
        assert_eq!(text("\r"), "\\r");
    }

    #[test]
    fn non_utf8_bytes_are_escaped_by_value() {
        assert_eq!(path_bytes(b"caf\xe9\n.py"), "caf\\xe9\\n.py");
        assert_eq!(path_bytes("ok/é".as_bytes()), "ok/é");
    }
}
