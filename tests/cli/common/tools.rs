//! Outside tools some tests drive (ruff, pytest, node, prek, jsonschema, ssh-keygen,
//! cargo, a recent git): whether each is installed, and the visible record of the tests
//! skipped for lack of one.
//!
//! A test that needs a tool starts with `if !require(&RUFF) { return; }`. When the tool is
//! missing:
//! - with the environment variable `CI` set (and not `false`/`0`) the test FAILS, naming the
//!   tool and its install command: CI must run every test;
//! - otherwise the test returns early and its name is recorded. When the test binary exits
//!   (after libtest's `test result:` line, so these are the last lines `cargo test` prints)
//!   the skipped tests are listed by name, with what to install.
//!
//! The test's name is its thread's name, which libtest sets to the test path.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Mutex, Once, OnceLock};

/// An outside tool: how to probe for it and how to install it.
pub struct Tool {
    /// The name shown in messages.
    pub name: &'static str,
    /// The probe command; exit status 0 means installed.
    pub probe: &'static [&'static str],
    /// How to install it.
    pub install: &'static str,
}

/// ruff, the Python linter the lint gate runs.
pub const RUFF: Tool = Tool {
    name: "ruff",
    probe: &["ruff", "--version"],
    install: "pip install ruff",
};

/// pytest, the Python test runner the regression gate runs.
pub const PYTEST: Tool = Tool {
    name: "pytest",
    probe: &["python3", "-m", "pytest", "--version"],
    install: "pip install pytest",
};

/// pytest with pytest-cov, which writes real coverage reports.
pub const PYTEST_COV: Tool = Tool {
    name: "pytest-cov",
    probe: &["python3", "-c", "import pytest, pytest_cov"],
    install: "pip install pytest pytest-cov",
};

/// Node.js, for the JS regression run and the OpenCode plugin.
pub const NODE: Tool = Tool {
    name: "node",
    probe: &["node", "--version"],
    install: "apt-get install nodejs",
};

/// prek, the Rust pre-commit, which runs pactkit's `.pre-commit-hooks.yaml`.
pub const PREK: Tool = Tool {
    name: "prek",
    probe: &["prek", "--version"],
    install: "pip install prek",
};

/// Python's `jsonschema`, the second opinion on the configuration schema.
pub const JSONSCHEMA: Tool = Tool {
    name: "jsonschema",
    probe: &["python3", "-c", "import jsonschema"],
    install: "pip install jsonschema",
};

/// ssh-keygen, which signs the commits that approve a contract change.
pub const SSH_KEYGEN: Tool = Tool {
    name: "ssh-keygen",
    // ssh-keygen has no option that only prints and exits 0: ask the shell for it.
    probe: &["sh", "-c", "command -v ssh-keygen"],
    install: "apt-get install openssh-client",
};

/// git with SHA-256 object names (git 2.29+), for the SHA-256 repository tests.
pub const GIT_SHA256: Tool = Tool {
    name: "git with --object-format=sha256",
    probe: &[
        "sh",
        "-c",
        "d=$(mktemp -d) && git init -q --object-format=sha256 \"$d\"; s=$?; rm -rf \"$d\"; exit $s",
    ],
    install: "install git 2.29 or newer",
};

/// cargo, for `cargo package --list`.
pub const CARGO: Tool = Tool {
    name: "cargo",
    probe: &["cargo", "--version"],
    install: "install Rust with rustup",
};

/// git 2.45 or later: `core.commentString` (the probe compares `git version`).
pub const GIT_2_45: Tool = Tool {
    name: "git 2.45",
    probe: &[
        "sh",
        "-c",
        "git version | awk '{ split($3, v, \".\"); exit !(v[1] > 2 || (v[1] == 2 && v[2] >= 45)) }'",
    ],
    install: "install git 2.45 or later",
};

/// Whether `tool` is installed. A missing tool fails the test under `CI`, and otherwise
/// records the calling test as skipped (listed when the test binary exits).
#[track_caller]
pub fn require(tool: &Tool) -> bool {
    if installed(tool) {
        return true;
    }
    assert!(
        !in_ci(),
        "{} is not installed, and CI must run every test: {}",
        tool.name,
        tool.install
    );
    record_skip(tool);
    false
}

/// Whether the probe succeeds; probed once per tool and test binary.
pub fn installed(tool: &Tool) -> bool {
    static PROBED: OnceLock<Mutex<BTreeMap<&'static str, bool>>> = OnceLock::new();
    let probed = PROBED.get_or_init(Mutex::default);
    let mut probed = probed.lock().unwrap_or_else(|e| e.into_inner());
    *probed.entry(tool.name).or_insert_with(|| {
        let (program, args) = tool.probe.split_first().expect("a probe command");
        Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// `CI` set to anything but empty, `0` or `false`.
#[expect(
    clippy::disallowed_methods,
    reason = "the test harness reads the outer CI variable"
)]
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false" | "FALSE"))
}

/// (test name, tool, install command) of every skip so far.
static SKIPPED: Mutex<Vec<(String, &'static str, &'static str)>> = Mutex::new(Vec::new());

fn record_skip(tool: &Tool) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("(a test run on the main thread)");
    let line = format!(
        "SKIPPED {test}: {} is not installed ({})\n",
        tool.name, tool.install
    );
    // Also now, in the test's captured output (shown with --nocapture or on failure).
    let _ = std::io::stderr().write_all(line.as_bytes());
    SKIPPED.lock().unwrap_or_else(|e| e.into_inner()).push((
        test.to_owned(),
        tool.name,
        tool.install,
    ));
    static AT_EXIT: Once = Once::new();
    AT_EXIT.call_once(|| {
        // SAFETY: `atexit` takes a plain `extern "C"` function with no captured state;
        // registering it once is sound. If registration fails the list is simply not shown.
        unsafe {
            libc::atexit(print_skipped);
        }
    });
}

/// Runs at process exit, after libtest printed its summary: the skipped tests by name.
extern "C" fn print_skipped() {
    let skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    if skipped.is_empty() {
        return;
    }
    let mut text = format!(
        "\nSKIPPED {} test(s) because a tool they need is not installed (what needs it did not run, yet they passed; CI=1 makes them fail):\n",
        skipped.len()
    );
    let mut sorted = skipped.clone();
    sorted.sort();
    for (test, tool, install) in sorted {
        text.push_str(&format!("  {test}  (needs {tool}: {install})\n"));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}
