//! The JSON each tool writes to its hook's stdin, reduced to what the policy judges: a
//! shell command, a file edit, a patch, or something else.
//!
//! - Claude Code and Codex: `{"tool_name": "Bash", "tool_input":
//!   {"command": "…"}, "cwd": "…", …}`; Codex may send `command` as an argv array
//!   (`["bash", "-lc", "…"]`). Claude's file tools carry `tool_input.file_path` (`Write`,
//!   `Edit`, `MultiEdit`) or `notebook_path` (`NotebookEdit`), its `Monitor` a `command`
//!   (`@anthropic-ai/claude-code`'s sdk-tools.d.ts). Codex sends `apply_patch` as
//!   `tool_name: "apply_patch"` with the patch text in `tool_input.command`.
//! - Copilot and Gemini: their own shapes, turned into the Claude Code shape first by
//!   [`super::copilot::normalize`] and [`super::gemini::normalize`].
//! - OpenCode: our plugin sends `{"tool": "bash", "args": {"command": "…", "workdir"?: "…"},
//!   "cwd": "<project directory>"}` (`args` is OpenCode's `output.args` unchanged): `edit`
//!   and `write` carry `args.filePath`, `apply_patch` carries `args.patchText`.
//!
//! Input that is not strict JSON because an encoder wrote a lone UTF-16 surrogate
//! (`"\ud800"`) or invalid UTF-8 is decoded leniently first (U+FFFD), then judged;
//! anything still unreadable is an error, which the caller refuses.

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
    /// A patch (`apply_patch`): every path it names is written.
    Patch {
        /// The patch text.
        patch: String,
        /// Where it applies, when the payload says.
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
    let text = lenient(bytes);
    let value: Value = serde_json::from_str(&text)
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
    if is_patch_tool(name) {
        let patch = ["command", "patchText", "patch", "input"]
            .iter()
            .find_map(|k| input.get(*k).and_then(Value::as_str))
            .ok_or_else(|| {
                PayloadError(format!(
                    "the {tool} hook input's `{name}` call carries no patch text"
                ))
            })?;
        return Ok(Call::Patch {
            patch: patch.to_owned(),
            cwd,
        });
    }
    if is_shell_tool(name) {
        let Some(command) = input.get("command") else {
            return match name {
                // A Monitor that watches a WebSocket runs no command.
                "Monitor" => Ok(Call::Other),
                _ => Err(PayloadError(format!(
                    "the {tool} hook input's `{name}` call has no `{input_key}.command`"
                ))),
            };
        };
        return shell_command(command)
            .map(|command| Call::Shell { command, cwd })
            .ok_or_else(|| {
                PayloadError(format!(
                    "the {tool} hook input's `{input_key}.command` is neither a string nor a list of strings"
                ))
            });
    }
    if !is_file_tool(name) {
        return Ok(Call::Other);
    }
    let path = ["file_path", "filePath", "notebook_path", "path"]
        .iter()
        .find_map(|k| input.get(*k).and_then(Value::as_str))
        .ok_or_else(|| {
            PayloadError(format!(
                "the {tool} hook input's `{name}` call names no file"
            ))
        })?;
    Ok(Call::FileEdit {
        path: path.to_owned(),
        cwd,
    })
}

/// Bytes as JSON text: invalid UTF-8 and lone `\uD800`-`\uDFFF` escapes become U+FFFD,
/// as lenient decoders do; surrogate pairs stay.
pub fn lenient(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if !text.contains("\\u") {
        return text.into_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\\' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let Some(&next) = chars.get(i + 1) else {
            out.push('\\');
            break;
        };
        if next != 'u' {
            out.push('\\');
            out.push(next);
            i += 2;
            continue;
        }
        let code = |at: usize| -> Option<u32> {
            let hex: String = chars.get(at..at + 4)?.iter().collect();
            u32::from_str_radix(&hex, 16).ok()
        };
        let Some(unit) = code(i + 2) else {
            out.push_str("\\u");
            i += 2;
            continue;
        };
        let pair_low = (chars.get(i + 6) == Some(&'\\') && chars.get(i + 7) == Some(&'u'))
            .then(|| code(i + 8))
            .flatten()
            .filter(|low| (0xDC00..=0xDFFF).contains(low));
        match unit {
            0xD800..=0xDBFF if pair_low.is_some() => {
                out.extend(&chars[i..i + 12]);
                i += 12;
            }
            0xD800..=0xDFFF => {
                out.push_str("\\ufffd");
                i += 6;
            }
            _ => {
                out.extend(&chars[i..i + 6]);
                i += 6;
            }
        }
    }
    out
}

fn is_shell_tool(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "bash" | "shell" | "local_shell" | "exec_command" | "container.exec" | "monitor"
    )
}

fn is_patch_tool(name: &str) -> bool {
    matches!(name.to_ascii_lowercase().as_str(), "apply_patch" | "patch")
}

fn is_file_tool(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "write" | "edit" | "multiedit" | "notebookedit"
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
    fn patches_and_notebooks() {
        let call = parse(
            Tool::Codex,
            br#"{"tool_name":"apply_patch","tool_input":{"command":"*** Begin Patch\n*** End Patch"}}"#,
        )
        .expect("parses");
        assert!(matches!(call, Call::Patch { .. }), "{call:?}");
        let call = parse(
            Tool::Opencode,
            br#"{"tool":"apply_patch","args":{"patchText":"x"}}"#,
        )
        .expect("parses");
        assert!(matches!(call, Call::Patch { .. }), "{call:?}");
        let call = parse(
            Tool::Claude,
            br#"{"tool_name":"NotebookEdit","tool_input":{"notebook_path":"/r/n.ipynb","new_source":""}}"#,
        )
        .expect("parses");
        assert!(
            matches!(call, Call::FileEdit { ref path, .. } if path == "/r/n.ipynb"),
            "{call:?}"
        );
        assert!(parse(Tool::Claude, br#"{"tool_name":"Write","tool_input":{}}"#).is_err());
    }

    #[test]
    fn lone_surrogates_are_replaced_and_pairs_kept() {
        assert_eq!(lenient(br#""a\ud800b""#), r#""a\ufffdb""#);
        assert_eq!(lenient(br#""\udc00""#), r#""\ufffd""#);
        assert_eq!(lenient(br#""\ud83d\ude00""#), r#""\ud83d\ude00""#);
        assert_eq!(
            lenient(br#""\\ud800""#),
            r#""\\ud800""#,
            "an escaped backslash"
        );
        let call = parse(
            Tool::Claude,
            br#"{"tool_name":"Bash","tool_input":{"command":"git commit -n -m '\ud800'"}}"#,
        )
        .expect("parses leniently");
        assert!(matches!(call, Call::Shell { ref command, .. } if command.contains('\u{fffd}')));
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
