//! Gemini CLI, as Gemini CLI 0.61 reads it: subagents `agents/<name>.md` (a strict loader:
//! `name`, `description`, `tools` from Gemini's tool names, `model`), commands
//! `commands/<name>.toml` (`description`, `prompt`; the arguments arrive as `{{args}}`),
//! skills `skills/<name>/SKILL.md` (`gemini skills list`), and the memory file `GEMINI.md`
//! (`~/.gemini/GEMINI.md`; a project's `GEMINI.md`). A project's `GEMINI.md` only imports
//! the shared `AGENTS.md` block (`@./AGENTS.md`), so the rules exist once in the repository.
//! Project files load only in folders the user trusts.

use super::{
    Inputs, Output, RenderError, Rendered, agent_model, file, has, index_and_rules, keys, shown,
    standard_skill,
};
use crate::deploy::frontmatter::{self, Fields};
use crate::deploy::select::Item;

/// Abstract tools → Gemini CLI's tool names (read-only agents never get `replace`/`write_file`).
fn tools(item: &Item) -> Vec<String> {
    let mut out = Vec::new();
    for (abstract_tool, names) in [
        (
            "read",
            &["read_file", "read_many_files", "list_directory"][..],
        ),
        ("search", &["grep_search", "glob"]),
        ("edit", &["replace"]),
        ("write", &["write_file"]),
        ("shell", &["run_shell_command"]),
        ("web", &["web_fetch", "google_web_search"]),
    ] {
        let blocked = item.fm.read_only && matches!(abstract_tool, "edit" | "write");
        if has(item, abstract_tool) && !blocked {
            out.extend(names.iter().map(|n| (*n).to_owned()));
        }
    }
    out
}

/// A Gemini command file.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GeminiCommand {
    /// Shown in `/help`.
    pub description: String,
    /// The prompt; `{{args}}` is what the user typed after the command.
    pub prompt: String,
}

/// Serialises a command with the toml crate and checks it reads back the same.
pub fn command_toml(file: &str, command: &GeminiCommand) -> Result<String, RenderError> {
    let err = |message: String| RenderError::Toml {
        file: file.to_owned(),
        message,
    };
    let text = toml::to_string(command).map_err(|e| err(e.to_string()))?;
    let back: GeminiCommand = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
    if &back != command {
        return Err(err("the TOML does not read back the same".into()));
    }
    Ok(text)
}

/// Renders Gemini's files into `r`.
pub fn render(r: &mut Rendered, input: Inputs<'_>) -> Result<(), RenderError> {
    let (layout, sel, config, group) = (input.layout, input.sel, input.config, input.group);
    for item in &sel.agents {
        let path = layout.agents.join(format!("{}.md", item.name()));
        // Only a Gemini model id means something here; aliases and provider ids are skipped.
        let model = agent_model(config, item).filter(|m| m.starts_with("gemini-"));
        let fields = Fields::new()
            .str("name", item.name())
            .str("description", &item.fm.description)
            .list("tools", &tools(item))
            .opt("model", model);
        let text = frontmatter::markdown(&shown(&path), keys::GEMINI_AGENT, &fields, item.body)?;
        file(r, path, text, item);
    }
    for item in &sel.commands {
        let path = layout.commands.join(format!("{}.toml", item.name()));
        let command = GeminiCommand {
            description: item.fm.description.clone(),
            prompt: frontmatter::clean_body(&item.body.replace("$ARGUMENTS", "{{args}}")),
        };
        let text = command_toml(&shown(&path), &command)?;
        file(r, path, text, item);
    }
    for item in &sel.skills {
        let (path, text) = standard_skill(layout, item, item.body)?;
        file(r, path, text, item);
    }
    let block = match &layout.instructions {
        Some(md) if layout.project && group.agents_md.is_some() && !group.at_user(layout.tool) => {
            // Gemini expands `@file` imports in GEMINI.md; the rules stay in AGENTS.md.
            Some((md.clone(), "## PactKit\n\nThe project's PactKit rules and workflow commands are in AGENTS.md:\n@./AGENTS.md\n".to_owned()))
        }
        Some(md) if !layout.project && !sel.rules.is_empty() => {
            Some((md.clone(), index_and_rules(sel, "/", str::to_owned)))
        }
        _ => None,
    };
    if let Some((path, content)) = block {
        r.outputs.push(Output::Block {
            path,
            content,
            budget: None,
        });
    }
    if !config.command_models.is_empty() {
        r.notes
            .push("command_models: Gemini commands have no model field; not applied".into());
    }
    if !config.rule_scopes.is_empty() {
        r.notes
            .push("rule_scopes: Gemini has no conditional rules; scoped rules load always".into());
    }
    Ok(())
}
