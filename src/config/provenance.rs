//! Where each effective value came from, for `pactkit config show`: every leaf key of the
//! effective configuration, its value, and the file line that set it (or the default).
//!
//! Only `config show` pays for this: a second parse into a `Value` (which keys the file
//! sets) and a line scan (where). The scan understands block-style YAML, which is what
//! configuration files use; a key set inside a flow mapping (`hooks: {fail_fast: true}`)
//! gets the line of its nearest block-style ancestor.

use super::model::Config;
use super::unknown::join;
use serde_json::Value as Json;
use std::collections::{HashMap, HashSet};

/// One leaf of the effective configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Dotted key (`hooks.pre-commit`, `command_models.project-plan`).
    pub key: String,
    /// The effective value.
    pub value: Json,
    /// The 1-based line in the file that set it; `None` when it is the default.
    pub line: Option<usize>,
}

impl Entry {
    /// Whether the value comes from the file.
    pub fn from_file(&self) -> bool {
        self.line.is_some()
    }
}

/// Every leaf of a configuration, sorted by dotted key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// The leaves.
    pub entries: Vec<Entry>,
}

impl Provenance {
    /// Pairs the leaves of `config` with the lines of `text` (the file it came from).
    pub fn build(config: &Config, text: Option<&str>) -> Provenance {
        let effective = serde_json::to_value(config).unwrap_or(Json::Null);
        let mut leaves = Vec::new();
        flatten(&effective, "", &mut leaves);
        let present = text.map(present_keys).unwrap_or_default();
        let lines = text.map(key_lines).unwrap_or_default();
        let entries = leaves
            .into_iter()
            .map(|(key, value)| {
                let line = present
                    .contains(&key)
                    .then(|| line_of(&key, &lines))
                    .flatten();
                Entry { key, value, line }
            })
            .collect();
        Provenance { entries }
    }
}

/// The line of `key`, or of its nearest ancestor the scan saw.
fn line_of(key: &str, lines: &HashMap<String, usize>) -> Option<usize> {
    let mut current = key;
    loop {
        if let Some(line) = lines.get(current) {
            return Some(*line);
        }
        current = current.rsplit_once('.')?.0;
    }
}

/// Objects recurse; everything else (lists included) is a leaf. An empty object is a leaf.
fn flatten(value: &Json, prefix: &str, out: &mut Vec<(String, Json)>) {
    match value {
        Json::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                flatten(child, &join(prefix, key), out);
            }
        }
        _ if !prefix.is_empty() => out.push((prefix.to_owned(), value.clone())),
        _ => {}
    }
}

/// Every dotted key (leaf or not) the file sets.
fn present_keys(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    if let Ok(value) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text) {
        collect_present(&value, "", &mut out);
    }
    out
}

fn collect_present(value: &serde_yaml_ng::Value, prefix: &str, out: &mut HashSet<String>) {
    if let serde_yaml_ng::Value::Mapping(map) = value {
        for (key, child) in map {
            let Some(key) = scalar_key(key) else { continue };
            let path = join(prefix, &key);
            collect_present(child, &path, out);
            out.insert(path);
        }
    }
}

fn scalar_key(key: &serde_yaml_ng::Value) -> Option<String> {
    match key {
        serde_yaml_ng::Value::String(s) => Some(s.clone()),
        serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
        serde_yaml_ng::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Dotted key → 1-based line, for block-style mapping keys. Keys inside sequences and
/// block scalars are skipped: lists are leaves, so their insides never need a line.
fn key_lines(text: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    // (indent, dotted key) of the open mapping keys, innermost last.
    let mut stack: Vec<(usize, String)> = Vec::new();
    // Lines indented deeper than this (or list items at it) belong to a skipped node.
    let mut skip_deeper_than: Option<(usize, bool)> = None;
    for (index, raw) in text.lines().enumerate() {
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        if content.is_empty()
            || content.starts_with('#')
            || content.starts_with("---")
            || content.starts_with("...")
        {
            continue;
        }
        if let Some((limit, items_at_limit)) = skip_deeper_than {
            let is_item = content.starts_with('-');
            if indent > limit || (items_at_limit && indent == limit && is_item) {
                continue;
            }
            skip_deeper_than = None;
        }
        if content.starts_with('-') {
            // A list under the innermost key, written at the key's own indent.
            skip_deeper_than = Some((indent, true));
            continue;
        }
        let Some((key, rest)) = split_key(content) else {
            continue;
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let path = join(stack.last().map_or("", |(_, p)| p.as_str()), &key);
        out.entry(path.clone()).or_insert(index + 1);
        let rest = rest.trim();
        if rest.starts_with('|') || rest.starts_with('>') {
            skip_deeper_than = Some((indent, false));
        } else if rest.is_empty() || rest.starts_with('#') {
            // A nested block (mapping or list) may follow.
            skip_deeper_than = None;
        }
        stack.push((indent, path));
    }
    out
}

/// `key: rest` → (key, rest), for plain, single- and double-quoted keys.
fn split_key(content: &str) -> Option<(String, &str)> {
    if let Some(quote) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = content[1..].find(quote)? + 1;
        let after = content[close + 1..].trim_start();
        let rest = after.strip_prefix(':')?;
        return Some((content[1..close].to_owned(), rest));
    }
    let mut search = 0;
    while let Some(pos) = content[search..].find(':') {
        let at = search + pos;
        let next = content[at + 1..].chars().next();
        if next.is_none_or(|c| c == ' ' || c == '\t') {
            return Some((content[..at].trim_end().to_owned(), &content[at + 1..]));
        }
        search = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_nested_keys_lists_and_block_scalars() {
        let text = "# c\nhooks:\n  pre-commit:\n  - spec\n  - lint\n  fail_fast: true\nnote: |\n  a: b\n\"developer\": bob\ncheck:\n  pactguard:\n    mode: all\n";
        let lines = key_lines(text);
        assert_eq!(lines.get("hooks"), Some(&2));
        assert_eq!(lines.get("hooks.pre-commit"), Some(&3));
        assert_eq!(lines.get("hooks.fail_fast"), Some(&6));
        assert_eq!(lines.get("note.a"), None);
        assert_eq!(lines.get("developer"), Some(&9));
        assert_eq!(lines.get("check.pactguard.mode"), Some(&12));
    }

    #[test]
    fn file_values_get_lines_and_defaults_do_not() {
        let text = "hooks:\n  fail_fast: true\ncommand_models: {project-plan: opus}\n";
        let config: Config = serde_yaml_ng::from_str(text).expect("parse");
        let prov = Provenance::build(&config, Some(text));
        let get = |k: &str| prov.entries.iter().find(|e| e.key == k).cloned().expect(k);
        assert_eq!(get("hooks.fail_fast").line, Some(2));
        assert_eq!(get("hooks.pre-commit").line, None);
        assert_eq!(get("command_models.project-plan").line, Some(3));
        assert_eq!(get("developer").line, None);
    }
}
