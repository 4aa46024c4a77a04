//! What a push sends: the change set and commits of every updated ref, from the lines git
//! writes on the pre-push hook's stdin.

use crate::error::{Error, Result};
use crate::git::{ChangeSet, CommitInfo, Repo};

/// The union of the pushed changes and the pushed commits.
pub fn pushed(repo: &Repo, remote: &str, stdin: &str) -> Result<(ChangeSet, Vec<CommitInfo>)> {
    let _ = (repo, remote, stdin);
    Err(Error::environment("pre-push is not wired yet"))
}
