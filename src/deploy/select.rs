//! Which templates a deployment carries: `agents`, `commands`, `skills`, `rules` from
//! pactkit.yaml (absent = all) minus `exclude`; unknown names become warnings.

use super::catalog::{self, CatalogError, Frontmatter, Kind, Template};
use crate::config::Config;

/// A selected template, parsed.
#[derive(Debug, Clone)]
pub struct Item {
    /// The template.
    pub template: &'static Template,
    /// Its frontmatter.
    pub fm: Frontmatter,
    /// Its body.
    pub body: &'static str,
}

impl Item {
    /// The template's name.
    pub fn name(&self) -> &'static str {
        self.template.name
    }
}

/// The templates to deploy.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Agents.
    pub agents: Vec<Item>,
    /// Commands.
    pub commands: Vec<Item>,
    /// Skills.
    pub skills: Vec<Item>,
    /// Rules, in `order`.
    pub rules: Vec<Item>,
    /// Names in pactkit.yaml that match no template.
    pub warnings: Vec<String>,
}

impl Selection {
    /// True when an agent of that name is deployed.
    pub fn has_agent(&self, name: &str) -> bool {
        self.agents.iter().any(|a| a.name() == name)
    }

    /// True when a skill of that name is deployed.
    pub fn has_skill(&self, name: &str) -> bool {
        self.skills.iter().any(|a| a.name() == name)
    }
}

/// The selection `config` asks for.
pub fn select(config: &Config) -> Result<Selection, CatalogError> {
    let mut warnings = Vec::new();
    let ex = &config.exclude;
    let mut sel = Selection {
        agents: pick(
            Kind::Agent,
            "agents",
            config.agents.as_deref(),
            &ex.agents,
            &mut warnings,
        )?,
        commands: pick(
            Kind::Command,
            "commands",
            config.commands.as_deref(),
            &ex.commands,
            &mut warnings,
        )?,
        skills: pick(
            Kind::Skill,
            "skills",
            config.skills.as_deref(),
            &ex.skills,
            &mut warnings,
        )?,
        rules: pick(
            Kind::Rule,
            "rules",
            config.rules.as_deref(),
            &ex.rules,
            &mut warnings,
        )?,
        warnings: Vec::new(),
    };
    sel.rules
        .sort_by_key(|r| (r.fm.order.unwrap_or(u32::MAX), r.template.name));
    let agent_names: Vec<&str> = catalog::of_kind(Kind::Agent).map(|t| t.name).collect();
    for name in config.agent_models.keys() {
        if !agent_names.contains(&name.as_str()) {
            warnings.push(format!("agent_models: unknown agent `{name}`"));
        }
    }
    let command_names: Vec<&str> = catalog::of_kind(Kind::Command).map(|t| t.name).collect();
    for name in config.command_models.keys() {
        if !command_names.contains(&name.as_str()) {
            warnings.push(format!("command_models: unknown command `{name}`"));
        }
    }
    let rule_names: Vec<&str> = catalog::of_kind(Kind::Rule).map(|t| t.name).collect();
    for name in config.rule_scopes.keys() {
        if !rule_names.contains(&name.as_str()) {
            warnings.push(format!("rule_scopes: unknown rule `{name}`"));
        }
    }
    sel.warnings = warnings;
    Ok(sel)
}

fn pick(
    kind: Kind,
    key: &str,
    wanted: Option<&[String]>,
    excluded: &[String],
    warnings: &mut Vec<String>,
) -> Result<Vec<Item>, CatalogError> {
    let known: Vec<&'static Template> = catalog::of_kind(kind).collect();
    for name in wanted.unwrap_or_default().iter().chain(excluded) {
        if !known.iter().any(|t| t.name == name) {
            warnings.push(format!("{key}: unknown name `{name}` (not deployed)"));
        }
    }
    let mut items = Vec::new();
    for template in known {
        let listed = wanted.is_none_or(|w| w.iter().any(|n| n == template.name));
        if listed && !excluded.iter().any(|n| n == template.name) {
            let (fm, body) = catalog::parse(template)?;
            items.push(Item { template, fm, body });
        }
    }
    Ok(items)
}
