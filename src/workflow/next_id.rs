//! Work-item id allocation: which ids a project has already used (spec file names, the
//! sprint board, the board archives) and the next free number for a type and developer,
//! plus PactKit's developer-prefix injection.
//!
//! Deliberate differences from PactKit: BUG and HOTFIX numbers are allocated too (PactKit
//! only counts `STORY-` spec files), and ids on the board or in an archive count as taken,
//! so a number whose spec was deleted or never written is not handed out again.

use super::schema::{ARCHIVE_DIR, BOARD_FILE, SPECS_DIR};
use super::text::TextFile;
use crate::infra::error::Error;
use crate::workflow::ids::{WorkItemId, WorkItemKind};
use std::path::Path;

/// The developer prefix of the configuration: `None` when empty. A value that cannot be
/// part of an id (`Alice`, `a`) is a configuration error, since no id with it would parse.
pub fn developer_prefix(developer: &str) -> Result<Option<String>, Error> {
    let developer = developer.trim();
    if developer.is_empty() {
        return Ok(None);
    }
    let probe = WorkItemId {
        kind: WorkItemKind::Story,
        developer: Some(developer.to_owned()),
        number: 1,
        tail: None,
    };
    match WorkItemId::parse(&probe.to_string()) {
        Some(parsed) if parsed == probe => Ok(Some(developer.to_owned())),
        _ => Err(Error::config(format!(
            "developer prefix '{developer}' cannot be used in work-item ids"
        ))
        .hint("use 2-20 lowercase letters, digits and inner hyphens in `developer:` (e.g. alice, bob-01)")),
    }
}

/// Every id the project has used: spec file names, then the board, then the archives.
/// Missing files and directories contribute nothing.
pub fn taken_ids(root: &Path) -> Result<Vec<WorkItemId>, Error> {
    let mut ids = spec_file_ids(&root.join(SPECS_DIR))?;
    if let Some(board) = TextFile::read_optional(&root.join(BOARD_FILE))? {
        ids.extend(WorkItemId::find_all(&board.text));
    }
    for archive in markdown_files(&root.join(ARCHIVE_DIR))? {
        if let Some(doc) = TextFile::read_optional(&archive)? {
            ids.extend(WorkItemId::find_all(&doc.text));
        }
    }
    Ok(ids)
}

/// Ids in the names of the `*.md` files directly in `dir`: `STORY-alice-001.md`, and
/// also `STORY-alice-001-old.md` (PactKit only counts exact `<ID>.md` names).
fn spec_file_ids(dir: &Path) -> Result<Vec<WorkItemId>, Error> {
    Ok(list_dir(dir)?
        .iter()
        .filter_map(|name| name.strip_suffix(".md"))
        .flat_map(WorkItemId::find_all)
        .collect())
}

/// `*.md` files directly in `dir`, sorted.
fn markdown_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut names: Vec<String> = list_dir(dir)?
        .into_iter()
        .filter(|name| name.ends_with(".md"))
        .collect();
    names.sort_unstable();
    Ok(names.into_iter().map(|name| dir.join(name)).collect())
}

/// UTF-8 names of the files in `dir`; empty when it does not exist.
fn list_dir(dir: &Path) -> Result<Vec<String>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) if err.kind() == std::io::ErrorKind::NotADirectory => return Ok(Vec::new()),
        Err(err) => {
            return Err(Error::environment(format!("cannot list {}", dir.display())).caused_by(err));
        }
    };
    Ok(entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect())
}

/// The id after the largest taken number of `kind` for `developer` (`None`: unprefixed ids).
pub fn next_id(
    kind: WorkItemKind,
    developer: Option<&str>,
    taken: &[WorkItemId],
) -> Result<WorkItemId, Error> {
    let last = taken
        .iter()
        // Time-stamped ids (PactKit 4) are outside the sequence.
        .filter(|id| {
            id.kind == kind
                && id.developer.as_deref() == developer
                && !matches!(id.tail, Some(crate::workflow::ids::IdTail::Stamp(_)))
        })
        .map(|id| id.number)
        .max()
        .unwrap_or(0);
    let number = last.checked_add(1).ok_or_else(|| {
        Error::blocked(format!("no {} number is left after {last}", kind.as_str()))
    })?;
    Ok(WorkItemId {
        kind,
        developer: developer.map(str::to_owned),
        number,
        tail: None,
    })
}

/// Parses a user-given id (`[STORY-001]` brackets allowed) and injects the developer
/// prefix when the id has none (`STORY-001` + alice → `STORY-alice-001`); an id with any
/// prefix is kept. The result is canonical (number padded to three digits).
///
/// Unlike PactKit, which passes anything through, text that is not a work-item id is a
/// usage error.
pub fn resolve_id(text: &str, developer: Option<&str>) -> Result<WorkItemId, Error> {
    let trimmed = text.trim().trim_start_matches('[').trim_end_matches(']');
    let mut id = WorkItemId::parse(trimmed).ok_or_else(|| {
        Error::usage(format!("'{text}' is not a work-item id"))
            .hint("ids look like STORY-001, BUG-alice-002 or HOTFIX-bob-003")
    })?;
    if id.developer.is_none() {
        id.developer = developer.map(str::to_owned);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<WorkItemId> {
        WorkItemId::find_all(text)
    }

    #[test]
    fn next_counts_only_the_same_kind_and_developer() {
        let taken = ids("STORY-alice-004 STORY-bob-009 STORY-012 BUG-alice-007 STORY-alice-2");
        let next = |kind, dev| next_id(kind, dev, &taken).expect("room").to_string();
        assert_eq!(next(WorkItemKind::Story, Some("alice")), "STORY-alice-005");
        assert_eq!(next(WorkItemKind::Story, None), "STORY-013");
        assert_eq!(next(WorkItemKind::Bug, Some("alice")), "BUG-alice-008");
        assert_eq!(next(WorkItemKind::Hotfix, Some("bob")), "HOTFIX-bob-001");
    }

    #[test]
    fn next_refuses_to_overflow() {
        let taken = ids(&format!("STORY-{}", u32::MAX));
        assert!(next_id(WorkItemKind::Story, None, &taken).is_err());
    }

    #[test]
    fn resolve_injects_the_developer_only_when_missing() {
        let resolve = |t, d| resolve_id(t, d).map(|i| i.to_string()).ok();
        assert_eq!(
            resolve("STORY-001", Some("alice")).as_deref(),
            Some("STORY-alice-001")
        );
        assert_eq!(
            resolve("[BUG-7]", Some("alice")).as_deref(),
            Some("BUG-alice-007")
        );
        assert_eq!(
            resolve("HOTFIX-slim2-001", Some("alice")).as_deref(),
            Some("HOTFIX-slim2-001")
        );
        assert_eq!(resolve("STORY-001", None).as_deref(), Some("STORY-001"));
        assert_eq!(resolve("bug-9", Some("alice")), None);
    }

    #[test]
    fn developer_prefix_must_fit_the_id_grammar() {
        assert_eq!(developer_prefix("").expect("empty is fine"), None);
        assert_eq!(
            developer_prefix("bob-01").expect("valid").as_deref(),
            Some("bob-01")
        );
        assert!(developer_prefix("Alice").is_err());
        assert!(developer_prefix("a").is_err());
    }
}
