//! spec-lint: PactKit's structural rules for specs, E000–E009 and
//! W001–W009, with PactKit's conditions, messages, order and line numbers. [`lint`] is
//! pure (bytes in, diagnostics out); [`lint_files`] reads many files in parallel. Nothing
//! here prints: the layouts belong to `cli::spec_lint`.
//!
//! Order contract: all errors come before all warnings, and each group is in check order
//! (metadata, Requirements, Acceptance Criteria, recommended sections, Implementation
//! Steps, requirement coverage, Security Scope), as PactKit appends them.

use super::spec::{
    self, AC_ID, AC_SUBSECTION, Outline, PIPE_TABLE_ROW, REQ_ID, REQ_SUBSECTION, RFC2119, SEC_ROW,
    SectionName, SpecDoc, TextRegex, section_text,
};
use regex::Regex;
use serde::Serialize;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

// The format constants live in `workflow::schema`, shared with the scaffold templates:
// required metadata fields (in the order E002 reports them), allowed statuses (W006) and
// the template placeholders (W008).
use super::schema::spec::{BACKGROUND_PLACEHOLDER, CALL_CHAIN_PLACEHOLDER};
pub use super::schema::spec::{REQUIRED_FIELDS, VALID_STATUSES};

// PactKit lower-cases the subsection and searches `\b<kw>\b`; a case-insensitive search
// finds the same words without allocating.
static GIVEN: TextRegex = TextRegex::new(r"(?i)\bgiven\b");
static WHEN: TextRegex = TextRegex::new(r"(?i)\bwhen\b");
static THEN: TextRegex = TextRegex::new(r"(?i)\bthen\b");
// Every whole-word `R<n>` in the AC text. `\bR1\b` matches exactly where this finds the
// token `R1`: `\d+` is greedy and must end at a boundary, so a token is R plus its whole
// digit run. One scan replaces PactKit's per-requirement `\b<Rn>\b` (case-insensitive).
static REQ_REF: TextRegex = TextRegex::new(r"(?i)\bR\d+\b");

/// How bad a diagnostic is: errors fail the spec, warnings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// `[ERROR]`
    Error,
    /// `[WARN]`
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Rule id, `E000`–`E009`, `W001`–`W009`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// PactKit's message text.
    pub message: String,
    /// 1-based line, for the rules that report one (W009, E000 on undecodable bytes).
    pub line: Option<u32>,
}

/// The findings for one spec: errors first, then warnings, each in check order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LintResult {
    /// Diagnostics in output order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LintResult {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// PASS: no errors.
    pub fn passed(&self) -> bool {
        self.errors() == 0
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    fn single_error(rule: &'static str, message: String, line: Option<u32>) -> Self {
        LintResult {
            diagnostics: vec![Diagnostic {
                rule,
                severity: Severity::Error,
                message,
                line,
            }],
        }
    }

    /// E000 for a path that does not exist (PactKit's only read failure it reports).
    pub fn not_found(path_display: &str) -> Self {
        Self::single_error("E000", format!("File not found: {path_display}"), None)
    }

    /// E000 for any other read failure (PactKit crashes with a traceback instead).
    pub fn unreadable(path_display: &str, err: &std::io::Error) -> Self {
        Self::single_error("E000", format!("Cannot read {path_display}: {err}"), None)
    }
}

/// Which rules run beyond PactKit's E000–E009 / W001–W009 (`gates.spec.rules`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleSet {
    /// PactKit 4's W010 (a Technical Design without Lateral Scan Results), W011 (the
    /// Dependency Surface section and its fields) and E010 (a `Depends on` id without a spec).
    pub pactkit4: bool,
}

/// What the PactKit 4 rules need to know beyond the spec: where its siblings are.
pub struct Siblings<'a> {
    /// The specs directory as messages name it (`docs/specs`).
    pub dir: &'a str,
    /// Whether `<dir>/<id>.md` exists.
    pub exists: &'a dyn Fn(&str) -> bool,
}

/// Lints the bytes of one spec. Bytes that are not UTF-8 give a single E000 naming the
/// file and the line of the first bad byte.
pub fn lint(path_display: &str, bytes: &[u8]) -> LintResult {
    lint_with(path_display, bytes, RuleSet::default(), None)
}

/// [`lint`] with a rule set; `siblings` is needed for E010 (without it E010 is not judged).
pub fn lint_with(
    path_display: &str,
    bytes: &[u8],
    rules: RuleSet,
    siblings: Option<&Siblings<'_>>,
) -> LintResult {
    match SpecDoc::from_bytes(bytes) {
        Ok(doc) => lint_doc_with(&doc, rules, siblings),
        Err(err) => LintResult::single_error(
            "E000",
            format!(
                "Cannot decode {path_display}: invalid UTF-8 at byte {}",
                err.offset
            ),
            Some(err.line),
        ),
    }
}

/// Files per worker below which another thread costs more than it saves.
const FILES_PER_WORKER: usize = 8;

/// A spec file to lint: where to read it and how messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The path as the user gave it (printed, and used in E000 messages).
    pub display: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Reads and lints one file; read failures become E000. E010 looks for sibling specs in
/// the file's own directory, as PactKit does.
pub fn lint_file(file: &SpecFile, rules: RuleSet) -> LintResult {
    match crate::infra::readlimit::read_file(&file.path, crate::infra::readlimit::DOCUMENT) {
        Ok(bytes) => {
            let dir = file
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let shown = Path::new(&file.display)
                .parent()
                .map(|p| p.display().to_string())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| ".".to_owned());
            let exists = |id: &str| dir.join(format!("{id}.md")).is_file();
            let siblings = Siblings {
                dir: &shown,
                exists: &exists,
            };
            lint_with(&file.display, &bytes, rules, Some(&siblings))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            LintResult::not_found(&file.display)
        }
        Err(err) => LintResult::unreadable(&file.display, &err),
    }
}

/// Lints independent files on up to `available_parallelism` threads (contiguous chunks);
/// results are in input order.
pub fn lint_files(files: &[SpecFile], rules: RuleSet) -> Vec<LintResult> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let workers = cores.min(files.len().div_ceil(FILES_PER_WORKER)).max(1);
    if workers == 1 {
        return files.iter().map(|f| lint_file(f, rules)).collect();
    }
    let chunk = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().map(|f| lint_file(f, rules)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Lints a decoded spec.
pub fn lint_doc(doc: &SpecDoc<'_>) -> LintResult {
    lint_doc_with(doc, RuleSet::default(), None)
}

/// Lints a decoded spec with a rule set, in PactKit 4's order of checks.
pub fn lint_doc_with(
    doc: &SpecDoc<'_>,
    rules: RuleSet,
    siblings: Option<&Siblings<'_>>,
) -> LintResult {
    let mut out = Collector::default();
    let outline = Outline::new(doc.stripped());
    check_metadata(doc.stripped(), &mut out);
    check_requirements(&outline, &mut out);
    check_acceptance_criteria(doc, &outline, &mut out);
    check_recommended_sections(&outline, &mut out);
    check_implementation_steps(&outline, &mut out);
    check_requirement_coverage(&outline, &mut out);
    check_security_scope(&outline, &mut out);
    if rules.pactkit4 {
        check_lateral_scan(&outline, &mut out);
        check_dependency_surface(&outline, siblings, &mut out);
    }
    out.finish()
}

/// W010: a Technical Design section without a `### Lateral Scan Results` anywhere.
fn check_lateral_scan(outline: &Outline<'_>, out: &mut Collector) {
    if outline.section(SectionName::TechnicalDesign).is_some()
        && !outline.text().contains("### Lateral Scan Results")
    {
        out.warn(
            "W010",
            "## Technical Design exists but missing '### Lateral Scan Results' subsection",
            None,
        );
    }
}

/// The fields PactKit 4 requires in the Dependency Surface table.
const DEPENDENCY_FIELDS: [&str; 4] = ["Depends on", "Provides", "Touches", "Conflict risk"];

/// PactKit's metadata row: `| key | value |`.
static TABLE_ROW: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern, exercised by the unit tests.
    Regex::new(r"(?m)^\|\s*(\w[\w\s]*\w|\w)\s*\|\s*(.+?)\s*\|").expect("valid built-in regex")
});

/// W011: the Dependency Surface section and its four fields; E010: every id its
/// `Depends on` names has a spec.
fn check_dependency_surface(
    outline: &Outline<'_>,
    siblings: Option<&Siblings<'_>>,
    out: &mut Collector,
) {
    let Some(body) = outline.section(SectionName::DependencySurface) else {
        out.warn(
            "W011",
            "Missing '## Dependency Surface' section (recommended for parallel scheduling)",
            None,
        );
        return;
    };
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for caps in TABLE_ROW.captures_iter(body) {
        let (Some(key), Some(value)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let key = key.as_str().trim();
        if key.eq_ignore_ascii_case("field") || key.chars().all(|c| c == '-') {
            continue;
        }
        fields.push((key, value.as_str().trim()));
    }
    let missing: Vec<&str> = DEPENDENCY_FIELDS
        .into_iter()
        .filter(|f| !fields.iter().any(|(k, _)| k == f))
        .collect();
    if !missing.is_empty() {
        out.warn(
            "W011",
            format!(
                "Dependency Surface missing field(s): {}",
                missing.join(", ")
            ),
            None,
        );
        return;
    }
    let depends = fields
        .iter()
        .rev()
        .find(|(k, _)| *k == "Depends on")
        .map_or("", |(_, v)| *v);
    let Some(siblings) = siblings.filter(|_| !depends.eq_ignore_ascii_case("none")) else {
        return;
    };
    let mut ids = crate::workflow::ids::find_ids(depends);
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        if !(siblings.exists)(id) {
            out.error(
                "E010",
                format!(
                    "Depends on references '{id}' but no such spec exists in {}",
                    siblings.dir
                ),
            );
        }
    }
}

#[derive(Default)]
struct Collector {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Collector {
    fn error(&mut self, rule: &'static str, message: impl Into<String>) {
        self.errors.push(Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            line: None,
        });
    }

    fn warn(&mut self, rule: &'static str, message: impl Into<String>, line: Option<u32>) {
        self.warnings.push(Diagnostic {
            rule,
            severity: Severity::Warning,
            message: message.into(),
            line,
        });
    }

    fn finish(mut self) -> LintResult {
        self.errors.append(&mut self.warnings);
        LintResult {
            diagnostics: self.errors,
        }
    }
}

/// A required section's text; when absent, W009 if it exists at another heading level.
fn required_section<'t>(
    outline: &Outline<'t>,
    name: SectionName,
    out: &mut Collector,
) -> Option<&'t str> {
    let found = outline.section(name);
    if found.is_none()
        && let Some(wrong) = spec::wrong_heading_level(outline.text(), name)
    {
        let message = format!(
            "Section '{}' found at wrong heading level ({} instead of ##)",
            name.title(),
            "#".repeat(wrong.hashes)
        );
        out.warn("W009", message, Some(wrong.line));
    }
    found
}

/// E001, E002, E008 (not while the Status is Draft), W006.
fn check_metadata(text: &str, out: &mut Collector) {
    let Some(meta) = spec::metadata(text) else {
        out.error(
            "E001",
            "Missing metadata table (| Field | Value | header not found)",
        );
        return;
    };
    for field in REQUIRED_FIELDS {
        if meta.get(field).is_none_or(str::is_empty) {
            out.error(
                "E002",
                format!("Missing or empty required metadata field: {field}"),
            );
        }
    }
    // A Draft is still being planned: its release is decided before it leaves Draft (the
    // message says "before Act"), so a freshly scaffolded spec can be committed.
    let draft = meta
        .get("Status")
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("draft"));
    if !draft
        && meta
            .get("Release")
            .is_some_and(|r| r.to_uppercase() == "TBD")
    {
        out.error(
            "E008",
            "Release field is 'TBD' — must be a concrete version before Act",
        );
    }
    let status = meta.get("Status").unwrap_or("");
    if !status.is_empty() && !VALID_STATUSES.contains(&status) {
        out.warn(
            "W006",
            format!(
                "Status value '{status}' not in allowed set: {}",
                VALID_STATUSES.join(", ")
            ),
            None,
        );
    }
}

/// E003, E004, W003 (and W009 for the heading).
fn check_requirements(outline: &Outline<'_>, out: &mut Collector) {
    let Some(body) = required_section(outline, SectionName::Requirements, out) else {
        out.error("E003", "Missing '## Requirements' section");
        return;
    };
    if !REQ_SUBSECTION.for_text(body).is_match(body) {
        out.error(
            "E004",
            "Requirements section has no '### R{N}:' subsections",
        );
    }
    if !RFC2119.for_text(body).is_match(body) {
        out.warn(
            "W003",
            "No RFC 2119 keywords (MUST/SHOULD/MAY) found in Requirements",
            None,
        );
    }
}

/// E005, E006, E007 (and W009 for the heading). Subsections are found in the stripped
/// text; their Given/When/Then are searched in the raw text (Gherkin in fences counts),
/// pairing the i-th stripped heading with the i-th raw heading as PactKit does.
fn check_acceptance_criteria(doc: &SpecDoc<'_>, outline: &Outline<'_>, out: &mut Collector) {
    let name = SectionName::AcceptanceCriteria;
    let Some(body) = required_section(outline, name, out) else {
        out.error("E005", "Missing '## Acceptance Criteria' section");
        return;
    };
    let headings: Vec<regex::Match<'_>> = AC_SUBSECTION.for_text(body).find_iter(body).collect();
    if headings.is_empty() {
        out.error(
            "E006",
            "Acceptance Criteria has no '### AC{N}:' or '### Scenario {N}:' subsections",
        );
        return;
    }
    let raw_body = if doc.has_code_blocks() {
        section_text(doc.raw(), name).unwrap_or(body)
    } else {
        body
    };
    let raw_headings: Vec<regex::Match<'_>> = AC_SUBSECTION
        .for_text(raw_body)
        .find_iter(raw_body)
        .collect();
    for (i, heading) in headings.iter().enumerate() {
        let subsection = match raw_headings.get(i) {
            Some(raw) => {
                &raw_body[raw.end()
                    ..raw_headings
                        .get(i + 1)
                        .map_or(raw_body.len(), |n| n.start())]
            }
            None => &body[heading.end()..headings.get(i + 1).map_or(body.len(), |n| n.start())],
        };
        let missing: Vec<&str> = [("GIVEN", &GIVEN), ("WHEN", &WHEN), ("THEN", &THEN)]
            .into_iter()
            .filter(|(_, re)| !re.for_text(subsection).is_match(subsection))
            .map(|(word, _)| word)
            .collect();
        if !missing.is_empty() {
            let title = heading.as_str().trim();
            let id = AC_ID
                .for_text(title)
                .find(title)
                .map_or(title, |m| m.as_str());
            out.error(
                "E007",
                format!("{id} missing keyword(s): {}", missing.join(", ")),
            );
        }
    }
}

/// W001, W002, W004, and W008 for the scaffold placeholders.
fn check_recommended_sections(outline: &Outline<'_>, out: &mut Collector) {
    let recommended = [
        (SectionName::Background, "W001", BACKGROUND_PLACEHOLDER),
        (SectionName::TargetCallChain, "W002", CALL_CHAIN_PLACEHOLDER),
    ];
    for (name, missing_rule, placeholder) in recommended {
        let title = name.title();
        match outline.section(name) {
            None => out.warn(
                missing_rule,
                format!("Missing '## {title}' section (recommended)"),
                None,
            ),
            Some(body) if body.contains(placeholder) => out.warn(
                "W008",
                format!("## {title} still contains scaffold placeholder text"),
                None,
            ),
            Some(_) => {}
        }
    }
    let scoped = outline.range(SectionName::OutOfScope).is_some()
        || outline.range(SectionName::NonGoals).is_some();
    if !scoped {
        out.warn(
            "W004",
            "Missing '## Out of Scope' or '## Non-Goals' section (recommended)",
            None,
        );
    }
}

/// W005: an Implementation Steps section without a pipe table.
fn check_implementation_steps(outline: &Outline<'_>, out: &mut Collector) {
    if outline
        .section(SectionName::ImplementationSteps)
        .is_some_and(|body| !PIPE_TABLE_ROW.for_text(body).is_match(body))
    {
        out.warn(
            "W005",
            "## Implementation Steps exists but has no pipe table \
             (expected columns: Step, File, Action, Dependencies, Risk)",
            None,
        );
    }
}

/// W007: every requirement id is referenced (whole word, any case) in the AC section.
fn check_requirement_coverage(outline: &Outline<'_>, out: &mut Collector) {
    let (Some(requirements), Some(criteria)) = (
        outline.section(SectionName::Requirements),
        outline.section(SectionName::AcceptanceCriteria),
    ) else {
        return;
    };
    let referenced: Vec<&str> = REQ_REF
        .for_text(criteria)
        .find_iter(criteria)
        .map(|m| &m.as_str()[1..])
        .collect();
    for (id, body) in requirement_bodies(requirements) {
        // `id` is `R` + digits; a reference matches when its digits are the same.
        if referenced.contains(&&id[1..]) {
            continue;
        }
        let emphasis = RFC2119
            .for_text(body)
            .find(body)
            .map_or(String::new(), |m| format!(" ({})", m.as_str()));
        out.warn(
            "W007",
            format!("Requirement {id} has no corresponding AC reference{emphasis}"),
            None,
        );
    }
}

/// `(id, body)` per `### R<n>` heading, in first-appearance order; a repeated id keeps its
/// first position but takes the last body (PactKit fills a dict).
fn requirement_bodies(section: &str) -> Vec<(&str, &str)> {
    let spans: Vec<(&str, usize, usize)> = REQ_ID
        .for_text(section)
        .captures_iter(section)
        .filter_map(|c| {
            let whole = c.get(0)?;
            Some((c.get(1)?.as_str(), whole.start(), whole.end()))
        })
        .collect();
    let mut out: Vec<(&str, &str)> = Vec::with_capacity(spans.len());
    for (i, &(id, _, body_start)) in spans.iter().enumerate() {
        let body_end = spans.get(i + 1).map_or(section.len(), |next| next.1);
        let body = &section[body_start..body_end];
        match out.iter_mut().find(|(seen, _)| *seen == id) {
            Some(entry) => entry.1 = body,
            None => out.push((id, body)),
        }
    }
    out
}

/// E009: a Security Scope section with at least one `| SEC-` entry (and W009).
fn check_security_scope(outline: &Outline<'_>, out: &mut Collector) {
    match required_section(outline, SectionName::SecurityScope, out) {
        None => out.error("E009", "Missing '## Security Scope' section"),
        Some(body) if !SEC_ROW.for_text(body).is_match(body) => {
            out.error("E009", "Security Scope section has no SEC-* entries");
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod pactkit4_tests;
