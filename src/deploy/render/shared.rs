//! What tools deployed together share: the [`Group`] of one scope, and the project's one
//! `AGENTS.md` block that every tool but Claude Code reads (Codex, OpenCode and Copilot by
//! themselves, Gemini through the import in `GEMINI.md`; Claude Code through the import in
//! `.claude/CLAUDE.md`). Each of them writes the identical block, so it stays as long as
//! one of them is deployed.
//!
//! A project deployment also knows what the user level already gives each tool: every
//! client reads both levels, so an item at both would be listed (or loaded) twice. A tool
//! deployed at the user level gets nothing repeated in the project ([`Group::at_user`]).

use super::{CODEX_AGENTS_MD_BUDGET, Output, index_block};
use crate::deploy::frontmatter;
use crate::deploy::layout::{Layout, Tool};
use crate::deploy::select::Selection;
use std::path::PathBuf;

/// Said wherever rule modules are listed: tools load rule files in directory order, so the
/// numbers in their names order nothing, and the modules are written not to depend on it.
pub const ORDER_NOTE: &str =
    "Each module stands on its own: the order in which a tool loads them carries no meaning.";

/// The tools deployed together in one scope (requested now or deployed before).
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// Every tool of the scope, in [`Tool::ALL`] order.
    pub tools: Vec<Tool>,
    /// For a project: the tools deployed at the user level too.
    pub user_level: Vec<Tool>,
    /// Claude Code's layout, when it writes its files in this scope (OpenCode and Copilot
    /// then read its skills, and in a project Copilot its commands and agents too).
    pub claude: Option<Layout>,
    /// The project's shared `AGENTS.md` block, when a tool of the group needs it.
    pub agents_md: Option<Output>,
    /// For a project: its dev commands and session start (`project::memory_note`), the
    /// equivalent of PactKit's project `CLAUDE.md`, written once into the project's block.
    pub memory: Option<String>,
}

impl Group {
    /// A group of `tools`; `user_level` is empty for the user level itself.
    pub fn new(tools: Vec<Tool>, user_level: Vec<Tool>) -> Self {
        Group {
            tools,
            user_level,
            claude: None,
            agents_md: None,
            memory: None,
        }
    }

    /// True when `tool` is deployed in this scope.
    pub fn has(&self, tool: Tool) -> bool {
        self.tools.contains(&tool)
    }

    /// True when this is a project and the user level already gives `tool` everything.
    pub fn at_user(&self, tool: Tool) -> bool {
        self.user_level.contains(&tool)
    }

    /// True when `tool` already reads the skills from the user level: its own, or, for
    /// OpenCode, Claude Code's `~/.claude/skills`.
    pub fn skills_at_user(&self, tool: Tool) -> bool {
        self.at_user(tool) || (tool == Tool::OpenCode && self.at_user(Tool::Claude))
    }

    /// The selection `tool` gets in this scope: everything, less what the user level gives it.
    pub fn selection_for(&self, tool: Tool, sel: &Selection) -> Selection {
        let mut mine = sel.clone();
        if self.at_user(tool) {
            mine.agents.clear();
            mine.commands.clear();
            mine.rules.clear();
        }
        if self.skills_at_user(tool) {
            mine.skills.clear();
        }
        mine
    }

    /// Sets the project's shared `AGENTS.md` block (`agents_md` is its path): needed when a
    /// tool that reads it gets its rules in this project. Call after setting `memory`.
    pub fn with_agents_md(mut self, sel: &Selection, agents_md: PathBuf) -> Self {
        let needed = self
            .tools
            .iter()
            .any(|t| t.reads_agents_md() && !self.at_user(*t));
        if needed && !sel.rules.is_empty() {
            self.agents_md = Some(agents_md_block(sel, &self, agents_md));
        }
        self
    }
}

/// The project's `AGENTS.md` block: the index and every rule module, written in the
/// slash-command form that Claude Code, OpenCode, Copilot and Gemini use; when Codex is in
/// the group a line gives it its own `$name` form. The same for every tool of the group.
fn agents_md_block(sel: &Selection, group: &Group, path: PathBuf) -> Output {
    let mut rules_line = format!("The rule modules follow. {ORDER_NOTE}");
    if group.has(Tool::Codex) {
        rules_line.push_str(
            "\nIn Codex CLI the workflow commands are skills: write `$project-plan` where this text says `/project-plan`.",
        );
    }
    let mut content = index_block(sel, &rules_line, "/");
    if let Some(memory) = &group.memory {
        content.push('\n');
        content.push_str(memory);
    }
    for rule in &sel.rules {
        content.push('\n');
        content.push_str(&frontmatter::clean_body(rule.body));
    }
    Output::Block {
        path,
        content,
        budget: group.has(Tool::Codex).then_some(CODEX_AGENTS_MD_BUDGET),
    }
}
