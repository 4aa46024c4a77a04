//! Running one linter command: `sh -c` in the project root, in its own process group, with
//! pactkit's termination signals caught for the duration.
//!
//! Guarantee: while a linter runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT do not kill pactkit;
//! they are recorded and forwarded to the linter's process group, and pactkit waits for the
//! linter to exit. The caller then restores whatever the linter may have half-written
//! ([`super::scratch::Backups`]) and calls [`reraise`], so the process still ends the way the
//! signal asked. Only SIGKILL can interrupt pactkit itself; the backups then stay on disk
//! (see `Scratch`).

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished command produced.
#[derive(Debug)]
pub struct Finished {
    /// The exit status.
    pub status: ExitStatus,
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
    /// A termination signal pactkit received while the command ran.
    pub interrupted: Option<i32>,
    /// The timeout elapsed and the command's process group was killed.
    pub timed_out: bool,
}

/// Standard error kept of a command (the rest is dropped): enough for any diagnosis,
/// bounded whatever a broken tool prints.
pub const STDERR_CAP: usize = 64 * 1024;

impl Finished {
    /// The exit code; `None` when a signal ended the command.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// The signal that ended the command, looking through `sh -c`: a shell reports a
    /// child killed by signal N as exit status 128 + N.
    pub fn killed_by(&self) -> Option<i32> {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(signal) = self.status.signal() {
                return Some(signal);
            }
        }
        self.code()
            .filter(|c| (129..=192).contains(c))
            .map(|c| c - 128)
    }

    /// How the command ended, for messages.
    pub fn describe(&self) -> String {
        if self.timed_out {
            return "timed out; its processes were killed".into();
        }
        match (self.killed_by(), self.code()) {
            (Some(signal), Some(code)) => {
                format!(
                    "killed by signal {signal} ({}), exit status {code}",
                    signal_name(signal)
                )
            }
            (Some(signal), None) => format!("killed by signal {signal} ({})", signal_name(signal)),
            (None, Some(code)) => format!("exit status {code}"),
            (None, None) => "killed by a signal".into(),
        }
    }

    /// Standard output and standard error as one text.
    pub fn combined(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.stdout).into_owned();
        let err = String::from_utf8_lossy(&self.stderr);
        if !text.is_empty() && !text.ends_with('\n') && !err.is_empty() {
            text.push('\n');
        }
        text.push_str(&err);
        text
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 | 10 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => "signal",
    }
}

/// Runs `command_line` with `sh -c` in `cwd`, feeding `stdin` (or nothing), extra `env`;
/// after `timeout` the command's process group is killed ([`Finished::timed_out`]).
pub fn run(
    command_line: &str,
    cwd: &Path,
    stdin: Option<&[u8]>,
    env: &[(&str, &std::ffi::OsStr)],
    timeout: Duration,
) -> io::Result<Finished> {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(command_line)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // A terminal's Ctrl-C reaches pactkit's group, not the linter's: pactkit decides
        // when (and whether) the linter is stopped.
        command.process_group(0);
        signals::die_with_parent(&mut command);
    }
    let guard = signals::Guard::install();
    let mut child = command.spawn()?;
    // Killed with pactkit however pactkit ends (short of SIGKILL, which PR_SET_PDEATHSIG
    // covers for the direct child on Linux).
    let group = GroupKiller(child.id());
    let writer = child.stdin.take().map(|mut pipe| {
        let data = stdin.unwrap_or_default().to_vec();
        // A linter that exits without reading its input closes the pipe: not an error.
        thread::spawn(move || {
            let _ = pipe.write_all(&data);
        })
    });
    let stdout = reader(child.stdout.take(), usize::MAX);
    let stderr = reader(child.stderr.take(), STDERR_CAP);
    let started = Instant::now();
    let mut forwarded = false;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let (Some(signal), false) = (guard.received(), forwarded) {
            signals::forward(child.id(), signal);
            forwarded = true;
        }
        if !timed_out && started.elapsed() >= timeout {
            signals::forward(child.id(), signals::KILL);
            timed_out = true;
        }
        thread::sleep(Duration::from_millis(5));
    };
    // Whatever the shell left behind in its group (a backgrounded fixer) goes too.
    drop(group);
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(Finished {
        status,
        stdout,
        stderr,
        interrupted: guard.received(),
        timed_out,
    })
}

/// Kills a process group when dropped (the child is its leader).
struct GroupKiller(u32);

impl Drop for GroupKiller {
    fn drop(&mut self) {
        signals::forward(self.0, signals::KILL);
    }
}

/// Reads a pipe to its end, keeping the first `cap` bytes (the rest is read and dropped
/// so the writer never blocks).
fn reader(pipe: Option<impl Read + Send + 'static>, cap: usize) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(mut pipe) = pipe {
            let mut buf = [0u8; 8192];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let room = cap.saturating_sub(out.len());
                        out.extend_from_slice(&buf[..n.min(room)]);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        }
        out
    })
}

/// Holds off termination signals until the returned guard is dropped (for a whole fix:
/// backups, fixer runs, write-backs and re-staging); `received()` tells whether one came.
pub fn hold_signals() -> SignalGuard {
    SignalGuard(signals::Guard::install())
}

/// See [`hold_signals`].
pub struct SignalGuard(signals::Guard);

impl SignalGuard {
    /// The termination signal received while held, if any.
    pub fn received(&self) -> Option<i32> {
        self.0.received()
    }
}

impl std::fmt::Debug for SignalGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignalGuard")
    }
}

/// Ends pactkit the way `signal` asked, after the caller has restored the user's files.
pub fn reraise(signal: i32) -> ! {
    signals::reraise(signal)
}

/// Whether a program of that name is an executable file in one of `dirs` or on `PATH`.
pub fn find_program(name: &str, extra_dirs: &[&Path]) -> Option<std::path::PathBuf> {
    if name.contains('/') {
        let path = std::path::PathBuf::from(name);
        return crate::fsx::is_executable(&path).then_some(path);
    }
    let path_var = crate::env::var_os(crate::env::PATH).unwrap_or_default();
    extra_dirs
        .iter()
        .map(|d| d.to_path_buf())
        .chain(std::env::split_paths(&path_var))
        .map(|dir| dir.join(name))
        .find(|candidate| crate::fsx::is_executable(candidate))
}

#[cfg(unix)]
mod signals {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI32, Ordering};

    const CAUGHT: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

    pub const KILL: i32 = libc::SIGKILL;

    /// On Linux the child gets SIGKILL when pactkit dies, even by SIGKILL.
    #[cfg(target_os = "linux")]
    pub fn die_with_parent(command: &mut std::process::Command) {
        use std::os::unix::process::CommandExt;
        // SAFETY: getpid before the fork; in the child only async-signal-safe calls
        // (prctl, getppid, _exit).
        let parent = unsafe { libc::getpid() };
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // pactkit died between fork and prctl: do not run orphaned.
                if libc::getppid() != parent {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }

    #[cfg(not(target_os = "linux"))]
    pub fn die_with_parent(_command: &mut std::process::Command) {}

    /// The last signal received while a guard was installed (0: none).
    static RECEIVED: AtomicI32 = AtomicI32::new(0);
    /// Guards may nest across threads; one installs, the others share.
    static INSTALLED: Mutex<usize> = Mutex::new(0);

    extern "C" fn record(signal: libc::c_int) {
        // Only an atomic store: async-signal-safe.
        RECEIVED.store(signal, Ordering::SeqCst);
    }

    /// Catches the termination signals until dropped.
    pub struct Guard {
        previous: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Guard {
        pub fn install() -> Guard {
            let mut count = INSTALLED.lock().unwrap_or_else(|p| p.into_inner());
            *count += 1;
            if *count > 1 {
                return Guard {
                    previous: Vec::new(),
                };
            }
            RECEIVED.store(0, Ordering::SeqCst);
            let mut previous = Vec::new();
            for signal in CAUGHT {
                // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the
                // handler only stores an atomic.
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = record as *const () as libc::sighandler_t;
                    libc::sigemptyset(&mut action.sa_mask);
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, &action, &mut old) == 0 {
                        previous.push((signal, old));
                    }
                }
            }
            Guard { previous }
        }

        pub fn received(&self) -> Option<i32> {
            match RECEIVED.load(Ordering::SeqCst) {
                0 => None,
                signal => Some(signal),
            }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            let mut count = INSTALLED.lock().unwrap_or_else(|p| p.into_inner());
            *count = count.saturating_sub(1);
            for (signal, old) in &self.previous {
                // SAFETY: restores the action saved by `install`.
                unsafe {
                    libc::sigaction(*signal, old, std::ptr::null_mut());
                }
            }
        }
    }

    pub fn forward(pid: u32, signal: i32) {
        if let Ok(pid) = libc::pid_t::try_from(pid) {
            // SAFETY: signals the child's own process group (it is its leader).
            unsafe {
                libc::kill(-pid, signal);
            }
        }
    }

    pub fn reraise(signal: i32) -> ! {
        // SAFETY: restores the default action and raises the signal against ourselves.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
        std::process::exit(128 + signal)
    }
}

#[cfg(not(unix))]
mod signals {
    pub struct Guard;

    impl Guard {
        pub fn install() -> Guard {
            Guard
        }

        pub fn received(&self) -> Option<i32> {
            None
        }
    }

    pub const KILL: i32 = 9;

    pub fn forward(_pid: u32, _signal: i32) {}

    pub fn reraise(signal: i32) -> ! {
        std::process::exit(128 + signal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_output_and_feeds_stdin() {
        let dir = std::env::temp_dir();
        let done = run(
            "cat; echo oops >&2; exit 3",
            &dir,
            Some(b"hello\n"),
            &[],
            Duration::from_secs(60),
        )
        .expect("run");
        assert_eq!(done.code(), Some(3));
        assert_eq!(done.stdout, b"hello\n");
        assert_eq!(done.combined(), "hello\noops\n");
        assert_eq!(done.interrupted, None);
    }

    #[test]
    fn finds_programs_on_path() {
        assert!(find_program("sh", &[]).is_some());
        assert!(find_program("pactkit-no-such-linter", &[]).is_none());
    }
}
