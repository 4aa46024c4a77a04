//! `pactkit hooks agent install | uninstall | run` with payloads recorded in each tool's
//! format (tests/data/agenthooks/<tool>-<case>.json; `@CWD@` becomes the repository).

use crate::common::*;
use std::path::Path;

const TOOLS: [&str; 5] = ["claude", "codex", "opencode", "copilot", "gemini"];

/// The command an installed hook runs: the binary under test by absolute path.
fn hook_command(tool: &str) -> String {
    let binary = pactkit_bin().canonicalize().expect("binary");
    format!("'{}' hooks agent run {tool}", binary.display())
}

fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    repo
}

fn payload(repo: &TestRepo, tool: &str, case: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/agenthooks")
        .join(format!("{tool}-{case}.json"));
    let text = std::fs::read_to_string(&file).expect("recorded payload");
    let cwd = serde_json::to_string(&repo.root().display().to_string()).expect("json");
    text.replace("\"@CWD@\"", &cwd)
}

fn run(repo: &TestRepo, tool: &str, case: &str) -> std::process::Output {
    repo.pactkit_stdin(&["hooks", "agent", "run", tool], &payload(repo, tool, case))
}

/// Asserts the tool's blocking contract and returns the reason the agent reads.
#[track_caller]
fn assert_blocked(out: &std::process::Output, tool: &str) -> String {
    if tool == "copilot" || tool == "gemini" {
        assert_code(out, 0);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("deny JSON");
        let (decision, reason) = if tool == "copilot" {
            ("permissionDecision", "permissionDecisionReason")
        } else {
            ("decision", "reason")
        };
        assert_eq!(doc[decision], "deny", "{}", render(out));
        let reason = doc[reason].as_str().unwrap_or("");
        assert!(!reason.is_empty(), "{}", render(out));
        reason.to_owned()
    } else if tool == "codex" {
        assert_code(out, 0);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("deny JSON");
        let specific = &doc["hookSpecificOutput"];
        assert_eq!(specific["hookEventName"], "PreToolUse", "{}", render(out));
        assert_eq!(specific["permissionDecision"], "deny", "{}", render(out));
        let reason = specific["permissionDecisionReason"].as_str().unwrap_or("");
        assert!(!reason.is_empty(), "{}", render(out));
        assert_eq!(
            doc.as_object().map(|o| o.len()),
            Some(1),
            "Codex fails open on unknown keys: {}",
            render(out)
        );
        reason.to_owned()
    } else {
        assert_code(out, 2);
        assert!(out.stdout.is_empty(), "{}", render(out));
        stderr(out)
    }
}

#[track_caller]
fn assert_silent_allow(out: &std::process::Output) {
    assert_code(out, 0);
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "an allowed call says nothing: {}",
        render(out)
    );
}

#[test]
fn an_ordinary_commit_is_allowed_silently() {
    let repo = repo();
    for tool in TOOLS {
        assert_silent_allow(&run(&repo, tool, "allowed-commit"));
        assert_silent_allow(&run(&repo, tool, "good-message"));
    }
}

#[test]
fn a_non_git_command_is_allowed_silently() {
    let repo = repo();
    for tool in TOOLS {
        assert_silent_allow(&run(&repo, tool, "non-git"));
    }
}

#[test]
fn no_verify_is_refused_in_each_tools_format() {
    let repo = repo();
    for tool in TOOLS {
        let reason = assert_blocked(&run(&repo, tool, "no-verify-commit"), tool);
        assert!(reason.contains("[no-verify]"), "{tool}: {reason}");
    }
}

#[test]
fn a_hooks_path_override_is_refused() {
    let repo = repo();
    for tool in TOOLS {
        let reason = assert_blocked(&run(&repo, tool, "hookspath-commit"), tool);
        assert!(reason.contains("[hooks-path]"), "{tool}: {reason}");
    }
}

#[test]
fn a_bad_message_is_refused_with_the_rule_name() {
    let repo = repo();
    for tool in TOOLS {
        let reason = assert_blocked(&run(&repo, tool, "bad-message"), tool);
        assert!(reason.contains("error[type-empty]"), "{tool}: {reason}");
        assert!(reason.contains("commit-msg gate"), "{tool}: {reason}");
    }
}

#[test]
fn the_message_check_uses_the_committed_configuration() {
    let repo = repo();
    repo.write(
        "pactkit.yaml",
        "gates:\n  commit-msg:\n    rules:\n      type-enum: [2, always, [chore]]\n",
    );
    // Only in the work tree: the agent could have written it, so it does not count.
    assert_silent_allow(&run(&repo, "claude", "good-message"));
    repo.commit_all("chore: allow only chores");
    let out = run(&repo, "claude", "good-message");
    let reason = assert_blocked(&out, "claude");
    assert!(reason.contains("error[type-enum]"), "{reason}");
}

#[test]
fn malformed_input_is_refused_with_the_reason() {
    let repo = repo();
    for tool in TOOLS {
        let out = run(&repo, tool, "malformed");
        let reason = assert_blocked(&out, tool);
        assert!(reason.contains("cannot judge it"), "{tool}: {reason}");
        assert!(reason.contains("not JSON"), "{tool}: {reason}");
        assert!(reason.contains("[unreadable]"), "{tool}: {reason}");
    }
}

#[test]
fn a_lone_surrogate_is_decoded_leniently_then_judged() {
    let repo = repo();
    let out = repo.pactkit_stdin(
        &["hooks", "agent", "run", "claude"],
        r#"{"tool_name":"Bash","tool_input":{"command":"git commit --no-verify -m 'feat: \ud800'"}}"#,
    );
    assert!(assert_blocked(&out, "claude").contains("[no-verify]"));
    let out = repo.pactkit_stdin(
        &["hooks", "agent", "run", "claude"],
        r#"{"tool_name":"Bash","tool_input":{"command":"echo '\udc00 ok'"}}"#,
    );
    assert_silent_allow(&out);
}

#[test]
fn a_payload_that_never_ends_is_refused_within_the_budget() {
    let repo = repo();
    let mut child = repo
        .pactkit_cmd()
        .args(["hooks", "agent", "run", "claude"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    use std::io::Write;
    stdin
        .write_all(b"{\"tool_name\": \"Bash\", ")
        .expect("write");
    // The pipe stays open: the hook must not wait for it.
    let out = child.wait_with_output().expect("wait");
    drop(stdin);
    let reason = assert_blocked(&out, "claude");
    assert!(reason.contains("took longer than"), "{reason}");
}

#[test]
fn file_tools_are_judged_in_each_tools_format() {
    let repo = repo();
    repo.write("src/lib.rs", "pub fn x() {}\n");
    for tool in TOOLS {
        let reason = assert_blocked(&run(&repo, tool, "protected-edit"), tool);
        assert!(reason.contains("[shim-tamper]"), "{tool}: {reason}");
        assert!(reason.contains("instead:"), "{tool}: {reason}");
        assert_silent_allow(&run(&repo, tool, "ordinary-edit"));
    }
}

#[test]
fn shim_tampering_is_refused() {
    let repo = repo();
    let out = repo.pactkit_stdin(
        &["hooks", "agent", "run", "claude"],
        r#"{"tool_name":"Bash","tool_input":{"command":"chmod -x .git/hooks/pre-commit"}}"#,
    );
    assert!(assert_blocked(&out, "claude").contains("[shim-tamper]"));
    let out = repo.pactkit_stdin(
        &["hooks", "agent", "run", "claude"],
        r#"{"tool_name":"Write","tool_input":{"file_path":".git/hooks/commit-msg","content":"exit 0"}}"#,
    );
    assert!(assert_blocked(&out, "claude").contains("[shim-tamper]"));
}

const USER_SETTINGS: &str = r#"{
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "permissions": {
        "allow": [
            "Bash(git status)"
        ],
        "deny": []
    },
    "hooks": {
        "PreToolUse": [
            {
                "matcher": "Bash",
                "hooks": [
                    {
                        "type": "command",
                        "command": "./scripts/guard.sh"
                    }
                ]
            }
        ],
        "SessionStart": [
            {
                "matcher": "startup",
                "hooks": [
                    {
                        "type": "command",
                        "command": "cat docs/product/context.md"
                    }
                ]
            }
        ]
    },
    "model": "sonnet"
}
"#;

fn keys(value: &serde_json::Value) -> Vec<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn claude_install_merges_keeps_the_users_entries_and_uninstall_restores_the_file() {
    let repo = repo();
    repo.write(".claude/settings.json", USER_SETTINGS);
    let out = repo.pactkit(&["hooks", "agent", "install", "claude", "--project"]);
    assert_code(&out, 0);
    let text = repo.read(".claude/settings.json");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(keys(&doc), ["$schema", "permissions", "hooks", "model"]);
    assert_eq!(keys(&doc["hooks"]), ["PreToolUse", "SessionStart"]);
    let groups = doc["hooks"]["PreToolUse"].as_array().expect("list");
    assert_eq!(groups.len(), 2, "{text}");
    assert_eq!(groups[0]["hooks"][0]["command"], "./scripts/guard.sh");
    assert_eq!(
        groups[1]["matcher"],
        "Bash|Monitor|Write|Edit|MultiEdit|NotebookEdit"
    );
    assert_eq!(groups[1]["hooks"][0]["command"], hook_command("claude"));
    assert_eq!(doc["permissions"]["allow"][0], "Bash(git status)");
    assert!(text.contains("\n    \"model\""), "indentation kept: {text}");

    let again = repo.pactkit(&["hooks", "agent", "install", "claude", "--project"]);
    assert_code(&again, 0);
    assert!(stderr(&again).contains("up to date"), "{}", render(&again));
    assert_eq!(repo.read(".claude/settings.json"), text, "idempotent");

    let out = repo.pactkit(&["hooks", "agent", "uninstall", "claude", "--project"]);
    assert_code(&out, 0);
    assert_eq!(repo.read(".claude/settings.json"), USER_SETTINGS);
    let out = repo.pactkit(&["hooks", "agent", "uninstall", "claude", "--project"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("not installed"), "{}", render(&out));
}

#[test]
fn an_outdated_entry_of_ours_is_replaced_not_duplicated() {
    let repo = repo();
    repo.write(
        ".claude/settings.json",
        r#"{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "/old/pactkit hooks agent run claude"}]}]}}"#,
    );
    let out = repo.pactkit(&["hooks", "agent", "install", "claude", "--project"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("updated"), "{}", render(&out));
    let doc: serde_json::Value =
        serde_json::from_str(&repo.read(".claude/settings.json")).expect("json");
    let groups = doc["hooks"]["PreToolUse"].as_array().expect("list");
    assert_eq!(groups.len(), 1, "{doc}");
    assert_eq!(groups[0]["hooks"][0]["command"], hook_command("claude"));
}

#[test]
fn invalid_settings_json_is_left_untouched() {
    let repo = repo();
    let broken = "{\n  \"model\": \"sonnet\",\n  \"hooks\": {\n}\n";
    repo.write(".claude/settings.json", broken);
    for verb in ["install", "uninstall"] {
        let out = repo.pactkit(&["hooks", "agent", verb, "claude", "--project"]);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains(".claude/settings.json is not valid JSON"),
            "{}",
            render(&out)
        );
        assert_eq!(repo.read(".claude/settings.json"), broken);
    }
    repo.write(".claude/settings.json", "{\"hooks\": []}");
    let out = repo.pactkit(&["hooks", "agent", "install", "claude", "--project"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("`hooks` is not an object"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read(".claude/settings.json"), "{\"hooks\": []}");
}

#[test]
fn codex_user_install_writes_hooks_json_and_explains_the_trust_step() {
    let repo = repo();
    let out = repo.pactkit(&["hooks", "agent", "install", "codex"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("/hooks"), "{}", render(&out));
    assert!(stderr(&out).contains("trust"), "{}", render(&out));
    let path = repo.home().join(".codex/hooks.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("hooks.json")).expect("json");
    let handler = &doc["hooks"]["PreToolUse"][0]["hooks"][0];
    assert_eq!(doc["hooks"]["PreToolUse"][0]["matcher"], "Bash|apply_patch");
    assert_eq!(handler["command"], hook_command("codex"));
    assert_eq!(handler["type"], "command");
    let out = repo.pactkit(&["hooks", "agent", "uninstall", "codex"]);
    assert_code(&out, 0);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("hooks.json")).expect("json");
    assert_eq!(doc, serde_json::json!({}));
    assert!(
        !repo.path(".codex").exists(),
        "user scope writes nothing in the project"
    );
}

#[test]
fn opencode_plugin_is_ours_idempotent_and_never_clobbers_a_foreign_file() {
    let repo = repo();
    let out = repo.pactkit(&["hooks", "agent", "install", "opencode", "--project"]);
    assert_code(&out, 0);
    let plugin = repo.read(".opencode/plugins/pactkit.js");
    assert!(plugin.contains("tool.execute.before"), "{plugin}");
    assert!(
        plugin.contains("\"hooks\", \"agent\", \"run\", \"opencode\""),
        "{plugin}"
    );
    let again = repo.pactkit(&["hooks", "agent", "install", "opencode", "--project"]);
    assert!(stderr(&again).contains("up to date"), "{}", render(&again));
    let out = repo.pactkit(&["hooks", "agent", "uninstall", "opencode", "--project"]);
    assert_code(&out, 0);
    assert!(!repo.path(".opencode/plugins/pactkit.js").exists());

    repo.write(
        ".opencode/plugins/pactkit.js",
        "export const Mine = async () => ({})\n",
    );
    for verb in ["install", "uninstall"] {
        let out = repo.pactkit(&["hooks", "agent", verb, "opencode", "--project"]);
        assert_code(&out, 2);
        assert_eq!(
            repo.read(".opencode/plugins/pactkit.js"),
            "export const Mine = async () => ({})\n"
        );
    }
}

/// Loads the installed plugin in Node and calls its `tool.execute.before` the way OpenCode
/// does: a refused command must throw with pactkit's reason, an allowed one must not.
#[test]
fn opencode_plugin_throws_the_reason_when_pactkit_refuses() {
    if !tools::require(&tools::NODE) {
        return;
    }
    let repo = repo();
    assert_code(
        &repo.pactkit(&["hooks", "agent", "install", "opencode", "--project"]),
        0,
    );
    // Node reads ES modules from .mjs without a package.json.
    std::fs::copy(
        repo.path(".opencode/plugins/pactkit.js"),
        repo.temp().join("plugin.mjs"),
    )
    .expect("copy");
    let driver = r#"
import { PactkitAgentHook } from "./plugin.mjs"
const hooks = await PactkitAgentHook({ directory: process.argv[2] })
const before = hooks["tool.execute.before"]
await before({ tool: "bash" }, { args: { command: "ls" } })
await before({ tool: "read" }, { args: { filePath: "x" } })
await before({ tool: "edit" }, { args: { filePath: "src/lib.rs", oldString: "a", newString: "b" } })
for (const [tool, args] of [
  ["bash", { command: "git commit --no-verify -m 'feat: x'" }],
  ["write", { filePath: ".git/hooks/pre-commit", content: "exit 0" }],
  ["apply_patch", { patchText: "*** Begin Patch\n*** Delete File: pactkit.yaml\n*** End Patch" }],
]) {
  try {
    await before({ tool }, { args })
    console.log("NOT BLOCKED " + tool)
  } catch (e) {
    console.log("BLOCKED: " + e.message)
  }
}
"#;
    std::fs::write(repo.temp().join("driver.mjs"), driver).expect("driver");
    // The plugin runs `pactkit` from PATH: the binary under test comes first.
    #[expect(
        clippy::disallowed_methods,
        reason = "tests pass the outer PATH through"
    )]
    let outer = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(pactkit_bin().parent().expect("bin dir").to_path_buf())
            .chain(std::env::split_paths(&outer)),
    )
    .expect("PATH");
    let mut node = std::process::Command::new("node");
    hermetic_env(&mut node, repo.home());
    let out = node
        .arg(repo.temp().join("driver.mjs"))
        .arg(repo.root())
        .env("PATH", path)
        .output()
        .expect("run node");
    let text = stdout(&out);
    assert!(
        text.contains("BLOCKED: pactkit refused this command") && text.contains("[no-verify]"),
        "{}",
        render(&out)
    );
    assert!(!text.contains("NOT BLOCKED"), "{}", render(&out));
    assert!(
        text.contains("[shim-tamper]") && text.contains("[protected-path]"),
        "{}",
        render(&out)
    );
}

fn claude_command(repo: &TestRepo, command: &str) -> std::process::Output {
    let doc = serde_json::json!({
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": { "command": command },
        "cwd": repo.root(),
    });
    repo.pactkit_stdin(&["hooks", "agent", "run", "claude"], &doc.to_string())
}

#[test]
fn messages_from_a_file_and_from_the_heredoc_idiom_are_checked() {
    let repo = repo();
    repo.write("sub/msg.txt", "Added the thing.\n");
    let out = claude_command(&repo, "cd sub && git commit -F msg.txt");
    assert!(assert_blocked(&out, "claude").contains("error[type-empty]"));
    let heredoc =
        "git commit -m \"$(cat <<'EOF'\nfeat(cli): don't drop the (last) line\n\nBody.\nEOF\n)\"";
    assert_silent_allow(&claude_command(&repo, heredoc));
    let bad = heredoc.replace("feat(cli): don't", "Don't");
    assert!(assert_blocked(&claude_command(&repo, &bad), "claude").contains("error[type-empty]"));
}

#[test]
fn a_message_the_hook_cannot_know_is_left_to_the_git_hook() {
    let repo = repo();
    assert_silent_allow(&claude_command(&repo, "git commit -m \"$MESSAGE\""));
    assert_silent_allow(&claude_command(&repo, "git commit --amend --no-edit"));
}

#[test]
fn copilot_hook_file_is_ours_and_gemini_merges_into_settings() {
    let repo = repo();
    let out = repo.pactkit(&["hooks", "agent", "install", "copilot", "--project"]);
    assert_code(&out, 0);
    let doc: serde_json::Value =
        serde_json::from_str(&repo.read(".github/hooks/pactkit.json")).expect("json");
    assert_eq!(doc["version"], 1);
    let handler = &doc["hooks"]["preToolUse"][0];
    assert_eq!(handler["type"], "command");
    assert!(
        handler["bash"]
            .as_str()
            .unwrap()
            .ends_with("pactkit' hooks agent run copilot"),
        "{handler}"
    );
    let again = repo.pactkit(&["hooks", "agent", "install", "copilot", "--project"]);
    assert!(stderr(&again).contains("up to date"), "{}", render(&again));
    assert_code(
        &repo.pactkit(&["hooks", "agent", "uninstall", "copilot", "--project"]),
        0,
    );
    assert!(!repo.path(".github/hooks/pactkit.json").exists());
    repo.write(".github/hooks/pactkit.json", "{\"version\": 1}\n");
    let out = repo.pactkit(&["hooks", "agent", "install", "copilot", "--project"]);
    assert_code(&out, 2);
    assert_eq!(
        repo.read(".github/hooks/pactkit.json"),
        "{\"version\": 1}\n"
    );

    let settings = "{\n  \"general\": {\"vimMode\": true},\n  \"hooks\": {\"AfterTool\": []}\n}\n";
    repo.write(".gemini/settings.json", settings);
    assert_code(
        &repo.pactkit(&["hooks", "agent", "install", "gemini", "--project"]),
        0,
    );
    let doc: serde_json::Value =
        serde_json::from_str(&repo.read(".gemini/settings.json")).expect("json");
    assert_eq!(keys(&doc), ["general", "hooks"]);
    assert_eq!(keys(&doc["hooks"]), ["AfterTool", "BeforeTool"]);
    let group = &doc["hooks"]["BeforeTool"][0];
    assert!(
        group["matcher"]
            .as_str()
            .unwrap()
            .contains("run_shell_command")
    );
    assert!(
        group["hooks"][0]["command"]
            .as_str()
            .unwrap()
            .ends_with("pactkit' hooks agent run gemini")
    );
    assert_eq!(group["hooks"][0]["timeout"], 30000);
    let status = repo.pactkit(&["doctor", "--format", "json"]);
    assert!(
        stdout(&status).contains("agent-hook:gemini"),
        "{}",
        render(&status)
    );
    assert_code(
        &repo.pactkit(&["hooks", "agent", "uninstall", "gemini", "--project"]),
        0,
    );
    let doc: serde_json::Value =
        serde_json::from_str(&repo.read(".gemini/settings.json")).expect("json");
    assert_eq!(doc["hooks"], serde_json::json!({"AfterTool": []}));
}

#[test]
fn copilot_and_gemini_user_hooks_honour_their_home_variables() {
    let repo = repo();
    let copilot_home = repo.temp().join("copilot-home");
    let gemini_home = repo.temp().join("gemini-home");
    for tool in ["copilot", "gemini"] {
        let out = repo
            .pactkit_cmd()
            .env("COPILOT_HOME", &copilot_home)
            .env("GEMINI_CLI_HOME", &gemini_home)
            .args(["hooks", "agent", "install", tool])
            .output()
            .expect("run");
        assert_code(&out, 0);
    }
    assert!(copilot_home.join("hooks/pactkit.json").is_file());
    assert!(gemini_home.join(".gemini/settings.json").is_file());
    assert!(!repo.home().join(".copilot").exists() && !repo.home().join(".gemini").exists());
}
