//! The template catalog: every playbook under `templates/` compiled into the binary, its
//! frontmatter parsed strictly, and the CI pipeline templates.
//!
//! Invariants (checked by the tests below, so the deployer can rely on them):
//! - every file under `templates/` is registered here, and every registered file exists;
//! - names are lowercase kebab-case and equal the file stem (the directory for skills);
//! - frontmatter parses with unknown keys rejected, descriptions are one non-empty line;
//! - bodies take arguments through `$ARGUMENTS`, never positional `$1`;
//! - every `pactkit …` command a template names exists in the CLI (or is listed in
//!   [`PLANNED_SUBCOMMANDS`] while it is being built).

use serde::Deserialize;

/// What a template is; decides where each tool loads it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A subagent role (`templates/agents/<name>.md`).
    Agent,
    /// A workflow command invoked as `/<name>` (`templates/commands/<name>.md`).
    Command,
    /// A skill (`templates/skills/<name>/SKILL.md`).
    Skill,
    /// A rule module of the constitution (`templates/rules/<name>.md`).
    Rule,
}

impl Kind {
    /// The directory under `templates/` holding this kind.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Agent => "agents",
            Kind::Command => "commands",
            Kind::Skill => "skills",
            Kind::Rule => "rules",
        }
    }
}

/// One playbook file compiled into the binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// What it is.
    pub kind: Kind,
    /// Its name: the file stem, or the directory for skills.
    pub name: &'static str,
    /// Its path relative to `templates/`.
    pub path: &'static str,
    /// The whole file: frontmatter and body.
    pub source: &'static str,
}

/// A CI pipeline template with `{{placeholder}}`s, each documented in the comment block at
/// the top of the file. Only `{{name}}` (lowercase, no spaces) is a placeholder: GitHub's own
/// `${{ expr }}` must be left alone by the renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CiTemplate {
    /// The provider as written in `pactkit.yaml` `ci.provider` (`github`, `gitlab`).
    pub provider: &'static str,
    /// Its path relative to `templates/`.
    pub path: &'static str,
    /// The whole file.
    pub source: &'static str,
}

impl CiTemplate {
    /// The placeholder names the file uses, without braces, sorted and unique.
    pub fn placeholders(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .source
            .split("{{")
            .skip(1)
            .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name))
            .filter(|name| {
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

macro_rules! agent {
    ($name:literal) => {
        Template {
            kind: Kind::Agent,
            name: $name,
            path: concat!("agents/", $name, ".md"),
            source: include_str!(concat!("../../templates/agents/", $name, ".md")),
        }
    };
}

macro_rules! command {
    ($name:literal) => {
        Template {
            kind: Kind::Command,
            name: $name,
            path: concat!("commands/", $name, ".md"),
            source: include_str!(concat!("../../templates/commands/", $name, ".md")),
        }
    };
}

macro_rules! skill {
    ($name:literal) => {
        Template {
            kind: Kind::Skill,
            name: $name,
            path: concat!("skills/", $name, "/SKILL.md"),
            source: include_str!(concat!("../../templates/skills/", $name, "/SKILL.md")),
        }
    };
}

macro_rules! rule {
    ($name:literal) => {
        Template {
            kind: Kind::Rule,
            name: $name,
            path: concat!("rules/", $name, ".md"),
            source: include_str!(concat!("../../templates/rules/", $name, ".md")),
        }
    };
}

macro_rules! ci {
    ($provider:literal) => {
        CiTemplate {
            provider: $provider,
            path: concat!("ci/", $provider, ".yml"),
            source: include_str!(concat!("../../templates/ci/", $provider, ".yml")),
        }
    };
}

/// The registry. Order is the deploy order: agents, commands, skills, rules (by `order`).
static TEMPLATES: &[Template] = &[
    agent!("system-architect"),
    agent!("senior-developer"),
    agent!("qa-engineer"),
    agent!("security-auditor"),
    agent!("repo-maintainer"),
    agent!("system-medic"),
    agent!("visual-architect"),
    agent!("code-explorer"),
    agent!("product-designer"),
    command!("project-init"),
    command!("project-design"),
    command!("project-clarify"),
    command!("project-plan"),
    command!("project-act"),
    command!("project-check"),
    command!("project-done"),
    command!("project-hotfix"),
    command!("project-sprint"),
    command!("project-pr"),
    command!("project-release"),
    skill!("pactkit-visualize"),
    skill!("pactkit-board"),
    skill!("pactkit-scaffold"),
    skill!("pactkit-trace"),
    skill!("pactkit-draw"),
    skill!("pactkit-analyze"),
    skill!("pactkit-status"),
    skill!("pactkit-doctor"),
    skill!("pactkit-review"),
    skill!("pactkit-release"),
    rule!("core"),
    rule!("workflow"),
    rule!("testing"),
    rule!("git"),
    rule!("security"),
    rule!("architecture"),
    rule!("documents"),
    rule!("conduct"),
];

static CI_TEMPLATES: &[CiTemplate] = &[ci!("github"), ci!("gitlab")];

/// Every playbook template.
pub fn all() -> &'static [Template] {
    TEMPLATES
}

/// The templates of one kind, in registry order.
pub fn of_kind(kind: Kind) -> impl Iterator<Item = &'static Template> {
    TEMPLATES.iter().filter(move |t| t.kind == kind)
}

/// The template of `kind` called `name`.
pub fn find(kind: Kind, name: &str) -> Option<&'static Template> {
    of_kind(kind).find(|t| t.name == name)
}

/// Every CI pipeline template.
pub fn ci_templates() -> &'static [CiTemplate] {
    CI_TEMPLATES
}

/// The CI template for `provider` (`github`, `gitlab`).
pub fn ci_template(provider: &str) -> Option<&'static CiTemplate> {
    CI_TEMPLATES.iter().find(|t| t.provider == provider)
}

/// The abstract tool names a template may list; each renderer maps them to its tool's own.
pub const ABSTRACT_TOOLS: &[&str] = &["read", "search", "edit", "write", "shell", "web"];

/// The model aliases an agent may ask for.
pub const MODELS: &[&str] = &["haiku", "sonnet", "opus", "inherit"];

/// The parsed frontmatter of a template. Unknown keys are rejected; which keys a kind may
/// use is checked by [`parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frontmatter {
    /// Kebab-case name, equal to the file stem (directory for skills).
    pub name: String,
    /// One line saying when to use it.
    pub description: String,
    /// Abstract tools (agents and commands), from [`ABSTRACT_TOOLS`].
    #[serde(default)]
    pub tools: Vec<String>,
    /// Agents only: `haiku`, `sonnet`, `opus` or `inherit` (absent = inherit).
    #[serde(default)]
    pub model: Option<String>,
    /// Agents only: skills the agent is given.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Agents only: the agent never edits or writes files.
    #[serde(default)]
    pub read_only: bool,
    /// Commands only: what `$ARGUMENTS` should contain, shown by the tool's completion.
    #[serde(default)]
    pub argument_hint: Option<String>,
    /// Commands only: the agent that runs it.
    #[serde(default)]
    pub agent: Option<String>,
    /// Rules only: position in the constitution, 1..=8.
    #[serde(default)]
    pub order: Option<u32>,
}

/// Why a template could not be parsed. Always names the template's path.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file does not start with a `---` line or has no closing `---` line.
    #[error("templates/{path}: no frontmatter block between `---` lines")]
    NoFrontmatter {
        /// The template path.
        path: &'static str,
    },
    /// The frontmatter is not valid YAML for [`Frontmatter`].
    #[error("templates/{path}: invalid frontmatter: {message}")]
    Yaml {
        /// The template path.
        path: &'static str,
        /// The parser's message.
        message: String,
    },
    /// The frontmatter parsed but breaks a catalog rule.
    #[error("templates/{path}: {message}")]
    Invalid {
        /// The template path.
        path: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// Splits a template into frontmatter and body and checks the frontmatter against the rules
/// of its kind: name, description, tools, model, and the keys the kind may use.
pub fn parse(t: &Template) -> Result<(Frontmatter, &'static str), CatalogError> {
    let (yaml, body) = split(t.source).ok_or(CatalogError::NoFrontmatter { path: t.path })?;
    let fm: Frontmatter = serde_yaml_ng::from_str(yaml).map_err(|e| CatalogError::Yaml {
        path: t.path,
        message: e.to_string(),
    })?;
    validate(t, &fm).map_err(|message| CatalogError::Invalid {
        path: t.path,
        message,
    })?;
    Ok((fm, body))
}

/// `---\n<yaml>---\n<body>` → (yaml, body). The closing line must be exactly `---`.
fn split(source: &'static str) -> Option<(&'static str, &'static str)> {
    let rest = source.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line == "---\n" || line == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// True for `^[a-z0-9]+(-[a-z0-9]+)*$` up to 64 bytes: the name every tool accepts.
pub fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn validate(t: &Template, fm: &Frontmatter) -> Result<(), String> {
    if fm.name != t.name {
        return Err(format!(
            "name `{}` differs from the registered name `{}`",
            fm.name, t.name
        ));
    }
    if !is_kebab(&fm.name) {
        return Err(format!(
            "name `{}` is not lowercase kebab-case (at most 64 characters)",
            fm.name
        ));
    }
    let description = fm.description.trim();
    if description.is_empty() || description.contains('\n') || description.len() > 1024 {
        return Err("description must be one non-empty line of at most 1024 characters".into());
    }
    if let Some(tool) = fm
        .tools
        .iter()
        .find(|tool| !ABSTRACT_TOOLS.contains(&tool.as_str()))
    {
        return Err(format!(
            "tool `{tool}` is not one of {}",
            ABSTRACT_TOOLS.join(", ")
        ));
    }
    let has = |present: bool, key: &str| {
        if present {
            Err(format!("`{key}` is not allowed in {}", t.kind.dir()))
        } else {
            Ok(())
        }
    };
    match t.kind {
        Kind::Agent => {
            if let Some(model) = fm.model.as_deref().filter(|m| !MODELS.contains(m)) {
                return Err(format!(
                    "model `{model}` is not one of {}",
                    MODELS.join(", ")
                ));
            }
            if fm.read_only
                && fm
                    .tools
                    .iter()
                    .any(|tool| tool == "edit" || tool == "write")
            {
                return Err("a read_only agent cannot have the edit or write tool".into());
            }
            if fm.tools.is_empty() {
                return Err("an agent lists its tools".into());
            }
            has(fm.argument_hint.is_some(), "argument_hint")?;
            has(fm.agent.is_some(), "agent")?;
            has(fm.order.is_some(), "order")
        }
        Kind::Command => {
            has(fm.model.is_some(), "model")?;
            has(!fm.skills.is_empty(), "skills")?;
            has(fm.read_only, "read_only")?;
            has(fm.order.is_some(), "order")
        }
        Kind::Skill | Kind::Rule => {
            has(!fm.tools.is_empty(), "tools")?;
            has(fm.model.is_some(), "model")?;
            has(!fm.skills.is_empty(), "skills")?;
            has(fm.read_only, "read_only")?;
            has(fm.argument_hint.is_some(), "argument_hint")?;
            has(fm.agent.is_some(), "agent")?;
            match (t.kind, fm.order) {
                (Kind::Rule, None) => Err("a rule has an `order` (1..=8)".into()),
                (Kind::Rule, Some(n)) if !(1..=8).contains(&n) => {
                    Err(format!("order {n} is outside 1..=8"))
                }
                (Kind::Skill, Some(_)) => has(true, "order"),
                _ => Ok(()),
            }
        }
    }
}

/// pactkit subcommands that playbooks may name before they exist in the CLI, because they
/// are being built in parallel. Each entry is a top-level subcommand or `group sub`.
/// Remove an entry when it lands: the `planned_subcommands_are_not_built_yet` test fails
/// once the CLI has it, so this list only shrinks.
pub const PLANNED_SUBCOMMANDS: &[&str] = &[];

#[cfg(test)]
mod tests;
