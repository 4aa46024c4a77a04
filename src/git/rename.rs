//! Rename detection over raw changes, after git's `diffcore-rename` (`-M`, 50 % default).
//!
//! 1. Exact renames: an added and a deleted path with the same blob id and the same type
//!    class (file or symlink), preferring a pair with the same basename. Similarity 100.
//! 2. Inexact renames between regular files: git's similarity estimate, re-implemented:
//!    content is cut into chunks ending at `\n` or after 64 bytes (a CR before LF is ignored
//!    in text), chunks are hashed, and the bytes of the source found again in the destination
//!    divided by the larger size give the score. Pairs at or above 50 % are taken greedily,
//!    best score first, each source used once.
//!
//! Bounds, so a big change set never goes quadratic: inexact detection runs only when
//! `added × deleted ≤ MAX_INEXACT_PAIRS`, and ignores blobs above `MAX_INEXACT_BYTES`
//! (those can still be exact renames). Git's own default limit is larger (`diff.renameLimit`),
//! so on huge change sets git may find renames that pactkit reports as delete + add.

use super::GitError;
use super::lines::is_binary;
use super::tree_diff::{RawChange, read_blob};
use gix::ObjectId;
use gix::bstr::{BString, ByteSlice};
use std::collections::HashMap;

/// Most candidate pairs compared for inexact renames (100 added × 100 deleted).
pub(crate) const MAX_INEXACT_PAIRS: usize = 10_000;
/// Largest blob considered for an inexact rename.
pub(crate) const MAX_INEXACT_BYTES: usize = 1024 * 1024;

/// Git's scale for similarity scores.
const MAX_SCORE: u64 = 60_000;
/// Git's default minimum score for `-M`: 50 %.
const MIN_SCORE: u64 = 30_000;
/// Git's `HASHBASE` for chunk hashes.
const HASHBASE: u32 = 107_927;

/// A raw change after rename pairing.
#[derive(Debug, Clone)]
pub(crate) struct Paired {
    pub(crate) change: RawChange,
    /// The source path of a rename.
    pub(crate) old_path: Option<BString>,
    /// Percentage of content kept, for renames.
    pub(crate) similarity: Option<u8>,
}

/// Pairs deletions with additions; the result is sorted by (new) path.
pub(crate) fn detect(repo: &gix::Repository, raw: Vec<RawChange>) -> Result<Vec<Paired>, GitError> {
    let mut slots: Vec<Option<RawChange>> = raw.into_iter().map(Some).collect();
    let mut out = Vec::new();
    let pairs = exact_pairs(&slots);
    take_pairs(&mut slots, &pairs, &mut out);
    let pairs = inexact_pairs(repo, &slots)?;
    take_pairs(&mut slots, &pairs, &mut out);
    out.extend(slots.into_iter().flatten().map(|change| Paired {
        change,
        old_path: None,
        similarity: None,
    }));
    out.sort_by(|a, b| a.change.path.cmp(&b.change.path));
    Ok(out)
}

/// A chosen rename: indices of the deletion and the addition, and the similarity in percent.
struct Pair {
    del: usize,
    add: usize,
    similarity: u8,
}

fn take_pairs(slots: &mut [Option<RawChange>], pairs: &[Pair], out: &mut Vec<Paired>) {
    for pair in pairs {
        let (Some(del), Some(add)) = (slots[pair.del].take(), slots[pair.add].take()) else {
            continue;
        };
        let change = RawChange {
            path: add.path,
            old: del.old,
            new: add.new,
            unmerged: false,
        };
        out.push(Paired {
            change,
            old_path: Some(del.path),
            similarity: Some(pair.similarity),
        });
    }
}

fn is_addition(c: &RawChange) -> bool {
    c.old.is_none() && c.new.is_some() && !c.unmerged
}

fn is_deletion(c: &RawChange) -> bool {
    c.old.is_some() && c.new.is_none() && !c.unmerged
}

fn basename(path: &[u8]) -> &[u8] {
    path.rsplit_str("/").next().unwrap_or(path)
}

fn exact_pairs(slots: &[Option<RawChange>]) -> Vec<Pair> {
    let mut by_id: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (i, c) in slots.iter().enumerate() {
        if let Some(side) = c.as_ref().filter(|c| is_deletion(c)).and_then(|c| c.old)
            && side.kind.class() != 2
        {
            by_id.entry(side.id).or_default().push(i);
        }
    }
    let mut used = vec![false; slots.len()];
    let mut pairs = Vec::new();
    for (add, c) in slots.iter().enumerate() {
        let Some((c, new)) = c
            .as_ref()
            .filter(|c| is_addition(c))
            .and_then(|c| c.new.map(|n| (c, n)))
        else {
            continue;
        };
        let Some(candidates) = by_id.get(&new.id) else {
            continue;
        };
        let fits = |&&d: &&usize| {
            !used[d]
                && slots[d]
                    .as_ref()
                    .and_then(|s| s.old)
                    .is_some_and(|o| o.kind.class() == new.kind.class())
        };
        let same_name = |&&d: &&usize| {
            slots[d]
                .as_ref()
                .is_some_and(|s| basename(&s.path) == basename(&c.path))
        };
        let chosen = candidates
            .iter()
            .filter(fits)
            .find(same_name)
            .or_else(|| candidates.iter().find(fits));
        if let Some(&del) = chosen {
            used[del] = true;
            pairs.push(Pair {
                del,
                add,
                similarity: 100,
            });
        }
    }
    pairs
}

fn inexact_pairs(
    repo: &gix::Repository,
    slots: &[Option<RawChange>],
) -> Result<Vec<Pair>, GitError> {
    let file_side = |c: &RawChange, deletion: bool| {
        let side = if deletion { c.old } else { c.new };
        side.filter(|s| s.kind.is_file()).map(|s| s.id)
    };
    let pick = |deletion: bool| -> Vec<(usize, ObjectId)> {
        let wanted = if deletion { is_deletion } else { is_addition };
        slots
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.as_ref()
                    .filter(|c| wanted(c))
                    .and_then(|c| file_side(c, deletion))
                    .map(|id| (i, id))
            })
            .collect()
    };
    let (dels, adds) = (pick(true), pick(false));
    if dels.is_empty()
        || adds.is_empty()
        || dels.len().saturating_mul(adds.len()) > MAX_INEXACT_PAIRS
    {
        return Ok(Vec::new());
    }
    let del_sigs = signatures(repo, &dels)?;
    let add_sigs = signatures(repo, &adds)?;
    let mut scored = Vec::new();
    for (a, add_sig) in add_sigs.iter().enumerate() {
        let Some(add_sig) = add_sig else { continue };
        for (d, del_sig) in del_sigs.iter().enumerate() {
            let Some(del_sig) = del_sig else { continue };
            let score = similarity_score(del_sig, add_sig);
            if score >= MIN_SCORE {
                let same = slots[dels[d].0].as_ref().zip(slots[adds[a].0].as_ref());
                let same_name = same.is_some_and(|(x, y)| basename(&x.path) == basename(&y.path));
                scored.push((score, same_name, dels[d].0, adds[a].0));
            }
        }
    }
    scored.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.cmp(&x.1))
            .then(x.3.cmp(&y.3))
            .then(x.2.cmp(&y.2))
    });
    Ok(greedy(scored))
}

fn greedy(scored: Vec<(u64, bool, usize, usize)>) -> Vec<Pair> {
    let mut taken_del = std::collections::HashSet::new();
    let mut taken_add = std::collections::HashSet::new();
    let mut pairs = Vec::new();
    for (score, _, del, add) in scored {
        if taken_del.contains(&del) || taken_add.contains(&add) {
            continue;
        }
        taken_del.insert(del);
        taken_add.insert(add);
        let percent = u8::try_from(score * 100 / MAX_SCORE).unwrap_or(100);
        pairs.push(Pair {
            del,
            add,
            similarity: percent,
        });
    }
    pairs
}

/// The chunk-hash signature of one blob: its size and sorted `(hash, bytes)` pairs.
struct Signature {
    size: u64,
    spans: Vec<(u32, u64)>,
}

fn signatures(
    repo: &gix::Repository,
    items: &[(usize, ObjectId)],
) -> Result<Vec<Option<Signature>>, GitError> {
    let mut out = Vec::with_capacity(items.len());
    for &(_, id) in items {
        let data = read_blob(repo, id)?;
        out.push((data.len() <= MAX_INEXACT_BYTES && !data.is_empty()).then(|| signature(&data)));
    }
    Ok(out)
}

/// Git's `hash_chars`: chunks end at `\n` or after 64 bytes; CR of CRLF skipped in text.
fn signature(data: &[u8]) -> Signature {
    let is_text = !is_binary(data);
    let mut counts: HashMap<u32, u64> = HashMap::new();
    let (mut accum1, mut accum2, mut n) = (0u32, 0u32, 0u64);
    for (i, &c) in data.iter().enumerate() {
        if is_text && c == b'\r' && data.get(i + 1) == Some(&b'\n') {
            continue;
        }
        let old_1 = accum1;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old_1 >> 25);
        accum1 = accum1.wrapping_add(u32::from(c));
        n += 1;
        if n < 64 && c != b'\n' {
            continue;
        }
        *counts.entry(span_hash(accum1, accum2)).or_default() += n;
        (accum1, accum2, n) = (0, 0, 0);
    }
    if n > 0 {
        *counts.entry(span_hash(accum1, accum2)).or_default() += n;
    }
    let mut spans: Vec<(u32, u64)> = counts.into_iter().collect();
    spans.sort_unstable();
    Signature {
        size: data.len() as u64,
        spans,
    }
}

fn span_hash(accum1: u32, accum2: u32) -> u32 {
    accum1.wrapping_add(accum2.wrapping_mul(0x9e37_79b1)) % HASHBASE
}

/// Git's `estimate_similarity` score (0..=60000) of `src` renamed to `dst`.
fn similarity_score(src: &Signature, dst: &Signature) -> u64 {
    let max_size = src.size.max(dst.size);
    let delta = max_size - src.size.min(dst.size);
    // Too different in size to reach the minimum score: git skips these without hashing.
    if max_size * (MAX_SCORE - MIN_SCORE) < delta * MAX_SCORE || max_size == 0 {
        return 0;
    }
    let copied = copied_bytes(&src.spans, &dst.spans);
    copied * MAX_SCORE / max_size
}

/// Bytes of `src` chunks found again in `dst` (git's `diffcore_count_changes`).
fn copied_bytes(src: &[(u32, u64)], dst: &[(u32, u64)]) -> u64 {
    let (mut i, mut j, mut copied) = (0, 0, 0);
    while i < src.len() && j < dst.len() {
        match src[i].0.cmp(&dst[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                copied += src[i].1.min(dst[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    copied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_content_scores_full() {
        let a = signature(b"one\ntwo\nthree\n");
        assert_eq!(similarity_score(&a, &a), MAX_SCORE);
    }

    #[test]
    fn crlf_is_ignored_in_text() {
        let lf = signature(b"one\ntwo\nthree\n");
        let crlf = signature(b"one\r\ntwo\r\nthree\r\n");
        assert_eq!(copied_bytes(&lf.spans, &crlf.spans), 14);
    }

    #[test]
    fn very_different_sizes_are_skipped() {
        let small = signature(b"a\n");
        let big = signature(&b"a\n".repeat(100));
        assert_eq!(similarity_score(&small, &big), 0);
    }
}
