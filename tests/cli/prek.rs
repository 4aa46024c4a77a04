//! pactkit's `.pre-commit-hooks.yaml` run by prek (the Rust pre-commit), as a user of a
//! hook manager would: a bad commit message and a staged private key are blocked.
//!
//! The hooks are those of the manifest with `language: system` and the entry pointed at
//! the binary under test (the manifest's `language: rust` would make prek build pactkit
//! from source, minutes per run). Skipped, with a visible message, when prek is not on
//! PATH (`.ci/run` installs it: `pip install prek`).

use crate::common::*;
use std::process::{Command, Output};

/// The manifest's hooks as a `repo: local` configuration running the binary under test.
fn local_config() -> String {
    let manifest = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect("manifest");
    let hooks: Vec<serde_yaml_ng::Mapping> = serde_yaml_ng::from_str(&manifest).expect("yaml");
    let mut out = String::from("repos:\n  - repo: local\n    hooks:\n");
    for hook in hooks {
        let get = |key: &str| {
            hook.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let entry = get("entry");
        let rest = entry
            .strip_prefix("pactkit")
            .expect("entries start with pactkit");
        let stages: Vec<String> = hook
            .get("stages")
            .and_then(|v| v.as_sequence())
            .expect("stages")
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect();
        out.push_str(&format!(
            "      - id: {}\n        name: {}\n        entry: \"{}{}\"\n        language: system\n        stages: [{}]\n",
            get("id"),
            get("name"),
            pactkit_bin().display(),
            rest,
            stages.join(", ")
        ));
        if let Some(v) = hook.get("pass_filenames") {
            out.push_str(&format!(
                "        pass_filenames: {}\n",
                v.as_bool().unwrap_or(true)
            ));
        }
        if let Some(v) = hook.get("always_run") {
            out.push_str(&format!(
                "        always_run: {}\n",
                v.as_bool().unwrap_or(false)
            ));
        }
    }
    out
}

fn prek(repo: &TestRepo, args: &[&str]) -> Output {
    let mut cmd = Command::new("prek");
    hermetic_env(&mut cmd, repo.home());
    cmd.env("PREK_HOME", repo.temp().join("prek-home"))
        .current_dir(repo.root())
        .args(args)
        .output()
        .expect("run prek")
}

/// A repository whose `.pre-commit-config.yaml` runs pactkit's hooks, with one commit;
/// `None` (the test is recorded as skipped) when prek is not installed.
fn repo_with_pactkits_hooks() -> Option<TestRepo> {
    if !tools::require(&tools::PREK) {
        return None;
    }
    let repo = TestRepo::new();
    repo.write(".pre-commit-config.yaml", &local_config());
    repo.write("README.md", "hello\n").commit_all("chore: init");
    Some(repo)
}

#[test]
fn prek_runs_pactkits_hooks_and_blocks_a_bad_message_and_a_private_key() {
    let Some(repo) = repo_with_pactkits_hooks() else {
        return;
    };
    let out = prek(
        &repo,
        &[
            "install",
            "--hook-type",
            "pre-commit",
            "--hook-type",
            "commit-msg",
        ],
    );
    assert_code(&out, 0);

    repo.write("notes.md", "notes\n");
    repo.git(&["add", "notes.md"]);
    let out = repo.git_output(&["commit", "-q", "-m", "Added some notes."]);
    assert_ne!(code(&out), 0, "bad message accepted:\n{}", render(&out));
    assert!(
        render(&out).contains("subject-empty") || render(&out).contains("type-empty"),
        "{}",
        render(&out)
    );
    assert_code(
        &repo.git_output(&["commit", "-q", "-m", "docs: add notes"]),
        0,
    );

    let key = [
        "-----BEGIN RSA PRIVATE ",
        "KEY-----\nMIIEowIBAAKCAQEAx1\n-----END RSA PRIVATE KEY-----\n",
    ]
    .concat();
    repo.write("deploy/id_rsa", &key);
    repo.git(&["add", "deploy/id_rsa"]);
    let out = repo.git_output(&["commit", "-q", "-m", "chore: add the deploy key"]);
    assert_ne!(code(&out), 0, "private key accepted:\n{}", render(&out));
    assert!(render(&out).contains("deploy/id_rsa"), "{}", render(&out));
}

#[test]
fn the_visualize_hook_redraws_graphs_only_when_sources_change() {
    let Some(repo) = repo_with_pactkits_hooks() else {
        return;
    };
    assert_code(&prek(&repo, &["install", "--hook-type", "pre-commit"]), 0);

    repo.write("app/main.py", "from app import util\n")
        .write("app/util.py", "def f():\n    pass\n");
    repo.git(&["add", "app"]);
    // The hook draws the graphs and, like a formatter, fails the commit that changed them.
    let out = repo.git_output(&["commit", "-q", "-m", "feat: the app"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(
        repo.read("docs/architecture/graphs/code_graph.mmd")
            .contains("app_main_py --> app_util_py"),
        "{}",
        render(&out)
    );
    repo.git(&["add", "docs"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: the app"]);
    assert_code(&out, 0);
    // Nothing changed in the sources: the next commit passes without redrawing.
    repo.write("README.md", "hello again\n");
    repo.git(&["add", "README.md"]);
    assert_code(
        &repo.git_output(&["commit", "-q", "-m", "docs: greet again"]),
        0,
    );
    // A source edit that leaves the structure alone passes at once: the graphs are the
    // same and the source manifest is git-ignored.
    repo.write("app/util.py", "def f():\n    # explained\n    pass\n");
    repo.git(&["add", "app/util.py"]);
    let out = repo.git_output(&["commit", "-q", "-m", "docs: explain f"]);
    assert_code(&out, 0);
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.trim().is_empty(), "{status}");
}
