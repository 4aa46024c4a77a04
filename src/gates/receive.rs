//! The server's pre-receive hook: every ref update of a push judged like `pactkit check`
//! judges a range — commit by commit, by the contract of the ref's old tip (the default
//! branch's for a new ref) — plus branch protection. Git rejects the whole push when the
//! hook fails, so a blocked push changes no ref.
//!
//! Which commits: those the push brings that no existing ref already has (`git rev-list
//! <new> --not --all`), each judged once even when several pushed refs bring it. History
//! the server already holds was judged when it arrived.

use super::history::{self, RangeJob};
use super::runner::{Report, resolve_gates};
use super::trust::{self, ContractSource};
use super::{CommitMessage, GateId, Pusher, Trigger};
use crate::git::{PushUpdate, Repo};
use crate::githooks::HookType;
use crate::infra::env;
use crate::infra::error::{Error, Result};
use std::collections::HashSet;

/// One ref update and its verdict.
#[derive(Debug)]
pub struct RefVerdict {
    /// The update, as git listed it.
    pub update: PushUpdate,
    /// The gates' report.
    pub report: Report,
}

/// Parses git's pre-receive stdin: `<old> <new> <ref>` per line.
pub fn parse(stdin: &str) -> Result<Vec<PushUpdate>> {
    let mut updates = Vec::new();
    for (n, line) in stdin.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [old, new, name] = fields.as_slice() else {
            return Err(Error::usage(format!(
                "malformed pre-receive input on line {}: `{line}`",
                n + 1
            ))
            .hint("pre-receive input comes from git; run pactkit from the pre-receive hook"));
        };
        updates.push(PushUpdate {
            local_ref: (*name).to_owned(),
            local_sha: (*new).to_owned(),
            remote_ref: (*name).to_owned(),
            remote_sha: (*old).to_owned(),
        });
    }
    Ok(updates)
}

/// The pusher as the server's environment names it.
pub fn pusher_from_env() -> Pusher {
    let name = [
        env::GL_USERNAME,
        env::GITEA_PUSHER_NAME,
        env::REMOTE_USER,
        env::USER,
    ]
    .into_iter()
    .find_map(|var| env::var(var).filter(|v| !v.is_empty()));
    let forge_merge = env::is_set_non_empty(env::GITEA_PR_ID)
        || env::var(env::GL_PROTOCOL).as_deref() == Some("web");
    Pusher { name, forge_merge }
}

/// Judges every update of a push.
pub fn judge(repo: &Repo, updates: &[PushUpdate], pusher: &Pusher) -> Result<Vec<RefVerdict>> {
    let existing: Vec<String> = repo
        .refs_under("refs/")?
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    let default_tip = repo
        .current_branch()
        .and_then(|b| repo.resolve(&format!("refs/heads/{b}")).ok());
    let mut judged: HashSet<String> = HashSet::new();
    let mut verdicts = Vec::new();
    for update in updates {
        let report = judge_update(
            repo,
            update,
            pusher,
            &existing,
            default_tip.as_deref(),
            &mut judged,
        )?;
        verdicts.push(RefVerdict {
            update: update.clone(),
            report,
        });
    }
    Ok(verdicts)
}

fn judge_update(
    repo: &Repo,
    update: &PushUpdate,
    pusher: &Pusher,
    existing: &[String],
    default_tip: Option<&str>,
    judged: &mut HashSet<String>,
) -> Result<Report> {
    let old = Some(update.remote_sha.as_str()).filter(|s| !is_zero(s));
    let new = Some(update.local_sha.as_str()).filter(|s| !is_zero(s));
    let base = old.or(default_tip).unwrap_or_default().to_owned();
    let base_trust = trust::at(repo, ContractSource::Rev(base.clone()))?;
    let config = &base_trust.loaded.config;
    let mut gates = resolve_gates(
        HookType::PreReceive.configured_gates(&config.hooks),
        "hooks.pre-receive",
    )?;
    if !gates.contains(&GateId::Branch) && is_branch(&update.remote_ref) {
        // Branch protection is the server's job whatever the gate list says.
        gates.push(GateId::Branch);
    }
    let first_push = existing.is_empty();
    let commits = match new {
        // An empty repository has no contract yet and nothing to protect: its first push
        // (an import, a new project) sets the contract, it is not judged by one.
        Some(_) if first_push => Vec::new(),
        Some(new) => repo
            .commits_excluding(new, existing)?
            .into_iter()
            .filter(|c| judged.insert(c.id.clone()))
            .collect(),
        None => Vec::new(),
    };
    let branch = update
        .remote_ref
        .strip_prefix("refs/heads/")
        .map(str::to_owned);
    let job = RangeJob {
        base,
        commits,
        net: None,
        strict_messages: branch
            .as_deref()
            .is_some_and(|b| super::branch::is_protected(config, b)),
        branch,
        pushes: vec![update.clone()],
        pusher: Some(pusher.clone()),
        approved: false,
        extra_messages: Vec::new(),
        tag_messages: match new {
            Some(new) => repo
                .tag_messages(new)?
                .into_iter()
                .map(|text| CommitMessage::stored(format!("tag {}", update.remote_ref), text))
                .collect(),
            None => Vec::new(),
        },
        pull_request_into: None,
    };
    let mut report = history::judge(repo, &job, &gates, Trigger::Receive)?;
    if first_push {
        report.notes.push(
            "the first push to an empty repository sets the contract; its commits are not judged"
                .into(),
        );
    }
    Ok(report)
}

fn is_branch(name: &str) -> bool {
    name.starts_with("refs/heads/")
}

fn is_zero(sha: &str) -> bool {
    sha.bytes().all(|b| b == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gits_lines() {
        let zero = "0".repeat(40);
        let a = "a".repeat(40);
        let updates = parse(&format!("{zero} {a} refs/heads/main\n\n")).expect("valid");
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].remote_ref, "refs/heads/main");
        assert_eq!(updates[0].remote_sha, zero);
        assert_eq!(updates[0].local_sha, a);
        assert!(parse("one two\n").is_err());
    }
}
