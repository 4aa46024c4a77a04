//! Revisions and commit ranges: resolving a revision to its commit or tree (empty or
//! all-zero means "nothing", the empty tree), and listing the commits of `from..to`.

use super::tree_diff::is_null_hex;
use super::{CommitInfo, GitError};
use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};

/// True for the revisions that mean "no commit": empty, or git's all-zero id.
pub(crate) fn is_nothing(rev: &str) -> bool {
    rev.trim().is_empty() || is_null_hex(rev.trim())
}

/// The commit a revision names (`HEAD~3`, a branch, a hex id); tags are peeled.
pub(crate) fn resolve_commit(repo: &gix::Repository, rev: &str) -> Result<ObjectId, GitError> {
    let bad = || GitError::BadRevision(rev.to_owned());
    let id = rev_parse(repo, rev.trim()).ok_or_else(bad)?;
    let object = id.object().map_err(|_| bad())?;
    let commit = object
        .peel_to_kind(gix::object::Kind::Commit)
        .map_err(|_| bad())?;
    Ok(commit.id)
}

/// The object a revision names, as git resolves it. gix reads an abbreviated id of up
/// to 40 digits as SHA-1 only, so in a SHA-256 repository the leading abbreviation
/// (`1a2b3c4`, `1a2b3c4~2`, `1a2b3c4^{tree}`) is expanded here first.
pub(crate) fn rev_parse<'r>(repo: &'r gix::Repository, rev: &str) -> Option<gix::Id<'r>> {
    let spec: &BStr = rev.as_bytes().as_bstr();
    if let Ok(id) = repo.rev_parse_single(spec) {
        return Some(id);
    }
    if repo.object_hash() != gix::hash::Kind::Sha256 {
        return None;
    }
    let digits = rev.bytes().take_while(u8::is_ascii_hexdigit).count();
    let rest = &rev[digits..];
    if !(gix::hash::Prefix::MIN_HEX_LEN..64).contains(&digits)
        || rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let full = expand_sha256_prefix(repo, &rev[..digits])?;
    repo.rev_parse_single(format!("{full}{rest}").as_bytes().as_bstr())
        .ok()
}

/// The one SHA-256 object id starting with `hex`; `None` when none or several do.
fn expand_sha256_prefix(repo: &gix::Repository, hex: &str) -> Option<ObjectId> {
    let mut padded = [b'0'; 64];
    padded[..hex.len()].copy_from_slice(hex.as_bytes());
    let id = ObjectId::from_hex(&padded).ok()?;
    let prefix = gix::hash::Prefix::new(&id, hex.len()).ok()?;
    match repo.objects.lookup_prefix(prefix, None) {
        Ok(Some(Ok(id))) => Some(id),
        _ => None,
    }
}

/// The tree of a revision; `None` for "nothing" (the empty tree).
pub(crate) fn resolve_tree(
    repo: &gix::Repository,
    rev: &str,
) -> Result<Option<ObjectId>, GitError> {
    if is_nothing(rev) {
        return Ok(None);
    }
    let commit = resolve_commit(repo, rev)?;
    tree_of(repo, commit).map(Some)
}

/// The tree id of a commit.
pub(crate) fn tree_of(repo: &gix::Repository, commit: ObjectId) -> Result<ObjectId, GitError> {
    let commit = repo
        .find_commit(commit)
        .map_err(|e| GitError::gix(format!("cannot read commit {commit}"), e))?;
    commit
        .tree_id()
        .map(|id| id.detach())
        .map_err(|e| GitError::gix("cannot read a commit's tree", e))
}

/// `git rev-list --reverse from..to`; `from` "nothing" → every ancestor of `to`.
pub(crate) fn commits_in_range(
    repo: &gix::Repository,
    from: &str,
    to: &str,
) -> Result<Vec<CommitInfo>, GitError> {
    let to = resolve_commit(repo, to)?;
    let hidden = if is_nothing(from) {
        Vec::new()
    } else {
        vec![resolve_commit(repo, from)?]
    };
    commits_between(repo, to, &hidden)
}

/// Commits reachable from `tip` and from none of `hidden`, oldest first (reverse commit-date
/// order, like `git rev-list --reverse`).
pub(crate) fn commits_between(
    repo: &gix::Repository,
    tip: ObjectId,
    hidden: &[ObjectId],
) -> Result<Vec<CommitInfo>, GitError> {
    let walk = repo
        .rev_walk([tip])
        .with_hidden(hidden.iter().copied())
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            Default::default(),
        ))
        .all()
        .map_err(|e| GitError::gix("cannot walk the commit graph", e))?;
    let mut ids = Vec::new();
    for info in walk {
        let info = info.map_err(|e| GitError::gix("cannot walk the commit graph", e))?;
        ids.push(info.id);
    }
    ids.reverse();
    ids.into_iter().map(|id| commit_info(repo, id)).collect()
}

fn commit_info(repo: &gix::Repository, id: ObjectId) -> Result<CommitInfo, GitError> {
    let commit = repo
        .find_commit(id)
        .map_err(|e| GitError::gix(format!("cannot read commit {id}"), e))?;
    let message = commit.message_raw_sloppy().to_str_lossy().into_owned();
    let parents = commit.parent_ids().map(|p| p.to_string()).collect();
    Ok(CommitInfo {
        id: id.to_string(),
        message,
        parents,
    })
}

/// The best common ancestor of two revisions (`git merge-base a b`), `None` without one.
pub(crate) fn merge_base(
    repo: &gix::Repository,
    a: &str,
    b: &str,
) -> Result<Option<String>, GitError> {
    let a = resolve_commit(repo, a)?;
    let b = resolve_commit(repo, b)?;
    if a == b {
        return Ok(Some(a.to_string()));
    }
    repo.merge_base(a, b)
        .map(|id| id.map(|id| id.to_string()))
        .map_err(|e| GitError::gix("cannot compute the merge base", e))
}

/// The parents of a commit.
pub(crate) fn parents(repo: &gix::Repository, id: ObjectId) -> Result<Vec<ObjectId>, GitError> {
    let commit = repo
        .find_commit(id)
        .map_err(|e| GitError::gix(format!("cannot read commit {id}"), e))?;
    Ok(commit.parent_ids().map(|p| p.detach()).collect())
}

#[cfg(test)]
mod tests {
    use crate::git::GitError;
    use crate::git::testutil::TempRepo;

    fn history() -> TempRepo {
        let t = TempRepo::new();
        for n in 1..=4 {
            t.write("f.txt", &"line\n".repeat(n))
                .commit_all(&format!("c{n}"));
        }
        t
    }

    #[test]
    fn commits_match_rev_list_reverse() {
        let t = history();
        let repo = t.open();
        let ids: Vec<String> = repo
            .commits_in_range("HEAD~3", "HEAD")
            .expect("range")
            .into_iter()
            .map(|c| c.id)
            .collect();
        let expected: Vec<String> = t
            .git(&["rev-list", "--reverse", "HEAD~3..HEAD"])
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(ids, expected);
        let all = repo.commits_in_range("", "main").expect("all");
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].message, "c1\n");
        let zero = "0".repeat(40);
        assert_eq!(repo.commits_in_range(&zero, "HEAD").expect("zero").len(), 4);
    }

    #[test]
    fn unknown_revision_is_bad_revision() {
        let t = history();
        let err = t.open().range_changes("nope", "HEAD").expect_err("bad");
        assert!(
            matches!(err, GitError::BadRevision(ref r) if r == "nope"),
            "{err:?}"
        );
        let err = t
            .open()
            .commits_in_range("HEAD", "HEAD~9")
            .expect_err("bad");
        assert!(matches!(err, GitError::BadRevision(_)), "{err:?}");
    }

    #[test]
    fn range_changes_from_the_empty_tree() {
        let t = history();
        let set = t.open().range_changes("", "HEAD~2").expect("range");
        assert_eq!(set.files.len(), 1);
        assert_eq!(set.files[0].kind, crate::git::ChangeKind::Added);
        assert_eq!(
            set.files[0].added_lines,
            vec![crate::git::LineRange { start: 1, end: 2 }]
        );
        let set = t.open().range_changes("HEAD~2", "HEAD").expect("range");
        assert_eq!(set.files[0].kind, crate::git::ChangeKind::Modified);
        assert_eq!(
            set.files[0].added_lines,
            vec![crate::git::LineRange { start: 3, end: 4 }]
        );
    }
}
