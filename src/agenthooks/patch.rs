//! The paths a patch touches, for the two formats agents send: Codex's and OpenCode's
//! `apply_patch` envelope (`*** Begin Patch`, `*** Add File: p`, `*** Update File: p`,
//! `*** Delete File: p`, `*** Move to: p`) and unified diffs (`--- a/p`, `+++ b/p`,
//! `diff --git a/p b/p`, `rename to p`), as `git apply` and `patch` read them.
//!
//! Every path is returned, sources and destinations alike: deleting or moving a protected
//! file away is as much a change to it as writing it. For a unified diff both the path as
//! written and the path with its first component stripped (`-p1`) are returned, so the
//! caller judges whichever the tool will use.

/// The paths named in `patch`, in order, without duplicates.
pub fn paths(patch: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |path: String, strip_one: bool| {
        let mut candidates = vec![path.clone()];
        if strip_one && let Some((_, stripped)) = path.split_once('/') {
            candidates.push(stripped.to_owned());
        }
        for path in candidates {
            if !path.is_empty() && path != "/dev/null" && !out.contains(&path) {
                out.push(path);
            }
        }
    };
    let clean = |raw: &str| {
        let raw = raw.trim();
        unquote(raw.split('\t').next().unwrap_or(raw))
    };
    for line in patch.lines() {
        let line = line.trim_end_matches('\r');
        for prefix in [
            "*** Add File: ",
            "*** Update File: ",
            "*** Delete File: ",
            "*** Move to: ",
            "rename from ",
            "rename to ",
            "copy from ",
            "copy to ",
        ] {
            if let Some(path) = line.strip_prefix(prefix) {
                push(clean(path), false);
            }
        }
        for prefix in ["--- ", "+++ "] {
            if let Some(path) = line.strip_prefix(prefix) {
                push(clean(path), true);
            }
        }
        if let Some(rest) = line.strip_prefix("diff --git ") {
            for part in rest.split(' ') {
                push(clean(part), true);
            }
        }
    }
    out
}

/// Git quotes unusual names in diffs (`"a/t\303\251st"`): the quotes and escapes go.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_owned();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    match chars.peek() {
                        Some(n @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(n - b'0');
                            chars.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codex_envelope() {
        let patch = "*** Begin Patch\n*** Update File: src/a.rs\n@@\n-x\n+y\n*** Move to: .git/hooks/pre-commit\n*** Add File: b.txt\n+hi\n*** Delete File: pactkit.yaml\n*** End Patch\n";
        assert_eq!(
            paths(patch),
            ["src/a.rs", ".git/hooks/pre-commit", "b.txt", "pactkit.yaml"]
        );
    }

    #[test]
    fn unified_diff_with_and_without_prefixes() {
        let patch =
            "diff --git a/x.rs b/x.rs\nindex 1..2\n--- a/x.rs\n+++ b/x.rs\n@@ -1 +1 @@\n-a\n+b\n";
        assert_eq!(paths(patch), ["a/x.rs", "x.rs", "b/x.rs"]);
        let renamed = "diff --git a/p b/q\nrename from pactkit.yaml\nrename to other.yaml\n";
        assert!(paths(renamed).contains(&"pactkit.yaml".to_owned()));
        assert_eq!(paths("--- \"a/t\\303\\251st\"\n"), ["a/tést", "tést"]);
    }
}
