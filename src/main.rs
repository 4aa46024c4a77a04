//! The `pactkit` binary: everything lives in the library; this only hands over the exit code.
//!
//! On Linux with glibc the binary is entered through C's `main` (`no_main`), which skips
//! std's runtime set-up: its main-thread stack guard reads and parses /proc/self/maps,
//! about 20 system calls. Measured with callgrind (whole process, dynamic loader included,
//! release build, 2026-12-06): `pactkit commit-msg FILE` 612 k instructions here against
//! 730 k with a plain std `fn main` (-117 k, 16 %), `pactkit hooks run commit-msg` 521 k
//! against 637 k; callgrind's counts repeat within 100 instructions. What of
//! that set-up pactkit relies on is done here instead (standard descriptors, SIGPIPE,
//! panics exit 101, stdout flushed); what is lost is only std's "has overflowed its stack"
//! message (a stack overflow is then a plain SIGSEGV). glibc hands argc/argv to std's
//! `.init_array` hook, so `std::env::args_os` works as usual. Blocks of 2 MiB and more
//! are mapped on transparent huge pages ([`huge`]): a large repository's index decodes
//! into them with a few page faults instead of thousands.
#![cfg_attr(all(target_os = "linux", target_env = "gnu"), no_main)]

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() -> std::process::ExitCode {
    pactkit::run()
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
    runtime::init();
    // A panic must not unwind into C: report it as std's `main` does (the hook has
    // printed the message), with exit code 101.
    let code = std::panic::catch_unwind(|| {
        runtime::test_panic();
        pactkit::run_status()
    })
    .map_or(101, |status| libc::c_int::from(status.code()));
    let _ = std::io::Write::flush(&mut std::io::stdout());
    code
}

/// The parts of std's start-up pactkit relies on.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod runtime {
    pub(crate) fn init() {
        // SAFETY: plain system calls on the standard descriptors and a signal disposition,
        // before any other thread exists.
        unsafe {
            // A closed 0, 1 or 2 is reopened on /dev/null, so no file pactkit opens later
            // becomes stdout (what std does).
            for fd in 0..3 {
                if libc::fcntl(fd, libc::F_GETFD) == -1
                    && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF)
                    && libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) == -1
                {
                    libc::abort();
                }
            }
            // A closed pipe is an EPIPE error to handle, not a silent death (what std does;
            // children still start with the default disposition, std resets it on spawn).
            libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        }
    }

    /// Debug builds panic on purpose when `PACTKIT_TEST_PANIC` is set, so the tests can
    /// prove a panic exits 101 (tests/cli/startup.rs); release builds have no such switch.
    pub(crate) fn test_panic() {
        #[cfg(debug_assertions)]
        if pactkit::infra::env::var_os("PACTKIT_TEST_PANIC").is_some() {
            panic!("PACTKIT_TEST_PANIC is set");
        }
    }
}

/// Large blocks on transparent huge pages.
///
/// In a 100,000-file repository a hook decodes the index into ~11 MB of fresh memory
/// (the entry table and its paths); touched 4 KiB page by page that is ~2,800 page
/// faults, most of the run's kernel time. Blocks of 2 MiB or more are therefore mapped
/// here on a 2 MiB boundary and marked `MADV_HUGEPAGE`, so the kernel fills them with
/// 2 MiB pages where it has them (a scratch program touching 10 MB: 4.1 ms page by page,
/// 0.24 ms on huge pages). Where it has none, or transparent huge pages are off, the
/// block is an ordinary mapping, as glibc's `malloc` would have made it. Smaller blocks
/// go to the system allocator unchanged.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod huge {
    use std::alloc::{GlobalAlloc, Layout, System};

    /// The huge page size on x86-64 and aarch64 with 4 KiB base pages.
    const HUGE: usize = 2 << 20;
    /// The alignment every mapping has, wherever the kernel puts it.
    const PAGE: usize = 4096;

    pub(crate) struct Allocator;

    /// Whether a block of this layout is mapped here.
    fn is_big(size: usize, align: usize) -> bool {
        size >= HUGE && align <= HUGE
    }

    /// The mapping's length: `size` rounded up to whole huge pages.
    fn mapped_len(size: usize) -> Option<usize> {
        size.checked_next_multiple_of(HUGE)
    }

    /// A zeroed mapping of `size` bytes starting on a 2 MiB boundary; null on failure.
    unsafe fn map(size: usize) -> *mut u8 {
        let Some(len) = mapped_len(size) else {
            return std::ptr::null_mut();
        };
        let Some(reserve) = len.checked_add(HUGE) else {
            return std::ptr::null_mut();
        };
        // SAFETY: a fresh anonymous mapping; only its own slack is unmapped again.
        unsafe {
            let raw = libc::mmap(
                std::ptr::null_mut(),
                reserve,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if raw == libc::MAP_FAILED {
                return std::ptr::null_mut();
            }
            let raw = raw.cast::<u8>();
            let head = (HUGE - (raw as usize) % HUGE) % HUGE;
            if head > 0 {
                libc::munmap(raw.cast(), head);
            }
            let start = raw.add(head);
            let tail = reserve - head - len;
            if tail > 0 {
                libc::munmap(start.add(len).cast(), tail);
            }
            libc::madvise(start.cast(), len, libc::MADV_HUGEPAGE);
            start
        }
    }

    /// Unmaps a block [`map`] made for `size` bytes.
    unsafe fn unmap(ptr: *mut u8, size: usize) {
        if let Some(len) = mapped_len(size) {
            // SAFETY: `ptr` and `len` are the mapping `map` returned for `size`.
            unsafe { libc::munmap(ptr.cast(), len) };
        }
    }

    // SAFETY: every block is either the system allocator's (small) or a whole mapping of
    // its own (big), and a layout's size decides which on allocation, reallocation and
    // release alike.
    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if is_big(layout.size(), layout.align()) {
                // SAFETY: see `map`.
                unsafe { map(layout.size()) }
            } else {
                // SAFETY: forwarded with the caller's layout.
                unsafe { System.alloc(layout) }
            }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if is_big(layout.size(), layout.align()) {
                // SAFETY: see `map`; a fresh anonymous mapping reads as zeros.
                unsafe { map(layout.size()) }
            } else {
                // SAFETY: forwarded with the caller's layout.
                unsafe { System.alloc_zeroed(layout) }
            }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if is_big(layout.size(), layout.align()) {
                // SAFETY: `ptr` was mapped for this layout's size.
                unsafe { unmap(ptr, layout.size()) }
            } else {
                // SAFETY: forwarded with the caller's pointer and layout.
                unsafe { System.dealloc(ptr, layout) }
            }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let (was_big, is_big) = (
                is_big(layout.size(), layout.align()),
                is_big(new_size, layout.align()),
            );
            if !was_big && !is_big {
                // SAFETY: forwarded with the caller's pointer, layout and size.
                return unsafe { System.realloc(ptr, layout, new_size) };
            }
            if was_big && is_big {
                let (Some(old_len), Some(new_len)) =
                    (mapped_len(layout.size()), mapped_len(new_size))
                else {
                    return std::ptr::null_mut();
                };
                if old_len == new_len {
                    return ptr;
                }
                if layout.align() <= PAGE {
                    // SAFETY: `ptr` is a whole mapping of `old_len` bytes; the kernel moves
                    // or resizes it (keeping its advice) and page-aligns the result.
                    let moved =
                        unsafe { libc::mremap(ptr.cast(), old_len, new_len, libc::MREMAP_MAYMOVE) };
                    return if moved == libc::MAP_FAILED {
                        std::ptr::null_mut()
                    } else {
                        moved.cast()
                    };
                }
            }
            // SAFETY: `new_size` with the old alignment is a valid layout (the caller's
            // contract); the block is moved by copying and the old one released.
            unsafe {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: huge::Allocator = huge::Allocator;
