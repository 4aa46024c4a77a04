//! The agent hook's two corpora, through the real binary in each tool's payload format:
//! ordinary agent work (tests/data/agenthooks/ordinary-commands.txt and file edits
//! outside protected paths), none of which may be refused, and bypass attempts
//! (tests/data/agenthooks/bypass-attempts.txt and edits of protected files), each of
//! which must be refused with its rule's name.

use crate::common::*;
use serde_json::json;
use std::path::Path;

const TOOLS: [&str; 3] = ["claude", "codex", "opencode"];

/// `(rule, command)` entries of a corpus file (`rule` is `None` in the ordinary corpus).
fn entries(file: &str) -> Vec<(Option<String>, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/agenthooks")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("corpus");
    let mut out = Vec::new();
    let mut block: Option<(Option<String>, Vec<&str>)> = None;
    for line in text.lines() {
        if let Some((rule, lines)) = &mut block {
            if line == ">>>" {
                out.push((rule.take(), lines.join("\n")));
                block = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("<<<") {
            block = Some((rule_of(rest.trim()).map(|(r, _)| r), Vec::new()));
            continue;
        }
        match rule_of(line) {
            Some((rule, command)) => out.push((Some(rule), command.to_owned())),
            None => out.push((None, line.to_owned())),
        }
    }
    assert!(block.is_none(), "{file}: a `<<<` block is not closed");
    out
}

/// `[rule] rest` → (rule, rest).
fn rule_of(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix('[')?;
    let (rule, command) = rest.split_once(']')?;
    Some((rule.to_owned(), command.trim_start()))
}

/// A repository like an agent works in: sources, scripts, pactkit's shims, one commit.
fn workspace() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .write("src/lib.rs", "pub fn x() {}\n")
        .write("scripts/build.sh", "#!/bin/sh\nset -e\ncargo build \"$@\"\n")
        .write(
            "scripts/version.py",
            "import subprocess\nprint(subprocess.check_output(['git', 'describe', '--tags', '--always']).decode())\n",
        )
        .commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn shell_payload(tool: &str, repo: &TestRepo, command: &str) -> String {
    let cwd = repo.root().display().to_string();
    match tool {
        "opencode" => {
            json!({"tool": "bash", "args": {"command": command, "description": "run"}, "cwd": cwd})
        }
        _ => json!({
            "session_id": "s", "transcript_path": null, "cwd": cwd, "hook_event_name": "PreToolUse",
            "permission_mode": "default", "tool_name": "Bash", "tool_input": {"command": command},
            "tool_use_id": "t"
        }),
    }
    .to_string()
}

/// The ways each tool writes `rel` (absolute path, as the tools send it).
fn file_payloads(tool: &str, repo: &TestRepo, rel: &str) -> Vec<String> {
    let cwd = repo.root().display().to_string();
    let abs = repo.path(rel).display().to_string();
    let patch = format!("*** Begin Patch\n*** Update File: {rel}\n@@\n-a\n+b\n*** End Patch\n");
    let event = |name: &str, input: serde_json::Value| {
        json!({"cwd": cwd, "hook_event_name": "PreToolUse", "tool_name": name, "tool_input": input})
            .to_string()
    };
    match tool {
        "claude" => vec![
            event("Write", json!({"file_path": abs, "content": "x"})),
            event("Edit", json!({"file_path": abs, "old_string": "a", "new_string": "b"})),
            event("MultiEdit", json!({"file_path": abs, "edits": []})),
            event("NotebookEdit", json!({"notebook_path": abs, "new_source": "x"})),
        ],
        "codex" => vec![event("apply_patch", json!({"command": patch}))],
        _ => vec![
            json!({"tool": "write", "args": {"filePath": abs, "content": "x"}, "cwd": cwd}).to_string(),
            json!({"tool": "edit", "args": {"filePath": abs, "oldString": "a", "newString": "b"}, "cwd": cwd}).to_string(),
            json!({"tool": "apply_patch", "args": {"patchText": patch}, "cwd": cwd}).to_string(),
        ],
    }
}

/// `None` when allowed silently; the refusal's text otherwise (or what went wrong).
fn refusal(repo: &TestRepo, tool: &str, payload: &str) -> Option<String> {
    let out = repo.pactkit_stdin(&["hooks", "agent", "run", tool], payload);
    match (tool, code(&out)) {
        ("codex", 0) if out.stdout.is_empty() => None,
        ("codex", 0) => {
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            Some(
                doc["hookSpecificOutput"]["permissionDecisionReason"]
                    .as_str()
                    .map_or_else(|| render(&out), str::to_owned),
            )
        }
        (_, 0) => None,
        (_, 2) => Some(stderr(&out)),
        _ => Some(format!("unexpected exit: {}", render(&out))),
    }
}

/// Runs `check` for each tool on its own thread; the findings of all, in tool order.
fn per_tool(check: impl Fn(&str) -> Vec<String> + Sync) -> Vec<String> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = TOOLS
            .iter()
            .map(|tool| scope.spawn(|| check(tool)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("corpus thread"))
            .collect()
    })
}

const ORDINARY_FILES: &[&str] = &[
    "src/lib.rs",
    "src/new_module.rs",
    "README.md",
    "docs/guide.md",
    "tests/parse.rs",
    ".github/workflows/ci.yml",
    ".claude/agents/reviewer.md",
    ".codex/prompts/x.md",
    ".gitignore",
    "notebooks/explore.ipynb",
    "pactkit-notes.md",
];

const PROTECTED_FILES: &[(&str, &str)] = &[
    (".git/hooks/pre-commit", "shim-tamper"),
    (".git/config", "protected-path"),
    ("pactkit.yaml", "protected-path"),
    (".github/pactkit.yaml", "protected-path"),
    (".pactkit-secrets-allow", "protected-path"),
    (".claude/settings.json", "protected-path"),
    (".claude/settings.local.json", "protected-path"),
    (".codex/hooks.json", "protected-path"),
    (".codex/config.toml", "protected-path"),
    (".opencode/plugins/pactkit.js", "protected-path"),
    ("opencode.json", "protected-path"),
];

#[test]
fn the_ordinary_command_corpus_passes_in_every_tools_format() {
    let repo = workspace();
    let commands = entries("ordinary-commands.txt");
    assert!(
        commands.len() >= 300,
        "the corpus holds {} commands",
        commands.len()
    );
    let refused: Vec<String> = per_tool(|tool| {
        let mut refused = Vec::new();
        for (_, command) in &commands {
            if let Some(reason) = refusal(&repo, tool, &shell_payload(tool, &repo, command)) {
                refused.push(format!("{tool}: {command}\n    {reason}"));
            }
        }
        for rel in ORDINARY_FILES {
            for payload in file_payloads(tool, &repo, rel) {
                if let Some(reason) = refusal(&repo, tool, &payload) {
                    refused.push(format!("{tool}: edit {rel}\n    {reason}"));
                }
            }
        }
        refused
    });
    assert!(
        refused.is_empty(),
        "{} ordinary calls refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
}

#[test]
fn every_bypass_attempt_is_refused_with_its_rule() {
    let repo = workspace();
    let attempts = entries("bypass-attempts.txt");
    assert!(
        attempts.len() >= 100,
        "the corpus holds {} attempts",
        attempts.len()
    );
    let missed: Vec<String> = per_tool(|tool| {
        let mut missed = Vec::new();
        for (rule, command) in &attempts {
            let rule = rule.as_deref().expect("every attempt names its rule");
            match refusal(&repo, tool, &shell_payload(tool, &repo, command)) {
                Some(reason) if reason.contains(&format!("[{rule}]")) => {}
                other => missed.push(format!("{tool}: [{rule}] {command}\n    got: {other:?}")),
            }
        }
        for (rel, rule) in PROTECTED_FILES {
            for payload in file_payloads(tool, &repo, rel) {
                match refusal(&repo, tool, &payload) {
                    Some(reason)
                        if reason.contains(&format!("[{rule}]")) && reason.contains("instead:") => {
                    }
                    other => {
                        missed.push(format!("{tool}: edit {rel} [{rule}]\n    got: {other:?}"))
                    }
                }
            }
        }
        missed
    });
    assert!(
        missed.is_empty(),
        "{} attempts not refused as expected:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
