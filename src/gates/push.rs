//! What a push sends: the change set and commits of every updated ref, from the lines git
//! writes on the pre-push hook's stdin.

use crate::error::Result;
use crate::git::push::parse_pre_push;
use crate::git::{ChangeSet, CommitInfo, Repo};

/// The union of the pushed changes and the pushed commits.
pub fn pushed(repo: &Repo, remote: &str, stdin: &str) -> Result<(ChangeSet, Vec<CommitInfo>)> {
    let updates = parse_pre_push(stdin)?;
    let pushed = repo.pushed_changes(&updates, remote)?;
    Ok((pushed.changes, pushed.commits))
}
