//! Gemini CLI's side of the agent hook (Gemini CLI 0.61): our `BeforeTool` group in
//! `settings.json` (`.gemini/settings.json`, `~/.gemini/settings.json`), and Gemini's stdin
//! payload. The merge itself is the JSON merge of `install` (Claude Code's and Codex's
//! files have the same group shape under another event name).
//!
//! - The group: `{"matcher": "^(run_shell_command|write_file|replace)$", "hooks": [{"name":
//!   "pactkit", "type": "command", "command": "<command>", "timeout": 30000}]}`; Gemini's
//!   matcher is a regular expression over the tool name, its timeout is in milliseconds.
//! - The payload: `{"session_id", "cwd", "hook_event_name": "BeforeTool", "tool_name":
//!   "run_shell_command", "tool_input": {"command", "dir_path"?}}`.
//! - A refusal: `{"decision": "deny", "reason": "…"}` on stdout, exit 0 (Gemini also reads
//!   exit 2 with the reason on stderr as a refusal, but reports the hook as failed then);
//!   Gemini runs project hooks only in trusted folders.

use super::Tool;
use super::payload::PayloadError;
use serde_json::{Map, Value, json};
use std::path::Path;

/// The event Gemini runs before a tool.
pub const EVENT: &str = "BeforeTool";

/// How long Gemini waits for the hook (milliseconds).
const TIMEOUT_MS: u64 = 30_000;

/// The tools whose calls the hook sees: Gemini's matcher is a regular expression.
pub const MATCHER: &str = "^(run_shell_command|write_file|replace)$";

/// The `BeforeTool` group we add, calling `binary`.
pub fn hook_group(binary: &Path) -> Value {
    json!({
        "matcher": MATCHER,
        "hooks": [{
            "name": "pactkit",
            "type": "command",
            "command": Tool::Gemini.hook_command(binary),
            "timeout": TIMEOUT_MS,
        }]
    })
}

/// Gemini's tool names → the names the shared payload reader knows.
fn tool_name(name: &str) -> &str {
    match name {
        "run_shell_command" => "Bash",
        "write_file" => "Write",
        "replace" => "Edit",
        other => other,
    }
}

/// Turns Gemini's payload into the `tool_name`/`tool_input`/`cwd` shape (`dir_path`, the
/// directory the command runs in, becomes `workdir`).
pub fn normalize(value: Value) -> Result<Value, PayloadError> {
    let Value::Object(mut object) = value else {
        return Err(PayloadError(
            "the gemini hook input is not a JSON object".into(),
        ));
    };
    let name = object
        .get("tool_name")
        .and_then(Value::as_str)
        .ok_or_else(|| PayloadError("the gemini hook input has no `tool_name`".into()))?
        .to_owned();
    object.insert(
        "tool_name".into(),
        Value::String(tool_name(&name).to_owned()),
    );
    if let Some(Value::Object(input)) = object.get_mut("tool_input")
        && let Some(dir) = input.get("dir_path").cloned()
    {
        input.insert("workdir".into(), dir);
    }
    if !object.contains_key("tool_input") {
        object.insert("tool_input".into(), Value::Object(Map::new()));
    }
    Ok(Value::Object(object))
}

/// The refusal Gemini reads on stdout.
pub fn deny(reason: &str) -> String {
    json!({"decision": "deny", "reason": reason}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_and_file_tools_are_renamed_and_dir_path_is_the_workdir() {
        let v = normalize(json!({
            "cwd": "/r", "hook_event_name": "BeforeTool", "tool_name": "run_shell_command",
            "tool_input": {"command": "git push --no-verify", "dir_path": "sub"}
        }))
        .unwrap();
        assert_eq!(v["tool_name"], "Bash");
        assert_eq!(v["tool_input"]["workdir"], "sub");
        let v = normalize(json!({"tool_name": "write_file", "tool_input": {"file_path": "a"}}))
            .unwrap();
        assert_eq!(v["tool_name"], "Write");
        assert!(normalize(json!({"tool_input": {}})).is_err());
    }

    #[test]
    fn the_group_matches_the_shell_and_file_tools_and_carries_the_marker() {
        let group = hook_group(Path::new("/usr/bin/pactkit"));
        let command = group["hooks"][0]["command"].as_str().unwrap();
        assert!(
            command.contains("/usr/bin/pactkit") && command.ends_with(" hooks agent run gemini"),
            "{command}"
        );
        assert!(
            group["matcher"]
                .as_str()
                .unwrap()
                .contains("run_shell_command")
        );
    }
}
