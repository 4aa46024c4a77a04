//! pactkit's GitHub Action (`action.yml`, `action/run.sh`) run as GitHub would run its
//! `check` step, against real repositories with recorded event payloads
//! (tests/data/github-events/): a push, the push of a new branch, a pull request.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A project on `main` (pushed to a local `origin`) and a story branch with two commits,
/// the second carrying `last_message` and `last_content` in src/cart.py.
fn branch_repo(last_message: &str, last_content: &str) -> (TestRepo, String, String) {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "developer: \"\"\n")
        .write("docs/specs/STORY-001.md", &spec("STORY-001", "In Progress"))
        .commit_all("chore: init");
    repo.add_bare_origin("origin.git");
    repo.git(&["push", "-q", "--no-verify", "origin", "main"]);
    let before = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["switch", "-q", "-c", "feature/STORY-001"]);
    repo.write("src/cart.py", "def total():\n    return 0\n")
        .commit_all("feat(cart): totals (STORY-001)");
    repo.write("src/cart.py", last_content)
        .commit_all(last_message);
    repo.git(&["push", "-q", "--no-verify", "origin", "feature/STORY-001"]);
    repo.git(&["fetch", "-q", "origin"]);
    let after = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    (repo, before, after)
}

/// Runs `action/run.sh check` for a recorded event with the two ends filled in.
fn run_action(repo: &TestRepo, event: &str, file: &str, before: &str, after: &str) -> Output {
    let recorded =
        std::fs::read_to_string(manifest_dir().join("tests/data/github-events").join(file))
            .expect("recorded payload");
    let payload = recorded
        .replace("@BEFORE@", before)
        .replace("@AFTER@", after);
    let event_path = repo.temp().join("event.json");
    std::fs::write(&event_path, payload).expect("payload");
    let bin_dir: PathBuf = pactkit_bin().parent().expect("bin dir").to_path_buf();
    let mut path = std::ffi::OsString::from(bin_dir);
    path.push(":");
    path.push(outer_path());
    let mut cmd = std::process::Command::new("bash");
    hermetic_env(&mut cmd, repo.home());
    cmd.current_dir(repo.root())
        .arg(manifest_dir().join("action/run.sh"))
        .arg("check")
        .env("PATH", path)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_REPOSITORY", "acme/shop")
        .env("GITHUB_OUTPUT", repo.temp().join("github-output"))
        .env("INPUT_SARIF_FILE", "pactkit.sarif")
        .env("INPUT_APPROVE_LABEL", "pactkit:approve-contract-change")
        .env(
            "INPUT_ARGS",
            "--gate commit-msg --gate branch --gate spec --gate secrets",
        )
        .output()
        .expect("run the action script")
}

#[test]
fn the_action_passes_a_good_range_for_each_event() {
    let (repo, before, after) = branch_repo(
        "fix(cart): round totals (STORY-001)",
        "def total():\n    return 1\n",
    );
    for (event, file) in [
        ("push", "push.json"),
        ("push", "new-branch.json"),
        ("pull_request", "pull_request.json"),
    ] {
        let out = run_action(&repo, event, file, &before, &after);
        assert_code(&out, 0);
        let sarif: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(repo.path("pactkit.sarif")).expect("SARIF written"),
        )
        .expect("SARIF is JSON");
        assert_eq!(sarif["version"], "2.1.0", "{file}");
        let output = std::fs::read_to_string(repo.temp().join("github-output")).expect("output");
        assert!(output.contains("sarif-file=pactkit.sarif"), "{output}");
    }
}

#[test]
fn the_action_fails_a_bad_range_with_annotations() {
    let (repo, before, after) = branch_repo("wip", &format!("KEY = \"{}\"\n", aws_key()));
    for (event, file) in [
        ("push", "push.json"),
        ("push", "new-branch.json"),
        ("pull_request", "pull_request.json"),
    ] {
        let out = run_action(&repo, event, file, &before, &after);
        assert_code(&out, 1);
        let text = stdout(&out);
        assert!(text.contains("::error"), "{file}: {}", render(&out));
        assert!(
            text.contains("aws-access-key-id"),
            "{file}: {}",
            render(&out)
        );
        assert!(text.contains("subject-empty"), "{file}: {}", render(&out));
        assert!(!text.contains(&aws_key()), "never prints the secret");
    }
}

#[test]
fn the_action_manifest_runs_its_script() {
    let text = std::fs::read_to_string(manifest_dir().join("action.yml")).expect("action.yml");
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("action.yml is YAML");
    assert_eq!(doc["runs"]["using"], "composite");
    let steps = doc["runs"]["steps"].as_sequence().expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter().any(|r| r.contains("action/run.sh\" install")),
        "{runs:?}"
    );
    assert!(
        runs.iter().any(|r| r.contains("action/run.sh\" check")),
        "{runs:?}"
    );
    let gitlab = std::fs::read_to_string(manifest_dir().join("ci/pactkit.gitlab-ci.yml"))
        .expect("GitLab template");
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&gitlab).expect("YAML");
    let script = doc["pactkit"]["script"].as_sequence().expect("script");
    assert!(
        script
            .iter()
            .filter_map(|l| l.as_str())
            .any(|l| l.starts_with("pactkit check --ci")),
        "{script:?}"
    );
}
