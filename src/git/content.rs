//! From raw diffs to the change set the gates read: rename detection (exact, then by
//! similarity like git's default 50 %), type changes, binary detection, and the added
//! line ranges of text files.

use super::walk::{EntryKind, RawChange, Side};
use super::{ChangeKind, ChangeSet, FileChange, GitError, LineRange};
use gix::bstr::BString;
use gix::hash::ObjectId;
use similar::{Algorithm, DiffOp, TextDiff};
use std::collections::HashMap;
use std::time::Duration;

/// Git looks for a NUL in the first 8000 bytes to call content binary.
const BINARY_PROBE: usize = 8000;
/// Renames by similarity are only searched when there are at most this many candidate pairs
/// (git's `diff.renameLimit` default is 1000 sources; the product bound keeps it linear-ish).
const MAX_RENAME_PAIRS: usize = 10_000;
/// git's default similarity threshold.
const RENAME_THRESHOLD: f32 = 0.5;
/// Line diffs give up refining after this long and report the remaining span as added.
const DIFF_DEADLINE: Duration = Duration::from_millis(500);

/// Reads blobs on demand.
pub trait BlobSource {
    /// The blob's bytes.
    fn blob(&self, id: ObjectId) -> Result<Vec<u8>, GitError>;
}

/// True when `data` has a NUL in its first 8000 bytes.
pub fn is_binary(data: &[u8]) -> bool {
    data.iter().take(BINARY_PROBE).any(|b| *b == 0)
}

/// Builds the change set from raw changes.
pub fn build(raw: Vec<RawChange>, blobs: &dyn BlobSource) -> Result<ChangeSet, GitError> {
    let (renames, rest) = detect_renames(raw, blobs)?;
    let mut files = Vec::with_capacity(renames.len() + rest.len());
    for (old_path, change, similarity) in renames {
        files.push(describe(change, Some(old_path), Some(similarity), blobs)?);
    }
    for change in rest {
        files.push(describe(change, None, None, blobs)?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(ChangeSet { files })
}

type Rename = (BString, RawChange, u8);

fn detect_renames(
    raw: Vec<RawChange>,
    blobs: &dyn BlobSource,
) -> Result<(Vec<Rename>, Vec<RawChange>), GitError> {
    let (mut deleted, mut others): (Vec<RawChange>, Vec<RawChange>) = raw
        .into_iter()
        .partition(|c| c.new.is_none() && c.old.is_some_and(|s| s.kind.is_file()));
    let mut renames = Vec::new();
    let mut added = Vec::new();
    let mut rest = Vec::new();
    for change in others.drain(..) {
        if change.old.is_none() && change.new.is_some_and(|s| s.kind.is_file()) {
            added.push(change);
        } else {
            rest.push(change);
        }
    }
    // Exact renames: the same blob id deleted at one path and added at another.
    let mut by_id: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (i, d) in deleted.iter().enumerate() {
        if let Some(old) = d.old {
            by_id.entry(old.id).or_default().push(i);
        }
    }
    let mut used = vec![false; deleted.len()];
    let mut unmatched = Vec::new();
    for change in added {
        let id = change.new.map(|s| s.id);
        let source = id
            .and_then(|id| by_id.get_mut(&id))
            .and_then(|v| v.iter().position(|i| !used[*i]).map(|p| v.remove(p)));
        match source {
            Some(i) => {
                used[i] = true;
                let mut change = change;
                change.old = deleted[i].old;
                renames.push((deleted[i].path.clone(), change, 100));
            }
            None => unmatched.push(change),
        }
    }
    let remaining: Vec<usize> = (0..deleted.len()).filter(|i| !used[*i]).collect();
    let mut left_added = Vec::new();
    if !unmatched.is_empty() && remaining.len() * unmatched.len() <= MAX_RENAME_PAIRS {
        let sources: Vec<(usize, Vec<u8>)> = remaining
            .iter()
            .filter_map(|i| deleted[*i].old.map(|s| (*i, s.id)))
            .map(|(i, id)| blobs.blob(id).map(|data| (i, data)))
            .collect::<Result<_, _>>()?;
        for change in unmatched {
            let Some(new) = change.new else { continue };
            let data = blobs.blob(new.id)?;
            let best = best_source(&data, &sources, &used);
            match best {
                Some((i, score)) => {
                    used[i] = true;
                    let mut change = change;
                    change.old = deleted[i].old;
                    renames.push((deleted[i].path.clone(), change, (score * 100.0) as u8));
                }
                None => left_added.push(change),
            }
        }
    } else {
        left_added = unmatched;
    }
    let unused_deleted = deleted
        .drain(..)
        .enumerate()
        .filter(|(i, _)| !used[*i])
        .map(|(_, d)| d);
    rest.extend(unused_deleted);
    rest.extend(left_added);
    Ok((renames, rest))
}

fn best_source(data: &[u8], sources: &[(usize, Vec<u8>)], used: &[bool]) -> Option<(usize, f32)> {
    if is_binary(data) {
        return None;
    }
    sources
        .iter()
        .filter(|(i, old)| !used[*i] && !is_binary(old))
        .map(|(i, old)| (*i, similarity(old, data)))
        .filter(|(_, score)| *score >= RENAME_THRESHOLD)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn similarity(old: &[u8], new: &[u8]) -> f32 {
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DIFF_DEADLINE)
        .diff_lines(old, new)
        .ratio()
}

fn describe(
    change: RawChange,
    old_path: Option<BString>,
    similarity: Option<u8>,
    blobs: &dyn BlobSource,
) -> Result<FileChange, GitError> {
    let kind = match (&change.old, &change.new, similarity) {
        (_, _, Some(similarity)) => ChangeKind::Renamed { similarity },
        (None, Some(_), _) => ChangeKind::Added,
        (Some(_), None, _) => ChangeKind::Deleted,
        (Some(old), Some(new), _) if category(old.kind) != category(new.kind) => {
            ChangeKind::TypeChanged
        }
        _ => ChangeKind::Modified,
    };
    let special = change.new.is_some_and(|s| !s.kind.is_file());
    let (binary, added_lines) = analyse(&change, blobs)?;
    Ok(FileChange {
        path: change.path,
        old_path,
        kind,
        binary,
        added_lines,
        new_id: change.new.map(|s| s.id.to_string()),
        special,
    })
}

fn category(kind: EntryKind) -> u8 {
    match kind {
        EntryKind::File | EntryKind::Executable => 0,
        EntryKind::Link => 1,
        EntryKind::Gitlink => 2,
    }
}

fn readable(side: Option<Side>) -> Option<ObjectId> {
    side.filter(|s| s.kind.is_file()).map(|s| s.id)
}

fn analyse(change: &RawChange, blobs: &dyn BlobSource) -> Result<(bool, Vec<LineRange>), GitError> {
    let Some(new_id) = readable(change.new) else {
        let binary = match readable(change.old) {
            Some(id) => is_binary(&blobs.blob(id)?),
            None => false,
        };
        return Ok((binary, Vec::new()));
    };
    let new = blobs.blob(new_id)?;
    if is_binary(&new) {
        return Ok((true, Vec::new()));
    }
    let old = match readable(change.old) {
        Some(id) => blobs.blob(id)?,
        None => Vec::new(),
    };
    if is_binary(&old) || old.is_empty() {
        return Ok((false, whole(&new)));
    }
    Ok((false, added_ranges(&old, &new)))
}

fn whole(data: &[u8]) -> Vec<LineRange> {
    let lines = data.split_inclusive(|b| *b == b'\n').count() as u32;
    if lines == 0 {
        Vec::new()
    } else {
        vec![LineRange {
            start: 1,
            end: lines,
        }]
    }
}

/// The 1-based ranges of lines in `new` that are not in `old`, by a Myers line diff.
pub fn added_ranges(old: &[u8], new: &[u8]) -> Vec<LineRange> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DIFF_DEADLINE)
        .diff_lines(old, new);
    let mut ranges: Vec<LineRange> = Vec::new();
    for op in diff.ops() {
        let (start, len) = match *op {
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => (new_index, new_len),
            DiffOp::Equal { .. } | DiffOp::Delete { .. } => continue,
        };
        if len == 0 {
            continue;
        }
        let range = LineRange {
            start: start as u32 + 1,
            end: (start + len) as u32,
        };
        match ranges.last_mut() {
            Some(last) if last.end + 1 >= range.start => last.end = range.end,
            _ => ranges.push(range),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_ranges_are_one_based_and_merged() {
        let old = b"a\nb\nc\n";
        let new = b"a\nx\ny\nb\nc\nz\n";
        assert_eq!(
            added_ranges(old, new),
            vec![
                LineRange { start: 2, end: 3 },
                LineRange { start: 6, end: 6 }
            ]
        );
    }

    #[test]
    fn a_file_without_final_newline_counts_its_last_line() {
        assert_eq!(whole(b"one\ntwo"), vec![LineRange { start: 1, end: 2 }]);
        assert!(whole(b"").is_empty());
    }

    #[test]
    fn nul_in_the_probe_window_means_binary() {
        assert!(is_binary(b"abc\0def"));
        assert!(!is_binary(b"plain text\n"));
    }
}
