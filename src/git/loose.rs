//! Loose objects read straight from `objects/xx/…`, verified by their hash. A hook reads the
//! objects `git add` and `git commit` have just written, and those are loose: one read of
//! the file and one inflate into a buffer replace gix's general path (a mapping, a fresh
//! decompressor and a copy per object, ~67 k instructions for a 2 KB tree).
//!
//! The hash check is what makes the read sound. Git looks in its packs before the loose
//! files, so a loose file holding other content under the id of a packed object must not be
//! what a gate judges (threat-model row `shadowed-object`). A loose file is used only when
//! its content hashes to the id; anything else — no such file, one that cannot be read, a
//! damaged stream, a header or a hash that does not match — is left to gix, which the
//! repository opens with every pack index loaded (`discover::packs_first`), so it reads a
//! packed copy first, as git does, and reports errors as before; what gix returns is
//! verified by its hash as well (`tree_diff::read_object`, threat-model row `forged-pack`).

use gix::ObjectId;
use std::path::Path;

/// The first buffer's size is guessed from the compressed size, up to this; a larger
/// object is inflated again into a buffer sized from its header.
const MAX_GUESS: usize = 1 << 20;

/// The content of the loose object `id` in the object directory `objects`, when its file
/// holds exactly that object; `None` leaves the read to gix.
pub(crate) fn read(objects: &Path, id: &ObjectId) -> Option<Vec<u8>> {
    let hex = id.to_hex().to_string();
    let compressed = std::fs::read(objects.join(&hex[..2]).join(&hex[2..])).ok()?;
    let (header_len, object) = inflate(&compressed)?;
    let mut hasher = gix::hash::hasher(id.kind());
    hasher.update(&object);
    if hasher.try_finalize().ok()? != *id {
        return None;
    }
    let mut content = object;
    content.drain(..header_len);
    Some(content)
}

/// Inflates a whole loose object, header (`<kind> <size>\0`) included; the header's length
/// with the object, or `None` for a damaged stream or a header that does not match it.
fn inflate(compressed: &[u8]) -> Option<(usize, Vec<u8>)> {
    let guess = compressed
        .len()
        .saturating_mul(4)
        .saturating_add(64)
        .min(MAX_GUESS);
    let mut out = vec![0u8; guess];
    let (written, rc) =
        zlib_rs::decompress_slice(&mut out, compressed, zlib_rs::InflateConfig::default());
    let written = written.len();
    let (header_len, size) = header(&out[..written])?;
    let total = header_len.checked_add(size)?;
    match rc {
        zlib_rs::ReturnCode::Ok => out.truncate(written),
        zlib_rs::ReturnCode::BufError if written == guess && total > guess => {
            out = vec![0u8; total];
            let (again, rc) =
                zlib_rs::decompress_slice(&mut out, compressed, zlib_rs::InflateConfig::default());
            if rc != zlib_rs::ReturnCode::Ok {
                return None;
            }
            let again = again.len();
            out.truncate(again);
        }
        _ => return None,
    }
    (out.len() == total).then_some((header_len, out))
}

/// `<kind> <decimal size>\0`: the header's length (NUL included) and the size it states.
fn header(bytes: &[u8]) -> Option<(usize, usize)> {
    let nul = bytes.iter().take(32).position(|&b| b == 0)?;
    let (kind, size) = bytes[..nul].split_at(bytes[..nul].iter().position(|&b| b == b' ')?);
    if !matches!(kind, b"blob" | b"tree" | b"commit" | b"tag") {
        return None;
    }
    let digits = &size[1..];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let size = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some((nul + 1, size))
}

#[cfg(test)]
mod tests;
