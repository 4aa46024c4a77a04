//! The index git would commit from, read in place. A hook in a large repository spends most
//! of its time here: decoding every entry of a 100,000-file index into owned structures
//! costs ~20 M instructions, while the staged change set, guided by the cache-tree, looks
//! at a few hundred entries. So the file is mapped and scanned once for where each entry
//! starts; fields, paths and the cache-tree are read when asked for.
//!
//! Versions 2, 3 and 4 (prefix-compressed paths, expanded into one buffer while scanning)
//! are read here. Anything else — a split index (`link`), an unknown required extension,
//! another version, a file this scan finds malformed — is handed whole to gix's decoder,
//! which reads it or reports it as before: the fast path never judges a shape it does not
//! know. Git writes the index to a new file and renames it, so a mapping stays consistent.
//! The checksum is not verified, as git does not verify it on read either.

use super::GitError;
use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::index::entry::Mode;
use gix::index::extension::Tree as CacheTree;
use std::ops::Range;
use std::path::Path;

/// One index file's entries, sorted by path then stage as git keeps them.
pub(crate) struct Index {
    entries: Entries,
    /// The cache-tree, decoded on first use (a commit message's checks never need it).
    tree: std::sync::OnceLock<Option<CacheTree>>,
}

enum Entries {
    /// Read in place: the file's bytes and where each entry is.
    Scanned(Scan),
    /// A shape left to gix, decoded whole.
    Decoded(Box<gix::index::File>),
}

struct Scan {
    bytes: Bytes,
    hash: gix::hash::Kind,
    /// Where each entry starts in `bytes` (4 bytes an entry: the scan's only allocation
    /// for versions 2 and 3, where a path is read in place).
    starts: Vec<u32>,
    /// Version 4's paths, expanded one after another, and where each starts (one more
    /// start than entries, so entry `i`'s path ends where `i + 1`'s starts).
    expanded: Option<(Vec<u8>, Vec<u32>)>,
    /// The `TREE` extension's bytes, when there is one.
    tree_at: Option<Range<usize>>,
}

enum Bytes {
    Empty,
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Empty => &[],
            Bytes::Mapped(map) => map,
        }
    }
}

/// Entry flag bits (big-endian `u16` after the object id).
const FLAG_EXTENDED: u16 = 0x4000;
const FLAG_STAGE_SHIFT: u16 = 12;
const FLAG_NAME_MASK: u16 = 0x0fff;
/// Extended flag bit: `git add -N`.
const EXTENDED_INTENT_TO_ADD: u16 = 0x2000;
/// ctime, mtime (8 bytes each) and six 4-byte stat fields precede the object id.
const STAT_LEN: usize = 40;
const MODE_AT: usize = 24;
const HEADER_LEN: usize = 12;

impl Index {
    /// Reads the index at `path`; a missing file is an empty index (an unborn repository).
    pub(crate) fn load(path: &Path, hash: gix::hash::Kind) -> Result<Index, GitError> {
        let bytes = match map(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Index::scanned(Scan::empty(hash)));
            }
            Err(e) => {
                return Err(GitError::gix(
                    format!("cannot read the index at {}", path.display()),
                    e,
                ));
            }
        };
        match scan(bytes, hash) {
            Some(scan) => Ok(Index::scanned(scan)),
            None => decode_with_gix(path, hash),
        }
    }

    fn scanned(scan: Scan) -> Index {
        Index {
            entries: Entries::Scanned(scan),
            tree: std::sync::OnceLock::new(),
        }
    }

    /// The number of entries (every stage of a conflicted path counts).
    pub(crate) fn len(&self) -> usize {
        match &self.entries {
            Entries::Scanned(scan) => scan.starts.len(),
            Entries::Decoded(file) => file.entries().len(),
        }
    }

    /// The cache-tree extension (`TREE`), when the index has one.
    pub(crate) fn tree(&self) -> Option<&CacheTree> {
        self.tree
            .get_or_init(|| match &self.entries {
                Entries::Scanned(scan) => scan.tree(),
                Entries::Decoded(file) => file.tree().cloned(),
            })
            .as_ref()
    }

    /// Entry `i`'s path (`/`-separated, relative to the work tree).
    pub(crate) fn path(&self, i: usize) -> &BStr {
        match &self.entries {
            Entries::Scanned(scan) => scan.path(i),
            Entries::Decoded(file) => file.entries()[i].path(file),
        }
    }

    /// Entry `i`'s object id.
    pub(crate) fn id(&self, i: usize) -> ObjectId {
        match &self.entries {
            Entries::Scanned(scan) => {
                let at = scan.starts[i] as usize + STAT_LEN;
                ObjectId::from_bytes_or_panic(&scan.bytes[at..at + scan.hash.len_in_bytes()])
            }
            Entries::Decoded(file) => file.entries()[i].id,
        }
    }

    /// Entry `i`'s mode (file, executable, symlink, gitlink, or a sparse directory).
    pub(crate) fn mode(&self, i: usize) -> Mode {
        match &self.entries {
            Entries::Scanned(scan) => {
                Mode::from_bits_truncate(be_u32(&scan.bytes, scan.starts[i] as usize + MODE_AT))
            }
            Entries::Decoded(file) => file.entries()[i].mode,
        }
    }

    /// Entry `i`'s merge stage: 0 when resolved, 1–3 for a conflict's base, ours, theirs.
    pub(crate) fn stage(&self, i: usize) -> u32 {
        match &self.entries {
            Entries::Scanned(scan) => u32::from((scan.flags(i) >> FLAG_STAGE_SHIFT) & 3),
            Entries::Decoded(file) => file.entries()[i].stage_raw(),
        }
    }

    /// Whether entry `i` was added with `git add -N` (no staged content yet).
    pub(crate) fn intent_to_add(&self, i: usize) -> bool {
        match &self.entries {
            Entries::Scanned(scan) => {
                scan.flags(i) & FLAG_EXTENDED != 0
                    && be_u16(&scan.bytes, scan.flags_at(i) + 2) & EXTENDED_INTENT_TO_ADD != 0
            }
            Entries::Decoded(file) => file.entries()[i]
                .flags
                .contains(gix::index::entry::Flags::INTENT_TO_ADD),
        }
    }

    /// The first entry in `range` for which `below` is false, `below` holding for a prefix.
    pub(crate) fn partition(&self, range: Range<usize>, below: impl Fn(&BStr) -> bool) -> usize {
        let (mut low, mut high) = (range.start, range.end);
        while low < high {
            let mid = low + (high - low) / 2;
            if below(self.path(mid)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// The entries of exactly `path`, every stage.
    pub(crate) fn entries_of(&self, path: &BStr) -> Range<usize> {
        let all = 0..self.len();
        let start = self.partition(all.clone(), |p| p < path);
        start..self.partition(start..all.end, |p| p == path)
    }

    /// The entries whose path starts with `prefix`.
    pub(crate) fn prefixed(&self, prefix: &[u8]) -> Range<usize> {
        let all = 0..self.len();
        let start = self.partition(all.clone(), |p| p < prefix);
        start..self.partition(start..all.end, |p| p.starts_with(prefix))
    }

    /// The entry git reads for `path` outside a merge: stage 0, or during a conflict the
    /// checked-out side ("ours", stage 2), like gix's `entry_by_path`.
    pub(crate) fn checked_out(&self, path: &BStr) -> Option<usize> {
        let range = self.entries_of(path);
        range
            .clone()
            .find(|&i| self.stage(i) == 0)
            .or_else(|| range.into_iter().find(|&i| self.stage(i) == 2))
    }
}

impl Scan {
    fn empty(hash: gix::hash::Kind) -> Scan {
        Scan {
            bytes: Bytes::Empty,
            hash,
            starts: Vec::new(),
            expanded: None,
            tree_at: None,
        }
    }

    fn path(&self, i: usize) -> &BStr {
        if let Some((paths, starts)) = &self.expanded {
            return paths[starts[i] as usize..starts[i + 1] as usize].as_bstr();
        }
        let flags = self.flags(i);
        let path_at = path_offset(self.flags_at(i), flags);
        let rest = &self.bytes[path_at..];
        // The scan found the NUL of every path whose length the flags cannot hold.
        let len = match flags & FLAG_NAME_MASK {
            FLAG_NAME_MASK => memchr::memchr(0, rest).unwrap_or(rest.len()),
            len => usize::from(len),
        };
        rest[..len].as_bstr()
    }

    fn flags_at(&self, i: usize) -> usize {
        self.starts[i] as usize + STAT_LEN + self.hash.len_in_bytes()
    }

    fn flags(&self, i: usize) -> u16 {
        be_u16(&self.bytes, self.flags_at(i))
    }

    fn tree(&self) -> Option<CacheTree> {
        let data = &self.bytes[self.tree_at.clone()?];
        gix::index::extension::tree::decode(data, self.hash, None)
    }
}

/// Where an entry's path (or version 4's strip count) starts, from where its flags are.
fn path_offset(flags_at: usize, flags: u16) -> usize {
    flags_at + if flags & FLAG_EXTENDED != 0 { 4 } else { 2 }
}

fn map(path: &Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    if file.metadata()?.len() == 0 {
        return Ok(Bytes::Empty);
    }
    // SAFETY: the mapping is private and read-only; git replaces the index by renaming a
    // new file over it and never writes into the old one, so the mapped bytes stay as read.
    // (A process truncating the file in place would end this one with SIGBUS: the hook fails
    // and the commit is refused, never judged on changed bytes.)
    // Not populated: the kernel's fault-around maps 16 pages a fault, and a scratch scan of
    // the 100,000-entry index (8.8 MB) took 2.3–2.4 ms mapped lazily against 2.5–2.6 ms
    // populated, and against 8.5 ms read into memory.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Bytes::Mapped(map))
}

fn decode_with_gix(path: &Path, hash: gix::hash::Kind) -> Result<Index, GitError> {
    let file = gix::index::File::at(path, hash, true, gix::index::decode::Options::default())
        .map_err(|e| GitError::gix(format!("cannot read the index at {}", path.display()), e))?;
    Ok(Index {
        entries: Entries::Decoded(Box::new(file)),
        tree: std::sync::OnceLock::new(),
    })
}

/// Scans a version 2–4 index; `None` for any shape left to gix.
fn scan(bytes: Bytes, hash: gix::hash::Kind) -> Option<Scan> {
    let hash_len = hash.len_in_bytes();
    if bytes.len() > u32::MAX as usize || bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = be_u32_checked(&bytes, 4)?;
    let count = be_u32_checked(&bytes, 8)? as usize;
    let end_of_entries = bytes.len().checked_sub(hash_len)?;
    // Every entry takes at least its fixed part: a count the file cannot hold is malformed.
    if count > end_of_entries / (STAT_LEN + hash_len + 2) {
        return None;
    }
    let entries = &bytes[..end_of_entries];
    let (starts, expanded, end) = match version {
        2 | 3 => {
            let (starts, end) = entries_v2(entries, count, hash_len)?;
            (starts, None, end)
        }
        4 => {
            let (starts, paths, end) = entries_v4(entries, count, hash_len)?;
            (starts, Some(paths), end)
        }
        _ => return None,
    };
    let tree_at = extensions(entries, end)?;
    Some(Scan {
        bytes,
        hash,
        starts,
        expanded,
        tree_at,
    })
}

/// Where each of `count` version 2 or 3 entries starts, and where the last one ends. An
/// entry is its fixed part, its path and 1–8 NULs that pad it to a multiple of 8 bytes.
fn entries_v2(entries: &[u8], count: usize, hash_len: usize) -> Option<(Vec<u32>, usize)> {
    let fixed = STAT_LEN + hash_len;
    let mut starts = Vec::with_capacity(count);
    let mut at = HEADER_LEN;
    for _ in 0..count {
        // A start past the end fails this read, so the loop needs no other bounds check.
        let flags_at = at + fixed;
        let &[high, low] = entries.get(flags_at..flags_at + 2)? else {
            return None;
        };
        let flags = u16::from_be_bytes([high, low]);
        let path_len = match flags & FLAG_NAME_MASK {
            FLAG_NAME_MASK => memchr::memchr(0, entries.get(path_offset(flags_at, flags)..)?)?,
            len => usize::from(len),
        };
        starts.push(at as u32);
        // The extended flags add two bytes: bit 14 shifted down to 2.
        let extended = usize::from((flags >> 13) & 2);
        at += (fixed + 2 + extended + path_len + 8) & !7;
    }
    (at <= entries.len()).then_some((starts, at))
}

/// The same for version 4, whose path is the previous path less a number of trailing bytes,
/// then a NUL-terminated suffix, without padding: the paths are expanded into one buffer.
type ExpandedPaths = (Vec<u8>, Vec<u32>);

fn entries_v4(
    entries: &[u8],
    count: usize,
    hash_len: usize,
) -> Option<(Vec<u32>, ExpandedPaths, usize)> {
    let mut starts = Vec::with_capacity(count);
    let mut paths: Vec<u8> = Vec::new();
    let mut path_starts = Vec::with_capacity(count + 1);
    path_starts.push(0u32);
    let mut previous = 0..0;
    let mut at = HEADER_LEN;
    for _ in 0..count {
        let flags_at = at + STAT_LEN + hash_len;
        let flags = be_u16_checked(entries, flags_at)?;
        let (strip, suffix_at) = varint(entries, path_offset(flags_at, flags))?;
        let suffix_len = memchr::memchr(0, entries.get(suffix_at..)?)?;
        let kept = previous.len().checked_sub(usize::try_from(strip).ok()?)?;
        let start = paths.len();
        paths.extend_from_within(previous.start..previous.start + kept);
        paths.extend_from_slice(&entries[suffix_at..suffix_at + suffix_len]);
        previous = start..paths.len();
        starts.push(at as u32);
        path_starts.push(u32::try_from(paths.len()).ok()?);
        at = suffix_at + suffix_len + 1;
    }
    Some((starts, (paths, path_starts), at))
}

/// Git's offset varint (`decode_varint`): seven bits a byte, high bit continues, each
/// continuation adding one so that every value has a single encoding.
fn varint(bytes: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut byte = *bytes.get(at)?;
    let mut value = u64::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        at += 1;
        byte = *bytes.get(at)?;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(u64::from(byte & 0x7f))?;
    }
    Some((value, at + 1))
}

/// Walks the extensions from `at` to the end of `data`: where the cache-tree's bytes are,
/// when there is one; `None` (hand the file to gix) for a required extension this reader
/// does not know, or one that runs past the end.
fn extensions(data: &[u8], mut at: usize) -> Option<Option<Range<usize>>> {
    let mut tree = None;
    while at < data.len() {
        let signature = data.get(at..at + 4)?;
        let size = be_u32_checked(data, at + 4)? as usize;
        let body = at + 8..(at + 8).checked_add(size)?;
        if body.end > data.len() {
            return None;
        }
        match signature {
            b"TREE" => tree = Some(body.clone()),
            // Sparse-directory entries are ordinary entries here (mode DIR).
            b"sdir" => {}
            // Optional extensions start with an upper-case letter; readers may skip them.
            [first, ..] if first.is_ascii_uppercase() => {}
            _ => return None,
        }
        at = body.end;
    }
    Some(tree)
}

fn be_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([bytes[at], bytes[at + 1]])
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn be_u16_checked(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        bytes.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn be_u32_checked(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        bytes.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

#[cfg(test)]
mod tests;
