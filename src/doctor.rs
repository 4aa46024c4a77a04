//! `pactkit doctor`: one pass over everything that makes the contract hold in a repository —
//! configuration, git hook shims, agent hooks, deployed playbooks, the docs structure, the
//! freshness of the session context and backups left by a killed auto-fix. Each finding
//! says which command fixes it. Pure reads; nothing here writes.

use crate::agenthooks::Tool;
use crate::agenthooks::install::{self as agent, Scope, UserDirs};
use crate::git::Repo;
use crate::githooks::HookType;
use crate::githooks::install::{self as shims, HookState};
use crate::workflow::schema;
use serde::Serialize;
use std::path::Path;
use std::time::SystemTime;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing to do.
    Ok,
    /// Worth a look; does not make the repository unhealthy.
    Warn,
    /// Something is wrong: doctor exits 1.
    Fail,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// A stable name (`config`, `git-hook:pre-commit`, `agent-hook:claude`, …).
    pub name: String,
    /// ok, warn or fail.
    pub status: Status,
    /// What was found.
    pub message: String,
    /// The command (or edit) that fixes it; `None` when nothing needs fixing.
    pub fix: Option<String>,
}

impl Check {
    fn new(name: impl Into<String>, status: Status, message: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            status,
            message: message.into(),
            fix: None,
        }
    }

    fn fix(mut self, fix: impl Into<String>) -> Check {
        self.fix = Some(fix.into());
        self
    }
}

/// What doctor looks at.
#[derive(Debug)]
pub struct Inputs<'a> {
    /// The project root (the work tree, or the directory doctor runs in).
    pub root: &'a Path,
    /// The repository, when there is one.
    pub repo: Option<&'a Repo>,
    /// The user's configuration directories, when `HOME` is known.
    pub user: Option<&'a UserDirs>,
    /// Whether a `pactkit` executable is on PATH (older agent hooks call it by name).
    pub pactkit_on_path: bool,
}

/// Runs every check, in a fixed order.
pub fn run(inputs: &Inputs<'_>) -> Vec<Check> {
    let mut checks = config_checks(inputs.root);
    checks.extend(git_hook_checks(inputs.repo));
    let (agent, by_name) = agent_hook_checks(inputs.root, inputs.repo.is_some(), inputs.user);
    checks.extend(agent);
    if by_name && !inputs.pactkit_on_path {
        // The tools run the hook by name; without it they fail open, silently.
        checks.push(
            Check::new(
                "agent-hooks-path",
                Status::Fail,
                "the agent hooks run `pactkit`, but no pactkit is on PATH: every agent call passes unchecked",
            )
            .fix("put pactkit on PATH (`cargo install pactkit`, or link the binary into ~/.local/bin)"),
        );
    }
    checks.extend(deployed_files_check(inputs.root, inputs.user));
    checks.extend(docs_checks(inputs.root));
    checks.extend(context_check(inputs.root));
    checks.extend(lint_backup_checks(inputs.root, inputs.repo));
    checks
}

/// Backups left by killed auto-fix runs, judged as the lint gate judges them: `fail` where
/// the gate blocks the commit, `warn` where it warns; a running pactkit's directory is not
/// reported.
fn lint_backup_checks(root: &Path, repo: Option<&Repo>) -> Vec<Check> {
    let Some(repo) = repo else {
        return Vec::new();
    };
    let findings = crate::gates::lint::leftover_findings(repo, root);
    if findings.is_empty() {
        return vec![Check::new(
            "lint-backup",
            Status::Ok,
            "no backup left by a killed auto-fix",
        )];
    }
    findings
        .into_iter()
        .map(|finding| {
            let status = match finding.severity {
                crate::gates::Severity::Error => Status::Fail,
                crate::gates::Severity::Warning => Status::Warn,
            };
            let check = Check::new("lint-backup", status, finding.message);
            match finding.hint {
                Some(hint) => check.fix(hint),
                None => check,
            }
        })
        .collect()
}

/// True when no check failed.
pub fn healthy(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.status != Status::Fail)
}

fn config_checks(root: &Path) -> Vec<Check> {
    match crate::config::load(root) {
        Err(err) => vec![
            Check::new("config", Status::Fail, err.to_string())
                .fix("fix pactkit.yaml, then run `pactkit config check`"),
        ],
        Ok(loaded) => {
            let file = loaded
                .path
                .as_deref()
                .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string());
            let mut checks = vec![Check::new(
                "config",
                Status::Ok,
                match &file {
                    Some(file) => format!("{file} is valid"),
                    None => "no pactkit.yaml; the built-in defaults apply".into(),
                },
            )];
            checks.extend(loaded.warnings.iter().map(|w| {
                Check::new("config", Status::Warn, w.to_string())
                    .fix("edit the key named above; `pactkit config check` lists every problem")
            }));
            checks.extend(loaded.errors.iter().map(|e| {
                Check::new("config", Status::Fail, format!("{e} (the gate cannot run)"))
                    .fix("edit the key named above; `pactkit config check` lists every problem")
            }));
            checks
        }
    }
}

fn git_hook_checks(repo: Option<&Repo>) -> Vec<Check> {
    let Some(repo) = repo else {
        return vec![
            Check::new("git-hooks", Status::Fail, "not a git repository")
                .fix("`git init`, then `pactkit hooks install`"),
        ];
    };
    let dir = match repo.hooks_dir() {
        Ok(dir) => dir.path,
        Err(err) => {
            return vec![
                Check::new(
                    "git-hooks",
                    Status::Fail,
                    format!("cannot resolve the hooks directory: {err}"),
                )
                .fix("check core.hooksPath with `git config --show-origin core.hooksPath`"),
            ];
        }
    };
    HookType::ALL
        .iter()
        .map(|hook| {
            let name = format!("git-hook:{hook}");
            let status = shims::status(&dir, *hook);
            let path = status.path.display();
            match status.state {
                HookState::Current => {
                    Check::new(name, Status::Ok, format!("{path}: pactkit's shim, current"))
                }
                HookState::Outdated(reason) => Check::new(
                    name,
                    Status::Fail,
                    format!("{path}: pactkit's shim is outdated ({reason})"),
                )
                .fix("pactkit hooks install"),
                HookState::Foreign => Check::new(
                    name,
                    Status::Fail,
                    format!("{path} is another tool's hook; pactkit's gates do not run"),
                )
                .fix("pactkit hooks install (keeps the existing hook as a chained .legacy)"),
                HookState::Missing => Check::new(name, Status::Fail, format!("{path} is missing"))
                    .fix("pactkit hooks install"),
            }
        })
        .collect()
}

/// The agent hooks' checks, and whether one of them calls `pactkit` by name (PATH).
fn agent_hook_checks(root: &Path, in_repo: bool, user: Option<&UserDirs>) -> (Vec<Check>, bool) {
    let mut scopes: Vec<(&str, Scope)> = Vec::new();
    if in_repo {
        scopes.push(("--project", Scope::Project(root.to_path_buf())));
    }
    if let Some(user) = user {
        scopes.push(("", Scope::User(user.clone())));
    }
    let mut checks = Vec::new();
    let mut any_installed = false;
    let mut by_name = false;
    for tool in Tool::ALL {
        for (flag, scope) in &scopes {
            let path = agent::target(tool, scope);
            match agent::called_binary(tool, &path) {
                Some(called) if !called.contains('/') => by_name = true,
                Some(called) if !crate::infra::fsx::is_executable(Path::new(&called)) => checks.push(
                    Check::new(
                        format!("agent-hook-binary:{tool}"),
                        Status::Fail,
                        format!("{} calls {called}, which does not exist: {tool} fails open and every call passes unchecked", path.display()),
                    )
                    .fix(format!("pactkit hooks agent install {tool}{}", pad(flag))),
                ),
                _ => {}
            }
            let install = format!("pactkit hooks agent install {tool}{}", pad(flag));
            let name = format!("agent-hook:{tool}");
            let binary = crate::infra::binary::current().unwrap_or_default();
            match agent::status(tool, &path, &binary) {
                agent::HookState::Installed => {
                    any_installed = true;
                    checks.push(Check::new(
                        name,
                        Status::Ok,
                        format!("installed in {}", path.display()),
                    ));
                }
                agent::HookState::Outdated => {
                    any_installed = true;
                    checks.push(
                        Check::new(
                            name,
                            Status::Warn,
                            format!("{} holds an older pactkit hook", path.display()),
                        )
                        .fix(install),
                    );
                }
                agent::HookState::Invalid(why) => checks.push(
                    Check::new(
                        name,
                        Status::Fail,
                        format!("{why}; {tool} ignores the file"),
                    )
                    .fix(format!("fix {}, then `{install}`", path.display())),
                ),
                agent::HookState::Missing => {}
            }
        }
    }
    if !any_installed {
        checks.push(
            Check::new(
                "agent-hooks",
                Status::Warn,
                "no agent hook installed: an AI agent can skip the git hooks (`git commit --no-verify`) unnoticed",
            )
            .fix("pactkit hooks agent install claude --project (or codex, opencode, copilot, gemini)"),
        );
    }
    (checks, by_name)
}

fn pad(flag: &str) -> String {
    if flag.is_empty() {
        String::new()
    } else {
        format!(" {flag}")
    }
}

/// Deployed playbooks, per tool and scope, from the deployment manifests: `fail` when files
/// we wrote are missing (fix: `pactkit update`), `warn` when the user changed some (their
/// edits are kept; `pactkit update --diff` shows ours), `ok` otherwise. Roots without a
/// manifest (nothing deployed there) are not reported; none at all is one `warn`.
pub fn deployed_files_check(root: &Path, _user: Option<&UserDirs>) -> Vec<Check> {
    use crate::deploy::layout::{Scope, Tool, layout};
    use crate::deploy::manifest::{self, FileState};
    let mut checks = Vec::new();
    for (scope, label) in [
        (Scope::Project(root.to_path_buf()), "project"),
        (Scope::Home, "user"),
    ] {
        for tool in Tool::ALL {
            let Ok(layout) = layout(tool, &scope) else {
                continue;
            };
            let name = format!("deployed:{}:{label}", tool.id());
            match manifest::load(&layout.root) {
                Ok(None) => continue,
                Err(err) => {
                    checks.push(
                        Check::new(name, Status::Fail, err.to_string())
                            .fix("remove the damaged manifest, then `pactkit init`"),
                    );
                    continue;
                }
                Ok(Some(_)) => {}
            }
            let states = manifest::manifest_status(&layout.root);
            let count = |s: FileState| states.iter().filter(|(_, st)| *st == s).count();
            let (missing, modified) = (count(FileState::Missing), count(FileState::Modified));
            let scope_flag = if label == "project" { " --project" } else { "" };
            let check = if missing > 0 {
                Check::new(
                    name,
                    Status::Fail,
                    format!(
                        "{}: {missing} of {} deployed files missing",
                        tool.display(),
                        states.len()
                    ),
                )
                .fix(format!("pactkit update{scope_flag}"))
            } else if modified > 0 {
                Check::new(
                    name,
                    Status::Warn,
                    format!(
                        "{}: {modified} deployed files edited since (kept on update)",
                        tool.display()
                    ),
                )
                .fix(format!("pactkit update{scope_flag} --diff"))
            } else {
                Check::new(
                    name,
                    Status::Ok,
                    format!("{}: {} files intact", tool.display(), states.len()),
                )
            };
            checks.push(check);
        }
    }
    if checks.is_empty() {
        checks.push(
            Check::new(
                "deployed-files",
                Status::Warn,
                "no playbooks deployed for Claude Code, OpenCode or Codex CLI",
            )
            .fix("pactkit init (or pactkit init --project)"),
        );
    }
    checks
}

fn docs_checks(root: &Path) -> Vec<Check> {
    // The context is regenerated on demand, so its absence is only a warning.
    let items = [
        (
            schema::SPECS_DIR,
            true,
            Status::Fail,
            "mkdir -p docs/specs (or `pactkit scaffold spec --next \"<title>\"`)",
        ),
        (
            schema::BOARD_FILE,
            false,
            Status::Fail,
            "pactkit scaffold board",
        ),
        (schema::CONTEXT_FILE, false, Status::Warn, "pactkit context"),
    ];
    items
        .iter()
        .map(|(rel, is_dir, missing, fix)| {
            let path = root.join(rel);
            let present = if *is_dir {
                path.is_dir()
            } else {
                path.is_file()
            };
            let name = format!("docs:{rel}");
            if present {
                Check::new(name, Status::Ok, format!("{rel} exists"))
            } else {
                Check::new(name, *missing, format!("{rel} is missing")).fix(*fix)
            }
        })
        .collect()
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// context.md older than the board or the newest spec.
fn context_check(root: &Path) -> Option<Check> {
    let context = modified(&root.join(schema::CONTEXT_FILE))?;
    let mut newest: Option<(SystemTime, String)> =
        modified(&root.join(schema::BOARD_FILE)).map(|t| (t, schema::BOARD_FILE.to_owned()));
    if let Ok(entries) = std::fs::read_dir(root.join(schema::SPECS_DIR)) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md")
                && let Some(time) = modified(&path)
                && newest.as_ref().is_none_or(|(t, _)| time > *t)
            {
                let rel = format!(
                    "{}/{}",
                    schema::SPECS_DIR,
                    entry.file_name().to_string_lossy()
                );
                newest = Some((time, rel));
            }
        }
    }
    Some(match newest {
        Some((time, what)) if time > context => Check::new(
            "context-fresh",
            Status::Warn,
            format!("{} is older than {what}", schema::CONTEXT_FILE),
        )
        .fix("pactkit context"),
        _ => Check::new(
            "context-fresh",
            Status::Ok,
            format!("{} is up to date", schema::CONTEXT_FILE),
        ),
    })
}
