//! `pactkit invariants-refresh`: updated / skipped exit 0, not_found exits 1.

use crate::common::*;

const RULES: &str = "docs/architecture/governance/rules.md";

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn every_sentence_is_updated() {
    let repo = TestRepo::new();
    let text = "# Governance Rules\r\n\r\n## Invariants\r\n1. All 3790+ tests must pass before any commit.\r\n2. Again: All 12+ tests must pass.\r\n";
    repo.write(RULES, text);
    let out = repo.pactkit(&[
        "invariants-refresh",
        "--test-count",
        "3800",
        "--format",
        "json",
    ]);
    assert_code(&out, 0);
    let j = json(&out);
    assert_eq!(
        (
            j["action"].as_str(),
            j["old_count"].as_u64(),
            j["new_count"].as_u64()
        ),
        (Some("updated"), Some(3790), Some(3800))
    );
    assert_eq!(
        repo.read(RULES),
        text.replace("3790", "3800").replace("12+", "3800+")
    );
}

#[test]
fn the_same_count_is_skipped() {
    let repo = TestRepo::new();
    repo.write(RULES, "All 5+ tests must pass\n");
    let out = repo.pactkit(&["invariants-refresh", "--test-count", "5"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("already says All 5+"),
        "{}",
        render(&out)
    );
    let out = repo.pactkit(&[
        "invariants-refresh",
        "--test-count",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(json(&out)["action"], "skipped");
}

#[test]
fn not_found_exits_1() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&[
        "invariants-refresh",
        "--test-count",
        "7",
        "--format",
        "json",
    ]);
    assert_code(&out, 1);
    let j = json(&out);
    assert_eq!(
        (
            j["action"].as_str(),
            j["old_count"].as_u64(),
            j["new_count"].as_u64()
        ),
        (Some("not_found"), Some(0), Some(7))
    );
    repo.write(RULES, "# Rules\nNo count here.\n");
    let out = repo.pactkit(&["invariants-refresh", "--test-count", "7"]);
    assert_code(&out, 1);
    assert_eq!(repo.read(RULES), "# Rules\nNo count here.\n");
    let out = repo.pactkit(&["invariants-refresh", "--test-count", "many"]);
    assert_code(&out, 2);
}
