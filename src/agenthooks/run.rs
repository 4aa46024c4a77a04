//! `hooks agent run`: one tool call in, one decision out. Reads the payload, judges the
//! command ([`super::policy`]), lints the commit messages it would create with the
//! repository's commit-msg settings, and leaves speaking the tool's protocol to the caller.

use super::Tool;
use super::payload::{self, Call};
use super::policy::{self, Judgement, PendingMessage, Scene};
use crate::commitmsg::{LintOptions, Linter};
use crate::gates::GateId;
use crate::gates::runner::SkipRequest;
use crate::git::Repo;
use std::path::{Path, PathBuf};

/// What the tool should do with the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Let it run, say nothing.
    Allow,
    /// Let it run; tell the user why pactkit could not judge it.
    AllowWithWarning(String),
    /// Refuse it; the text is the reason the agent reads.
    Block(String),
}

/// Decides on one payload. `process_cwd` is used when the payload names no directory.
pub fn decide(tool: Tool, stdin: &[u8], process_cwd: &Path) -> Decision {
    let call = match payload::parse(tool, stdin) {
        Ok(call) => call,
        // Fail open: see the module documentation of `agenthooks`.
        Err(err) => {
            return Decision::AllowWithWarning(format!(
                "pactkit could not check this tool call: {err}; it is allowed (the git hooks still judge the commit)"
            ));
        }
    };
    let judgement = match call {
        Call::Other => return Decision::Allow,
        Call::Shell { command, cwd } => policy::judge(&command, &scene(&resolve(process_cwd, cwd))),
        Call::FileEdit { path, cwd } => {
            policy::judge_file_edit(&path, &scene(&resolve(process_cwd, cwd)))
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

fn scene(cwd: &Path) -> Scene {
    let hooks_dir = Repo::discover(cwd)
        .ok()
        .and_then(|repo| repo.hooks_dir().ok())
        .map(|dir| dir.path);
    Scene {
        cwd: cwd.to_path_buf(),
        hooks_dir,
    }
}

fn verdict(judgement: &Judgement) -> Decision {
    if !judgement.bypasses.is_empty() {
        let mut text = String::from("pactkit refused this command:");
        for bypass in &judgement.bypasses {
            text.push_str(&format!("\n  [{}] {}", bypass.rule, bypass.reason));
        }
        text.push_str(
            "\nThe git hooks enforce the project's contract; fix what they report instead of skipping them. Only the user may bypass them, outside the agent.",
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

/// `Ok(Some(reason))` when the message would be rejected by the commit-msg gate;
/// `Err(warning)` when the repository's settings cannot be used (the hook will say so).
fn lint(message: &PendingMessage) -> Result<Option<String>, String> {
    let Ok(repo) = Repo::discover(&message.cwd) else {
        return Ok(None);
    };
    let loaded = crate::config::load(repo.workdir())
        .map_err(|e| format!("pactkit could not check the commit message: {e}"))?;
    let gate_runs = loaded
        .config
        .hooks
        .commit_msg
        .iter()
        .any(|g| g == GateId::CommitMsg.name());
    if !gate_runs || SkipRequest::from_env().covers(GateId::CommitMsg) {
        return Ok(None);
    }
    let linter = Linter::new(&loaded.config.gates.commit_msg).map_err(|e| {
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
