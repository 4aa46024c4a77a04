//! The commit's claim: which work item staged source belongs to (`active-work-item`, the
//! ids a message or branch names, `spec-exists`) and what the message may change with it
//! (`spec-wins`). The same [`Judge`] as the content phase, seen from the message.

use super::{Judge, Status, error, status_of};
use crate::config::{Enforcement, SpecRequirement};
use crate::gates::{Finding, Severity};
use crate::git::GitError;
use crate::infra::output::escape;
use crate::infra::readlimit::DOCUMENT;
use crate::workflow::ids::{WorkItemId, WorkItemKind, find_ids};
use crate::workflow::spec::{self, SectionName};

impl Judge<'_, '_> {
    /// Staged source needs a spec In Progress: named by `ids` when there are any, else any.
    /// `fallback` says whether a run without ids may fall back to "any active spec".
    pub(super) fn check_active_work_item(
        &self,
        ids: &[&str],
        findings: &mut Vec<Finding>,
        fallback: bool,
    ) -> Result<(), GitError> {
        if self.settings.require == SpecRequirement::None
            || self.changes.is_merge()
            || !self.has_source_changes()
        {
            return Ok(());
        }
        let parsed: Vec<WorkItemId> = ids.iter().filter_map(|id| WorkItemId::parse(id)).collect();
        if parsed.iter().any(|id| id.kind == WorkItemKind::Hotfix) {
            return Ok(());
        }
        if self.settings.require == SpecRequirement::Referenced && !ids.is_empty() {
            return self.check_referenced(ids, findings);
        }
        if !fallback {
            return Ok(());
        }
        if self.any_spec_in_progress()? {
            return Ok(());
        }
        let specs_dir = self.settings.specs_dir.trim_end_matches('/');
        let hint = if let Some(path) = self.unstaged_in_progress(None)? {
            unstaged_hint(&path)
        } else if self.states.new.files_in(specs_dir)?.is_empty() {
            "write the first spec: `pactkit scaffold spec --next \"<title>\"`, set it `pactkit spec-status <ID> \"In Progress\"` and stage it (or name a HOTFIX-… id in the branch)"
                .to_owned()
        } else {
            "start the story first: `pactkit spec-status <ID> \"In Progress\"` and stage the spec (or name a HOTFIX-… id in the branch)"
                .to_owned()
        };
        findings.push(error(
            "active-work-item",
            "",
            "staged source changes but no spec is In Progress".to_owned(),
            hint,
        ));
        Ok(())
    }

    /// A spec the index does not have In Progress but the work tree does (`id`'s, or any):
    /// its status change was not staged.
    fn unstaged_in_progress(&self, id: Option<&str>) -> Result<Option<String>, GitError> {
        let Some(root) = self.work_tree else {
            return Ok(None);
        };
        let candidates = match id {
            Some(id) => vec![self.spec_path(id)],
            None => {
                let dir = root.join(self.settings.specs_dir.trim_end_matches('/'));
                let Ok(entries) = std::fs::read_dir(dir) else {
                    return Ok(None);
                };
                let mut paths: Vec<String> = entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|name| name.ends_with(".md"))
                    .map(|name| format!("{}/{name}", self.settings.specs_dir.trim_end_matches('/')))
                    .collect();
                paths.sort();
                paths
            }
        };
        for path in candidates {
            let staged = self.new_text(&path)?.as_deref().and_then(status_of);
            if staged == Some(Status::InProgress) {
                continue;
            }
            let work = std::fs::read(root.join(&path)).ok();
            if work.is_some_and(|b| {
                status_of(&String::from_utf8_lossy(&b)) == Some(Status::InProgress)
            }) {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }

    fn check_referenced(&self, ids: &[&str], findings: &mut Vec<Finding>) -> Result<(), GitError> {
        let mut states = Vec::new();
        let mut statuses = Vec::new();
        for id in ids {
            let status = self
                .new_text(&self.spec_path(id))?
                .as_deref()
                .map(status_of);
            if status == Some(Some(Status::InProgress)) {
                return Ok(());
            }
            statuses.push(status);
            states.push(match status {
                None => format!("{id} has no spec"),
                Some(None) => format!("{id} has no valid Status"),
                Some(Some(s)) => format!("{id} is {}", s.label()),
            });
        }
        let mut unstaged = None;
        for id in ids {
            unstaged = self.unstaged_in_progress(Some(id))?;
            if unstaged.is_some() {
                break;
            }
        }
        let first = ids[0];
        let hint = match (unstaged, statuses[0]) {
            (Some(path), _) => unstaged_hint(&path),
            (None, Some(Some(Status::Done))) => format!(
                "{first} is finished: new work needs a new story: `pactkit scaffold spec --next \"<title>\"`, then `pactkit scaffold branch <NEW-ID>` and `pactkit spec-status <NEW-ID> \"In Progress\"`"
            ),
            (None, None) => format!(
                "create it with `pactkit scaffold spec {first} \"<title>\"`, then `pactkit spec-status {first} \"In Progress\"` and stage it"
            ),
            (None, _) => format!(
                "start it with `pactkit spec-status {first} \"In Progress\"` and stage the spec"
            ),
        };
        findings.push(error(
            "active-work-item",
            "",
            format!(
                "staged source changes need an In Progress spec, but {}",
                states.join(", ")
            ),
            hint,
        ));
        Ok(())
    }

    fn any_spec_in_progress(&self) -> Result<bool, GitError> {
        for path in self
            .states
            .new
            .files_in(self.settings.specs_dir.trim_end_matches('/'))?
        {
            let Ok(path) = std::str::from_utf8(&path) else {
                continue;
            };
            let Some(bytes) = self.states.new.read_limited(path, DOCUMENT)? else {
                continue;
            };
            // Cheap filter before parsing: the status word must appear at all.
            if memchr_in_progress(&bytes)
                && status_of(&String::from_utf8_lossy(&bytes)) == Some(Status::InProgress)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    pub(super) fn message_phase(
        &self,
        message: &str,
        findings: &mut Vec<Finding>,
    ) -> Result<(), GitError> {
        let ids: Vec<&str> = find_ids(message);
        for id in &ids {
            let Some(parsed) = WorkItemId::parse(id) else {
                continue;
            };
            if parsed.kind == WorkItemKind::Hotfix {
                continue;
            }
            let path = self.spec_path(id);
            if !self.states.new.contains(&path)? {
                findings.push(error(
                    "spec-exists",
                    "",
                    format!("the message references {id}, but {path} does not exist"),
                    format!(
                        "create it with `pactkit scaffold spec {id} \"<title>\"`, or fix the id"
                    ),
                ));
            }
        }
        if self.branch_ids.is_empty() {
            self.check_active_work_item(&ids, findings, false)?;
        }
        self.check_spec_wins(message, findings)
    }

    /// The spec wins: Requirements and Acceptance Criteria of an In Progress spec do not
    /// change alongside source unless the message says why.
    fn check_spec_wins(&self, message: &str, findings: &mut Vec<Finding>) -> Result<(), GitError> {
        let severity = match self.settings.spec_wins {
            Enforcement::Off => return Ok(()),
            Enforcement::Warn => Severity::Warning,
            Enforcement::Block => Severity::Error,
        };
        if has_trailer(message, "Spec-Change")
            || self.changes.is_merge()
            || !self.has_source_changes()
        {
            return Ok(());
        }
        for spec in self.changed_specs() {
            let Some(old) = self.old_text(&spec.path)? else {
                continue;
            };
            if status_of(&old) != Some(Status::InProgress) {
                continue;
            }
            let new = self.new_text(&spec.path)?.unwrap_or_default();
            let changed: Vec<&str> = [SectionName::Requirements, SectionName::AcceptanceCriteria]
                .into_iter()
                .filter(|s| spec::section_text(&old, *s) != spec::section_text(&new, *s))
                .map(SectionName::title)
                .collect();
            if changed.is_empty() {
                continue;
            }
            findings.push(Finding {
                severity,
                rule: "spec-wins".into(),
                message: format!(
                    "{} is In Progress and this commit changes its {} together with source",
                    spec.id,
                    changed.join(" and ")
                ),
                subject: None,
                file: Some(spec.path.clone()),
                line: None,
                hint: Some(
                    "the spec is the law: change code to meet it, or commit the spec change separately, or add a `Spec-Change: <reason>` trailer"
                        .into(),
                ),
            });
        }
        Ok(())
    }
}

fn unstaged_hint(path: &str) -> String {
    let path = escape::path(path);
    format!("{path} is In Progress in the work tree but not staged: stage it with `git add {path}`")
}

fn memchr_in_progress(bytes: &[u8]) -> bool {
    bytes
        .windows(8)
        .any(|w| w.eq_ignore_ascii_case(b"progress"))
}

/// Whether the message has a `Token: value` line for `token` (case-insensitive token).
pub(crate) fn has_trailer(message: &str, token: &str) -> bool {
    message.lines().any(|line| {
        line.split_once(':').is_some_and(|(key, value)| {
            key.trim().eq_ignore_ascii_case(token) && !value.trim().is_empty()
        })
    })
}
