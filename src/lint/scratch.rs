//! pactkit's temporary directory for one lint run: staged copies of files whose work-tree
//! content differs from what is judged, and backups of the files a fixer may rewrite.
//!
//! It lives in the repository's git directory (`<git dir>/pactkit-lint-<pid>/`) so that a
//! run killed with SIGKILL leaves its backups where `git` users look, not in `/tmp`; a
//! normal end (success, failure, crash of a linter, Ctrl-C) removes it. A killed run's
//! directory is found and recovered by [`super::leftover`], whose header describes the
//! layout (`owner`, `backup/`, `backup.json`).

use super::leftover::{self, Manifest};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// The run's temporary directory, removed on drop.
#[derive(Debug)]
pub struct Scratch {
    parent: PathBuf,
    dir: Option<PathBuf>,
}

impl Scratch {
    /// A scratch directory below `parent`, created on first use.
    pub fn new(parent: &Path) -> Scratch {
        Scratch {
            parent: parent.to_path_buf(),
            dir: None,
        }
    }

    /// `<scratch>/<name>`, created.
    pub fn subdir(&mut self, name: &str) -> io::Result<PathBuf> {
        let dir = self.dir()?.join(name);
        crate::infra::fsx::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// The directory, claimed on first use: `pactkit-lint-<pid>`, or `-<n>` after it when
    /// a directory of that name is left from a dead process that had the same pid (its
    /// backup must survive this run), with the owner file written before anything else.
    fn dir(&mut self) -> io::Result<PathBuf> {
        if let Some(dir) = &self.dir {
            return Ok(dir.clone());
        }
        crate::infra::fsx::create_dir_all(&self.parent)?;
        let pid = std::process::id();
        let mut last = None;
        for n in 0..100u32 {
            let name = if n == 0 {
                format!("{}{pid}", leftover::PREFIX)
            } else {
                format!("{}{pid}-{n}", leftover::PREFIX)
            };
            let dir = self.parent.join(name);
            match crate::infra::fsx::create_dir_new(&dir) {
                Ok(()) => {
                    self.dir = Some(dir.clone());
                    crate::infra::fsx::write_scratch(
                        &dir.join(leftover::OWNER),
                        leftover::owner_text().as_bytes(),
                    )?;
                    return Ok(dir);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no free scratch directory name")))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = leftover::remove_run_dir(dir);
        }
    }
}

/// Copies of the files a fixer is about to rewrite, taken before it runs.
#[derive(Debug)]
pub struct Backups {
    root: PathBuf,
    dir: PathBuf,
    manifest: PathBuf,
    saved: Vec<(String, Vec<u8>)>,
}

impl Backups {
    /// Saves `files` (repository-relative) of the work tree at `root`, in memory and in the
    /// scratch directory, then writes the list (`backup.json`) once every copy is complete:
    /// the on-disk backup survives a SIGKILL of pactkit and is found by the next run.
    pub fn take(
        root: &Path,
        scratch: &mut Scratch,
        tool: &str,
        files: &[&str],
        staged: BTreeMap<String, Vec<String>>,
    ) -> io::Result<Backups> {
        let dir = scratch.subdir(leftover::BACKUP)?;
        let manifest = scratch.dir()?.join(leftover::MANIFEST);
        let mut saved = Vec::new();
        for file in files {
            let content = std::fs::read(root.join(file))?;
            crate::infra::fsx::write_scratch(&dir.join(file), &content)?;
            saved.push(((*file).to_owned(), content));
        }
        let list = Manifest {
            tool: tool.to_owned(),
            taken: crate::infra::clock::now()
                .map(|t| crate::infra::clock::iso_seconds(&t))
                .unwrap_or_default(),
            files: files.iter().map(|f| (*f).to_owned()).collect(),
            staged,
        };
        let json = serde_json::to_vec_pretty(&list).map_err(io::Error::other)?;
        crate::infra::fsx::write_atomic(&manifest, &json)?;
        Ok(Backups {
            root: root.to_path_buf(),
            dir,
            manifest,
            saved,
        })
    }

    /// Drops the on-disk backup once it is no longer needed (the fix was staged, or undone):
    /// the list first, so a half-removed backup never looks recoverable.
    pub fn retire(&self) -> io::Result<()> {
        crate::infra::fsx::remove_file(&self.manifest)?;
        crate::infra::fsx::remove_dir_all(&self.dir)
    }

    /// The files whose content now differs from the backup.
    pub fn changed(&self) -> Vec<String> {
        self.saved
            .iter()
            .filter(|(file, content)| {
                std::fs::read(self.root.join(file)).ok().as_ref() != Some(content)
            })
            .map(|(file, _)| file.clone())
            .collect()
    }

    /// Puts back every file that differs from its backup; returns the restored ones.
    pub fn restore(&self) -> io::Result<Vec<String>> {
        let changed = self.changed();
        for file in &changed {
            let content = self
                .saved
                .iter()
                .find(|(f, _)| f == file)
                .map(|(_, c)| c.as_slice())
                .unwrap_or_default();
            let path = self.root.join(file);
            if path.exists() {
                crate::infra::fsx::replace_keeping_mode(&path, content)?;
            } else {
                crate::infra::fsx::write_atomic(&path, content)?;
            }
        }
        Ok(changed)
    }
}

/// Writes `files` (path, content) below `dir` mirroring their repository paths, plus the
/// staged linter configuration files of every directory on the way, so that a linter run
/// in `dir` finds the same configuration it would find in the project.
pub fn mirror(
    dir: &Path,
    files: &[(&str, &[u8])],
    configs: &[(String, Vec<u8>)],
) -> io::Result<()> {
    for (path, content) in configs {
        crate::infra::fsx::write_scratch(&dir.join(path), content)?;
    }
    for (path, content) in files {
        crate::infra::fsx::write_scratch(&dir.join(path), content)?;
    }
    Ok(())
}

/// Whether a file name looks like linter or project configuration worth mirroring.
pub fn is_config_name(name: &str) -> bool {
    const EXACT: [&str; 10] = [
        "pyproject.toml",
        "setup.cfg",
        "tox.ini",
        ".flake8",
        "package.json",
        "tsconfig.json",
        "Cargo.toml",
        "go.mod",
        ".editorconfig",
        ".prettierrc",
    ];
    const MARKERS: [&str; 6] = [
        "ruff",
        "rustfmt",
        "eslint",
        "biome",
        "golangci",
        "checkstyle",
    ];
    EXACT.contains(&name) || MARKERS.iter().any(|m| name.contains(m))
}

/// Configuration file names probed at the repository root (where a directory listing of
/// the index is not available), besides ESLint's (`tools::ESLINT_CONFIG_FILES`).
pub const ROOT_CONFIG_CANDIDATES: &[&str] = &[
    "pyproject.toml",
    "ruff.toml",
    ".ruff.toml",
    "setup.cfg",
    "tox.ini",
    ".flake8",
    "rustfmt.toml",
    ".rustfmt.toml",
    "Cargo.toml",
    "package.json",
    "tsconfig.json",
    "biome.json",
    "biome.jsonc",
    ".golangci.yml",
    ".golangci.yaml",
    ".golangci.toml",
    ".golangci.json",
    "go.mod",
    "checkstyle.xml",
    ".editorconfig",
];

/// The directories a file's configuration may come from: `""` (the root) and each parent.
pub fn ancestor_dirs(path: &str) -> Vec<&str> {
    let mut dirs = vec![""];
    let mut end = 0;
    while let Some(pos) = path[end..].find('/') {
        end += pos;
        dirs.push(&path[..end]);
        end += 1;
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_run_from_the_root_down() {
        assert_eq!(ancestor_dirs("a.py"), [""]);
        assert_eq!(ancestor_dirs("src/pkg/a.py"), ["", "src", "src/pkg"]);
    }

    #[test]
    fn config_names() {
        assert!(is_config_name("pyproject.toml"));
        assert!(is_config_name(".ruff.toml"));
        assert!(is_config_name("eslint.config.mjs"));
        assert!(!is_config_name("main.py"));
    }

    /// A directory left under this pid by a dead process is never reused or removed.
    #[test]
    fn a_taken_name_is_skipped_and_kept() {
        let git = std::env::temp_dir().join(format!("pactkit-scratch-name-{}", std::process::id()));
        let old = git.join(format!("{}{}", leftover::PREFIX, std::process::id()));
        crate::infra::fsx::write_scratch(&old.join("backup/a.py"), b"theirs").expect("write");
        let mut scratch = Scratch::new(&git);
        let dir = scratch.subdir("x").expect("subdir");
        assert!(dir.starts_with(git.join(format!("{}{}-1", leftover::PREFIX, std::process::id()))));
        drop(scratch);
        assert_eq!(
            std::fs::read(old.join("backup/a.py")).expect("kept"),
            b"theirs"
        );
        assert_eq!(std::fs::read_dir(&git).expect("git").count(), 1);
        crate::infra::fsx::remove_dir_all(&git).expect("clean");
    }

    #[test]
    fn backups_restore_only_changed_files() {
        let base = std::env::temp_dir().join(format!("pactkit-backup-test-{}", std::process::id()));
        let root = base.join("root");
        crate::infra::fsx::write_scratch(&root.join("a.txt"), b"a\n").expect("write");
        crate::infra::fsx::write_scratch(&root.join("d/b.txt"), b"b\n").expect("write");
        let mut scratch = Scratch::new(&base.join("git"));
        let backups = Backups::take(
            &root,
            &mut scratch,
            "fixer",
            &["a.txt", "d/b.txt"],
            BTreeMap::new(),
        )
        .expect("take");
        crate::infra::fsx::write_scratch(&root.join("d/b.txt"), b"garbled").expect("write");
        assert_eq!(backups.changed(), ["d/b.txt"]);
        assert_eq!(backups.restore().expect("restore"), ["d/b.txt"]);
        assert_eq!(std::fs::read(root.join("d/b.txt")).expect("read"), b"b\n");
        assert!(backups.changed().is_empty());
        backups.retire().expect("retire");
        drop(scratch);
        assert!(
            std::fs::read_dir(base.join("git"))
                .expect("git")
                .next()
                .is_none()
        );
        crate::infra::fsx::remove_dir_all(&base).expect("clean");
    }
}
