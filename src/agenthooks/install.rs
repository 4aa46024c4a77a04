//! Installing the agent hook into each tool's configuration, and taking it out again.
//!
//! Claude Code and Codex: one `PreToolUse` group merged into a JSON file
//! (`.claude/settings.json`, `.codex/hooks.json`), its matcher covering the shell and the
//! file tools (Claude: `Bash|Monitor|Write|Edit|MultiEdit|NotebookEdit`; Codex:
//! `Bash|apply_patch`); Gemini: the same shape under `BeforeTool` in
//! `.gemini/settings.json` (`crate::agenthooks::gemini`). Every other key and entry of the
//! user's file is kept, in its order. OpenCode: a plugin file of our own that forwards
//! `bash`, `edit`, `write`, `apply_patch` (and the older `multiedit`/`patch`); Copilot: a
//! hook file of our own (`crate::agenthooks::copilot`). The command names the pactkit
//! binary by absolute path, as the git shims do, so neither PATH nor a `pactkit` put in
//! front of it decides what runs. Ours is recognised by `hooks agent run` after a
//! program named `pactkit…` (or the older [`MARKER`] form); uninstall removes only that.
//! A file that is not valid JSON is never rewritten.

use super::{MARKER, Tool, copilot, gemini};
use crate::infra::fsx;
use serde_json::{Map, Value, json};
use std::io;
use std::path::{Path, PathBuf};

/// How long a tool waits for the hook before giving up on it (seconds).
const TIMEOUT_SECS: u64 = 30;

/// Where the hook goes.
#[derive(Debug, Clone)]
pub enum Scope {
    /// The repository's `.claude/`, `.codex/`, `.opencode/`.
    Project(PathBuf),
    /// The user's configuration directories.
    User(UserDirs),
}

/// The user-level directories the tools read.
#[derive(Debug, Clone)]
pub struct UserDirs {
    /// `$HOME`.
    pub home: PathBuf,
    /// `$XDG_CONFIG_HOME` (OpenCode), when set.
    pub xdg_config: Option<PathBuf>,
    /// `$CODEX_HOME`, when set.
    pub codex_home: Option<PathBuf>,
    /// `$CLAUDE_CONFIG_DIR`, when set.
    pub claude_dir: Option<PathBuf>,
    /// `$COPILOT_HOME`, when set.
    pub copilot_home: Option<PathBuf>,
    /// `$GEMINI_CLI_HOME` (Gemini reads `$GEMINI_CLI_HOME/.gemini`), when set.
    pub gemini_home: Option<PathBuf>,
}

/// The file that holds `tool`'s hook in `scope`.
pub fn target(tool: Tool, scope: &Scope) -> PathBuf {
    match (tool, scope) {
        (Tool::Claude, Scope::Project(root)) => root.join(".claude/settings.json"),
        (Tool::Claude, Scope::User(dirs)) => dirs
            .claude_dir
            .clone()
            .unwrap_or_else(|| dirs.home.join(".claude"))
            .join("settings.json"),
        (Tool::Codex, Scope::Project(root)) => root.join(".codex/hooks.json"),
        (Tool::Codex, Scope::User(dirs)) => dirs
            .codex_home
            .clone()
            .unwrap_or_else(|| dirs.home.join(".codex"))
            .join("hooks.json"),
        (Tool::Opencode, Scope::Project(root)) => root.join(".opencode/plugins/pactkit.js"),
        (Tool::Opencode, Scope::User(dirs)) => dirs
            .xdg_config
            .clone()
            .unwrap_or_else(|| dirs.home.join(".config"))
            .join("opencode/plugins/pactkit.js"),
        (Tool::Copilot, Scope::Project(root)) => root.join(".github/hooks/pactkit.json"),
        (Tool::Copilot, Scope::User(dirs)) => dirs
            .copilot_home
            .clone()
            .unwrap_or_else(|| dirs.home.join(".copilot"))
            .join("hooks/pactkit.json"),
        (Tool::Gemini, Scope::Project(root)) => root.join(".gemini/settings.json"),
        (Tool::Gemini, Scope::User(dirs)) => dirs
            .gemini_home
            .as_ref()
            .unwrap_or(&dirs.home)
            .join(".gemini/settings.json"),
    }
}

/// The event key of a tool's JSON settings file.
fn event(tool: Tool) -> &'static str {
    match tool {
        Tool::Gemini => gemini::EVENT,
        _ => "PreToolUse",
    }
}

/// What install did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installed {
    /// Added the hook.
    Created,
    /// Replaced an older or different copy of ours.
    Updated,
    /// Already exactly right; nothing written.
    UpToDate,
}

/// What uninstall did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// Took our hook out.
    Removed,
    /// There was nothing of ours.
    NotInstalled,
}

/// The state of a tool's hook in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookState {
    /// Ours, as this version writes it.
    Installed,
    /// Ours, but different from what this version writes.
    Outdated,
    /// Not there.
    Missing,
    /// The file cannot be read as the tool's format (the tool ignores it too).
    Invalid(String),
}

/// Why the hook could not be installed or removed. Nothing is written when this happens.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The settings file is not valid JSON.
    #[error("{path} is not valid JSON ({message}); pactkit leaves it untouched")]
    InvalidJson {
        /// The file.
        path: PathBuf,
        /// The parser's message with line and column.
        message: String,
    },
    /// A key has the wrong type (`hooks` not an object, `PreToolUse` not a list).
    #[error("{path}: `{key}` is not {expected}; pactkit leaves the file untouched")]
    WrongShape {
        /// The file.
        path: PathBuf,
        /// The dotted key.
        key: String,
        /// What it should be.
        expected: &'static str,
    },
    /// A plugin file of the same name that we did not write.
    #[error("{path} exists and was not written by pactkit; pactkit will not overwrite it")]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// Reading or writing failed.
    #[error("cannot write {path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

impl InstallError {
    /// True when the user's file is the problem (exit 2), false for I/O (exit 3).
    pub fn is_user_file_problem(&self) -> bool {
        !matches!(self, InstallError::Io { .. })
    }
}

/// Installs `tool`'s hook, calling `binary`, into `path`. Idempotent.
pub fn install(tool: Tool, path: &Path, binary: &Path) -> Result<Installed, InstallError> {
    match tool {
        Tool::Claude | Tool::Codex | Tool::Gemini => install_json(tool, path, binary),
        Tool::Opencode => install_own_file(path, &plugin_source(binary)),
        Tool::Copilot => install_own_file(path, &copilot::hook_file(binary)),
    }
}

/// Removes `tool`'s hook from `path`, leaving everything else.
pub fn uninstall(tool: Tool, path: &Path) -> Result<Removed, InstallError> {
    match tool {
        Tool::Claude | Tool::Codex | Tool::Gemini => uninstall_json(tool, path),
        Tool::Opencode | Tool::Copilot => uninstall_plugin(path),
    }
}

/// Inspects `tool`'s hook in `path` against what this version writes for `binary`.
pub fn status(tool: Tool, path: &Path, binary: &Path) -> HookState {
    match tool {
        Tool::Claude | Tool::Codex | Tool::Gemini => match read_json(path) {
            Err(err) => HookState::Invalid(err.to_string()),
            Ok(None) => HookState::Missing,
            Ok(Some(doc)) => {
                let groups = doc
                    .root
                    .get("hooks")
                    .and_then(|h| h.get(event(tool)))
                    .and_then(Value::as_array);
                match groups {
                    Some(groups) if up_to_date(tool, groups, binary) => HookState::Installed,
                    Some(groups) if groups.iter().any(group_has_ours) => HookState::Outdated,
                    _ => HookState::Missing,
                }
            }
        },
        Tool::Opencode | Tool::Copilot => {
            let wanted = match tool {
                Tool::Copilot => copilot::hook_file(binary),
                _ => plugin_source(binary),
            };
            match std::fs::read_to_string(path) {
                Err(_) => HookState::Missing,
                Ok(text) if text == wanted => HookState::Installed,
                Ok(text) if own_file_is_ours(&text) => HookState::Outdated,
                Ok(_) => HookState::Missing,
            }
        }
    }
}

/// The binary the installed hook in `path` calls, as written there (`None` when there is
/// no hook of ours).
pub fn called_binary(tool: Tool, path: &Path) -> Option<String> {
    match tool {
        Tool::Claude | Tool::Codex | Tool::Gemini => {
            let doc = read_json(path).ok()??;
            let groups = doc.root.get("hooks")?.get(event(tool))?.as_array()?.clone();
            groups
                .iter()
                .filter_map(|g| g.get("hooks").and_then(Value::as_array))
                .flatten()
                .find(|h| handler_is_ours(h))
                .and_then(|h| h.get("command").and_then(Value::as_str))
                .and_then(program_of)
        }
        Tool::Copilot => {
            let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
            doc.get("hooks")?
                .get("preToolUse")?
                .as_array()?
                .iter()
                .find_map(|h| h.get("bash").and_then(Value::as_str))
                .and_then(program_of)
        }
        Tool::Opencode => {
            let text = std::fs::read_to_string(path).ok()?;
            let line = text.lines().find(|l| l.starts_with(PLUGIN_BINARY_LINE))?;
            let literal = line.strip_prefix(PLUGIN_BINARY_LINE)?.trim_end_matches(';');
            serde_json::from_str::<String>(literal).ok()
        }
    }
}

/// The program word of a shell command line (unquoted).
fn program_of(command: &str) -> Option<String> {
    super::shell::parse(command)
        .into_iter()
        .next()?
        .words
        .into_iter()
        .next()
        .map(|w| w.text)
}

/// The tools whose calls the hook sees, as the matcher regex.
pub fn matcher(tool: Tool) -> &'static str {
    match tool {
        Tool::Claude => "Bash|Monitor|Write|Edit|MultiEdit|NotebookEdit",
        Tool::Codex => "Bash|apply_patch",
        Tool::Opencode => "bash|edit|write|apply_patch|multiedit|patch",
        Tool::Copilot => "",
        Tool::Gemini => gemini::MATCHER,
    }
}

/// The `PreToolUse` group we add (`BeforeTool` for Gemini).
pub fn hook_group(tool: Tool, binary: &Path) -> Value {
    if tool == Tool::Gemini {
        return gemini::hook_group(binary);
    }
    let mut handler = json!({
        "type": "command",
        "command": tool.hook_command(binary),
        "timeout": TIMEOUT_SECS,
    });
    if tool == Tool::Codex {
        handler["statusMessage"] = json!("pactkit: checking the command");
    }
    json!({ "matcher": matcher(tool), "hooks": [handler] })
}

/// A parsed settings file and the indentation to write it back with.
struct JsonDoc {
    root: Map<String, Value>,
    indent: String,
}

fn read_json(path: &Path) -> Result<Option<JsonDoc>, InstallError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(InstallError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Ok(Some(JsonDoc {
            root: Map::new(),
            indent: "  ".into(),
        }));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| InstallError::InvalidJson {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let Value::Object(root) = value else {
        return Err(InstallError::WrongShape {
            path: path.to_path_buf(),
            key: "(top level)".into(),
            expected: "an object",
        });
    };
    Ok(Some(JsonDoc {
        root,
        indent: detect_indent(text),
    }))
}

/// The indentation of the first indented line (two spaces when there is none).
fn detect_indent(text: &str) -> String {
    text.lines()
        .skip(1)
        .find_map(|line| {
            let indent: String = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            (!indent.is_empty()).then_some(indent)
        })
        .unwrap_or_else(|| "  ".into())
}

fn write_json(path: &Path, doc: &JsonDoc) -> Result<(), InstallError> {
    use serde::Serialize;
    let io_err = |source| InstallError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(doc.indent.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    doc.root
        .serialize(&mut serializer)
        .map_err(|e| io_err(io::Error::other(e)))?;
    bytes.push(b'\n');
    if let Some(parent) = path.parent() {
        fsx::create_dir_all(parent).map_err(io_err)?;
    }
    fsx::write_atomic(path, &bytes).map_err(io_err)
}

/// `hooks.<event>` of the document, created when absent.
fn pre_tool_use<'d>(
    doc: &'d mut JsonDoc,
    path: &Path,
    event: &str,
) -> Result<&'d mut Vec<Value>, InstallError> {
    let shape = |key: &str, expected| InstallError::WrongShape {
        path: path.to_path_buf(),
        key: key.into(),
        expected,
    };
    let hooks = doc
        .root
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| shape("hooks", "an object"))?;
    hooks
        .entry(event)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| shape(&format!("hooks.{event}"), "a list"))
}

fn handler_is_ours(handler: &Value) -> bool {
    handler
        .get("command")
        .and_then(Value::as_str)
        .is_some_and(is_our_command)
}

/// `pactkit hooks agent run …` by name (older installs) or `'/abs/pactkit' hooks agent run …`.
fn is_our_command(command: &str) -> bool {
    if command.contains(MARKER) {
        return true;
    }
    let Some((program, rest)) = super::shell::parse(command)
        .into_iter()
        .next()
        .and_then(|c| {
            c.words
                .split_first()
                .map(|(p, r)| (p.text.clone(), r.to_vec()))
        })
    else {
        return false;
    };
    let words: Vec<&str> = rest.iter().take(3).map(|w| w.text.as_str()).collect();
    super::policy::basename(&program).starts_with("pactkit") && words == ["hooks", "agent", "run"]
}

fn group_has_ours(group: &Value) -> bool {
    group
        .get("hooks")
        .and_then(Value::as_array)
        .is_some_and(|hooks| hooks.iter().any(handler_is_ours))
}

/// Exactly our group once, and no other handler of ours anywhere.
fn up_to_date(tool: Tool, groups: &[Value], binary: &Path) -> bool {
    let wanted = hook_group(tool, binary);
    let ours: Vec<&Value> = groups.iter().filter(|g| group_has_ours(g)).collect();
    matches!(ours.as_slice(), [only] if **only == wanted)
}

/// Removes our handlers; a group left without handlers by that goes too. Returns whether
/// anything was removed.
fn remove_ours(groups: &mut Vec<Value>) -> bool {
    let before = groups.len();
    let mut removed = false;
    groups.retain_mut(|group| {
        let Some(hooks) = group.get_mut("hooks").and_then(Value::as_array_mut) else {
            return true;
        };
        let count = hooks.len();
        hooks.retain(|h| !handler_is_ours(h));
        if hooks.len() == count {
            return true;
        }
        removed = true;
        !hooks.is_empty()
    });
    removed || groups.len() != before
}

fn install_json(tool: Tool, path: &Path, binary: &Path) -> Result<Installed, InstallError> {
    let mut doc = read_json(path)?.unwrap_or(JsonDoc {
        root: Map::new(),
        indent: "  ".into(),
    });
    let groups = pre_tool_use(&mut doc, path, event(tool))?;
    if up_to_date(tool, groups, binary) {
        return Ok(Installed::UpToDate);
    }
    let replaced = remove_ours(groups);
    groups.push(hook_group(tool, binary));
    write_json(path, &doc)?;
    Ok(if replaced {
        Installed::Updated
    } else {
        Installed::Created
    })
}

fn uninstall_json(tool: Tool, path: &Path) -> Result<Removed, InstallError> {
    let Some(mut doc) = read_json(path)? else {
        return Ok(Removed::NotInstalled);
    };
    let has_ours = doc
        .root
        .get("hooks")
        .and_then(|h| h.get(event(tool)))
        .and_then(Value::as_array)
        .is_some_and(|groups| groups.iter().any(group_has_ours));
    if !has_ours {
        return Ok(Removed::NotInstalled);
    }
    let groups = pre_tool_use(&mut doc, path, event(tool))?;
    remove_ours(groups);
    // Containers we emptied go too, so an install + uninstall leaves the file as it was.
    if groups.is_empty()
        && let Some(hooks) = doc.root.get_mut("hooks").and_then(Value::as_object_mut)
    {
        hooks.remove(event(tool));
        if hooks.is_empty() {
            doc.root.remove("hooks");
        }
    }
    write_json(path, &doc)?;
    Ok(Removed::Removed)
}

/// The line of the plugin that holds the binary's path (a JSON string literal follows).
const PLUGIN_BINARY_LINE: &str = "const PACTKIT = ";

/// The OpenCode plugin, calling `binary`. It forwards the shell and file tools to
/// `pactkit hooks agent run opencode` and throws with pactkit's reason unless it exits 0
/// (a throw is how OpenCode blocks a tool): a pactkit that cannot start, crashes or
/// times out refuses the call too.
pub fn plugin_source(binary: &Path) -> String {
    let literal =
        serde_json::to_string(&binary.to_string_lossy()).unwrap_or_else(|_| "\"pactkit\"".into());
    include_str!("opencode-plugin.js").replace("\"@PACTKIT_BIN@\"", &literal)
}

/// Writes a file that is wholly ours (`content`), refusing one that is not.
fn install_own_file(path: &Path, content: &str) -> Result<Installed, InstallError> {
    let io_err = |source| InstallError::Io {
        path: path.to_path_buf(),
        source,
    };
    let action = match std::fs::read_to_string(path) {
        Ok(text) if text == content => return Ok(Installed::UpToDate),
        Ok(text) if own_file_is_ours(&text) => Installed::Updated,
        Ok(_) => {
            return Err(InstallError::Foreign {
                path: path.to_path_buf(),
            });
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => Installed::Created,
        Err(err) if err.kind() == io::ErrorKind::InvalidData => {
            return Err(InstallError::Foreign {
                path: path.to_path_buf(),
            });
        }
        Err(err) => return Err(io_err(err)),
    };
    if let Some(parent) = path.parent() {
        fsx::create_dir_all(parent).map_err(io_err)?;
    }
    fsx::write_atomic(path, content.as_bytes()).map_err(io_err)?;
    Ok(action)
}

/// True when a file wholly ours holds our command: the OpenCode plugin carries the
/// marker; Copilot's hook file a `bash` command of ours.
fn own_file_is_ours(text: &str) -> bool {
    if text.contains(MARKER) {
        return true;
    }
    serde_json::from_str::<Value>(text).is_ok_and(|doc| {
        doc.get("hooks")
            .and_then(|h| h.get("preToolUse"))
            .and_then(Value::as_array)
            .is_some_and(|hooks| {
                hooks.iter().any(|h| {
                    h.get("bash")
                        .and_then(Value::as_str)
                        .is_some_and(is_our_command)
                })
            })
    })
}

fn uninstall_plugin(path: &Path) -> Result<Removed, InstallError> {
    match std::fs::read_to_string(path) {
        Ok(text) if own_file_is_ours(&text) => {
            fsx::remove_file(path).map_err(|source| InstallError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            Ok(Removed::Removed)
        }
        Ok(_) => Err(InstallError::Foreign {
            path: path.to_path_buf(),
        }),
        Err(_) => Ok(Removed::NotInstalled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_ours_keeps_foreign_handlers_in_a_shared_group() {
        let mut groups = vec![json!({"matcher": "Bash", "hooks": [
            {"type": "command", "command": "pactkit hooks agent run claude"},
            {"type": "command", "command": "./mine.sh"}
        ]})];
        assert!(remove_ours(&mut groups));
        assert_eq!(
            groups,
            vec![
                json!({"matcher": "Bash", "hooks": [{"type": "command", "command": "./mine.sh"}]})
            ]
        );
        assert!(!remove_ours(&mut groups));
    }

    #[test]
    fn indentation_is_detected() {
        assert_eq!(detect_indent("{\n    \"a\": 1\n}"), "    ");
        assert_eq!(detect_indent("{\n\t\"a\": 1\n}"), "\t");
        assert_eq!(detect_indent("{}"), "  ");
    }

    #[test]
    fn the_plugin_carries_the_marker_and_the_binary() {
        let source = plugin_source(Path::new("/opt/pact kit/bin/pactkit"));
        assert!(source.contains(MARKER));
        assert!(
            source.contains("const PACTKIT = \"/opt/pact kit/bin/pactkit\";"),
            "{source}"
        );
    }

    #[test]
    fn our_commands_by_name_and_by_path() {
        assert!(is_our_command("pactkit hooks agent run claude"));
        assert!(is_our_command(
            "'/home/u/.cargo/bin/pactkit' hooks agent run codex"
        ));
        assert!(!is_our_command("'/usr/bin/other' hooks agent run codex"));
        assert!(!is_our_command("./scripts/guard.sh"));
        assert_eq!(
            program_of("'/a b/pactkit' hooks agent run claude").as_deref(),
            Some("/a b/pactkit")
        );
    }
}
