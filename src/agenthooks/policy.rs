//! What the agent hook refuses, and the walk over a command line that finds it. Pure: a
//! command line (or a file path, or a patch) and a [`Scene`] in, a [`Judgement`] out; the
//! caller lints the messages and speaks the tool's protocol.
//!
//! The walk reads the line like a shell ([`super::shell`]), follows what the shell would
//! run (wrappers, `sh -c`, `eval`, scripts on disk, aliases git would expand) and hands
//! each simple command to the rule that knows it: git ([`super::git_rules`]), files
//! ([`super::file_rules`]), shells and interpreters ([`super::script_rules`]). Every rule
//! has a stable name (see [`RULES`]) that the refusal shows.
//!
//! Invariants: a command the walk cannot read is refused only when it could run git or
//! write a protected file (it says which rule fired); anything it can read is judged by
//! what it does, never by words it merely contains (`grep -n PACTKIT_SKIP` is a search).

use super::file_rules::Protected;
use super::script_rules::Wrapped;
use super::shell::{self, Command, Word};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

/// How deep nested shells, scripts and aliases are followed.
pub(super) const MAX_DEPTH: usize = 6;

/// Every rule name, with what a person does instead of the refused call.
pub const RULES: &[(&str, &str)] = &[
    (
        "no-verify",
        "fix what the hooks report and commit again without skipping them",
    ),
    (
        "hooks-path",
        "leave core.hooksPath as pactkit set it; only the user may change it",
    ),
    (
        "git-config",
        "only the user may change these git settings, outside the agent",
    ),
    (
        "git-dir",
        "run git in this repository (drop GIT_DIR / --git-dir)",
    ),
    (
        "pactkit-skip",
        "fix what the gate reports; only the user may set PACTKIT_SKIP",
    ),
    (
        "shim-tamper",
        "leave the hooks directory alone; `pactkit hooks install` repairs it",
    ),
    (
        "protected-path",
        "ask the user to edit it outside the agent and commit it themselves",
    ),
    (
        "pactkit-binary",
        "leave the pactkit binary alone; the user updates it",
    ),
    (
        "pactkit-uninstall",
        "only the user may remove pactkit's hooks",
    ),
    (
        "plumbing",
        "use porcelain (`git commit`, `git push`), which runs the hooks",
    ),
    (
        "hookless-commit",
        "use `--no-commit`, then `git commit`, so the hooks judge the result",
    ),
    (
        "unjudged-commit",
        "apply the stash (`git stash pop`) and commit it with `git commit`",
    ),
    (
        "generated-script",
        "write the script to a file first and run that file in a second step",
    ),
    ("inline-code", "run the git command directly in the shell"),
    (
        "unreadable",
        "give pactkit something it can read: a regular file, a plain command",
    ),
    (
        "opaque-args",
        "name the files or arguments on the command line instead of piping them",
    ),
];

/// Why a command is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bypass {
    /// A stable name from [`RULES`].
    pub rule: &'static str,
    /// One sentence for the agent: what was seen and why it is refused.
    pub reason: String,
}

impl Bypass {
    /// What a person (or the agent) does instead.
    pub fn fix(&self) -> &'static str {
        RULES
            .iter()
            .find(|(name, _)| *name == self.rule)
            .map_or("", |(_, fix)| fix)
    }
}

/// A commit message the command would create, to be linted before git runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMessage {
    /// The message as git would receive it (paragraphs of repeated `-m` joined).
    pub text: String,
    /// Where git runs (for the repository's configuration).
    pub cwd: PathBuf,
}

/// What a command line holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judgement {
    /// Bypasses found (any one refuses the command).
    pub bypasses: Vec<Bypass>,
    /// Commit messages found.
    pub messages: Vec<PendingMessage>,
}

/// What the hook knows about the repository and the machine, read lazily by the caller
/// (the live implementation is [`super::facts`]); the defaults know nothing.
pub trait Facts {
    /// The value of `alias.<name>` in git's configuration files (with includes).
    fn alias(&self, _name: &str) -> Option<String> {
        None
    }
    /// Whether `help.autocorrect` makes git run a mistyped command.
    fn autocorrect(&self) -> bool {
        false
    }
    /// Whether `rev` names a commit no git hook judged (a stash or notes commit).
    fn is_unjudged_commit(&self, _rev: &str) -> bool {
        false
    }
    /// Whether a rebase is stopped with a staged resolution that `--continue` would commit.
    fn rebase_would_commit(&self) -> bool {
        false
    }
}

/// A scene that knows nothing beyond its paths.
#[derive(Debug, Default)]
pub struct NoFacts;

impl Facts for NoFacts {}

/// Where the command runs.
pub struct Scene {
    /// The working directory of the tool call.
    pub cwd: PathBuf,
    /// The files the agent may not write, and the repository's directories.
    pub protected: Protected,
    /// The directories of the hook's own PATH (to see a `git` the line puts in front).
    pub path: Vec<PathBuf>,
    /// Repository and configuration facts.
    pub facts: Box<dyn Facts>,
}

/// Judges a shell command line.
pub fn judge(command: &str, scene: &Scene) -> Judgement {
    let mut judgement = Judgement::default();
    let mut walker = Walker::new(scene, &mut judgement);
    walker.script(command, 0);
    judgement
}

/// Judges a file tool (`Write`, `Edit`, `NotebookEdit`) aimed at `path`.
pub fn judge_file_edit(path: &str, scene: &Scene) -> Judgement {
    let mut judgement = Judgement::default();
    let mut walker = Walker::new(scene, &mut judgement);
    walker.check_write(path, "editing");
    judgement
}

/// Judges a patch (Codex `apply_patch`, OpenCode `apply_patch`): every path it touches.
pub fn judge_patch(patch: &str, scene: &Scene) -> Judgement {
    let mut judgement = Judgement::default();
    let mut walker = Walker::new(scene, &mut judgement);
    walker.patch_text(patch);
    judgement
}

/// Environment variables set for a command: `None` when the value is only known at run time.
pub(super) type Env = BTreeMap<String, Option<String>>;

/// The state of one walk over a command line.
pub(super) struct Walker<'a> {
    pub(super) scene: &'a Scene,
    /// The directory the next command runs in (`cd` moves it).
    pub(super) cwd: PathBuf,
    /// The script being walked (what an unreadable pipeline is judged by).
    pub(super) text: String,
    /// Variables set earlier in the line (assignments and `export`), treated as exported.
    pub(super) vars: Env,
    /// Files written earlier in the line, with their content when it is known.
    pub(super) written: HashMap<PathBuf, Option<String>>,
    /// `git config KEY VALUE` and `-c` settings seen earlier in the line (lower-case keys).
    pub(super) git_settings: Vec<(String, String)>,
    /// The command before this one (the producer of a pipe).
    pub(super) previous: Option<Command>,
    /// Where the text being walked came from (`in x.sh: `), prefixed to reasons.
    pub(super) origin: String,
    pub(super) out: &'a mut Judgement,
}

impl<'a> Walker<'a> {
    fn new(scene: &'a Scene, out: &'a mut Judgement) -> Walker<'a> {
        let mut vars = Env::new();
        if let Ok(path) = std::env::join_paths(&scene.path) {
            vars.insert("PATH".into(), Some(path.to_string_lossy().into_owned()));
        }
        if let Some(home) = scene.protected.home() {
            vars.insert("HOME".into(), Some(home.display().to_string()));
        }
        Walker {
            scene,
            cwd: scene.cwd.clone(),
            text: String::new(),
            vars,
            written: HashMap::new(),
            git_settings: Vec::new(),
            previous: None,
            origin: String::new(),
            out,
        }
    }

    /// Walks a script: each simple command in order.
    pub(super) fn script(&mut self, text: &str, depth: usize) {
        let outer = std::mem::replace(&mut self.text, text.to_owned());
        let outer_previous = self.previous.take();
        for command in shell::parse(text) {
            self.command(&command, depth);
            self.previous = Some(command);
        }
        self.previous = outer_previous;
        self.text = outer;
    }

    /// Walks a script that runs in a child (its `cd` and variables stay there), with
    /// `env` added and `origin` naming where it came from.
    pub(super) fn nested(&mut self, text: &str, env: &Env, origin: Option<&str>, depth: usize) {
        if depth + 1 > MAX_DEPTH {
            self.block(
                "unreadable",
                "commands nested this deep (shells in shells, scripts calling scripts) are not followed".into(),
            );
            return;
        }
        let saved_cwd = self.cwd.clone();
        let saved_vars = self.vars.clone();
        let saved_origin = self.origin.clone();
        self.vars.extend(env.clone());
        if let Some(origin) = origin {
            self.origin = format!("{saved_origin}in {origin}: ");
        }
        self.script(text, depth + 1);
        self.cwd = saved_cwd;
        self.vars = saved_vars;
        self.origin = saved_origin;
    }

    pub(super) fn block(&mut self, rule: &'static str, reason: String) {
        let reason = format!("{}{reason}", self.origin);
        if !self
            .out
            .bypasses
            .iter()
            .any(|b| b.rule == rule && b.reason == reason)
        {
            self.out.bypasses.push(Bypass { rule, reason });
        }
    }

    pub(super) fn message(&mut self, text: String, cwd: &Path) {
        self.out.messages.push(PendingMessage {
            text,
            cwd: cwd.to_path_buf(),
        });
    }

    fn command(&mut self, command: &Command, depth: usize) {
        self.redirect_writes(command);
        let words: Vec<Word> = command.words.iter().map(|w| self.expand(w)).collect();
        self.run_words(&words, command, Env::new(), depth);
    }

    /// Judges the words of one simple command (after any wrapper in front was removed).
    pub(super) fn run_words(
        &mut self,
        words: &[Word],
        command: &Command,
        mut env: Env,
        depth: usize,
    ) {
        let mut rest: &[Word] = words;
        loop {
            rest = self.assignments(rest, &mut env);
            let Some((name, args)) = rest.split_first() else {
                // Assignments alone set shell variables for the rest of the line.
                self.vars.extend(env);
                return;
            };
            if name.dynamic {
                self.dynamic_name(name, args, command, &env, depth);
                return;
            }
            if name.text.contains('/') && self.script_file(&name.text, args, &env, depth) {
                return;
            }
            match self.wrapper(basename(&name.text), args, command, &mut env, depth) {
                Wrapped::Inner(inner) => rest = inner,
                Wrapped::Handled => return,
                Wrapped::No => break,
            }
        }
        let Some((name, args)) = rest.split_first() else {
            return;
        };
        if name.text == "git" && self.shadowed_git(&env, args, depth) {
            return;
        }
        let base = basename(&name.text).to_owned();
        self.dispatch(&base, args, command, &env, depth);
    }

    /// Runs the rule for a command by its name.
    fn dispatch(&mut self, name: &str, args: &[Word], command: &Command, env: &Env, depth: usize) {
        match name {
            "cd" | "pushd" => self.change_dir(args),
            "export" | "declare" | "typeset" | "local" | "readonly" => self.export(args),
            "alias" => self.shell_alias(args, depth),
            "git" => self.git(args, command, env, depth),
            "pactkit" => self.pactkit(args),
            "apply_patch" | "applypatch" => self.apply_patch_command(args, command),
            "patch" => self.patch_command(args, command),
            _ => {
                self.file_tool(name, args);
                self.shell_or_interpreter(name, args, command, env, depth);
            }
        }
    }

    /// A command name only known at run time (`$CMD commit -n`): its arguments are
    /// judged as if it were git, so a bypass cannot hide behind a variable.
    fn dynamic_name(
        &mut self,
        name: &Word,
        args: &[Word],
        command: &Command,
        env: &Env,
        depth: usize,
    ) {
        let mut probe = Judgement::default();
        let mut walker = Walker::new(self.scene, &mut probe);
        walker.cwd = self.cwd.clone();
        walker.vars = self.vars.clone();
        walker.git(args, command, env, depth + 1);
        if let Some(first) = probe.bypasses.first() {
            let rule = first.rule;
            self.block(
                rule,
                format!(
                    "`{}` is decided at run time and its arguments would skip pactkit's git hooks if it is git ({})",
                    name.text, first.reason
                ),
            );
        }
    }

    /// Leading `NAME=value` words: checked, collected into `env`, then skipped.
    fn assignments<'w>(&mut self, words: &'w [Word], env: &mut Env) -> &'w [Word] {
        let count = words
            .iter()
            .take_while(|w| assignment(&w.text).is_some())
            .count();
        for word in &words[..count] {
            if let Some((name, value)) = assignment(&word.text) {
                self.assignment_rule(name, &word.text);
                let value = (!word.dynamic).then(|| value.to_owned());
                env.insert(name.to_owned(), value);
            }
        }
        &words[count..]
    }

    /// The assignments refused whatever command follows.
    fn assignment_rule(&mut self, name: &str, text: &str) {
        if name == "PACTKIT_SKIP" {
            self.block(
                "pactkit-skip",
                format!("`{text}` skips pactkit's gates; only the user may set PACTKIT_SKIP"),
            );
        }
    }

    fn export(&mut self, words: &[Word]) {
        for word in words {
            if let Some((name, value)) = assignment(&word.text) {
                self.assignment_rule(name, &word.text);
                let value = (!word.dynamic).then(|| value.to_owned());
                self.vars.insert(name.to_owned(), value);
            } else if word.text == "PACTKIT_SKIP" {
                self.assignment_rule("PACTKIT_SKIP", "export PACTKIT_SKIP");
            }
        }
    }

    /// `$NAME` and `${NAME}` replaced by values set earlier in the line.
    fn expand(&self, word: &Word) -> Word {
        if !word.dynamic || word.procsub {
            return word.clone();
        }
        let mut out = String::new();
        let mut rest = word.text.as_str();
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let tail = &rest[at + 1..];
            let (name, used) = if let Some(braced) = tail.strip_prefix('{') {
                match braced.find('}') {
                    Some(end) => (&braced[..end], end + 2),
                    None => return word.clone(),
                }
            } else {
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(tail.len());
                (&tail[..end], end)
            };
            match self.vars.get(name) {
                Some(Some(value)) if !name.is_empty() => out.push_str(value),
                _ => return word.clone(),
            }
            rest = &tail[used..];
        }
        out.push_str(rest);
        if out.contains(['`', '*', '?', '[']) {
            return word.clone();
        }
        Word {
            text: out,
            dynamic: false,
            procsub: false,
        }
    }

    fn change_dir(&mut self, rest: &[Word]) {
        let target = rest.iter().find(|w| !w.text.starts_with('-'));
        match target {
            Some(dir) if !dir.dynamic && dir.text != "~" && !dir.text.starts_with("~/") => {
                self.cwd = normalize(&self.cwd.join(&dir.text));
            }
            _ => {}
        }
    }

    /// `alias name='…'`: the value is a command line the shell may run later.
    fn shell_alias(&mut self, args: &[Word], depth: usize) {
        for word in args {
            if let Some((_, value)) = word.text.split_once('=') {
                self.nested(value, &Env::new(), Some("a shell alias"), depth);
            }
        }
    }

    /// `pactkit hooks uninstall` and `pactkit hooks agent uninstall`.
    fn pactkit(&mut self, args: &[Word]) {
        let words: Vec<&str> = args
            .iter()
            .map(|w| w.text.as_str())
            .filter(|w| !w.starts_with('-'))
            .collect();
        let uninstall = match words.as_slice() {
            ["hooks", "uninstall", ..] => Some("pactkit hooks uninstall"),
            ["hooks", "agent", "uninstall", ..] => Some("pactkit hooks agent uninstall"),
            _ => None,
        };
        if let Some(what) = uninstall {
            self.block(
                "pactkit-uninstall",
                format!("`{what}` removes the hooks that hold the project's contract"),
            );
        }
    }

    /// Path of `text` as the command would see it (relative to the current directory).
    pub(super) fn absolute(&self, text: &str) -> PathBuf {
        let expanded = match (text.strip_prefix("~/"), self.home()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if text == "~" => self.home().unwrap_or_default(),
            _ => PathBuf::from(text),
        };
        normalize(&self.cwd.join(expanded))
    }

    /// `$HOME` as this line sees it.
    pub(super) fn home(&self) -> Option<PathBuf> {
        match self.vars.get("HOME") {
            Some(Some(home)) => Some(PathBuf::from(home)),
            _ => self.scene.protected.home().map(Path::to_path_buf),
        }
    }
}

/// `NAME=value` with a valid shell name.
pub(super) fn assignment(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// Skips a wrapper's options (and the values of those in `with_value`, also written
/// `--opt=value`); stops at `--` or the first operand.
pub(super) fn skip_options<'w>(mut words: &'w [Word], with_value: &[&str]) -> &'w [Word] {
    while let Some((word, rest)) = words.split_first() {
        if word.text == "--" {
            return rest;
        }
        if !word.text.starts_with('-') || word.text == "-" {
            return words;
        }
        words = rest;
        if with_value.contains(&word.text.as_str()) {
            words = words.split_first().map_or(words, |(_, r)| r);
        }
    }
    words
}

pub(super) fn basename(text: &str) -> &str {
    text.rsplit('/').next().unwrap_or(text)
}

/// Lexical normalisation: `.` and `..` resolved without touching the file system.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
