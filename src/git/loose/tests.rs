//! The loose fast path against gix's reading of the same objects, written by real git;
//! the files it must leave to gix; and objects read as git reads them when a loose file
//! shadows a packed one.

use super::{MAX_GUESS, header, read};
use crate::git::testutil::TempRepo;
use gix::ObjectId;
use std::path::{Path, PathBuf};

fn objects(t: &TempRepo) -> PathBuf {
    t.root().join(".git/objects")
}

fn id(t: &TempRepo, rev: &str) -> ObjectId {
    ObjectId::from_hex(t.rev(rev).as_bytes()).expect("hex id")
}

fn gix_reads(t: &TempRepo, id: ObjectId) -> Vec<u8> {
    t.open()
        .inner
        .find_object(id)
        .expect("gix reads")
        .detach()
        .data
}

fn loose_path(t: &TempRepo, id: &ObjectId) -> PathBuf {
    let hex = id.to_hex().to_string();
    objects(t).join(&hex[..2]).join(&hex[2..])
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; bytes.len() * 2 + 64];
    let (written, rc) = zlib_rs::compress_slice(&mut out, bytes, zlib_rs::DeflateConfig::default());
    assert_eq!(rc, zlib_rs::ReturnCode::Ok);
    written.to_vec()
}

fn write_loose(path: &Path, raw: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("fan-out dir")).expect("mkdir");
    let _ = std::fs::remove_file(path);
    std::fs::write(path, deflate(raw)).expect("write loose file");
}

/// Random-looking bytes (deflate cannot shrink them), from a fixed seed.
fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

fn repo_with_every_kind() -> TempRepo {
    let t = TempRepo::new();
    t.write("src/lib.rs", "fn main() {}\n")
        .write("empty.txt", "")
        .write("zeros.txt", &"0".repeat(100_000));
    t.write_bytes("noise.bin".as_ref(), &noise(4_000));
    t.commit_all("feat: every kind");
    t.git(&["tag", "-a", "v1", "-m", "a tag object"]);
    t
}

#[test]
fn every_loose_object_reads_as_gix_reads_it() {
    let t = repo_with_every_kind();
    let listed = t.git(&["rev-list", "--objects", "--all"]);
    let ids: Vec<ObjectId> = listed
        .lines()
        .map(|line| ObjectId::from_hex(&line.as_bytes()[..40]).expect("hex"))
        .collect();
    // An annotated tag, a commit, two trees, four blobs (one empty, one 100 KB that deflates
    // to a few hundred bytes: the second, header-sized attempt).
    assert_eq!(ids.len(), 8);
    for id in ids {
        assert!(loose_path(&t, &id).is_file(), "{id} is loose");
        assert_eq!(read(&objects(&t), &id), Some(gix_reads(&t, id)), "{id}");
    }
}

#[test]
fn a_packed_object_is_left_to_gix() {
    let t = repo_with_every_kind();
    t.git(&["gc", "-q", "--prune=now"]);
    let blob = id(&t, "HEAD:src/lib.rs");
    assert!(!loose_path(&t, &blob).exists());
    assert_eq!(read(&objects(&t), &blob), None);
}

#[test]
fn a_loose_file_that_shadows_a_packed_object_is_not_read() {
    // Git reads the packed copy; gix read the loose file first in a fresh repository handle
    // (pactkit judged "forged" while git committed the real content).
    let t = repo_with_every_kind();
    t.git(&["gc", "-q", "--prune=now"]);
    let blob = id(&t, "HEAD:src/lib.rs");
    write_loose(&loose_path(&t, &blob), b"blob 6\0forged");
    assert_eq!(
        t.git(&["cat-file", "-p", &blob.to_string()]),
        "fn main() {}\n"
    );
    assert_eq!(
        read(&objects(&t), &blob),
        None,
        "the fast path does not vouch for it"
    );
    let repo = t.open();
    assert_eq!(
        crate::git::tree_diff::read_blob(&repo.inner, blob).expect("read"),
        b"fn main() {}\n",
        "the packed copy, as git reads it"
    );
}

#[test]
fn damaged_files_are_left_to_gix() {
    let t = repo_with_every_kind();
    let blob = id(&t, "HEAD:src/lib.rs");
    let path = loose_path(&t, &blob);
    let good = std::fs::read(&path).expect("read");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("not zlib", b"garbage, not a zlib stream".to_vec()),
        ("size too small", deflate(b"blob 3\0fn main() {}\n")),
        ("size too large", deflate(b"blob 99\0fn main() {}\n")),
        ("unknown kind", deflate(b"blub 13\0fn main() {}\n")),
        ("no NUL", deflate(b"blob 13 fn main() {}\n")),
    ];
    for (what, bytes) in cases {
        std::fs::remove_file(&path).expect("remove");
        std::fs::write(&path, &bytes).expect("write");
        assert_eq!(read(&objects(&t), &blob), None, "{what}");
    }
}

#[test]
fn a_large_object_is_inflated_into_a_buffer_sized_by_its_header() {
    let t = TempRepo::new();
    t.write("big.txt", &"0123456789abcdef".repeat(MAX_GUESS / 8));
    t.write_bytes("noise.bin".as_ref(), &noise(MAX_GUESS + 4_096));
    t.commit_all("feat: big files");
    for rev in ["HEAD:big.txt", "HEAD:noise.bin"] {
        let blob = id(&t, rev);
        assert_eq!(
            read(&objects(&t), &blob),
            Some(gix_reads(&t, blob)),
            "{rev}"
        );
    }
}

#[test]
fn a_sha256_repository_reads_like_gix() {
    let t = TempRepo::sha256();
    t.write("a.txt", "sha-256 content\n")
        .commit_all("feat: one file");
    for rev in ["HEAD", "HEAD^{tree}", "HEAD:a.txt"] {
        let id = id(&t, rev);
        assert_eq!(id.kind(), gix::hash::Kind::Sha256);
        assert_eq!(read(&objects(&t), &id), Some(gix_reads(&t, id)), "{rev}");
    }
}

#[test]
fn headers_are_read_strictly() {
    assert_eq!(header(b"blob 0\0"), Some((7, 0)));
    assert_eq!(header(b"tree 1234\0rest"), Some((10, 1234)));
    assert_eq!(header(b"commit 5\0"), Some((9, 5)));
    assert_eq!(header(b"tag 1\0"), Some((6, 1)));
    for bad in [
        &b"blob\0"[..],
        b"blob \0",
        b"blob -1\0",
        b"blob 1x\0",
        b"blob 1",
        b"other 1\0",
        b"blob 99999999999999999999999\0",
    ] {
        assert_eq!(header(bad), None, "{:?}", String::from_utf8_lossy(bad));
    }
}

#[test]
fn a_shadowed_packed_commit_is_read_as_git_reads_it() {
    // HEAD's commit packed, and a loose file under its id holding another commit (whose
    // tree has other content): git reads the pack. A reader that looked at the loose file
    // first would take HEAD's tree, and the contract in it, from the forged commit.
    let t = TempRepo::new();
    t.write("pactkit.yaml", "developer: \"\"\n")
        .commit_all("chore: strict");
    t.git(&["gc", "-q", "--prune=now"]);
    let head = id(&t, "HEAD");
    let real_tree = id(&t, "HEAD^{tree}");
    t.write("pactkit.yaml", "# weakened\n");
    t.git(&["add", "-A"]);
    let other_tree = t.git(&["write-tree"]).trim().to_owned();
    let other = t
        .git(&["commit-tree", &other_tree, "-m", "forged"])
        .trim()
        .to_owned();
    let other = ObjectId::from_hex(other.as_bytes()).expect("hex");
    let shadow = loose_path(&t, &head);
    std::fs::create_dir_all(shadow.parent().expect("fan-out dir")).expect("mkdir");
    std::fs::copy(loose_path(&t, &other), shadow).expect("shadow");
    assert_eq!(
        t.rev("HEAD^{tree}"),
        real_tree.to_string(),
        "git reads the pack"
    );
    let repo = t.open();
    assert_eq!(repo.head_tree().expect("head tree"), Some(real_tree));
    assert_eq!(
        repo.commit_object("HEAD").expect("commit"),
        t.git(&["cat-file", "commit", "HEAD"]).into_bytes()
    );
}

#[test]
fn the_empty_tree_and_blob_are_read_without_a_file() {
    // Git knows both without an object file; a file under their ids is not consulted.
    let t = TempRepo::new();
    t.git(&["commit", "-q", "--allow-empty", "-m", "chore: empty"]);
    let repo = t.open();
    let (tree, blob) = (
        ObjectId::empty_tree(gix::hash::Kind::Sha1),
        ObjectId::empty_blob(gix::hash::Kind::Sha1),
    );
    for id in [tree, blob] {
        write_loose(&loose_path(&t, &id), b"blob 6\0forged");
        assert!(
            crate::git::tree_diff::read_blob(&repo.inner, id)
                .expect("read")
                .is_empty()
        );
    }
    assert!(
        crate::git::tree_diff::read_tree(&repo.inner, tree)
            .expect("read")
            .is_empty()
    );
}
