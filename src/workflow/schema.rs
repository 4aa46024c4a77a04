//! The one place the document formats are written down (after PactKit's
//! `schemas.py`): where each document lives, its required headings, metadata fields and
//! statuses. The scaffold templates, the guard, spec-lint and `pactkit schema` all read
//! these constants, so a format changes here or nowhere.

use serde_json::Value as Json;

/// Where the specs live (one `<ID>.md` per work item).
pub const SPECS_DIR: &str = "docs/specs";
/// The sprint board.
pub const BOARD_FILE: &str = "docs/product/sprint_board.md";
/// Archived board blocks (`archive_YYYYMM.md`).
pub const ARCHIVE_DIR: &str = "docs/product/archive";
/// The session context.
pub const CONTEXT_FILE: &str = "docs/product/context.md";
/// The product requirements document.
pub const PRD_FILE: &str = "docs/product/prd.md";
/// Lessons learned.
pub const LESSONS_FILE: &str = "docs/architecture/governance/lessons.md";
/// Test case documents (`<ID>_case.md`).
pub const TEST_CASES_DIR: &str = "docs/test_cases";
/// Architecture graphs; its presence is an init marker.
pub const GRAPHS_DIR: &str = "docs/architecture/graphs";

/// The spec format.
pub mod spec {
    /// Metadata fields every spec carries, in table order.
    pub const REQUIRED_FIELDS: [&str; 4] = ["ID", "Status", "Priority", "Release"];
    /// Allowed `Status` values; the first is what a new spec starts with.
    pub const VALID_STATUSES: [&str; 3] = ["Draft", "In Progress", "Done"];
    /// Priority of a freshly scaffolded spec.
    pub const DEFAULT_PRIORITY: &str = "P1";
    /// Release of a freshly scaffolded spec (allowed while Draft; E008 once it leaves Draft).
    pub const DEFAULT_RELEASE: &str = "TBD";
    /// Sections a spec must have.
    pub const REQUIRED_SECTIONS: [&str; 3] = [
        "## Requirements",
        "## Acceptance Criteria",
        "## Security Scope",
    ];
    /// Sections a spec may have.
    pub const OPTIONAL_SECTIONS: [&str; 5] = [
        "## Background",
        "## Target Call Chain",
        "## Implementation Steps",
        "## Out of Scope",
        "## Non-Goals",
    ];
    /// RFC 2119 keywords a requirement should use.
    pub const RFC2119_KEYWORDS: [&str; 7] = [
        "MUST",
        "SHOULD",
        "MAY",
        "SHALL",
        "REQUIRED",
        "RECOMMENDED",
        "OPTIONAL",
    ];
    /// The Background placeholder of the template (W008 while present).
    pub const BACKGROUND_PLACEHOLDER: &str = "(Description of the problem or feature)";
    /// The Target Call Chain placeholder of the template (W008 while present).
    pub const CALL_CHAIN_PLACEHOLDER: &str = "(Trace call chain here)";
    /// Acceptance-criterion step keywords, as written in bold.
    pub const STEP_KEYWORDS: [&str; 3] = ["**Given**", "**When**", "**Then**"];
}

/// The sprint board format.
pub mod board {
    /// The title line.
    pub const TITLE: &str = "# Sprint Board";
    /// The three sections, in order.
    pub const SECTIONS: [&str; 3] = ["## 📋 Backlog", "## 🔄 In Progress", "## ✅ Done"];
    /// A story heading: `### [ID] Title`.
    pub const STORY_HEADING: &str = "### [{id}] {title}";
    /// The spec link line under a story heading.
    pub const SPEC_LINK: &str = "> Spec: docs/specs/{id}.md";
    /// An open and a done task.
    pub const TASK_MARKERS: [&str; 2] = ["- [ ] ", "- [x] "];

    /// The bytes of an empty board.
    pub fn empty() -> String {
        let [backlog, progress, done] = SECTIONS;
        format!("{TITLE}\n\n{backlog}\n\n\n{progress}\n\n\n{done}\n")
    }
}

/// The session context format.
pub mod context {
    /// The first line.
    pub const HEADER: &str = "# Project Context (Auto-generated)";
    /// The seven sections, in order.
    pub const SECTIONS: [&str; 7] = [
        "## Sprint Status",
        "## Current Stories",
        "## Recent Completions",
        "## Active Branches",
        "## Key Decisions",
        "## Next Recommended Action",
        "## Agent Continuation",
    ];
}

/// The lessons format.
pub mod lessons {
    /// The table header.
    pub const TABLE_HEADER: &str = "| Date | Lesson | Context |";
    /// The table separator.
    pub const TABLE_SEPARATOR: &str = "|------|--------|---------|";
    /// Rows kept before rotation to the archive.
    pub const MAX_ROWS: u64 = 50;
}

/// The test case format.
pub mod testcase {
    /// The title line.
    pub const TITLE: &str = "# Test Cases: {id} — {description}";
    /// What a scenario heading looks like.
    pub const SCENARIO_HEADING: &str = "## TC-<digits>: <name>";
    /// Keywords that must each appear in the file.
    pub const KEYWORDS: [&str; 3] = super::spec::STEP_KEYWORDS;
}

/// A document type `pactkit schema` describes (also its command-line value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaType {
    /// docs/specs/<ID>.md
    Spec,
    /// docs/product/sprint_board.md
    Board,
    /// docs/product/context.md
    Context,
    /// docs/architecture/governance/lessons.md
    Lessons,
    /// docs/test_cases/<ID>_case.md
    Testcase,
    /// pactkit.yaml: every key with its effective value, default and source
    Config,
}

impl SchemaType {
    /// Every type, in listing order.
    pub const ALL: [SchemaType; 6] = [
        SchemaType::Spec,
        SchemaType::Board,
        SchemaType::Context,
        SchemaType::Lessons,
        SchemaType::Testcase,
        SchemaType::Config,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SchemaType::Spec => "spec",
            SchemaType::Board => "board",
            SchemaType::Context => "context",
            SchemaType::Lessons => "lessons",
            SchemaType::Testcase => "testcase",
            SchemaType::Config => "config",
        }
    }

    /// One line saying what the document is.
    pub fn description(self) -> &'static str {
        match self {
            SchemaType::Spec => "Feature specification / bug report",
            SchemaType::Board => "Sprint board (docs/product/sprint_board.md)",
            SchemaType::Context => "Session context (docs/product/context.md)",
            SchemaType::Lessons => "Lessons learned (docs/architecture/governance/lessons.md)",
            SchemaType::Testcase => "Test cases (docs/test_cases/{ID}_case.md)",
            SchemaType::Config => "Project configuration (pactkit.yaml)",
        }
    }
}

/// A schema value: text, a list, a number, or nested text fields (config keys).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Text(String),
    /// A sequence of strings.
    List(Vec<String>),
    /// A count or limit.
    Number(u64),
    /// Named sub-fields, in order.
    Fields(Vec<(String, String)>),
}

impl Value {
    /// The value as JSON.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Text(text) => Json::from(text.as_str()),
            Value::List(items) => Json::from(items.clone()),
            Value::Number(n) => Json::from(*n),
            Value::Fields(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), Json::from(v.as_str())))
                    .collect(),
            ),
        }
    }
}

/// One described document type.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Which type.
    pub kind: SchemaType,
    /// `(key, value)` entries, in display order.
    pub entries: Vec<(String, Value)>,
}

fn text(key: &str, value: &str) -> (String, Value) {
    (key.to_owned(), Value::Text(value.to_owned()))
}

fn list(key: &str, items: &[&str]) -> (String, Value) {
    (
        key.to_owned(),
        Value::List(items.iter().map(|s| (*s).to_owned()).collect()),
    )
}

/// The schema of a document type; `None` for [`SchemaType::Config`], which depends on
/// the project (see [`config_schema`]).
pub fn document_schema(kind: SchemaType) -> Option<Schema> {
    let entries = match kind {
        SchemaType::Spec => vec![
            text("path", &format!("{SPECS_DIR}/{{ID}}.md")),
            text("title", "# {ID}: {Title}"),
            list("required_metadata", &spec::REQUIRED_FIELDS),
            list("required_sections", &spec::REQUIRED_SECTIONS),
            list("optional_sections", &spec::OPTIONAL_SECTIONS),
            list("valid_statuses", &spec::VALID_STATUSES),
            list("rfc2119_keywords", &spec::RFC2119_KEYWORDS),
        ],
        SchemaType::Board => vec![
            text("path", BOARD_FILE),
            text("title", board::TITLE),
            list("sections", &board::SECTIONS),
            text("story_heading", board::STORY_HEADING),
            text("spec_link", board::SPEC_LINK),
            list("task_markers", &board::TASK_MARKERS),
            text("archive_dir", ARCHIVE_DIR),
        ],
        SchemaType::Context => vec![
            text("path", CONTEXT_FILE),
            text("header", context::HEADER),
            list("required_sections", &context::SECTIONS),
        ],
        SchemaType::Lessons => vec![
            text("path", LESSONS_FILE),
            text("table_header", lessons::TABLE_HEADER),
            text("table_separator", lessons::TABLE_SEPARATOR),
            ("max_rows".to_owned(), Value::Number(lessons::MAX_ROWS)),
        ],
        SchemaType::Testcase => vec![
            text("path", &format!("{TEST_CASES_DIR}/{{ID}}_case.md")),
            text("title", testcase::TITLE),
            text("scenario_heading", testcase::SCENARIO_HEADING),
            list("required_keywords", &testcase::KEYWORDS),
        ],
        SchemaType::Config => return None,
    };
    Some(Schema { kind, entries })
}

/// The config schema: every leaf key of the effective configuration with its effective
/// value, its default (`(optional)` when there is none) and where it came from.
pub fn config_schema(
    effective: &crate::config::Provenance,
    defaults: &crate::config::Provenance,
    file: Option<&str>,
) -> Schema {
    let entries = effective
        .entries
        .iter()
        .map(|entry| {
            let default = defaults
                .entries
                .iter()
                .find(|d| d.key == entry.key)
                .map_or_else(|| "(optional)".to_owned(), |d| d.value.to_string());
            let source = match (entry.line, file) {
                (Some(line), Some(file)) => format!("{file}:{line}"),
                _ => "default".to_owned(),
            };
            let fields = vec![
                ("effective".to_owned(), entry.value.to_string()),
                ("default".to_owned(), default),
                ("source".to_owned(), source),
            ];
            (entry.key.clone(), Value::Fields(fields))
        })
        .collect();
    Schema {
        kind: SchemaType::Config,
        entries,
    }
}

/// PactKit's text layout of one schema: a ruled title, then `  key: value` lines.
pub fn render_text(schema: &Schema) -> String {
    let rule = "─".repeat(60);
    let mut out = format!(
        "\n{rule}\nSchema: {}  —  {}\n{rule}\n",
        schema.kind.name(),
        schema.kind.description()
    );
    for (key, value) in &schema.entries {
        match value {
            Value::Text(text) => out.push_str(&format!("  {key}: {}\n", python_repr(text))),
            Value::Number(n) => out.push_str(&format!("  {key}: {n}\n")),
            Value::List(items) => {
                out.push_str(&format!("  {key}:\n"));
                for item in items {
                    out.push_str(&format!("    - {item}\n"));
                }
            }
            Value::Fields(fields) => {
                out.push_str(&format!("  {key}:\n"));
                for (name, v) in fields {
                    out.push_str(&format!("    {name}: {v}\n"));
                }
            }
        }
    }
    out
}

/// A string as Python's `repr` prints it (PactKit's layout): single quotes unless the
/// text holds a single quote and no double quote. Control characters are not expected in
/// schema constants and are left as they are.
fn python_repr(text: &str) -> String {
    if text.contains('\'') && !text.contains('"') {
        return format!("\"{}\"", text.replace('\\', "\\\\"));
    }
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The JSON form of one schema: `{"type", "description", "fields": {key: value}}`.
pub fn to_json(schema: &Schema) -> Json {
    let fields: serde_json::Map<String, Json> = schema
        .entries
        .iter()
        .map(|(k, v)| (k.clone(), v.to_json()))
        .collect();
    serde_json::json!({
        "type": schema.kind.name(),
        "description": schema.kind.description(),
        "fields": fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_print_as_python_reprs() {
        assert_eq!(python_repr("a"), "'a'");
        assert_eq!(python_repr("it's"), "\"it's\"");
        assert_eq!(python_repr("'\""), "'\\'\"'");
        assert_eq!(python_repr("a\\b"), "'a\\\\b'");
    }

    #[test]
    fn empty_board_has_pactkit_bytes() {
        assert_eq!(
            board::empty(),
            "# Sprint Board\n\n## 📋 Backlog\n\n\n## 🔄 In Progress\n\n\n## ✅ Done\n"
        );
    }

    #[test]
    fn every_document_type_but_config_has_a_static_schema() {
        for kind in SchemaType::ALL {
            assert_eq!(
                document_schema(kind).is_some(),
                kind != SchemaType::Config,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn text_layout_lists_items_and_rules() {
        let schema = document_schema(SchemaType::Spec).expect("static");
        let out = render_text(&schema);
        assert!(out.starts_with("\n────"), "{out}");
        assert!(out.contains("Schema: spec  —  Feature specification / bug report\n"));
        assert!(out.contains("  required_sections:\n    - ## Requirements\n"));
        assert!(out.contains("  title: '# {ID}: {Title}'\n"), "{out}");
    }
}
