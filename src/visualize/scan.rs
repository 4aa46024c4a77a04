//! Which files visualize reads: every source file of the work tree in a language the
//! project uses, minus excluded folders, tests and oversized files; plus the project facts
//! the resolvers need (Go modules, tsconfig path aliases).
//!
//! Unlike PactKit, excludes match folder names *inside* the project only (PactKit matched
//! every component of the absolute path, so a project under `/srv/build/` scanned nothing),
//! and there is no 500-file cap.

use super::facts::ProjectIndex;
use super::lang::Grammar;
use crate::stack::classify::{Conventions, FileClass};
use crate::stack::{self, Lang, Layout};
use std::path::Path;

/// Files larger than this are generated or vendored code, not architecture.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Repository-relative, `/`-separated.
    pub path: String,
    /// How to parse it.
    pub grammar: Grammar,
    /// Size in bytes, from the scan's `stat`.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime_ns: u128,
    /// Status-change time in nanoseconds and inode number (Unix; 0 elsewhere): with size
    /// and mtime, what git's index compares, so `cp -p` or `touch -r` cannot hide an edit.
    pub ctime_ns: u128,
    /// See `ctime_ns`.
    pub inode: u64,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The files to read, sorted by path.
    pub files: Vec<SourceFile>,
    /// Source files left out because they exceed [`MAX_FILE_BYTES`].
    pub oversized: Vec<String>,
    /// Paths left out because their names are not UTF-8.
    pub odd_names: Vec<std::path::PathBuf>,
    /// The stacks the scan covered.
    pub stacks: Vec<Lang>,
    /// Go modules for the resolvers; [`Scan::full_index`] adds the file set once a run is
    /// sure to parse (a `--lazy` run with nothing to do never needs it).
    pub index: ProjectIndex,
    /// `tsconfig.json` / `jsconfig.json` files: (directory, text).
    pub tsconfigs: Vec<(String, String)>,
}

impl Scan {
    /// The inputs of import resolution besides the sources (Go module paths, tsconfig
    /// files by blob id), for `--lazy` to notice a change in them.
    pub fn resolver_fingerprint(&self) -> String {
        let tsconfigs: Vec<(&str, String)> = self
            .tsconfigs
            .iter()
            .map(|(dir, text)| (dir.as_str(), super::lazy::blob_id(text.as_bytes())))
            .collect();
        format!(";go={:?};tsconfig={tsconfigs:?}", self.index.go_modules)
    }

    /// What the resolvers consult: the scanned files and the Go modules.
    pub fn full_index(&self) -> ProjectIndex {
        ProjectIndex {
            files: self.files.iter().map(|f| f.path.clone()).collect(),
            go_modules: self.index.go_modules.clone(),
        }
    }
}

/// Scans the work tree under `root`. `only` restricts to one stack (`--stack`); otherwise
/// the detected (or configured) stacks are read, or every language when none is detected.
pub fn scan(
    root: &Path,
    configured: &crate::config::Stack,
    excludes: &[String],
    only: Option<Lang>,
) -> Scan {
    let (all, odd_names) = stack::list_files_and_odd_names(root);
    let layout = Layout::from_files(all.iter().map(String::as_str)).with_configured(configured);
    let stacks = match only {
        Some(lang) => vec![lang],
        None if layout.stacks().is_empty() => Lang::ALL.to_vec(),
        None => layout.stacks(),
    };
    let mut scan = Scan {
        stacks,
        odd_names,
        ..Scan::default()
    };
    // Tests are left out by the repository's own conventions (pytest's `testpaths`, …).
    let conventions = Conventions::load(all.iter().map(String::as_str), |path| {
        std::fs::read_to_string(root.join(path)).ok()
    });
    let mut candidates = Vec::new();
    for path in &all {
        if excluded(path, excludes) {
            continue;
        }
        read_project_file(root, path, &mut scan);
        match Grammar::of_path(path) {
            Some(grammar)
                if scan.stacks.contains(&grammar.stack())
                    && conventions.classify(path) != FileClass::Test =>
            {
                candidates.push((path, grammar));
            }
            _ => {}
        }
    }
    for ((path, grammar), meta) in candidates.iter().zip(stat_all(root, &candidates)) {
        let Some(Stat {
            size,
            mtime_ns,
            ctime_ns,
            inode,
        }) = meta
        else {
            continue;
        };
        if size > MAX_FILE_BYTES {
            scan.oversized.push((*path).clone());
            continue;
        }
        scan.files.push(SourceFile {
            path: (*path).clone(),
            grammar: *grammar,
            size,
            mtime_ns,
            ctime_ns,
            inode,
        });
    }
    scan
}

/// What the scan learns from one `stat`.
struct Stat {
    size: u64,
    mtime_ns: u128,
    ctime_ns: u128,
    inode: u64,
}

/// Stats every candidate, on two threads (`--lazy` on an unchanged tree is mostly these
/// calls).
fn stat_all(root: &Path, candidates: &[(&String, Grammar)]) -> Vec<Option<Stat>> {
    let stat = |(path, _): &(&String, Grammar)| {
        let meta = std::fs::metadata(root.join(path)).ok()?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        let (ctime_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            let ctime = u128::try_from(meta.ctime()).unwrap_or(0) * 1_000_000_000
                + u128::try_from(meta.ctime_nsec()).unwrap_or(0);
            (ctime, meta.ino())
        };
        #[cfg(not(unix))]
        let (ctime_ns, inode) = (0, 0);
        Some(Stat {
            size: meta.len(),
            mtime_ns,
            ctime_ns,
            inode,
        })
    };
    let (first, second) = candidates.split_at(candidates.len() / 2);
    std::thread::scope(|s| {
        let other = s.spawn(|| second.iter().map(stat).collect::<Vec<_>>());
        let mut all: Vec<_> = first.iter().map(stat).collect();
        match other.join() {
            Ok(rest) => all.extend(rest),
            Err(_) => all.extend(second.iter().map(stat)),
        }
        all
    })
}

/// The folder a file is in; `""` for the root.
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Whether a folder of `path` (not the file name) is excluded.
pub fn excluded(path: &str, excludes: &[String]) -> bool {
    let Some((dirs, _)) = path.rsplit_once('/') else {
        return false;
    };
    dirs.split('/').any(|dir| excludes.iter().any(|e| e == dir))
}

/// Records go.mod module paths and tsconfig files.
fn read_project_file(root: &Path, path: &str, scan: &mut Scan) {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    match name {
        "go.mod" => {
            if let Some(module) = std::fs::read_to_string(root.join(path))
                .ok()
                .and_then(|text| go_module_path(&text))
            {
                scan.index.go_modules.push((dir.to_owned(), module));
            }
        }
        "tsconfig.json" | "jsconfig.json" => {
            if let Ok(text) = std::fs::read_to_string(root.join(path)) {
                scan.tsconfigs.push((dir.to_owned(), text));
            }
        }
        _ => {}
    }
}

/// The `module` path a go.mod declares.
fn go_module_path(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("module")?;
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        let module = rest.split("//").next()?.trim().trim_matches('"');
        (!module.is_empty()).then(|| module.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_folders_not_file_names() {
        let ex = vec!["build".to_owned(), "tests".to_owned()];
        assert!(excluded("build/x.py", &ex));
        assert!(excluded("src/build/x.py", &ex));
        assert!(!excluded("build.py", &ex));
        assert!(!excluded("src/builder/x.py", &ex));
    }

    #[test]
    fn reads_go_module_paths() {
        assert_eq!(
            go_module_path("// c\nmodule example.com/shop // x\n\ngo 1.22\n").as_deref(),
            Some("example.com/shop")
        );
        assert_eq!(go_module_path("modules x\n"), None);
        assert_eq!(go_module_path("go 1.22\n"), None);
    }
}
