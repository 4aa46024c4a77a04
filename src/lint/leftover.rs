//! Scratch directories left behind by lint runs that were killed (SIGKILL, power loss):
//! finding them, telling a dead run's directory from a running one's, and `pactkit lint
//! --recover`, which puts the backed-up files back.
//!
//! Layout of a run's directory `<git dir>/pactkit-lint-<pid>[-<n>]/` (see `scratch.rs`):
//! - `owner`: written when the directory is created: pid, the process's start time
//!   (`/proc/<pid>/stat`) and the boot id. The run is alive while that pid exists, is not a
//!   zombie and has the same start time on the same boot; a reused pid is not the owner.
//!   Without an owner file (an older pactkit, or a kill between `mkdir` and the write) the
//!   pid from the name decides: an existing process counts as alive, so a running run is
//!   never taken for dead (at worst a dead one is reported late).
//! - `backup/<path>`: the copies taken before a fixer runs.
//! - `backup.json`: written atomically after every copy is complete and before the fixer
//!   starts; removed right after the fix is staged (or undone). A dead run's directory with
//!   it is a backup whose fixer may have rewritten the files. Without it the fixer never
//!   started: nothing to restore.
//!
//! Recovery writes only the work tree, never the index: the index is written by pactkit
//! only after a fix was accepted, and `backup.json` goes right after that, so a leftover
//! backup means either the index still holds what the user staged (which, for a fixed
//! file, equals the backup: only fully staged files are fixed; for `git commit <path>` git
//! rolls its real index back to what it was, whose entry `backup.json` records) or, killed
//! in the few instructions between staging and removing `backup.json`, the accepted fix,
//! which then shows as a change in `git status`. Writing the index would need git's
//! `index.lock` and could undo staging the user did since.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The prefix of a run's directory name in the git directory.
pub const PREFIX: &str = "pactkit-lint-";
/// The owner file of a run's directory.
pub const OWNER: &str = "owner";
/// The directory of the backups.
pub const BACKUP: &str = "backup";
/// The list of a complete backup, written before the fixer starts.
pub const MANIFEST: &str = "backup.json";
/// The suffix of the work-tree copies `--recover` keeps: `<file>.pactkit-recover-<n>`.
pub const KEPT_SUFFIX: &str = ".pactkit-recover-";

/// The list of a complete backup.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The fixer about to run.
    pub tool: String,
    /// When the backup was taken (ISO seconds).
    pub taken: String,
    /// The backed-up files, repository-relative.
    pub files: Vec<String>,
    /// Per file, the blob ids its index entries had when the backup was taken (the index
    /// the hook was given and the real one, which differ for `git commit <path>`).
    #[serde(default)]
    pub staged: BTreeMap<String, Vec<String>>,
}

/// The owner file's text for this process.
pub fn owner_text() -> String {
    let pid = std::process::id();
    let start = start_time(pid).map_or_else(|| "-".to_owned(), |s| s.to_string());
    let boot = boot_id().unwrap_or_else(|| "-".to_owned());
    format!("pactkit-lint 1\npid {pid}\nstart {start}\nboot {boot}\n")
}

/// A run's directory whose owner is gone.
#[derive(Debug, Clone)]
pub struct Leftover {
    /// The directory.
    pub dir: PathBuf,
    /// The pid of the run, when known.
    pub pid: Option<u32>,
    /// What it holds.
    pub kind: Kind,
}

/// What a dead run's directory holds.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A backup taken before a fixer ran: the fixer may have rewritten the files.
    Backup {
        /// The fixer (`None`: written by a pactkit without `backup.json`).
        tool: Option<String>,
        /// When the backup was taken, when known.
        taken: Option<String>,
        /// Each file compared with the work tree.
        files: Vec<FileState>,
    },
    /// No complete backup: the run ended before any fixer started. Nothing to restore.
    Incomplete,
}

/// One backed-up file compared with the work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// Repository-relative path.
    pub path: String,
    /// How it compares.
    pub state: State,
    /// The blob ids staged for it when the backup was taken (empty: not recorded).
    pub staged_then: Vec<String>,
}

/// How a backed-up file compares with the work tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Same bytes: nothing to restore.
    Same,
    /// The work-tree file differs from the backup.
    Differs,
    /// The work-tree file is gone.
    Missing,
    /// The backup copy is unreadable (or its name is unsafe): nothing can be restored.
    Unreadable,
}

impl Leftover {
    /// Whether a backed-up file differs from the work tree (the fixer may have rewritten
    /// it): user work may be in the backup only.
    pub fn needs_restore(&self) -> bool {
        self.to_restore().next().is_some()
    }

    /// The files whose backup differs from the work tree.
    pub fn to_restore(&self) -> impl Iterator<Item = &FileState> {
        let files: &[FileState] = match &self.kind {
            Kind::Backup { files, .. } => files,
            Kind::Incomplete => &[],
        };
        files
            .iter()
            .filter(|f| matches!(f.state, State::Differs | State::Missing))
    }

    /// The files to restore for which nothing was staged since the run was killed: their
    /// index entry is one recorded when the backup was taken, or holds the backup's
    /// content. Their work-tree change is then most likely the fixer's unfinished write,
    /// not the user's. `staged_id` gives a path's staged blob id, `staged` its content.
    pub fn still_staged(
        &self,
        staged_id: &dyn Fn(&str) -> Option<String>,
        staged: &dyn Fn(&str) -> Option<Vec<u8>>,
    ) -> Vec<&FileState> {
        let backup = self.dir.join(BACKUP);
        self.to_restore()
            .filter(|f| {
                staged_id(&f.path).is_some_and(|id| f.staged_then.contains(&id))
                    || std::fs::read(backup.join(&f.path))
                        .is_ok_and(|saved| staged(&f.path).is_some_and(|now| now == saved))
            })
            .collect()
    }

    /// One line about the run: `<dir> (pactkit pid N, killed while `tool` fixed …)`.
    pub fn headline(&self, root: &Path) -> String {
        let dir = shown(&self.dir, root);
        let pid = self
            .pid
            .map_or_else(String::new, |pid| format!("pactkit pid {pid}, "));
        match &self.kind {
            Kind::Backup { tool, taken, files } => {
                let tool = tool
                    .as_deref()
                    .map_or_else(|| "a fixer".to_owned(), |t| format!("the fixer {t}"));
                let taken = taken
                    .as_deref()
                    .map_or_else(String::new, |t| format!(", backed up {t}"));
                format!(
                    "{dir} ({pid}ended while {tool} ran on {} file(s){taken})",
                    files.len()
                )
            }
            Kind::Incomplete => {
                format!("{dir} ({pid}ended before any fixer ran: nothing to restore)")
            }
        }
    }

    /// The files that need a restore, as `a.py (differs …), b.py (missing …)`.
    pub fn restore_list(&self) -> String {
        list(self.to_restore())
    }
}

/// Files as `a.py (differs from the backup), b.py (missing from the work tree)`.
pub fn list<'a>(files: impl IntoIterator<Item = &'a FileState>) -> String {
    files
        .into_iter()
        .map(|f| format!("{} ({})", f.path, state_word(f.state)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn state_word(state: State) -> &'static str {
    match state {
        State::Same => "same as the backup",
        State::Differs => "differs from the backup",
        State::Missing => "missing from the work tree",
        State::Unreadable => "backup copy unreadable",
    }
}

/// `dir` relative to `root` when inside it (`.git/pactkit-lint-42`), else as is.
pub fn shown(dir: &Path, root: &Path) -> String {
    dir.strip_prefix(root).unwrap_or(dir).display().to_string()
}

/// The run directories in `git_dir` whose owner is gone, oldest name first. A directory
/// of a running pactkit is not listed (see [`running`]).
pub fn scan(git_dir: &Path, root: &Path) -> Vec<Leftover> {
    run_dirs(git_dir)
        .into_iter()
        .filter(|(dir, pid)| !owner_alive(dir, *pid))
        .map(|(dir, pid)| {
            let owner_pid = read_owner(&dir).map(|o| o.pid).or(pid);
            let kind = inspect(&dir, root);
            Leftover {
                dir,
                pid: owner_pid,
                kind,
            }
        })
        .collect()
}

/// The run directories in `git_dir` that belong to a running pactkit, with their pid.
pub fn running(git_dir: &Path) -> Vec<(PathBuf, u32)> {
    run_dirs(git_dir)
        .into_iter()
        .filter(|(dir, pid)| owner_alive(dir, *pid))
        .map(|(dir, pid)| {
            let pid = read_owner(&dir).map(|o| o.pid).or(pid).unwrap_or(0);
            (dir, pid)
        })
        .collect()
}

/// `pactkit-lint-<pid>[-<n>]` directories, with the pid of the name.
fn run_dirs(git_dir: &Path) -> Vec<(PathBuf, Option<u32>)> {
    let Ok(entries) = std::fs::read_dir(git_dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<(PathBuf, Option<u32>)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let rest = name.strip_prefix(PREFIX)?;
            let (pid, n) = rest.split_once('-').unwrap_or((rest, "0"));
            let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            (all_digits(pid) && all_digits(n)).then(|| (e.path(), pid.parse().ok()))
        })
        .collect();
    dirs.sort();
    dirs
}

/// What a dead run's directory holds, compared with the work tree.
fn inspect(dir: &Path, root: &Path) -> Kind {
    let backup = dir.join(BACKUP);
    let manifest = std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok());
    let (tool, taken, files, mut staged) = match manifest {
        Some(m) => (Some(m.tool), Some(m.taken), m.files, m.staged),
        // An owner file without a manifest: the fixer never started (the manifest is
        // written first). No owner file: an older pactkit, which wrote no manifest; its
        // copies are all there is.
        None if dir.join(OWNER).exists() => return Kind::Incomplete,
        None => {
            let files = walk(&backup);
            if files.is_empty() {
                return Kind::Incomplete;
            }
            (None, None, files, BTreeMap::new())
        }
    };
    let files = files
        .into_iter()
        .map(|path| {
            let state = compare(&backup, root, &path);
            let staged_then = staged.remove(&path).unwrap_or_default();
            FileState {
                path,
                state,
                staged_then,
            }
        })
        .collect();
    Kind::Backup { tool, taken, files }
}

fn compare(backup: &Path, root: &Path, path: &str) -> State {
    if !safe_relative(path) {
        return State::Unreadable;
    }
    let Ok(saved) = std::fs::read(backup.join(path)) else {
        return State::Unreadable;
    };
    match std::fs::read(root.join(path)) {
        Ok(current) if current == saved => State::Same,
        Ok(_) => State::Differs,
        Err(e) if e.kind() == io::ErrorKind::NotFound => State::Missing,
        Err(_) => State::Differs,
    }
}

/// A repository-relative path without `..`, root or prefix components: it cannot name a
/// file outside the work tree (the manifest is read back from disk).
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The files below `dir`, as `/`-separated relative paths, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push((entry.path(), rel)),
                Ok(t) if t.is_file() => out.push(rel),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------- recovery

/// What recovery does (or did) with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Same as the backup: nothing to do.
    Keep(String),
    /// Restore the backup; the work-tree version goes to `kept` first (`None`: the file
    /// is missing from the work tree).
    Restore {
        /// The file.
        path: String,
        /// Where its current version is kept.
        kept: Option<String>,
    },
    /// The backup copy cannot be read: left alone.
    Unreadable(String),
}

/// The steps that recovering `leftover` takes, in order.
pub fn plan(leftover: &Leftover, root: &Path) -> Vec<Step> {
    let Kind::Backup { files, .. } = &leftover.kind else {
        return Vec::new();
    };
    files
        .iter()
        .map(|f| match f.state {
            State::Same => Step::Keep(f.path.clone()),
            State::Unreadable => Step::Unreadable(f.path.clone()),
            State::Missing => Step::Restore {
                path: f.path.clone(),
                kept: None,
            },
            State::Differs => Step::Restore {
                path: f.path.clone(),
                kept: Some(kept_name(root, &f.path)),
            },
        })
        .collect()
}

/// The first free `<file>.pactkit-recover-<n>`.
fn kept_name(root: &Path, path: &str) -> String {
    (1u32..)
        .map(|n| format!("{path}{KEPT_SUFFIX}{n}"))
        .find(|name| std::fs::symlink_metadata(root.join(name)).is_err())
        .unwrap_or_else(|| format!("{path}{KEPT_SUFFIX}x"))
}

/// A step as one line.
pub fn describe(step: &Step) -> String {
    match step {
        Step::Keep(path) => format!("{path}: same as the backup, nothing to do"),
        Step::Restore {
            path,
            kept: Some(kept),
        } => format!(
            "{path}: differs from the backup: the work-tree version goes to {kept}, then the backup is put back"
        ),
        Step::Restore { path, kept: None } => {
            format!("{path}: missing from the work tree: the backup is put back")
        }
        Step::Unreadable(path) => {
            format!("{path}: the backup copy cannot be read: left alone")
        }
    }
}

/// Carries out `steps` for `leftover` and then deletes its directory. Each file: its
/// current version is first written exclusively to its `kept` name (synced), then the
/// backup replaces it atomically (keeping its mode). On an error the directory stays, so a
/// second run picks up where this one stopped (restored files then compare equal).
pub fn recover(leftover: &Leftover, root: &Path, steps: &[Step]) -> io::Result<()> {
    let backup = leftover.dir.join(BACKUP);
    for step in steps {
        let Step::Restore { path, kept } = step else {
            continue;
        };
        let saved = std::fs::read(backup.join(path))?;
        let target = root.join(path);
        match kept {
            Some(kept) => {
                let current = std::fs::read(&target)?;
                let permissions = std::fs::metadata(&target)?.permissions();
                crate::infra::fsx::write_new(&root.join(kept), &current, Some(permissions))?;
                crate::infra::fsx::replace_keeping_mode(&target, &saved)?;
            }
            None => {
                if let Some(parent) = target.parent() {
                    crate::infra::fsx::create_dir_all(parent)?;
                }
                crate::infra::fsx::write_atomic(&target, &saved)?;
            }
        }
    }
    if steps.iter().any(|s| matches!(s, Step::Unreadable(_))) {
        return Err(io::Error::other(
            "a backup copy cannot be read; the directory is left in place",
        ));
    }
    remove_run_dir(&leftover.dir)
}

/// Removes a run's directory: the manifest first, so a half-removed directory never looks
/// like a backup with missing copies.
pub fn remove_run_dir(dir: &Path) -> io::Result<()> {
    match crate::infra::fsx::remove_file(&dir.join(MANIFEST)) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    crate::infra::fsx::remove_dir_all(dir)
}

// ---------------------------------------------------------------- liveness

struct Owner {
    pid: u32,
    start: Option<u64>,
    boot: Option<String>,
}

fn read_owner(dir: &Path) -> Option<Owner> {
    let text = std::fs::read_to_string(dir.join(OWNER)).ok()?;
    let mut pid = None;
    let mut start = None;
    let mut boot = None;
    for line in text.lines() {
        match line.split_once(' ') {
            Some(("pid", v)) => pid = v.parse().ok(),
            Some(("start", v)) => start = v.parse().ok(),
            Some(("boot", v)) if v != "-" => boot = Some(v.to_owned()),
            _ => {}
        }
    }
    Some(Owner {
        pid: pid?,
        start,
        boot,
    })
}

/// Whether the run that made `dir` is still running (see the module header).
fn owner_alive(dir: &Path, name_pid: Option<u32>) -> bool {
    match read_owner(dir) {
        Some(owner) => {
            if !pid_alive(owner.pid) {
                return false;
            }
            if let (Some(then), Some(now)) = (&owner.boot, boot_id())
                && *then != now
            {
                return false;
            }
            match (owner.start, start_time(owner.pid)) {
                (Some(then), Some(now)) => then == now,
                _ => true,
            }
        }
        None => name_pid.is_some_and(pid_alive),
    }
}

/// Whether a process with that pid exists and is not a zombie.
#[cfg(unix)]
fn pid_alive(pid: u32) -> bool {
    let Ok(raw) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if raw <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let exists = unsafe { libc::kill(raw, 0) } == 0
        || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    exists && !zombie(pid)
}

#[cfg(not(unix))]
fn pid_alive(_pid: u32) -> bool {
    // No way to tell: never take a running run's directory for a dead one.
    true
}

/// `/proc/<pid>/stat`'s fields after the command name: state first, start time 20th.
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = text.rsplit_once(')')?;
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

fn zombie(pid: u32) -> bool {
    stat_fields(pid).is_some_and(|f| f.first().is_some_and(|s| s == "Z" || s == "X"))
}

/// The process's start time in clock ticks after boot (Linux), to tell a reused pid.
fn start_time(pid: u32) -> Option<u64> {
    stat_fields(pid)?.get(19)?.parse().ok()
}

fn boot_id() -> Option<String> {
    let text = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    Some(text.trim().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("pactkit-leftover-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        crate::infra::fsx::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn own_directory_is_running_and_a_reused_pid_is_not() {
        let git = temp("alive");
        let ours = git.join(format!("{PREFIX}{}", std::process::id()));
        crate::infra::fsx::write_scratch(&ours.join(OWNER), owner_text().as_bytes())
            .expect("owner");
        assert_eq!(running(&git).len(), 1);
        assert!(scan(&git, &git).is_empty());
        // Same pid, another start time: the pid was reused, the owner is gone.
        let reused = owner_text().replace("\nstart ", "\nstart 1");
        crate::infra::fsx::write_scratch(&ours.join(OWNER), reused.as_bytes()).expect("owner");
        if start_time(std::process::id()).is_some() {
            assert_eq!(scan(&git, &git).len(), 1);
        }
        // No owner file: the pid alone decides, and ours is alive.
        crate::infra::fsx::remove_file(&ours.join(OWNER)).expect("rm");
        assert!(scan(&git, &git).is_empty());
        crate::infra::fsx::remove_dir_all(&git).expect("clean");
    }

    #[test]
    fn names_and_paths() {
        let git = temp("names");
        for name in [
            "pactkit-lint-1x",
            "pactkit-lint-",
            "other",
            "pactkit-lint-7-2",
        ] {
            crate::infra::fsx::create_dir_all(&git.join(name)).expect("dir");
        }
        let dirs = run_dirs(&git);
        assert_eq!(dirs.len(), 1);
        assert_eq!(dirs[0].1, Some(7));
        assert!(safe_relative("src/a.py"));
        assert!(!safe_relative("../a.py"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative(""));
        crate::infra::fsx::remove_dir_all(&git).expect("clean");
    }
}
