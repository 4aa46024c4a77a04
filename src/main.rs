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
//! `.init_array` hook, so `std::env::args_os` works as usual.
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
