//! The commit-msg gate: every commit message in the run must satisfy the configured
//! Conventional Commits rules (see [`crate::commitmsg`]).

use super::{Finding, GateInput, Outcome, Severity};
use crate::commitmsg::{LintOptions, Linter, Problem};

/// Lints every message of the run.
pub fn run(input: &GateInput<'_>) -> Outcome {
    if input.messages.is_empty() {
        return Outcome::Skipped("no commit message in this run".into());
    }
    let linter = match Linter::new(&input.config.gates.commit_msg) {
        Ok(linter) => linter,
        Err(err) => return Outcome::Errored(format!("invalid gates.commit-msg settings: {err}")),
    };
    let options = LintOptions {
        comment_char: input.comment_char,
        branch: input.branch,
    };
    let mut findings = Vec::new();
    for message in input.messages {
        let report = linter.lint(&message.text, &options);
        let errors = report
            .errors
            .iter()
            .map(|p| finding(p, Severity::Error, &message.source));
        let warnings = report
            .warnings
            .iter()
            .map(|p| finding(p, Severity::Warning, &message.source));
        findings.extend(errors.chain(warnings));
    }
    Outcome::from_findings(findings)
}

fn finding(problem: &Problem, severity: Severity, source: &str) -> Finding {
    Finding {
        severity,
        rule: problem.rule.clone(),
        message: problem.message.clone(),
        subject: Some(source.to_owned()),
        file: None,
        line: None,
        hint: problem.hint.clone(),
    }
}

/// Range mode against a protected branch: what commitlint's default ignores would let
/// through unlinted must be what git itself writes. `fixup!`/`squash!`/`amend!` commits
/// are work in progress; a merge header needs a merge commit in one of git's (or a forge's)
/// forms; a revert header needs git's `Revert "…"` form and its `This reverts commit`
/// line. `parents` is the commit's parent count.
pub fn strict_findings(message: &str, parents: usize) -> Vec<Finding> {
    let header = message.lines().next().unwrap_or("").trim_end();
    let problem = if ["fixup!", "squash!", "amend!"]
        .iter()
        .any(|p| header.starts_with(p))
    {
        Some((
            "fixup-commit",
            "a fixup!/squash!/amend! commit is bound for a protected branch".to_owned(),
            "squash it into the commit it fixes: `git rebase -i --autosquash <base>`",
        ))
    } else if is_merge_header(header) {
        if parents < 2 {
            Some((
                "merge-header",
                "the header claims a merge, but the commit has a single parent".to_owned(),
                "write a Conventional Commits header; only git and the forge write merge headers",
            ))
        } else if !is_git_merge_form(header) {
            Some((
                "merge-header",
                format!("`{header}` is not a merge header git or a forge writes"),
                "keep git's own merge message (`Merge branch 'x'`), or write a Conventional Commits header",
            ))
        } else {
            None
        }
    } else if is_revert_header(header) && !is_git_revert(header, message) {
        Some((
            "revert-header",
            format!("`{header}` is not the revert header git writes"),
            "use `git revert <commit>` and keep its `Revert \"…\"` header and `This reverts commit <id>.` line, or write a Conventional Commits header",
        ))
    } else {
        None
    };
    problem
        .map(|(rule, message, hint)| Finding {
            severity: Severity::Error,
            rule: rule.into(),
            message,
            subject: None,
            file: None,
            line: None,
            hint: Some(hint.into()),
        })
        .into_iter()
        .collect()
}

fn is_merge_header(header: &str) -> bool {
    ["Merge ", "Merged ", "Auto-merged ", "Automatic merge"]
        .iter()
        .any(|p| header.starts_with(p))
}

/// `Merge branch 'x'[ of URL][ into y]`, `Merge remote-tracking branch 'o/x'`,
/// `Merge tag 'v1'`, `Merge commit 'abc'`, their plurals, `Merge pull request #N from o/b`,
/// GitLab's `Merge branch 'x' into 'y'`.
fn is_git_merge_form(header: &str) -> bool {
    const KINDS: [&str; 10] = [
        "branch '",
        "branches '",
        "remote-tracking branch '",
        "remote-tracking branches '",
        "tag '",
        "tags '",
        "commit '",
        "commits '",
        "ref '",
        "refs '",
    ];
    let Some(rest) = header.strip_prefix("Merge ") else {
        return false;
    };
    if let Some(pr) = rest.strip_prefix("pull request #") {
        let digits = pr.bytes().take_while(u8::is_ascii_digit).count();
        return digits > 0 && pr[digits..].starts_with(" from ");
    }
    KINDS.iter().any(|k| rest.starts_with(k))
}

fn is_revert_header(header: &str) -> bool {
    ["Revert ", "revert ", "Reapply ", "reapply "]
        .iter()
        .any(|p| header.starts_with(p))
}

fn is_git_revert(header: &str, message: &str) -> bool {
    let quoted = ["Revert \"", "Reapply \""]
        .iter()
        .any(|p| header.starts_with(p) && header.ends_with('"'));
    let names_commit = message.lines().any(|line| {
        line.trim_start()
            .strip_prefix("This reverts commit ")
            .is_some_and(|rest| {
                let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
                hex >= 7
            })
    });
    quoted && names_commit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(message: &str, parents: usize) -> Vec<String> {
        strict_findings(message, parents)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn work_in_progress_commits_are_findings() {
        assert_eq!(rules("fixup! feat: x\n", 1), ["fixup-commit"]);
        assert_eq!(rules("squash! x\n", 1), ["fixup-commit"]);
        assert!(rules("feat: fixup! later\n", 1).is_empty());
    }

    #[test]
    fn merge_headers_need_a_merge_in_gits_form() {
        assert!(rules("Merge branch 'feature/x' into main\n", 2).is_empty());
        assert!(rules("Merge pull request #12 from me/x\n\nfeat: x\n", 2).is_empty());
        assert!(rules("Merge remote-tracking branch 'origin/main'\n", 2).is_empty());
        assert_eq!(rules("Merge branch 'x'\n", 1), ["merge-header"]);
        assert_eq!(rules("Merge whatever I like\n", 2), ["merge-header"]);
        assert_eq!(rules("Merged stuff in\n", 1), ["merge-header"]);
    }

    #[test]
    fn reverts_need_gits_form() {
        let good =
            "Revert \"feat: x\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n";
        assert!(rules(good, 1).is_empty());
        assert_eq!(rules("Revert everything\n", 1), ["revert-header"]);
        assert_eq!(
            rules("Revert \"feat: x\"\n\nno reference\n", 1),
            ["revert-header"]
        );
        assert!(
            rules("revert: feat x\n", 1).is_empty(),
            "a conventional revert type is linted normally"
        );
    }
}
