//! What runs other commands: wrappers (`env`, `sudo`, `timeout`, `xargs`, `find -exec`),
//! shells (`sh -c`, `bash -o pipefail -c --`, a script file, a script fed on stdin),
//! `eval` and `source`, and interpreters (`python3 -c`, `node -e`, `perl -e`, a `.py`
//! file). Each is followed to the text it runs and that text is judged like the line.
//!
//! Text produced at run time (a pipe from `base64 -d`, `eval "$(…)"`, `source <(…)`, a
//! here-string of a variable) cannot be read before it runs: it is refused as
//! `generated-script`, because any shell can run git. Well-known environment set-up
//! (`eval "$(ssh-agent -s)"`, `source <(kubectl completion bash)`) is the exception.

use super::inline_code::{self, Lang};
use super::policy::{Env, Walker, basename, skip_options};
use super::shell::{self, Command, Word};
use std::io::Read;
use std::path::Path;

/// The largest script or source file judged by its content.
const MAX_SCRIPT: u64 = 1 << 20;

/// Programs whose output `eval` and `source` run by design: they print environment
/// settings or completions, never git commands.
const ENV_GENERATORS: &[&str] = &[
    "ssh-agent",
    "gpg-agent",
    "keychain",
    "pyenv",
    "rbenv",
    "nodenv",
    "jenv",
    "goenv",
    "plenv",
    "direnv",
    "conda",
    "mamba",
    "micromamba",
    "brew",
    "fnm",
    "zoxide",
    "starship",
    "opam",
    "luarocks",
    "dircolors",
    "mise",
    "rtx",
    "asdf",
    "volta",
    "pixi",
    "uv",
    "rustup",
    "kubectl",
    "helm",
    "gh",
    "npm",
    "pip",
    "poetry",
    "docker",
    "minikube",
    "aws",
    "gcloud",
];

/// What a wrapper in front of a command does.
pub(super) enum Wrapped<'w> {
    /// The command it runs.
    Inner(&'w [Word]),
    /// Judged here (a script argument, or the wrapper only prints).
    Handled,
    /// Not a wrapper.
    No,
}

/// Why a file could not be read as a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unreadable {
    /// A FIFO, device, socket or directory: reading it could block or means nothing.
    NotAFile(&'static str),
    /// Larger than pactkit reads.
    TooBig(u64),
    /// It does not exist (the command will fail on its own).
    Missing,
}

/// The text of a regular file up to `limit` bytes; `Ok(None)` for a binary file.
/// Never opens a FIFO or device: the type is checked first.
pub(super) fn read_text(path: &Path, limit: u64) -> Result<Option<String>, Unreadable> {
    let meta = std::fs::metadata(path).map_err(|_| Unreadable::Missing)?;
    let kind = meta.file_type();
    if !kind.is_file() {
        return Err(Unreadable::NotAFile(file_kind(&kind)));
    }
    let mut file = std::fs::File::open(path).map_err(|_| Unreadable::Missing)?;
    let mut head = vec![0; 8192];
    let read = file.read(&mut head).map_err(|_| Unreadable::Missing)?;
    head.truncate(read);
    if head.contains(&0) || head.starts_with(b"\x7fELF") {
        return Ok(None);
    }
    if meta.len() > limit {
        return Err(Unreadable::TooBig(meta.len()));
    }
    let mut rest = Vec::new();
    file.take(limit)
        .read_to_end(&mut rest)
        .map_err(|_| Unreadable::Missing)?;
    head.extend(rest);
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

pub(super) fn file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

impl Walker<'_> {
    /// Wrappers that run the rest of the line as a command, with their options skipped.
    pub(super) fn wrapper<'w>(
        &mut self,
        name: &str,
        args: &'w [Word],
        command: &Command,
        env: &mut Env,
        depth: usize,
    ) -> Wrapped<'w> {
        let inner = match name {
            "env" => return self.env_wrapper(args, command, env, depth),
            "command" if args.iter().any(|w| w.text == "-v" || w.text == "-V") => {
                return Wrapped::Handled;
            }
            "command" | "builtin" | "nohup" | "unbuffer" | "caffeinate" | "noglob" => {
                skip_options(args, &[])
            }
            "exec" => skip_options(args, &["-a"]),
            "time" => skip_options(args, &["-f", "-o", "--format", "--output"]),
            "nice" => skip_options(args, &["-n", "--adjustment"]),
            "stdbuf" => skip_options(args, &["-i", "-o", "-e"]),
            "setsid" | "ltrace" => skip_options(args, &["-o", "-e", "-s", "-p", "-a"]),
            "strace" => skip_options(
                args,
                &[
                    "-o", "-e", "-s", "-p", "-a", "-P", "-E", "-u", "-b", "-I", "-S", "-X",
                ],
            ),
            "ionice" => skip_options(
                args,
                &["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"],
            ),
            "xvfb-run" => skip_options(
                args,
                &[
                    "-s",
                    "-n",
                    "-f",
                    "-e",
                    "-p",
                    "-w",
                    "--server-args",
                    "--server-num",
                ],
            ),
            "valgrind" => skip_options(args, &[]),
            "timeout" | "gtimeout" => {
                let rest = skip_options(args, &["-s", "--signal", "-k", "--kill-after"]);
                rest.split_first().map_or(rest, |(_, r)| r)
            }
            "taskset" => {
                let rest = skip_options(args, &[]);
                if args.iter().any(|w| w.text == "-p" || w.text == "--pid") {
                    return Wrapped::Handled;
                }
                rest.split_first().map_or(rest, |(_, r)| r)
            }
            "chrt" => {
                let rest = skip_options(args, &[]);
                rest.split_first().map_or(rest, |(_, r)| r)
            }
            "flock" => {
                if let Some(script) = option_value(args, &["-c", "--command"]) {
                    self.nested(&script, env, None, depth);
                    return Wrapped::Handled;
                }
                let rest = skip_options(args, &["-w", "--timeout", "-E", "--conflict-exit-code"]);
                rest.split_first().map_or(rest, |(_, r)| r)
            }
            "sudo" | "doas" => {
                let rest = skip_options(
                    args,
                    &[
                        "-u",
                        "-g",
                        "-C",
                        "-D",
                        "-h",
                        "-p",
                        "-U",
                        "-r",
                        "-t",
                        "-T",
                        "--user",
                        "--group",
                        "--chdir",
                        "--prompt",
                        "--host",
                        "--role",
                        "--type",
                        "--other-user",
                        "--close-from",
                        "--command-timeout",
                    ],
                );
                let shell_flag = args
                    .iter()
                    .take_while(|w| w.text.starts_with('-'))
                    .any(|w| {
                        w.text == "-s"
                            || w.text == "-i"
                            || w.text == "--shell"
                            || w.text == "--login"
                    });
                if shell_flag && !rest.is_empty() {
                    let text: Vec<&str> = rest.iter().map(|w| w.text.as_str()).collect();
                    self.nested(&text.join(" "), env, None, depth);
                    return Wrapped::Handled;
                }
                rest
            }
            "su" | "runuser" | "script" => {
                if let Some(script) = option_value(args, &["-c", "--command", "--session-command"])
                {
                    self.nested(&script, env, None, depth);
                }
                return Wrapped::Handled;
            }
            "watch" => {
                let rest = skip_options(args, &["-n", "--interval", "-d", "-q", "--equexit", "-s"]);
                let text: Vec<&str> = rest.iter().map(|w| w.text.as_str()).collect();
                self.nested(&text.join(" "), env, None, depth);
                return Wrapped::Handled;
            }
            "nix-shell" => {
                if let Some(script) = option_value(args, &["--run", "--command"]) {
                    self.nested(&script, env, None, depth);
                }
                return Wrapped::Handled;
            }
            "uv" | "poetry" | "pipenv" | "pdm" | "hatch" | "rye" | "bundle" | "pixi" | "mise"
            | "direnv" => {
                let rest = skip_options(
                    args,
                    &[
                        "--directory",
                        "--project",
                        "-p",
                        "--with",
                        "--python",
                        "-e",
                        "--env",
                    ],
                );
                match rest.split_first() {
                    Some((verb, tail)) if matches!(verb.text.as_str(), "run" | "exec") => {
                        if name == "direnv" {
                            tail.split_first().map_or(tail, |(_, r)| r)
                        } else {
                            skip_options(tail, &["--with", "--python", "-p", "--env-file"])
                        }
                    }
                    _ => return Wrapped::No,
                }
            }
            "npx" | "pnpx" | "bunx" => skip_options(args, &["-p", "--package", "-c", "--call"]),
            "xargs" => {
                self.xargs(args, command, env, depth);
                return Wrapped::Handled;
            }
            "find" => {
                self.find(args, command, env, depth);
                return Wrapped::Handled;
            }
            _ => return Wrapped::No,
        };
        Wrapped::Inner(inner)
    }

    /// `env [-i] [-u NAME] [-C DIR] [-S STRING] [NAME=value]… command`.
    fn env_wrapper<'w>(
        &mut self,
        args: &'w [Word],
        command: &Command,
        env: &mut Env,
        depth: usize,
    ) -> Wrapped<'w> {
        let mut rest = args;
        while let Some((word, tail)) = rest.split_first() {
            let text = word.text.as_str();
            if text == "--" {
                return Wrapped::Inner(tail);
            }
            let split = text
                .strip_prefix("--split-string=")
                .map(str::to_owned)
                .or_else(|| {
                    text.strip_prefix("-S")
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                })
                .or_else(|| {
                    (text == "-S" || text == "--split-string")
                        .then(|| tail.first().map(|w| w.text.clone()))
                        .flatten()
                });
            if let Some(script) = split {
                let skip = usize::from(text == "-S" || text == "--split-string");
                let mut words: Vec<Word> = shell::parse(&script)
                    .into_iter()
                    .next()
                    .map(|c| c.words)
                    .unwrap_or_default();
                words.extend(tail.iter().skip(skip).cloned());
                self.run_words(&words, command, env.clone(), depth + 1);
                return Wrapped::Handled;
            }
            if matches!(text, "-u" | "--unset" | "-C" | "--chdir") {
                if matches!(text, "-C" | "--chdir")
                    && let Some(dir) = tail.first()
                {
                    let saved = self.cwd.clone();
                    self.cwd = self.absolute(&dir.text);
                    self.run_words(&tail[1..], command, env.clone(), depth + 1);
                    self.cwd = saved;
                    return Wrapped::Handled;
                }
                rest = tail.get(1..).unwrap_or(&[]);
                continue;
            }
            if text.starts_with('-') && text.len() > 1 {
                rest = tail;
                continue;
            }
            return Wrapped::Inner(rest);
        }
        Wrapped::Handled
    }

    /// Shells and interpreters: true when `name` is one (and was judged).
    pub(super) fn shell_or_interpreter(
        &mut self,
        name: &str,
        args: &[Word],
        command: &Command,
        env: &Env,
        depth: usize,
    ) -> bool {
        match name {
            "sh" | "bash" | "zsh" | "dash" | "ksh" | "mksh" | "ash" | "fish" | "busybox" => {
                let args = if name == "busybox" {
                    match args.split_first() {
                        Some((applet, rest)) if matches!(applet.text.as_str(), "sh" | "ash") => {
                            rest
                        }
                        _ => return false,
                    }
                } else {
                    args
                };
                self.shell(args, command, env, depth);
                true
            }
            "eval" => {
                self.eval(args, env, depth);
                true
            }
            "source" | "." => {
                self.source(args, env, depth);
                true
            }
            _ => match Lang::of_interpreter(name) {
                Some(lang) => {
                    self.interpreter(lang, args, command, env, depth);
                    true
                }
                None => false,
            },
        }
    }

    /// `sh [options] -c SCRIPT`, `sh FILE`, or a shell reading its script from stdin.
    fn shell(&mut self, args: &[Word], command: &Command, env: &Env, depth: usize) {
        let mut iter = args.iter();
        let mut inline = false;
        while let Some(word) = iter.next() {
            let text = word.text.as_str();
            if text == "--" || text == "-" {
                break;
            }
            if matches!(text, "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file") {
                iter.next();
                continue;
            }
            if text.starts_with("--") {
                continue;
            }
            match text.strip_prefix(['-', '+']) {
                Some(flags) if !flags.is_empty() => {
                    if flags.contains('c') && text.starts_with('-') {
                        inline = true;
                    }
                }
                _ => {
                    // The first operand: the script (with -c) or a script file.
                    if inline {
                        self.nested(text, env, None, depth);
                    } else {
                        self.script_file_as(word, Some(Lang::Shell), env, depth);
                    }
                    return;
                }
            }
        }
        let rest: Vec<&Word> = iter.collect();
        if inline {
            if let Some(script) = rest.first() {
                self.nested(&script.text, env, None, depth);
            }
            return;
        }
        if let Some(file) = rest.first() {
            self.script_file_as(file, Some(Lang::Shell), env, depth);
            return;
        }
        self.stdin_program(Lang::Shell, command, env, depth);
    }

    /// A program read from standard input: a here-document, a here-string, a file, or the
    /// command before the pipe.
    pub(super) fn stdin_program(&mut self, lang: Lang, command: &Command, env: &Env, depth: usize) {
        match self.stdin_text(command) {
            Ok(Some(text)) => self.program_text(lang, &text, "the script on its standard input", &[], env, depth, false),
            Ok(None) => {}
            Err(what) => self.block(
                "generated-script",
                format!("{} reads its program from {what}, which is only known when it runs and could run git", lang.name()),
            ),
        }
    }

    /// What a command reads on stdin, when the line shows it; `Err` names what produces it.
    fn stdin_text(&mut self, command: &Command) -> Result<Option<String>, String> {
        for redirect in command.redirects.iter().rev() {
            match redirect.op.as_str() {
                "<<" | "<<-" => return Ok(redirect.heredoc.clone()),
                "<<<" if redirect.target.dynamic => {
                    return Err(format!("the here-string `{}`", redirect.target.text));
                }
                "<<<" => return Ok(Some(format!("{}\n", redirect.target.text))),
                "<" => return self.file_text(&redirect.target).map(Some),
                _ => {}
            }
        }
        if !command.piped {
            return Ok(None);
        }
        let Some(producer) = self.previous.clone() else {
            return Err("a pipe".into());
        };
        let shown = producer
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let Some((name, args)) = producer.words.split_first() else {
            return self
                .stdin_text(&producer)
                .and_then(|t| t.map(Some).ok_or_else(|| "a pipe".into()));
        };
        match basename(&name.text) {
            "echo" | "printf" if args.iter().all(|w| !w.dynamic) => {
                let words: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
                Ok(Some(format!("{}\n", words.join(" ").replace("\\n", "\n"))))
            }
            "cat" if args.is_empty() => self.stdin_text(&producer),
            "cat" if args.iter().all(|w| !w.dynamic && !w.text.starts_with('-')) => {
                let mut text = String::new();
                for file in args {
                    text.push_str(&self.file_text(file)?);
                }
                Ok(Some(text))
            }
            _ => Err(format!("the output of `{shown}`")),
        }
    }

    /// A file's text for judging: written earlier in the line, or on disk.
    fn file_text(&mut self, word: &Word) -> Result<String, String> {
        if word.dynamic || word.procsub {
            return Err(format!("`{}`", word.text));
        }
        let path = self.absolute(&word.text);
        if let Some(content) = self.written.get(&path) {
            return content
                .clone()
                .ok_or_else(|| format!("`{}`, written by this same command line", word.text));
        }
        match read_text(&path, MAX_SCRIPT) {
            Ok(Some(text)) => Ok(text),
            Ok(None) => Err(format!("the binary file `{}`", word.text)),
            Err(Unreadable::Missing) => Ok(String::new()),
            Err(Unreadable::NotAFile(kind)) => Err(format!("`{}` ({kind})", word.text)),
            Err(Unreadable::TooBig(size)) => Err(format!("`{}` ({size} bytes)", word.text)),
        }
    }

    /// `eval WORDS`: the words joined are a script.
    fn eval(&mut self, args: &[Word], env: &Env, depth: usize) {
        if args.iter().all(|w| !w.dynamic) {
            let text: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
            self.nested(&text.join(" "), env, None, depth);
            return;
        }
        if args.iter().all(|w| !w.dynamic || is_env_generator(&w.text)) {
            return;
        }
        let text: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
        self.block(
            "generated-script",
            format!(
                "`eval {}` runs text that is only known when it runs and could run git",
                text.join(" ")
            ),
        );
    }

    /// `source FILE` / `. FILE`.
    fn source(&mut self, args: &[Word], env: &Env, depth: usize) {
        let Some(file) = args.first() else { return };
        if file.procsub {
            let inner = file
                .text
                .get(2..file.text.len().saturating_sub(1))
                .unwrap_or("");
            if !is_env_generator(&format!("$({inner})")) {
                self.block(
                    "generated-script",
                    format!(
                        "`source {}` runs the output of a command, which could run git",
                        file.text
                    ),
                );
            }
            return;
        }
        self.script_file_as(file, Some(Lang::Shell), env, depth);
    }

    /// A command named by a path (`./x.sh`, `/tmp/y`): a text file is judged by its
    /// content; a binary goes on to be judged by its name. True when judged here.
    pub(super) fn script_file(
        &mut self,
        path: &str,
        args: &[Word],
        env: &Env,
        depth: usize,
    ) -> bool {
        let word = Word {
            text: path.to_owned(),
            dynamic: false,
            procsub: false,
        };
        let absolute = self.absolute(path);
        if !self.written.contains_key(&absolute) {
            match read_text(&absolute, MAX_SCRIPT) {
                Ok(None) | Err(Unreadable::Missing) => return false,
                _ => {}
            }
        }
        self.script_file_with_args(&word, None, args, env, depth);
        true
    }

    fn script_file_as(&mut self, file: &Word, lang: Option<Lang>, env: &Env, depth: usize) {
        self.script_file_with_args(file, lang, &[], env, depth);
    }

    /// Judges the file `file` as a program in `lang` (or by its `#!` line).
    pub(super) fn script_file_with_args(
        &mut self,
        file: &Word,
        lang: Option<Lang>,
        args: &[Word],
        env: &Env,
        depth: usize,
    ) {
        match self.file_text(file) {
            Ok(text) => {
                let lang = lang
                    .or_else(|| Lang::of_script(&file.text, &text))
                    .unwrap_or(Lang::Shell);
                self.program_text(
                    lang,
                    &text,
                    &format!("`{}`", file.text),
                    args,
                    env,
                    depth,
                    false,
                );
            }
            Err(what) => self.block(
                if what.contains("written by this same") || file.dynamic || file.procsub {
                    "generated-script"
                } else {
                    "unreadable"
                },
                format!(
                    "pactkit cannot read the script {what}, so it cannot tell whether it runs git"
                ),
            ),
        }
    }

    /// Judges a program's text: a shell script like the line; other languages by the
    /// commands their code spawns ([`inline_code`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn program_text(
        &mut self,
        lang: Lang,
        text: &str,
        origin: &str,
        args: &[Word],
        env: &Env,
        depth: usize,
        inline: bool,
    ) {
        if lang == Lang::Shell {
            self.nested(text, env, Some(origin), depth);
            return;
        }
        let code = inline_code::read(lang, text);
        let mut candidates = code.commands.clone();
        if code.spawns {
            candidates.extend(args.iter().map(|w| w.text.clone()));
        }
        let before = self.out.bypasses.len();
        for candidate in candidates {
            self.nested(
                &candidate,
                env,
                Some(&format!("{origin} ({})", lang.name())),
                depth,
            );
        }
        if self.out.bypasses.len() > before {
            return;
        }
        if inline && code.spawns && (code.runs_git_or_shell || code.obfuscated) {
            self.block(
                "inline-code",
                format!("{} inline code starts git or a shell (or decodes what it starts); pactkit cannot tell what it runs", lang.name()),
            );
        } else if code.spawns && code.obfuscated {
            self.block(
                "generated-script",
                format!("the {} code in {origin} decodes or assembles text and runs a process: what it runs is only known when it runs", lang.name()),
            );
        }
    }
}

/// `$(ssh-agent -s)`, `$(pyenv init -)`, `$(kubectl completion bash)` …
fn is_env_generator(text: &str) -> bool {
    let inner = text
        .strip_prefix("$(")
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| text.strip_prefix('`').and_then(|t| t.strip_suffix('`')));
    let Some(inner) = inner else { return false };
    let commands = shell::parse(inner);
    let [command] = commands.as_slice() else {
        return false;
    };
    let Some(first) = command.words.first() else {
        return false;
    };
    !first.dynamic
        && (ENV_GENERATORS.contains(&basename(&first.text))
            || command
                .words
                .iter()
                .any(|w| w.text == "completion" || w.text == "completions"))
}

/// The value of `-c VALUE` / `--command=VALUE` among a wrapper's options.
fn option_value(args: &[Word], names: &[&str]) -> Option<String> {
    args.iter().enumerate().find_map(|(i, w)| {
        if names.contains(&w.text.as_str()) {
            return args.get(i + 1).map(|v| v.text.clone());
        }
        names
            .iter()
            .filter(|n| n.starts_with("--"))
            .find_map(|n| w.text.strip_prefix(&format!("{n}=")).map(str::to_owned))
    })
}
