//! `hooks agent run`: one tool call in, one decision out. Reads the payload within a time
//! budget, judges the call ([`super::policy`]) in the scene of the real repository
//! ([`super::facts`]), lints the commit messages it would create with the committed
//! commit-msg settings, and leaves speaking the tool's protocol to the caller.
//!
//! Fails closed: a payload that cannot be read (after lenient decoding), a call the
//! budget runs out on, or a configuration that cannot be read for a file write is
//! refused with the reason, never allowed unjudged.

use super::Tool;
use super::facts;
use super::payload::{self, Call};
use super::policy::{self, Judgement, PendingMessage};
use crate::commitmsg::{LintOptions, Linter};
use crate::gates::GateId;
use crate::gates::runner::SkipRequest;
use crate::git::Repo;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How long a decision may take, well under the 30 s the installed hooks give it.
pub const BUDGET: Duration = Duration::from_secs(5);

/// The largest payload read (a `Write` of a big file carries its content).
const MAX_PAYLOAD: u64 = crate::infra::readlimit::AGENT_PAYLOAD.bytes;

/// What the tool should do with the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Let it run, say nothing.
    Allow,
    /// Let it run; tell the user something about it.
    AllowWithWarning(String),
    /// Refuse it; the text is the reason the agent reads.
    Block(String),
}

/// Reads the payload from `input` and decides, within `budget`: the work runs on its own
/// thread, so a payload that never ends or a file system that hangs cannot hold the
/// agent past its timeout.
pub fn decide_within(
    tool: Tool,
    input: impl Read + Send + 'static,
    process_cwd: PathBuf,
    budget: Duration,
) -> Decision {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let decision = match input.take(MAX_PAYLOAD + 1).read_to_end(&mut bytes) {
            Err(err) => unjudgeable(&format!("its input could not be read ({err})")),
            Ok(_) if bytes.len() as u64 > MAX_PAYLOAD => unjudgeable(&format!(
                "its input is larger than {MAX_PAYLOAD} bytes ({} MiB), the most pactkit reads of an agent payload",
                MAX_PAYLOAD >> 20
            )),
            Ok(_) => decide(tool, &bytes, &process_cwd),
        };
        let _ = send.send(decision);
    });
    receive.recv_timeout(budget).unwrap_or_else(|_| {
        unjudgeable(&format!(
            "judging it took longer than {} s (the input never ended, or the file system is stuck)",
            budget.as_secs()
        ))
    })
}

/// Decides on one payload. `process_cwd` is used when the payload names no directory.
pub fn decide(tool: Tool, stdin: &[u8], process_cwd: &Path) -> Decision {
    let call = match payload::parse(tool, stdin) {
        Ok(call) => call,
        Err(err) => return unjudgeable(&err.0),
    };
    let judgement = match call {
        Call::Other => return Decision::Allow,
        Call::Shell { command, cwd } => {
            let scene = facts::scene(&resolve(process_cwd, cwd));
            policy::judge(&command, &scene)
        }
        Call::FileEdit { path, cwd } => {
            let scene = facts::scene(&resolve(process_cwd, cwd));
            if let Some(err) = scene.protected.config_error() {
                return config_unreadable(err);
            }
            policy::judge_file_edit(&path, &scene)
        }
        Call::Patch { patch, cwd } => {
            let scene = facts::scene(&resolve(process_cwd, cwd));
            if let Some(err) = scene.protected.config_error() {
                return config_unreadable(err);
            }
            policy::judge_patch(&patch, &scene)
        }
    };
    verdict(&judgement)
}

fn resolve(process_cwd: &Path, cwd: Option<PathBuf>) -> PathBuf {
    match cwd {
        Some(dir) => process_cwd.join(dir),
        None => process_cwd.to_path_buf(),
    }
}

/// A call pactkit cannot judge: refused, with what to do.
fn unjudgeable(why: &str) -> Decision {
    Decision::Block(format!(
        "pactkit refused this tool call because it cannot judge it: {why}.\n  [unreadable] pactkit fails closed on input it cannot check, so an unreadable call cannot slip past the project's contract.\n    instead: retry the call in a plain form; if every call is refused, the user updates pactkit or reports the payload"
    ))
}

fn config_unreadable(err: &str) -> Decision {
    Decision::Block(format!(
        "pactkit refused this file change: the committed pactkit.yaml cannot be read ({err}), so pactkit cannot tell which files are protected.\n  [unreadable] the user fixes pactkit.yaml outside the agent and commits it"
    ))
}

fn verdict(judgement: &Judgement) -> Decision {
    if !judgement.bypasses.is_empty() {
        let mut text = String::from("pactkit refused this command:");
        for bypass in &judgement.bypasses {
            text.push_str(&format!("\n  [{}] {}", bypass.rule, bypass.reason));
            let fix = bypass.fix();
            if !fix.is_empty() {
                text.push_str(&format!("\n    instead: {fix}"));
            }
        }
        text.push_str(
            "\nThe git hooks enforce the project's contract; fix what they report instead of going around them. Only the user may change them, outside the agent.",
        );
        return Decision::Block(text);
    }
    let mut warnings = Vec::new();
    for message in &judgement.messages {
        match lint(message) {
            Ok(None) => {}
            Ok(Some(problems)) => return Decision::Block(problems),
            Err(warning) => warnings.push(warning),
        }
    }
    if warnings.is_empty() {
        Decision::Allow
    } else {
        Decision::AllowWithWarning(warnings.join("\n"))
    }
}

/// `Ok(Some(reason))` when the message would be rejected by the commit-msg gate, judged
/// with the committed configuration; `Err(warning)` when that cannot be read.
fn lint(message: &PendingMessage) -> Result<Option<String>, String> {
    let Ok(repo) = Repo::discover(&message.cwd) else {
        return Ok(None);
    };
    let config = facts::committed_config(&repo)
        .map_err(|e| format!("pactkit could not check the commit message: {e}"))?;
    let gate_runs = config
        .hooks
        .commit_msg
        .iter()
        .any(|g| g == GateId::CommitMsg.name());
    if !gate_runs || SkipRequest::from_env().covers(GateId::CommitMsg) {
        return Ok(None);
    }
    let linter = Linter::new(&config.gates.commit_msg).map_err(|e| {
        format!("pactkit could not check the commit message: gates.commit-msg: {e}")
    })?;
    let branch = repo.current_branch();
    // A message given on the command line: git cleans it without an editor.
    let settings = crate::githooks::invoker::git_settings(&repo);
    let options = LintOptions {
        cleanup: crate::commitmsg::cleanup::without_editor(&settings),
        branch: branch.as_deref(),
    };
    let report = linter.lint(&message.text, &options);
    if report.valid {
        return Ok(None);
    }
    let mut text = String::from(
        "pactkit: the commit-msg gate would reject this commit message (the commit would fail):",
    );
    for problem in &report.errors {
        text.push_str(&format!("\n  error[{}] {}", problem.rule, problem.message));
        if let Some(hint) = &problem.hint {
            text.push_str(&format!("\n    hint: {hint}"));
        }
    }
    text.push_str(
        "\nRewrite the message (Conventional Commits: `type(scope): subject`) and commit again.",
    );
    Ok(Some(text))
}
