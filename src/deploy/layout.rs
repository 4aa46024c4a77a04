//! Where each tool's files go: the deployment roots for the home directory, a project, or
//! a `--target` preview directory. The only deploy module that reads the environment
//! (through `crate::env`).

use crate::env;
use std::path::{Path, PathBuf};

/// An AI tool we deploy to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tool {
    /// Claude Code (`--format classic`).
    Claude,
    /// OpenCode.
    OpenCode,
    /// Codex CLI.
    Codex,
}

impl Tool {
    /// Every tool, in deployment order.
    pub const ALL: [Tool; 3] = [Tool::Claude, Tool::OpenCode, Tool::Codex];

    /// The display name.
    pub fn display(self) -> &'static str {
        match self {
            Tool::Claude => "Claude Code",
            Tool::OpenCode => "OpenCode",
            Tool::Codex => "Codex CLI",
        }
    }

    /// The name recorded in manifests (`--format` value).
    pub fn id(self) -> &'static str {
        match self {
            Tool::Claude => "classic",
            Tool::OpenCode => "opencode",
            Tool::Codex => "codex",
        }
    }
}

/// Where a deployment goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The user's configuration directories (HOME, XDG_CONFIG_HOME, CLAUDE_CONFIG_DIR, CODEX_HOME).
    Home,
    /// A repository's `.claude/`, `.opencode/`, `.codex/` (+ its `AGENTS.md`, `.agents/skills`).
    Project(PathBuf),
    /// `--target DIR`: the home layout mirrored under DIR (`DIR/.claude`, `DIR/.config/opencode`,
    /// `DIR/.codex`); nothing outside DIR.
    TargetHome(PathBuf),
    /// `--target DIR --project`: the project layout mirrored under DIR.
    TargetProject(PathBuf),
}

impl Scope {
    /// True for project layouts (in a repository or mirrored under `--target`).
    pub fn is_project(&self) -> bool {
        matches!(self, Scope::Project(_) | Scope::TargetProject(_))
    }
}

/// The directories of one tool's deployment.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The tool.
    pub tool: Tool,
    /// The deployment root; the manifest lives here.
    pub root: PathBuf,
    /// Agent files.
    pub agents: PathBuf,
    /// Command files (OpenCode only; the others deploy commands as skills).
    pub commands: PathBuf,
    /// Skill directories.
    pub skills: PathBuf,
    /// Rule modules (Claude, OpenCode; Codex inlines them into `instructions`).
    pub rules: PathBuf,
    /// The Markdown file holding our managed block (CLAUDE.md / AGENTS.md); `None` for OpenCode.
    pub instructions: Option<PathBuf>,
    /// True for a project layout (relative `instructions` globs are allowed there).
    pub project: bool,
}

/// No home directory to deploy into.
#[derive(Debug, thiserror::Error)]
#[error("HOME is not set: cannot find the tools' configuration directories")]
pub struct NoHome;

/// The layout of `tool` for `scope`.
pub fn layout(tool: Tool, scope: &Scope) -> Result<Layout, NoHome> {
    let (root, base) = match scope {
        Scope::Home => (home_root(tool)?, None),
        Scope::TargetHome(dir) => (
            match tool {
                Tool::Claude => dir.join(".claude"),
                Tool::OpenCode => dir.join(".config").join("opencode"),
                Tool::Codex => dir.join(".codex"),
            },
            None,
        ),
        Scope::Project(dir) | Scope::TargetProject(dir) => (project_root(tool, dir), Some(dir)),
    };
    Ok(make(tool, root, base.map(PathBuf::as_path)))
}

fn make(tool: Tool, root: PathBuf, project: Option<&Path>) -> Layout {
    let (skills, instructions) = match (tool, project) {
        (Tool::Claude, _) => (root.join("skills"), Some(root.join("CLAUDE.md"))),
        (Tool::OpenCode, _) => (root.join("skills"), None),
        // Codex reads `$CODEX_HOME/skills` globally; in a project only `.agents/skills`
        // (`.codex/skills` was dropped) and the repository's own `AGENTS.md`.
        (Tool::Codex, None) => (root.join("skills"), Some(root.join("AGENTS.md"))),
        (Tool::Codex, Some(dir)) => (
            dir.join(".agents").join("skills"),
            Some(dir.join("AGENTS.md")),
        ),
    };
    Layout {
        tool,
        agents: root.join("agents"),
        commands: root.join("commands"),
        rules: root.join("rules").join("pactkit"),
        skills,
        instructions,
        project: project.is_some(),
        root,
    }
}

fn project_root(tool: Tool, dir: &Path) -> PathBuf {
    dir.join(match tool {
        Tool::Claude => ".claude",
        Tool::OpenCode => ".opencode",
        Tool::Codex => ".codex",
    })
}

/// The user's home directory.
pub fn home() -> Result<PathBuf, NoHome> {
    env::var_os(env::HOME)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .ok_or(NoHome)
}

fn non_empty(name: &str) -> Option<PathBuf> {
    env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home_root(tool: Tool) -> Result<PathBuf, NoHome> {
    Ok(match tool {
        Tool::Claude => match non_empty(env::CLAUDE_CONFIG_DIR) {
            Some(dir) => dir,
            None => home()?.join(".claude"),
        },
        Tool::OpenCode => match non_empty(env::XDG_CONFIG_HOME) {
            Some(dir) => dir.join("opencode"),
            None => home()?.join(".config").join("opencode"),
        },
        Tool::Codex => match non_empty(env::CODEX_HOME) {
            Some(dir) => dir,
            None => home()?.join(".codex"),
        },
    })
}

/// `path` as the user would write it: `~/…` when it lies under HOME.
pub fn tilde(path: &Path) -> String {
    if let Ok(home) = home()
        && let Ok(rest) = path.strip_prefix(&home)
    {
        return format!("~/{}", rest.to_string_lossy());
    }
    path.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_codex_skills_and_agents_md_sit_outside_dot_codex() {
        let l = layout(Tool::Codex, &Scope::Project(PathBuf::from("/r"))).unwrap();
        assert_eq!(l.root, PathBuf::from("/r/.codex"));
        assert_eq!(l.skills, PathBuf::from("/r/.agents/skills"));
        assert_eq!(l.instructions, Some(PathBuf::from("/r/AGENTS.md")));
    }

    #[test]
    fn target_mirrors_the_home_layout() {
        let l = layout(Tool::OpenCode, &Scope::TargetHome(PathBuf::from("/t"))).unwrap();
        assert_eq!(l.root, PathBuf::from("/t/.config/opencode"));
        assert_eq!(l.rules, PathBuf::from("/t/.config/opencode/rules/pactkit"));
    }
}
