//! The JSON each tool writes to its hook's stdin, reduced to what the policy judges: a
//! shell command, a file edit, or something else.
//!
//! - Claude Code and Codex (ide-formats §1.8, §3.7): `{"tool_name": "Bash", "tool_input":
//!   {"command": "…"}, "cwd": "…", …}`; Codex may send `command` as an argv array
//!   (`["bash", "-lc", "…"]`). File tools carry `tool_input.file_path`.
//! - Copilot and Gemini: their own shapes, turned into the Claude Code shape first by
//!   [`super::copilot::normalize`] and [`super::gemini::normalize`].
//! - OpenCode: our plugin sends `{"tool": "bash", "args": {"command": "…", "workdir"?: "…"},
//!   "cwd": "<project directory>"}` (`args` is OpenCode's `output.args` unchanged; edit tools
//!   carry `args.filePath`).

use super::Tool;
use serde_json::Value;
use std::path::PathBuf;

/// What the agent is about to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// A shell command line.
    Shell {
        /// The command line.
        command: String,
        /// Where it runs, when the payload says.
        cwd: Option<PathBuf>,
    },
    /// A file write or edit.
    FileEdit {
        /// The file (absolute or relative to `cwd`).
        path: String,
        /// The session's directory, when the payload says.
        cwd: Option<PathBuf>,
    },
    /// Any other tool: not ours to judge.
    Other,
}

/// Stdin that is not a hook payload.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PayloadError(pub String);

/// Reads a payload.
pub fn parse(tool: Tool, bytes: &[u8]) -> Result<Call, PayloadError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| PayloadError(format!("the {tool} hook input is not JSON: {e}")))?;
    let value = match tool {
        Tool::Copilot => super::copilot::normalize(value)?,
        Tool::Gemini => super::gemini::normalize(value)?,
        Tool::Claude | Tool::Codex | Tool::Opencode => value,
    };
    let object = value
        .as_object()
        .ok_or_else(|| PayloadError(format!("the {tool} hook input is not a JSON object")))?;
    let (name_key, input_key) = match tool {
        Tool::Claude | Tool::Codex | Tool::Copilot | Tool::Gemini => ("tool_name", "tool_input"),
        Tool::Opencode => ("tool", "args"),
    };
    let name = object
        .get(name_key)
        .and_then(Value::as_str)
        .ok_or_else(|| PayloadError(format!("the {tool} hook input has no `{name_key}`")))?;
    let input = object.get(input_key).unwrap_or(&Value::Null);
    let cwd = input
        .get("workdir")
        .or_else(|| object.get("cwd"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(PathBuf::from);
    if let Some(command) = input.get("command")
        && is_shell_tool(name)
    {
        return shell_command(command)
                .map(|command| Call::Shell { command, cwd })
                .ok_or_else(|| {
                    PayloadError(format!(
                        "the {tool} hook input's `{input_key}.command` is neither a string nor a list of strings"
                    ))
                });
    }
    let path = ["file_path", "filePath", "path"]
        .iter()
        .find_map(|k| input.get(*k).and_then(Value::as_str));
    match path {
        Some(path) if is_file_tool(name) => Ok(Call::FileEdit {
            path: path.to_owned(),
            cwd,
        }),
        _ => Ok(Call::Other),
    }
}

fn is_shell_tool(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "bash" | "shell" | "local_shell" | "exec_command" | "container.exec"
    )
}

fn is_file_tool(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "write" | "edit" | "multiedit" | "patch"
    )
}

/// A command string, or an argv array (`[sh, -c, script]` yields the script; other
/// arrays are quoted back into one line).
fn shell_command(value: &Value) -> Option<String> {
    if let Some(text) = value.as_str() {
        return Some(text.to_owned());
    }
    let argv: Vec<&str> = value
        .as_array()?
        .iter()
        .map(Value::as_str)
        .collect::<Option<_>>()?;
    if let [shell, flag, script] = argv.as_slice() {
        let is_shell = matches!(
            shell.rsplit('/').next(),
            Some("sh" | "bash" | "zsh" | "dash")
        );
        if is_shell && flag.starts_with('-') && flag.contains('c') {
            return Some((*script).to_owned());
        }
    }
    let quoted: Vec<String> = argv
        .iter()
        .map(|a| crate::githooks::shim::shell_quote(a))
        .collect();
    Some(quoted.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_bash_payload() {
        let call = parse(
            Tool::Claude,
            br#"{"tool_name":"Bash","tool_input":{"command":"git status"},"cwd":"/r"}"#,
        )
        .expect("parses");
        assert_eq!(
            call,
            Call::Shell {
                command: "git status".into(),
                cwd: Some("/r".into())
            }
        );
    }

    #[test]
    fn codex_argv_payload() {
        let call = parse(
            Tool::Codex,
            br#"{"tool_name":"Bash","tool_input":{"command":["bash","-lc","git commit -n"]}}"#,
        )
        .expect("parses");
        assert_eq!(
            call,
            Call::Shell {
                command: "git commit -n".into(),
                cwd: None
            }
        );
    }

    #[test]
    fn opencode_payload_and_other_tools() {
        let call = parse(
            Tool::Opencode,
            br#"{"tool":"bash","args":{"command":"ls","workdir":"/w"},"cwd":"/p"}"#,
        )
        .expect("parses");
        assert_eq!(
            call,
            Call::Shell {
                command: "ls".into(),
                cwd: Some("/w".into())
            }
        );
        let other = parse(
            Tool::Opencode,
            br#"{"tool":"read","args":{"filePath":"x"}}"#,
        );
        assert_eq!(other.ok(), Some(Call::Other));
    }

    #[test]
    fn malformed_payloads_are_errors() {
        assert!(parse(Tool::Claude, b"{not json").is_err());
        assert!(parse(Tool::Claude, b"[]").is_err());
        assert!(parse(Tool::Claude, br#"{"tool_input":{}}"#).is_err());
        assert!(
            parse(
                Tool::Claude,
                br#"{"tool_name":"Bash","tool_input":{"command":5}}"#
            )
            .is_err()
        );
    }
}
