//! What a push sends: the change set and commits of every updated ref, from the lines git
//! writes on the pre-push hook's stdin.

use crate::error::Result;
use crate::git::push::parse_pre_push;
use crate::git::{ChangeSet, CommitInfo, PushUpdate, Repo};

/// Everything the pre-push gates read about a push.
#[derive(Debug, Clone)]
pub struct Pushed {
    /// The union of the pushed changes.
    pub changes: ChangeSet,
    /// The pushed commits.
    pub commits: Vec<CommitInfo>,
    /// Every ref git listed, deletions included (the branch gate reads the remote refs).
    pub updates: Vec<PushUpdate>,
}

/// The union of the pushed changes and the pushed commits, and the updated refs.
pub fn pushed(repo: &Repo, remote: &str, stdin: &str) -> Result<Pushed> {
    let updates = parse_pre_push(stdin)?;
    let pushed = repo.pushed_changes(&updates, remote)?;
    Ok(Pushed {
        changes: pushed.changes,
        commits: pushed.commits,
        updates,
    })
}
