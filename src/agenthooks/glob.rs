//! Globs over `/`-separated paths for the protected set: `*` and `?` stay within a
//! directory, `**` crosses them, `[a-z]`/`[!x]` are classes and `{a,b}` alternatives.

use std::path::Path;

/// A glob over `/`-separated paths: `*` and `?` stay within a directory, `**` crosses
/// them, `[a-z]`/`[!x]` are classes and `{a,b}` alternatives. Matched by hand: compiling
/// twenty patterns into regexes cost more than the rest of a decision.
#[derive(Debug, Clone)]
pub struct Glob {
    /// The pattern as written.
    pub pattern: String,
    alternatives: Vec<Vec<char>>,
}

impl Glob {
    /// `None` for a pattern with an unclosed `[` or `{`.
    pub fn new(pattern: &str) -> Option<Glob> {
        let alternatives = expand_alternatives(pattern)?;
        if alternatives.iter().any(|a| !classes_closed(a)) {
            return None;
        }
        Some(Glob {
            pattern: pattern.to_owned(),
            alternatives,
        })
    }

    /// Whether `path` matches.
    pub fn matches(&self, path: &Path) -> bool {
        let text: Vec<char> = path.to_string_lossy().chars().collect();
        self.alternatives.iter().any(|p| match_here(p, &text))
    }

    /// Whether a single name (no `/`) matches.
    pub fn matches_name(&self, name: &str) -> bool {
        self.matches(Path::new(name))
    }
}

/// `{a,b}c` → `ac`, `bc` (nested groups too); `None` when a brace is unclosed.
fn expand_alternatives(pattern: &str) -> Option<Vec<Vec<char>>> {
    let chars: Vec<char> = pattern.chars().collect();
    let Some(open) = chars.iter().position(|c| *c == '{') else {
        return Some(vec![chars]);
    };
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut start = open + 1;
    for (i, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            ',' if depth == 1 => {
                parts.push(chars[start..i].to_vec());
                start = i + 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    parts.push(chars[start..i].to_vec());
                    let mut out = Vec::new();
                    for part in parts {
                        let mut joined = chars[..open].to_vec();
                        joined.extend(part);
                        joined.extend(&chars[i + 1..]);
                        out.extend(expand_alternatives(&joined.iter().collect::<String>())?);
                    }
                    return Some(out);
                }
            }
            _ => {}
        }
    }
    None
}

fn classes_closed(pattern: &[char]) -> bool {
    let mut i = 0;
    while i < pattern.len() {
        if pattern[i] == '[' {
            match pattern[i + 1..].iter().skip(1).position(|c| *c == ']') {
                Some(end) => i += end + 2,
                None => return false,
            }
        }
        i += 1;
    }
    true
}

/// Matches `pattern` against the whole of `text`.
fn match_here(pattern: &[char], text: &[char]) -> bool {
    match pattern {
        [] => text.is_empty(),
        ['*', '*', '/', rest @ ..] => {
            // Zero or more whole directories.
            match_here(rest, text)
                || text
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c == '/')
                    .any(|(i, _)| match_here(rest, &text[i + 1..]))
        }
        ['*', '*'] => true,
        ['*', rest @ ..] => {
            let limit = text.iter().position(|c| *c == '/').unwrap_or(text.len());
            (0..=limit).any(|i| match_here(rest, &text[i..]))
        }
        ['?', rest @ ..] => {
            matches!(text.first(), Some(c) if *c != '/') && match_here(rest, &text[1..])
        }
        ['[', rest @ ..] => {
            let Some((&c, tail)) = text.split_first() else {
                return false;
            };
            let negated = matches!(rest.first(), Some('!' | '^'));
            let body = &rest[usize::from(negated)..];
            let Some(end) = body.iter().skip(1).position(|c| *c == ']').map(|p| p + 1) else {
                return false;
            };
            let class = &body[..end];
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != negated && c != '/' && match_here(&body[end + 1..], tail)
        }
        ['\\', escaped, rest @ ..] => text.first() == Some(escaped) && match_here(rest, &text[1..]),
        [p, rest @ ..] => text.first() == Some(p) && match_here(rest, &text[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_gitignore_style_paths() {
        let m = |p: &str, t: &str| Glob::new(p).expect("glob").matches(Path::new(t));
        assert!(m(".claude/settings*.json", ".claude/settings.local.json"));
        assert!(!m(".claude/settings*.json", ".claude/x/settings.json"));
        assert!(m("docs/specs/**", "docs/specs/a/b.md"));
        assert!(m("**/secret.txt", "secret.txt") && m("**/secret.txt", "a/b/secret.txt"));
        assert!(m("src/*.rs", "src/lib.rs") && !m("src/*.rs", "src/a/lib.rs"));
        assert!(m("file?.md", "file1.md") && !m("file?.md", "file10.md"));
        assert!(m("[a-c]x", "bx") && !m("[!a-c]x", "bx"));
        assert!(m("{Makefile,justfile}", "justfile"));
        assert!(m(
            "/home/u/.config/opencode/plugins/**",
            "/home/u/.config/opencode/plugins/p.js"
        ));
        assert!(Glob::new("[abc").is_none() && Glob::new("{a,b").is_none());
    }
}
