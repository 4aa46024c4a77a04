//! Turning the selected templates into each tool's files: names, frontmatter keys, tool
//! lists and model fields as that tool reads them (Copilot and
//! Gemini in [`copilot`] and [`gemini`]). Pure: produces [`Output`]s, writes nothing.
//!
//! Tools read each other's directories (checked with the real clients; the README's deploy
//! table lists who reads what): OpenCode reads Claude Code's skills, Copilot reads a
//! project's `.claude/` skills, commands, agents and rules, and every tool but Claude Code
//! reads a project's `AGENTS.md`. So each tool is rendered for its [`Group`], the tools
//! deployed together in that scope: an item several of them read is written once, where
//! they all look (the same bytes, recorded in each of their manifests), and no tool gets a
//! second copy of it ([`shared`]).

pub mod copilot;
pub mod gemini;
pub mod shared;

use super::frontmatter::{self, Fields, FrontmatterError};
use super::layout::{Layout, Tool, tilde};
use super::select::{Item, Selection};
use crate::config::{Config, OneOrMany};
use serde_yaml_ng::{Mapping, Value};
pub use shared::Group;
use std::path::{Path, PathBuf};

/// Codex reads at most this many bytes of project instructions (global included in the budget).
pub const CODEX_AGENTS_MD_BUDGET: usize = 32 * 1024;

/// Allowed frontmatter keys per tool and kind of file.
pub mod keys {
    /// Claude Code agent.
    pub const CLAUDE_AGENT: &[&str] = &["name", "description", "tools", "model", "skills"];
    /// Claude Code command (`commands/<name>.md`: the file name is the command).
    pub const CLAUDE_COMMAND: &[&str] = &["description", "argument-hint", "allowed-tools", "model"];
    /// Claude Code skill.
    pub const CLAUDE_SKILL: &[&str] = &["name", "description"];
    /// Claude Code rule module (conditional rules only).
    pub const CLAUDE_RULE: &[&str] = &["paths"];
    /// OpenCode agent (other keys would be sent to the model provider).
    pub const OPENCODE_AGENT: &[&str] = &["description", "mode", "model", "permission"];
    /// OpenCode command.
    pub const OPENCODE_COMMAND: &[&str] = &["description", "agent", "model"];
    /// Skill for OpenCode, Codex, Copilot and Gemini (Agent Skills standard).
    pub const STANDARD_SKILL: &[&str] = &["name", "description"];
    /// Codex agent TOML.
    pub const CODEX_AGENT: &[&str] = &[
        "name",
        "description",
        "developer_instructions",
        "model",
        "sandbox_mode",
    ];
    /// Copilot custom agent (`*.agent.md`, read by Copilot CLI and VS Code).
    pub const COPILOT_AGENT: &[&str] = &["name", "description", "tools"];
    /// Gemini CLI subagent (its loader is strict: any other key fails the file).
    pub const GEMINI_AGENT: &[&str] = &["name", "description", "tools", "model"];
}

/// One thing a deployment writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A whole file.
    File {
        /// Absolute path.
        path: PathBuf,
        /// Content.
        bytes: Vec<u8>,
        /// Template it came from.
        template: String,
    },
    /// Our managed block in a Markdown file.
    Block {
        /// Absolute path.
        path: PathBuf,
        /// Block content (without markers).
        content: String,
        /// Maximum size of the whole file, if the tool truncates.
        budget: Option<usize>,
    },
    /// Our entry in OpenCode's `instructions`.
    JsonEntry {
        /// `opencode.json` or `opencode.jsonc`.
        path: PathBuf,
        /// The entry.
        entry: String,
    },
}

impl Output {
    /// The file this output writes into.
    pub fn path(&self) -> &Path {
        match self {
            Output::File { path, .. }
            | Output::Block { path, .. }
            | Output::JsonEntry { path, .. } => path,
        }
    }
}

/// What one tool gets.
#[derive(Debug)]
pub struct Rendered {
    /// The layout.
    pub layout: Layout,
    /// Files, blocks, entries.
    pub outputs: Vec<Output>,
    /// Things the user should know (omitted model fields, unsupported settings).
    pub notes: Vec<String>,
    /// Agents, commands, skills, rules written.
    pub counts: [usize; 4],
}

/// A template that cannot be rendered into a loadable file.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Frontmatter or names.
    #[error(transparent)]
    Frontmatter(#[from] FrontmatterError),
    /// TOML.
    #[error("{file}: {message}")]
    Toml {
        /// File.
        file: String,
        /// Why.
        message: String,
    },
}

/// What a tool's renderer reads: where the tool's files go, the selected templates, the
/// configuration, and the tools deployed together with it.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    /// The tool's layout.
    pub layout: &'a Layout,
    /// The templates to render.
    pub sel: &'a Selection,
    /// The deployment settings.
    pub config: &'a Config,
    /// The tools deployed together in this scope.
    pub group: &'a Group,
}

/// Renders `sel` for `layout.tool`, deployed together with the rest of `group`.
pub fn render(
    layout: &Layout,
    sel: &Selection,
    config: &Config,
    group: &Group,
) -> Result<Rendered, RenderError> {
    let mut r = Rendered {
        layout: layout.clone(),
        outputs: Vec::new(),
        notes: Vec::new(),
        counts: [
            sel.agents.len(),
            sel.commands.len(),
            sel.skills.len(),
            sel.rules.len(),
        ],
    };
    // Names become file stems and directories in every tool: all must be portable kebab-case.
    for item in sel
        .agents
        .iter()
        .chain(&sel.commands)
        .chain(&sel.skills)
        .chain(&sel.rules)
    {
        frontmatter::check_name(item.template.path, item.name())?;
        frontmatter::check_name(item.template.path, &item.fm.name)?;
    }
    let input = Inputs {
        layout,
        sel,
        config,
        group,
    };
    match layout.tool {
        Tool::Claude => claude(&mut r, input)?,
        Tool::OpenCode => opencode(&mut r, input)?,
        Tool::Codex => codex(&mut r, input)?,
        Tool::Copilot => copilot::render(&mut r, input)?,
        Tool::Gemini => gemini::render(&mut r, input)?,
    }
    Ok(r)
}

pub(crate) fn file(r: &mut Rendered, path: PathBuf, text: String, item: &Item) {
    r.outputs.push(Output::File {
        path,
        bytes: text.into_bytes(),
        template: item.template.path.to_owned(),
    });
}

pub(crate) fn shown(path: &Path) -> String {
    tilde(path)
}

pub(crate) fn skill_path(layout: &Layout, name: &str) -> PathBuf {
    layout.skills.join(name).join("SKILL.md")
}

fn rule_path(layout: &Layout, item: &Item) -> PathBuf {
    let order = item.fm.order.unwrap_or(0);
    layout.rules.join(format!("{order:02}-{}.md", item.name()))
}

pub(crate) fn has(item: &Item, tool: &str) -> bool {
    item.fm.tools.iter().any(|t| t == tool)
}

/// Abstract tools → Claude Code tool names (read-only agents never get Edit/Write).
fn claude_tools(item: &Item) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (abstract_tool, names) in [
        ("read", &["Read"][..]),
        ("search", &["Grep", "Glob"]),
        ("edit", &["Edit"]),
        ("write", &["Write"]),
        ("shell", &["Bash"]),
        ("web", &["WebFetch", "WebSearch"]),
    ] {
        let blocked = item.fm.read_only && matches!(abstract_tool, "edit" | "write");
        if has(item, abstract_tool) && !blocked {
            out.extend_from_slice(names);
        }
    }
    out
}

pub(crate) fn is_claude_alias(model: &str) -> bool {
    matches!(model, "haiku" | "sonnet" | "opus" | "inherit")
}

/// The model configured for an agent: `agent_models` over the template's own.
pub(crate) fn agent_model<'a>(config: &'a Config, item: &'a Item) -> Option<&'a str> {
    config
        .agent_models
        .get(item.name())
        .map(String::as_str)
        .or(item.fm.model.as_deref())
}

/// Commands turned into skills (Codex, Copilot) are mentioned, not called with arguments.
pub(crate) fn skill_body(body: &str) -> String {
    body.replace("$ARGUMENTS", "the user's request")
}

fn claude(r: &mut Rendered, input: Inputs<'_>) -> Result<(), RenderError> {
    let (layout, sel, config, group) = (input.layout, input.sel, input.config, input.group);
    for item in &sel.agents {
        let (path, text) = claude_agent(layout, sel, config, item)?;
        file(r, path, text, item);
        if let Some(m) = agent_model(config, item).filter(|m| m.contains('/')) {
            r.notes.push(format!(
                "agent_models.{}: `{m}` is an OpenCode `provider/model` id; Claude Code gets `inherit`",
                item.name()
            ));
        }
    }
    for item in &sel.commands {
        let (path, text) = claude_command(layout, config, item)?;
        file(r, path, text, item);
    }
    for item in &sel.skills {
        let (path, text) = claude_skill(layout, item)?;
        file(r, path, text, item);
    }
    let rules_in_agents_md = layout.project && group.agents_md.is_some();
    if rules_in_agents_md {
        // Claude Code imports the block, so its manifest records it too: uninstalling the
        // tools that read AGENTS.md themselves must not take Claude Code's rules away.
        push_shared_block(r, group);
        if !config.rule_scopes.is_empty() {
            r.notes.push(
                "rule_scopes: with other tools in the project the rules live once in AGENTS.md, which has no conditional rules; scoped rules load always".into(),
            );
        }
    } else {
        for item in &sel.rules {
            let path = rule_path(layout, item);
            let text = match config.rule_scopes.get(item.name()) {
                Some(scope) => {
                    let globs = match scope {
                        OneOrMany::One(g) => vec![g.clone()],
                        OneOrMany::Many(g) => g.clone(),
                    };
                    let fields = Fields::new().list("paths", &globs);
                    frontmatter::markdown(&shown(&path), keys::CLAUDE_RULE, &fields, item.body)?
                }
                None => frontmatter::clean_body(item.body),
            };
            file(r, path, text, item);
        }
    }
    if let Some(md) = layout
        .instructions
        .clone()
        .filter(|_| !group.at_user(Tool::Claude))
    {
        let rules_line = if rules_in_agents_md {
            // Claude Code resolves an import relative to the file that holds it
            // (`.claude/CLAUDE.md`); Copilot and OpenCode never read that file.
            "The rule modules are in the repository's AGENTS.md, shared with the other AI tools:\n@../AGENTS.md".to_owned()
        } else {
            let rules_dir = if layout.project {
                ".claude/rules/pactkit/".to_owned()
            } else {
                format!("{}/", shown(&layout.rules))
            };
            format!(
                "The rule modules load from `{rules_dir}`. {}",
                shared::ORDER_NOTE
            )
        };
        let mut content = index_block(sel, &rules_line, "/");
        // With the rules in AGENTS.md, the project's memory comes with them.
        if let Some(memory) = group.memory.as_ref().filter(|_| !rules_in_agents_md) {
            content.push('\n');
            content.push_str(memory);
        }
        r.outputs.push(Output::Block {
            path: md,
            content,
            budget: None,
        });
    }
    Ok(())
}

/// A Claude Code subagent file. Copilot reads a project's copy as its own custom agent.
pub(crate) fn claude_agent(
    layout: &Layout,
    sel: &Selection,
    config: &Config,
    item: &Item,
) -> Result<(PathBuf, String), RenderError> {
    let path = layout.agents.join(format!("{}.md", item.name()));
    let model = match agent_model(config, item) {
        Some(m) if m.contains('/') => "inherit",
        Some(m) => m,
        None => "inherit",
    };
    let skills: Vec<String> = item
        .fm
        .skills
        .iter()
        .filter(|s| sel.has_skill(s))
        .cloned()
        .collect();
    let mut fields = Fields::new()
        .str("name", item.name())
        .str("description", &item.fm.description)
        .str("tools", &claude_tools(item).join(", "))
        .str("model", model);
    if !skills.is_empty() {
        fields = fields.list("skills", &skills);
    }
    let text = frontmatter::markdown(&shown(&path), keys::CLAUDE_AGENT, &fields, item.body)?;
    Ok((path, text))
}

/// A Claude Code command (`commands/<name>.md`). Copilot reads a project's copy as a skill;
/// OpenCode does not read it (it has commands of its own).
pub(crate) fn claude_command(
    layout: &Layout,
    config: &Config,
    item: &Item,
) -> Result<(PathBuf, String), RenderError> {
    let path = layout.commands.join(format!("{}.md", item.name()));
    // `allowed-tools` pre-approves: only reading and pactkit's own deterministic CLI.
    let mut allowed: Vec<String> = claude_tools(item)
        .into_iter()
        .filter(|t| matches!(*t, "Read" | "Grep" | "Glob"))
        .map(str::to_owned)
        .collect();
    if has(item, "shell") {
        allowed.push("Bash(pactkit *)".to_owned());
    }
    let model = config.command_models.get(item.name()).map(String::as_str);
    let fields = Fields::new()
        .str("description", &item.fm.description)
        .opt("argument-hint", item.fm.argument_hint.as_deref())
        .opt(
            "allowed-tools",
            (!allowed.is_empty()).then(|| allowed.join(" ")).as_deref(),
        )
        .opt("model", model.filter(|m| !m.contains('/')));
    let text = frontmatter::markdown(&shown(&path), keys::CLAUDE_COMMAND, &fields, item.body)?;
    Ok((path, text))
}

/// A skill as Claude Code writes it; OpenCode and Copilot read the very same file.
pub(crate) fn claude_skill(layout: &Layout, item: &Item) -> Result<(PathBuf, String), RenderError> {
    standard_skill(layout, item, item.body)
}

/// `skills/<name>/SKILL.md` with `name` and `description` (the Agent Skills standard).
pub(crate) fn standard_skill(
    layout: &Layout,
    item: &Item,
    body: &str,
) -> Result<(PathBuf, String), RenderError> {
    let path = skill_path(layout, item.name());
    let fields = Fields::new()
        .str("name", item.name())
        .str("description", &item.fm.description);
    let text = frontmatter::markdown(&shown(&path), keys::STANDARD_SKILL, &fields, body)?;
    Ok((path, text))
}

/// The short block: where the rules are, which commands exist.
pub(crate) fn index_block(sel: &Selection, rules_line: &str, prefix: &str) -> String {
    let commands: Vec<String> = sel
        .commands
        .iter()
        .map(|c| format!("`{prefix}{}`", c.name()))
        .collect();
    let mut out = format!(
        "## PactKit\n\nThis block is written by `pactkit init`/`update`; edit outside the markers.\n{rules_line}\n"
    );
    if !commands.is_empty() {
        out.push_str(&format!("Workflow commands: {}.\n", commands.join(", ")));
    }
    out
}

/// The project's shared `AGENTS.md` block, for a tool that reads it and gets its rules here.
pub(crate) fn push_shared_block(r: &mut Rendered, group: &Group) {
    if let Some(block) = &group.agents_md
        && r.layout.project
        && !group.at_user(r.layout.tool)
    {
        r.outputs.push(block.clone());
    }
}

/// The index followed by every rule module: the block of a tool that has no rule files
/// (Codex, Copilot and Gemini at the user level).
pub(crate) fn index_and_rules(
    sel: &Selection,
    prefix: &str,
    body: impl Fn(&str) -> String,
) -> String {
    let mut content = index_block(
        sel,
        &format!("The rule modules follow. {}", shared::ORDER_NOTE),
        prefix,
    );
    for rule in &sel.rules {
        content.push('\n');
        content.push_str(&frontmatter::clean_body(&body(rule.body)));
    }
    content
}

fn opencode_model(r: &mut Rendered, what: &str, model: Option<&str>) -> Option<String> {
    match model {
        Some(m) if m.contains('/') => Some(m.to_owned()),
        Some("inherit") | None => None,
        Some(m) => {
            r.notes.push(format!(
                "{what}: OpenCode needs a `provider/model` id, `{m}` is not one; the model field is omitted"
            ));
            None
        }
    }
}

fn opencode(r: &mut Rendered, input: Inputs<'_>) -> Result<(), RenderError> {
    let (layout, sel, config, group) = (input.layout, input.sel, input.config, input.group);
    for item in &sel.agents {
        let path = layout.agents.join(format!("{}.md", item.name()));
        let model = opencode_model(
            r,
            &format!("agent_models.{}", item.name()),
            config.agent_models.get(item.name()).map(String::as_str),
        );
        let deny = |granted: bool| Value::String(if granted { "allow" } else { "deny" }.into());
        let mut permission = Mapping::new();
        let can_edit = !item.fm.read_only && (has(item, "edit") || has(item, "write"));
        permission.insert("edit".into(), deny(can_edit));
        permission.insert(
            "bash".into(),
            if has(item, "shell") {
                // Anything else asks; pactkit's own commands are the playbooks' deterministic steps.
                let mut bash = Mapping::new();
                bash.insert("*".into(), "ask".into());
                bash.insert("pactkit *".into(), "allow".into());
                Value::Mapping(bash)
            } else {
                deny(false)
            },
        );
        permission.insert("webfetch".into(), deny(has(item, "web")));
        permission.insert("websearch".into(), deny(has(item, "web")));
        let fields = Fields::new()
            .str("description", &item.fm.description)
            .str("mode", "subagent")
            .opt("model", model.as_deref())
            .value("permission", Value::Mapping(permission));
        let text = frontmatter::markdown(&shown(&path), keys::OPENCODE_AGENT, &fields, item.body)?;
        file(r, path, text, item);
    }
    for item in &sel.commands {
        let path = layout.commands.join(format!("{}.md", item.name()));
        let model = opencode_model(
            r,
            &format!("command_models.{}", item.name()),
            config.command_models.get(item.name()).map(String::as_str),
        );
        let agent = item.fm.agent.as_deref().filter(|a| sel.has_agent(a));
        let fields = Fields::new()
            .str("description", &item.fm.description)
            .opt("agent", agent)
            .opt("model", model.as_deref());
        let text =
            frontmatter::markdown(&shown(&path), keys::OPENCODE_COMMAND, &fields, item.body)?;
        file(r, path, text, item);
    }
    // OpenCode reads Claude Code's skills (`~/.claude/skills`, a project's `.claude/skills`)
    // and cannot be told not to: with Claude Code in the group it uses those.
    let skills_home = group.claude.as_ref().unwrap_or(layout);
    for item in &sel.skills {
        let (path, text) = claude_skill(skills_home, item)?;
        file(r, path, text, item);
    }
    if layout.project {
        // OpenCode reads the repository's AGENTS.md itself: the shared block holds the rules.
        push_shared_block(r, group);
    } else {
        for item in &sel.rules {
            let path = rule_path(layout, item);
            file(r, path, frontmatter::clean_body(item.body), item);
        }
        if !sel.rules.is_empty() {
            let entry = format!("{}/*.md", shown(&layout.rules));
            let jsonc = layout.root.join("opencode.jsonc");
            let path = if jsonc.is_file() {
                jsonc
            } else {
                layout.root.join("opencode.json")
            };
            r.outputs.push(Output::JsonEntry { path, entry });
        }
    }
    if !config.rule_scopes.is_empty() {
        r.notes.push(
            "rule_scopes: OpenCode has no conditional rules; scoped rules load always".into(),
        );
    }
    Ok(())
}

/// A Codex agent role file.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CodexAgent {
    /// Role name.
    pub name: String,
    /// When to use it.
    pub description: String,
    /// The role's instructions.
    pub developer_instructions: String,
    /// A Codex model id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `read-only` for read-only roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_mode: Option<String>,
}

/// Codex skills are mentioned, not called with arguments: `$ARGUMENTS` becomes prose and
/// `/project-x` becomes `$project-x`.
fn codex_body(body: &str) -> String {
    skill_body(body)
        .replace("`/project-", "`$project-")
        .replace("`/pactkit-", "`$pactkit-")
}

/// A one-line description names commands without backticks (`Use for /project-act`).
fn codex_description(description: &str) -> String {
    description
        .replace("/project-", "$project-")
        .replace("/pactkit-", "$pactkit-")
}

fn codex(r: &mut Rendered, input: Inputs<'_>) -> Result<(), RenderError> {
    let (layout, sel, config, group) = (input.layout, input.sel, input.config, input.group);
    for item in &sel.agents {
        let path = layout.agents.join(format!("{}.toml", item.name()));
        let model = match agent_model(config, item) {
            Some(m) if is_claude_alias(m) => {
                if m != "inherit" {
                    r.notes.push(format!(
                        "agent `{}`: `{m}` is a Claude Code alias; the Codex role keeps Codex's default model",
                        item.name()
                    ));
                }
                None
            }
            Some(m) if m.contains('/') => None,
            other => other.map(str::to_owned),
        };
        let agent = CodexAgent {
            name: item.name().to_owned(),
            description: codex_description(&item.fm.description),
            developer_instructions: frontmatter::clean_body(&codex_body(item.body)),
            model,
            sandbox_mode: item.fm.read_only.then(|| "read-only".to_owned()),
        };
        let text = codex_toml(&shown(&path), &agent)?;
        file(r, path, text, item);
    }
    if !config.command_models.is_empty() {
        r.notes
            .push("command_models: Codex skills have no model field; not applied for Codex".into());
    }
    if !config.rule_scopes.is_empty() {
        r.notes.push(
            "rule_scopes: Codex has no conditional rules; scoped rules are always in AGENTS.md"
                .into(),
        );
    }
    for item in sel.commands.iter().chain(&sel.skills) {
        let (path, text) = standard_skill(layout, item, &codex_body(item.body))?;
        file(r, path, text, item);
    }
    if layout.project {
        push_shared_block(r, group);
    } else if let Some(md) = layout.instructions.clone() {
        r.outputs.push(Output::Block {
            path: md,
            content: index_and_rules(sel, "$", codex_body),
            budget: Some(CODEX_AGENTS_MD_BUDGET),
        });
    }
    Ok(())
}

/// Serialises a Codex role with the toml crate and checks it reads back the same.
pub fn codex_toml(file: &str, agent: &CodexAgent) -> Result<String, RenderError> {
    frontmatter::check_name(file, &agent.name)?;
    let err = |message: String| RenderError::Toml {
        file: file.to_owned(),
        message,
    };
    let text = toml::to_string(agent).map_err(|e| err(e.to_string()))?;
    let back: CodexAgent = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
    if &back != agent {
        return Err(err("the TOML does not read back the same".into()));
    }
    if agent.developer_instructions.trim().is_empty() {
        return Err(err("developer_instructions is empty".into()));
    }
    Ok(text)
}
