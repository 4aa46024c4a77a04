//! The repository as a server's pre-receive hook sees it: usually bare, and with the pushed
//! objects still in git's quarantine directory. Git tells hooks where through
//! `GIT_OBJECT_DIRECTORY` (the quarantine) and `GIT_ALTERNATE_OBJECT_DIRECTORIES` (the
//! repository's own objects); gix reads neither, so the repository is given an object
//! store of its own: an empty directory whose `info/alternates` lists both, created
//! outside the repository (git moves everything under the quarantine into the repository
//! once the push is accepted) and removed when the repository is dropped. A local commit
//! made with either variable set gets the same view (`discover`).

use super::{GitError, Repo};
use crate::infra::env;
use std::path::{Path, PathBuf};

/// The temporary object directory joining the quarantine and the repository's objects.
#[derive(Debug)]
pub(crate) struct QuarantineView {
    dir: PathBuf,
}

impl Drop for QuarantineView {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Opens `dir` (or `GIT_DIR`), bare or not, with the quarantined objects visible.
pub(super) fn open(dir: &Path) -> Result<Repo, GitError> {
    let mut repo = super::discover::open_as_git_would(dir)
        .map_err(|err| super::discover::classify_open_error(dir, err))?;
    let quarantine = objects_as_git_names(&mut repo)?;
    let repo = repo.to_thread_local();
    super::discover::packs_first(&repo);
    let bare = repo.workdir().is_none();
    let workdir = repo
        .workdir()
        .map_or_else(|| repo.git_dir().to_path_buf(), Path::to_path_buf);
    Ok(Repo {
        inner: repo,
        workdir,
        bare,
        head_tree: std::sync::OnceLock::new(),
        index: std::sync::Mutex::default(),
        _quarantine: quarantine,
    })
}

/// Gives `repo` the object store git's environment names, where it names one: the
/// quarantine of a push on a server, or `GIT_OBJECT_DIRECTORY` and
/// `GIT_ALTERNATE_OBJECT_DIRECTORIES` set for a local commit (git then writes and reads
/// the objects there, and a gate reading `.git/objects` would judge other objects, or
/// none). `None`, and the repository's own store, when neither is set.
pub(super) fn objects_as_git_names(
    repo: &mut gix::ThreadSafeRepository,
) -> Result<Option<QuarantineView>, GitError> {
    let own = repo.objects.path().to_path_buf();
    let Some(dirs) = object_dirs(&own) else {
        return Ok(None);
    };
    let view = view(&dirs)?;
    let store = gix::odb::Store::at_opts(
        view.dir.clone(),
        repo.objects.object_hash(),
        &mut std::iter::empty(),
        gix::odb::store::init::Options::default(),
    )
    .map_err(|e| GitError::gix("cannot open the object directories git names", e))?;
    repo.objects = gix::parallel::OwnShared::new(store);
    Ok(Some(view))
}

/// The object directories git's environment names, the primary one first (the
/// repository's own, `own`, when only alternates are named); `None` when it names none.
fn object_dirs(own: &Path) -> Option<Vec<PathBuf>> {
    let named = |name| env::var_os(name).filter(|v| !v.is_empty());
    let primary = named(env::GIT_OBJECT_DIRECTORY);
    let alternates = named(env::GIT_ALTERNATE_OBJECT_DIRECTORIES);
    if primary.is_none() && alternates.is_none() {
        return None;
    }
    let primary = primary.map_or_else(|| own.to_path_buf(), PathBuf::from);
    let mut dirs = vec![absolute(primary)];
    if let Some(alternates) = env::var(env::GIT_ALTERNATE_OBJECT_DIRECTORIES) {
        dirs.extend(split_alternates(&alternates).into_iter().map(absolute));
    }
    Some(dirs)
}

fn absolute(path: PathBuf) -> PathBuf {
    if path.is_absolute() {
        return path;
    }
    std::env::current_dir().map_or(path.clone(), |cwd| cwd.join(path))
}

/// Git's list format: `:`-separated, an entry starting with `"` is C-quoted.
fn split_alternates(text: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, next)) = chars.next() {
                            value.push(match next {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    other => value.push(other),
                }
            }
            out.push(PathBuf::from(value));
            rest = quoted[end..].strip_prefix(':').unwrap_or(&quoted[end..]);
        } else {
            let (entry, tail) = rest.split_once(':').unwrap_or((rest, ""));
            if !entry.is_empty() {
                out.push(PathBuf::from(entry));
            }
            rest = tail;
        }
    }
    out
}

/// A fresh directory in the system's temporary directory with `info/alternates` listing
/// `dirs`. Its name carries a random word (`fsx::unique_suffix`), so another user of a
/// shared `/tmp` cannot take every name the hook would try.
fn view(dirs: &[PathBuf]) -> Result<QuarantineView, GitError> {
    let base = std::env::temp_dir();
    let io = |e: std::io::Error| GitError::gix("cannot prepare the quarantined objects", e);
    for _ in 0..16u32 {
        let dir = base.join(format!(
            "pactkit-receive-{}",
            crate::infra::fsx::unique_suffix()
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => {
                let view = QuarantineView { dir };
                std::fs::create_dir(view.dir.join("info")).map_err(io)?;
                let list: String = dirs.iter().map(|d| format!("{}\n", d.display())).collect();
                std::fs::write(view.dir.join("info/alternates"), list).map_err(io)?;
                return Ok(view);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(e)),
        }
    }
    Err(io(std::io::Error::other(
        "no free temporary directory name",
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_gits_alternate_lists() {
        assert_eq!(
            split_alternates("/a/objects:/b/objects"),
            [PathBuf::from("/a/objects"), PathBuf::from("/b/objects")]
        );
        assert_eq!(
            split_alternates("\"/with:colon\\\"q\":/plain"),
            [PathBuf::from("/with:colon\"q"), PathBuf::from("/plain")]
        );
        assert!(split_alternates("").is_empty());
    }
}
