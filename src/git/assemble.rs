//! Turns raw changes into the [`ChangeSet`] the gates read: rename pairing, the change
//! kind, and for regular files the binary flag and the added line ranges.
//!
//! Only regular and executable files have their content read. Symlinks and submodules are
//! `special`, never binary, and have no line ranges (a symlink's blob is its target path).
//! `special` describes the new state, or the old one for a deletion.

use super::GitError;
use super::changes::{ChangeKind, ChangeSet, FileChange};
use super::lines::{added_lines, is_binary, whole_file};
use super::rename::{Paired, detect};
use super::tree_diff::{RawChange, Side, read_blob};

/// Pairs renames, classifies and reads content: the final, path-sorted change set.
pub(crate) fn assemble(repo: &gix::Repository, raw: Vec<RawChange>) -> Result<ChangeSet, GitError> {
    let paired = detect(repo, raw)?;
    let mut files = Vec::with_capacity(paired.len());
    for p in paired {
        files.push(file_change(repo, p)?);
    }
    Ok(ChangeSet {
        files,
        merged: Vec::new(),
    })
}

/// Reads a file's content and marks it binary or every line as added (for `--all-files`).
pub(crate) fn fill_whole_file(
    repo: &gix::Repository,
    file: &mut FileChange,
) -> Result<(), GitError> {
    let Some(id) = file.new_id.as_deref().filter(|_| !file.special) else {
        return Ok(());
    };
    let oid = gix::ObjectId::from_hex(id.as_bytes())
        .map_err(|e| GitError::gix("invalid object id", e))?;
    let data = read_blob(repo, oid)?;
    file.binary = is_binary(&data);
    if !file.binary {
        file.added_lines = whole_file(&data);
    }
    Ok(())
}

fn kind_of(p: &Paired) -> ChangeKind {
    let c = &p.change;
    match (c.old, c.new, p.similarity) {
        (_, _, Some(similarity)) if p.old_path.is_some() => ChangeKind::Renamed { similarity },
        (None, _, _) => ChangeKind::Added,
        (Some(_), None, _) if c.unmerged => ChangeKind::Modified,
        (Some(_), None, _) => ChangeKind::Deleted,
        (Some(old), Some(new), _) if old.kind.class() != new.kind.class() => {
            ChangeKind::TypeChanged
        }
        (Some(_), Some(_), _) => ChangeKind::Modified,
    }
}

fn file_change(repo: &gix::Repository, p: Paired) -> Result<FileChange, GitError> {
    let kind = kind_of(&p);
    let RawChange { path, old, new, .. } = p.change;
    let shown = new.or(old);
    let mut change = FileChange {
        path,
        old_path: p.old_path,
        kind,
        binary: false,
        added_lines: Vec::new(),
        new_id: new.map(|s| s.id.to_string()),
        old_id: old.map(|s| s.id.to_string()),
        special: shown.is_some_and(|s| !s.kind.is_file()),
        symlink: new.is_some_and(|s| s.kind == super::tree_diff::EntryKind::Symlink),
    };
    match (old, new) {
        (Some(old), None) if old.kind.is_file() => {
            change.binary = is_binary(&read_blob(repo, old.id)?)
        }
        (old, Some(new)) if new.kind.is_file() => fill_content(repo, &mut change, old, new)?,
        _ => {}
    }
    Ok(change)
}

/// Binary flag and added lines of a new regular file, against the old side when comparable.
fn fill_content(
    repo: &gix::Repository,
    change: &mut FileChange,
    old: Option<Side>,
    new: Side,
) -> Result<(), GitError> {
    let new_data = read_blob(repo, new.id)?;
    change.binary = is_binary(&new_data);
    if change.binary {
        return Ok(());
    }
    let old_data = match old {
        Some(old) if old.kind.is_file() && old.id != new.id => read_blob(repo, old.id)?,
        // Same content (mode change, exact rename): nothing was added.
        Some(old) if old.kind.is_file() => return Ok(()),
        _ => Vec::new(),
    };
    change.added_lines = if is_binary(&old_data) {
        whole_file(&new_data)
    } else {
        added_lines(&old_data, &new_data)
    };
    Ok(())
}
