//! The rules of git's own subcommands, once [`super::git_rules`] has read the global
//! options and expanded aliases: `commit` ([`super::git_commit`]), `--no-verify` on the
//! commands that take it, `config` writes by key, plumbing that writes commits or refs,
//! commits made without hooks (`cherry-pick`, `revert`, `am`, `rebase --continue`),
//! branches moved onto stash or notes commits, scripts git runs (`rebase -x`,
//! `submodule foreach`, `bisect run`, a sequence editor), and protected files written
//! through git (`rm`, `mv`, `apply`, `checkout REV -- PATH`). See `git_rules` for what
//! git 2.47 runs in each case and why each is allowed or refused.

use super::git_commit::is_no_verify;
use super::git_rules::{MOVES_BRANCHES, dangerous_key};
use super::policy::{Env, Walker};
use super::script_rules::read_text;
use super::shell::{Command, Word};
use std::path::Path;

impl Walker<'_> {
    /// The rules of git's own subcommands.
    pub(super) fn subcommand(
        &mut self,
        sub: &str,
        args: &[Word],
        command: &Command,
        env: &Env,
        cwd: &Path,
        depth: usize,
    ) {
        if MOVES_BRANCHES.contains(&sub) {
            self.unjudged_commits(sub, args);
        }
        let has = |flags: &[&str]| args.iter().any(|w| flags.contains(&w.text.as_str()));
        match sub {
            "commit" => self.commit(args, command, cwd),
            "push" | "merge" | "pull" | "am" | "rebase" if args.iter().any(|w| is_no_verify(&w.text)) => {
                self.block("no-verify", format!("`git {sub} --no-verify` skips pactkit's git hooks"));
            }
            "config" => self.git_config(args),
            "commit-tree" | "update-ref" | "fast-import" | "filter-branch" | "filter-repo" | "send-pack"
            | "receive-pack" | "http-push" | "replay" | "mktag" => self.block(
                "plumbing",
                format!("`git {sub}` writes commits or refs without running any git hook"),
            ),
            "hash-object" if has(&["-w"]) && args.windows(2).any(|w| w[0].text == "-t" && matches!(w[1].text.as_str(), "commit" | "tag")) => {
                self.block("plumbing", "`git hash-object -w -t commit` writes a commit without running any git hook".into());
            }
            "replace" if !has(&["-l", "--list", "-d", "--delete"]) && !args.is_empty() => {
                self.block("plumbing", "`git replace` swaps a commit for another one no git hook judged".into());
            }
            "stash" if args.first().is_some_and(|w| matches!(w.text.as_str(), "create" | "store")) => {
                self.block("plumbing", format!("`git stash {}` makes commits for other commands to point a branch at", args[0].text));
            }
            "cherry-pick" | "revert" if !has(&["-n", "--no-commit", "--abort", "--quit", "--skip", "--continue"]) && !args.is_empty() => {
                self.block(
                    "hookless-commit",
                    format!("`git {sub}` commits without running pre-commit or commit-msg; use `git {sub} --no-commit …`, then `git commit`"),
                );
            }
            "am" if !has(&["--abort", "--quit", "--show-current-patch"]) => self.block(
                "hookless-commit",
                "`git am` commits patches without running pre-commit or commit-msg; use `git apply`, then `git commit`".into(),
            ),
            "rebase" => self.rebase(args, env, depth),
            "submodule" if args.iter().any(|w| w.text == "foreach") => {
                let script: Vec<&str> = args
                    .iter()
                    .skip_while(|w| w.text != "foreach")
                    .skip(1)
                    .filter(|w| w.text != "--recursive" && w.text != "-q" && w.text != "--quiet")
                    .map(|w| w.text.as_str())
                    .collect();
                self.nested(&script.join(" "), env, Some("`git submodule foreach`"), depth);
            }
            "bisect" if args.first().is_some_and(|w| w.text == "run") => {
                self.run_words(&args[1..], command, env.clone(), depth + 1);
            }
            "rm" | "mv" => {
                for word in args.iter().filter(|w| !w.text.starts_with('-')) {
                    self.check_write(&word.text, &format!("`git {sub}` on"));
                }
            }
            "apply" => self.git_apply(args, command),
            "checkout" | "restore" => self.restore_paths(sub, args),
            _ => {}
        }
    }

    /// `git rebase`: `--continue` committing a resolution, `-x CMD`, a sequence editor.
    fn rebase(&mut self, args: &[Word], env: &Env, depth: usize) {
        if args.iter().any(|w| w.text == "--continue") && self.scene.facts.rebase_would_commit() {
            self.block(
                "hookless-commit",
                "`git rebase --continue` would commit the staged resolution without running pre-commit or commit-msg; run `git commit` first (the hooks judge it), then `git rebase --continue`".into(),
            );
        }
        let mut iter = args.iter();
        while let Some(word) = iter.next() {
            let script = match word.text.as_str() {
                "-x" | "--exec" => iter.next().map(|w| w.text.clone()),
                text => text
                    .strip_prefix("--exec=")
                    .or_else(|| text.strip_prefix("-x").filter(|s| !s.is_empty()))
                    .map(str::to_owned),
            };
            if let Some(script) = script {
                self.nested(&script, env, Some("`git rebase --exec`"), depth);
            }
        }
        let interactive = args
            .iter()
            .any(|w| w.text == "-i" || w.text == "--interactive" || w.text == "--edit-todo");
        let editor = env
            .get("GIT_SEQUENCE_EDITOR")
            .or_else(|| self.vars.get("GIT_SEQUENCE_EDITOR"));
        if interactive && let Some(editor) = editor {
            match editor {
                Some(text) => {
                    let text = text.clone();
                    self.nested(&text, env, Some("GIT_SEQUENCE_EDITOR"), depth);
                    if ["exec", "x ", "--no-verify", "commit -n", "update-ref"].iter().any(|m| text.contains(m)) {
                        self.block("generated-script", "the sequence editor writes `exec` lines into the rebase's to-do list, which pactkit cannot see before they run".into());
                    }
                }
                None => self.block("generated-script", "GIT_SEQUENCE_EDITOR is decided at run time: the rebase's to-do list could run anything".into()),
            }
        }
    }

    /// Commit-ish arguments that name a stash or notes commit.
    fn unjudged_commits(&mut self, sub: &str, args: &[Word]) {
        let pathspec = args.iter().any(|w| w.text == "--")
            || (matches!(sub, "checkout" | "reset")
                && args.iter().filter(|w| !w.text.starts_with('-')).count() > 1);
        if pathspec {
            return;
        }
        for word in args
            .iter()
            .filter(|w| !w.text.starts_with('-') || w.text.starts_with("--onto="))
        {
            let text = word.text.trim_start_matches("--onto=");
            let source = text
                .trim_start_matches('+')
                .split(':')
                .next()
                .unwrap_or(text);
            if names_unjudged_ref(source)
                || (is_hex(source) && self.scene.facts.is_unjudged_commit(source))
            {
                self.block(
                    "unjudged-commit",
                    format!("`git {sub} {}` puts a stash or notes commit on a branch, a commit no git hook judged", word.text),
                );
            }
        }
    }

    /// `git config …`: writes of keys that move or silence the hooks.
    fn git_config(&mut self, args: &[Word]) {
        let reads = args.iter().any(|w| {
            matches!(
                w.text.as_str(),
                "--get"
                    | "--get-all"
                    | "--get-regexp"
                    | "--get-urlmatch"
                    | "-l"
                    | "--list"
                    | "get"
                    | "list"
                    | "--show-origin"
                    | "--show-scope"
                    | "--name-only"
            )
        });
        if args
            .iter()
            .any(|w| matches!(w.text.as_str(), "-e" | "--edit" | "edit"))
        {
            self.block("git-config", "`git config --edit` opens git's configuration in an editor: any setting could change".into());
            return;
        }
        let section_ops = [
            "--rename-section",
            "--remove-section",
            "rename-section",
            "remove-section",
        ];
        if let Some(pos) = args
            .iter()
            .position(|w| section_ops.contains(&w.text.as_str()))
        {
            for section in args[pos + 1..].iter().take(2) {
                let name = section.text.to_ascii_lowercase();
                if ["core", "alias", "include", "help"].contains(&name.as_str())
                    || name.starts_with("includeif")
                    || name.starts_with("alias")
                {
                    self.block(
                        "git-config",
                        format!(
                            "`git config {} {}` changes settings that decide which hooks git runs",
                            args[pos].text, section.text
                        ),
                    );
                }
            }
            return;
        }
        let with_value = [
            "-f",
            "--file",
            "--blob",
            "--type",
            "--default",
            "--comment",
            "--value",
        ];
        let mut operands: Vec<&Word> = Vec::new();
        let mut iter = args.iter();
        while let Some(word) = iter.next() {
            if with_value.contains(&word.text.as_str()) {
                iter.next();
            } else if !word.text.starts_with('-') {
                operands.push(word);
            }
        }
        if operands.first().is_some_and(|w| {
            matches!(
                w.text.as_str(),
                "set" | "unset" | "get" | "list" | "rename-section" | "remove-section"
            )
        }) {
            operands.remove(0);
        }
        let unsets = args
            .iter()
            .any(|w| matches!(w.text.as_str(), "--unset" | "--unset-all" | "unset"));
        let Some(key) = operands.first() else { return };
        let writes = unsets || operands.len() > 1;
        if reads || !writes {
            return;
        }
        let lower = key.text.to_ascii_lowercase();
        if let Some(name) = lower.strip_prefix("alias.") {
            self.block(
                "git-config",
                format!(
                    "`git config alias.{name}` defines a git command; only the user may add aliases"
                ),
            );
            if let Some(value) = operands.get(1) {
                self.git_settings.push((lower.clone(), value.text.clone()));
            }
            return;
        }
        if let Some((rule, why)) = dangerous_key(&lower) {
            let verb = if unsets { "unsetting" } else { "setting" };
            self.block(rule, format!("`git config` {verb} {} {why}", key.text));
        }
    }

    /// `git apply FILE` / `git apply <<EOF`: the files the patch changes.
    fn git_apply(&mut self, args: &[Word], command: &Command) {
        if args.iter().any(|w| {
            matches!(
                w.text.as_str(),
                "--check" | "--stat" | "--numstat" | "--summary"
            )
        }) && !args.iter().any(|w| w.text == "--apply")
        {
            return;
        }
        for redirect in &command.redirects {
            if let Some(body) = &redirect.heredoc {
                self.patch_text(body);
            }
        }
        for word in args
            .iter()
            .filter(|w| !w.text.starts_with('-') && !w.dynamic)
        {
            let path = self.absolute(&word.text);
            if let Ok(Some(text)) = read_text(&path, 8 << 20) {
                self.patch_text(&text);
            }
        }
    }

    /// `git checkout REV -- PATHS` / `git restore --source=REV PATHS` write files from
    /// another commit: protected ones are refused (HEAD's own content is allowed back).
    fn restore_paths(&mut self, sub: &str, args: &[Word]) {
        let source = if sub == "restore" {
            args.iter().enumerate().find_map(|(i, w)| {
                w.text
                    .strip_prefix("--source=")
                    .map(str::to_owned)
                    .or_else(|| {
                        (w.text == "-s" || w.text == "--source")
                            .then(|| args.get(i + 1).map(|v| v.text.clone()))
                            .flatten()
                    })
            })
        } else {
            let before: Vec<&Word> = args
                .iter()
                .take_while(|w| w.text != "--")
                .filter(|w| !w.text.starts_with('-'))
                .collect();
            args.iter()
                .any(|w| w.text == "--")
                .then(|| before.first().map(|w| w.text.clone()))
                .flatten()
        };
        let Some(source) = source.filter(|s| s != "HEAD") else {
            return;
        };
        let paths = args
            .iter()
            .skip_while(|w| sub == "checkout" && w.text != "--")
            .filter(|w| !w.text.starts_with('-') && w.text != source);
        for path in paths.cloned().collect::<Vec<_>>() {
            self.check_write(&path.text, &format!("`git {sub}` from {source} onto"));
        }
    }
}

/// `stash`, `stash@{1}`, `refs/stash^2`, `refs/notes/commits`.
fn names_unjudged_ref(text: &str) -> bool {
    let text = text.strip_prefix("refs/").unwrap_or(text);
    if text.starts_with("notes/") {
        return true;
    }
    match text.strip_prefix("stash") {
        Some(rest) => rest.is_empty() || rest.starts_with(['@', '^', '~']),
        None => false,
    }
}

fn is_hex(text: &str) -> bool {
    (7..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_hexdigit())
}
