//! The pre-push hook's input: one line per ref git is about to update, and what each
//! update sends (its commits and the changes they bring).

use super::{ChangeSet, CommitInfo, GitError, Repo, is_null_rev};
use gix::hash::ObjectId;

/// One `<local ref> <local sha> <remote ref> <remote sha>` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushUpdate {
    /// The local ref being pushed (`(delete)` for deletions).
    pub local_ref: String,
    /// Its commit (all zeros for a deletion).
    pub local_sha: String,
    /// The ref on the remote.
    pub remote_ref: String,
    /// What the remote has now (all zeros when the ref is new there).
    pub remote_sha: String,
}

/// Parses git's pre-push stdin; blank lines are ignored.
pub fn parse_pre_push(stdin: &str) -> Result<Vec<PushUpdate>, GitError> {
    stdin
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                [local_ref, local_sha, remote_ref, remote_sha] => Ok(PushUpdate {
                    local_ref: (*local_ref).to_owned(),
                    local_sha: (*local_sha).to_owned(),
                    remote_ref: (*remote_ref).to_owned(),
                    remote_sha: (*remote_sha).to_owned(),
                }),
                _ => Err(GitError::Gix {
                    context: format!("unexpected pre-push input line: {line:?}"),
                    source: "git writes `<local ref> <local sha> <remote ref> <remote sha>`".into(),
                }),
            }
        })
        .collect()
}

impl Repo {
    /// The commits and changes a push sends to `remote`, over all its updates.
    pub fn pushed(
        &self,
        updates: &[PushUpdate],
        remote: &str,
    ) -> Result<(ChangeSet, Vec<CommitInfo>), GitError> {
        let mut changes = ChangeSet::default();
        let mut commits = Vec::new();
        for update in updates {
            // A deleted ref sends no commits: nothing to judge.
            if is_null_rev(&update.local_sha) {
                continue;
            }
            let tip = self.resolve_commit(&update.local_sha)?;
            let hidden = self.already_on_remote(update, remote)?;
            let sent = self.commits_between(tip, &hidden)?;
            if sent.is_empty() {
                continue;
            }
            let base = self.push_base(update, tip, &sent)?;
            let tip_tree = self.tree_of(tip)?;
            merge(&mut changes, self.tree_changes(base, Some(tip_tree))?);
            commits.extend(sent);
        }
        Ok((changes, commits))
    }

    /// Commits the remote already has: its current value of the ref when we know that object,
    /// plus every remote-tracking ref of `remote` (a new branch shares history with them).
    fn already_on_remote(
        &self,
        update: &PushUpdate,
        remote: &str,
    ) -> Result<Vec<ObjectId>, GitError> {
        let mut hidden = self.remote_tracking_tips(remote);
        if !is_null_rev(&update.remote_sha)
            && let Ok(id) = self.resolve_commit(&update.remote_sha)
        {
            hidden.push(id);
        }
        Ok(hidden)
    }

    fn remote_tracking_tips(&self, remote: &str) -> Vec<ObjectId> {
        let Ok(refs) = self.inner.references() else {
            return Vec::new();
        };
        let Ok(iter) = refs.prefixed(format!("refs/remotes/{remote}/").as_str()) else {
            return Vec::new();
        };
        iter.filter_map(Result::ok)
            .filter_map(|mut r| r.peel_to_id().ok().map(|id| id.detach()))
            .collect()
    }

    /// The tree the sent changes are measured from.
    fn push_base(
        &self,
        update: &PushUpdate,
        tip: ObjectId,
        sent: &[CommitInfo],
    ) -> Result<Option<ObjectId>, GitError> {
        let known_remote = if is_null_rev(&update.remote_sha) {
            None
        } else {
            self.resolve_commit(&update.remote_sha).ok()
        };
        // Fast-forward or force push onto a ref we know: diff from where the two histories meet.
        if let Some(remote) = known_remote
            && let Ok(Some(base)) = self.inner.merge_base(remote, tip)
        {
            return Ok(Some(self.tree_of(base.detach())?));
        }
        // New branch (or an unknown remote value): diff from the parent of the oldest sent
        // commit; a root commit among them diffs from the empty tree.
        let Some(oldest) = sent.first() else {
            return Ok(None);
        };
        let oldest = self.resolve_commit(&oldest.id)?;
        let commit = self
            .inner
            .find_commit(oldest)
            .map_err(super::wrap("cannot read a commit"))?;
        match commit.parent_ids().next() {
            Some(parent) => Ok(Some(self.tree_of(parent.detach())?)),
            None => Ok(None),
        }
    }
}

fn merge(into: &mut ChangeSet, more: ChangeSet) {
    for file in more.files {
        match into.files.iter_mut().find(|f| f.path == file.path) {
            Some(existing) => *existing = file,
            None => into.files.push(file),
        }
    }
    into.files.sort_by(|a, b| a.path.cmp(&b.path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_git_lines_and_rejects_garbage() {
        let zero = "0".repeat(40);
        let input = format!(
            "refs/heads/main {} refs/heads/main {zero}\n\n",
            "a".repeat(40)
        );
        let updates = parse_pre_push(&input).expect("parse");
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].remote_sha, zero);
        assert!(parse_pre_push("one two three\n").is_err());
    }
}
