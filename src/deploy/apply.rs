//! The ownership rules, as a plan of changes computed before anything is written:
//! our unmodified files are replaced, a file the user changed (or that we never wrote) is
//! kept and the new version goes beside it as `<file>.pactkit-new`, files we no longer
//! deploy are removed only when unmodified, and uninstall removes only what the manifest
//! says is ours and unchanged. `update --diff` prints the same plan instead of applying it.

use super::blocks;
use super::manifest::{self, Entry, EntryKind, FileState, Manifest};
use super::opencode_json;
use super::render::Output;
use crate::infra::fsx;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Suffix of the new version written beside a file the user changed.
pub const NEW_SUFFIX: &str = ".pactkit-new";

/// One file-level change.
#[derive(Debug, Clone)]
pub struct Change {
    /// Absolute path.
    pub path: PathBuf,
    /// Current content (`None`: the file does not exist).
    pub old: Option<Vec<u8>>,
    /// New content (`None`: delete).
    pub new: Option<Vec<u8>>,
}

/// What a deployment root will go through.
#[derive(Debug, Default)]
pub struct Plan {
    /// File changes, in order.
    pub changes: Vec<Change>,
    /// Lines for the user (kept edits, files left alone).
    pub notices: Vec<String>,
    /// The manifest after the change (`None`: remove it, for uninstall).
    pub manifest: Option<Manifest>,
    /// True when the manifest file changes.
    pub manifest_changed: bool,
}

/// Something that stops a deployment before it writes anything.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    /// The Codex instructions would be truncated.
    #[error("{path} would be {size} bytes; Codex reads at most {budget} bytes of AGENTS.md")]
    Budget {
        /// File.
        path: String,
        /// Size it would have.
        size: usize,
        /// Limit.
        budget: usize,
    },
    /// A host file that is not UTF-8 text.
    #[error("{0} is not UTF-8 text; our block cannot be placed in it")]
    NotText(String),
}

/// A file another tool of the group writes in this run (`hash: None`) or records in its
/// manifest (with the hash it wrote).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedEntry {
    /// Absolute path.
    pub path: PathBuf,
    /// What is shared there.
    pub kind: EntryKind,
    /// The recorded hash, for entries of another manifest.
    pub hash: Option<String>,
}

/// Plans init/update of one deployment root. `shared` lists what the other tools of the
/// group write or record: an identical file there is recorded as ours too, a file still as
/// another manifest wrote it may be replaced, and one we no longer deploy is left to them.
pub fn plan_deploy(
    root: &Path,
    format: &str,
    outputs: &[Output],
    old: Option<&Manifest>,
    shared: &[SharedEntry],
) -> Result<Plan, DeployError> {
    let is_shared =
        |path: &Path, kind: EntryKind| shared.iter().any(|e| e.path == path && e.kind == kind);
    let shared_intact = |path: &Path, current: &[u8]| {
        let hash = manifest::hash(current);
        shared.iter().any(|e| {
            e.path == path && e.kind == EntryKind::File && e.hash.as_deref() == Some(hash.as_str())
        })
    };
    let empty = Manifest::default();
    let old = old.unwrap_or(&empty);
    let version = env!("CARGO_PKG_VERSION").to_owned();
    let mut plan = Plan::default();
    let mut new = Manifest {
        pactkit_version: version.clone(),
        format: format.to_owned(),
        files: Vec::new(),
        dirs: old.dirs.clone(),
    };
    let entry = |path: &str, kind, hash: String, template: &str| Entry {
        path: path.to_owned(),
        kind,
        hash,
        template: template.to_owned(),
        version: version.clone(),
        created: false,
        value: None,
    };
    for output in outputs {
        match output {
            Output::File {
                path,
                bytes,
                template,
            } => {
                let rel = manifest::relative(root, path);
                let current = std::fs::read(path).ok();
                let prev = old.get(&rel, EntryKind::File);
                match current {
                    None => {
                        plan.changes.push(write(path, None, bytes));
                        new.files.push(entry(
                            &rel,
                            EntryKind::File,
                            manifest::hash(bytes),
                            template,
                        ));
                    }
                    Some(cur) if &cur == bytes => {
                        if prev.is_some() || is_shared(path, EntryKind::File) {
                            new.files.push(entry(
                                &rel,
                                EntryKind::File,
                                manifest::hash(bytes),
                                template,
                            ));
                        }
                    }
                    Some(cur)
                        if prev.is_some_and(|p| p.hash == manifest::hash(&cur))
                            || shared_intact(path, &cur) =>
                    {
                        plan.changes.push(write(path, Some(cur), bytes));
                        new.files.push(entry(
                            &rel,
                            EntryKind::File,
                            manifest::hash(bytes),
                            template,
                        ));
                    }
                    Some(_) => {
                        if let Some(p) = prev {
                            new.files.push(p.clone());
                        }
                        beside(
                            root,
                            path,
                            bytes,
                            template,
                            old,
                            &mut plan,
                            &mut new,
                            prev.is_some(),
                            &version,
                        );
                    }
                }
            }
            Output::Block {
                path,
                content,
                budget,
            } => {
                let rel = manifest::relative(root, path);
                let current = match std::fs::read(path) {
                    Ok(b) => {
                        Some(String::from_utf8(b).map_err(|_| DeployError::NotText(rel.clone()))?)
                    }
                    Err(_) => None,
                };
                let text = current.clone().unwrap_or_default();
                let updated = blocks::upsert(&text, content);
                if let Some(budget) = *budget
                    && updated.len() > budget
                {
                    return Err(DeployError::Budget {
                        path: path.display().to_string(),
                        size: updated.len(),
                        budget,
                    });
                }
                if current.as_deref() != Some(updated.as_str()) {
                    plan.changes.push(write(
                        path,
                        current.clone().map(String::into_bytes),
                        updated.as_bytes(),
                    ));
                }
                let hashed = blocks::content(&updated).unwrap_or_default();
                let mut e = entry(
                    &rel,
                    EntryKind::Block,
                    manifest::hash(hashed.as_bytes()),
                    "managed-block",
                );
                e.created = old
                    .get(&rel, EntryKind::Block)
                    .map_or(current.is_none(), |p| p.created);
                new.files.push(e);
            }
            Output::JsonEntry { path, entry: value } => {
                let rel = manifest::relative(root, path);
                let prev = old.get(&rel, EntryKind::JsonEntry);
                let current = std::fs::read(path).ok();
                let created = current.is_none();
                let next = match &current {
                    None => Ok(Some(opencode_json::new_file(value))),
                    Some(b) => opencode_json::add(&String::from_utf8_lossy(b), value),
                };
                match next {
                    Ok(Some(text)) => {
                        plan.changes
                            .push(write(path, current.clone(), text.as_bytes()))
                    }
                    Ok(None) => {}
                    Err(why) => {
                        plan.notices.push(format!(
                            "left {} alone: {why}; add \"{value}\" to its `instructions` yourself",
                            path.display()
                        ));
                        if let Some(p) = prev {
                            new.files.push(p.clone());
                        }
                        continue;
                    }
                }
                let mut e = entry(
                    &rel,
                    EntryKind::JsonEntry,
                    manifest::hash(value.as_bytes()),
                    "opencode-instructions",
                );
                e.created = prev.map_or(created, |p| p.created);
                e.value = Some(value.clone());
                new.files.push(e);
            }
        }
    }
    let produced: BTreeSet<(String, EntryKind)> =
        new.files.iter().map(|e| (e.path.clone(), e.kind)).collect();
    for stale in old.files.iter().filter(|e| {
        !produced.contains(&(e.path.clone(), e.kind))
            && !is_shared(&manifest::resolve(root, &e.path), e.kind)
    }) {
        remove_entry(root, stale, &mut plan, "no longer deployed");
    }
    record_dirs(root, &plan.changes, &mut new.dirs);
    new.normalise();
    let current = std::fs::read(manifest::path_of(root)).ok();
    plan.manifest_changed = current.as_deref() != Some(new.to_bytes().as_slice());
    plan.manifest = Some(new);
    Ok(plan)
}

#[allow(clippy::too_many_arguments)]
fn beside(
    root: &Path,
    path: &Path,
    bytes: &[u8],
    template: &str,
    old: &Manifest,
    plan: &mut Plan,
    new: &mut Manifest,
    ours: bool,
    version: &str,
) {
    let mut side = path.as_os_str().to_owned();
    side.push(NEW_SUFFIX);
    let side = PathBuf::from(side);
    let rel = manifest::relative(root, &side);
    let current = std::fs::read(&side).ok();
    let side_ours = old.get(&rel, EntryKind::File).is_some_and(|e| {
        current
            .as_deref()
            .is_some_and(|c| manifest::hash(c) == e.hash)
    });
    let who = if ours {
        "you edited it"
    } else {
        "it was not written by pactkit"
    };
    match current {
        Some(c) if c != bytes && !side_ours => {
            plan.notices.push(format!(
                "kept {} ({who}); {} exists and is not ours, so the new version was not written",
                path.display(),
                side.display()
            ));
            return;
        }
        Some(c) if c == bytes => {}
        current => plan.changes.push(write(&side, current, bytes)),
    }
    plan.notices.push(format!(
        "kept {} ({who}); the new version is in {}",
        path.display(),
        side.display()
    ));
    new.files.push(Entry {
        path: rel,
        kind: EntryKind::File,
        hash: manifest::hash(bytes),
        template: template.to_owned(),
        version: version.to_owned(),
        created: false,
        value: None,
    });
}

fn write(path: &Path, old: Option<Vec<u8>>, new: &[u8]) -> Change {
    Change {
        path: path.to_path_buf(),
        old,
        new: Some(new.to_vec()),
    }
}

/// Plans taking one recorded item away (uninstall, or no longer deployed).
fn remove_entry(root: &Path, e: &Entry, plan: &mut Plan, why: &str) {
    let path = manifest::resolve(root, &e.path);
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    match e.kind {
        EntryKind::File => match manifest::entry_state(root, e) {
            FileState::Intact => plan.changes.push(Change {
                path,
                old: Some(bytes),
                new: None,
            }),
            _ => plan.notices.push(format!(
                "kept {} ({why}, but changed since pactkit wrote it)",
                path.display()
            )),
        },
        EntryKind::Block => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let stripped = blocks::strip(&text);
            if stripped != text {
                let new =
                    (!(e.created && stripped.trim().is_empty())).then(|| stripped.into_bytes());
                plan.changes.push(Change {
                    path,
                    old: Some(bytes),
                    new,
                });
            }
        }
        EntryKind::JsonEntry => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let value = e.value.as_deref().unwrap_or_default();
            match opencode_json::remove(&text, value) {
                Ok(Some(out)) => {
                    let new = (!(e.created && opencode_json::is_empty_shell(&out)))
                        .then(|| out.into_bytes());
                    plan.changes.push(Change {
                        path,
                        old: Some(bytes),
                        new,
                    });
                }
                Ok(None) => {}
                Err(why) => plan.notices.push(format!(
                    "left {} alone: {why}; remove \"{value}\" from its `instructions` yourself",
                    path.display()
                )),
            }
        }
    }
}

/// Plans an uninstall of one root.
pub fn plan_uninstall(root: &Path, manifest: &Manifest) -> Plan {
    let mut plan = Plan::default();
    for e in &manifest.files {
        remove_entry(root, e, &mut plan, "pactkit's copy");
    }
    plan.manifest_changed = true;
    plan.manifest = None;
    plan
}

/// Directories that writing `changes` creates, relative to `root`.
fn record_dirs(root: &Path, changes: &[Change], dirs: &mut Vec<String>) {
    for change in changes
        .iter()
        .filter(|c| c.new.is_some() && c.old.is_none())
    {
        let mut dir = change.path.parent();
        while let Some(d) = dir {
            if d.exists() || d.as_os_str().is_empty() {
                break;
            }
            dirs.push(manifest::relative(root, d));
            dir = d.parent();
        }
    }
    if !root.exists() {
        dirs.push(String::new());
    }
}

/// Applies a plan: writes, deletes, then the manifest; for uninstall, removes the manifest
/// and the directories we created that are now empty.
pub fn apply(root: &Path, plan: &Plan, dirs_on_uninstall: &[String]) -> std::io::Result<()> {
    for change in &plan.changes {
        match &change.new {
            Some(bytes) => {
                if let Some(parent) = change.path.parent() {
                    fsx::create_dir_all(parent)?;
                }
                fsx::write_atomic(&change.path, bytes)?;
            }
            None => {
                fsx::remove_file(&change.path)?;
                prune_empty_parents(root, &change.path)?;
            }
        }
    }
    match &plan.manifest {
        Some(m) if plan.manifest_changed => {
            fsx::create_dir_all(root)?;
            m.save(root)?;
        }
        Some(_) => {}
        None => {
            let path = manifest::path_of(root);
            if path.exists() {
                fsx::remove_file(&path)?;
            }
            let mut dirs: Vec<PathBuf> = dirs_on_uninstall
                .iter()
                .map(|d| manifest::resolve(root, d))
                .collect();
            // Deepest first, so parents empty out before we look at them.
            dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
            for dir in dirs {
                fsx::remove_dir_if_empty(&dir)?;
            }
        }
    }
    Ok(())
}

/// Removes the directories a removal left empty, up to the nearest directory shared by
/// `root` and the file (a project or HOME is never removed; an empty directory holds
/// nothing of anyone's).
fn prune_empty_parents(root: &Path, file: &Path) -> std::io::Result<()> {
    let stop: PathBuf = root
        .components()
        .zip(file.components())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == stop || !d.starts_with(&stop) || !fsx::remove_dir_if_empty(d)? {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// A unified diff of one change.
pub fn diff(change: &Change, shown: &str) -> String {
    let old = change
        .old
        .as_deref()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let new = change
        .new
        .as_deref()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let (a, b) = match (&change.old, &change.new) {
        (None, _) => ("/dev/null".to_owned(), format!("b/{shown}")),
        (_, None) => (format!("a/{shown}"), "/dev/null".to_owned()),
        _ => (format!("a/{shown}"), format!("b/{shown}")),
    };
    similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}
