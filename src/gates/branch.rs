//! The branch gate: keeps protected branches (`gates.branch.protected`) from being pushed
//! to or deleted directly, and, when `gates.branch.block_commits` is on, from receiving
//! commits made on them locally.
//!
//! In pre-push it reads the remote refs git lists on the hook's stdin (`GateInput::pushes`):
//! a `refs/heads/<name>` whose name matches a protected pattern blocks, whether the push
//! updates or deletes it. Tags and other refs are not branches and pass. Anywhere else
//! (pre-commit, commit-msg, `check --staged`) it judges the branch HEAD is on, and only
//! when `block_commits` is true; ranges and `--all-files` judge history, not a commit being
//! made, and pass.

use super::{Compare, Finding, GateInput, Outcome, Severity, Trigger};
use crate::config::model::BranchGateConfig;
use crate::git::PushUpdate;
use crate::githooks::HookType;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// Runs the gate.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let settings = &input.config.gates.branch;
    let protected = match protected_set(&settings.protected) {
        Ok(set) => set,
        Err(err) => return Outcome::Errored(err),
    };
    if input.trigger == Trigger::Receive {
        return match judge_receive(input, settings, &protected) {
            Ok(findings) => Outcome::from_findings(findings),
            Err(err) => Outcome::Errored(err),
        };
    }
    if input.trigger == Trigger::Hook(HookType::PrePush) || !input.pushes.is_empty() {
        return Outcome::from_findings(judge_pushes(input.pushes, &protected, input.remote_empty));
    }
    if input.trigger == Trigger::Check && *input.compare != Compare::Staged {
        return Outcome::Skipped(
            "no target branch: pass --target-ref BRANCH, or --ci in a CI run".into(),
        );
    }
    judge_commit(input, settings, &protected)
}

/// Whether `branch` (a short name) is protected by `gates.branch.protected`; an invalid
/// pattern list protects nothing here (the gate itself reports it).
pub fn is_protected(config: &crate::config::Config, branch: &str) -> bool {
    protected_set(&config.gates.branch.protected).is_ok_and(|set| set.is_match(branch))
}

/// A push to or deletion of a protected branch blocks, except creating a branch on a
/// remote that has none yet (a new project's first `git push -u origin main`), as the
/// server hook allows too.
fn judge_pushes(pushes: &[PushUpdate], protected: &GlobSet, remote_empty: bool) -> Vec<Finding> {
    let zero = |s: &str| s.bytes().all(|b| b == b'0');
    let mut findings = Vec::new();
    for update in pushes {
        let Some(branch) = update.remote_ref.strip_prefix("refs/heads/") else {
            continue;
        };
        if !protected.is_match(branch) {
            continue;
        }
        let deleting = zero(&update.local_sha);
        if remote_empty && !deleting && zero(&update.remote_sha) {
            continue;
        }
        let message = if deleting {
            format!("deleting the protected branch `{branch}` is not allowed")
        } else {
            format!("pushing directly to the protected branch `{branch}` is not allowed")
        };
        findings.push(finding(
            "protected-push",
            message,
            branch,
            "push to a feature branch and open a pull request; `gates.branch.protected` lists the protected branches",
        ));
    }
    findings
}

/// The server: a protected branch is updated only by the forge merging a pull request
/// (`allow_forge_merges`) or by a pusher listed in `push_allowed`; rewound or deleted only
/// by such a pusher with `allow_force_push`. Creating the first branch of an empty
/// repository is always allowed: there is nothing to protect yet.
fn judge_receive(
    input: &GateInput<'_>,
    settings: &BranchGateConfig,
    protected: &GlobSet,
) -> Result<Vec<Finding>, String> {
    let Some(repo) = input.repo else {
        return Ok(Vec::new());
    };
    let pusher = input.pusher.cloned().unwrap_or_default();
    let allowed_pusher = pusher
        .name
        .as_ref()
        .is_some_and(|n| settings.push_allowed.contains(n));
    let forge_merge = pusher.forge_merge && settings.allow_forge_merges;
    let empty_repository = repo
        .refs_under("refs/heads/")
        .map_err(|e| e.to_string())?
        .is_empty();
    let who = pusher.name.as_deref().unwrap_or("an unknown pusher");
    let mut findings = Vec::new();
    for update in input.pushes {
        let Some(branch) = update.remote_ref.strip_prefix("refs/heads/") else {
            continue;
        };
        if !protected.is_match(branch) {
            continue;
        }
        let zero = |s: &str| s.bytes().all(|b| b == b'0');
        let problem = if zero(&update.local_sha) {
            (!(allowed_pusher && settings.allow_force_push))
                .then(|| format!("deleting the protected branch `{branch}` is not allowed ({who})"))
        } else if zero(&update.remote_sha) {
            (!(empty_repository || allowed_pusher || forge_merge)).then(|| {
                format!("creating the protected branch `{branch}` directly is not allowed ({who})")
            })
        } else if !repo
            .is_ancestor(&update.remote_sha, &update.local_sha)
            .map_err(|e| e.to_string())?
        {
            (!(allowed_pusher && settings.allow_force_push)).then(|| {
                format!("force-pushing (rewinding) the protected branch `{branch}` is not allowed ({who})")
            })
        } else {
            (!(allowed_pusher || forge_merge)).then(|| {
                format!(
                    "pushing directly to the protected branch `{branch}` is not allowed ({who})"
                )
            })
        };
        if let Some(message) = problem {
            findings.push(finding(
                "protected-push",
                message,
                branch,
                "push a feature branch and merge it through a pull request; gates.branch.push_allowed, allow_force_push and allow_forge_merges (read from the branch's current contract) say who may do more",
            ));
        }
    }
    Ok(findings)
}

fn judge_commit(
    input: &GateInput<'_>,
    settings: &BranchGateConfig,
    protected: &GlobSet,
) -> Outcome {
    if !settings.block_commits {
        return Outcome::Skipped(
            "commits on protected branches are allowed (gates.branch.block_commits is false)"
                .into(),
        );
    }
    if *input.compare != Compare::Staged {
        return Outcome::Skipped("no commit is being made (a range or all files)".into());
    }
    let Some(branch) = input.branch else {
        return Outcome::Passed(Vec::new());
    };
    if !protected.is_match(branch) {
        return Outcome::Passed(Vec::new());
    }
    Outcome::from_findings(vec![finding(
        "protected-commit",
        format!("committing directly on the protected branch `{branch}` is not allowed"),
        branch,
        "create a branch first (`git switch -c feature/<name>`), or set gates.branch.block_commits: false",
    )])
}

fn finding(rule: &str, message: String, branch: &str, hint: &str) -> Finding {
    Finding {
        severity: Severity::Error,
        rule: rule.into(),
        message,
        subject: Some(format!("branch {branch}")),
        file: None,
        line: None,
        hint: Some(hint.into()),
    }
}

/// The protected patterns; `*` stays within one `/`-separated segment, `**` crosses them.
pub(crate) fn protected_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for (n, pattern) in patterns.iter().enumerate() {
        let glob = GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                format!("gates.branch.protected[{n}]: invalid pattern `{pattern}`: {e}")
            })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| format!("gates.branch.protected: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(local_sha: &str, remote_ref: &str) -> PushUpdate {
        PushUpdate {
            local_ref: "refs/heads/x".into(),
            local_sha: local_sha.into(),
            remote_ref: remote_ref.into(),
            remote_sha: "0".repeat(40),
        }
    }

    fn defaults() -> GlobSet {
        protected_set(&BranchGateConfig::default().protected).expect("valid")
    }

    #[test]
    fn pushes_to_protected_branches_block() {
        let sha = "a".repeat(40);
        let findings = judge_pushes(&[update(&sha, "refs/heads/main")], &defaults(), false);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("pushing directly"));
        assert!(
            judge_pushes(
                &[update(&sha, "refs/heads/feature/main")],
                &defaults(),
                false
            )
            .is_empty()
        );
        assert!(judge_pushes(&[update(&sha, "refs/tags/main")], &defaults(), false).is_empty());
    }

    #[test]
    fn deleting_a_protected_branch_blocks() {
        let findings = judge_pushes(
            &[update(&"0".repeat(40), "refs/heads/develop")],
            &defaults(),
            true,
        );
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("deleting"), "{:?}", findings);
    }

    #[test]
    fn creating_the_first_branch_of_an_empty_remote_passes() {
        let sha = "a".repeat(40);
        let first = [update(&sha, "refs/heads/main")];
        assert!(judge_pushes(&first, &defaults(), true).is_empty());
        assert_eq!(judge_pushes(&first, &defaults(), false).len(), 1);
        let mut existing = update(&sha, "refs/heads/main");
        existing.remote_sha = "b".repeat(40);
        assert_eq!(judge_pushes(&[existing], &defaults(), true).len(), 1);
    }

    #[test]
    fn globs_stop_at_slashes_unless_doubled() {
        let set = protected_set(&["release/*".into(), "hotfix/**".into()]).expect("valid");
        assert!(set.is_match("release/1.0"));
        assert!(!set.is_match("release/1.0/x"));
        assert!(set.is_match("hotfix/a/b"));
        assert!(!set.is_match("main"));
    }

    #[test]
    fn bad_patterns_name_the_key() {
        let err = protected_set(&["main".into(), "[".into()]).unwrap_err();
        assert!(err.contains("gates.branch.protected[1]"), "{err}");
    }
}
