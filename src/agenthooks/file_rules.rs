//! The files an agent may not write, and which commands write which files.
//!
//! Protected, whatever the configuration says: git's own directories (`.git/**`, the
//! common directory of a linked worktree, any `.git` on the way), the hooks directory
//! git really runs (core.hooksPath, wherever it is), the settings that load an agent's
//! hooks (Claude Code's `settings*.json`, Codex's `hooks.json`/`config.toml`, OpenCode's
//! plugins and `opencode.json`, in the project and in the user's home), git's global
//! configuration files, pactkit's configuration candidates, `.pactkit-secrets-allow`, and
//! the pactkit binary itself. `hooks.agent.protected_paths` in the committed
//! `pactkit.yaml` adds globs; it cannot remove any of these.
//!
//! A write is judged on the path it would really reach: the deepest existing ancestor is
//! canonicalised, so a symlink (`ln -s .git g; echo x > g/config`) does not hide it.

pub(super) use super::glob::Glob;
use super::policy::{Walker, basename, normalize, skip_options};
use super::shell::{Command, Word};
use std::path::{Path, PathBuf};

/// Root-relative globs protected in every project, with what they are.
const BUILT_IN: &[(&str, &str)] = &[
    (".pactkit-secrets-allow", "the secrets allow-list"),
    (
        ".claude/settings*.json",
        "Claude Code's settings, which load pactkit's hook",
    ),
    (
        ".codex/hooks.json",
        "Codex's hooks, which load pactkit's hook",
    ),
    (
        ".codex/config.toml",
        "Codex's configuration, which can hold hooks",
    ),
    (
        ".opencode/plugins/**",
        "OpenCode's plugins, one of which is pactkit's hook",
    ),
    (
        ".opencode/plugin/**",
        "OpenCode's plugins, one of which is pactkit's hook",
    ),
    (
        ".opencode/opencode.json",
        "OpenCode's configuration, which loads plugins",
    ),
    (
        ".opencode/opencode.jsonc",
        "OpenCode's configuration, which loads plugins",
    ),
    (
        "opencode.json",
        "OpenCode's configuration, which loads plugins",
    ),
    (
        "opencode.jsonc",
        "OpenCode's configuration, which loads plugins",
    ),
];

/// What the protected set needs to know.
#[derive(Debug, Clone, Default)]
pub struct ProtectedInput {
    /// The work tree root.
    pub root: Option<PathBuf>,
    /// The repository's git directory and common directory.
    pub git_dirs: Vec<PathBuf>,
    /// The directory git runs hooks from.
    pub hooks_dir: Option<PathBuf>,
    /// `hooks.agent.protected_paths` of the committed configuration.
    pub configured: Vec<String>,
    /// Why the committed configuration could not be read, when it could not.
    pub config_error: Option<String>,
    /// `$HOME`.
    pub home: Option<PathBuf>,
    /// Absolute files and globs outside the project (user-level settings, git config).
    pub user_globs: Vec<(String, &'static str)>,
    /// The pactkit binaries (the running one, those on PATH).
    pub binaries: Vec<PathBuf>,
}

/// The protected set, compiled.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    root: Option<PathBuf>,
    git_dirs: Vec<PathBuf>,
    hooks_dir: Option<PathBuf>,
    relative: Vec<(Glob, String)>,
    /// How many of `relative` are built in (they come first; the configured ones follow).
    built_in: usize,
    absolute: Vec<(Glob, String)>,
    binaries: Vec<PathBuf>,
    home: Option<PathBuf>,
    config_error: Option<String>,
}

/// Why a path is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    /// In (or is) the hooks directory git runs.
    HooksDir(PathBuf),
    /// A protected file: what it is.
    File(String),
    /// The pactkit binary.
    Binary(PathBuf),
}

impl Protected {
    /// Compiles the set; a configured glob that does not parse protects nothing and is
    /// reported through [`Protected::config_error`].
    pub fn new(input: ProtectedInput) -> Protected {
        let canon = |p: &PathBuf| resolve(p);
        let mut relative = Vec::new();
        let mut errors: Vec<String> = input.config_error.into_iter().collect();
        let candidates = crate::config::CANDIDATES.iter().map(|c| {
            (
                (*c).to_owned(),
                "pactkit's configuration (the contract)".to_owned(),
            )
        });
        let built_in = BUILT_IN
            .iter()
            .map(|(g, w)| ((*g).to_owned(), (*w).to_owned()));
        let configured = input.configured.iter().map(|g| {
            (
                g.trim_start_matches("./").to_owned(),
                "listed in hooks.agent.protected_paths of the committed pactkit.yaml".to_owned(),
            )
        });
        let built_in_count = crate::config::CANDIDATES.len() + BUILT_IN.len();
        for (pattern, what) in candidates.chain(built_in).chain(configured) {
            match Glob::new(&pattern) {
                Some(glob) => relative.push((glob, what)),
                None => errors.push(format!(
                    "hooks.agent.protected_paths: `{pattern}` is not a valid glob"
                )),
            }
        }
        let absolute = input
            .user_globs
            .iter()
            .filter_map(|(pattern, what)| Glob::new(pattern).map(|g| (g, (*what).to_owned())))
            .collect();
        Protected {
            root: input.root.as_ref().map(canon),
            git_dirs: input.git_dirs.iter().map(canon).collect(),
            hooks_dir: input.hooks_dir.as_ref().map(canon),
            relative,
            built_in: built_in_count,
            absolute,
            binaries: input.binaries.iter().map(canon).collect(),
            home: input.home,
            config_error: (!errors.is_empty()).then(|| errors.join("; ")),
        }
    }

    /// `$HOME`, when known.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// Why the configured part of the set is unknown, when it is.
    pub fn config_error(&self) -> Option<&str> {
        self.config_error.as_deref()
    }

    /// The repository's git directory and common directory (canonical).
    pub fn git_dirs(&self) -> &[PathBuf] {
        &self.git_dirs
    }

    /// The hooks directory git runs.
    pub fn hooks_dir(&self) -> Option<&Path> {
        self.hooks_dir.as_deref()
    }

    /// Whether writing `path` (absolute) is refused, and why.
    pub fn hit(&self, path: &Path) -> Option<Hit> {
        let real = resolve(path);
        if self.binaries.contains(&real) {
            return Some(Hit::Binary(real));
        }
        if let Some(hooks) = &self.hooks_dir
            && real.starts_with(hooks)
        {
            return Some(Hit::HooksDir(hooks.clone()));
        }
        if self.git_dirs.iter().any(|d| real.starts_with(d))
            || real.components().any(|c| c.as_os_str() == ".git")
        {
            return Some(Hit::File("git's own directory".into()));
        }
        if let Some(rel) = self.root.as_ref().and_then(|r| real.strip_prefix(r).ok()) {
            if let Some((_, what)) = self.relative.iter().find(|(g, _)| g.matches(rel)) {
                return Some(Hit::File(what.clone()));
            }
        } else if let Some(other) = enclosing_work_tree(&real)
            && let Ok(rel) = real.strip_prefix(&other)
            && let Some((_, what)) = self
                .relative
                .iter()
                .take(self.built_in)
                .find(|(g, _)| g.matches(rel))
        {
            // Another repository's contract files: the built-ins hold there too.
            return Some(Hit::File(format!("{what} of {}", other.display())));
        }
        self.absolute
            .iter()
            .find(|(g, _)| g.matches(&real))
            .map(|(_, what)| Hit::File(what.clone()))
    }

    /// Whether a directory about to be removed or moved as a whole holds a protected file.
    pub fn holds(&self, dir: &Path) -> Option<Hit> {
        let real = resolve(dir);
        let inside = |p: &PathBuf| p.starts_with(&real);
        if let Some(b) = self.binaries.iter().find(|b| inside(b)) {
            return Some(Hit::Binary(b.clone()));
        }
        if let Some(h) = self.hooks_dir.as_ref().filter(|h| inside(h)) {
            return Some(Hit::HooksDir(h.clone()));
        }
        if self.git_dirs.iter().any(inside) || self.root.as_ref().is_some_and(inside) {
            return Some(Hit::File("git's own directory".into()));
        }
        let rel = self.root.as_ref().and_then(|r| real.strip_prefix(r).ok())?;
        self.relative
            .iter()
            .find(|(glob, _)| literal_prefix(&glob.pattern).starts_with(rel))
            .map(|(_, what)| Hit::File(what.clone()))
    }
}

/// The work tree holding `path` when it is not the scene's: the nearest ancestor with a
/// `.git` (directory or file).
fn enclosing_work_tree(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The first name in `text` that points at a protected place (`.git`, `$GIT_DIR`, hooks,
/// pactkit, the agents' settings): what a path only known at run time is judged by.
pub(super) fn mentions_protected(text: &str) -> Option<&'static str> {
    const MARKERS: &[&str] = &[
        ".git",
        "GIT_DIR",
        "GIT_COMMON_DIR",
        "hooks",
        "pactkit",
        ".claude",
        ".codex",
        ".opencode",
        "opencode.json",
    ];
    MARKERS.iter().find(|m| text.contains(*m)).copied()
}

/// The directories of a glob before its first wildcard (`docs/specs/**` → `docs/specs`).
fn literal_prefix(pattern: &str) -> PathBuf {
    pattern
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[', '{']))
        .collect()
}

/// The path as the file system resolves it: the deepest existing ancestor canonicalised.
pub(super) fn resolve(path: &Path) -> PathBuf {
    let path = normalize(path);
    let mut existing = path.as_path();
    let mut tail = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(tail.iter().rev());
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_owned());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// What a file tool does to its operands.
struct Writes {
    /// Paths written or removed.
    paths: Vec<Word>,
    /// True when whole directories are affected (`rm -r`, `mv dir`, `chmod -R`).
    recursive: bool,
}

impl Walker<'_> {
    /// A write to `path` (as written in the command) by `verb`.
    pub(super) fn check_write(&mut self, path: &str, verb: &str) {
        self.check_path(path, verb, false);
    }

    fn check_path(&mut self, path: &str, verb: &str, recursive: bool) {
        if path.is_empty() || path == "/dev/null" {
            return;
        }
        let absolute = self.absolute(path);
        let protected = &self.scene.protected;
        let hit = protected
            .hit(&absolute)
            .or_else(|| recursive.then(|| protected.holds(&absolute)).flatten());
        match hit {
            Some(Hit::HooksDir(dir)) => self.block(
                "shim-tamper",
                format!(
                    "{verb} `{path}` changes the hooks git runs ({}), which would disable pactkit's git hooks",
                    dir.display()
                ),
            ),
            Some(Hit::Binary(binary)) => self.block(
                "pactkit-binary",
                format!(
                    "{verb} `{path}` replaces the pactkit binary ({}) that the hooks run",
                    binary.display()
                ),
            ),
            Some(Hit::File(what)) => self.block(
                "protected-path",
                format!("{verb} `{path}` changes {what}"),
            ),
            None => {}
        }
    }

    /// A write target only known at run time: refused when its visible text names a
    /// protected place, otherwise allowed (the shell decides, pactkit cannot know).
    fn check_dynamic_path(&mut self, word: &Word, verb: &str) {
        if mentions_protected(&word.text).is_some() {
            self.block(
                "protected-path",
                format!(
                    "{verb} `{}`: the path is decided at run time and may be a protected file",
                    word.text
                ),
            );
        }
    }

    fn check_word(&mut self, word: &Word, verb: &str, recursive: bool) {
        if word.dynamic && !word.procsub {
            self.check_dynamic_path(word, verb);
        }
        if !word.procsub {
            self.check_path(&word.text, verb, recursive);
        }
    }

    /// Redirections that open a file for writing; what they write is remembered for a
    /// script the same line runs later.
    pub(super) fn redirect_writes(&mut self, command: &Command) {
        for redirect in command.redirects.iter().filter(|r| r.writes()) {
            self.check_word(&redirect.target, "writing to", false);
            if !redirect.target.dynamic {
                let content = written_content(command);
                let path = self.absolute(&redirect.target.text);
                self.written.insert(path, content);
            }
        }
    }

    /// `rm`, `mv`, `cp`, `chmod`, `tee`, `sed -i`, editors … on a protected file.
    pub(super) fn file_tool(&mut self, name: &str, args: &[Word]) {
        let Some(writes) = write_targets(name, args) else {
            return;
        };
        let verb = format!("`{name}` on");
        for word in &writes.paths {
            if name == "chmod" && self.restores_a_shim(args, word) {
                continue;
            }
            self.check_word(word, &verb, writes.recursive);
            if matches!(name, "tee" | "touch") && !word.dynamic {
                let path = self.absolute(&word.text);
                self.written.entry(path).or_insert(None);
            }
        }
    }

    /// `chmod +x` (or a mode with the owner's execute bit) on a file that is pactkit's
    /// shim puts the hook back in force: allowed.
    fn restores_a_shim(&self, args: &[Word], target: &Word) -> bool {
        let Some((mode, _)) = chmod_operands(args) else {
            return false;
        };
        let adds_execute = match mode.text.parse::<u32>() {
            Ok(_) => {
                let digits: Vec<u32> = mode.text.chars().filter_map(|c| c.to_digit(8)).collect();
                digits.len() >= 3 && digits[digits.len() - 3] & 1 == 1
            }
            Err(_) => mode
                .text
                .split(',')
                .all(|part| part.contains('+') && !part.contains(['-', '=']) && part.contains('x')),
        };
        if !adds_execute || target.dynamic {
            return false;
        }
        let path = self.absolute(&target.text);
        super::script_rules::read_text(&path, 64 * 1024)
            .ok()
            .flatten()
            .is_some_and(|text| crate::githooks::shim::is_ours(&text))
    }

    /// Every path a patch touches (`*** Update File:`, `+++ b/…`, renames).
    pub(super) fn patch_text(&mut self, patch: &str) {
        for path in super::patch::paths(patch) {
            self.check_write(&path, "the patch's change to");
        }
    }

    /// `apply_patch <<'EOF' … EOF` or `apply_patch "$PATCH"` (Codex runs it in-process).
    pub(super) fn apply_patch_command(&mut self, args: &[Word], command: &Command) {
        let mut texts: Vec<String> = args.iter().map(|w| w.text.clone()).collect();
        texts.extend(command.redirects.iter().filter_map(|r| r.heredoc.clone()));
        if command.redirects.iter().any(|r| r.op == "<<<") {
            texts.extend(
                command
                    .redirects
                    .iter()
                    .filter(|r| r.op == "<<<")
                    .map(|r| r.target.text.clone()),
            );
        }
        for text in texts {
            self.patch_text(&text);
        }
    }

    /// `patch [-pN] [FILE] < diff`: the files named in the diff.
    pub(super) fn patch_command(&mut self, args: &[Word], command: &Command) {
        for redirect in &command.redirects {
            if let Some(body) = &redirect.heredoc {
                self.patch_text(body);
            } else if redirect.op == "<" && !redirect.target.dynamic {
                let path = self.absolute(&redirect.target.text);
                if let Ok(Some(text)) = super::script_rules::read_text(&path, 4 << 20) {
                    self.patch_text(&text);
                }
            }
        }
        let rest = skip_options(
            args,
            &[
                "-i", "--input", "-o", "--output", "-p", "-d", "-D", "-r", "-B", "-F", "-z",
            ],
        );
        if let Some(target) = rest.first() {
            self.check_word(target, "`patch` on", false);
        }
        if let Some(input) = args
            .iter()
            .position(|w| w.text == "-i" || w.text == "--input")
            && let Some(file) = args.get(input + 1).filter(|w| !w.dynamic)
        {
            let path = self.absolute(&file.text);
            if let Ok(Some(text)) = super::script_rules::read_text(&path, 4 << 20) {
                self.patch_text(&text);
            }
        }
    }
}

/// The content a redirected command writes, when the line shows it: `cat <<EOF`, `echo`
/// and `printf` with fixed words.
fn written_content(command: &Command) -> Option<String> {
    let name = command.words.first()?;
    let args = &command.words[1..];
    match basename(&name.text) {
        "cat" if args.is_empty() => command.redirects.iter().find_map(|r| {
            r.heredoc
                .clone()
                .or_else(|| (r.op == "<<<").then(|| format!("{}\n", r.target.text)))
        }),
        "echo" | "printf" if args.iter().all(|w| !w.dynamic) => {
            let words: Vec<&str> = args
                .iter()
                .map(|w| w.text.as_str())
                .skip_while(|w| w.starts_with('-') && name.text != "printf")
                .collect();
            Some(format!("{}\n", words.join(" ").replace("\\n", "\n")))
        }
        _ => None,
    }
}

/// `chmod`'s mode and files (a mode may start with `-`: `chmod -x f`).
fn chmod_operands(args: &[Word]) -> Option<(&Word, Vec<&Word>)> {
    let mut rest = args.iter().filter(|w| {
        !matches!(
            w.text.as_str(),
            "-R" | "-v"
                | "-c"
                | "-f"
                | "--recursive"
                | "--verbose"
                | "--changes"
                | "--silent"
                | "--quiet"
                | "--preserve-root"
                | "--no-preserve-root"
                | "--"
        ) && !w.text.starts_with("--reference")
    });
    let mode = rest.next()?;
    Some((mode, rest.collect()))
}

/// The operands a file tool writes, or `None` for a tool that writes nothing it is given.
fn write_targets(name: &str, args: &[Word]) -> Option<Writes> {
    let operands = |with_value: &[&str]| -> Vec<Word> {
        let mut out = Vec::new();
        let mut rest = args;
        let mut after_dashdash = false;
        while let Some((word, tail)) = rest.split_first() {
            rest = tail;
            if !after_dashdash && word.text == "--" {
                after_dashdash = true;
            } else if !after_dashdash && word.text.starts_with('-') && word.text.len() > 1 {
                if with_value.contains(&word.text.as_str()) {
                    rest = rest.split_first().map_or(rest, |(_, r)| r);
                }
            } else {
                out.push(word.clone());
            }
        }
        out
    };
    let short_flag = |letter: char| {
        args.iter().any(|w| {
            let t = w.text.as_str();
            t.starts_with('-') && !t.starts_with("--") && t.contains(letter)
        })
    };
    let recursive =
        short_flag('r') || short_flag('R') || args.iter().any(|w| w.text == "--recursive");
    let target_dir = || {
        args.iter().enumerate().find_map(|(i, w)| {
            if let Some(dir) = w.text.strip_prefix("--target-directory=") {
                return Some(Word {
                    text: dir.to_owned(),
                    ..w.clone()
                });
            }
            (w.text == "-t").then(|| args.get(i + 1).cloned()).flatten()
        })
    };
    let last_operand = |with_value: &[&str]| -> Vec<Word> {
        match target_dir() {
            Some(dir) => vec![dir],
            None => operands(with_value).last().cloned().into_iter().collect(),
        }
    };
    let copy_options = [
        "-t", "-S", "--suffix", "-m", "--mode", "-o", "--owner", "-g", "--group", "-e",
    ];
    let in_place = args.iter().any(|w| {
        w.text.starts_with("--in-place")
            || (w.text.starts_with('-') && !w.text.starts_with("--") && w.text.contains('i'))
    });
    let paths = match name {
        "rm" | "rmdir" | "unlink" | "shred" | "srm" => operands(&[]),
        "truncate" => operands(&["-s", "--size", "-r", "--reference"]),
        "touch" => operands(&["-d", "-t", "-r", "--date", "--reference"]),
        "chmod" => chmod_operands(args)?.1.into_iter().cloned().collect(),
        "chown" | "chgrp" | "chattr" | "setfacl" => {
            let mut ops = operands(&[]);
            if !args.iter().any(|w| w.text.starts_with("--reference")) && !ops.is_empty() {
                ops.remove(0);
            }
            ops
        }
        "mv" => {
            return Some(Writes {
                paths: operands(&["-t", "-S", "--suffix"]),
                recursive: true,
            });
        }
        "install"
            if args
                .iter()
                .any(|w| w.text == "-d" || w.text == "--directory") =>
        {
            operands(&copy_options)
        }
        // `ln -s target` links into the current directory under the target's name.
        "ln" | "link" if operands(&copy_options).len() == 1 && target_dir().is_none() => {
            return None;
        }
        "cp" | "install" | "rsync" | "scp" | "ln" | "link" => last_operand(&copy_options),
        "tee" => operands(&[]),
        "dd" => args
            .iter()
            .filter_map(|w| {
                w.text.strip_prefix("of=").map(|path| Word {
                    text: path.to_owned(),
                    ..w.clone()
                })
            })
            .collect(),
        "sed" | "gsed" | "perl" | "ruby" if in_place => {
            let explicit_script = args
                .iter()
                .any(|w| matches!(w.text.as_str(), "-e" | "-f" | "--expression" | "--file"));
            let mut ops = operands(&[
                "-e",
                "-f",
                "--expression",
                "--file",
                "-E",
                "-I",
                "-M",
                "-m",
                "-l",
                "-0",
            ]);
            if !explicit_script && !ops.is_empty() {
                ops.remove(0);
            }
            ops
        }
        "vi" | "vim" | "nvim" | "ex" | "ed" | "nano" | "pico" | "emacs" | "code" | "subl"
        | "micro" | "hx" | "kak" | "joe" | "mcedit" => {
            operands(&["-c", "-S", "-u", "--cmd", "-e", "--eval", "-l", "--load"])
        }
        _ => return None,
    };
    Some(Writes { paths, recursive })
}

/// The user-level files that load an agent's hooks, and git's global configuration.
pub fn user_globs(dirs: &super::install::UserDirs) -> Vec<(String, &'static str)> {
    let claude = dirs
        .claude_dir
        .clone()
        .unwrap_or_else(|| dirs.home.join(".claude"));
    let codex = dirs
        .codex_home
        .clone()
        .unwrap_or_else(|| dirs.home.join(".codex"));
    let xdg = dirs
        .xdg_config
        .clone()
        .unwrap_or_else(|| dirs.home.join(".config"));
    let text = |p: PathBuf| resolve(&p).display().to_string();
    vec![
        (
            format!("{}/settings*.json", text(claude)),
            "Claude Code's user settings, which load hooks",
        ),
        (text(codex.join("hooks.json")), "Codex's user hooks"),
        (
            text(codex.join("config.toml")),
            "Codex's user configuration, which can hold hooks",
        ),
        (
            format!("{}/**", text(xdg.join("opencode/plugins"))),
            "OpenCode's user plugins",
        ),
        (
            format!("{}/**", text(xdg.join("opencode/plugin"))),
            "OpenCode's user plugins",
        ),
        (
            format!("{}/opencode.json*", text(xdg.join("opencode"))),
            "OpenCode's user configuration, which loads plugins",
        ),
        (
            text(dirs.home.join(".gitconfig")),
            "git's global configuration",
        ),
        (text(xdg.join("git/config")), "git's global configuration"),
        ("/etc/gitconfig".to_owned(), "git's system configuration"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefixes() {
        assert_eq!(literal_prefix("docs/specs/**"), PathBuf::from("docs/specs"));
        assert_eq!(
            literal_prefix(".claude/settings*.json"),
            PathBuf::from(".claude")
        );
        assert_eq!(
            literal_prefix("pactkit.yaml"),
            PathBuf::from("pactkit.yaml")
        );
    }

    #[test]
    fn resolve_keeps_missing_tails() {
        let dir = assert_fs::TempDir::new().expect("temp");
        let real = dir.path().canonicalize().expect("canon");
        assert_eq!(resolve(&dir.path().join("a/b/../c")), real.join("a/c"));
    }
}
