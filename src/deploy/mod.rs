//! Deploying the playbooks (agents, commands, skills, rules from `templates/`) into Claude
//! Code, OpenCode and Codex CLI, and taking them away again. [`deploy`] plans every root
//! first (rendering, ownership checks, budgets) and writes only when all plans succeed.
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
use crate::error::Error;
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
    if request.action == Action::Uninstall {
        for tool in &request.tools {
            let layout = layout::layout(*tool, &request.scope).map_err(env_error)?;
            let Some(m) = load_manifest(&layout.root)? else {
                continue;
            };
            roots.push((layout.root.clone(), m.dirs.clone()));
            report.roots.push(RootReport {
                label: tool.display().to_owned(),
                plan: apply::plan_uninstall(&layout.root, &m),
                root: layout.root,
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
        for tool in &request.tools {
            let layout = layout::layout(*tool, &request.scope).map_err(env_error)?;
            let rendered = render::render(&layout, &sel, config).map_err(|e| {
                Error::config(format!("cannot render the {} files", tool.display())).caused_by(e)
            })?;
            let old = load_manifest(&layout.root)?;
            let plan = apply::plan_deploy(&layout.root, tool.id(), &rendered.outputs, old.as_ref())
                .map_err(deploy_error)?;
            roots.push((layout.root.clone(), Vec::new()));
            report.roots.push(RootReport {
                label: tool.display().to_owned(),
                root: layout.root,
                plan,
                counts: Some(rendered.counts),
                notes: rendered.notes,
            });
        }
        if request.ci
            && let Some((root, outputs)) =
                ci::render(&request.scope, request.project.as_deref(), config)?
        {
            let old = load_manifest(&root)?;
            let plan =
                apply::plan_deploy(&root, "ci", &outputs, old.as_ref()).map_err(deploy_error)?;
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
