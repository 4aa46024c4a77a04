//! Our entry in OpenCode's `instructions` list, edited in the text of `opencode.json(c)` so
//! that the user's keys, order, formatting and comments stay exactly as they were. A file
//! that does not parse (JSON with comments and trailing commas allowed) is never touched.

use crate::infra::jsonc;

/// What the new file contains when there is none.
pub const SCHEMA: &str = "https://opencode.ai/config.json";

/// Why an `opencode.json` is left alone.
#[derive(Debug, thiserror::Error)]
pub enum Invalid {
    /// Not JSON(C), or not an object.
    #[error("it is not valid JSON: {0}")]
    Syntax(String),
    /// `instructions` is there but not a list of strings.
    #[error("its `instructions` is not a list of strings")]
    Shape,
}

/// A new file with only the schema and our entry.
pub fn new_file(entry: &str) -> String {
    let value = serde_json::json!({ "$schema": SCHEMA, "instructions": [entry] });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// True when a file we created holds nothing but the schema and an empty list.
pub fn is_empty_shell(text: &str) -> bool {
    parse(text).is_ok_and(|v| v == serde_json::json!({ "$schema": SCHEMA, "instructions": [] }))
}

/// Parses JSONC into a value.
pub fn parse(text: &str) -> Result<serde_json::Value, Invalid> {
    let value = jsonc::parse(text).map_err(|e| Invalid::Syntax(e.to_string()))?;
    if !value.is_object() {
        return Err(Invalid::Syntax("the top level is not an object".into()));
    }
    Ok(value)
}

/// Whether `instructions` lists `entry`.
pub fn contains(text: &str, entry: &str) -> Result<bool, Invalid> {
    let value = parse(text)?;
    match value.get("instructions") {
        None => Ok(false),
        Some(serde_json::Value::Array(items)) => {
            if items.iter().all(serde_json::Value::is_string) {
                Ok(items.iter().any(|i| i.as_str() == Some(entry)))
            } else {
                Err(Invalid::Shape)
            }
        }
        Some(_) => Err(Invalid::Shape),
    }
}

/// `text` with `entry` in `instructions`; `None` when it is there already.
pub fn add(text: &str, entry: &str) -> Result<Option<String>, Invalid> {
    if contains(text, entry)? {
        return Ok(None);
    }
    let plain = jsonc::blank_comments(text);
    let literal = serde_json::to_string(entry).unwrap_or_default();
    let out = match find_top_level_value(&plain, "instructions") {
        Some(open) => {
            let close = matching(&plain, open).ok_or(Invalid::Shape)?;
            let inner_empty = plain[open + 1..close].trim().is_empty();
            let insert = if inner_empty {
                literal
            } else if plain[open..close].contains('\n') {
                format!("\n    {literal},")
            } else {
                format!("{literal}, ")
            };
            format!("{}{insert}{}", &text[..=open], &text[open + 1..])
        }
        None => {
            let open = plain.find('{').ok_or(Invalid::Shape)?;
            let close = matching(&plain, open).ok_or(Invalid::Shape)?;
            let comma = if plain[open + 1..close].trim().is_empty() {
                ""
            } else {
                ","
            };
            format!(
                "{}\n  \"instructions\": [{literal}]{comma}{}",
                &text[..=open],
                &text[open + 1..]
            )
        }
    };
    parse(&out)?;
    Ok(Some(out))
}

/// `text` without `entry` in `instructions`; `None` when it is not there.
pub fn remove(text: &str, entry: &str) -> Result<Option<String>, Invalid> {
    if !contains(text, entry)? {
        return Ok(None);
    }
    let plain = jsonc::blank_comments(text);
    let open = find_top_level_value(&plain, "instructions").ok_or(Invalid::Shape)?;
    let close = matching(&plain, open).ok_or(Invalid::Shape)?;
    let literal = serde_json::to_string(entry).unwrap_or_default();
    let mut at = open + 1;
    while let Some(rel) = plain[at..close].find(&literal) {
        let start = at + rel;
        let end = start + literal.len();
        // Only a whole element: preceded by `[` or `,` (and whitespace).
        let before = plain[open..start].trim_end();
        if !(before.ends_with('[') || before.ends_with(',')) {
            at = end;
            continue;
        }
        let after = plain[end..close].trim_start();
        let (cut_start, cut_end) = if after.starts_with(',') {
            let comma = end + plain[end..].find(',').unwrap_or(0);
            let mut stop = comma + 1;
            while plain.as_bytes().get(stop) == Some(&b' ') {
                stop += 1;
            }
            (start, stop)
        } else if before.ends_with(',') {
            (open + before.len() - 1, end)
        } else {
            (start, end)
        };
        let out = format!("{}{}", &text[..cut_start], &text[cut_end..]);
        parse(&out)?;
        return Ok(Some(out));
    }
    Err(Invalid::Shape)
}

/// The offset of the value of top-level `key`, when it is an array.
fn find_top_level_value(plain: &str, key: &str) -> Option<usize> {
    let b = plain.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i = crate::infra::jsonc::string_end(b, i);
                let end = i.min(b.len());
                i += 1;
                if depth == 1 {
                    let rest = plain[i.min(b.len())..].trim_start();
                    if let Some(value) = rest.strip_prefix(':') {
                        let name: Option<String> =
                            serde_json::from_str(&plain[start..=end.min(b.len() - 1)]).ok();
                        if name.as_deref() == Some(key) {
                            let value_at = b.len() - value.trim_start().len();
                            return (b.get(value_at) == Some(&b'[')).then_some(value_at);
                        }
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The offset of the bracket closing the one at `open`.
fn matching(plain: &str, open: usize) -> Option<usize> {
    let b = plain.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = crate::infra::jsonc::string_end(b, i);
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const E: &str = "~/.config/opencode/rules/pactkit/*.md";

    #[test]
    fn adds_to_a_file_without_instructions_keeping_comments() {
        let text = "{\n  // my model\n  \"model\": \"a/b\",\n}\n";
        let out = add(text, E).unwrap().unwrap();
        assert!(out.contains("// my model"));
        assert!(contains(&out, E).unwrap());
        assert_eq!(parse(&out).unwrap()["model"], "a/b");
        assert_eq!(
            remove(&out, E).unwrap().unwrap(),
            "{\n  \"instructions\": [],\n  // my model\n  \"model\": \"a/b\",\n}\n"
        );
    }

    #[test]
    fn adds_to_and_removes_from_an_existing_list() {
        for text in [
            "{\"instructions\": [\"a.md\"]}",
            "{\"instructions\": []}",
            "{\n  \"instructions\": [\n    \"a.md\",\n    \"b.md\"\n  ]\n}",
            "{}",
        ] {
            let out = add(text, E).unwrap().unwrap();
            assert!(contains(&out, E).unwrap(), "{out}");
            assert!(add(&out, E).unwrap().is_none());
            let back = remove(&out, E).unwrap().unwrap();
            assert!(!contains(&back, E).unwrap());
            let before = parse(text).unwrap();
            let after = parse(&back).unwrap();
            assert_eq!(
                before
                    .get("instructions")
                    .cloned()
                    .unwrap_or(serde_json::json!([])),
                after["instructions"],
                "{back}"
            );
        }
    }

    #[test]
    fn invalid_files_are_refused() {
        assert!(add("{ not json", E).is_err());
        assert!(add("[]", E).is_err());
        assert!(add("{\"instructions\": \"x\"}", E).is_err());
    }

    #[test]
    fn a_new_file_round_trips() {
        let text = new_file(E);
        assert!(contains(&text, E).unwrap());
        assert!(is_empty_shell(&remove(&text, E).unwrap().unwrap()));
    }
}
