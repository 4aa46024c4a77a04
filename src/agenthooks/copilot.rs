//! GitHub Copilot's side of the agent hook (Copilot CLI 1.0; VS Code reads the same
//! `.github/hooks/*.json`): the hook file pactkit owns, and Copilot's stdin payload.
//!
//! - The hook file: `.github/hooks/pactkit.json` in a project, `~/.copilot/hooks/pactkit.json`
//!   (`$COPILOT_HOME`) for the user; `{"version": 1, "hooks": {"preToolUse": [{"type":
//!   "command", "bash": "<command>", "timeoutSec": 30}]}}`. The whole file is ours, like the
//!   OpenCode plugin, so no user file is ever merged.
//! - The payload: `{"timestamp", "cwd", "toolName": "bash", "toolArgs": "<JSON text>"}`
//!   (`toolArgs` is the tool's arguments as a JSON string, or an object). Claude-format
//!   payloads (`tool_name`/`tool_input`, which Copilot sends to Claude-style hooks) are
//!   read too.
//! - A refusal is `{"permissionDecision": "deny", "permissionDecisionReason": "…"}` on
//!   stdout; Copilot shows the reason to the model. Copilot denies the call when a
//!   pre-tool hook fails to run at all, so the command must resolve (see `pactkit doctor`).

use super::Tool;
use super::payload::PayloadError;
use serde_json::{Map, Value, json};
use std::path::Path;

/// How long Copilot waits for the hook (seconds).
const TIMEOUT_SECS: u64 = 30;

/// The hook file pactkit writes, calling `binary`.
pub fn hook_file(binary: &Path) -> String {
    let doc = json!({
        "version": 1,
        "hooks": {
            "preToolUse": [{
                "type": "command",
                "bash": Tool::Copilot.hook_command(binary),
                "timeoutSec": TIMEOUT_SECS,
            }]
        }
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Copilot's tool names → the names the shared payload reader knows.
fn tool_name(name: &str) -> &str {
    match name {
        "bash" | "powershell" => "Bash",
        "create" => "Write",
        "edit" | "str_replace" => "Edit",
        other => other,
    }
}

/// Turns Copilot's payload into the `tool_name`/`tool_input`/`cwd` shape.
pub fn normalize(value: Value) -> Result<Value, PayloadError> {
    let Value::Object(object) = value else {
        return Err(PayloadError(
            "the copilot hook input is not a JSON object".into(),
        ));
    };
    if object.contains_key("tool_name") {
        return Ok(Value::Object(object));
    }
    let name = object
        .get("toolName")
        .and_then(Value::as_str)
        .ok_or_else(|| PayloadError("the copilot hook input has no `toolName`".into()))?;
    let args = match object.get("toolArgs") {
        Some(Value::String(text)) => serde_json::from_str(text).map_err(|e| {
            PayloadError(format!(
                "the copilot hook input's `toolArgs` is not JSON: {e}"
            ))
        })?,
        Some(other) => other.clone(),
        None => Value::Object(Map::new()),
    };
    let mut out = Map::new();
    out.insert(
        "tool_name".into(),
        Value::String(tool_name(name).to_owned()),
    );
    out.insert("tool_input".into(), args);
    if let Some(cwd) = object.get("cwd") {
        out.insert("cwd".into(), cwd.clone());
    }
    Ok(Value::Object(out))
}

/// The refusal Copilot reads on stdout.
pub fn deny(reason: &str) -> String {
    json!({
        "permissionDecision": "deny",
        "permissionDecisionReason": reason,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_args_as_text_or_object_become_tool_input() {
        let text = normalize(json!({
            "timestamp": 1, "cwd": "/r", "toolName": "bash",
            "toolArgs": "{\"command\":\"git commit -n\",\"description\":\"x\"}"
        }))
        .unwrap();
        assert_eq!(text["tool_name"], "Bash");
        assert_eq!(text["tool_input"]["command"], "git commit -n");
        assert_eq!(text["cwd"], "/r");
        let object = normalize(json!({"toolName": "create", "toolArgs": {"path": "a"}})).unwrap();
        assert_eq!(object["tool_name"], "Write");
        assert_eq!(object["tool_input"]["path"], "a");
    }

    #[test]
    fn broken_payloads_are_errors() {
        assert!(normalize(json!([])).is_err());
        assert!(normalize(json!({"toolArgs": "{}"})).is_err());
        assert!(normalize(json!({"toolName": "bash", "toolArgs": "{oops"})).is_err());
    }

    #[test]
    fn the_hook_file_carries_the_marker_and_reads_back() {
        let doc: Value = serde_json::from_str(&hook_file(Path::new("/usr/bin/pactkit"))).unwrap();
        let handler = &doc["hooks"]["preToolUse"][0];
        let command = handler["bash"].as_str().unwrap();
        assert!(
            command.contains("/usr/bin/pactkit") && command.ends_with(" hooks agent run copilot"),
            "{command}"
        );
        assert_eq!(doc["version"], 1);
        let denial: Value = serde_json::from_str(&deny("no")).unwrap();
        assert_eq!(denial["permissionDecision"], "deny");
    }
}
