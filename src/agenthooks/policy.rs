//! What the agent hook refuses: the ways an agent can get a commit past pactkit's git hooks
//! (`--no-verify`, `-c core.hooksPath=`, `GIT_DIR=`, `PACTKIT_SKIP=`, rewriting
//! `core.hooksPath`, deleting or disabling the shims), and the commit messages it can judge
//! before git runs (`-m`, `--message`, `-F`). Pure: a command line and a working directory
//! in, findings out; the caller lints the messages and speaks the tool's protocol.

use super::shell::{self, Command, Word};
use std::path::{Component, Path, PathBuf};

/// How deep `sh -c`, `bash -c` and `eval` scripts are followed.
const MAX_DEPTH: usize = 3;

/// The hook files pactkit installs (a file of the hooks directory starting with one of these
/// names is ours or our chained legacy hook).
const OUR_HOOKS: [&str; 3] = ["pre-commit", "commit-msg", "pre-push"];

/// Why a command is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bypass {
    /// A short stable name (`no-verify`, `hooks-path`, `git-dir`, `pactkit-skip`, `shim-tamper`,
    /// `commit-tree`, `opaque-script`).
    pub rule: &'static str,
    /// One sentence for the agent: what was seen and why it is refused.
    pub reason: String,
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

/// Where the command runs.
#[derive(Debug, Clone)]
pub struct Scene {
    /// The working directory of the tool call.
    pub cwd: PathBuf,
    /// The directory git runs hooks from, when known (absolute).
    pub hooks_dir: Option<PathBuf>,
}

/// Judges a shell command line.
pub fn judge(command: &str, scene: &Scene) -> Judgement {
    let mut judgement = Judgement::default();
    let mut walker = Walker {
        scene,
        cwd: scene.cwd.clone(),
        text: String::new(),
        out: &mut judgement,
    };
    walker.script(command, 0);
    judgement
}

/// Judges a file tool (`Write`, `Edit`) aimed at `path`.
pub fn judge_file_edit(path: &str, scene: &Scene) -> Judgement {
    let mut judgement = Judgement::default();
    if let Some(reason) = shim_target(path, &scene.cwd, scene.hooks_dir.as_deref()) {
        judgement.bypasses.push(Bypass {
            rule: "shim-tamper",
            reason: format!("editing {reason} would disable pactkit's git hooks"),
        });
    }
    judgement
}

struct Walker<'a> {
    scene: &'a Scene,
    /// The directory the next command runs in (`cd` moves it).
    cwd: PathBuf,
    /// The script being walked (what an opaque pipeline is judged by).
    text: String,
    out: &'a mut Judgement,
}

impl Walker<'_> {
    fn script(&mut self, text: &str, depth: usize) {
        let outer = std::mem::replace(&mut self.text, text.to_owned());
        for command in shell::parse(text) {
            self.command(&command, depth);
        }
        self.text = outer;
    }

    fn block(&mut self, rule: &'static str, reason: String) {
        self.out.bypasses.push(Bypass { rule, reason });
    }

    fn command(&mut self, command: &Command, depth: usize) {
        for redirect in command.redirects.iter().filter(|r| r.writes()) {
            if let Some(what) = self.shim(&redirect.target.text) {
                self.block(
                    "shim-tamper",
                    format!("writing to {what} would disable pactkit's git hooks"),
                );
            }
        }
        let mut words: &[Word] = &command.words;
        loop {
            words = self.assignments(words);
            let Some((name, rest)) = words.split_first() else {
                return;
            };
            match basename(&name.text) {
                "env" => words = skip_options(rest, &["-u", "--unset", "-C", "--chdir", "-S"]),
                "command" | "exec" | "nohup" | "time" | "builtin" => {
                    words = skip_options(rest, &[])
                }
                "nice" => words = skip_options(rest, &["-n"]),
                // `timeout [options] DURATION command…`
                "timeout" => {
                    words = skip_options(rest, &["-s", "--signal", "-k", "--kill-after"]);
                    words = words.split_first().map_or(words, |(_, r)| r);
                }
                "sudo" => words = skip_options(rest, &["-u", "-g", "-C", "-D"]),
                "export" | "declare" | "typeset" | "local" | "readonly" => {
                    self.assignments_anywhere(rest);
                    return;
                }
                "cd" | "pushd" => {
                    self.change_dir(rest);
                    return;
                }
                "sh" | "bash" | "zsh" | "dash" | "ksh" => {
                    self.nested_shell(rest, depth);
                    return;
                }
                "eval" => {
                    let text: Vec<&str> = rest.iter().map(|w| w.text.as_str()).collect();
                    self.nested(&text.join(" "), depth);
                    return;
                }
                "xargs" | "parallel" => {
                    self.opaque("xargs");
                    return;
                }
                "git" => {
                    self.git(rest, command);
                    return;
                }
                other => {
                    self.file_tool(other, rest);
                    return;
                }
            }
        }
    }

    /// Leading `NAME=value` words: checked, then skipped.
    fn assignments<'w>(&mut self, words: &'w [Word]) -> &'w [Word] {
        let count = words
            .iter()
            .take_while(|w| assignment(&w.text).is_some())
            .count();
        for word in &words[..count] {
            self.assignment(&word.text);
        }
        &words[count..]
    }

    fn assignments_anywhere(&mut self, words: &[Word]) {
        for word in words {
            if assignment(&word.text).is_some() {
                self.assignment(&word.text);
            } else if word.text == "PACTKIT_SKIP" {
                self.assignment("PACTKIT_SKIP=");
            }
        }
    }

    fn assignment(&mut self, text: &str) {
        let Some((name, value)) = assignment(text) else {
            return;
        };
        match name {
            "PACTKIT_SKIP" => self.block(
                "pactkit-skip",
                format!(
                    "`{text}` skips pactkit's gates; only the user may set PACTKIT_SKIP, an agent fixes what the gate reports"
                ),
            ),
            "GIT_DIR" | "GIT_COMMON_DIR" => self.block(
                "git-dir",
                format!("`{name}=` points git at another repository, where pactkit's hooks do not run"),
            ),
            "GIT_CONFIG_GLOBAL" | "GIT_CONFIG_SYSTEM" | "GIT_CONFIG" => self.block(
                "hooks-path",
                format!("`{name}=` swaps git's configuration file, which can move core.hooksPath away from pactkit's hooks"),
            ),
            _ if value.to_ascii_lowercase().contains("core.hookspath") => self.block(
                "hooks-path",
                format!("`{name}` overrides core.hooksPath, so git would not run pactkit's hooks"),
            ),
            _ => {}
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

    /// `sh [options] -c SCRIPT` is judged as SCRIPT; `sh FILE` runs a file we do not read;
    /// a shell without either reads its script from a pipe.
    fn nested_shell(&mut self, rest: &[Word], depth: usize) {
        let mut iter = rest.iter();
        while let Some(word) = iter.next() {
            let text = word.text.as_str();
            if text.starts_with("--") {
                continue; // --login, --norc, …
            }
            match text.strip_prefix('-') {
                Some(flags) if flags.contains('c') => {
                    if let Some(script) = iter.next() {
                        self.nested(&script.text, depth);
                    }
                    return;
                }
                Some(_) => {}
                None => return,
            }
        }
        // `… | sh`: the script comes from a pipe we cannot see.
        self.opaque("a shell reading its script from stdin");
    }

    fn nested(&mut self, script: &str, depth: usize) {
        if depth + 1 > MAX_DEPTH {
            self.opaque_text(script, "nested shells");
            return;
        }
        let saved = self.cwd.clone();
        self.script(script, depth + 1);
        self.cwd = saved;
    }

    fn opaque(&mut self, what: &str) {
        let text = self.text.clone();
        self.opaque_text(&text, what);
    }

    /// Text we cannot parse into commands: refused only when it names a bypass outright.
    fn opaque_text(&mut self, text: &str, what: &str) {
        let lower = text.to_ascii_lowercase();
        if lower.contains("--no-verify")
            || lower.contains("core.hookspath")
            || lower.contains("pactkit_skip")
        {
            self.block(
                "opaque-script",
                format!("a git hook bypass passed through {what} cannot be checked; run the git command directly"),
            );
        }
    }

    fn shim(&self, path: &str) -> Option<String> {
        shim_target(path, &self.cwd, self.scene.hooks_dir.as_deref())
    }

    /// `rm`, `mv`, `chmod` … on a shim.
    fn file_tool(&mut self, name: &str, args: &[Word]) {
        let mutating = matches!(
            name,
            "rm" | "rmdir"
                | "unlink"
                | "mv"
                | "cp"
                | "ln"
                | "chmod"
                | "chown"
                | "chgrp"
                | "truncate"
                | "tee"
                | "install"
                | "shred"
                | "dd"
                | "find"
                | "rsync"
        ) || (matches!(name, "sed" | "perl")
            && args
                .iter()
                .any(|w| w.text.starts_with("-i") || w.text.starts_with("--in-place")));
        if !mutating {
            return;
        }
        // A copy changes only its destination (`cp .git/hooks/pre-commit /tmp/` reads the shim).
        let copies = matches!(name, "cp" | "rsync" | "install");
        let paths: Vec<&Word> = args.iter().filter(|w| !w.text.starts_with('-')).collect();
        let args: &[&Word] = match (copies, paths.split_last()) {
            (true, Some((last, _))) => std::slice::from_ref(last),
            _ => &paths,
        };
        for arg in args {
            let path = arg.text.strip_prefix("of=").unwrap_or(&arg.text);
            if let Some(what) = self.shim(path) {
                self.block(
                    "shim-tamper",
                    format!("`{name}` on {what} would disable pactkit's git hooks"),
                );
                return;
            }
        }
    }

    fn git(&mut self, args: &[Word], command: &Command) {
        let mut cwd = self.cwd.clone();
        let mut rest = args;
        let mut other_repo = None;
        while let Some((word, tail)) = rest.split_first() {
            let text = word.text.as_str();
            if !text.starts_with('-') {
                break;
            }
            rest = tail;
            let (flag, inline) = match text.split_once('=') {
                Some((f, v)) if text.starts_with("--") => (f, Some(v.to_owned())),
                _ => (text, None),
            };
            let takes_value = matches!(
                flag,
                "-c" | "-C"
                    | "--git-dir"
                    | "--work-tree"
                    | "--namespace"
                    | "--exec-path"
                    | "--config-env"
                    | "--super-prefix"
                    | "--list-cmds"
                    | "--attr-source"
            ) && inline.is_none();
            let value = if takes_value {
                let (v, tail) = match rest.split_first() {
                    Some((v, tail)) => (Some(v.text.clone()), tail),
                    None => (None, rest),
                };
                rest = tail;
                v
            } else {
                inline
            };
            let value = value.unwrap_or_default();
            match flag {
                "-c" | "--config-env" => {
                    let key = value.split('=').next().unwrap_or("");
                    if key.eq_ignore_ascii_case("core.hookspath") {
                        self.block(
                            "hooks-path",
                            format!("`git {flag} {value}` points git away from pactkit's hooks"),
                        );
                    } else if alias_skips_hooks(key, &value) {
                        self.block(
                            "no-verify",
                            format!("`git {flag} {value}` defines an alias that skips pactkit's git hooks"),
                        );
                    }
                }
                "-C" => cwd = normalize(&cwd.join(&value)),
                "--git-dir" => other_repo = Some(value),
                _ => {}
            }
        }
        let Some((sub, sub_args)) = rest.split_first() else {
            return;
        };
        let writes_history = matches!(
            sub.text.as_str(),
            "commit"
                | "push"
                | "merge"
                | "am"
                | "rebase"
                | "cherry-pick"
                | "revert"
                | "pull"
                | "config"
        );
        if let Some(dir) = other_repo.filter(|_| writes_history) {
            self.block(
                "git-dir",
                format!(
                    "`git --git-dir={dir} {}` points git at another repository, where pactkit's hooks do not run",
                    sub.text
                ),
            );
        }
        match sub.text.as_str() {
            "commit" => self.commit(sub_args, command, &cwd),
            // Merges, rebases and patches create commits too, and skip hooks with the same flag.
            name @ ("push" | "merge" | "pull" | "am" | "rebase")
                if sub_args.iter().any(|w| is_no_verify(&w.text)) =>
            {
                self.block(
                    "no-verify",
                    format!("`git {name} --no-verify` skips pactkit's git hooks; fix what they report instead"),
                );
            }
            "config" => self.git_config(sub_args),
            "commit-tree" => self.block(
                "commit-tree",
                "`git commit-tree` creates commits without running any hook; use `git commit`"
                    .into(),
            ),
            _ => {}
        }
    }

    fn git_config(&mut self, args: &[Word]) {
        let alias = args.iter().position(|w| {
            w.text.len() > "alias.".len()
                && w.text
                    .get(.."alias.".len())
                    .is_some_and(|p| p.eq_ignore_ascii_case("alias."))
        });
        if alias
            .and_then(|i| args.get(i + 1))
            .is_some_and(|value| alias_skips_hooks("alias.", &value.text))
        {
            self.block(
                "no-verify",
                "an alias with --no-verify would skip pactkit's git hooks".into(),
            );
        }
        let Some(pos) = args
            .iter()
            .position(|w| w.text.eq_ignore_ascii_case("core.hookspath"))
        else {
            return;
        };
        let reads = args.iter().any(|w| {
            matches!(
                w.text.as_str(),
                "--get"
                    | "--get-all"
                    | "--get-regexp"
                    | "-l"
                    | "--list"
                    | "get"
                    | "list"
                    | "--show-origin"
            )
        });
        let writes = args.iter().any(|w| {
            matches!(
                w.text.as_str(),
                "--unset"
                    | "--unset-all"
                    | "--add"
                    | "--replace-all"
                    | "set"
                    | "unset"
                    | "--rename-section"
                    | "--remove-section"
            )
        }) || args.len() > pos + 1;
        if writes && !(reads && args.len() == pos + 1) {
            self.block(
                "hooks-path",
                "changing core.hooksPath would stop git from running pactkit's hooks".into(),
            );
        }
    }

    fn commit(&mut self, args: &[Word], command: &Command, cwd: &Path) {
        let mut source = MessageSource::default();
        let mut iter = args.iter();
        while let Some(word) = iter.next() {
            let text = word.text.as_str();
            if text == "--" {
                break;
            }
            if is_no_verify(text) {
                self.block(
                    "no-verify",
                    "`git commit --no-verify` skips pactkit's pre-commit and commit-msg gates; fix what they report instead"
                        .into(),
                );
            } else if let Some(long) = text.strip_prefix("--") {
                commit_long_option(long, word.dynamic, &mut iter, &mut source);
            } else if let Some(cluster) = text.strip_prefix('-').filter(|c| !c.is_empty())
                && commit_short_cluster(cluster, word.dynamic, &mut iter, &mut source)
            {
                self.block(
                        "no-verify",
                        format!(
                            "`git commit {text}`: -n is --no-verify, which skips pactkit's pre-commit and commit-msg gates"
                        ),
                    );
            }
        }
        let text = match source {
            MessageSource { opaque: true, .. } => return,
            MessageSource { parts, .. } if !parts.is_empty() => {
                if parts.iter().any(|w| w.dynamic) {
                    return;
                }
                // Each -m is a paragraph.
                let paragraphs: Vec<&str> = parts.iter().map(|w| w.text.as_str()).collect();
                paragraphs.join("\n\n")
            }
            MessageSource {
                file: Some(file), ..
            } => match self.message_file(&file, command, cwd) {
                Some(text) => text,
                None => return,
            },
            _ => return,
        };
        self.out.messages.push(PendingMessage {
            text,
            cwd: cwd.to_path_buf(),
        });
    }

    /// `-F file` (read now) or `-F -` fed by a here-document.
    fn message_file(&self, file: &Word, command: &Command, cwd: &Path) -> Option<String> {
        if file.dynamic {
            return None;
        }
        if file.text == "-" {
            return command
                .redirects
                .iter()
                .find(|r| r.op.starts_with("<<") && r.op != "<<<")
                .and_then(|r| r.heredoc.clone())
                .filter(|body| !body.contains('$') && !body.contains('`'));
        }
        std::fs::read(cwd.join(&file.text))
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Where `git commit` takes its message from.
#[derive(Default)]
struct MessageSource {
    /// `-m` / `--message` values, in order.
    parts: Vec<Word>,
    /// `-F` / `--file`.
    file: Option<Word>,
    /// The message comes from somewhere we do not read (an editor, another commit).
    opaque: bool,
}

/// One `--long[=value]` option of `git commit` (not `--no-verify`).
fn commit_long_option<'w>(
    long: &str,
    dynamic: bool,
    iter: &mut impl Iterator<Item = &'w Word>,
    source: &mut MessageSource,
) {
    let (name, inline) = match long.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (long, None),
    };
    let needs_value = matches!(
        name,
        "message"
            | "file"
            | "reuse-message"
            | "reedit-message"
            | "template"
            | "author"
            | "date"
            | "cleanup"
            | "fixup"
            | "squash"
            | "trailer"
            | "pathspec-from-file"
    );
    let value = match inline {
        Some(v) => Some(Word {
            text: v.to_owned(),
            dynamic,
        }),
        None if needs_value => iter.next().cloned(),
        None => None,
    };
    match (name, value) {
        ("message", Some(v)) => source.parts.push(v),
        ("file", Some(v)) => source.file = Some(v),
        ("reuse-message" | "reedit-message" | "template" | "fixup" | "squash" | "edit", _) => {
            source.opaque = true;
        }
        _ => {}
    }
}

/// A short-option cluster (`-am`, `-nm msg`, `-mfix: x`): flags until one that takes a
/// value (the rest of the cluster, or the next word). Returns true when it holds `-n`.
fn commit_short_cluster<'w>(
    cluster: &str,
    dynamic: bool,
    iter: &mut impl Iterator<Item = &'w Word>,
    source: &mut MessageSource,
) -> bool {
    let mut no_verify = false;
    for (i, flag) in cluster.char_indices() {
        match flag {
            'n' => no_verify = true,
            'm' | 'F' | 'C' | 'c' | 't' => {
                let attached = &cluster[i + flag.len_utf8()..];
                let value = if attached.is_empty() {
                    iter.next().cloned()
                } else {
                    Some(Word {
                        text: attached.to_owned(),
                        dynamic,
                    })
                };
                match (flag, value) {
                    ('m', Some(v)) => source.parts.push(v),
                    ('F', Some(v)) => source.file = Some(v),
                    _ => source.opaque = true,
                }
                break;
            }
            'e' => source.opaque = true,
            // Optional values attached to the flag.
            'S' | 'u' => break,
            _ => {}
        }
    }
    no_verify
}

/// `alias.x=commit --no-verify` / `commit -n`: an alias that skips hooks.
fn alias_skips_hooks(key: &str, value: &str) -> bool {
    if !key.to_ascii_lowercase().starts_with("alias.") {
        return false;
    }
    let body = value.split_once('=').map_or(value, |(_, v)| v);
    let script = if body.starts_with('!') {
        body.trim_start_matches('!').to_owned()
    } else {
        format!("git {body}")
    };
    let scene = Scene {
        cwd: PathBuf::from("/"),
        hooks_dir: None,
    };
    judge(&script, &scene)
        .bypasses
        .iter()
        .any(|b| b.rule == "no-verify")
}

/// `--no-verify` and the unambiguous abbreviations git accepts (`--no-veri`, `--no-verif`).
fn is_no_verify(text: &str) -> bool {
    text.len() >= "--no-veri".len() && "--no-verify".starts_with(text)
}

/// `NAME=value` with a valid shell name.
fn assignment(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// Skips a wrapper's options (and the values of those in `with_value`) and assignments
/// stay for the caller.
fn skip_options<'w>(mut words: &'w [Word], with_value: &[&str]) -> &'w [Word] {
    while let Some((word, rest)) = words.split_first() {
        if word.text == "--" {
            return rest;
        }
        if !word.text.starts_with('-') {
            return words;
        }
        words = rest;
        if with_value.contains(&word.text.as_str()) {
            words = words.split_first().map_or(words, |(_, r)| r);
        }
    }
    words
}

fn basename(text: &str) -> &str {
    text.rsplit('/').next().unwrap_or(text)
}

/// Lexical normalisation: `.` and `..` resolved without touching the file system.
fn normalize(path: &Path) -> PathBuf {
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

/// `Some(description)` when `path` (relative to `cwd`) is the hooks directory or one of
/// pactkit's hook files in it (globs count: `.git/hooks/*`).
fn shim_target(path: &str, cwd: &Path, hooks_dir: Option<&Path>) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    let absolute = normalize(&cwd.join(path));
    let dirs = [
        hooks_dir.map(normalize),
        // The default location, whatever core.hooksPath says.
        Some(normalize(&cwd.join(".git/hooks"))),
    ];
    let literal = path.replace('\\', "/");
    for dir in dirs.iter().flatten() {
        let inside = absolute.strip_prefix(dir).ok();
        let matched = match inside {
            Some(rel) if rel.as_os_str().is_empty() => true,
            Some(rel) => {
                let name = rel.to_string_lossy();
                names_our_hook(&name)
            }
            None => false,
        };
        if matched {
            return Some(format!("`{path}` (pactkit's hooks in {})", dir.display()));
        }
    }
    // `.git/hooks/…` written relative to some other directory (`../repo/.git/hooks/pre-commit`).
    let tail = literal.split(".git/hooks").nth(1)?;
    let name = tail.trim_start_matches('/');
    if name.is_empty()
        || OUR_HOOKS.iter().any(|h| name.starts_with(h))
        || glob_matches_our_hook(name)
    {
        return Some(format!("`{path}` (a git hooks directory)"));
    }
    None
}

/// A file name in the hooks directory that is one of our shims or their `.legacy` copies,
/// or a glob that matches one.
fn names_our_hook(name: &str) -> bool {
    OUR_HOOKS.iter().any(|h| name.starts_with(h)) || glob_matches_our_hook(name)
}

fn glob_matches_our_hook(pattern: &str) -> bool {
    if !pattern.contains(['*', '?', '[']) {
        return false;
    }
    // An unreadable pattern counts as a match: refusing is the safe side here.
    globset::Glob::new(pattern).map_or(true, |glob| {
        let matcher = glob.compile_matcher();
        OUR_HOOKS
            .iter()
            .any(|h| matcher.is_match(h) || matcher.is_match(format!("{h}.legacy")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene() -> Scene {
        Scene {
            cwd: PathBuf::from("/work/repo"),
            hooks_dir: Some(PathBuf::from("/work/repo/.git/hooks")),
        }
    }

    fn rules(command: &str) -> Vec<&'static str> {
        judge(command, &scene())
            .bypasses
            .iter()
            .map(|b| b.rule)
            .collect()
    }

    fn messages(command: &str) -> Vec<String> {
        judge(command, &scene())
            .messages
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    #[test]
    fn no_verify_in_its_spellings() {
        for cmd in [
            "git commit --no-verify -m 'feat: x'",
            "git commit -n -m 'feat: x'",
            "git commit -nm 'feat: x'",
            "git commit -anm 'feat: x'",
            "git commit --no-veri -m x",
            "cd sub && git commit -q --no-verify",
            "env FOO=1 git commit --no-verify",
            "sh -c \"git commit --no-verify -m x\"",
            "bash -lc 'cd x; git commit -n'",
            "bash --login -c 'git commit -n'",
            "timeout 60 env GIT_TRACE=1 git commit -n",
            "/usr/bin/git commit -n",
            "echo $(git commit --no-verify)",
            "git push --no-verify origin main",
            "git merge --no-verify feature",
            "git -c alias.ci='commit --no-verify' ci -m x",
            "git config alias.ci 'commit -n'",
            "git pull --no-verify",
        ] {
            assert_eq!(rules(cmd), vec!["no-verify"], "{cmd}");
        }
    }

    #[test]
    fn n_means_something_else_outside_commit_and_inside_values() {
        for cmd in [
            "git push -n origin main",
            "git clean -n",
            "git commit -m -n",
            "git commit -m 'feat: add -n flag'",
            "git log -n 3",
            "git commit -mn",
            "git commit --no-verbose -m 'feat: x'",
        ] {
            assert!(rules(cmd).is_empty(), "{cmd}: {:?}", rules(cmd));
        }
    }

    #[test]
    fn hooks_path_overrides() {
        for cmd in [
            "git -c core.hooksPath=/dev/null commit -m x",
            "git -c CORE.HOOKSPATH=x commit",
            "git -c core.hookspath= push",
            "git config core.hooksPath /tmp/none",
            "git config --unset core.hooksPath",
            "git config --global core.hooksPath x",
            "GIT_CONFIG_PARAMETERS=\"'core.hooksPath'='x'\" git commit",
            "GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=x git commit",
        ] {
            assert!(
                rules(cmd).contains(&"hooks-path"),
                "{cmd}: {:?}",
                rules(cmd)
            );
        }
        assert!(rules("git config core.hooksPath").is_empty());
        assert!(rules("git config --get core.hooksPath").is_empty());
    }

    #[test]
    fn other_repositories_and_skips() {
        assert_eq!(rules("GIT_DIR=/tmp/x git commit -m x"), vec!["git-dir"]);
        assert_eq!(rules("git --git-dir=/tmp/x commit"), vec!["git-dir"]);
        assert!(rules("git --git-dir=/tmp/x log").is_empty());
        assert_eq!(
            rules("PACTKIT_SKIP=all git commit -m 'feat: x'"),
            vec!["pactkit-skip"]
        );
        assert_eq!(
            rules("export PACTKIT_SKIP=spec; git commit"),
            vec!["pactkit-skip"]
        );
        assert_eq!(
            rules("env PACTKIT_SKIP=lint git push"),
            vec!["pactkit-skip"]
        );
        assert_eq!(rules("git commit-tree HEAD^{tree}"), vec!["commit-tree"]);
        assert_eq!(
            rules("GIT_CONFIG_GLOBAL=/tmp/g git commit"),
            vec!["hooks-path"]
        );
        assert!(rules("git config alias.st status").is_empty());
        assert!(
            rules("git config ålias.x y").is_empty(),
            "multi-byte text is not sliced"
        );
    }

    #[test]
    fn shim_tampering() {
        for cmd in [
            "rm .git/hooks/pre-commit",
            "rm -f /work/repo/.git/hooks/commit-msg",
            "chmod -x .git/hooks/pre-push",
            "mv .git/hooks/pre-commit /tmp/x",
            "echo 'exit 0' > .git/hooks/pre-commit",
            "cat x >> .git/hooks/commit-msg",
            "rm -rf .git/hooks",
            "rm .git/hooks/*",
            "cd .git && rm hooks/pre-commit",
            "sed -i 's/x/y/' .git/hooks/pre-commit",
            "cp /dev/null ../repo/.git/hooks/pre-push",
        ] {
            assert_eq!(rules(cmd), vec!["shim-tamper"], "{cmd}");
        }
        for cmd in [
            "cat .git/hooks/pre-commit",
            "rm .git/hooks/post-checkout.sample",
            "ls -la .git/hooks",
            "rm -rf target",
            "sed 's/x/y/' .git/hooks/pre-commit",
            "rm .git/hooks/*.sample",
            "cp .git/hooks/pre-commit /tmp/backup",
        ] {
            assert!(rules(cmd).is_empty(), "{cmd}: {:?}", rules(cmd));
        }
    }

    #[test]
    fn commit_messages_are_collected() {
        assert_eq!(messages("git commit -m 'feat: x'"), vec!["feat: x"]);
        assert_eq!(
            messages("git commit -am 'feat: x' -m 'Body.'"),
            vec!["feat: x\n\nBody."]
        );
        assert_eq!(messages("git commit --message='fix: y'"), vec!["fix: y"]);
        assert_eq!(messages("git commit --message 'fix: y'"), vec!["fix: y"]);
        assert_eq!(messages("git commit -mfix:z"), vec!["fix:z"]);
        assert_eq!(
            messages("git commit -F - <<'EOF'\nfeat: from heredoc\nEOF"),
            vec!["feat: from heredoc\n"]
        );
        assert_eq!(
            messages(
                "git commit -m \"$(cat <<'EOF'\nfeat: don't stop\n\nBody (with parens).\nEOF\n)\""
            ),
            vec!["feat: don't stop\n\nBody (with parens)."]
        );
        assert!(messages("git commit -m \"$MSG\"").is_empty());
        assert!(messages("git commit --amend --no-edit").is_empty());
        assert_eq!(messages("git commit --amend -m 'fix: z'"), vec!["fix: z"]);
        assert!(messages("git commit -C HEAD").is_empty());
        assert!(messages("git status").is_empty());
    }

    #[test]
    fn ordinary_commands_pass() {
        for cmd in [
            "ls -la",
            "cargo test",
            "git status && git diff",
            "git commit -m 'feat: x'",
            "npm run build | tee out.log",
            "echo '--no-verify' > notes.txt",
            "grep -rn 'core.hooksPath' src",
        ] {
            assert!(rules(cmd).is_empty(), "{cmd}: {:?}", rules(cmd));
        }
    }

    /// Arbitrary text never panics or hangs the reader (a deterministic pseudo-random walk
    /// over the characters the shell treats specially).
    #[test]
    fn arbitrary_text_is_judged_without_panicking() {
        const ALPHABET: &[char] = &[
            'g', 'i', 't', ' ', '-', 'n', 'm', '\'', '"', '\\', '$', '(', ')', '`', '<', '>', '&',
            '|', ';', '\n', '#', '=', '{', '}', '*', 'E', 'O', 'F', 'é', '.', '/', 'c',
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push(ALPHABET[(seed >> 33) as usize % ALPHABET.len()]);
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let _ = judge(&text, &scene());
        }
        let _ = judge("git commit -m \"$(cat <<EOF", &scene());
        let _ = judge("echo 'unterminated", &scene());
        let _ = judge("git -c", &scene());
    }

    #[test]
    fn piping_a_bypass_into_a_shell_is_refused() {
        assert_eq!(
            rules("echo 'git commit --no-verify' | sh"),
            vec!["opaque-script"]
        );
        assert!(rules("cat script.sh | bash").is_empty());
    }
}
