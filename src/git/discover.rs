//! Opening a repository the way git's hooks see it, and the small facts about it:
//! the current branch, HEAD's tree, plain configuration values.

use super::{GitError, Repo};
use gix::bstr::ByteSlice;
use std::path::{Path, PathBuf};

/// Discovers the repository at or above `dir`, honouring `GIT_DIR`, `GIT_WORK_TREE` and
/// `GIT_INDEX_FILE` as git exports them to hooks.
pub(super) fn discover(dir: &Path) -> Result<Repo, GitError> {
    let spelled = git_spelling(dir);
    let mut repo = open_as_git_would(spelled.as_deref().unwrap_or(dir))
        .map_err(|err| classify_open_error(dir, err))?;
    let objects = super::receive::objects_as_git_names(&mut repo)?;
    let repo = repo.to_thread_local();
    packs_first(&repo);
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return Err(GitError::Bare(repo.git_dir().to_path_buf()));
    };
    let workdir = match spelled {
        Some(pwd) if pwd == workdir => dir.to_path_buf(),
        _ => workdir,
    };
    Ok(Repo {
        inner: repo,
        workdir,
        bare: false,
        head_tree: std::sync::OnceLock::new(),
        index: std::sync::Mutex::default(),
        _quarantine: objects,
    })
}

/// Loads every pack index before the first object is looked up, so that gix, like git,
/// finds a packed object in its pack before any loose file of the same id. gix's store
/// looks at the loose files first for as long as none of its lookups missed there (the
/// indices load on a miss): a loose file forged under the id of a packed commit would then
/// give HEAD another tree, and the contract another configuration (threat-model row
/// `shadowed-commit`). An index that cannot be loaded is reported by the read that needs
/// it; handles cloned from this one start with the loaded indices.
pub(super) fn packs_first(repo: &gix::Repository) {
    let _ = repo.objects.packed_object_count();
}

/// `$PWD` when it names `dir` differently and `dir` holds a `.git`: the spelling git gives
/// the repository when it runs at the top of the work tree reached through a symbolic
/// link (it makes its relative `.git` absolute with `$PWD` when that names the current
/// directory), which `includeIf "gitdir:…"` patterns are matched against before the
/// resolved path. `None` in the usual case, `$PWD` being `dir` itself.
pub(super) fn git_spelling(dir: &Path) -> Option<PathBuf> {
    let pwd = PathBuf::from(crate::infra::env::var_os("PWD")?);
    if pwd == dir || !pwd.is_absolute() || !pwd.join(".git").exists() {
        return None;
    }
    same_directory(&pwd, dir).then_some(pwd)
}

#[cfg(unix)]
fn same_directory(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_directory(_: &Path, _: &Path) -> bool {
    false
}

/// gix's discovery with git's environment (`GIT_DIR`, `GIT_WORK_TREE`,
/// `GIT_CEILING_DIRECTORIES`, ...). A `GIT_CEILING_DIRECTORIES` entry that is not above
/// `dir` is ignored, as git ignores it (gix refuses the whole search by default: a shell
/// exporting `GIT_CEILING_DIRECTORIES=/home` made every repository elsewhere unreadable).
pub(super) fn open_as_git_would(dir: &Path) -> Result<gix::ThreadSafeRepository, gix::Error> {
    let options = gix::discover::upwards::Options {
        match_ceiling_dir_or_error: false,
        ..Default::default()
    };
    let mut trust: gix::sec::trust::Mapping<gix::open::Options> = Default::default();
    for level in [&mut trust.full, &mut trust.reduced] {
        *level = std::mem::take(level).config_overrides([NO_REPLACE_OBJECTS]);
    }
    gix::ThreadSafeRepository::discover_with_environment_overrides_opts(dir, options, trust)
}

/// Objects are read as they are stored, never through `refs/replace/`: git commits,
/// packs and pushes the object an id names (`pack-objects`, `fsck` and `index-pack`
/// ignore replacements too), so a replacement ref pointing a secret's blob at harmless
/// text, or HEAD's commit at one with a weaker `pactkit.yaml`, would show pactkit other
/// bytes than the ones that leave the machine (threat-model row `replace-ref`). Set as an
/// API override, it wins over the repository's `core.useReplaceRefs` and the environment.
const NO_REPLACE_OBJECTS: &str = "core.useReplaceRefs=false";

/// A `git` process that reads objects as they are stored, as pactkit does
/// (`GIT_NO_REPLACE_OBJECTS`): every git pactkit starts is made here.
pub(crate) fn git_command() -> std::process::Command {
    let mut git = std::process::Command::new("git");
    git.env("GIT_NO_REPLACE_OBJECTS", "1");
    git
}

pub(super) fn classify_open_error(dir: &Path, err: gix::Error) -> GitError {
    use gix::discover::upwards::Error as Upwards;
    match err.downcast_any_ref::<Upwards>() {
        Some(
            Upwards::NoGitRepository { .. }
            | Upwards::NoGitRepositoryWithinCeiling { .. }
            | Upwards::NoGitRepositoryWithinFs { .. },
        ) => GitError::NotARepository(dir.to_path_buf()),
        _ => GitError::gix(
            format!("cannot open the git repository at {}", dir.display()),
            err,
        ),
    }
}

/// The short name of the checked-out branch; `None` when HEAD is detached or unreadable.
pub(super) fn current_branch(repo: &gix::Repository) -> Option<String> {
    let name = repo.head_name().ok()??;
    Some(name.shorten().to_str_lossy().into_owned())
}

/// A configuration value as a string (lossy for non-UTF-8 values).
pub(super) fn config_string(repo: &gix::Repository, key: &str) -> Option<String> {
    config_value(repo.config_snapshot().plumbing(), key)
}

/// A value of `file` as git reads it for the settings pactkit takes from it: `git -c
/// key=value`, which git exports to hooks in `GIT_CONFIG_PARAMETERS` (gix does not read
/// it), wins; a key without a value (`[commit] verbose`, `git -c commit.verbose`) is
/// `true`, git's reading of it as a boolean (as a string git refuses it, and never runs
/// the hook). `core.commentChar` is read with its other name, `core.commentString` (git
/// 2.45): whichever is given last.
pub(super) fn config_value(file: &gix::config::File, key: &str) -> Option<String> {
    let comment = key.eq_ignore_ascii_case(COMMENT_NAMES[0]);
    let names = if comment {
        &COMMENT_NAMES[..]
    } else {
        &[key][..]
    };
    let given = crate::infra::env::var(crate::infra::env::GIT_CONFIG_PARAMETERS)
        .and_then(|params| super::hooks_dir::config_parameter_value(&params, names));
    let lossy = |value: gix::bstr::BString| value.to_str_lossy().into_owned();
    let value = match given {
        Some(value) => value,
        None if comment => Some(lossy(last_comment_setting(file)?)),
        None => file.string_implicit(key)?.map(lossy),
    };
    Some(value.unwrap_or_else(|| "true".to_owned()))
}

/// git's two names of the comment-line setting.
const COMMENT_NAMES: [&str; 2] = ["core.commentChar", "core.commentString"];

/// The last `commentChar` or `commentString` value of the `[core]` sections, in the
/// order git reads them.
fn last_comment_setting(file: &gix::config::File) -> Option<gix::bstr::BString> {
    const NAMES: [&str; 2] = ["commentChar", "commentString"];
    let mut last = None;
    for section in file.sections_by_name("core").into_iter().flatten() {
        if section.header().subsection_name().is_some() {
            continue;
        }
        let body = section.body();
        let mut seen = [0usize; 2];
        for name in body.value_names() {
            let Some(which) = NAMES.iter().position(|n| n.eq_ignore_ascii_case(&name)) else {
                continue;
            };
            if let Some(value) = body.values(NAMES[which]).get(seen[which]) {
                last = Some(value.clone());
            }
            seen[which] += 1;
        }
    }
    last
}

/// The tree of HEAD's commit, or `None` on an unborn branch.
pub(super) fn head_tree(repo: &gix::Repository) -> Result<Option<gix::ObjectId>, GitError> {
    let head = repo
        .head()
        .map_err(|e| GitError::gix("cannot read HEAD", e))?;
    if head.is_unborn() {
        return Ok(None);
    }
    let commit = repo
        .head_id()
        .map_err(|e| GitError::gix("cannot read HEAD's commit", e))?;
    super::tree_diff::commit_tree(repo, commit.detach()).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::git::GitError;
    use crate::git::testutil::TempRepo;

    #[test]
    fn discovers_from_a_subdirectory() {
        let t = TempRepo::new();
        t.write("a/b/c.txt", "x\n");
        let repo = t.open_at("a/b");
        assert_eq!(
            repo.workdir().canonicalize().expect("canon"),
            t.root().canonicalize().expect("canon")
        );
        assert_eq!(repo.current_branch().as_deref(), Some("main"));
    }

    #[test]
    fn replacement_refs_are_not_applied_whatever_the_configuration_says() {
        // HEAD's commit and a blob replaced (`git replace`): git commits and pushes the
        // objects the ids name, so pactkit reads those, even with core.useReplaceRefs set.
        let t = TempRepo::new();
        t.write("pactkit.yaml", "developer: \"\"\n")
            .write("app.py", "KEY = 1\n")
            .commit_all("chore: strict");
        let rev = |r: &str| t.git(&["rev-parse", r]).trim().to_owned();
        let (head, real_tree, blob) = (rev("HEAD"), rev("HEAD^{tree}"), rev("HEAD:app.py"));
        t.git(&["gc", "-q", "--prune=now"]);
        t.write("pactkit.yaml", "# weakened\n")
            .write("app.py", "ok\n");
        t.git(&["add", "-A"]);
        let other_tree = t.git(&["write-tree"]).trim().to_owned();
        let other = t.git(&["commit-tree", &other_tree, "-m", "weak"]);
        t.git(&["replace", "-f", &head, other.trim()]);
        t.git(&["replace", "-f", &blob, &rev(":app.py")]);
        t.git(&["config", "core.useReplaceRefs", "true"]);
        assert_eq!(rev("HEAD^{tree}"), other_tree, "git shows the replacement");
        let repo = t.open();
        let tree = repo.head_tree().expect("head tree").expect("born");
        assert_eq!(tree.to_string(), real_tree);
        let id = gix::ObjectId::from_hex(blob.as_bytes()).expect("hex");
        assert_eq!(repo.read_blob(&id.to_string()).expect("blob"), b"KEY = 1\n");
    }

    #[test]
    fn empty_repository_is_unborn() {
        let t = TempRepo::new();
        let repo = t.open();
        assert!(repo.is_unborn());
        assert_eq!(repo.current_branch().as_deref(), Some("main"));
    }

    #[test]
    fn detached_head_has_no_branch() {
        let t = TempRepo::new();
        t.write("a", "1\n").commit_all("one");
        t.git(&["checkout", "-q", "--detach"]);
        let repo = t.open();
        assert!(!repo.is_unborn());
        assert_eq!(repo.current_branch(), None);
    }

    #[test]
    fn bare_repository_is_refused() {
        let t = TempRepo::new();
        t.git(&["init", "-q", "--bare", "bare.git"]);
        let err = crate::git::Repo::discover(&t.root().join("bare.git")).expect_err("bare");
        assert!(matches!(err, GitError::Bare(_)), "{err:?}");
    }

    #[test]
    fn outside_any_repository() {
        let dir = assert_fs::TempDir::new().expect("temp");
        let err = crate::git::Repo::discover(dir.path()).expect_err("no repo");
        assert!(matches!(err, GitError::NotARepository(_)), "{err:?}");
    }

    #[test]
    fn linked_worktree_shares_the_common_dir() {
        let t = TempRepo::new();
        t.write("a", "1\n").commit_all("one");
        let wt = t.add_worktree("feature");
        let repo = crate::git::Repo::discover(&wt).expect("worktree");
        assert_eq!(
            repo.workdir().canonicalize().expect("canon"),
            wt.canonicalize().expect("canon")
        );
        assert_eq!(repo.current_branch().as_deref(), Some("feature"));
        let common = repo.common_dir().canonicalize().expect("canon");
        assert_eq!(common, t.root().join(".git").canonicalize().expect("canon"));
        assert_ne!(repo.git_dir().canonicalize().expect("canon"), common);
    }

    #[test]
    fn config_string_reads_local_config() {
        let t = TempRepo::new();
        t.git(&["config", "pactkit.test", "hello"]);
        assert_eq!(
            t.open().config_string("pactkit.test").as_deref(),
            Some("hello")
        );
        assert_eq!(t.open().config_string("pactkit.missing"), None);
    }
}
