//! JSON with comments and trailing commas (`tsconfig.json`, `opencode.jsonc`): the one
//! reader for it. Comments and trailing commas are blanked byte for byte, so an offset found
//! in the plain text is the same offset in the original, and a caller can edit the user's
//! text in place (comments and formatting kept).

/// Parses JSON with `//` and `/* */` comments and trailing commas.
pub fn parse(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(&blank_comments(text))
}

/// The offset of the quote closing the JSON string whose opening quote is at `open`
/// (backslash escapes skipped), or the length of `b` when the string is not closed.
pub fn string_end(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i.min(b.len())
}

/// The text with comments and trailing commas replaced by spaces (same byte offsets).
pub fn blank_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut last_significant: Option<usize> = None;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(b, i);
                last_significant = Some(i.min(b.len() - 1));
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
                for byte in &mut out[i..end] {
                    if *byte != b'\n' {
                        *byte = b' ';
                    }
                }
                i = end;
            }
            b']' | b'}' => {
                if let Some(prev) = last_significant
                    && b[prev] == b','
                {
                    out[prev] = b' ';
                }
                last_significant = Some(i);
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                last_significant = Some(i);
                i += 1;
            }
        }
    }
    // Only ASCII bytes were replaced by ASCII spaces, and never inside a multi-byte char
    // except comment text, whose every byte became a space: still valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_trailing_commas_become_spaces_at_the_same_offsets() {
        let text = "{\"a\": [1, 2,], // x\n /* y\n */ \"b\": \"//not a comment\",}";
        let plain = blank_comments(text);
        assert_eq!(plain.len(), text.len());
        assert_eq!(plain.find("\"b\""), text.find("\"b\""));
        assert_eq!(plain.matches('\n').count(), 2);
        let value = parse(text).unwrap();
        assert_eq!(value["a"], serde_json::json!([1, 2]));
        assert_eq!(value["b"], "//not a comment");
    }

    #[test]
    fn unreadable_text_is_an_error() {
        assert!(parse("{ \"a\": ").is_err());
        assert!(parse("/* open").is_err());
    }
}
