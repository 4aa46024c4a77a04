//! The spec linter's rules judged as PactKit 4 judges the same documents.

use super::*;

const BASE: &str = "# STORY-001: x\n\n| Field | Value |\n|-------|-------|\n| ID | STORY-001 |\n| Status | Draft |\n| Priority | P1 |\n| Release | 1.0.0 |\n\n## Requirements\n### R1: A (MUST)\nIt MUST.\n\n## Acceptance Criteria\n### AC1: A (R1)\n- **Given** a\n- **When** b\n- **Then** c\n\n## Security Scope\n| Check | Applicable | Reason |\n|---|---|---|\n| SEC-1 | No | none |\n";

fn rules_of(text: &str, exists: &dyn Fn(&str) -> bool) -> Vec<(&'static str, String)> {
    let siblings = Siblings {
        dir: "docs/specs",
        exists,
    };
    lint_with(
        "s.md",
        text.as_bytes(),
        RuleSet { pactkit4: true },
        Some(&siblings),
    )
    .diagnostics
    .into_iter()
    .filter(|d| matches!(d.rule, "W010" | "W011" | "E010"))
    .map(|d| (d.rule, d.message))
    .collect()
}

#[test]
fn the_dependency_surface_is_required_with_its_four_fields() {
    let found = rules_of(BASE, &|_| true);
    assert_eq!(
        found,
        [(
            "W011",
            "Missing '## Dependency Surface' section (recommended for parallel scheduling)"
                .to_owned()
        )]
    );
    let partial = format!(
        "{BASE}\n## Dependency Surface\n| Field | Value |\n|---|---|\n| Depends on | none |\n| Touches | src/ |\n"
    );
    assert_eq!(
        rules_of(&partial, &|_| true),
        [(
            "W011",
            "Dependency Surface missing field(s): Provides, Conflict risk".to_owned()
        )]
    );
}

#[test]
fn a_dependency_without_a_spec_is_an_error_and_lateral_scan_is_asked_for() {
    let text = format!(
        "{BASE}\n## Technical Design\nA plan.\n\n## Dependency Surface\n| Field | Value |\n|---|---|\n| Depends on | STORY-002, STORY-bob-202612066e54223265f5 |\n| Provides | api |\n| Touches | src/api/ |\n| Conflict risk | low |\n"
    );
    let found = rules_of(&text, &|id| id == "STORY-002");
    assert_eq!(
        found,
        [
            (
                "E010",
                "Depends on references 'STORY-bob-202612066e54223265f5' but no such spec exists in docs/specs".to_owned()
            ),
            (
                "W010",
                "## Technical Design exists but missing '### Lateral Scan Results' subsection"
                    .to_owned()
            ),
        ]
    );
    let scanned = text.replace("A plan.", "### Lateral Scan Results\nNone.");
    assert!(rules_of(&scanned, &|_| true).is_empty());
    // Off by default: PactKit 2's rules only.
    assert!(
        lint("s.md", text.as_bytes())
            .diagnostics
            .iter()
            .all(|d| !matches!(d.rule, "W010" | "W011" | "E010"))
    );
}
