//! The one way pactkit runs an outside program whose run it does not control: linters and
//! fixers, test runners, `gates.coverage.command`. Owns the child's whole life:
//!
//! - **Its own process group**, led by the child, so that pactkit decides when the child
//!   stops (a terminal's Ctrl-C reaches pactkit's group, not the child's) and every process
//!   the child started can be ended at once.
//! - **Death with pactkit**: `PR_SET_PDEATHSIG` (SIGKILL) on Linux covers the direct child
//!   even when pactkit is killed with SIGKILL; otherwise the group is killed when the run
//!   ends, whichever way it ends (a backgrounded helper left by the child goes too).
//! - **A timeout**: the whole group is killed with SIGKILL ([`Ending::TimedOut`]).
//! - **Termination signals** (SIGINT, SIGTERM, SIGHUP, SIGQUIT) received while the child
//!   runs do not kill pactkit: they are recorded ([`Finished::interrupted`]) and forwarded to
//!   the child's group; a group still alive [`GRACE`] later is killed. The caller restores
//!   what it must, then calls [`reraise`] so pactkit still ends the way the signal asked.
//! - **Captured output with a stated cap** per stream ([`Stream`]); bytes past the cap are
//!   read and dropped (the child never blocks on a full pipe) and the cut is flagged.
//!   Optionally each line is also handed to a sink as it arrives (streamed test output).
//! - **An outcome that says how the run ended**: spawn failure ([`NotStarted`]), exit code,
//!   killed by a signal (seen directly or through `sh -c` as exit status 128 + N), timeout.
//!
//! Only SIGKILL of pactkit escapes the clean-up; then grandchildren of the child may live on.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// How long a child's group may take to exit after a forwarded termination signal before it
/// is killed.
pub const GRACE: Duration = Duration::from_secs(2);

/// How long the output of a finished child is still read (a process that left the group
/// may hold the pipes open); what arrived by then is kept.
const DRAIN: Duration = Duration::from_secs(2);

/// The longest line handed to a line sink; a longer line arrives in pieces of this size.
pub const LINE_CAP: usize = 64 * 1024;

/// How often the child is polled (and the tick callback called).
const POLL: Duration = Duration::from_millis(10);

/// A callback receiving each output line (terminator included) as it arrives.
pub type LineSink = Arc<dyn Fn(&[u8]) + Send + Sync>;

/// What is done with one output stream of the child.
#[derive(Clone)]
pub struct Stream {
    /// Bytes kept in [`Finished::stdout`] / [`Finished::stderr`]; the rest is dropped.
    pub cap: usize,
    /// Also called with every line as it arrives.
    pub lines: Option<LineSink>,
}

impl Stream {
    /// Keeps the first `cap` bytes.
    pub fn capture(cap: usize) -> Stream {
        Stream { cap, lines: None }
    }

    /// Hands every line to `sink` and keeps the first `cap` bytes.
    pub fn lines(sink: LineSink, cap: usize) -> Stream {
        Stream {
            cap,
            lines: Some(sink),
        }
    }
}

/// How to run a child besides the command itself.
pub struct Options<'a> {
    /// Fed to the child's standard input (closed afterwards); `None`: `/dev/null`.
    pub stdin: Option<&'a [u8]>,
    /// After this long the child's group is killed.
    pub timeout: Duration,
    /// Standard output.
    pub stdout: Stream,
    /// Standard error.
    pub stderr: Stream,
    /// Called about every 10 ms with the time the child has run so far.
    pub tick: Option<&'a mut dyn FnMut(Duration)>,
}

impl Options<'_> {
    /// No input, both streams captured up to `cap` bytes, no tick.
    pub fn captured(timeout: Duration, cap: usize) -> Options<'static> {
        Options {
            stdin: None,
            timeout,
            stdout: Stream::capture(cap),
            stderr: Stream::capture(cap),
            tick: None,
        }
    }
}

/// How a child that started ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited with this code (below 129, or not a signal's 128 + N).
    Exited(i32),
    /// A signal ended it: directly (`code` is `None`), or a shell reported a child killed
    /// by signal N as exit status `code` = 128 + N.
    Signalled {
        /// The signal number.
        signal: i32,
        /// The exit status, when the signal was seen through a shell.
        code: Option<i32>,
    },
    /// The timeout elapsed and its process group was killed.
    TimedOut,
}

/// The child could not be started (program missing, not executable, bad directory).
#[derive(Debug)]
pub struct NotStarted(pub io::Error);

impl std::fmt::Display for NotStarted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for NotStarted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<NotStarted> for io::Error {
    fn from(err: NotStarted) -> io::Error {
        err.0
    }
}

/// What a child that started produced.
#[derive(Debug)]
pub struct Finished {
    /// How it ended.
    pub ending: Ending,
    /// Standard output, at most its stream's cap.
    pub stdout: Vec<u8>,
    /// Standard error, at most its stream's cap.
    pub stderr: Vec<u8>,
    /// Standard output went past its cap (the rest was dropped).
    pub stdout_cut: bool,
    /// Standard error went past its cap.
    pub stderr_cut: bool,
    /// A termination signal pactkit received while the child ran (forwarded to it).
    pub interrupted: Option<i32>,
}

impl Finished {
    /// The exit code; `None` when a signal ended the child directly or it timed out.
    pub fn code(&self) -> Option<i32> {
        match self.ending {
            Ending::Exited(code) => Some(code),
            Ending::Signalled { code, .. } => code,
            Ending::TimedOut => None,
        }
    }

    /// The signal that ended the child, also when seen through `sh -c`.
    pub fn killed_by(&self) -> Option<i32> {
        match self.ending {
            Ending::Signalled { signal, .. } => Some(signal),
            _ => None,
        }
    }

    /// The timeout elapsed.
    pub fn timed_out(&self) -> bool {
        self.ending == Ending::TimedOut
    }

    /// It exited with code 0.
    pub fn success(&self) -> bool {
        self.ending == Ending::Exited(0)
    }

    /// How the child ended, for messages.
    pub fn describe(&self) -> String {
        match self.ending {
            Ending::TimedOut => "timed out; its processes were killed".into(),
            Ending::Signalled {
                signal,
                code: Some(code),
            } => format!(
                "killed by signal {signal} ({}), exit status {code}",
                signal_name(signal)
            ),
            Ending::Signalled { signal, code: None } => {
                format!("killed by signal {signal} ({})", signal_name(signal))
            }
            Ending::Exited(code) => format!("exit status {code}"),
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

/// The name of a common signal, for messages.
pub fn signal_name(signal: i32) -> &'static str {
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

/// `sh -c command_line` in `cwd`.
pub fn shell(command_line: &str, cwd: &Path) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(command_line).current_dir(cwd);
    command
}

/// `sh -c command_line` in `cwd` with extra environment variables.
pub fn shell_with_env(command_line: &str, cwd: &Path, env: &[(&str, &OsStr)]) -> Command {
    let mut command = shell(command_line, cwd);
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Runs `command` (its program, arguments, directory and environment as the caller set
/// them; standard streams and process group are set here) until it ends, the timeout
/// elapses or a forwarded termination signal has ended it.
pub fn run(mut command: Command, mut options: Options<'_>) -> Result<Finished, NotStarted> {
    command
        .stdin(if options.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        signals::die_with_parent(&mut command);
    }
    let guard = signals::Guard::install();
    let mut child = command.spawn().map_err(NotStarted)?;
    // Whatever ends this function, the group goes (the child leads it).
    let group = GroupKiller(child.id());
    if let Some(mut pipe) = child.stdin.take() {
        let data = options.stdin.unwrap_or_default().to_vec();
        // A child that exits without reading its input closes the pipe: not an error. A
        // child that keeps the pipe open unread leaves this thread blocked until it dies.
        thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
    }
    let (done_tx, done_rx) = mpsc::channel();
    let stdout = Reader::start(child.stdout.take(), options.stdout.clone(), done_tx.clone());
    let stderr = Reader::start(child.stderr.take(), options.stderr.clone(), done_tx);
    let started = Instant::now();
    let mut forwarded: Option<Instant> = None;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            // Not reapable: nothing more can be learnt; the group is killed on return.
            Err(err) => return Err(NotStarted(err)),
        }
        let elapsed = started.elapsed();
        if let Some(tick) = options.tick.as_mut() {
            tick(elapsed);
        }
        match (guard.received(), forwarded) {
            (Some(signal), None) => {
                signals::forward(child.id(), signal);
                forwarded = Some(Instant::now());
            }
            (Some(_), Some(at)) if at.elapsed() >= GRACE => {
                signals::forward(child.id(), signals::KILL);
            }
            _ => {}
        }
        if !timed_out && elapsed >= options.timeout {
            signals::forward(child.id(), signals::KILL);
            timed_out = true;
        }
        thread::sleep(POLL);
    };
    drop(group);
    let deadline = Instant::now() + DRAIN;
    for _ in 0..2 {
        let left = deadline.saturating_duration_since(Instant::now());
        if done_rx.recv_timeout(left).is_err() {
            break;
        }
    }
    let (stdout, stdout_cut) = stdout.take();
    let (stderr, stderr_cut) = stderr.take();
    Ok(Finished {
        ending: if timed_out {
            Ending::TimedOut
        } else {
            ending_of(status)
        },
        stdout,
        stderr,
        stdout_cut,
        stderr_cut,
        interrupted: guard.received(),
    })
}

fn ending_of(status: ExitStatus) -> Ending {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ending::Signalled { signal, code: None };
        }
    }
    match status.code() {
        // A shell reports a child killed by signal N as 128 + N (signals go up to 64).
        Some(code) if (129..=192).contains(&code) => Ending::Signalled {
            signal: code - 128,
            code: Some(code),
        },
        Some(code) => Ending::Exited(code),
        None => Ending::Signalled {
            signal: 0,
            code: None,
        },
    }
}

/// Kills a process group when dropped (the child is its leader).
struct GroupKiller(u32);

impl Drop for GroupKiller {
    fn drop(&mut self) {
        signals::forward(self.0, signals::KILL);
    }
}

/// What a reader thread has kept so far.
#[derive(Default)]
struct Kept {
    bytes: Vec<u8>,
    cut: bool,
}

/// Reads one pipe to its end on a thread; what it keeps is shared, so a pipe held open by
/// an escaped process does not keep the caller waiting.
struct Reader(Arc<Mutex<Kept>>);

impl Reader {
    fn start(
        pipe: Option<impl Read + Send + 'static>,
        stream: Stream,
        done: mpsc::Sender<()>,
    ) -> Reader {
        let kept = Arc::new(Mutex::new(Kept::default()));
        let shared = Arc::clone(&kept);
        match pipe {
            Some(pipe) => {
                thread::spawn(move || {
                    pump(pipe, &stream, &shared);
                    let _ = done.send(());
                });
            }
            None => {
                let _ = done.send(());
            }
        }
        Reader(kept)
    }

    fn take(self) -> (Vec<u8>, bool) {
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        (std::mem::take(&mut kept.bytes), kept.cut)
    }
}

fn pump(mut pipe: impl Read, stream: &Stream, kept: &Mutex<Kept>) {
    let mut buf = [0u8; 8192];
    let mut line = Vec::new();
    loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        let chunk = &buf[..n];
        {
            let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
            let room = stream.cap.saturating_sub(kept.bytes.len());
            kept.bytes.extend_from_slice(&chunk[..n.min(room)]);
            kept.cut |= n > room;
        }
        if let Some(sink) = &stream.lines {
            split_lines(&mut line, chunk, |l| sink(l));
        }
    }
    if let (Some(sink), false) = (&stream.lines, line.is_empty()) {
        sink(&line);
    }
}

/// Appends `chunk` to the pending `line`, handing out every complete line (and every
/// [`LINE_CAP`] bytes of an overlong one).
fn split_lines(line: &mut Vec<u8>, mut chunk: &[u8], mut emit: impl FnMut(&[u8])) {
    while !chunk.is_empty() {
        let room = LINE_CAP - line.len();
        let window = &chunk[..chunk.len().min(room)];
        match memchr::memchr(b'\n', window) {
            Some(end) => {
                line.extend_from_slice(&window[..=end]);
                chunk = &chunk[end + 1..];
            }
            None => {
                line.extend_from_slice(window);
                chunk = &chunk[window.len()..];
                if line.len() < LINE_CAP {
                    continue;
                }
            }
        }
        emit(line);
        line.clear();
    }
}

/// Holds off termination signals until the returned guard is dropped (a caller's critical
/// section spanning several runs: backups, fixer runs, write-backs); `received()` tells
/// whether one came. Guards nest, in any drop order.
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

/// Ends pactkit the way `signal` asked, after the caller has restored what it must.
pub fn reraise(signal: i32) -> ! {
    signals::reraise(signal)
}

#[cfg(unix)]
mod signals {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI32, Ordering};

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

    extern "C" fn record(signal: libc::c_int) {
        // Only an atomic store: async-signal-safe.
        RECEIVED.store(signal, Ordering::SeqCst);
    }

    /// A set of signals caught while at least one guard lives. The handlers found before
    /// the first guard are saved here, not in a guard, and put back when the last guard
    /// goes, whatever order the guards are dropped in (an outer guard dropped before an
    /// inner one must not uninstall the inner one's protection).
    pub struct Registry {
        signals: &'static [libc::c_int],
        state: Mutex<State>,
    }

    struct State {
        holders: usize,
        saved: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Registry {
        pub const fn new(signals: &'static [libc::c_int]) -> Registry {
            Registry {
                signals,
                state: Mutex::new(State {
                    holders: 0,
                    saved: Vec::new(),
                }),
            }
        }

        fn acquire(&self) {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            if state.holders == 0 {
                RECEIVED.store(0, Ordering::SeqCst);
                for &signal in self.signals {
                    // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value;
                    // the handler only stores an atomic.
                    unsafe {
                        let mut action: libc::sigaction = std::mem::zeroed();
                        action.sa_sigaction = record as *const () as libc::sighandler_t;
                        libc::sigemptyset(&mut action.sa_mask);
                        let mut old: libc::sigaction = std::mem::zeroed();
                        if libc::sigaction(signal, &action, &mut old) == 0 {
                            state.saved.push((signal, old));
                        }
                    }
                }
            }
            state.holders += 1;
        }

        fn release(&self) {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            state.holders = state.holders.saturating_sub(1);
            if state.holders > 0 {
                return;
            }
            while let Some((signal, old)) = state.saved.pop() {
                // SAFETY: restores the action saved by `acquire`.
                unsafe {
                    libc::sigaction(signal, &old, std::ptr::null_mut());
                }
            }
        }
    }

    /// pactkit's termination signals.
    static TERMINATION: Registry =
        Registry::new(&[libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT]);

    /// Catches the registry's signals until dropped.
    pub struct Guard(&'static Registry);

    impl Guard {
        pub fn install() -> Guard {
            Guard::of(&TERMINATION)
        }

        pub fn of(registry: &'static Registry) -> Guard {
            registry.acquire();
            Guard(registry)
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
            self.0.release();
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

    #[cfg(test)]
    mod tests {
        use super::*;

        static USR2: Registry = Registry::new(&[libc::SIGUSR2]);

        fn current() -> libc::sighandler_t {
            // SAFETY: queries the action without changing it.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                libc::sigaction(libc::SIGUSR2, std::ptr::null(), &mut old);
                old.sa_sigaction
            }
        }

        fn ours() -> libc::sighandler_t {
            record as *const () as libc::sighandler_t
        }

        #[test]
        fn nested_guards_restore_the_original_handler_in_either_drop_order() {
            // SAFETY: SIGUSR2 is used by nothing else in this process; SIG_IGN stands for
            // a handler someone installed before pactkit.
            unsafe {
                libc::signal(libc::SIGUSR2, libc::SIG_IGN);
            }
            let original = current();
            assert_ne!(original, ours());

            let outer = Guard::of(&USR2);
            let inner = Guard::of(&USR2);
            assert_eq!(current(), ours());
            drop(inner);
            assert_eq!(current(), ours(), "the outer guard still holds");
            drop(outer);
            assert_eq!(current(), original, "LIFO order");

            let outer = Guard::of(&USR2);
            let inner = Guard::of(&USR2);
            drop(outer);
            assert_eq!(current(), ours(), "the inner guard still holds");
            drop(inner);
            assert_eq!(current(), original, "outer dropped first");

            // SAFETY: back to the default action.
            unsafe {
                libc::signal(libc::SIGUSR2, libc::SIG_DFL);
            }
        }
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

    fn sh(line: &str) -> Command {
        shell(line, &std::env::temp_dir())
    }

    #[test]
    fn captures_output_and_feeds_stdin() {
        let mut options = Options::captured(Duration::from_secs(60), 1024);
        options.stdin = Some(b"hello\n");
        let done = run(sh("cat; echo oops >&2; exit 3"), options).expect("run");
        assert_eq!(done.ending, Ending::Exited(3));
        assert_eq!(done.stdout, b"hello\n");
        assert_eq!(done.combined(), "hello\noops\n");
        assert_eq!(done.interrupted, None);
    }

    #[test]
    fn output_past_the_cap_is_dropped_and_flagged() {
        let done = run(
            sh("head -c 100000 /dev/zero"),
            Options::captured(Duration::from_secs(60), 1000),
        )
        .expect("run");
        assert!(done.success());
        assert_eq!(done.stdout.len(), 1000);
        assert!(done.stdout_cut);
        assert!(!done.stderr_cut);
    }

    #[test]
    fn a_signal_is_seen_directly_and_through_the_shell() {
        let options = || Options::captured(Duration::from_secs(60), 1024);
        let done = run(sh("kill -SEGV $$"), options()).expect("run");
        assert_eq!(
            done.ending,
            Ending::Signalled {
                signal: 11,
                code: None
            }
        );
        let done = run(sh("sh -c 'kill -KILL $$'; exit $?"), options()).expect("run");
        assert_eq!(done.killed_by(), Some(9));
        assert_eq!(done.code(), Some(137));
        assert_eq!(
            done.describe(),
            "killed by signal 9 (SIGKILL), exit status 137"
        );
    }

    #[test]
    fn a_timeout_kills_the_group() {
        let done = run(
            sh("sleep 30 & sleep 30; echo never"),
            Options::captured(Duration::from_millis(200), 1024),
        )
        .expect("run");
        assert_eq!(done.ending, Ending::TimedOut);
        assert!(done.stdout.is_empty());
    }

    #[test]
    fn a_missing_program_is_not_started() {
        let err = run(
            Command::new("pactkit-no-such-program"),
            Options::captured(Duration::from_secs(1), 16),
        )
        .expect_err("not started");
        assert_eq!(err.0.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn lines_reach_the_sink_whole_or_in_capped_pieces() {
        let mut seen = Vec::new();
        let mut pending = Vec::new();
        split_lines(&mut pending, b"a\nb", |l| seen.push(l.to_vec()));
        split_lines(&mut pending, b"c\n", |l| seen.push(l.to_vec()));
        assert_eq!(seen, [b"a\n".to_vec(), b"bc\n".to_vec()]);
        let long = vec![b'x'; LINE_CAP * 2 + 5];
        seen.clear();
        split_lines(&mut pending, &long, |l| seen.push(l.to_vec()));
        assert_eq!(seen.len(), 2);
        assert!(seen.iter().all(|l| l.len() == LINE_CAP));
        assert_eq!(pending.len(), 5);
    }
}
