//! Where each tool's files go: the deployment roots for the home directory, a project, or
//! a `--target` preview directory. The only deploy module that reads the environment
//! (through `crate::infra::env`).

use crate::infra::env;
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
    /// GitHub Copilot: Copilot CLI and VS Code's agent mode.
    Copilot,
    /// Gemini CLI.
    Gemini,
}

impl Tool {
    /// Every tool, in deployment order.
    pub const ALL: [Tool; 5] = [
        Tool::Claude,
        Tool::OpenCode,
        Tool::Codex,
        Tool::Copilot,
        Tool::Gemini,
    ];

    /// The display name.
    pub fn display(self) -> &'static str {
        match self {
            Tool::Claude => "Claude Code",
            Tool::OpenCode => "OpenCode",
            Tool::Codex => "Codex CLI",
            Tool::Copilot => "GitHub Copilot",
            Tool::Gemini => "Gemini CLI",
        }
    }

    /// The name recorded in manifests (`--format` value).
    pub fn id(self) -> &'static str {
        match self {
            Tool::Claude => "classic",
            Tool::OpenCode => "opencode",
            Tool::Codex => "codex",
            Tool::Copilot => "copilot",
            Tool::Gemini => "gemini",
        }
    }

    /// True for the tools that read a project's `AGENTS.md` by themselves (Gemini through
    /// the import pactkit puts into `GEMINI.md`): in a project they share one block there.
    pub fn reads_agents_md(self) -> bool {
        !matches!(self, Tool::Claude)
    }
}

/// Where a deployment goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The user's configuration directories (HOME, XDG_CONFIG_HOME, CLAUDE_CONFIG_DIR, CODEX_HOME).
    Home,
    /// A repository's `.claude/`, `.opencode/`, `.codex/`, `.github/`, `.gemini/` (+ its
    /// `AGENTS.md`, `GEMINI.md`).
    Project(PathBuf),
    /// `--target DIR`: the home layout mirrored under DIR (`DIR/.claude`, `DIR/.config/opencode`,
    /// `DIR/.codex`, `DIR/.copilot`, `DIR/.gemini`); nothing outside DIR.
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
    /// Command files (Claude Code, OpenCode, Gemini; Codex and Copilot get commands as skills).
    pub commands: PathBuf,
    /// Skill directories.
    pub skills: PathBuf,
    /// Rule modules (Claude, OpenCode at user level; the others inline them into a block).
    pub rules: PathBuf,
    /// The Markdown file holding the tool's own managed block; `None` for OpenCode.
    pub instructions: Option<PathBuf>,
    /// The repository for a project layout (its `AGENTS.md` is shared by every tool but
    /// Claude Code); `None` for the user level.
    pub project_dir: Option<PathBuf>,
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
                Tool::Copilot => dir.join(".copilot"),
                Tool::Gemini => dir.join(".gemini"),
            },
            None,
        ),
        Scope::Project(dir) | Scope::TargetProject(dir) => (project_root(tool, dir), Some(dir)),
    };
    Ok(make(tool, root, base.map(PathBuf::as_path)))
}

fn make(tool: Tool, root: PathBuf, project: Option<&Path>) -> Layout {
    // Skills go where only their tool looks (checked with each client: `~/.agents/skills`
    // and a project's `.agents/skills` are read by four of them, so pactkit never writes
    // there). Claude Code keeps its block out of the repository's `CLAUDE.md`, which
    // Copilot and OpenCode read too.
    let instructions = match (tool, project) {
        (Tool::Claude, _) => Some(root.join("CLAUDE.md")),
        (Tool::OpenCode, _) => None,
        (Tool::Codex, None) => Some(root.join("AGENTS.md")),
        (Tool::Copilot, None) => Some(root.join("copilot-instructions.md")),
        (Tool::Gemini, None) => Some(root.join("GEMINI.md")),
        (Tool::Codex | Tool::Copilot, Some(dir)) => Some(dir.join("AGENTS.md")),
        (Tool::Gemini, Some(dir)) => Some(dir.join("GEMINI.md")),
    };
    // Copilot's project files sit in `.github/`, whose manifest is the CI pipeline's; its
    // own manifest goes into `.github/copilot/`, Copilot's settings directory.
    let base = match (tool, project) {
        (Tool::Copilot, Some(dir)) => dir.join(".github"),
        _ => root.clone(),
    };
    Layout {
        tool,
        agents: base.join("agents"),
        commands: base.join("commands"),
        rules: base.join("rules").join("pactkit"),
        skills: base.join("skills"),
        instructions,
        project_dir: project.map(Path::to_path_buf),
        project: project.is_some(),
        root,
    }
}

fn project_root(tool: Tool, dir: &Path) -> PathBuf {
    dir.join(match tool {
        Tool::Claude => ".claude",
        Tool::OpenCode => ".opencode",
        Tool::Codex => ".codex",
        Tool::Copilot => ".github/copilot",
        Tool::Gemini => ".gemini",
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
        Tool::Copilot => match non_empty(env::COPILOT_HOME) {
            Some(dir) => dir,
            None => home()?.join(".copilot"),
        },
        Tool::Gemini => match non_empty(env::GEMINI_CLI_HOME) {
            Some(dir) => dir.join(".gemini"),
            None => home()?.join(".gemini"),
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
    fn project_codex_skills_stay_in_dot_codex_and_agents_md_is_the_repositorys() {
        let l = layout(Tool::Codex, &Scope::Project(PathBuf::from("/r"))).unwrap();
        assert_eq!(l.root, PathBuf::from("/r/.codex"));
        assert_eq!(l.skills, PathBuf::from("/r/.codex/skills"));
        assert_eq!(l.instructions, Some(PathBuf::from("/r/AGENTS.md")));
    }

    #[test]
    fn copilot_and_gemini_roots() {
        let l = layout(Tool::Copilot, &Scope::Project(PathBuf::from("/r"))).unwrap();
        assert_eq!(l.root, PathBuf::from("/r/.github/copilot"));
        assert_eq!(l.agents, PathBuf::from("/r/.github/agents"));
        assert_eq!(l.instructions, Some(PathBuf::from("/r/AGENTS.md")));
        let l = layout(Tool::Gemini, &Scope::TargetHome(PathBuf::from("/t"))).unwrap();
        assert_eq!(l.root, PathBuf::from("/t/.gemini"));
        assert_eq!(l.instructions, Some(PathBuf::from("/t/.gemini/GEMINI.md")));
    }

    #[test]
    fn target_mirrors_the_home_layout() {
        let l = layout(Tool::OpenCode, &Scope::TargetHome(PathBuf::from("/t"))).unwrap();
        assert_eq!(l.root, PathBuf::from("/t/.config/opencode"));
        assert_eq!(l.rules, PathBuf::from("/t/.config/opencode/rules/pactkit"));
    }
}
