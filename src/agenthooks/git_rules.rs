//! Git on a command line, judged the way git itself would read it.
//!
//! - **Configuration is read, not guessed.** Settings arrive from `-c`, `--config-env`,
//!   `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`, `GIT_CONFIG_PARAMETERS`, a swapped config file
//!   (`GIT_CONFIG_GLOBAL=`, `HOME=`), an earlier `git config` in the same line, and the
//!   repository's own files (through [`super::policy::Facts`]). Those that can move or
//!   silence the hooks (`core.hooksPath`, `include.path`, `includeIf.*`,
//!   `help.autocorrect`) are refused; aliases are expanded before judging (a `!` alias is
//!   judged as the shell script it is); writes of those keys with `git config` are
//!   refused, while `git config user.email …` and reads stay allowed.
//! - **Commits without hooks.** What git really runs was checked against git 2.47:
//!   `cherry-pick` and `revert` run neither pre-commit nor commit-msg (their `--continue`
//!   after a conflict does, through `git commit`), `am` runs only applypatch-msg and
//!   pre-applypatch, `rebase` replays commits without them and commits a conflict
//!   resolution on `--continue` without them, `merge` runs pre-merge-commit and commit-msg
//!   (`merge --continue` and `git commit` run pre-commit too), and a fast-forward runs
//!   nothing. So: committing `cherry-pick`/`revert`/`am` and a `rebase --continue` that
//!   would commit a staged resolution are refused (`--no-commit` + `git commit`, or
//!   `git commit` before `--continue`, let the hooks judge the same change); plain
//!   `rebase` and `merge` replay or join commits the hooks already judged and are allowed.
//! - **Plumbing that writes commits or refs** (`commit-tree`, `hash-object -w -t commit`,
//!   `update-ref`, `fast-import`, `replace`, `filter-branch`, `replay`, `send-pack`,
//!   `receive-pack`, `http-push`, `stash create`/`store`) is refused. `notes` is allowed:
//!   notes commits live under refs/notes and move no branch; a branch moved onto a notes
//!   or stash commit (`git merge --ff-only stash@{0}`, `git reset --hard <stash sha>`) is
//!   refused as `unjudged-commit`.
//! - **Another repository**: `GIT_DIR`/`--git-dir` naming this repository is the same
//!   repository (its hooks run); another one is refused for commands that write history.

use super::policy::{Env, Walker, normalize};
use super::script_rules::read_text;
use super::shell::{self, Command, Word};
use std::path::{Path, PathBuf};

/// Git's commands in 2.47 (`git --list-cmds=main`): anything else is an alias or an
/// external `git-<name>` program.
const GIT_COMMANDS: &[&str] = &[
    "add",
    "am",
    "annotate",
    "apply",
    "archive",
    "bisect",
    "blame",
    "branch",
    "bugreport",
    "bundle",
    "cat-file",
    "check-attr",
    "check-ignore",
    "check-mailmap",
    "check-ref-format",
    "checkout",
    "checkout--worker",
    "checkout-index",
    "cherry",
    "cherry-pick",
    "clean",
    "clone",
    "column",
    "commit",
    "commit-graph",
    "commit-tree",
    "config",
    "count-objects",
    "credential",
    "credential-cache",
    "credential-cache--daemon",
    "credential-store",
    "describe",
    "diagnose",
    "diff",
    "diff-files",
    "diff-index",
    "diff-tree",
    "difftool",
    "fast-export",
    "fast-import",
    "fetch",
    "fetch-pack",
    "fmt-merge-msg",
    "for-each-ref",
    "for-each-repo",
    "format-patch",
    "fsck",
    "fsck-objects",
    "fsmonitor--daemon",
    "gc",
    "get-tar-commit-id",
    "grep",
    "hash-object",
    "help",
    "hook",
    "index-pack",
    "init",
    "init-db",
    "interpret-trailers",
    "log",
    "ls-files",
    "ls-remote",
    "ls-tree",
    "mailinfo",
    "mailsplit",
    "maintenance",
    "merge",
    "merge-base",
    "merge-file",
    "merge-index",
    "merge-ours",
    "merge-recursive",
    "merge-recursive-ours",
    "merge-recursive-theirs",
    "merge-subtree",
    "merge-tree",
    "mktag",
    "mktree",
    "multi-pack-index",
    "mv",
    "name-rev",
    "notes",
    "pack-objects",
    "pack-redundant",
    "pack-refs",
    "patch-id",
    "pickaxe",
    "prune",
    "prune-packed",
    "pull",
    "push",
    "range-diff",
    "read-tree",
    "rebase",
    "receive-pack",
    "reflog",
    "refs",
    "remote",
    "remote-ext",
    "remote-fd",
    "repack",
    "replace",
    "replay",
    "rerere",
    "reset",
    "restore",
    "rev-list",
    "rev-parse",
    "revert",
    "rm",
    "send-pack",
    "shortlog",
    "show",
    "show-branch",
    "show-index",
    "show-ref",
    "sparse-checkout",
    "stage",
    "stash",
    "status",
    "stripspace",
    "submodule--helper",
    "switch",
    "symbolic-ref",
    "tag",
    "unpack-file",
    "unpack-objects",
    "update-index",
    "update-ref",
    "update-server-info",
    "upload-archive",
    "upload-archive--writer",
    "upload-pack",
    "var",
    "verify-commit",
    "verify-pack",
    "verify-tag",
    "version",
    "whatchanged",
    "worktree",
    "write-tree",
    "archimport",
    "cvsexportcommit",
    "cvsimport",
    "cvsserver",
    "daemon",
    "difftool--helper",
    "filter-branch",
    "http-backend",
    "http-fetch",
    "http-push",
    "imap-send",
    "instaweb",
    "merge-octopus",
    "merge-one-file",
    "merge-resolve",
    "mergetool",
    "p4",
    "quiltimport",
    "remote-ftp",
    "remote-ftps",
    "remote-http",
    "remote-https",
    "request-pull",
    "send-email",
    "sh-i18n--envsubst",
    "shell",
    "submodule",
    "svn",
    "web--browse",
];

/// Subcommands that write history or configuration (where another repository matters).
const WRITES_HISTORY: &[&str] = &[
    "commit",
    "push",
    "merge",
    "am",
    "rebase",
    "cherry-pick",
    "revert",
    "pull",
    "config",
    "update-ref",
    "reset",
    "branch",
    "tag",
    "stash",
    "notes",
    "replace",
];

/// Subcommands that can move a branch (or HEAD) onto a commit named in their arguments.
pub(super) const MOVES_BRANCHES: &[&str] = &[
    "merge",
    "pull",
    "reset",
    "rebase",
    "cherry-pick",
    "revert",
    "branch",
    "checkout",
    "switch",
    "update-ref",
    "fetch",
    "push",
    "tag",
    "worktree",
    "replace",
];

impl Walker<'_> {
    /// `git ARGS`: global options, settings, the subcommand (aliases expanded).
    pub(super) fn git(&mut self, args: &[Word], command: &Command, env: &Env, depth: usize) {
        let mut env_all = self.vars.clone();
        env_all.extend(env.clone());
        let mut settings = self.env_settings(&env_all);
        let mut cwd = self.cwd.clone();
        let mut other_repo = env_all
            .get("GIT_DIR")
            .or_else(|| env_all.get("GIT_COMMON_DIR"))
            .map(|v| v.clone().unwrap_or_else(|| "$GIT_DIR".into()));
        let mut rest = args;
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
                    | "--config-env"
                    | "--super-prefix"
                    | "--list-cmds"
                    | "--attr-source"
            ) && inline.is_none();
            let value = if takes_value {
                let (v, tail) = match rest.split_first() {
                    Some((v, tail)) => (Some(v.clone()), tail),
                    None => (None, rest),
                };
                rest = tail;
                v
            } else {
                inline.map(|text| Word {
                    text,
                    dynamic: word.dynamic,
                    procsub: false,
                })
            };
            let Some(value) = value else { continue };
            match flag {
                "-c" => {
                    let (key, val) = value.text.split_once('=').unwrap_or((&value.text, "true"));
                    settings.push((key.to_ascii_lowercase(), (!value.dynamic).then(|| val.to_owned()), format!("git -c {}", value.text)));
                }
                "--config-env" => {
                    let (key, var) = value.text.split_once('=').unwrap_or((&value.text, ""));
                    let val = env_all.get(var).cloned().flatten();
                    settings.push((key.to_ascii_lowercase(), val, format!("git --config-env {}", value.text)));
                }
                "-C" => cwd = normalize(&cwd.join(&value.text)),
                "--git-dir" => other_repo = Some(value.text.clone()),
                "--exec-path" => self.block(
                    "git-config",
                    format!("`git --exec-path={}` makes git run its helper programs from another directory", value.text),
                ),
                _ => {}
            }
        }
        let local_aliases = self.judge_settings(&settings, depth);
        let Some((sub, sub_args)) = rest.split_first() else {
            return;
        };
        if let Some(dir) = other_repo.as_deref()
            && WRITES_HISTORY.contains(&sub.text.as_str())
            && !self.is_this_repository(dir, &cwd)
        {
            self.block(
                "git-dir",
                format!("`{dir}` points git at another repository, where pactkit's hooks do not run (`git {}`)", sub.text),
            );
        }
        if sub.dynamic {
            return;
        }
        if !GIT_COMMANDS.contains(&sub.text.as_str()) {
            self.git_other(sub, sub_args, &local_aliases, command, env, &cwd, depth);
            return;
        }
        let saved = std::mem::replace(&mut self.cwd, cwd.clone());
        self.subcommand(&sub.text, sub_args, command, env, &cwd, depth);
        self.cwd = saved;
    }

    /// Whether `dir` (a `GIT_DIR` value) is this repository's git directory.
    fn is_this_repository(&self, dir: &str, cwd: &Path) -> bool {
        let path = super::file_rules::resolve(&cwd.join(dir));
        self.scene.protected.git_dirs().contains(&path)
    }

    /// Settings that arrive through the environment.
    fn env_settings(&mut self, env: &Env) -> Vec<(String, Option<String>, String)> {
        let mut out = Vec::new();
        if let Some(count) = env.get("GIT_CONFIG_COUNT") {
            let n = count
                .as_deref()
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or(0);
            if count.is_none() {
                self.block(
                    "git-config",
                    "`GIT_CONFIG_COUNT` set at run time passes git settings pactkit cannot see"
                        .into(),
                );
            }
            for i in 0..n.min(64) {
                let key = env
                    .get(&format!("GIT_CONFIG_KEY_{i}"))
                    .cloned()
                    .flatten()
                    .unwrap_or_default();
                let value = env.get(&format!("GIT_CONFIG_VALUE_{i}")).cloned().flatten();
                out.push((
                    key.to_ascii_lowercase(),
                    value,
                    format!("GIT_CONFIG_KEY_{i}={key}"),
                ));
            }
        }
        if let Some(params) = env.get("GIT_CONFIG_PARAMETERS") {
            match params {
                Some(text) => out.extend(parse_config_parameters(text)),
                None => self.block("git-config", "`GIT_CONFIG_PARAMETERS` set at run time passes git settings pactkit cannot see".into()),
            }
        }
        if let Some(Some(exec_path)) = env.get("GIT_EXEC_PATH") {
            self.block("git-config", format!("`GIT_EXEC_PATH={exec_path}` makes git run its helper programs from another directory"));
        }
        for (var, file) in self.swapped_config_files(env) {
            out.extend(self.config_file_settings(&var, &file));
        }
        out
    }

    /// Config files the line puts in place of git's own (`GIT_CONFIG_GLOBAL=`, `HOME=` …).
    fn swapped_config_files(&self, env: &Env) -> Vec<(String, Option<PathBuf>)> {
        let mut out = Vec::new();
        for var in ["GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG"] {
            if let Some(value) = env.get(var) {
                out.push((var.to_owned(), value.as_deref().map(|v| self.absolute(v))));
            }
        }
        let own_home = self.scene.protected.home().map(Path::to_path_buf);
        if let Some(home) = env.get("HOME")
            && home.as_deref().map(PathBuf::from) != own_home
        {
            out.push((
                "HOME".into(),
                home.as_deref().map(|h| self.absolute(h).join(".gitconfig")),
            ));
        }
        if let Some(xdg) = env.get("XDG_CONFIG_HOME") {
            out.push((
                "XDG_CONFIG_HOME".into(),
                xdg.as_deref().map(|x| self.absolute(x).join("git/config")),
            ));
        }
        out
    }

    /// The settings of a config file the line swaps in; refused when it cannot be read.
    fn config_file_settings(
        &mut self,
        var: &str,
        file: &Option<PathBuf>,
    ) -> Vec<(String, Option<String>, String)> {
        let Some(path) = file else {
            self.block("git-config", format!("`{var}` is set at run time: git would read a configuration file pactkit cannot see"));
            return Vec::new();
        };
        if path == Path::new("/dev/null") {
            return Vec::new();
        }
        let text = match self.written.get(path) {
            Some(Some(text)) => text.clone(),
            Some(None) => {
                self.block("git-config", format!("`{var}`: {} is written by this same command line; pactkit cannot see what git would read", path.display()));
                return Vec::new();
            }
            None => match read_text(path, 1 << 20) {
                Ok(Some(text)) => text,
                Err(super::script_rules::Unreadable::Missing) => return Vec::new(),
                _ => {
                    self.block(
                        "git-config",
                        format!(
                            "`{var}`: pactkit cannot read {} as a git configuration file",
                            path.display()
                        ),
                    );
                    return Vec::new();
                }
            },
        };
        match gix::config::File::from_bytes_no_includes(
            text.as_bytes(),
            gix::config::file::Metadata::api(),
            Default::default(),
        ) {
            Ok(file) => file
                .sections()
                .flat_map(|section| {
                    let header = section.header();
                    let name = match header.subsection_name() {
                        Some(sub) => format!("{}.{}", header.name(), sub),
                        None => header.name().to_string(),
                    };
                    let body = section.body();
                    body.value_names()
                        .map(|key| {
                            let value = body.value(&key).map(|v| v.to_string());
                            (
                                format!("{name}.{key}").to_ascii_lowercase(),
                                value,
                                format!("{var} ({})", path.display()),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
            Err(_) => {
                self.block(
                    "git-config",
                    format!(
                        "`{var}`: {} is not a git configuration file pactkit can read",
                        path.display()
                    ),
                );
                Vec::new()
            }
        }
    }

    /// Refuses the settings that move or silence the hooks; returns the aliases defined.
    fn judge_settings(
        &mut self,
        settings: &[(String, Option<String>, String)],
        _depth: usize,
    ) -> Vec<(String, Option<String>)> {
        let mut aliases = Vec::new();
        for (key, value, shown) in settings {
            if let Some(name) = key.strip_prefix("alias.") {
                aliases.push((name.to_owned(), value.clone()));
                continue;
            }
            if let Some((rule, why)) = dangerous_key(key) {
                self.block(rule, format!("`{shown}` {why}"));
            }
        }
        aliases
    }

    /// A subcommand git does not know: an alias, an external `git-<name>`, or a typo that
    /// `help.autocorrect` would turn into a real command.
    #[allow(clippy::too_many_arguments)]
    fn git_other(
        &mut self,
        sub: &Word,
        args: &[Word],
        local: &[(String, Option<String>)],
        command: &Command,
        env: &Env,
        cwd: &Path,
        depth: usize,
    ) {
        let name = sub.text.to_ascii_lowercase();
        let from_line = local
            .iter()
            .rev()
            .chain(
                self.git_settings
                    .iter()
                    .rev()
                    .filter_map(|(k, v)| {
                        k.strip_prefix("alias.")
                            .map(|n| (n.to_owned(), Some(v.clone())))
                    })
                    .collect::<Vec<_>>()
                    .iter(),
            )
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone());
        let alias = match from_line {
            Some(value) => Some(value),
            None => self.scene.facts.alias(&name).map(Some),
        };
        if let Some(alias) = alias {
            self.expand_alias(&sub.text, alias, args, command, env, cwd, depth);
            return;
        }
        let path_var = env.get("PATH").or(self.vars.get("PATH")).cloned().flatten();
        if let Some(path) = external_command(&name, path_var) {
            // A text `git-<name>` is judged as the script it is; a binary is out of reach.
            self.script_file(&path.display().to_string(), args, env, depth);
            return;
        }
        if self.scene.facts.autocorrect() {
            self.block(
                "git-config",
                format!("`git {}` is not a git command and help.autocorrect is on, so git would run whatever command it resembles; spell the command out", sub.text),
            );
        }
    }

    /// Runs an alias's expansion through the judge: `!cmd` as a shell script, anything
    /// else as git arguments.
    #[allow(clippy::too_many_arguments)]
    fn expand_alias(
        &mut self,
        name: &str,
        alias: Option<String>,
        args: &[Word],
        command: &Command,
        env: &Env,
        cwd: &Path,
        depth: usize,
    ) {
        let Some(value) = alias else {
            self.block(
                "generated-script",
                format!("the git alias `{name}` is defined with a value only known at run time"),
            );
            return;
        };
        if depth + 1 > super::policy::MAX_DEPTH {
            self.block(
                "unreadable",
                format!("the git alias `{name}` expands into itself too often to follow"),
            );
            return;
        }
        let origin = format!("the git alias `{name}` (= {value})");
        if let Some(script) = value.trim_start().strip_prefix('!') {
            let mut text = script.to_owned();
            for arg in args {
                text.push(' ');
                text.push_str(&crate::githooks::shim::shell_quote(&arg.text));
            }
            self.nested(&text, env, Some(&origin), depth);
            return;
        }
        let mut words: Vec<Word> = shell::parse(&value)
            .into_iter()
            .next()
            .map(|c| c.words)
            .unwrap_or_default();
        words.extend(args.iter().cloned());
        let saved_origin = self.origin.clone();
        self.origin = format!("{saved_origin}in {origin}: ");
        let saved_cwd = std::mem::replace(&mut self.cwd, cwd.to_path_buf());
        self.git(&words, command, env, depth + 1);
        self.cwd = saved_cwd;
        self.origin = saved_origin;
    }

    /// A `git` that the line's PATH finds before the real one: judged as the script it is.
    pub(super) fn shadowed_git(&mut self, env: &Env, args: &[Word], depth: usize) -> bool {
        let Some(Some(path)) = env.get("PATH").or_else(|| self.vars.get("PATH")) else {
            return false;
        };
        let dirs: Vec<PathBuf> = std::env::split_paths(path)
            .map(|d| self.absolute(&d.to_string_lossy()))
            .collect();
        if dirs == self.scene.path {
            return false;
        }
        let found = find_executable("git", &dirs);
        if found.is_none() || found == find_executable("git", &self.scene.path) {
            return false;
        }
        let Some(found) = found else { return false };
        // Inside that script, `git` on the same PATH is the script again: git would
        // recurse too; judge the rest as git itself.
        if self.origin.contains(&found.display().to_string()) {
            return false;
        }
        match read_text(&found, 1 << 20) {
            Ok(Some(_)) => self.script_file(&found.display().to_string(), args, env, depth),
            _ => false,
        }
    }
}

/// The rule and reason for a setting that moves or silences the hooks.
pub(super) fn dangerous_key(key: &str) -> Option<(&'static str, &'static str)> {
    if key == "core.hookspath" {
        return Some(("hooks-path", "points git away from pactkit's hooks"));
    }
    if key == "include.path" || (key.starts_with("includeif.") && key.ends_with(".path")) {
        return Some((
            "git-config",
            "pulls in another configuration file, which can move or silence the hooks",
        ));
    }
    if key == "help.autocorrect" {
        return Some((
            "git-config",
            "makes git run a command other than the one written",
        ));
    }
    None
}

/// `'key'='value'` pairs of `GIT_CONFIG_PARAMETERS`.
fn parse_config_parameters(text: &str) -> Vec<(String, Option<String>, String)> {
    let mut out = Vec::new();
    for part in text.split_whitespace() {
        let unquoted: String = part.chars().filter(|c| *c != '\'').collect();
        let (key, value) = unquoted.split_once('=').unwrap_or((&unquoted, "true"));
        out.push((
            key.to_ascii_lowercase(),
            Some(value.to_owned()),
            format!("GIT_CONFIG_PARAMETERS={part}"),
        ));
    }
    out
}

/// `git-<name>` in git's exec path or on PATH.
fn external_command(name: &str, path: Option<String>) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = [
        "/usr/lib/git-core",
        "/usr/libexec/git-core",
        "/usr/local/libexec/git-core",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(path) = path {
        dirs.extend(std::env::split_paths(&path));
    }
    find_executable(&format!("git-{name}"), &dirs)
}

/// The first executable file called `name` in `dirs`.
pub(super) fn find_executable(name: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| crate::infra::fsx::is_executable(p))
        .map(|p| p.canonicalize().unwrap_or(p))
}
