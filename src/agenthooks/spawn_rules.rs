//! Commands that start other commands with arguments pactkit sees only in part:
//! `xargs` (arguments from stdin), `find -exec`/`-delete` (files found at run time), and
//! interpreters (`python3 -c`, `node -e`, `perl -e`, `awk`, a `.py` file), whose program
//! is read as code ([`super::inline_code`]) through
//! [`Walker::program_text`](super::policy::Walker).

use super::inline_code::Lang;
use super::policy::{Env, Walker, basename, skip_options};
use super::shell::{Command, Word};

impl Walker<'_> {
    /// `python3 -c CODE`, `node -e CODE`, `perl script.pl`, `awk '…'` …
    pub(super) fn interpreter(
        &mut self,
        lang: Lang,
        args: &[Word],
        command: &Command,
        env: &Env,
        depth: usize,
    ) {
        let (program, rest) = interpreter_program(lang, args);
        match program {
            Program::Inline(code) => {
                self.program_text(lang, &code, "inline code", rest, env, depth, true)
            }
            Program::File(file) => self.script_file_with_args(&file, Some(lang), rest, env, depth),
            Program::Stdin => self.stdin_program(lang, command, env, depth),
            Program::Other => {}
        }
    }

    /// `xargs [options] [command [args]]`: the command runs with arguments read from stdin.
    pub(super) fn xargs(&mut self, args: &[Word], command: &Command, env: &Env, depth: usize) {
        let inner = skip_options(
            args,
            &[
                "-a",
                "--arg-file",
                "-d",
                "--delimiter",
                "-E",
                "-e",
                "-I",
                "-L",
                "-l",
                "-n",
                "--max-args",
                "-P",
                "--max-procs",
                "-s",
                "--max-chars",
                "--process-slot-var",
            ],
        );
        if inner.is_empty() {
            return;
        }
        self.run_words(inner, command, env.clone(), depth + 1);
        let name = basename(&inner[0].text);
        let sub = inner
            .iter()
            .skip(1)
            .find(|w| !w.text.starts_with('-'))
            .map(|w| w.text.as_str());
        let writes_history = name == "git"
            && matches!(
                sub,
                Some(
                    "commit"
                        | "push"
                        | "merge"
                        | "pull"
                        | "am"
                        | "rebase"
                        | "cherry-pick"
                        | "revert"
                        | "config"
                        | "update-ref"
                        | "-c"
                        | "reset"
                        | "branch"
                )
            );
        if writes_history {
            self.block(
                "opaque-args",
                format!("`xargs {}` gets more arguments from its input, which pactkit cannot see (a `--no-verify` could be among them)", inner.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")),
            );
        } else if is_writer(name) {
            self.opaque_paths(&format!("`xargs {name}`"));
        }
    }

    /// Files named at run time by a pipeline: refused when the pipeline's text names a
    /// protected place.
    fn opaque_paths(&mut self, what: &str) {
        if let Some(marker) = super::file_rules::mentions_protected(&self.text) {
            self.block(
                "protected-path",
                format!(
                    "{what} changes files chosen at run time, and the command mentions `{marker}`"
                ),
            );
        }
    }

    /// `find PATHS EXPR`: `-exec`/`-execdir`/`-ok` commands, `-delete`, `-fprint FILE`.
    pub(super) fn find(&mut self, args: &[Word], command: &Command, env: &Env, depth: usize) {
        let starts: Vec<&Word> = args
            .iter()
            .skip_while(|w| {
                matches!(w.text.as_str(), "-H" | "-L" | "-P")
                    || w.text.starts_with("-O")
                    || w.text.starts_with("-D")
            })
            .take_while(|w| !w.text.starts_with('-') && w.text != "(" && w.text != "!")
            .collect();
        let mut names: Vec<String> = Vec::new();
        let mut mutates = false;
        let mut i = 0;
        while i < args.len() {
            let text = args[i].text.as_str();
            match text {
                "-name" | "-iname" | "-path" | "-ipath" | "-wholename" => {
                    if let Some(p) = args.get(i + 1) {
                        names.push(p.text.rsplit('/').next().unwrap_or(&p.text).to_owned());
                    }
                    i += 1;
                }
                "-delete" => mutates = true,
                "-fprint" | "-fprint0" | "-fls" | "-fprintf" => {
                    if let Some(file) = args.get(i + 1) {
                        self.check_write(&file.text, "`find` writing to");
                    }
                    i += 1;
                }
                "-exec" | "-execdir" | "-ok" | "-okdir" => {
                    let end = args[i + 1..]
                        .iter()
                        .position(|w| w.text == ";" || w.text == "+")
                        .map_or(args.len(), |p| i + 1 + p);
                    let inner = &args[i + 1..end];
                    if let Some(first) = inner.first() {
                        mutates |= is_writer(basename(&first.text));
                        self.run_words(inner, command, env.clone(), depth + 1);
                    }
                    i = end;
                }
                _ => {}
            }
            i += 1;
        }
        if !mutates {
            return;
        }
        let spared = !names.is_empty() && names.iter().all(|n| !matches_protected_name(n));
        if spared {
            return;
        }
        for start in starts {
            let path = self.absolute(&start.text);
            if let Some(hit) = self
                .scene
                .protected
                .holds(&path)
                .or_else(|| self.scene.protected.hit(&path))
            {
                let what = match hit {
                    super::file_rules::Hit::HooksDir(_) => "pactkit's hooks",
                    super::file_rules::Hit::Binary(_) => "the pactkit binary",
                    super::file_rules::Hit::File(_) => "protected files",
                };
                self.block(
                    "protected-path",
                    format!(
                        "`find {}` changes files under it, which holds {what}",
                        start.text
                    ),
                );
            }
        }
    }
}

/// A `-name` pattern that could match a protected file's name.
fn matches_protected_name(pattern: &str) -> bool {
    const NAMES: &[&str] = &[
        "pre-commit",
        "commit-msg",
        "pre-push",
        "pre-commit.legacy",
        "config",
        "HEAD",
        "index",
        "pactkit.yaml",
        "settings.json",
        "settings.local.json",
        "hooks.json",
        "config.toml",
        "pactkit.js",
        "opencode.json",
        "opencode.jsonc",
        ".pactkit-secrets-allow",
        "pactkit",
        ".git",
    ];
    super::file_rules::Glob::new(pattern).is_none_or(|g| NAMES.iter().any(|n| g.matches_name(n)))
}

/// Tools that change the files they are given.
fn is_writer(name: &str) -> bool {
    matches!(
        name,
        "rm" | "rmdir"
            | "unlink"
            | "shred"
            | "mv"
            | "cp"
            | "ln"
            | "chmod"
            | "chown"
            | "chgrp"
            | "truncate"
            | "tee"
            | "install"
            | "dd"
            | "sed"
            | "perl"
            | "touch"
            | "rsync"
    )
}

/// Where an interpreter's program comes from, and the arguments it gets.
fn interpreter_program(lang: Lang, args: &[Word]) -> (Program, &[Word]) {
    let inline_flags: &[&str] = match lang {
        Lang::Python => &["-c"],
        Lang::Node => &["-e", "--eval", "-p", "--print"],
        Lang::Perl => &["-e", "-E"],
        Lang::Ruby | Lang::Lua | Lang::R | Lang::AppleScript => &["-e"],
        Lang::Php => &["-r"],
        Lang::Awk | Lang::Shell => &[],
    };
    let with_value: &[&str] = match lang {
        Lang::Python => &["-W", "-X", "--check-hash-based-pycs"],
        Lang::Node => &[
            "-r",
            "--require",
            "--import",
            "--loader",
            "--experimental-loader",
            "--input-type",
            "-C",
            "--conditions",
        ],
        Lang::Ruby => &["-r", "-I", "-C", "-E"],
        Lang::Perl => &["-I", "-M", "-m"],
        Lang::Lua => &["-l"],
        Lang::Awk => &["-F", "-v", "--field-separator", "--assign"],
        _ => &[],
    };
    let mut code: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let text = args[i].text.as_str();
        if text == "--" {
            i += 1;
            break;
        }
        if inline_flags.contains(&text) {
            if let Some(value) = args.get(i + 1) {
                code.push(value.text.clone());
            }
            i += 2;
            continue;
        }
        if let Some(attached) = inline_flags.iter().find_map(|f| {
            text.strip_prefix(f)
                .filter(|r| !r.is_empty() && f.len() == 2)
        }) {
            code.push(attached.to_owned());
            i += 1;
            continue;
        }
        if lang == Lang::Python && text == "-m" {
            return (Program::Other, &[]);
        }
        if matches!(lang, Lang::Awk | Lang::Php) && (text == "-f") {
            return match args.get(i + 1) {
                Some(file) => (
                    Program::File(file.clone()),
                    args.get(i + 2..).unwrap_or(&[]),
                ),
                None => (Program::Other, &[]),
            };
        }
        if with_value.contains(&text) {
            i += 2;
            continue;
        }
        if text.starts_with('-') && text.len() > 1 {
            i += 1;
            continue;
        }
        break;
    }
    let rest = args.get(i..).unwrap_or(&[]);
    if !code.is_empty() {
        return (Program::Inline(code.join("\n")), rest);
    }
    match rest.split_first() {
        Some((first, tail)) if lang == Lang::Awk => (Program::Inline(first.text.clone()), tail),
        Some((first, _)) if first.text == "-" => (Program::Stdin, &[]),
        Some((first, tail)) => (Program::File(first.clone()), tail),
        None => (Program::Stdin, &[]),
    }
}

/// What program an interpreter runs.
enum Program {
    Inline(String),
    File(Word),
    Stdin,
    Other,
}
