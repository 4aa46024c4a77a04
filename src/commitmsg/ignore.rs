//! Which messages are not linted: commitlint's default ignores (`@commitlint/is-ignored`
//! `wildcards`, re-stated as plain string tests) and the user's `ignores:` regexes.

use super::case::{is_js_line_terminator, js_trim};

/// commitlint's default ignores, tested against the cleaned message.
pub fn is_default_ignored(message: &str) -> bool {
    any_line_is_merge(message)
        || first_line_ignored(first_js_line(message))
        || is_semver_release(message)
}

/// The multi-line wildcards: `Merge pull request…`, `Merge … into …`, `Merge branch …`,
/// `Merge tag …` at the start of any line.
fn any_line_is_merge(message: &str) -> bool {
    message.split(is_js_line_terminator).any(|line| {
        line.starts_with("Merge pull request")
            || line.starts_with("Merge branch ")
            || line.starts_with("Merge tag ")
            || line
                .strip_prefix("Merge ")
                .is_some_and(|rest| rest.contains(" into "))
    })
}

/// The text up to the first line terminator (what a non-multiline `^…(.*)` can see).
fn first_js_line(message: &str) -> &str {
    message.split(is_js_line_terminator).next().unwrap_or("")
}

/// The wildcards anchored at the start of the message.
fn first_line_ignored(line: &str) -> bool {
    const PREFIXES: [&str; 9] = [
        "Revert ",
        "revert ",
        "Reapply ",
        "reapply ",
        "amend!",
        "fixup!",
        "squash!",
        "Merge remote-tracking branch",
        "Automatic merge",
    ];
    if PREFIXES.iter().any(|p| line.starts_with(p)) {
        return true;
    }
    let merged = line.strip_prefix("Merged ").is_some_and(|rest| {
        rest.contains("in ")
            || rest.contains("into ")
            || rest.strip_prefix("PR ").is_some_and(|pr| pr.contains(": "))
    });
    if merged {
        return true;
    }
    line.strip_prefix("Auto-merged ")
        .is_some_and(|rest| rest.contains(" into "))
}

/// A bare version as the first line, optionally as `chore[(scope)]:` with a skip-ci tag.
fn is_semver_release(message: &str) -> bool {
    let first = message.split('\n').next().unwrap_or("");
    let mut text = strip_chore_prefix(first).to_owned();
    text = strip_skip_ci(&text, '[', ']');
    text = strip_skip_ci(&text, '(', ')');
    is_semver(js_trim(&text))
}

/// `^chore(\([^)]+\))?:`
fn strip_chore_prefix(line: &str) -> &str {
    let Some(rest) = line.strip_prefix("chore") else {
        return line;
    };
    if let Some(inner) = rest.strip_prefix('(')
        && let Some(close) = inner.find(')')
        && close > 0
        && let Some(after) = inner[close + 1..].strip_prefix(':')
    {
        return after;
    }
    rest.strip_prefix(':').unwrap_or(line)
}

/// Removes the first `[skip ci]`-style tag (`(skip|ci)(-|\s)(ci|skip)`, any case).
fn strip_skip_ci(text: &str, open: char, close: char) -> String {
    for (i, _) in text.match_indices(open) {
        let inner_start = i + open.len_utf8();
        for first in ["skip", "ci"] {
            let Some(after_first) = strip_prefix_ignore_case(&text[inner_start..], first) else {
                continue;
            };
            let Some(sep) = after_first.chars().next() else {
                continue;
            };
            if !(sep == '-' || super::case::is_js_space(sep)) {
                continue;
            }
            let after_sep = &after_first[sep.len_utf8()..];
            for second in ["ci", "skip"] {
                if let Some(tail) = strip_prefix_ignore_case(after_sep, second)
                    && let Some(rest) = tail.strip_prefix(close)
                {
                    let end = text.len() - rest.len();
                    return format!("{}{}", &text[..i], &text[end..]);
                }
            }
        }
    }
    text.to_owned()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// node-semver's strict `valid()`: `v?MAJOR.MINOR.PATCH[-pre][+build]`, at most 256
/// characters, numeric parts without leading zeros and within JavaScript's safe integers.
pub fn is_semver(text: &str) -> bool {
    if text.len() > 256 {
        return false;
    }
    let text = text.strip_prefix('v').unwrap_or(text);
    let (rest, build) = match text.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (text, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let mut parts = core.split('.');
    let main_ok = (0..3).all(|_| parts.next().is_some_and(is_numeric_identifier_safe))
        && parts.next().is_none();
    main_ok
        && pre.is_none_or(|p| p.split('.').all(is_prerelease_identifier))
        && build.is_none_or(|b| b.split('.').all(is_build_identifier))
}

fn is_numeric_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn is_numeric_identifier_safe(s: &str) -> bool {
    const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;
    is_numeric_identifier(s) && s.parse::<u64>().is_ok_and(|n| n <= MAX_SAFE_INTEGER)
}

fn is_prerelease_identifier(s: &str) -> bool {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return is_numeric_identifier(s);
    }
    is_build_identifier(s)
}

fn is_build_identifier(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ignores() {
        for msg in [
            "Merge pull request #1 from a/b\n",
            "Merge branch 'main' into feature\n",
            "Merge tag 'v1.0.0'\n",
            "feat: x\n\nMerge tag 'v1'\n",
            "Revert \"feat: x\"\n",
            "Reapply \"feat: x\"\n",
            "fixup! feat: x\n",
            "amend!feat: x\n",
            "squash! x\n",
            "1.2.3\n",
            "v1.2.3-rc.1+build.5\n",
            "chore: 1.2.3\n",
            "chore(release): v2.0.0 [skip ci]\n",
            "Merged in feature (pull request #1)\n",
            "Merged PR 12: title\n",
            "Merge remote-tracking branch 'origin/main'\n",
            "Automatic merge from x\n",
            "Auto-merged a into b\n",
        ] {
            assert!(is_default_ignored(msg), "{msg:?}");
        }
        for msg in [
            "feat: x\n",
            "revert: feat x\n",
            "01.2.3\n",
            "1.2\n",
            "chore(): 1.2.3\n",
            "Merge into x\n",
        ] {
            assert!(!is_default_ignored(msg), "{msg:?}");
        }
    }

    #[test]
    fn semver() {
        assert!(is_semver("0.0.0"));
        assert!(is_semver("1.2.3-alpha.0"));
        assert!(!is_semver("1.2.3-01"));
        assert!(!is_semver("1.2.3+"));
        assert!(!is_semver("1.2.3.4"));
        assert!(!is_semver("99999999999999999.0.0"));
    }
}
