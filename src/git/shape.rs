//! What kind of commit a revision names, for the agent hook: commits `git stash` and
//! `git notes` make run no git hook, so a branch must not be moved onto one.

use super::Repo;
use gix::bstr::ByteSlice;

impl Repo {
    /// Whether `rev` names a commit made by `git stash` (two or three parents, the second
    /// one's message `index on …`) or by `git notes` (`Notes added by 'git notes …'`).
    pub fn is_stash_or_notes_commit(&self, rev: &str) -> bool {
        let Some(id) = super::range::rev_parse(&self.inner, rev) else {
            return false;
        };
        let Ok(commit) = id
            .object()
            .ok()
            .and_then(|o| o.try_into_commit().ok())
            .ok_or(())
        else {
            return false;
        };
        let message = commit.message_raw_sloppy();
        if message.starts_with(b"Notes ") && message.contains_str("by 'git notes") {
            return true;
        }
        let parents: Vec<_> = commit.parent_ids().collect();
        if parents.len() < 2 {
            return false;
        }
        parents[1]
            .object()
            .ok()
            .and_then(|o| o.try_into_commit().ok())
            .is_some_and(|index| index.message_raw_sloppy().starts_with(b"index on "))
    }

    /// Whether a rebase is stopped (`rebase-merge/` or `rebase-apply/` in the git dir).
    pub fn rebase_in_progress(&self) -> bool {
        let dir = self.git_dir();
        dir.join("rebase-merge").is_dir() || dir.join("rebase-apply").is_dir()
    }
}

#[cfg(test)]
mod tests {
    use crate::git::testutil::TempRepo;

    #[test]
    fn stash_commits_are_recognised_and_ordinary_ones_are_not() {
        let t = TempRepo::new();
        t.write("a", "1\n").commit_all("one");
        t.write("a", "2\n");
        t.git(&["stash", "-q"]);
        let repo = t.open();
        assert!(repo.is_stash_or_notes_commit("stash@{0}"));
        assert!(!repo.is_stash_or_notes_commit("HEAD"));
        assert!(!repo.is_stash_or_notes_commit("no-such-rev"));
        t.git(&["notes", "add", "-m", "n", "HEAD"]);
        let repo = t.open();
        assert!(repo.is_stash_or_notes_commit("refs/notes/commits"));
    }
}
