//! Governance bookkeeping over the project documents: the test-count invariant of
//! `docs/architecture/governance/rules.md` and backfilling
//! `| Release | TBD |` in the specs of done work items. Work-item ids are
//! recognised only through `crate::workflow::ids`.

use crate::infra::error::Error;
use crate::workflow::ids::{self, WorkItemId};
use crate::workflow::text::TextFile;
use regex::{NoExpand, Regex};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The governance rules, relative to the project root.
pub const RULES_PATH: &str = "docs/architecture/governance/rules.md";
/// The sprint board, relative to the project root.
pub const BOARD_PATH: &str = crate::workflow::schema::BOARD_FILE;
/// The board archives (`archive_YYYYMM.md`), relative to the project root.
pub const BOARD_ARCHIVE_DIR: &str = crate::workflow::schema::ARCHIVE_DIR;
/// The specs, relative to the project root.
pub const SPECS_DIR: &str = crate::workflow::schema::SPECS_DIR;
/// The board section whose items are done.
pub const DONE_HEADER: &str = "## ✅ Done";

static INVARIANT: LazyLock<Regex> = LazyLock::new(|| re(r"All (\d+)\+ tests must pass"));
static RELEASE_TBD: LazyLock<Regex> =
    LazyLock::new(|| re(r"\|[ \t]*Release[ \t]*\|[ \t]*TBD[ \t]*\|"));

fn re(pattern: &str) -> Regex {
    // Constant patterns of this module, exercised by the unit tests.
    Regex::new(pattern).expect("valid built-in regex")
}

/// What `invariants-refresh` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefreshAction {
    /// Every invariant sentence now names the new count.
    Updated,
    /// They already did.
    Skipped,
    /// No rules file, or no `All N+ tests must pass` in it.
    NotFound,
}

/// PactKit's `invariants-refresh` result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Refresh {
    /// What happened.
    pub action: RefreshAction,
    /// The count in the first sentence before (0 when not found).
    pub old_count: u64,
    /// The requested count.
    pub new_count: u64,
}

/// Rewrites every `All N+ tests must pass` in `text` to `count`; `None` text when nothing
/// needs to change.
pub fn refresh_text(text: &str, count: u64) -> (Refresh, Option<String>) {
    let olds: Vec<Option<u64>> = INVARIANT
        .captures_iter(text)
        .map(|c| c.get(1).and_then(|m| m.as_str().parse().ok()))
        .collect();
    let result = |action, old_count| Refresh {
        action,
        old_count,
        new_count: count,
    };
    let Some(first) = olds.first() else {
        return (result(RefreshAction::NotFound, 0), None);
    };
    let old_count = first.unwrap_or(u64::MAX);
    if olds.iter().all(|old| *old == Some(count)) {
        return (result(RefreshAction::Skipped, old_count), None);
    }
    let sentence = format!("All {count}+ tests must pass");
    let new_text = INVARIANT
        .replace_all(text, NoExpand(&sentence))
        .into_owned();
    (result(RefreshAction::Updated, old_count), Some(new_text))
}

/// `invariants-refresh` on the rules file under `root`.
pub fn refresh_invariants(root: &Path, count: u64) -> Result<Refresh, Error> {
    let Some(mut file) = TextFile::read_optional(&root.join(RULES_PATH))? else {
        return Ok(refresh_text("", count).0);
    };
    let (refresh, new_text) = refresh_text(&file.text, count);
    if let Some(text) = new_text {
        file.text = text;
        file.write()?;
    }
    Ok(refresh)
}

/// The board's done section: from the `## ✅ Done` line to the next `## ` line or the end.
pub fn done_section(board: &str) -> Option<&str> {
    let mut offset = 0;
    let mut start = None;
    for line in board.split_inclusive('\n') {
        match start {
            None if line.starts_with(DONE_HEADER) => start = Some(offset),
            Some(s) if line.starts_with("## ") => return Some(&board[s..offset]),
            _ => {}
        }
        offset += line.len();
    }
    start.map(|s| &board[s..])
}

/// Ids of done work items: the board's done section plus every board archive.
pub fn done_ids(root: &Path) -> Result<HashSet<WorkItemId>, Error> {
    let mut done = HashSet::new();
    if let Some(board) = TextFile::read_optional(&root.join(BOARD_PATH))? {
        done.extend(
            done_section(&board.text)
                .map(WorkItemId::find_all)
                .unwrap_or_default(),
        );
    }
    for path in list_md(&root.join(BOARD_ARCHIVE_DIR))? {
        done.extend(WorkItemId::find_all(&TextFile::read(&path)?.text));
    }
    Ok(done)
}

/// The `*.md` files of a directory, sorted by name; none when it does not exist.
fn list_md(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(Error::environment(format!("cannot list {}", dir.display())).caused_by(err));
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// One spec `backfill-release` looked at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Backfill {
    /// `| Release | TBD |` became the version.
    Backfilled {
        /// The id the spec's name starts with.
        id: String,
        /// The spec, relative to the root.
        file: String,
    },
    /// The item is not done yet; the spec is untouched.
    Skipped {
        /// The id the spec's name starts with.
        id: String,
        /// The spec, relative to the root.
        file: String,
    },
}

/// Whether `version` can stand in a table cell.
pub fn valid_version(version: &str) -> bool {
    !version.is_empty() && !version.chars().any(|c| c == '|' || c.is_whitespace())
}

/// Sets `Release` to `version` in every spec (sorted) whose name starts with a done id
/// and which still says `| Release | TBD |`. Every spec is read before any is written.
pub fn backfill_release(root: &Path, version: &str) -> Result<Vec<Backfill>, Error> {
    let specs = list_md(&root.join(SPECS_DIR))?;
    let mut pending = Vec::new();
    for path in specs {
        let file = TextFile::read(&path)?;
        if !RELEASE_TBD.is_match(&file.text) {
            continue;
        }
        let Some(id) = stem_id(&path) else { continue };
        pending.push((id, file));
    }
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let done = done_ids(root)?;
    let row = format!("| Release | {version} |");
    let mut report = Vec::with_capacity(pending.len());
    for ((text_id, id), mut file) in pending {
        let shown = Path::new(SPECS_DIR)
            .join(file.path.file_name().unwrap_or_default())
            .display()
            .to_string();
        if done.contains(&id) {
            file.text = RELEASE_TBD
                .replace_all(&file.text, NoExpand(&row))
                .into_owned();
            file.write()?;
            report.push(Backfill::Backfilled {
                id: text_id,
                file: shown,
            });
        } else {
            report.push(Backfill::Skipped {
                id: text_id,
                file: shown,
            });
        }
    }
    Ok(report)
}

/// The id a spec file name starts with (`STORY-001-login.md` → `STORY-001`).
fn stem_id(path: &Path) -> Option<(String, WorkItemId)> {
    let stem = path.file_stem()?.to_str()?;
    let found = ids::id_regex().find(stem).filter(|m| m.start() == 0)?;
    let id = WorkItemId::parse(found.as_str())?;
    Some((found.as_str().to_owned(), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_replaces_every_sentence() {
        let text = "1. All 10+ tests must pass.\n2. All 12+ tests must pass too.\n";
        let (r, new) = refresh_text(text, 12);
        assert_eq!(
            (r.action, r.old_count, r.new_count),
            (RefreshAction::Updated, 10, 12)
        );
        assert_eq!(
            new.as_deref(),
            Some("1. All 12+ tests must pass.\n2. All 12+ tests must pass too.\n")
        );
        let (r, new) = refresh_text("All 12+ tests must pass", 12);
        assert_eq!((r.action, new), (RefreshAction::Skipped, None));
        assert_eq!(
            refresh_text("all 3 tests", 1).0.action,
            RefreshAction::NotFound
        );
    }

    #[test]
    fn done_section_ends_at_the_next_h2() {
        let board = "## 🔄 In Progress\n### [STORY-002] b\n## ✅ Done\n### [STORY-001] a\n## Later\n### [STORY-003] c\n";
        assert_eq!(done_section(board), Some("## ✅ Done\n### [STORY-001] a\n"));
        assert_eq!(
            done_section("## ✅ Done\nBUG-x-1"),
            Some("## ✅ Done\nBUG-x-1")
        );
        assert_eq!(done_section("## Backlog\n"), None);
    }

    #[test]
    fn spec_names_start_with_an_id() {
        let id = |n: &str| stem_id(Path::new(n)).map(|(s, _)| s);
        assert_eq!(
            id("docs/specs/STORY-alice-001.md").as_deref(),
            Some("STORY-alice-001")
        );
        assert_eq!(id("STORY-001-login.md").as_deref(), Some("STORY-001"));
        assert_eq!(id("TEMPLATE.md"), None);
        assert_eq!(id("old-STORY-001.md"), None);
    }

    #[test]
    fn release_rows_match_with_any_spacing() {
        assert!(RELEASE_TBD.is_match("|Release|TBD|"));
        assert!(!RELEASE_TBD.is_match("| Release | tbd |"));
        assert!(valid_version("1.4.0") && !valid_version("1 4") && !valid_version("a|b"));
    }
}
