//! File content git calls binary (a NUL byte in its first 8,000 bytes), made scannable.
//!
//! - **Text with stray NULs** (a `.env` with one NUL, a log with a padding byte): valid
//!   UTF-8 with at most one NUL in a hundred bytes. The NULs become spaces, so lines,
//!   columns and byte offsets stay those of the file, and it is scanned as text.
//! - **UTF-16 text** with a byte-order mark (Windows `.reg`, PowerShell, some `.config`
//!   files): decoded and scanned as text; line numbers are the file's.
//! - **Anything else is binary**: its printable ASCII runs of at least 8 characters are
//!   scanned, each as one line, reported by byte offset: runs of single bytes (what
//!   `strings` prints) and runs of wide characters, each printable byte padded with one
//!   or three NULs on either side (UTF-16 or UTF-32 text without a byte-order mark, or
//!   with a stray byte or a lone surrogate that keeps it from decoding: `strings -e l`,
//!   `-e b`, `-e L`, `-e B` at every alignment).

use std::borrow::Cow;

/// At most this share of NUL bytes (one in a hundred) still makes UTF-8 content text.
const MAX_NUL_PER_100: usize = 1;

/// The shortest printable run of a binary file that is scanned.
pub const MIN_RUN: usize = 8;

/// How content that git calls binary is scanned.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded<'a> {
    /// Text after all: scan its lines.
    Text(Cow<'a, str>),
    /// Binary: scan its printable runs.
    Binary,
}

/// Decides how to scan `data`.
pub fn decode(data: &[u8]) -> Decoded<'_> {
    if let Some(text) = utf16(data) {
        return Decoded::Text(Cow::Owned(text));
    }
    let nuls = memchr::memchr_iter(0, data).count();
    if nuls * 100 > data.len() * MAX_NUL_PER_100 {
        return Decoded::Binary;
    }
    match std::str::from_utf8(data) {
        Ok(text) if nuls == 0 => Decoded::Text(Cow::Borrowed(text)),
        Ok(text) => Decoded::Text(Cow::Owned(text.replace('\0', " "))),
        Err(_) => Decoded::Binary,
    }
}

/// UTF-16 (little- or big-endian) with a byte-order mark, decoded; `None` otherwise.
fn utf16(data: &[u8]) -> Option<String> {
    let little = match data {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    if !data.len().is_multiple_of(2) {
        return None;
    }
    let units = data[2..].chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// A printable run of a binary file: where its first character is, the distance between
/// its characters (1 for bytes, 2 or 4 for wide characters) and its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Run<'a> {
    /// The byte offset of its first character.
    pub offset: usize,
    /// Bytes from one character to the next.
    pub stride: usize,
    /// The characters.
    pub text: Cow<'a, str>,
}

impl Run<'_> {
    /// The byte offset of the character at `index` in the text.
    pub fn byte_at(&self, index: usize) -> usize {
        self.offset + index * self.stride
    }
}

fn is_printable(b: u8) -> bool {
    (0x20..0x7f).contains(&b) || b == b'\t'
}

/// The printable ASCII runs (space to `~`, and tab) of at least [`MIN_RUN`] characters:
/// byte runs, then the wide ones.
pub fn printable_runs(data: &[u8]) -> Vec<Run<'_>> {
    let mut runs: Vec<Run<'_>> = byte_runs(data)
        .into_iter()
        .map(|(offset, text)| Run {
            offset,
            stride: 1,
            text: Cow::Borrowed(text),
        })
        .collect();
    for stride in [2, 4] {
        for first in 0..stride {
            wide_runs(data, stride, first, &mut runs);
        }
    }
    runs
}

/// Printable bytes `stride` apart with only NULs between them, starting at a position
/// `first` modulo `stride`. The same characters are never found twice: a run is defined
/// by the positions of its printable bytes, whichever side of them the NULs are on.
fn wide_runs(data: &[u8], stride: usize, first: usize, runs: &mut Vec<Run<'_>>) {
    let mut start = None;
    let mut text = String::new();
    let mut at = first;
    while at < data.len() {
        let continues = is_printable(data[at])
            && (start.is_none() || data[at + 1 - stride..at].iter().all(|&b| b == 0));
        if continues {
            start.get_or_insert(at);
            text.push(char::from(data[at]));
        } else if let Some(s) = start.take() {
            push_wide(runs, s, stride, std::mem::take(&mut text));
            if is_printable(data[at]) {
                start = Some(at);
                text.push(char::from(data[at]));
            }
        }
        at += stride;
    }
    if let Some(s) = start {
        push_wide(runs, s, stride, text);
    }
}

fn push_wide(runs: &mut Vec<Run<'_>>, offset: usize, stride: usize, text: String) {
    if text.len() >= MIN_RUN {
        runs.push(Run {
            offset,
            stride,
            text: Cow::Owned(text),
        });
    }
}

/// Runs of printable bytes, with their offsets.
fn byte_runs(data: &[u8]) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, &b) in data.iter().enumerate() {
        match (is_printable(b), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                push_run(&mut runs, data, s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push_run(&mut runs, data, s, data.len());
    }
    runs
}

fn push_run<'a>(runs: &mut Vec<(usize, &'a str)>, data: &'a [u8], start: usize, end: usize) {
    if end - start >= MIN_RUN
        && let Ok(text) = std::str::from_utf8(&data[start..end])
    {
        runs.push((start, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_a_stray_nul_is_text_with_the_nul_as_a_space() {
        let mut data = b"A=1\0\n".to_vec();
        data.extend(b"TOKEN=abc\n".repeat(20));
        match decode(&data) {
            Decoded::Text(text) => {
                assert_eq!(text.len(), data.len());
                assert!(text.starts_with("A=1 \nTOKEN=abc\n"));
            }
            Decoded::Binary => panic!("text with one NUL a line is text"),
        }
        assert_eq!(decode(b"a\0b\0c\0d\0"), Decoded::Binary);
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xd8]),
            Decoded::Binary
        );
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut data = vec![0xFF, 0xFE];
        for unit in "key=v\r\n".encode_utf16() {
            data.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&data),
            Decoded::Text(Cow::Owned("key=v\r\n".to_owned()))
        );
        let mut big = vec![0xFE, 0xFF];
        for unit in "x".encode_utf16() {
            big.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&big), Decoded::Text(Cow::Owned("x".to_owned())));
    }

    #[test]
    fn printable_runs_are_at_least_eight_bytes() {
        let data = b"\x00\x01short\x00a longer run here\x02\x03tail-end";
        assert_eq!(
            byte_runs(data),
            vec![(8, "a longer run here"), (27, "tail-end")]
        );
    }

    fn texts(data: &[u8]) -> Vec<(usize, usize, String)> {
        printable_runs(data)
            .into_iter()
            .map(|r| (r.offset, r.stride, r.text.into_owned()))
            .collect()
    }

    #[test]
    fn wide_runs_are_found_at_every_alignment_and_once() {
        let word = "KEY=AKIAEXAMPLE1";
        let le16: Vec<u8> = word.bytes().flat_map(|b| [b, 0]).collect();
        let be16: Vec<u8> = word.bytes().flat_map(|b| [0, b]).collect();
        let le32: Vec<u8> = word.bytes().flat_map(|b| [b, 0, 0, 0]).collect();
        let be32: Vec<u8> = word.bytes().flat_map(|b| [0, 0, 0, b]).collect();
        let w = word.to_owned();
        assert_eq!(texts(&le16), vec![(0, 2, w.clone())]);
        assert_eq!(texts(&be16), vec![(1, 2, w.clone())]);
        assert_eq!(texts(&le32), vec![(0, 4, w.clone())]);
        assert_eq!(texts(&be32), vec![(3, 4, w.clone())]);
        // A byte-order mark and a stray byte before it: the run starts at an odd offset.
        let mut odd = vec![0xFF, 0xFE, 0x01];
        odd.extend(&le16);
        assert_eq!(texts(&odd), vec![(3, 2, w.clone())]);
        // A lone surrogate between two runs ends one and starts the next.
        let mut split = le16.clone();
        split.extend([0x00, 0xD8]);
        split.extend(&le16);
        let runs = texts(&split);
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(printable_runs(&le16)[0].byte_at(4), 8);
    }

    #[test]
    fn short_wide_runs_and_plain_text_give_no_wide_run() {
        let short: Vec<u8> = "abc".bytes().flat_map(|b| [b, 0]).collect();
        assert!(texts(&short).is_empty());
        assert!(
            printable_runs(b"plain text here")
                .iter()
                .all(|r| r.stride == 1)
        );
    }
}
