//! STUB of the template catalog (owned by the templates helper, branch `helper-templates`):
//! the contract's API with a few inline templates so the deployer compiles and its unit
//! tests run. Replaced wholesale by the real file on merge.

/// What a template is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `templates/agents/<name>.md`.
    Agent,
    /// `templates/commands/<name>.md`.
    Command,
    /// `templates/skills/<name>/SKILL.md`.
    Skill,
    /// `templates/rules/<name>.md`.
    Rule,
}

/// One registered template.
#[derive(Debug)]
pub struct Template {
    /// Kind.
    pub kind: Kind,
    /// Name.
    pub name: &'static str,
    /// Path relative to `templates/`.
    pub path: &'static str,
    /// Text.
    pub source: &'static str,
}

static ALL: &[Template] = &[
    Template {
        kind: Kind::Agent,
        name: "qa-engineer",
        path: "agents/qa-engineer.md",
        source: "---\nname: qa-engineer\ndescription: Verifies specs against tests: read-only.\ntools: [read, search, shell]\nread_only: true\nskills: [pactkit-review]\n---\nYou verify.\n",
    },
    Template {
        kind: Kind::Command,
        name: "project-plan",
        path: "commands/project-plan.md",
        source: "---\nname: project-plan\ndescription: \"Plan a story: spec, acceptance criteria, board\"\nargument_hint: \"[story]\"\nagent: qa-engineer\ntools: [read, search, edit, write, shell]\n---\nPlan $ARGUMENTS with `pactkit next-id`.\n",
    },
    Template {
        kind: Kind::Skill,
        name: "pactkit-review",
        path: "skills/pactkit-review/SKILL.md",
        source: "---\nname: pactkit-review\ndescription: Review a change.\n---\nReview it.\n",
    },
    Template {
        kind: Kind::Rule,
        name: "core",
        path: "rules/core.md",
        source: "---\nname: core\ndescription: The core rules.\norder: 1\n---\n# Core\n\nBe good.\n",
    },
];

/// Every template.
pub fn all() -> &'static [Template] {
    ALL
}

/// Templates of one kind.
pub fn of_kind(kind: Kind) -> impl Iterator<Item = &'static Template> {
    ALL.iter().filter(move |t| t.kind == kind)
}

/// Parsed frontmatter.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Frontmatter {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Abstract tools.
    pub tools: Vec<String>,
    /// Model.
    pub model: Option<String>,
    /// Skills.
    pub skills: Vec<String>,
    /// Read-only agent.
    pub read_only: bool,
    /// Argument hint.
    pub argument_hint: Option<String>,
    /// Agent.
    pub agent: Option<String>,
    /// Order.
    pub order: Option<u32>,
}

/// A template that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct CatalogError {
    /// Template path.
    pub path: &'static str,
    /// Why.
    pub message: String,
}

/// Splits and parses a template.
pub fn parse(t: &Template) -> Result<(Frontmatter, &'static str), CatalogError> {
    let err = |message: String| CatalogError {
        path: t.path,
        message,
    };
    let rest = t
        .source
        .strip_prefix("---\n")
        .ok_or_else(|| err("no frontmatter".into()))?;
    let end = rest
        .find("\n---\n")
        .ok_or_else(|| err("unclosed frontmatter".into()))?;
    let fm: Frontmatter =
        serde_yaml_ng::from_str(&rest[..end + 1]).map_err(|e| err(e.to_string()))?;
    Ok((fm, &rest[end + 5..]))
}
