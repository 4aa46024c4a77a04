//! What a push sends: the change set and commits of every updated ref, from the lines git
//! writes on the pre-push hook's stdin.

use crate::git::push::parse_pre_push;
use crate::git::{ChangeSet, CommitInfo, PushUpdate, Repo};
use crate::infra::error::Result;

/// Everything the pre-push gates read about a push.
#[derive(Debug, Clone)]
pub struct Pushed {
    /// The union of the pushed changes.
    pub changes: ChangeSet,
    /// The pushed commits.
    pub commits: Vec<CommitInfo>,
    /// Every ref git listed, deletions included (the branch gate reads the remote refs).
    pub updates: Vec<PushUpdate>,
    /// The remote has no branches yet (asked only when the push creates a branch).
    pub remote_empty: bool,
}

/// The union of the pushed changes and the pushed commits, and the updated refs.
pub fn pushed(repo: &Repo, remote: &str, stdin: &str) -> Result<Pushed> {
    let updates = parse_pre_push(stdin)?;
    let pushed = repo.pushed_changes(&updates, remote)?;
    let creates_branch = updates.iter().any(|u| {
        u.remote_ref.starts_with("refs/heads/")
            && u.remote_sha.bytes().all(|b| b == b'0')
            && !u.local_sha.bytes().all(|b| b == b'0')
    });
    Ok(Pushed {
        changes: pushed.changes,
        commits: pushed.commits,
        remote_empty: creates_branch && remote_has_no_branches(repo, remote),
        updates,
    })
}

/// Whether `git ls-remote --heads <remote>` succeeds and lists nothing. Any failure
/// answers no: the branch gate then judges the push as it would any other.
fn remote_has_no_branches(repo: &Repo, remote: &str) -> bool {
    crate::git::git_command()
        .args(["ls-remote", "--heads", "--", remote])
        .current_dir(repo.workdir())
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.is_empty())
}
