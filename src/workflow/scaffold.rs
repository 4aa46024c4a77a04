//! New project files from templates (PactKit's `scaffold.py`): specs, test
//! cases, e2e tests, skills, the PRD and the empty board, plus the work-item branch. The
//! templates are pure functions of their inputs and take every heading, field and status
//! from `workflow::schema`; [`write_new`] is the one way they reach the disk and never
//! overwrites.
//!
//! Deliberate differences from PactKit:
//! * `branch` keeps the id's case (`feature/STORY-alice-003`; PactKit upper-cases the
//!   whole id, `feature/STORY-ALICE-003`);
//! * `testcase` writes `docs/test_cases/<ID>_case.md` in the test-case format, one `## TC-nn`
//!   per acceptance criterion of the spec (PactKit's `create_test_file` writes a
//!   `tests/unit/test_<src>` stub instead);
//! * `e2e` writes a test for the project's stack (python, node, go or java) that fails
//!   until it is written; PactKit always writes a Python test asserting `True`;
//! * a skill goes into the project's `.claude/skills/<name>/` unless asked for the global
//!   one; PactKit always writes `~/.claude/skills`.

use super::schema::{self, board, spec, testcase};
use super::spec::{SpecDoc, parse};
use super::text::write_bytes;
use crate::config::Stack;
use crate::infra::error::Error;
use crate::workflow::ids::{WorkItemId, WorkItemKind};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` unless something already exists there (`shown` names it in
/// the error, exit 1). Parent directories are created; the write is atomic.
pub fn write_new(path: &Path, shown: &str, bytes: &[u8]) -> Result<(), Error> {
    refuse_existing(path, shown)?;
    write_bytes(path, bytes)
}

/// Exit 1 when `path` exists (file, directory or dangling symlink).
pub fn refuse_existing(path: &Path, shown: &str) -> Result<(), Error> {
    if path.symlink_metadata().is_ok() {
        return Err(
            Error::blocked(format!("{shown} already exists; not overwriting it"))
                .hint("remove or rename it first if you want a fresh one"),
        );
    }
    Ok(())
}

/// Titles and scenarios are one line in every template.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the spec of `id` lives, relative to the project root.
pub fn spec_path(id: &WorkItemId) -> String {
    format!("{}/{id}.md", schema::SPECS_DIR)
}

/// The spec template. A fresh spec passes spec-lint with the two W008 placeholder
/// warnings (PactKit's also fails E008 on Release TBD; pactkit allows TBD while Draft).
pub fn spec_document(id: &WorkItemId, title: &str) -> String {
    let [f_id, f_status, f_priority, f_release] = spec::REQUIRED_FIELDS;
    let [requirements, acceptance, security] = spec::REQUIRED_SECTIONS;
    let [background, call_chain, steps, out_of_scope, _non_goals] = spec::OPTIONAL_SECTIONS;
    let [given, when, then] = spec::STEP_KEYWORDS;
    let status = spec::VALID_STATUSES[0];
    let (priority, release) = (spec::DEFAULT_PRIORITY, spec::DEFAULT_RELEASE);
    let (bg_placeholder, chain_placeholder) =
        (spec::BACKGROUND_PLACEHOLDER, spec::CALL_CHAIN_PLACEHOLDER);
    let title = one_line(title);
    format!(
        "# {id}: {title}

| Field | Value |
|-------|-------|
| {f_id} | {id} |
| {f_status} | {status} |
| {f_priority} | {priority} |
| {f_release} | {release} |

{background}
{bg_placeholder}

{requirements}
### R1: (Requirement Name) (MUST)
(Description)

{acceptance}
### AC1: (Scenario Name) (R1)
- {given} (precondition)
- {when} (action)
- {then} (expected result)

{call_chain}
{chain_placeholder}

{steps}
| Step | File | Action | Dependencies | Risk |
|------|------|--------|-------------|------|
| 1 | `src/example.py` | (Description) | None | Low |

{security}
| Check | Applicable | Reason |
|-------|------------|--------|
| SEC-1 | N/A | (Reason) |

{out_of_scope}
- (Items explicitly excluded)
"
    )
}

/// The empty sprint board.
pub fn board_document() -> String {
    board::empty()
}

/// Where the test cases of `id` live, relative to the project root.
pub fn testcase_path(id: &WorkItemId) -> String {
    format!("{}/{id}_case.md", schema::TEST_CASES_DIR)
}

/// One acceptance criterion of a spec, as a test case needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// `AC1` as written.
    pub id: String,
    /// The heading text after the id, without its `(R1)` reference.
    pub name: String,
    /// The Given / When / Then / And bullet lines, trimmed.
    pub steps: Vec<String>,
}

/// The spec's title text and acceptance criteria; both empty for a spec without them.
pub fn spec_criteria(spec_text: &str) -> (Option<String>, Vec<Criterion>) {
    let doc = SpecDoc::from_text(Cow::Borrowed(spec_text));
    let parsed = parse(&doc);
    let lines: Vec<&str> = doc.stripped().lines().collect();
    let criteria = parsed
        .acceptance_criteria
        .iter()
        .map(|ac| criterion(&lines, ac.id, ac.line as usize))
        .collect();
    let title = parsed
        .title
        .map(|t| t.text.trim().to_owned())
        .filter(|t| !t.is_empty());
    (title, criteria)
}

/// Reads the criterion whose heading is on 1-based `line`.
fn criterion(lines: &[&str], id: &str, line: usize) -> Criterion {
    let heading = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
    let after_id = heading
        .find(id)
        .map_or(heading, |at| &heading[at + id.len()..]);
    let name = strip_requirement_ref(after_id.trim_start_matches([':', ' ', '\t']).trim());
    let steps = lines
        .iter()
        .skip(line)
        .take_while(|l| !l.starts_with("## ") && !l.starts_with("### "))
        .map(|l| l.trim())
        .filter(|l| is_step(l))
        .map(str::to_owned)
        .collect();
    Criterion {
        id: id.to_owned(),
        name: name.to_owned(),
        steps,
    }
}

fn strip_requirement_ref(name: &str) -> &str {
    match name.rfind(" (R") {
        Some(at) if name.ends_with(')') => name[..at].trim_end(),
        _ => name,
    }
}

fn is_step(line: &str) -> bool {
    spec::STEP_KEYWORDS
        .iter()
        .chain(std::iter::once(&"**And**"))
        .any(|kw| line.contains(kw))
}

/// The test case document: one `## TC-nn` per criterion (a placeholder scenario
/// when there are none), each with its steps and placeholders for missing keywords.
pub fn testcase_document(id: &WorkItemId, title: Option<&str>, criteria: &[Criterion]) -> String {
    let description = title.map_or_else(|| "(Description)".to_owned(), one_line);
    let mut out = testcase::TITLE
        .replace("{id}", &id.to_string())
        .replace("{description}", &description);
    out.push('\n');
    if criteria.is_empty() {
        push_scenario(&mut out, 1, "(Scenario Name)", &[]);
    }
    for (n, ac) in criteria.iter().enumerate() {
        let name = if ac.name.is_empty() {
            ac.id.clone()
        } else {
            format!("{} ({})", ac.name, ac.id)
        };
        push_scenario(&mut out, n + 1, &name, &ac.steps);
    }
    out
}

fn push_scenario(out: &mut String, n: usize, name: &str, steps: &[String]) {
    out.push_str(&format!("\n## TC-{n:02}: {name}\n"));
    let keywords = testcase::KEYWORDS;
    let placeholders = ["(precondition)", "(action)", "(expected result)"];
    let present = keywords.map(|kw| steps.iter().any(|s| s.contains(kw)));
    // A missing keyword's placeholder goes right before the first step of a later keyword,
    // so the scenario still reads Given → When → Then.
    let mut next = 0;
    let catch_up = |out: &mut String, upto: usize, next: &mut usize| {
        while *next < upto {
            if !present[*next] {
                out.push_str(&format!("- {} {}\n", keywords[*next], placeholders[*next]));
            }
            *next += 1;
        }
    };
    for step in steps {
        if let Some(k) = keywords.iter().position(|kw| step.contains(kw)) {
            catch_up(out, k, &mut next);
        }
        out.push_str(step);
        out.push('\n');
    }
    catch_up(out, keywords.len(), &mut next);
}

/// A project stack the e2e template knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum E2eStack {
    /// pytest.
    Python,
    /// Jest / Vitest style `*.test.js`.
    Node,
    /// `go test`.
    Go,
    /// JUnit 5.
    Java,
}

impl E2eStack {
    fn from_name(name: &str) -> Option<E2eStack> {
        match name.trim() {
            "python" => Some(E2eStack::Python),
            "node" => Some(E2eStack::Node),
            "go" => Some(E2eStack::Go),
            "java" => Some(E2eStack::Java),
            _ => None,
        }
    }
}

impl E2eStack {
    fn from_lang(lang: crate::stack::Lang) -> Option<E2eStack> {
        use crate::stack::Lang;
        match lang {
            Lang::Python => Some(E2eStack::Python),
            Lang::Node => Some(E2eStack::Node),
            Lang::Go => Some(E2eStack::Go),
            Lang::Java => Some(E2eStack::Java),
            Lang::Rust => None,
        }
    }
}

/// The configured stack (its first entry), else the first marker file in the root (in
/// [`crate::stack::MARKERS`] order, the one stack detector), else python.
pub fn detect_stack(root: &Path, configured: &Stack) -> E2eStack {
    let named = match configured {
        Stack::One(one) => Some(one.as_str()),
        Stack::Many(many) => many.first().map(String::as_str),
    };
    named
        .and_then(E2eStack::from_name)
        .or_else(|| {
            crate::stack::MARKERS
                .iter()
                .filter(|(marker, _)| root.join(marker).is_file())
                .find_map(|(_, lang)| E2eStack::from_lang(*lang))
        })
        .unwrap_or(E2eStack::Python)
}

/// PactKit's slug: lower case, every character outside `[a-z0-9]` becomes `_`.
fn slug(scenario: &str) -> String {
    scenario
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The e2e test for a scenario: its path relative to the root and its content. The test
/// fails until someone writes it.
pub fn e2e_test(id: &WorkItemId, scenario: &str, stack: E2eStack) -> (String, String) {
    let slug = slug(scenario);
    let ident = format!("{}_{slug}", id.to_string().replace('-', "_"));
    let scenario = one_line(scenario);
    match stack {
        E2eStack::Python => (
            format!("tests/e2e/test_{id}_{slug}.py"),
            format!(
                "\"\"\"E2E {id}.\"\"\"\n\n# Scenario: {scenario}\n\nimport pytest\n\n\n\
                 def test_e2e():\n    pytest.fail(\"E2E {id} not written yet\")\n"
            ),
        ),
        E2eStack::Node => (
            format!("tests/e2e/{id}_{slug}.test.js"),
            format!(
                "// E2E {id}\n// Scenario: {scenario}\n\n\
                 test(\"{id} e2e\", () => {{\n  throw new Error(\"E2E {id} not written yet\");\n}});\n"
            ),
        ),
        E2eStack::Go => (
            format!("tests/e2e/{}_test.go", ident.to_lowercase()),
            format!(
                "// E2E {id}\n// Scenario: {scenario}\npackage e2e\n\nimport \"testing\"\n\n\
                 func TestE2E_{ident}(t *testing.T) {{\n\tt.Fatal(\"E2E {id} not written yet\")\n}}\n"
            ),
        ),
        E2eStack::Java => (
            format!("src/test/java/e2e/E2e_{ident}.java"),
            format!(
                "// E2E {id}\n// Scenario: {scenario}\npackage e2e;\n\n\
                 import static org.junit.jupiter.api.Assertions.fail;\n\n\
                 import org.junit.jupiter.api.Test;\n\nclass E2e_{ident} {{\n    @Test\n    \
                 void e2e() {{\n        fail(\"E2E {id} not written yet\");\n    }}\n}}\n"
            ),
        ),
    }
}

/// The branch of a work item: `feature/<ID>` for stories, `fix/<ID>` for bugs and
/// hotfixes. The id keeps its case (PactKit upper-cases it).
pub fn branch_name(id: &WorkItemId) -> String {
    let kind = match id.kind {
        WorkItemKind::Story => "feature",
        WorkItemKind::Bug | WorkItemKind::Hotfix => "fix",
    };
    format!("{kind}/{id}")
}

/// `git checkout -b <branch>` in `root`; git's stderr is the cause on failure (exit 1).
pub fn create_branch(root: &Path, branch: &str) -> Result<(), Error> {
    let output = crate::git::git_command()
        .args(["checkout", "-b", branch])
        .current_dir(root)
        .output()
        .map_err(|err| Error::environment("cannot run git").caused_by(err))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut error = Error::blocked(format!("cannot create branch {branch}"));
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        error = error.caused_by(line.trim());
    }
    Err(error)
}

/// Whether `name` is a valid skill name: `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`.
pub fn is_valid_skill_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The files of a new skill, relative to its directory. `shown_dir` is how SKILL.md
/// names the directory in its command line (`.claude/skills/<name>`).
pub fn skill_files(name: &str, description: &str, shown_dir: &str) -> Vec<(PathBuf, String)> {
    let script = name.replace('-', "_");
    let title = title_case(name);
    let skill_md = format!(
        "---\nname: {name}\ndescription: \"{}\"\n---\n\n# {title}\n\n{}\n\n\
         ## Prerequisites\n- Python 3.10+\n\n\
         ## Command Reference\n```bash\npython3 {shown_dir}/scripts/{script}.py [subcommand] [args]\n```\n\n\
         ## Usage Scenarios\n- (When to use this skill)\n",
        yaml_escape(description),
        one_line(description)
    );
    let script_py = format!(
        "#!/usr/bin/env python3\n\"\"\"{title}: the script of the {name} skill.\"\"\"\n\n\
         import argparse\n\n\ndef main() -> int:\n    \
         parser = argparse.ArgumentParser(prog=\"{script}.py\")\n    \
         parser.add_subparsers(dest=\"command\")\n    args = parser.parse_args()\n    \
         if args.command is None:\n        parser.print_help()\n    return 0\n\n\n\
         if __name__ == \"__main__\":\n    raise SystemExit(main())\n"
    );
    vec![
        (PathBuf::from("SKILL.md"), skill_md),
        (PathBuf::from(format!("scripts/{script}.py")), script_py),
        (PathBuf::from("references/.gitkeep"), String::new()),
    ]
}

/// `my-skill` → `My Skill`.
fn title_case(name: &str) -> String {
    name.split('-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body of a YAML double-quoted scalar.
fn yaml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The PRD template for `product`, dated `date` (`YYYY-MM-DD`).
pub fn prd_document(product: &str, date: &str) -> String {
    let product = one_line(product);
    let epic_table = "| Story | Impact | Effort | Priority | Horizon |\n\
                      |-------|--------|--------|----------|---------|\n\
                      | (Story) | High | M | P1 | Now |\n";
    format!(
        "# Product Requirements Document: {product}\n\n\
         - **Version**: 1.0\n- **Date**: {date}\n\n---\n\n\
         ## 1. Product Overview\n\n### Vision\n(One sentence)\n\n\
         ### Problem Statement\n(What hurts today)\n\n### Target Users\n(Who)\n\n---\n\n\
         ## 2. User Personas\n\n- (Persona): (goal)\n\n---\n\n\
         ## 3. Feature Breakdown\n\n### Epic 1: (Name)\n{epic_table}\n---\n\n\
         ## 4. Architecture Design\n\n```mermaid\ngraph TD\n    User --> System\n```\n\n---\n\n\
         ## 5. Page/Screen Design\n\n(Screens)\n\n---\n\n\
         ## 6. API Design\n\n(Endpoints)\n\n---\n\n\
         ## 7. Non-Functional Requirements\n\n(Performance, security, availability)\n\n---\n\n\
         ## 8. Success Metrics\n\n(Measurable outcomes)\n\n---\n\n\
         ## 9. MVP Roadmap\n\n- **Now**: (stories)\n- **Next**: (stories)\n- **Later**: (stories)\n\n---\n\n\
         ## 10. Story Dependency Graph\n\n```mermaid\ngraph LR\n    A --> B\n```\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> WorkItemId {
        WorkItemId::parse(text).expect("valid id")
    }

    #[test]
    fn branch_keeps_the_id_case() {
        assert_eq!(
            branch_name(&id("STORY-alice-003")),
            "feature/STORY-alice-003"
        );
        assert_eq!(branch_name(&id("HOTFIX-007")), "fix/HOTFIX-007");
        assert_eq!(branch_name(&id("BUG-bob-01-002")), "fix/BUG-bob-01-002");
    }

    #[test]
    fn skill_names_follow_pactkit() {
        for good in ["a", "my-skill", "x1-2b", "abc9"] {
            assert!(is_valid_skill_name(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a--b", "My", "1a", "a_b", "a b", "é"] {
            assert!(!is_valid_skill_name(bad), "{bad}");
        }
    }

    #[test]
    fn skill_description_is_yaml_quoted() {
        let files = skill_files("my-skill", "say \"hi\" \\ now", ".claude/skills/my-skill");
        let (_, md) = &files[0];
        assert!(
            md.contains("description: \"say \\\"hi\\\" \\\\ now\"\n"),
            "{md}"
        );
        assert!(md.contains("# My Skill\n"));
        assert!(md.contains("python3 .claude/skills/my-skill/scripts/my_skill.py"));
        assert_eq!(files[1].0, PathBuf::from("scripts/my_skill.py"));
    }

    #[test]
    fn testcase_has_one_scenario_per_criterion() {
        let spec = "# STORY-001: Login\n\n## Acceptance Criteria\n\
                    ### AC1: Good password (R1)\n- **Given** a user\n- **When** they log in\n\
                    - **Then** they see the home page\n\n### AC2: Locked\n- **When** locked\n\n\
                    ## Security Scope\n";
        let (title, criteria) = spec_criteria(spec);
        assert_eq!(title.as_deref(), Some("Login"));
        assert_eq!(criteria.len(), 2);
        assert_eq!(criteria[0].name, "Good password");
        let doc = testcase_document(&id("STORY-001"), title.as_deref(), &criteria);
        assert!(doc.starts_with("# Test Cases: STORY-001 — Login\n\n## TC-01: Good password (AC1)\n- **Given** a user\n"), "{doc}");
        assert!(doc.contains("## TC-02: Locked (AC2)\n- **Given** (precondition)\n- **When** locked\n- **Then** (expected result)\n"), "{doc}");
    }

    #[test]
    fn e2e_paths_follow_the_stack() {
        let story = id("STORY-alice-001");
        let path = |stack| e2e_test(&story, "Log In!", stack).0;
        assert_eq!(
            path(E2eStack::Python),
            "tests/e2e/test_STORY-alice-001_log_in_.py"
        );
        assert_eq!(
            path(E2eStack::Node),
            "tests/e2e/STORY-alice-001_log_in_.test.js"
        );
        assert_eq!(
            path(E2eStack::Go),
            "tests/e2e/story_alice_001_log_in__test.go"
        );
        assert!(path(E2eStack::Java).ends_with("E2e_STORY_alice_001_log_in_.java"));
    }
}
