//! The contract a verdict is judged by, and what weakens it.
//!
//! The contract is more than `pactkit.yaml`: it is every file that decides what the gates
//! let through — the configuration (any of the discovery candidates), the secrets allow
//! file, the agent settings that carry pactkit's agent hook, the CI pipelines that run
//! `pactkit check`, and the allowed-signers file that approves changes to all of these.
//! [`Contract::read`] takes them from one committed state of the repository; nothing in
//! the work tree can change it.
//!
//! [`weakenings`] compares two contracts and names, in words, every change that could let
//! through something the old one blocked: a gate removed from a hook, a level or threshold
//! lowered, an allow or exclude list widened, `specs_dir` moved, a `required` flag dropped.
//! A change pactkit cannot classify as stricter counts as a weakening: the comparison
//! fails closed, so a new configuration key is never a silent way around the gates.
//! The configuration's part of that comparison lives in `config_weakenings.rs`.

use super::{Compare, Finding, GateInput, Outcome, Severity};
use crate::config::{self, Config, LoadedConfig};
use crate::git::{GitError, Snapshot};
use crate::infra::error::Error;
use crate::infra::output::escape;
use crate::infra::readlimit::DOCUMENT;
use crate::secrets::allow::ALLOW_FILE;
use std::collections::{BTreeMap, BTreeSet};

/// Where CI pipelines live: files that run `pactkit check` are part of the contract.
const CI_DIRS: [&str; 2] = [".github/workflows", "ci"];
const CI_FILES: [&str; 1] = [".gitlab-ci.yml"];

/// The gate as the runner calls it: for a commit being made, the staged contract against
/// the committed one. Locally the user is trusted, so a weakening only warns — the commit
/// is judged by the committed contract anyway, and CI and the server hook block it unless
/// it is approved. Range mode (`check`, pre-receive) judges every commit in
/// [`super::history`] instead, where a weakening blocks.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let Some(repo) = input.repo else {
        return Outcome::Skipped("no repository".into());
    };
    let (old, new, severity) = match input.compare {
        Compare::Staged => (
            input.contract_source.clone(),
            super::trust::ContractSource::Index,
            Severity::Warning,
        ),
        Compare::Range { from, to } => (
            super::trust::ContractSource::Rev(from.clone()),
            super::trust::ContractSource::Rev(to.clone()),
            Severity::Error,
        ),
        Compare::AllFiles | Compare::Unsupported => {
            return Outcome::Skipped("no change to judge (all files, or a push)".into());
        }
    };
    let changes = match input.changes.get() {
        Ok(changes) => changes,
        Err(err) => return Outcome::Errored(format!("cannot compute the change set: {err}")),
    };
    let touched = changes.files.iter().any(|f| {
        is_contract_path(&f.path.to_string(), input.config)
            || f.old_path
                .as_ref()
                .is_some_and(|p| is_contract_path(&p.to_string(), input.config))
    });
    if !touched {
        return Outcome::Skipped("no contract file changes".into());
    }
    let read = |source: &super::trust::ContractSource| -> Result<Contract, Error> {
        let snapshot = source.snapshot(repo)?;
        Contract::read(&snapshot, &source.label())
    };
    match (read(&old), read(&new)) {
        (_, Err(err)) if input.compare == &Compare::Staged => Outcome::Blocked(vec![Finding {
            severity: Severity::Error,
            rule: "contract-invalid".into(),
            message: format!("the staged contract cannot be read: {}", err.message()),
            subject: None,
            file: None,
            line: None,
            hint: Some(
                "fix the file, check it with `pactkit config check`, and stage it again".into(),
            ),
        }]),
        (Ok(old), Ok(new)) => {
            let found = weakenings(&old, &new);
            if found.is_empty() {
                Outcome::Passed(Vec::new())
            } else {
                Outcome::from_findings(vec![finding(severity, &found, None)])
            }
        }
        (Err(err), _) | (_, Err(err)) => Outcome::Errored(err.message().to_owned()),
    }
}

/// The `contract-change` finding for a list of weakenings, `commit` naming where.
pub fn finding(severity: Severity, weakenings: &[String], commit: Option<&str>) -> Finding {
    let place = if commit.is_some() {
        "this commit"
    } else {
        "this change"
    };
    let mut message = format!("{place} weakens the contract:");
    for w in weakenings {
        message.push_str(&format!("\n    - {w}"));
    }
    let hint = match severity {
        Severity::Warning => {
            "this commit is still judged by the committed contract; CI and the server hook block the change unless it is approved: sign the commit with a key in gates.contract.allowed_signers, or have a maintainer approve it (see README, \"Changing the contract\")"
        }
        Severity::Error => {
            "a contract change needs approval an agent cannot give: sign the commits that make it with a key listed in the base's gates.contract.allowed_signers file, or have a maintainer approve the pull request (see README, \"Changing the contract\")"
        }
    };
    Finding {
        severity,
        rule: "contract-change".into(),
        message,
        subject: commit.map(|c| format!("commit {c}")),
        file: None,
        line: None,
        hint: Some(hint.into()),
    }
}

/// One state's contract files, parsed.
#[derive(Debug, Clone)]
pub struct Contract {
    /// The configuration, with its warnings (defaults when the state has no file).
    pub loaded: LoadedConfig,
    /// The configuration file's text, when there is one.
    pub config_text: Option<String>,
    /// The allow-list entries of `.pactkit-secrets-allow` (comments and blanks dropped).
    pub allow_entries: BTreeSet<String>,
    /// The raw allow file, for the secrets gate.
    pub allow_file: Option<String>,
    /// Committed agent settings files that carry pactkit's agent hook.
    pub agent_hooks: BTreeSet<String>,
    /// CI pipeline files that run pactkit, each with its lines that mention pactkit.
    pub ci_pipelines: BTreeMap<String, BTreeSet<String>>,
    /// The allowed-signers file's entries (`gates.contract.allowed_signers`).
    pub signers: BTreeSet<String>,
    /// The allowed-signers file's text, for `git verify-commit`.
    pub signers_file: Option<String>,
}

impl Contract {
    /// Reads the contract of one state; `label` names the state in messages (`HEAD`,
    /// `base 1a2b3c4`).
    pub fn read(snapshot: &Snapshot<'_>, label: &str) -> Result<Contract, Error> {
        let committed = config::committed_text(snapshot, label)?;
        let (loaded, config_text) = match committed {
            Some(c) => (c.loaded, Some(c.text)),
            None => (LoadedConfig::default(), None),
        };
        let read_text = |path: &str| -> Result<Option<String>, Error> {
            Ok(snapshot
                .read_limited(path, DOCUMENT)
                .map_err(|e| git_error(label, path, e))?
                .map(|b| String::from_utf8_lossy(&b).into_owned()))
        };
        let allow_file = read_text(ALLOW_FILE)?;
        let signers_path = loaded.config.gates.contract.allowed_signers.clone();
        let signers_file = if signers_path.is_empty() {
            None
        } else {
            read_text(&signers_path)?
        };
        let mut agent_hooks = BTreeSet::new();
        for path in agent_hook_files() {
            if read_text(&path)?.is_some_and(|t| t.contains(crate::agenthooks::MARKER)) {
                agent_hooks.insert(path);
            }
        }
        let mut ci_pipelines = BTreeMap::new();
        for path in ci_candidates(snapshot, label)? {
            if let Some(text) = read_text(&path)?
                && runs_pactkit(&text)
            {
                ci_pipelines.insert(path, pactkit_lines(&text));
            }
        }
        Ok(Contract {
            allow_entries: entries(allow_file.as_deref()),
            signers: entries(signers_file.as_deref()),
            loaded,
            config_text,
            allow_file,
            agent_hooks,
            ci_pipelines,
            signers_file,
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.loaded.config
    }
}

fn git_error(label: &str, path: &str, err: GitError) -> Error {
    Error::environment(format!("cannot read {label}:{path}")).caused_by(err)
}

/// Whether a repository path is one of the contract's files under `config` (a change to
/// one makes a commit a candidate for `contract-change`).
pub fn is_contract_path(path: &str, config: &Config) -> bool {
    config::CANDIDATES.contains(&path)
        || path == ALLOW_FILE
        || path == config.gates.contract.allowed_signers
        || agent_hook_files().iter().any(|p| p == path)
        || is_ci_path(path)
}

fn is_ci_path(path: &str) -> bool {
    CI_FILES.contains(&path)
        || CI_DIRS.iter().any(|dir| {
            path.strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/') && is_yaml(name))
        })
}

fn is_yaml(name: &str) -> bool {
    name.ends_with(".yml") || name.ends_with(".yaml")
}

/// The project-level files each supported agent keeps pactkit's hook in.
fn agent_hook_files() -> Vec<String> {
    use crate::agenthooks::install::{Scope, target};
    let root = std::path::Path::new("");
    crate::agenthooks::Tool::ALL
        .iter()
        .map(|tool| {
            target(*tool, &Scope::Project(root.to_path_buf()))
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn ci_candidates(snapshot: &Snapshot<'_>, label: &str) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = CI_FILES.iter().map(|p| (*p).to_owned()).collect();
    for dir in CI_DIRS {
        let files = snapshot
            .files_in(dir)
            .map_err(|e| git_error(label, dir, e))?;
        out.extend(
            files
                .iter()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .filter(|p| is_ci_path(p)),
        );
    }
    Ok(out)
}

/// A pipeline runs pactkit when it calls `pactkit check` or uses pactkit's action.
fn runs_pactkit(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with('#') && (line.contains("pactkit check") || line.contains("/pactkit@"))
    })
}

/// The lines of a pipeline that mention pactkit (how it is installed and run), trimmed.
fn pactkit_lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.to_ascii_lowercase().contains("pactkit"))
        .map(str::to_owned)
        .collect()
}

/// Non-empty, non-comment lines, trimmed.
fn entries(text: Option<&str>) -> BTreeSet<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Every way `new` lets through something `old` blocked, in words.
pub fn weakenings(old: &Contract, new: &Contract) -> Vec<String> {
    let mut out = config_weakenings(old.config(), new.config());
    for entry in new.allow_entries.difference(&old.allow_entries) {
        out.push(format!(
            "{ALLOW_FILE} gains an entry ({}): a secret it matches is no longer reported",
            describe_entry(entry)
        ));
    }
    for path in old.agent_hooks.difference(&new.agent_hooks) {
        out.push(format!(
            "{} no longer runs pactkit's agent hook",
            escape::path(path)
        ));
    }
    for (path, lines) in &old.ci_pipelines {
        let Some(now) = new.ci_pipelines.get(path) else {
            out.push(format!(
                "the CI pipeline {} no longer runs pactkit",
                escape::path(path)
            ));
            continue;
        };
        for line in lines.difference(now) {
            out.push(format!(
                "the CI pipeline {} changes how it runs pactkit (`{}` is gone)",
                escape::path(path),
                escape::path(line)
            ));
        }
        for line in now.difference(lines).filter(|l| l.contains("PACTKIT_SKIP")) {
            out.push(format!(
                "the CI pipeline {} adds `{}`",
                escape::path(path),
                escape::path(line)
            ));
        }
    }
    for signer in new.signers.difference(&old.signers) {
        let principal = signer.split_whitespace().next().unwrap_or("");
        out.push(format!(
            "{} gains a signer ({principal}) who may approve contract changes",
            old.config().gates.contract.allowed_signers
        ));
    }
    out
}

/// An allow-list entry as shown in a finding: a fingerprint as is, a pattern only by its
/// length (a pattern may be the secret itself).
fn describe_entry(entry: &str) -> String {
    let is_fingerprint = entry
        .split_once(':')
        .is_some_and(|(_, hex)| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if is_fingerprint {
        format!("`{entry}`")
    } else {
        format!("a pattern of {} characters", entry.chars().count())
    }
}

mod config_weakenings;
pub use config_weakenings::config_weakenings;

#[cfg(test)]
mod tests;
