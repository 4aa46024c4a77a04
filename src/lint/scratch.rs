//! pactkit's temporary directory for one lint run: staged copies of files whose work-tree
//! content differs from what is judged, and backups of the files a fixer may rewrite.
//!
//! It lives in the repository's git directory (`<git dir>/pactkit-lint-<pid>/`) so that a
//! run killed with SIGKILL leaves its backups where `git` users look, not in `/tmp`; a
//! normal end (success, failure, crash of a linter, Ctrl-C) removes it.

use std::io;
use std::path::{Path, PathBuf};

/// The run's temporary directory, removed on drop.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
    created: bool,
}

impl Scratch {
    /// A scratch directory below `parent`, created on first use.
    pub fn new(parent: &Path) -> Scratch {
        Scratch {
            dir: parent.join(format!("pactkit-lint-{}", std::process::id())),
            created: false,
        }
    }

    /// `<scratch>/<name>`, created.
    pub fn subdir(&mut self, name: &str) -> io::Result<PathBuf> {
        let dir = self.dir.join(name);
        crate::fsx::create_dir_all(&dir)?;
        self.created = true;
        Ok(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.created {
            let _ = crate::fsx::remove_dir_all(&self.dir);
        }
    }
}

/// Copies of the files a fixer is about to rewrite, taken before it runs.
#[derive(Debug)]
pub struct Backups {
    root: PathBuf,
    saved: Vec<(String, Vec<u8>)>,
}

impl Backups {
    /// Saves `files` (repository-relative) of the work tree at `root`, in memory and under
    /// `dir` (the on-disk copy survives a SIGKILL of pactkit).
    pub fn take(root: &Path, dir: &Path, files: &[&str]) -> io::Result<Backups> {
        let mut saved = Vec::new();
        for file in files {
            let content = std::fs::read(root.join(file))?;
            crate::fsx::write_scratch(&dir.join(file), &content)?;
            saved.push(((*file).to_owned(), content));
        }
        Ok(Backups {
            root: root.to_path_buf(),
            saved,
        })
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
                crate::fsx::replace_keeping_mode(&path, content)?;
            } else {
                crate::fsx::write_atomic(&path, content)?;
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
        crate::fsx::write_scratch(&dir.join(path), content)?;
    }
    for (path, content) in files {
        crate::fsx::write_scratch(&dir.join(path), content)?;
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
/// the index is not available).
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
    "eslint.config.js",
    "eslint.config.mjs",
    "eslint.config.cjs",
    "eslint.config.ts",
    ".eslintrc",
    ".eslintrc.js",
    ".eslintrc.cjs",
    ".eslintrc.json",
    ".eslintrc.yml",
    ".eslintrc.yaml",
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

    #[test]
    fn backups_restore_only_changed_files() {
        let base = std::env::temp_dir().join(format!("pactkit-backup-test-{}", std::process::id()));
        let root = base.join("root");
        crate::fsx::write_scratch(&root.join("a.txt"), b"a\n").expect("write");
        crate::fsx::write_scratch(&root.join("d/b.txt"), b"b\n").expect("write");
        let backups =
            Backups::take(&root, &base.join("backup"), &["a.txt", "d/b.txt"]).expect("take");
        crate::fsx::write_scratch(&root.join("d/b.txt"), b"garbled").expect("write");
        assert_eq!(backups.changed(), ["d/b.txt"]);
        assert_eq!(backups.restore().expect("restore"), ["d/b.txt"]);
        assert_eq!(std::fs::read(root.join("d/b.txt")).expect("read"), b"b\n");
        assert!(backups.changed().is_empty());
        crate::fsx::remove_dir_all(&base).expect("clean");
    }
}
