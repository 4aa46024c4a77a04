//! Pre-push: parsing git's stdin lines and turning each pushed ref into the range of
//! commits (and the diff base) the gates must judge.
//!
//! Git writes one line per ref: `<local ref> <local sha> <remote ref> <remote sha>`, with
//! an all-zero sha for "no such object" on either side.

use super::range::{commits_between, parents};
use super::tree_diff::is_null_hex;
use super::{ChangeSet, CommitInfo, GitError, Repo};
use gix::ObjectId;
use std::collections::HashSet;

/// One line of pre-push input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushUpdate {
    /// The local ref being pushed (`refs/heads/main`, or `(delete)`).
    pub local_ref: String,
    /// The local object id (all zeros when deleting).
    pub local_sha: String,
    /// The ref on the remote.
    pub remote_ref: String,
    /// The remote's current id for that ref (all zeros when it does not exist yet).
    pub remote_sha: String,
}

/// What one pushed ref sends: the commits to judge and the tree to diff from.
#[derive(Debug, Clone)]
pub struct PushRange {
    /// The update this range comes from.
    pub update: PushUpdate,
    /// The commit to diff from (hex); `None` means the empty tree (new history reaching a root).
    pub from: Option<String>,
    /// The pushed commit (hex).
    pub to: String,
    /// The commits the remote does not have yet, oldest first.
    pub commits: Vec<CommitInfo>,
}

/// Everything a push sends, merged over its refs.
#[derive(Debug, Clone, Default)]
pub struct PushedChanges {
    /// One range per ref that sends something.
    pub ranges: Vec<PushRange>,
    /// The union of the ranges' change sets (a path changed by several refs appears once,
    /// as the last ref saw it), sorted by path.
    pub changes: ChangeSet,
    /// The new commits of all ranges, oldest first per range, each once.
    pub commits: Vec<CommitInfo>,
}

/// Parses git's pre-push stdin; blank lines are ignored.
pub fn parse_pre_push(stdin: &str) -> Result<Vec<PushUpdate>, GitError> {
    let mut updates = Vec::new();
    for (n, line) in stdin.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || GitError::PrePushLine {
            line: n + 1,
            text: line.to_owned(),
        };
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [local_ref, local_sha, remote_ref, remote_sha] = fields.as_slice() else {
            return Err(bad());
        };
        if !is_hex_id(local_sha) || !is_hex_id(remote_sha) {
            return Err(bad());
        }
        updates.push(PushUpdate {
            local_ref: (*local_ref).to_owned(),
            local_sha: (*local_sha).to_owned(),
            remote_ref: (*remote_ref).to_owned(),
            remote_sha: (*remote_sha).to_owned(),
        });
    }
    Ok(updates)
}

fn is_hex_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Repo {
    /// The range each pushed ref sends to `remote` (a remote name, for its tracking refs).
    pub fn push_ranges(
        &self,
        updates: &[PushUpdate],
        remote: &str,
    ) -> Result<Vec<PushRange>, GitError> {
        let remote_tips = remote_tracking_tips(&self.inner, remote)?;
        let mut ranges = Vec::new();
        for update in updates {
            if let Some(range) = push_range(&self.inner, update, &remote_tips)? {
                ranges.push(range);
            }
        }
        Ok(ranges)
    }

    /// The change set and the commit list a push sends (see [`Repo::push_ranges`]).
    pub fn pushed_changes(
        &self,
        updates: &[PushUpdate],
        remote: &str,
    ) -> Result<PushedChanges, GitError> {
        let ranges = self.push_ranges(updates, remote)?;
        let mut files = std::collections::BTreeMap::new();
        let mut commits = Vec::new();
        let mut seen = HashSet::new();
        for range in &ranges {
            let from = range.from.as_deref().unwrap_or("");
            for file in self.range_changes(from, &range.to)?.files {
                files.insert(file.path.clone(), file);
            }
            commits.extend(
                range
                    .commits
                    .iter()
                    .filter(|c| seen.insert(c.id.clone()))
                    .cloned(),
            );
        }
        Ok(PushedChanges {
            ranges,
            changes: ChangeSet {
                files: files.into_values().collect(),
                merged: Vec::new(),
            },
            commits,
        })
    }
}

fn push_range(
    repo: &gix::Repository,
    update: &PushUpdate,
    remote_tips: &[ObjectId],
) -> Result<Option<PushRange>, GitError> {
    // Deleted ref: the local sha is all zeros, nothing is sent, so there is nothing to check.
    if is_null_hex(&update.local_sha) {
        return Ok(None);
    }
    let Some(local) = peel_to_commit(repo, &update.local_sha)? else {
        return Ok(None);
    };
    let remote = Some(update.remote_sha.as_str())
        .filter(|sha| !is_null_hex(sha))
        .and_then(|sha| ObjectId::from_hex(sha.as_bytes()).ok())
        .filter(|id| repo.has_object(id));
    let (commits, from) = match remote {
        // New branch (remote sha zeros), or a remote tip we never fetched: only the commits
        // not already on any of the remote's tracking refs are new to the remote.
        None => {
            let commits = commits_between(repo, local, remote_tips)?;
            let from = base_before(repo, &commits)?;
            (commits, from)
        }
        Some(remote) => {
            let base = repo
                .merge_base(remote, local)
                .map_err(|e| GitError::gix("cannot compute a merge base", e))?;
            let base = base.map(|id| id.detach());
            if base == Some(remote) {
                // Fast-forward: the remote tip is an ancestor, so `remote..local` is what is new.
                (commits_between(repo, local, &[remote])?, Some(remote))
            } else {
                // Force push: the remote tip is not an ancestor; judge the commits the remote
                // lacks, diffed from the merge base (the empty tree for unrelated histories).
                let mut hidden = remote_tips.to_vec();
                hidden.push(remote);
                (commits_between(repo, local, &hidden)?, base)
            }
        }
    };
    if commits.is_empty() {
        return Ok(None);
    }
    Ok(Some(PushRange {
        update: update.clone(),
        from: from.map(|id| id.to_string()),
        to: local.to_string(),
        commits,
    }))
}

/// The diff base of a list of new commits (oldest first): the first parent of the oldest one,
/// or `None` (the empty tree) when the new commits reach a root commit, whose whole content
/// is new to the remote.
fn base_before(
    repo: &gix::Repository,
    commits: &[CommitInfo],
) -> Result<Option<ObjectId>, GitError> {
    let mut first_parent = None;
    for (n, commit) in commits.iter().enumerate() {
        let id = ObjectId::from_hex(commit.id.as_bytes())
            .map_err(|e| GitError::gix("invalid commit id", e))?;
        let parents = parents(repo, id)?;
        if parents.is_empty() {
            return Ok(None);
        }
        if n == 0 {
            first_parent = parents.first().copied();
        }
    }
    Ok(first_parent)
}

/// The commit a pushed sha names (annotated tags are peeled); `None` for non-commits.
fn peel_to_commit(repo: &gix::Repository, sha: &str) -> Result<Option<ObjectId>, GitError> {
    let id =
        ObjectId::from_hex(sha.as_bytes()).map_err(|_| GitError::BadRevision(sha.to_owned()))?;
    let object = repo
        .find_object(id)
        .map_err(|_| GitError::BadRevision(sha.to_owned()))?;
    Ok(object
        .peel_to_kind(gix::object::Kind::Commit)
        .ok()
        .map(|c| c.id))
}

/// Commits the remote-tracking refs `refs/remotes/<remote>/*` point at.
fn remote_tracking_tips(repo: &gix::Repository, remote: &str) -> Result<Vec<ObjectId>, GitError> {
    let prefix = format!("refs/remotes/{remote}/");
    let refs = repo
        .references()
        .map_err(|e| GitError::gix("cannot read references", e))?;
    let Ok(iter) = refs.prefixed(prefix.as_bytes()) else {
        return Ok(Vec::new());
    };
    let mut tips = Vec::new();
    for reference in iter {
        let Ok(mut reference) = reference else {
            continue;
        };
        if let Ok(commit) = reference.peel_to_commit() {
            tips.push(commit.id);
        }
    }
    tips.sort();
    tips.dedup();
    Ok(tips)
}

#[cfg(test)]
mod tests;
