//! The `lint` gate: the stack's linters on the staged content of the changed files
//! (engine in [`crate::lint`]). Findings block only with `lint_blocking: true`.
//!
//! A linter that is not installed follows the same rule: while findings would only warn
//! (`lint_blocking: false` and the gate not `required`), its files are left unlinted with
//! a warning that says how to install it; where the user asked for blocking the gate
//! cannot run (`hooks.on_gate_error` decides, `block` by default).
//!
//! Unlike the other gates this one may write: with `auto_fix: true`, in the pre-commit
//! hook, it fixes fully staged files and stages them again (see [`crate::lint`] for the
//! guarantee that no user work is lost). `pactkit check` never fixes.

use super::{Compare, Finding, GateInput, Outcome, Severity, Trigger};
use crate::git::{ChangeKind, ChangeSet, GitError, Repo, Snapshot};
use crate::githooks::HookType;
use crate::lint::{self, Target, tools};
use std::path::Path;

/// Runs the gate.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let Some(repo) = input.repo else {
        return Outcome::Skipped("no git repository: nothing is staged".into());
    };
    let leftovers = leftover_findings(repo, input.root);
    if leftovers.iter().any(|f| f.severity == Severity::Error) {
        // Fixing or committing on top of an unrecovered backup could bury the user's work.
        return Outcome::Blocked(leftovers);
    }
    with_leftovers(leftovers, lint_changes(input, repo))
}

fn lint_changes(input: &GateInput<'_>, repo: &Repo) -> Outcome {
    let changes = match input.changes.get() {
        Ok(changes) => changes,
        Err(err) => return Outcome::Errored(format!("cannot compute the changes: {err}")),
    };
    let targets = match targets(repo, input.root, changes) {
        Ok(targets) => targets,
        Err(err) => return Outcome::Errored(format!("cannot read the changed files: {err}")),
    };
    if targets.is_empty() {
        return Outcome::Skipped("no changed python, node, go, rust or java files".into());
    }
    let fix = input.config.auto_fix
        && input.trigger == Trigger::Hook(HookType::PreCommit)
        && *input.compare == Compare::Staged;
    let snapshot = match config_snapshot(repo, input.compare) {
        Ok(snapshot) => snapshot,
        Err(err) => return Outcome::Errored(format!("cannot read the repository: {err}")),
    };
    let configs = |dir: &str| staged_configs(&snapshot, dir);
    let blocking = input.config.lint_blocking || input.config.gates.lint.required;
    let request = lint::Request {
        root: input.root,
        scratch_parent: repo.git_dir(),
        targets,
        fix,
        restage_index: fix.then(|| absolute(&repo.index_path())),
        settings: &input.config.gates.lint,
        configs: &configs,
        missing: if blocking {
            lint::MissingTools::Fail
        } else {
            lint::MissingTools::Report
        },
    };
    match lint::run(&request) {
        Ok(report) if report.linted == 0 && report.missing.is_empty() => {
            Outcome::Skipped(unlinted_reason(&report))
        }
        Ok(report) => Outcome::from_findings(findings(&report, input.config.lint_blocking)),
        Err(lint::LintError::Interrupted { signal }) => Outcome::Interrupted(signal),
        Err(err) => Outcome::Errored(err.to_string()),
    }
}

/// Leftover backups of killed runs in the git directory (see [`lint::leftover`]).
///
/// An error (the commit is blocked) when a backed-up file differs from the work tree while
/// nothing was staged for it since the run was killed mid-fix (its index entry is one the
/// backup recorded, or holds the backup's content): the work tree most likely holds the
/// fixer's unfinished write, and the commit would go on beside it unnoticed. A warning when
/// the file was staged again since (the user moved on; blocking every later commit would be
/// a wrong block) or when nothing differs. Every message names the files, `pactkit lint --recover` and how to discard.
pub fn leftover_findings(repo: &Repo, root: &Path) -> Vec<Finding> {
    let leftovers = lint::leftover::scan(repo.git_dir(), root);
    if leftovers.is_empty() {
        return Vec::new();
    }
    let snapshot = repo.index_snapshot().ok();
    let staged = |path: &str| -> Option<Vec<u8>> {
        snapshot.as_ref().and_then(|s| s.read(path).ok().flatten())
    };
    let staged_id = |path: &str| -> Option<String> {
        snapshot
            .as_ref()
            .and_then(|s| s.blob_hex(path).ok().flatten())
    };
    leftovers
        .iter()
        .map(|left| {
            let dir = lint::leftover::shown(&left.dir, root);
            let discard = format!("rm -r '{}'", dir.replace('\'', "'\\''"));
            let recover = format!(
                "`pactkit lint --recover --dry-run` shows what recovery does; `pactkit lint --recover` puts the backup back (each current version is kept as <file>.pactkit-recover-<n>); to keep the work tree as it is instead: {discard}"
            );
            // An unreadable index: block on any difference rather than guess.
            let blocking = if snapshot.is_some() {
                left.still_staged(&staged_id, &staged)
            } else {
                left.to_restore().collect()
            };
            let (severity, message, hint) = if !blocking.is_empty() {
                (
                    Severity::Error,
                    format!(
                        "an auto-fix was killed before it finished: {}; the backup holds your files as they were before the fix, and these differ from it while still staged as they were: {}",
                        left.headline(root),
                        lint::leftover::list(blocking)
                    ),
                    recover,
                )
            } else if left.needs_restore() {
                (
                    Severity::Warning,
                    format!(
                        "a killed auto-fix left {}; these differ from it but were staged again since: {}",
                        left.headline(root),
                        left.restore_list()
                    ),
                    recover,
                )
            } else {
                (
                    Severity::Warning,
                    format!(
                        "a killed lint run left {}; the work tree holds every backed-up file unchanged",
                        left.headline(root)
                    ),
                    format!("`pactkit lint --recover` removes it (or {discard})"),
                )
            };
            Finding {
                severity,
                rule: "leftover-backup".into(),
                message,
                subject: None,
                file: None,
                line: None,
                hint: Some(hint),
            }
        })
        .collect()
}

/// The gate's outcome with the leftover warnings first.
fn with_leftovers(mut leftovers: Vec<Finding>, outcome: Outcome) -> Outcome {
    if leftovers.is_empty() {
        return outcome;
    }
    match outcome {
        Outcome::Passed(findings) => {
            leftovers.extend(findings);
            Outcome::Passed(leftovers)
        }
        Outcome::Blocked(findings) => {
            leftovers.extend(findings);
            Outcome::Blocked(leftovers)
        }
        Outcome::Skipped(_) => Outcome::Passed(leftovers),
        Outcome::Interrupted(signal) => Outcome::Interrupted(signal),
        Outcome::Errored(why) => Outcome::Errored(why),
    }
}

/// The changed files of a linted language, each with its content when the work tree
/// holds something else (a partially staged file). A file whose name is not UTF-8 is
/// linted from a copy of its staged content under its escaped name (`\xNN`); a file whose
/// content did not change (a pure rename, a mode change) is not linted.
pub fn targets(repo: &Repo, root: &Path, changes: &ChangeSet) -> Result<Vec<Target>, GitError> {
    let mut out = Vec::new();
    for file in &changes.files {
        if file.kind == ChangeKind::Deleted || file.binary || file.special {
            continue;
        }
        // A rename or a mode change adds no content: nothing new to lint.
        if file.old_id.is_some() && file.old_id == file.new_id {
            continue;
        }
        let Some(id) = &file.new_id else { continue };
        let (path, name_not_utf8) = match std::str::from_utf8(&file.path) {
            Ok(path) => (path.to_owned(), false),
            Err(_) => (escaped_path(&file.path), true),
        };
        if tools::stack_of(&path).is_none() {
            continue;
        }
        let blob = repo.read_blob(id)?;
        let work = (!name_not_utf8)
            .then(|| std::fs::read(root.join(&path)).ok())
            .flatten();
        let staged = (work.as_deref() != Some(blob.as_slice())).then_some(blob);
        out.push(Target {
            path,
            staged,
            name_not_utf8,
        });
    }
    Ok(out)
}

/// A path with every byte that is not UTF-8 written as `\xNN`.
fn escaped_path(path: &[u8]) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for chunk in path.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
    out
}

/// The state whose configuration files sit beside staged copies.
fn config_snapshot<'r>(repo: &'r Repo, compare: &Compare) -> Result<Snapshot<'r>, GitError> {
    match compare {
        Compare::Range { to, .. } => repo.rev_snapshot(to),
        _ => repo.index_snapshot(),
    }
}

fn staged_configs(snapshot: &Snapshot<'_>, dir: &str) -> Vec<(String, Vec<u8>)> {
    let names = if dir.is_empty() {
        root_files(snapshot)
    } else {
        snapshot.files_in(dir).unwrap_or_default()
    };
    names
        .into_iter()
        .filter_map(|path| String::from_utf8(path.into()).ok())
        .filter(|path| crate::lint::is_config_name(path.rsplit('/').next().unwrap_or(path)))
        .filter_map(|path| {
            let content = snapshot.read(&path).ok().flatten()?;
            Some((path, content))
        })
        .collect()
}

/// Root-level files: `files_in` lists subdirectories only, so probe the known names.
fn root_files(snapshot: &Snapshot<'_>) -> Vec<crate::git::BString> {
    crate::lint::ROOT_CONFIG_CANDIDATES
        .iter()
        .chain(&crate::lint::tools::ESLINT_CONFIG_FILES)
        .filter(|name| snapshot.contains(name).unwrap_or(false))
        .map(|name| crate::git::BString::from(*name))
        .collect()
}

fn absolute(path: &Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn unlinted_reason(report: &lint::Report) -> String {
    let stacks: Vec<String> = report
        .unlinted
        .iter()
        .map(|(stack, n)| format!("{stack} ({n} file(s))"))
        .collect();
    format!(
        "no linter configured for {}; set gates.lint.commands.<stack>",
        stacks.join(", ")
    )
}

/// The report as findings: linter problems are errors only with `lint_blocking`.
pub fn findings(report: &lint::Report, blocking: bool) -> Vec<Finding> {
    let severity = if blocking {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut out = Vec::new();
    for missing in &report.missing {
        out.push(Finding {
            severity: Severity::Warning,
            rule: "missing-linter".into(),
            message: format!(
                "{} not found on PATH: {} {} file(s) not linted",
                missing.program, missing.files, missing.stack
            ),
            subject: None,
            file: None,
            line: None,
            hint: Some(format!(
                "{}, or set gates.lint.commands.{}; it does not block (lint_blocking: false)",
                missing.install, missing.stack
            )),
        });
    }
    for (file, tool) in &report.fixed {
        out.push(Finding {
            severity: Severity::Warning,
            rule: "fixed".into(),
            message: format!("fixed by {tool} and staged again"),
            subject: None,
            file: Some(file.clone()),
            line: None,
            hint: None,
        });
    }
    for file in &report.unfixable_names {
        out.push(Finding {
            severity: Severity::Warning,
            rule: "not-auto-fixed".into(),
            message: "its name is not UTF-8: linted from a staged copy, not auto-fixed".into(),
            subject: None,
            file: Some(file.clone()),
            line: None,
            hint: Some("rename it to a UTF-8 name to let auto_fix fix it".into()),
        });
    }
    for file in &report.partially_staged {
        out.push(Finding {
            severity: Severity::Warning,
            rule: "partially-staged".into(),
            message: "partially staged: not auto-fixed (its staged content was linted)".into(),
            subject: None,
            file: Some(file.clone()),
            line: None,
            hint: Some(format!(
                "fix it in the work tree and `git add {}`, or stage the whole file to let auto_fix fix it",
                crate::infra::output::escape::path(file)
            )),
        });
    }
    for (i, problem) in report.problems.iter().enumerate() {
        let hint = (i + 1 == report.problems.len()).then(|| problem_hint(report, blocking));
        out.push(Finding {
            severity,
            rule: problem.tool.clone(),
            message: problem.message.replace('\n', "\n    "),
            subject: None,
            file: problem.file.clone(),
            line: problem.line,
            hint,
        });
    }
    out
}

fn problem_hint(report: &lint::Report, blocking: bool) -> String {
    let fix = if report.fixable_tools.is_empty() {
        "fix the findings"
    } else {
        "run `pactkit lint --fix` (or set auto_fix: true)"
    };
    if blocking {
        format!("{fix}; lint_blocking: false turns lint findings into warnings")
    } else {
        format!("{fix}; these do not block (lint_blocking: false)")
    }
}
