//! Link-time tuning of the binaries; no code generation.
//!
//! Every git hook starts `pactkit`, and before `main` the dynamic loader applies ~18,000
//! relative relocations (a position-independent binary's pointers in tables). Packed
//! relative relocations (`-z pack-relative-relocs`, DT_RELR) store them as a bitmap: the
//! table shrinks from ~440 KB to a few KB and the loader reads far fewer pages. Linkers
//! before GNU ld 2.38 / lld 15 do not know the option, so it is passed only when a probe
//! link with it succeeds without a warning; a glibc older than 2.36 makes ld leave it out
//! by itself (it checks for `GLIBC_ABI_DT_RELR`).
//!
//! The binaries are also linked as position-dependent executables (`-no-pie`) where the
//! linker takes it: a fixed load address leaves no relative relocations at all, and the
//! loader's pass over them was ~0.2 M of the ~1 M instructions of a `commit-msg` run
//! (callgrind, release build). The cost is that the executable's own code and data are
//! not placed at a random address (shared libraries, heap and stack still are); pactkit is
//! memory-safe Rust reading local files, and a hook runs on every commit.
//!
//! The unwinder comes from GCC's static `libgcc_eh.a` instead of `libgcc_s.so.1` where
//! the linker finds it (what `gcc -static-libgcc` does): one shared library fewer to
//! find, map and relocate, and every imported symbol's lookup walks one library fewer
//! (~28 k instructions, 7–8 page faults and 9 system calls a run). It is passed as a native library of
//! the crate, so it comes before std's `-lgcc_s` on the link line and `--as-needed`
//! drops that; the unwinder still finds every object's frames through
//! `dl_iterate_phdr` (panics exit 101: tests/cli/startup.rs).
//!
//! Measured and left out (callgrind, release build, 2026-12-07):
//! - Lazy binding (`-z lazy`) changes nothing: rustc calls C functions through the GOT
//!   (no PLT), and those relocations (`R_X86_64_GLOB_DAT`) are bound at start whatever
//!   the flag says; the binary has one `JUMP_SLOT`.
//! - `libm.so.6` stays: it supplies only `log2`, for the secrets gate's entropy, and its
//!   static copy needs glibc-private symbols; a hand-written `log2` could round a value
//!   at a detector's threshold differently (~20 k instructions).
//! - A static glibc (`-C target-feature=+crt-static`) would drop the loader's whole
//!   ~0.25 M, but cannot be set from here: it is a target feature (`RUSTFLAGS` or
//!   `.cargo/config.toml`), and without `--target` it also applies to proc-macro crates,
//!   which the gnu target cannot build statically, so a plain `cargo build` or `cargo
//!   install --path .` fails. It would also make `getpwnam`/`getpwuid_r` (gix looks up
//!   home directories through them) load the NSS modules of whatever glibc is installed
//!   at run time, which breaks after a glibc upgrade.
#![expect(
    clippy::disallowed_methods,
    reason = "a build script reads cargo's variables, not pactkit's environment"
)]

use std::io::Write;
use std::process::{Command, Stdio};

const PACKED_RELOCS: &str = "-Wl,-z,pack-relative-relocs";
const NO_PIE: &str = "-no-pie";
/// GCC's static unwinder, as the linker's `-l` names it.
const STATIC_UNWINDER: &str = "-l:libgcc_eh.a";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" || linker_chosen_in_rustflags() {
        return;
    }
    for flag in [PACKED_RELOCS, NO_PIE] {
        if linker_accepts(flag, EMPTY_PROGRAM) {
            println!("cargo:rustc-link-arg-bins={flag}");
        }
    }
    if linker_accepts(STATIC_UNWINDER, UNWINDING_PROGRAM) {
        println!("cargo:rustc-link-lib=static:-bundle,+verbatim=libgcc_eh.a");
    }
}

/// The probe for a flag that only has to be accepted.
const EMPTY_PROGRAM: &[u8] = b"int main(void) { return 0; }\n";
/// The probe for the static unwinder: it calls into it, so the archive's unwinder is
/// really linked in, as it is into pactkit.
const UNWINDING_PROGRAM: &[u8] =
    b"extern void _Unwind_Resume(void *);\nint main(int argc, char **argv) { if (argc > 9) _Unwind_Resume(argv); return 0; }\n";

/// A linker chosen through `RUSTFLAGS` (`-C linker=`, `-fuse-ld=`) is not the one the
/// probes below ask: link as rustc would by default, without the extra flags.
fn linker_chosen_in_rustflags() -> bool {
    println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
    std::env::var("CARGO_ENCODED_RUSTFLAGS")
        .unwrap_or_default()
        .split('\x1f')
        .any(|flag| flag.contains("linker=") || flag.contains("-fuse-ld"))
}

/// Links `program` (C) with `flag`; true when that works and prints nothing.
fn linker_accepts(flag: &str, program: &[u8]) -> bool {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return false;
    };
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_owned());
    let probe = std::path::Path::new(&out_dir).join("relr-probe");
    let child = Command::new(&linker)
        .args(["-x", "c", "-", "-o"])
        .arg(&probe)
        .args([flag, "-Wl,--fatal-warnings"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(program);
    }
    let accepted = child
        .wait_with_output()
        .is_ok_and(|out| out.status.success() && out.stderr.is_empty());
    let _ = std::fs::remove_file(&probe);
    accepted
}
