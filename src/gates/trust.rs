//! Which state of the repository a verdict takes its contract from — never the state being
//! judged. A commit is judged by HEAD's committed `pactkit.yaml` (the index's, on a branch
//! with no commit yet); a range by its base. The work tree, which an agent can edit, and
//! the staged change, which is what is being judged, never decide their own verdict.

use crate::config::{self, LoadedConfig};
use crate::git::{GitError, Repo, Snapshot};
use crate::infra::error::Error;
use std::path::Path;

/// The state whose contract files (configuration, allow file) a run uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContractSource {
    /// HEAD's commit (a commit being made, a push from this clone).
    Head,
    /// The index: only on an unborn branch, where the first commit sets the contract.
    Index,
    /// A revision: the base of a range, or the last approved contract change in it.
    Rev(String),
}

impl ContractSource {
    /// The snapshot holding the contract files.
    pub fn snapshot<'r>(&self, repo: &'r Repo) -> Result<Snapshot<'r>, GitError> {
        match self {
            ContractSource::Head => repo.head_snapshot(),
            ContractSource::Index => repo.index_snapshot(),
            ContractSource::Rev(rev) => repo.rev_snapshot(rev),
        }
    }

    /// How messages name the state (`HEAD`, `the index`, `1a2b3c4d5e`).
    pub fn label(&self) -> String {
        match self {
            ContractSource::Head => "HEAD".into(),
            ContractSource::Index => "index".into(),
            ContractSource::Rev(rev) if rev.trim().is_empty() => "the empty tree".into(),
            ContractSource::Rev(rev) => rev.get(..10).unwrap_or(rev).to_owned(),
        }
    }
}

/// The configuration a run is judged by, where it came from, and what the user should know.
#[derive(Debug, Clone)]
pub struct Trusted {
    /// The configuration in force.
    pub loaded: LoadedConfig,
    /// The state it was read from.
    pub source: ContractSource,
    /// Notes for the report (the work tree's configuration differs, …).
    pub notes: Vec<String>,
}

/// The contract of a commit being made: HEAD's, or the index's on an unborn branch. Notes
/// when the work tree's configuration differs from it.
pub fn for_commit(repo: &Repo) -> Result<Trusted, Error> {
    let source = if repo.is_unborn() {
        ContractSource::Index
    } else {
        ContractSource::Head
    };
    let mut trusted = match at(repo, source.clone()) {
        Ok(trusted) => trusted,
        Err(err) if source == ContractSource::Head && stages_a_config_change(repo)? => {
            // The commit repairs (or replaces) a broken committed configuration: judging it
            // by that configuration would block the repair forever.
            return Ok(Trusted {
                loaded: LoadedConfig::default(),
                source: ContractSource::Rev(String::new()),
                notes: vec![format!(
                    "HEAD's configuration cannot be used ({}); this commit changes it and is judged by the built-in defaults",
                    err.message()
                )],
            });
        }
        Err(err) => return Err(err),
    };
    if trusted.source == ContractSource::Head {
        let committed = committed_text(repo)?;
        if let Some(note) = work_tree_note(repo.workdir(), committed.as_deref()) {
            trusted.notes.push(note);
        }
    }
    Ok(trusted)
}

/// The contract of one state.
pub fn at(repo: &Repo, source: ContractSource) -> Result<Trusted, Error> {
    let snapshot = source.snapshot(repo)?;
    let loaded = config::load_from_snapshot(&snapshot, &source.label())?;
    Ok(Trusted {
        loaded,
        source,
        notes: Vec::new(),
    })
}

/// Whether the index holds a configuration file that differs from HEAD's.
fn stages_a_config_change(repo: &Repo) -> Result<bool, Error> {
    let (head, index) = (repo.head_snapshot()?, repo.index_snapshot()?);
    for rel in config::CANDIDATES {
        if head.blob_hex(rel)? != index.blob_hex(rel)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn committed_text(repo: &Repo) -> Result<Option<String>, Error> {
    let snapshot = repo.head_snapshot()?;
    Ok(config::committed_text(&snapshot, "HEAD")?.map(|c| c.text))
}

/// A note when the work tree's configuration file is not the committed one.
fn work_tree_note(root: &Path, committed: Option<&str>) -> Option<String> {
    let found = config::CANDIDATES
        .iter()
        .find(|rel| root.join(rel).is_file())?;
    let text = std::fs::read(root.join(found)).ok()?;
    let text = String::from_utf8_lossy(&text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match committed {
        Some(committed) if committed == text => None,
        Some(_) => Some(format!(
            "{found} differs from HEAD's; the gates judge by HEAD's committed contract, and the change applies once it is committed"
        )),
        None => Some(format!(
            "{found} is not committed; the gates use the built-in defaults until it is"
        )),
    }
}
