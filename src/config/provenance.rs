//! Where each configured value came from: the dotted keys of a block-style YAML file with
//! their line numbers, and the effective configuration flattened into dotted leaves.

use serde_json::Value;

/// Every `key:` line of the file as (dotted path, 1-based line), tracking indentation.
pub fn key_lines(text: &str) -> Vec<(String, usize)> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
            continue;
        }
        let Some((key, _)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty() || key.contains(' ') && !key.starts_with('"') && key.contains('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        while stack.last().is_some_and(|(ind, _)| *ind >= indent) {
            stack.pop();
        }
        stack.push((indent, key.to_owned()));
        let path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        out.push((path.join("."), i + 1));
    }
    out
}

/// The effective configuration as (dotted key, value) leaves; lists are leaves.
pub fn leaves(value: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    flatten(value, String::new(), &mut out);
    out
}

fn flatten(value: &Value, prefix: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(v, key, out);
            }
        }
        _ => out.push((prefix, value.clone())),
    }
}

/// The line of `key` (or of its nearest configured ancestor) in the file, if configured there.
pub fn line_of(lines: &[(String, usize)], key: &str) -> Option<usize> {
    lines.iter().find(|(k, _)| k == key).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_follow_indentation() {
        let text = "developer: alice\nhooks:\n  pre-commit: [spec]\n  # c\n  fail_fast: true\ngates:\n  commit-msg:\n    required: true\n";
        let lines = key_lines(text);
        assert!(lines.contains(&("hooks.fail_fast".into(), 5)));
        assert!(lines.contains(&("gates.commit-msg.required".into(), 8)));
        assert!(lines.contains(&("developer".into(), 1)));
    }
}
