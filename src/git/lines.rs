//! Content facts: git's binary heuristic and the 1-based line ranges a change adds.
//!
//! Lines are split on `\n` and keep their terminator, so a CRLF ↔ LF change or a newly
//! terminated last line counts as a changed line, as in `git diff`. The diff is Myers (git's
//! default) from `similar`. Guards keep pathological inputs bounded, and every guard errs
//! towards reporting *more* added lines, never fewer:
//! - either side larger than [`MAX_DIFF_BYTES`]: every line of the new content counts as added;
//! - the diff gets [`DIFF_DEADLINE`] of work; past it `similar` finishes with a coarser (still
//!   correct) script whose replaced regions are reported whole.

use super::changes::LineRange;
use std::time::{Duration, Instant};

/// Git's heuristic: a NUL byte in the first 8000 bytes means binary (`buffer_is_binary`).
pub(crate) const BINARY_SNIFF_BYTES: usize = 8000;

/// Above this size (either side) a modified text file counts as entirely added.
pub(crate) const MAX_DIFF_BYTES: usize = 8 * 1024 * 1024;

/// Time budget of one file's line diff.
pub(crate) const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// True when the content looks binary to git.
pub(crate) fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(BINARY_SNIFF_BYTES)].contains(&0)
}

/// Splits into lines, each keeping its `\n` (the last one may lack it).
pub(crate) fn split_lines(data: &[u8]) -> Vec<&[u8]> {
    data.split_inclusive(|&b| b == b'\n').collect()
}

/// Every line of `data` as one range (empty content → no range).
pub(crate) fn whole_file(data: &[u8]) -> Vec<LineRange> {
    let count = data.split_inclusive(|&b| b == b'\n').count();
    range_of(0, count).into_iter().collect()
}

/// The lines of `new` that are not in `old`, as merged 1-based inclusive ranges.
pub(crate) fn added_lines(old: &[u8], new: &[u8]) -> Vec<LineRange> {
    if old.is_empty() || old.len() > MAX_DIFF_BYTES || new.len() > MAX_DIFF_BYTES {
        return whole_file(new);
    }
    let old_lines = split_lines(old);
    let new_lines = split_lines(new);
    let deadline = Instant::now() + DIFF_DEADLINE;
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &old_lines,
        &new_lines,
        Some(deadline),
    );
    let mut ranges: Vec<LineRange> = Vec::new();
    for op in ops {
        let inserted = match op {
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => range_of(new_index, new_len),
            similar::DiffOp::Replace {
                new_index, new_len, ..
            } => range_of(new_index, new_len),
            similar::DiffOp::Equal { .. } | similar::DiffOp::Delete { .. } => None,
        };
        if let Some(range) = inserted {
            push_merged(&mut ranges, range);
        }
    }
    ranges
}

/// The 1-based inclusive range of `len` lines starting at 0-based `start`.
fn range_of(start: usize, len: usize) -> Option<LineRange> {
    if len == 0 {
        return None;
    }
    let first = u32::try_from(start + 1).unwrap_or(u32::MAX);
    let last = u32::try_from(start + len).unwrap_or(u32::MAX);
    Some(LineRange {
        start: first,
        end: last,
    })
}

fn push_merged(ranges: &mut Vec<LineRange>, range: LineRange) {
    match ranges.last_mut() {
        Some(last) if last.end.saturating_add(1) >= range.start => {
            last.end = last.end.max(range.end)
        }
        _ => ranges.push(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn binary_means_nul_in_the_first_8000_bytes() {
        assert!(is_binary(b"abc\0def"));
        assert!(!is_binary(b"plain text\n"));
        let mut late = vec![b'a'; BINARY_SNIFF_BYTES];
        late.push(0);
        assert!(!is_binary(&late));
    }

    #[test]
    fn added_and_replaced_lines() {
        let old = b"a\nb\nc\nd\n";
        let new = b"a\nB\nc\nd\ne\nf\n";
        assert_eq!(added_lines(old, new), vec![r(2, 2), r(5, 6)]);
    }

    #[test]
    fn pure_deletion_adds_nothing() {
        assert_eq!(added_lines(b"a\nb\nc\n", b"a\nc\n"), vec![]);
    }

    #[test]
    fn new_file_is_all_lines() {
        assert_eq!(added_lines(b"", b"x\ny"), vec![r(1, 2)]);
        assert_eq!(whole_file(b""), vec![]);
    }

    #[test]
    fn crlf_change_and_missing_final_newline_count() {
        assert_eq!(added_lines(b"a\nb\n", b"a\r\nb\n"), vec![r(1, 1)]);
        assert_eq!(added_lines(b"a\nb", b"a\nb\n"), vec![r(2, 2)]);
    }

    #[test]
    fn oversized_content_is_all_added() {
        let big = vec![b'x'; MAX_DIFF_BYTES + 1];
        assert_eq!(added_lines(b"x", &big), vec![r(1, 1)]);
    }
}
