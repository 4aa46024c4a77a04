//! The spec gate: PactKit's workflow as law, judged on exactly what is committed.
//!
//! It applies once a project has adopted the workflow (a specs directory or a
//! `pactkit.yaml`). Two phases, each run when its input exists:
//! - the **content phase** (pre-commit, `pactkit check`) compares the old state (HEAD, or
//!   the start of a range) with the new one (the index, or the end of the range): staged
//!   specs must pass spec-lint, Status moves follow Draft → In Progress → Done, a Done spec
//!   is frozen, a spec reaching Done has its board tasks ticked (and its test cases when
//!   configured), and staged source needs an active work item;
//! - the **message phase** (commit-msg, `pactkit check` on a range) checks what only the
//!   message can tell: the ids it references exist as specs, it names an active work item
//!   when the branch did not, and a change to an In Progress spec's Requirements or
//!   Acceptance Criteria made together with source carries a `Spec-Change:` trailer.
//!   The message phase and the active-work-item rule live in `message.rs`. On the
//!   commit-msg line of a project whose HEAD has not adopted the workflow, a message that
//!   names no work item can get no finding, and the index is not read for it.
//!
//! A merge (the change set holds what it adds over all its parents, see
//! `Repo::changes_to_commit`) brings work judged on its own branch: its resolutions are
//! spec-linted, and a spec's Status may move as it may from any one parent, but the rules
//! about which work item the work belongs to (active work item, the spec wins) do not
//! apply to integrating it.

use super::{CommitMessage, Compare, Finding, GateInput, Outcome, Severity};
use crate::config::SpecGateConfig;
use crate::git::{ChangeKind, ChangeSet, FileChange, GitError, Repo, Snapshot};
use crate::githooks::HookType;
use crate::infra::readlimit::DOCUMENT;
use crate::stack::classify::Conventions;
use crate::workflow::board::Board;
use crate::workflow::ids::{WorkItemId, find_ids};
use crate::workflow::spec;
use crate::workflow::spec_lint;

use crate::workflow::schema::{BOARD_FILE as BOARD_PATH, TEST_CASES_DIR};

/// A spec's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Draft,
    InProgress,
    Done,
}

impl Status {
    fn parse(value: &str) -> Option<Status> {
        match value.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(Status::Draft),
            "in progress" => Some(Status::InProgress),
            "done" => Some(Status::Done),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InProgress => "In Progress",
            Status::Done => "Done",
        }
    }

    /// Draft → In Progress → Done, In Progress → Draft; staying put is always fine.
    fn may_move_to(self, to: Status) -> bool {
        use Status::*;
        self == to
            || matches!(
                (self, to),
                (Draft, InProgress) | (InProgress, Done) | (InProgress, Draft)
            )
    }
}

/// The Status of a spec's text, if its metadata table has a recognisable one.
fn status_of(text: &str) -> Option<Status> {
    let doc = spec::SpecDoc::from_bytes(text.as_bytes()).ok()?;
    let meta = spec::metadata_table(doc.stripped())?;
    Status::parse(meta.get("Status")?)
}

/// Runs the gate.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let settings = &input.config.gates.spec;
    let Some(repo) = input.repo else {
        return Outcome::Skipped("no repository".into());
    };
    match judge(input, repo, settings) {
        Ok(Judged::Findings(findings)) => Outcome::from_findings(findings),
        Ok(Judged::Nothing) => {
            Outcome::Skipped("nothing to judge: no staged changes and no message".into())
        }
        Ok(Judged::NotAdopted) => Outcome::Skipped(format!(
            "the project has not adopted the spec workflow (no {}/ and no pactkit.yaml)",
            settings.specs_dir
        )),
        Ok(Judged::NotAdoptedAtHead) => Outcome::Skipped(format!(
            "HEAD has not adopted the spec workflow (no {}/ and no pactkit.yaml) and the message names no work item",
            settings.specs_dir
        )),
        Err(err) => Outcome::Errored(err.to_string()),
    }
}

/// What the gate concluded before it became findings.
enum Judged {
    Findings(Vec<Finding>),
    Nothing,
    NotAdopted,
    /// Commit-msg line: HEAD has no specs and no configuration file, and the message names
    /// no work item (the index was not read).
    NotAdoptedAtHead,
}

/// A project has adopted the workflow when the contract has a configuration file or
/// either judged state has specs (read from git, so a server without a work tree agrees).
fn adopted(
    input: &GateInput<'_>,
    settings: &SpecGateConfig,
    states: &States<'_>,
) -> Result<bool, GitError> {
    if input.config_file.is_some() {
        return Ok(true);
    }
    let dir = settings.specs_dir.trim_end_matches('/');
    Ok(!states.new.files_in(dir)?.is_empty() || !states.old.files_in(dir)?.is_empty())
}

/// On the commit-msg line: whether HEAD's contract has a configuration file or HEAD has
/// specs. When it has neither and the message names no work item, the message phase can
/// find nothing whatever the index holds (no id to look up; no old spec for the spec-wins
/// rule to compare), so the index — in a large repository the line's main cost — is not
/// read.
fn head_adopted(
    input: &GateInput<'_>,
    repo: &Repo,
    settings: &SpecGateConfig,
) -> Result<bool, GitError> {
    if input.config_file.is_some() || *input.compare != Compare::Staged {
        return Ok(true);
    }
    let dir = settings.specs_dir.trim_end_matches('/');
    Ok(!repo.head_snapshot()?.files_in(dir)?.is_empty())
}

/// Whether a message being judged names a work item (as git stores it).
fn names_work_item(input: &GateInput<'_>) -> bool {
    input
        .messages
        .iter()
        .any(|message| !find_ids(&message.as_stored()).is_empty())
}

/// The two states a run compares.
struct States<'r> {
    old: Snapshot<'r>,
    new: Snapshot<'r>,
}

fn states<'r>(repo: &'r Repo, compare: &Compare) -> Result<Option<States<'r>>, GitError> {
    Ok(match compare {
        Compare::Staged => Some(States {
            old: repo.head_snapshot()?,
            new: repo.index_snapshot()?,
        }),
        Compare::Range { from, to } => Some(States {
            old: repo.rev_snapshot(from)?,
            new: repo.rev_snapshot(to)?,
        }),
        Compare::AllFiles => Some(States {
            old: repo.rev_snapshot("")?,
            new: repo.index_snapshot()?,
        }),
        Compare::Unsupported => None,
    })
}

fn judge(
    input: &GateInput<'_>,
    repo: &Repo,
    settings: &SpecGateConfig,
) -> Result<Judged, GitError> {
    let content_phase = input.trigger != super::Trigger::Hook(HookType::CommitMsg);
    let message_phase = !input.messages.is_empty();
    if !content_phase && !head_adopted(input, repo, settings)? && !names_work_item(input) {
        return Ok(Judged::NotAdoptedAtHead);
    }
    let Some(states) = states(repo, input.compare)? else {
        return Ok(Judged::Nothing);
    };
    if !adopted(input, settings, &states)? {
        return Ok(Judged::NotAdopted);
    }
    let changes = input.changes.get().map_err(|e| {
        GitError::gix(
            "cannot compute the change set",
            std::io::Error::other(e.to_owned()),
        )
    })?;
    let merged = changes
        .merged
        .iter()
        .map(|id| repo.rev_snapshot(id))
        .collect::<Result<Vec<_>, _>>()?;
    let ctx = Judge {
        settings,
        states,
        merged,
        work_tree: (*input.compare == Compare::Staged).then_some(input.root),
        changes,
        branch_ids: input.branch.map(find_ids).unwrap_or_default(),
        judge_moves: *input.compare != Compare::AllFiles,
    };
    let mut findings = Vec::new();
    if content_phase {
        ctx.content_phase(&mut findings)?;
    }
    if message_phase {
        // As git stores them: its comment lines and the `-v` diff are no references.
        let text: String = input
            .messages
            .iter()
            .map(CommitMessage::as_stored)
            .collect::<Vec<_>>()
            .join("\n");
        ctx.message_phase(&text, &mut findings)?;
    }
    if !content_phase && !message_phase {
        return Ok(Judged::Nothing);
    }
    Ok(Judged::Findings(findings))
}

struct Judge<'a, 'r> {
    settings: &'a SpecGateConfig,
    states: States<'r>,
    /// The other parents of a merge being judged (empty otherwise).
    merged: Vec<Snapshot<'r>>,
    /// The work tree, when the run judges the index against it (hints only: a spec set
    /// In Progress there but not staged).
    work_tree: Option<&'a std::path::Path>,
    changes: &'a ChangeSet,
    branch_ids: Vec<&'a str>,
    /// False for `--all-files`, where there is no old state: only spec-lint applies.
    judge_moves: bool,
}

/// A spec file that the change set touches.
struct ChangedSpec<'c> {
    path: String,
    id: String,
    change: &'c FileChange,
}

impl<'a> Judge<'a, '_> {
    fn spec_path(&self, id: &str) -> String {
        format!("{}/{id}.md", self.settings.specs_dir.trim_end_matches('/'))
    }

    fn changed_specs(&self) -> Vec<ChangedSpec<'a>> {
        let prefix = format!("{}/", self.settings.specs_dir.trim_end_matches('/'));
        self.changes
            .files
            .iter()
            .filter_map(|change| {
                let path = std::str::from_utf8(&change.path).ok()?;
                let name = path.strip_prefix(&prefix)?;
                let id = name.strip_suffix(".md").filter(|id| !id.contains('/'))?;
                Some(ChangedSpec {
                    path: path.to_owned(),
                    id: id.to_owned(),
                    change,
                })
            })
            .collect()
    }

    fn has_source_changes(&self) -> bool {
        let paths: Vec<String> = self
            .changes
            .files
            .iter()
            .map(|c| String::from_utf8_lossy(&c.path).into_owned())
            .collect();
        // The test conventions as committed (pytest's `testpaths`, jest's `testMatch`, …).
        let conventions = Conventions::around(paths.iter().map(String::as_str), |path| {
            let bytes = self
                .states
                .new
                .read_limited(path, DOCUMENT)
                .ok()
                .flatten()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        paths.iter().any(|p| conventions.classify(p).is_source())
    }

    fn new_text(&self, path: &str) -> Result<Option<String>, GitError> {
        Ok(self
            .states
            .new
            .read_limited(path, DOCUMENT)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    fn old_text(&self, path: &str) -> Result<Option<String>, GitError> {
        Ok(self
            .states
            .old
            .read_limited(path, DOCUMENT)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// A Done spec is frozen: deleting it, or moving it anywhere (a sub-folder, out of the
    /// specs directory), is an edit like any other.
    fn check_done_removals(&self, findings: &mut Vec<Finding>) -> Result<(), GitError> {
        if self.settings.allow_done_edits {
            return Ok(());
        }
        let prefix = format!("{}/", self.settings.specs_dir.trim_end_matches('/'));
        for change in &self.changes.files {
            let new_is_spec = std::str::from_utf8(&change.path).is_ok_and(|p| {
                p.strip_prefix(&prefix)
                    .is_some_and(|n| n.ends_with(".md") && !n.contains('/'))
            });
            let (old_path, removed) = match (&change.old_path, change.kind) {
                (_, ChangeKind::Deleted) => (&change.path, true),
                // A rename onto another spec path is judged as that spec's edit.
                (Some(old), ChangeKind::Renamed { .. }) => (old, !new_is_spec),
                _ => continue,
            };
            let Ok(old_path) = std::str::from_utf8(old_path) else {
                continue;
            };
            let Some(id) = old_path
                .strip_prefix(&prefix)
                .and_then(|n| n.strip_suffix(".md"))
                .filter(|id| !id.contains('/'))
            else {
                continue;
            };
            if !removed
                || self.old_text(old_path)?.as_deref().and_then(status_of) != Some(Status::Done)
            {
                continue;
            }
            let what = if change.kind == ChangeKind::Deleted {
                "deleted".to_owned()
            } else {
                format!("moved to {}", String::from_utf8_lossy(&change.path))
            };
            findings.push(error(
                "spec-done-edit",
                old_path,
                format!("{id} is Done and is {what}; a finished spec is frozen where it is"),
                "restore it (`git restore --staged --worktree <path>`), or set gates.spec.allow_done_edits: true".to_owned(),
            ));
        }
        Ok(())
    }

    /// spec-lint's findings for one staged spec, with the configured rule set; E010 looks
    /// for the specs a `Depends on` names in what is committed.
    fn lint_findings(&self, path: &str, bytes: &[u8], findings: &mut Vec<Finding>) {
        let rules = spec_lint::RuleSet {
            pactkit4: self.settings.rules == crate::config::SpecRules::Pactkit4,
        };
        let dir = self.settings.specs_dir.trim_end_matches('/');
        let exists = |id: &str| {
            self.states
                .new
                .contains(&format!("{dir}/{id}.md"))
                .unwrap_or(false)
        };
        let siblings = spec_lint::Siblings {
            dir,
            exists: &exists,
        };
        lint_findings_with(path, bytes, rules, &siblings, findings);
    }

    fn content_phase(&self, findings: &mut Vec<Finding>) -> Result<(), GitError> {
        if self.judge_moves {
            self.check_done_removals(findings)?;
        }
        for spec in self.changed_specs() {
            // Deleted (judged above), or a mode change (same content, same path): nothing
            // to judge. A rename is judged: it moves the spec.
            let mode_only = spec.change.old_path.is_none()
                && spec.change.old_id.is_some()
                && spec.change.old_id == spec.change.new_id;
            if spec.change.kind == ChangeKind::Deleted || mode_only {
                continue;
            }
            let Some(bytes) = self.states.new.read_limited(&spec.path, DOCUMENT)? else {
                continue;
            };
            self.lint_findings(&spec.path, &bytes, findings);
            let new_text = String::from_utf8_lossy(&bytes);
            let old_path = spec
                .change
                .old_path
                .as_ref()
                .map_or(spec.path.clone(), |p| p.to_string());
            if !self.judge_moves {
                continue;
            }
            let old_text = self.old_text(&old_path)?;
            if self.merged.is_empty() {
                self.check_transition(&spec, old_text.as_deref(), &new_text, findings)?;
            } else {
                self.check_merge_transition(&spec, old_text.as_deref(), &new_text, findings)?;
            }
        }
        if !self.judge_moves {
            return Ok(());
        }
        self.check_active_work_item(&self.branch_ids, findings, true)
    }

    fn check_transition(
        &self,
        spec: &ChangedSpec<'_>,
        old_text: Option<&str>,
        new_text: &str,
        findings: &mut Vec<Finding>,
    ) -> Result<(), GitError> {
        let new = status_of(new_text);
        let old = old_text.and_then(status_of);
        if old == Some(Status::Done) {
            if !self.settings.allow_done_edits {
                findings.push(error(
                    "spec-done-edit",
                    &spec.path,
                    format!("{} is Done; a finished spec is frozen", spec.id),
                    "open a new story for the change (`pactkit scaffold spec`), or set gates.spec.allow_done_edits: true".to_owned(),
                ));
            }
            return Ok(());
        }
        // A missing or invalid Status is spec-lint's to report (E002/E003).
        let Some(new) = new else { return Ok(()) };
        let allowed = match old {
            None => matches!(new, Status::Draft | Status::InProgress),
            Some(old) => old.may_move_to(new),
        };
        if !allowed {
            findings.push(transition_error(spec, old, new));
        } else if new == Status::Done {
            self.check_completion(spec, findings)?;
        }
        Ok(())
    }

    /// A spec merged from two lines of work: its Status is one of the parents' or a legal
    /// move from one of them (a Done side merged with edits from the other is no edit of
    /// a finished spec: it is integration).
    fn check_merge_transition(
        &self,
        spec: &ChangedSpec<'_>,
        head_text: Option<&str>,
        new_text: &str,
        findings: &mut Vec<Finding>,
    ) -> Result<(), GitError> {
        let Some(new) = status_of(new_text) else {
            return Ok(());
        };
        let mut olds = vec![head_text.map(status_of)];
        for parent in &self.merged {
            let text = parent.read_limited(&spec.path, DOCUMENT)?;
            olds.push(text.map(|b| status_of(&String::from_utf8_lossy(&b))));
        }
        let allowed = olds.iter().any(|old| match old {
            // Absent on that side: a new spec starts Draft or In Progress.
            None => matches!(new, Status::Draft | Status::InProgress),
            Some(None) => true,
            Some(Some(old)) => old.may_move_to(new),
        });
        if !allowed {
            let head = olds.first().copied().flatten().flatten();
            findings.push(transition_error(spec, head, new));
        } else if new == Status::Done && !olds.contains(&Some(Some(Status::Done))) {
            self.check_completion(spec, findings)?;
        }
        Ok(())
    }

    /// A spec reaching Done: every board task ticked, and its test cases when configured.
    fn check_completion(
        &self,
        spec: &ChangedSpec<'_>,
        findings: &mut Vec<Finding>,
    ) -> Result<(), GitError> {
        if let Some(board) = self.new_text(BOARD_PATH)? {
            let open = unticked_tasks(&board, &spec.id);
            if !open.is_empty() {
                findings.push(error(
                    "spec-done-tasks",
                    &spec.path,
                    format!(
                        "{} moves to Done but its board entry has {} unticked task(s): {}",
                        spec.id,
                        open.len(),
                        open.join("; ")
                    ),
                    format!("finish them, then tick each with `pactkit board update-task {} \"<task>\"`", spec.id),
                ));
            }
        }
        if self.settings.require_test_cases {
            let path = format!("{TEST_CASES_DIR}/{}_case.md", spec.id);
            if !self.states.new.contains(&path)? {
                findings.push(error(
                    "spec-test-cases",
                    &spec.path,
                    format!(
                        "{} moves to Done without its test cases ({path} is not staged)",
                        spec.id
                    ),
                    format!(
                        "write them with `pactkit scaffold testcase {}` and stage the file",
                        spec.id
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The unticked tasks of `id`'s story on the board (empty when it is not there).
fn unticked_tasks(board: &str, id: &str) -> Vec<String> {
    let Some(id) = WorkItemId::parse(id) else {
        return Vec::new();
    };
    let board = Board::parse(board);
    board.find(&id).map_or_else(Vec::new, |story| {
        story
            .tasks
            .iter()
            .filter(|t| !t.done)
            .map(|t| t.text.clone())
            .collect()
    })
}

fn lint_findings_with(
    path: &str,
    bytes: &[u8],
    rules: spec_lint::RuleSet,
    siblings: &spec_lint::Siblings<'_>,
    findings: &mut Vec<Finding>,
) {
    for diag in spec_lint::lint_with(path, bytes, rules, Some(siblings)).diagnostics {
        let severity = match diag.severity {
            spec_lint::Severity::Error => Severity::Error,
            spec_lint::Severity::Warning => Severity::Warning,
        };
        findings.push(Finding {
            severity,
            rule: diag.rule.to_owned(),
            message: diag.message,
            subject: None,
            file: Some(path.to_owned()),
            line: diag.line,
            hint: (severity == Severity::Error).then(|| format!("see `pactkit spec-lint {path}`")),
        });
    }
}

fn transition_error(spec: &ChangedSpec<'_>, from: Option<Status>, to: Status) -> Finding {
    let from_label = from.map_or("(new)", Status::label);
    let next = match from {
        None => "a new spec starts as Draft or In Progress".to_owned(),
        Some(Status::Draft) => format!("`pactkit spec-status {} \"In Progress\"` first", spec.id),
        Some(_) => "statuses move Draft → In Progress → Done".to_owned(),
    };
    error(
        "spec-transition",
        &spec.path,
        format!(
            "{}: Status cannot move {from_label} → {}",
            spec.id,
            to.label()
        ),
        next,
    )
}

fn error(rule: &str, file: &str, message: String, hint: String) -> Finding {
    Finding {
        severity: Severity::Error,
        rule: rule.to_owned(),
        message,
        subject: None,
        file: (!file.is_empty()).then(|| file.to_owned()),
        line: None,
        hint: Some(hint),
    }
}

mod message;
pub(crate) use message::has_trailer;

#[cfg(test)]
mod tests;
