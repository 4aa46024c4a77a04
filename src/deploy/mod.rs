//! Deploying the playbooks (agents, commands, skills, rules from `templates/`) into Claude
//! Code, OpenCode, Codex CLI, GitHub Copilot and Gemini CLI, and taking them away again.
//! [`deploy`] plans every root first (rendering, ownership checks, budgets) and writes only
//! when all plans succeed.
//!
//! The tools of one scope are rendered as a group (`render::Group`): the requested tools
//! and those already deployed there (a manifest exists). A file several tools read is
//! planned by each of them with the same bytes; it is written once, recorded in each
//! manifest, and removed only when no remaining manifest records it.
//!
//! Map: [`catalog`] the templates · [`select`] what pactkit.yaml asks for · [`layout`]
//! where each tool reads · [`render`] each tool's file formats · [`apply`] ownership rules
//! and diffs · [`manifest`] what we wrote · [`blocks`] managed blocks · [`opencode_json`]
//! our `instructions` entry · [`project`] pactkit.yaml · [`ci`] the CI pipeline.

pub mod apply;
pub mod blocks;
pub mod catalog;
pub mod ci;
pub mod frontmatter;
pub mod layout;
pub mod manifest;
pub mod opencode_json;
pub mod project;
pub mod render;
pub mod select;

use crate::config::Config;
use crate::infra::error::Error;
use apply::Plan;
use layout::{Scope, Tool};
use std::path::{Path, PathBuf};

/// What to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `init`: deploy; first run writes pactkit.yaml.
    Init,
    /// `update`: the same ownership rules; pactkit.yaml gains missing keys.
    Update,
    /// `update --diff`: plan only.
    Diff,
    /// `uninstall`.
    Uninstall,
}

/// A deployment request.
#[derive(Debug, Clone)]
pub struct Request {
    /// Tools to deploy to.
    pub tools: Vec<Tool>,
    /// Where.
    pub scope: Scope,
    /// What.
    pub action: Action,
    /// The project (repository work tree) whose pactkit.yaml is read, if any.
    pub project: Option<PathBuf>,
    /// Generate the CI pipeline.
    pub ci: bool,
}

/// One deployment root's plan.
#[derive(Debug)]
pub struct RootReport {
    /// `Claude Code`, `OpenCode`, `Codex CLI`, `CI`.
    pub label: String,
    /// The root (manifest directory).
    pub root: PathBuf,
    /// The plan (applied unless `Diff`).
    pub plan: Plan,
    /// Agents, commands, skills, rules deployed (`None` for CI and uninstall).
    pub counts: Option<[usize; 4]>,
    /// Notes about settings a tool cannot express.
    pub notes: Vec<String>,
}

/// The whole run.
#[derive(Debug, Default)]
pub struct Report {
    /// Per root.
    pub roots: Vec<RootReport>,
    /// pactkit.yaml.
    pub yaml: Option<project::YamlChange>,
    /// Workflow documents `init --project` created (specs folder, sprint board).
    pub docs: Vec<String>,
    /// Unknown names in pactkit.yaml and similar.
    pub warnings: Vec<String>,
}

/// Runs a request against `config` (the project's, or defaults).
pub fn deploy(request: &Request, config: &Config) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut roots: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let deployed = deployed_tools(&request.scope)?;
    if request.action == Action::Uninstall {
        // What the tools that stay record must stay too.
        let staying: Vec<&(Tool, PathBuf, manifest::Manifest)> = deployed
            .iter()
            .filter(|(tool, _, _)| !request.tools.contains(tool))
            .collect();
        for (tool, root, m) in deployed
            .iter()
            .filter(|(t, _, _)| request.tools.contains(t))
        {
            let mut mine = m.clone();
            let mut kept_for: Vec<&str> = Vec::new();
            mine.files.retain(|e| {
                let path = manifest::resolve(root, &e.path);
                let readers: Vec<&str> = staying
                    .iter()
                    .filter(|(_, r, other)| other.records(r, &path, e.kind))
                    .map(|(t, _, _)| t.display())
                    .collect();
                kept_for.extend(&readers);
                readers.is_empty()
            });
            kept_for.sort_unstable();
            kept_for.dedup();
            let mut plan = apply::plan_uninstall(root, &mine);
            if !kept_for.is_empty() {
                plan.notices.push(format!(
                    "{} files stay: {} read them too; run `pactkit update` with their --format to give them their own copies",
                    m.files.len() - mine.files.len(),
                    kept_for.join(", ")
                ));
            }
            roots.push((root.clone(), m.dirs.clone()));
            report.roots.push(RootReport {
                label: tool.display().to_owned(),
                plan,
                root: root.clone(),
                counts: None,
                notes: Vec::new(),
            });
        }
        for root in ci::roots(&request.scope, request.project.as_deref()) {
            if let Some(m) = load_manifest(&root)? {
                roots.push((root.clone(), m.dirs.clone()));
                report.roots.push(RootReport {
                    label: "CI".into(),
                    plan: apply::plan_uninstall(&root, &m),
                    root,
                    counts: None,
                    notes: Vec::new(),
                });
            }
        }
    } else {
        let sel = select::select(config).map_err(|e| {
            Error::config(format!("a built-in template is broken: {e}"))
                .hint("report this as a pactkit bug")
        })?;
        report.warnings = sel.warnings.clone();
        let group = group(&request.scope, &request.tools, &deployed, &sel)?;
        report.warnings.extend(read_twice(&group));
        let mut rendered_all = Vec::new();
        for tool in &request.tools {
            let layout = layout::layout(*tool, &request.scope).map_err(env_error)?;
            let mine = group.selection_for(*tool, &sel);
            let mut rendered = render::render(&layout, &mine, config, &group).map_err(|e| {
                Error::config(format!("cannot render the {} files", tool.display())).caused_by(e)
            })?;
            if group.at_user(*tool) || group.skills_at_user(*tool) {
                rendered.notes.push(user_level_note(*tool, &group));
            }
            rendered_all.push((*tool, rendered));
        }
        for (tool, rendered) in &rendered_all {
            let root = &rendered.layout.root;
            // Paths another tool of the group writes or records: shared, not ours alone.
            let mut shared: Vec<apply::SharedEntry> = Vec::new();
            for (_, r) in rendered_all.iter().filter(|(t, _)| t != tool) {
                shared.extend(r.outputs.iter().map(|o| apply::SharedEntry {
                    path: o.path().to_path_buf(),
                    kind: kind_of(o),
                    hash: None,
                }));
            }
            for (_, r, m) in deployed.iter().filter(|(t, _, _)| t != tool) {
                shared.extend(m.files.iter().map(|e| apply::SharedEntry {
                    path: manifest::resolve(r, &e.path),
                    kind: e.kind,
                    hash: Some(e.hash.clone()),
                }));
            }
            let old = deployed
                .iter()
                .find(|(t, _, _)| t == tool)
                .map(|(_, _, m)| m);
            let plan = apply::plan_deploy(root, tool.id(), &rendered.outputs, old, &shared)
                .map_err(deploy_error)?;
            roots.push((root.clone(), Vec::new()));
            report.roots.push(RootReport {
                label: tool.display().to_owned(),
                root: root.clone(),
                plan,
                counts: Some(rendered.counts),
                notes: rendered.notes.clone(),
            });
        }
        if request.ci
            && let Some((root, outputs)) =
                ci::render(&request.scope, request.project.as_deref(), config)?
        {
            let old = load_manifest(&root)?;
            let plan = apply::plan_deploy(&root, "ci", &outputs, old.as_ref(), &[])
                .map_err(deploy_error)?;
            roots.push((root.clone(), Vec::new()));
            report.roots.push(RootReport {
                label: "CI".into(),
                root,
                plan,
                counts: None,
                notes: Vec::new(),
            });
        }
    }
    dedupe_shared_changes(&mut report.roots)?;
    let yaml = match (request.action, &request.scope, &request.project) {
        (Action::Init | Action::Update, Scope::Home | Scope::Project(_), Some(project)) => {
            let (write, change) = project::plan_yaml(project);
            report.yaml = change;
            write
        }
        _ => None,
    };
    if request.action == Action::Diff {
        return Ok(report);
    }
    for (r, (root, dirs)) in report.roots.iter().zip(&roots) {
        apply::apply(root, &r.plan, dirs).map_err(|e| {
            Error::environment(format!("cannot write under {}", root.display())).caused_by(e)
        })?;
    }
    if let Some((path, text)) = yaml {
        project::write_yaml(&path, &text).map_err(|e| {
            Error::environment(format!("cannot write {}", path.display())).caused_by(e)
        })?;
    }
    if let (Action::Init, Scope::Project(root)) = (request.action, &request.scope) {
        report.docs = project::docs_skeleton(root)?;
    }
    Ok(report)
}

fn kind_of(output: &render::Output) -> manifest::EntryKind {
    match output {
        render::Output::File { .. } => manifest::EntryKind::File,
        render::Output::Block { .. } => manifest::EntryKind::Block,
        render::Output::JsonEntry { .. } => manifest::EntryKind::JsonEntry,
    }
}

/// The tools deployed in `scope`: their root and manifest.
fn deployed_tools(scope: &Scope) -> Result<Vec<(Tool, PathBuf, manifest::Manifest)>, Error> {
    let mut out = Vec::new();
    for tool in Tool::ALL {
        let layout = layout::layout(tool, scope).map_err(env_error)?;
        if let Some(m) = load_manifest(&layout.root)? {
            out.push((tool, layout.root, m));
        }
    }
    Ok(out)
}

/// The group of a deployment: the requested tools and those deployed before in the scope;
/// for a project, also the tools deployed at the user level.
fn group(
    scope: &Scope,
    requested: &[Tool],
    deployed: &[(Tool, PathBuf, manifest::Manifest)],
    sel: &select::Selection,
) -> Result<render::Group, Error> {
    let tools: Vec<Tool> = Tool::ALL
        .into_iter()
        .filter(|t| requested.contains(t) || deployed.iter().any(|(d, _, _)| d == t))
        .collect();
    // A `--target` preview stands alone: its home mirror would share DIR/.claude with it.
    let (user_scope, project_dir) = match scope {
        Scope::Project(dir) => (Some(Scope::Home), Some(dir)),
        Scope::TargetProject(dir) => (None, Some(dir)),
        Scope::Home | Scope::TargetHome(_) => (None, None),
    };
    let user_level = match &user_scope {
        // No HOME: nothing can be deployed there, so nothing is repeated.
        Some(user) => deployed_tools(user)
            .unwrap_or_default()
            .into_iter()
            .map(|(t, _, _)| t)
            .collect(),
        None => Vec::new(),
    };
    let mut group = render::Group::new(tools, user_level);
    if group.has(Tool::Claude) && !group.at_user(Tool::Claude) {
        group.claude = Some(layout::layout(Tool::Claude, scope).map_err(env_error)?);
    }
    Ok(match project_dir {
        Some(dir) => {
            group.memory = Some(project::memory_note(dir));
            group.with_agents_md(sel, dir.join("AGENTS.md"))
        }
        None => group,
    })
}

/// What a tool deployed at the user level also finds in this project, written for the
/// project's other tools, so that it loads it twice: the rules in the `AGENTS.md` block
/// (OpenCode, Codex and Copilot read it by themselves), and Claude Code's skills (OpenCode
/// and Copilot read `.claude/skills`; Copilot its commands and agents too). The project
/// cannot drop these files, its other tools need them, so the user is told how to get one
/// copy: the same tools at both levels (the project then writes nothing for them), or none
/// at the user level.
fn read_twice(group: &render::Group) -> Vec<String> {
    let mut out = Vec::new();
    for tool in &group.user_level {
        let mut twice = Vec::new();
        if group.agents_md.is_some() && tool.reads_agents_md() && *tool != Tool::Gemini {
            twice.push("the rules (the project's AGENTS.md block)");
        }
        if group.claude.is_some() && matches!(tool, Tool::OpenCode | Tool::Copilot) {
            twice.push(if *tool == Tool::Copilot {
                "the skills, commands and agents (the project's .claude/)"
            } else {
                "the skills (the project's .claude/skills)"
            });
        }
        if !twice.is_empty() {
            let also: Vec<&str> = group
                .tools
                .iter()
                .filter(|t| !group.at_user(**t))
                .map(|t| t.id())
                .collect();
            out.push(format!(
                "{} is deployed at the user level and also reads {} written here for {}: it loads them twice; deploy those formats at the user level too (`pactkit init --format …`), or uninstall {} there (`pactkit uninstall --format {}`) and deploy it in the project",
                tool.display(),
                twice.join(" and "),
                also.join(", "),
                tool.display(),
                tool.id()
            ));
        }
    }
    out
}

fn user_level_note(tool: Tool, group: &render::Group) -> String {
    let what = if group.at_user(tool) {
        "its agents, commands, skills and rules"
    } else {
        "Claude Code's skills (~/.claude/skills), which it reads"
    };
    format!(
        "{} already has {what} at the user level; they are not repeated in the project, so it lists each once (uninstall the user level to keep them in the repository instead)",
        tool.display()
    )
}

/// A file several roots of one run change (a shared skill, the project's `AGENTS.md`) is
/// changed by the first of them only; the others still record it in their manifests.
/// Two roots wanting different contents for one file is a bug, reported before any write.
fn dedupe_shared_changes(roots: &mut [RootReport]) -> Result<(), Error> {
    let mut seen: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for root in roots.iter_mut() {
        let mut kept = Vec::new();
        for change in std::mem::take(&mut root.plan.changes) {
            match seen.iter().find(|(p, _)| *p == change.path) {
                Some((_, new)) if *new == change.new => {}
                Some(_) => {
                    return Err(Error::config(format!(
                        "two tools would write different contents into {}",
                        change.path.display()
                    ))
                    .hint("report this as a pactkit bug; nothing was written"));
                }
                None => {
                    seen.push((change.path.clone(), change.new.clone()));
                    kept.push(change);
                }
            }
        }
        root.plan.changes = kept;
    }
    Ok(())
}

fn load_manifest(root: &Path) -> Result<Option<manifest::Manifest>, Error> {
    manifest::load(root).map_err(|e| {
        Error::environment(e.to_string())
            .hint("move the file away and run `pactkit init` again; files it listed are then treated as yours")
    })
}

fn env_error(e: layout::NoHome) -> Error {
    Error::environment(e.to_string()).hint("set HOME, or deploy into a repository with --project")
}

fn deploy_error(e: apply::DeployError) -> Error {
    match e {
        apply::DeployError::Budget { .. } => Error::config(e.to_string())
            .hint("deploy fewer rule modules to Codex (`rules:` or `exclude.rules` in pactkit.yaml), or shorten AGENTS.md"),
        apply::DeployError::NotText(_) => Error::environment(e.to_string()),
    }
}

/// The highest pactkit version recorded by the manifests of `tools` in `scope`.
pub fn deployed_version(tools: &[Tool], scope: &Scope) -> Result<Option<String>, Error> {
    let mut best: Option<String> = None;
    for tool in tools {
        let layout = layout::layout(*tool, scope).map_err(env_error)?;
        if let Some(m) = load_manifest(&layout.root)?
            && best
                .as_deref()
                .is_none_or(|b| version_key(&m.pactkit_version) > version_key(b))
        {
            best = Some(m.pactkit_version);
        }
    }
    Ok(best)
}

/// `1.2.3` → `[1, 2, 3]` for ordering (pre-release suffixes ignored).
pub fn version_key(version: &str) -> Vec<u64> {
    version
        .split(['.', '-', '+'])
        .take(3)
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}
