//! GitHub Copilot (Copilot CLI 1.0 and VS Code's agent mode), as Copilot CLI reads it:
//! custom agents `agents/<name>.agent.md` (`name`, `description`, `tools` from Copilot's
//! aliases `read`, `search`, `edit`, `execute`, `web`), skills `skills/<name>/SKILL.md`
//! (`copilot skill list`; commands become skills, invoked as `/project-plan`), user-level
//! instructions in `~/.copilot/copilot-instructions.md` (`copilot instruction list`).
//!
//! In a project Copilot also reads `.claude/skills`, `.claude/commands`, `.claude/agents`,
//! `.claude/rules`, `AGENTS.md`, `CLAUDE.md` and `GEMINI.md`. So there it takes the rules
//! from the shared `AGENTS.md` block, and with Claude Code in the group it takes Claude
//! Code's agents, commands and skills instead of a second copy in `.github/`.

use super::{
    Inputs, Output, RenderError, Rendered, claude_agent, claude_command, claude_skill, file, has,
    index_and_rules, keys, push_shared_block, shown, skill_body, standard_skill,
};
use crate::deploy::frontmatter::{self, Fields};
use crate::deploy::select::Item;

/// Abstract tools → Copilot's tool aliases (read-only agents never get `edit`).
fn tools(item: &Item) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (abstract_tool, alias) in [
        ("read", "read"),
        ("search", "search"),
        ("edit", "edit"),
        ("write", "edit"),
        ("shell", "execute"),
        ("web", "web"),
    ] {
        let blocked = item.fm.read_only && alias == "edit";
        if has(item, abstract_tool) && !blocked && !out.iter().any(|t| t == alias) {
            out.push(alias.to_owned());
        }
    }
    out
}

/// Renders Copilot's files into `r`.
pub fn render(r: &mut Rendered, input: Inputs<'_>) -> Result<(), RenderError> {
    let (layout, sel, config, group) = (input.layout, input.sel, input.config, input.group);
    let claude = group.claude.as_ref().filter(|_| layout.project);
    for item in &sel.agents {
        let (path, text) = match claude {
            Some(claude) => claude_agent(claude, sel, config, item)?,
            None => {
                let path = layout.agents.join(format!("{}.agent.md", item.name()));
                let fields = Fields::new()
                    .str("name", item.name())
                    .str("description", &item.fm.description)
                    .list("tools", &tools(item));
                let text =
                    frontmatter::markdown(&shown(&path), keys::COPILOT_AGENT, &fields, item.body)?;
                (path, text)
            }
        };
        file(r, path, text, item);
    }
    for item in &sel.commands {
        let (path, text) = match claude {
            Some(claude) => claude_command(claude, config, item)?,
            None => standard_skill(layout, item, &skill_body(item.body))?,
        };
        file(r, path, text, item);
    }
    for item in &sel.skills {
        let (path, text) = match claude {
            Some(claude) => claude_skill(claude, item)?,
            None => standard_skill(layout, item, item.body)?,
        };
        file(r, path, text, item);
    }
    if layout.project {
        push_shared_block(r, group);
    } else if let Some(md) = layout
        .instructions
        .clone()
        .filter(|_| !sel.rules.is_empty())
    {
        r.outputs.push(Output::Block {
            path: md,
            content: index_and_rules(sel, "/", str::to_owned),
            budget: None,
        });
    }
    if !config.agent_models.is_empty() || !config.command_models.is_empty() {
        r.notes.push(
            "agent_models/command_models: Copilot picks its model per session (`/model`); not applied"
                .into(),
        );
    }
    if !config.rule_scopes.is_empty() {
        r.notes
            .push("rule_scopes: not applied for Copilot; the rules load always".into());
    }
    Ok(())
}
