//! Messages no rule judges: commitlint's default ignores (merges, reverts, reapplies,
//! `fixup!` / `squash!` / `amend!`, bare semver release commits, automatic merges) and the
//! user's own patterns.

use super::parse::compile;
use std::sync::LazyLock;

static DEFAULTS: LazyLock<Vec<regex::Regex>> = LazyLock::new(|| {
    [
        r"(?m)^((Merge pull request)|(Merge (.*?) into (.*?)|(Merge branch (.*?)))(?:\r?\n)*$)",
        r"(?m)^(Merge tag (.*?))(?:\r?\n)*$",
        r"^(R|r)evert (.*)",
        r"^(R|r)eapply (.*)",
        r"^(amend|fixup|squash)!",
        r"^(Merged (.*?)(in|into) (.*)|Merged PR (.*): (.*))",
        r"^Merge remote-tracking branch(\s*)(.*)",
        r"^Automatic merge(.*)",
        r"^Auto-merged (.*?) into (.*)",
    ]
    .iter()
    .map(|p| compile(p))
    .collect()
});

static SEMVER: LazyLock<regex::Regex> = LazyLock::new(|| {
    compile(
        r"^[v=]?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    )
});
static CHORE_PREFIX: LazyLock<regex::Regex> = LazyLock::new(|| compile(r"^chore(\([^)]+\))?:"));

/// Words one of the default patterns needs; a message with none of them is not ignored,
/// which spares the common case the cost of compiling the patterns.
const TRIGGERS: [&str; 6] = ["Merge", "evert", "eapply", "!", "Auto", "Merged"];

/// Whether commitlint's default ignores skip this message.
pub fn default_ignored(message: &str) -> bool {
    let triggered = TRIGGERS.iter().any(|t| message.contains(t));
    (triggered && DEFAULTS.iter().any(|re| re.is_match(message))) || is_release(message)
}

/// A release commit: the header, less an optional `chore(scope):`, is a semantic version.
fn is_release(message: &str) -> bool {
    let header = message.split('\n').next().unwrap_or_default();
    let candidate = header
        .strip_prefix("chore")
        .map_or(header, |rest| rest.split_once(':').map_or(rest, |(_, v)| v));
    if !candidate
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == 'v' || c == '=')
    {
        return false;
    }
    let stripped = CHORE_PREFIX.replace(header, "");
    SEMVER.is_match(stripped.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ignores_match_commitlints() {
        for message in [
            "Merge pull request #12 from a/b",
            "Merge branch 'main' into feature",
            "Merge tag 'v1.0.0'",
            "Revert \"feat: x\"",
            "reapply \"feat: x\"",
            "fixup! feat: x",
            "squash! fix: y",
            "amend! fix: y",
            "1.2.3",
            "chore(release): v2.0.0-rc.1",
            "Merged PR 42: thing",
            "Merge remote-tracking branch 'origin/main'",
            "Automatic merge from CI",
            "Auto-merged main into release",
        ] {
            assert!(default_ignored(message), "{message}");
        }
        for message in [
            "feat: merge branch logic",
            "chore: 1.2",
            "Fixup! x",
            "release 1.2.3",
        ] {
            assert!(!default_ignored(message), "{message}");
        }
    }
}
