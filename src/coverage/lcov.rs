//! LCOV tracefiles (`lcov`, `genhtml`'s input; written by c8/nyc/istanbul, cargo-llvm-cov,
//! grcov, `llvm-cov export -format=lcov`, geninfo).
//!
//! Records are `SF:<path>` … `DA:<line>,<hits>[,<checksum>]` … `end_of_record`; every other
//! tag (TN, VER, FN, FNDA, BRDA, LF, LH, …) is irrelevant to line coverage and ignored.
//! A record whose file is not wanted is skipped by searching for its `end_of_record`, so a
//! large report costs little more than one scan. A record that never ends is a truncated
//! report and an error, as is a `DA` line outside a record or with bad numbers.

use super::{Collector, ParseError};
use memchr::memmem::Finder;

const END: &[u8] = b"end_of_record";

/// An open `SF:` record: where it started, its path, and whether its lines are kept.
struct Open<'t> {
    offset: usize,
    path: &'t [u8],
    slot: Option<super::Slot>,
}

/// Parses an LCOV report.
pub fn parse(text: &[u8], out: &mut Collector<'_>) -> Result<(), ParseError> {
    let end_finder = Finder::new(END);
    let mut pos = 0;
    let mut open: Option<Open<'_>> = None;
    while pos < text.len() {
        let line_end = memchr::memchr(b'\n', &text[pos..]).map_or(text.len(), |i| pos + i);
        let line = trim_cr(&text[pos..line_end]);
        let line_start = pos;
        pos = line_end + 1;
        if let Some(path) = line.strip_prefix(b"SF:") {
            if let Some(previous) = &open {
                return Err(unterminated(
                    previous,
                    "a new SF: record starts before it ends",
                ));
            }
            let name = String::from_utf8_lossy(path);
            let slot = out.target(&[name.trim()]);
            let record = Open {
                offset: line_start,
                path,
                slot,
            };
            if slot.is_none() {
                // Not wanted: jump past this record's end_of_record line.
                let from = pos.min(text.len());
                let Some(end) = end_finder
                    .find_iter(&text[from..])
                    .map(|at| from + at)
                    .find(|&at| is_end_line(text, at))
                else {
                    return Err(unterminated(&record, "the report ends inside it"));
                };
                pos = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i + 1);
                continue;
            }
            open = Some(record);
        } else if let Some(data) = line.strip_prefix(b"DA:") {
            let Some(record) = &open else {
                return Err(ParseError::at(line_start, "DA: line outside an SF: record"));
            };
            let (number, hits) =
                parse_da(data).ok_or_else(|| ParseError::at(line_start, bad_da(data)))?;
            if let (Some(slot), true) = (record.slot, number > 0) {
                out.add(slot, number, hits);
            }
        } else if trim_ascii(line) == END && open.take().is_none() {
            return Err(ParseError::at(
                line_start,
                "end_of_record without an SF: line",
            ));
        }
    }
    match &open {
        Some(record) => Err(unterminated(record, "the report ends inside it")),
        None => Ok(()),
    }
}

/// Whether the `end_of_record` found at `at` is a line of its own (blanks around it
/// allowed), not part of a path or a function name. Looks only at the blanks beside it,
/// so checking every match of a long line stays linear.
pub(crate) fn is_end_line(text: &[u8], at: usize) -> bool {
    let before = text[..at]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r'));
    let after = text[at + END.len()..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r'));
    matches!(before, None | Some(b'\n')) && matches!(after, None | Some(b'\n'))
}

fn unterminated(record: &Open<'_>, why: &str) -> ParseError {
    ParseError::at(
        record.offset,
        format!(
            "truncated: the record for `{}` has no end_of_record ({why})",
            String::from_utf8_lossy(record.path).trim()
        ),
    )
}

fn bad_da(data: &[u8]) -> String {
    format!(
        "expected `DA:<line>,<hits>`, found `DA:{}`",
        String::from_utf8_lossy(data)
    )
}

/// `<line>,<hits>[,<checksum>]`; negative hits (old gcov bugs) count as 0.
fn parse_da(data: &[u8]) -> Option<(u32, u64)> {
    let mut fields = data.split(|&b| b == b',');
    let number = parse_u64(trim_ascii(fields.next()?))?;
    let hits_field = trim_ascii(fields.next()?);
    let hits = match hits_field.strip_prefix(b"-") {
        Some(negative) => parse_u64(negative).map(|_| 0)?,
        None => parse_u64(hits_field)?,
    };
    Some((u32::try_from(number).ok()?, hits))
}

fn parse_u64(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    digits.iter().try_fold(0u64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0'))
    })
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::super::paths::PathResolver;
    use super::super::{Collector, Where};
    use super::*;
    use std::path::Path;

    fn resolver(wanted: &[&str]) -> PathResolver {
        PathResolver::new(
            Path::new("/r"),
            &[],
            [],
            wanted.iter().map(|s| s.to_string()),
        )
    }

    #[test]
    fn reads_wanted_records_and_skips_the_rest() {
        let r = resolver(&["src/a.rs"]);
        let mut out = Collector::new(&r);
        let text = b"TN:\nSF:/ci/src/b.rs\nDA:1,1\nend_of_record\nSF:/ci/src/a.rs\nFN:1,f\n\
                     DA:1,3\nDA:2,0,abcd\r\nDA:2,1\nLF:2\nend_of_record\n";
        parse(text, &mut out).unwrap();
        let cov = out.finish();
        let a = &cov.files["src/a.rs"];
        assert_eq!(a[&1], 3);
        assert_eq!(a[&2], 1, "repeated lines are summed");
        assert_eq!(cov.files.len(), 1);
    }

    #[test]
    fn truncation_and_bad_lines_are_located() {
        let r = resolver(&["a.rs"]);
        let err = parse(b"SF:a.rs\nDA:1,1\n", &mut Collector::new(&r)).unwrap_err();
        assert_eq!(err.at, Where::Offset(0));
        assert!(err.message.contains("truncated"), "{err:?}");
        let err = parse(b"SF:b.rs\nDA:1,1\n", &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("`b.rs`"), "{err:?}");
        let err = parse(b"SF:a.rs\nDA:x,1\nend_of_record\n", &mut Collector::new(&r)).unwrap_err();
        assert_eq!(err.at, Where::Offset(8));
        assert!(err.message.contains("DA:x,1"), "{err:?}");
        let err = parse(b"DA:1,1\n", &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("outside"), "{err:?}");
    }

    #[test]
    fn end_of_record_inside_a_path_or_name_ends_nothing() {
        let r = resolver(&["src/a.rs"]);
        let mut out = Collector::new(&r);
        let text = b"SF:/ci/end_of_record/b.rs\nFN:1,end_of_record\nDA:1,1\nend_of_record\n\
                     SF:/ci/src/a.rs\nDA:3,1\n  end_of_record \r\n";
        parse(text, &mut out).unwrap();
        assert_eq!(out.finish().files["src/a.rs"][&3], 1);
    }

    #[test]
    fn negative_hits_count_as_zero() {
        assert_eq!(parse_da(b"4,-1"), Some((4, 0)));
        assert_eq!(parse_da(b"4"), None);
        assert_eq!(parse_da(b"99999999999,1"), None);
    }
}
