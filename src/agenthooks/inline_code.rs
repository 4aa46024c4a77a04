//! Reading code in other languages far enough to see the commands it would run: which
//! interpreter a file or `#!` line means, whether the code spawns processes, whether it
//! names git or a shell, whether it decodes or assembles text before running it, and the
//! command lines its string literals spell (`"git commit -n"`, `["git", "commit", "-n"]`,
//! `"git commit " + "-n"`), which the caller judges like a shell line.
//!
//! This is a reader of literals, not a parser: code that builds its command from
//! variables is caught only by the `spawns` + `runs_git_or_shell` signal (inline code) or
//! the `obfuscated` one; what remains is out of reach and is left to CI and the server.

/// A language the hook reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// POSIX sh and its relatives.
    Shell,
    /// Python.
    Python,
    /// JavaScript / TypeScript (node, bun, deno).
    Node,
    /// Perl.
    Perl,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
    /// Lua.
    Lua,
    /// R.
    R,
    /// awk.
    Awk,
    /// AppleScript (`osascript`).
    AppleScript,
}

impl Lang {
    /// The interpreter named `name` on a command line.
    pub fn of_interpreter(name: &str) -> Option<Lang> {
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        Some(match base {
            "python" | "pypy" | "python-dbg" => Lang::Python,
            "node" | "nodejs" => Lang::Node,
            "perl" => Lang::Perl,
            "ruby" | "jruby" => Lang::Ruby,
            "php" => Lang::Php,
            "lua" | "luajit" => Lang::Lua,
            "Rscript" => Lang::R,
            "awk" | "gawk" | "mawk" | "nawk" => Lang::Awk,
            "osascript" => Lang::AppleScript,
            _ => return None,
        })
    }

    /// A script's language from its `#!` line, else its extension.
    pub fn of_script(path: &str, text: &str) -> Option<Lang> {
        if let Some(line) = text.lines().next().and_then(|l| l.strip_prefix("#!")) {
            let mut words = line.split_whitespace();
            let mut program = words.next().unwrap_or("");
            if program.ends_with("/env") {
                program = words.find(|w| !w.starts_with('-')).unwrap_or("");
            }
            let name = program.rsplit('/').next().unwrap_or(program);
            return match name {
                "sh" | "bash" | "zsh" | "dash" | "ksh" | "mksh" | "ash" => Some(Lang::Shell),
                "bun" | "deno" | "tsx" | "ts-node" => Some(Lang::Node),
                other => Lang::of_interpreter(other),
            };
        }
        let ext = path.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "sh" | "bash" | "zsh" => Lang::Shell,
            "py" => Lang::Python,
            "js" | "mjs" | "cjs" | "ts" | "mts" | "cts" => Lang::Node,
            "pl" | "pm" => Lang::Perl,
            "rb" => Lang::Ruby,
            "php" => Lang::Php,
            "lua" => Lang::Lua,
            "R" | "r" => Lang::R,
            "awk" => Lang::Awk,
            _ => return None,
        })
    }

    /// The name shown in reasons.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Shell => "the shell",
            Lang::Python => "Python",
            Lang::Node => "JavaScript",
            Lang::Perl => "Perl",
            Lang::Ruby => "Ruby",
            Lang::Php => "PHP",
            Lang::Lua => "Lua",
            Lang::R => "R",
            Lang::Awk => "awk",
            Lang::AppleScript => "AppleScript",
        }
    }

    fn spawn_markers(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &[
                "subprocess",
                "os.system",
                "os.popen",
                "os.exec",
                "os.spawn",
                "pty.spawn",
                "getoutput",
                "Popen",
                "check_output",
                "check_call",
                "sh.",
            ],
            Lang::Node => &[
                "child_process",
                "execSync",
                "spawnSync",
                "execFile",
                "spawn(",
                "exec(",
                "Bun.spawn",
                "Deno.Command",
                "Deno.run",
                "$`",
            ],
            Lang::Perl => &[
                "system", "exec", "qx", "`", "open3", "open2", "|-", "-|", "\"|", "|\"",
            ],
            Lang::Ruby => &[
                "system", "exec", "spawn", "%x", "`", "Open3", "popen", "Process.",
            ],
            Lang::Php => &[
                "shell_exec",
                "exec(",
                "system(",
                "passthru",
                "proc_open",
                "popen",
                "`",
                "pcntl_exec",
            ],
            Lang::Lua => &["os.execute", "io.popen"],
            Lang::R => &["system(", "system2(", "shell("],
            Lang::Awk => &["system(", "getline", "| \"", "|\""],
            Lang::AppleScript => &["do shell script"],
            Lang::Shell => &[],
        }
    }

    fn dynamic_markers(self) -> &'static [&'static str] {
        match self {
            Lang::Python => &[
                "eval(",
                "exec(",
                "compile(",
                "__import__",
                "getattr(",
                "chr(",
            ],
            Lang::Node => &["eval(", "Function(", "vm.run", "String.raw"],
            Lang::Perl | Lang::Ruby => &["eval", "pack(", "unpack", "send(", "chr("],
            Lang::Php => &["eval(", "assert(", "chr(", "create_function"],
            _ => &[],
        }
    }
}

/// Decoding and reversing, in any language.
const DECODERS: &[&str] = &[
    "base64",
    "b64decode",
    "atob(",
    "fromCharCode",
    "fromhex",
    "codecs",
    "rot13",
    "zlib",
    "gzip",
    "inflate",
    "marshal",
    "pickle",
    "[::-1]",
    "reverse",
    "\\x",
    "\\u00",
];

/// What a program's code shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code {
    /// It can start processes.
    pub spawns: bool,
    /// It names git or a shell.
    pub runs_git_or_shell: bool,
    /// It decodes, reverses or evaluates text (what it runs cannot be read off the code).
    pub obfuscated: bool,
    /// Command lines spelled by its string literals, to judge as shell.
    pub commands: Vec<String>,
}

/// Reads `text` as code in `lang`.
pub fn read(lang: Lang, text: &str) -> Code {
    let spawns = lang.spawn_markers().iter().any(|m| text.contains(m));
    let literals = literals(lang, text);
    let runs_git_or_shell = mentions_git_or_shell(text);
    let obfuscated = lang
        .dynamic_markers()
        .iter()
        .chain(DECODERS)
        .any(|m| text.contains(m));
    let mut commands = Vec::new();
    if spawns {
        for run in runs(text, &literals) {
            let joined_words = run
                .iter()
                .map(|l| crate::githooks::shim::shell_quote(&l.value))
                .collect::<Vec<_>>()
                .join(" ");
            let concatenated: String = run.iter().map(|l| l.value.as_str()).collect();
            for candidate in [joined_words, concatenated] {
                if mentions_git_or_shell(&candidate) && !commands.contains(&candidate) {
                    commands.push(candidate);
                }
            }
        }
        for literal in &literals {
            if mentions_git_or_shell(&literal.value) && !commands.contains(&literal.value) {
                commands.push(literal.value.clone());
            }
        }
    }
    Code {
        spawns,
        runs_git_or_shell,
        obfuscated,
        commands,
    }
}

/// `git` or a shell named as a word.
fn mentions_git_or_shell(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .any(|w| matches!(w, "git" | "sh" | "bash" | "zsh" | "dash" | "ksh"))
}

/// A string literal: its value and where it starts and ends in the code (char indices).
#[derive(Debug, Clone)]
struct Literal {
    value: String,
    start: usize,
    end: usize,
}

/// The string literals of the code, comments skipped.
fn literals(lang: Lang, text: &str) -> Vec<Literal> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let backtick = matches!(lang, Lang::Node | Lang::Perl | Lang::Ruby | Lang::Php);
    while i < chars.len() {
        let c = chars[i];
        let comment = match lang {
            Lang::Python | Lang::Perl | Lang::Ruby | Lang::R | Lang::Awk => c == '#',
            Lang::Node | Lang::Php => c == '/' && chars.get(i + 1) == Some(&'/'),
            Lang::Lua => c == '-' && chars.get(i + 1) == Some(&'-'),
            _ => false,
        };
        if comment {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if !(c == '\'' || c == '"' || (backtick && c == '`')) {
            i += 1;
            continue;
        }
        let start = i;
        let triple =
            lang == Lang::Python && chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
        let quote_len = if triple { 3 } else { 1 };
        i += quote_len;
        let mut value = String::new();
        while i < chars.len() {
            let d = chars[i];
            if d == '\\' {
                if let Some(&next) = chars.get(i + 1) {
                    value.push(match next {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                i += 2;
                continue;
            }
            let closes = d == c
                && (!triple || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)));
            if closes {
                i += quote_len;
                break;
            }
            value.push(d);
            i += 1;
        }
        out.push(Literal {
            value,
            start,
            end: i,
        });
    }
    out
}

/// Runs of literals written next to each other in a list (`"a", "b"`) or joined by a
/// concatenation operator (`"a" + "b"`, Perl's and PHP's `.`).
fn runs(text: &str, literals: &[Literal]) -> Vec<Vec<Literal>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Vec<Literal>> = Vec::new();
    let mut current: Vec<Literal> = Vec::new();
    for literal in literals {
        let adjacent = current.last().is_some_and(|last: &Literal| {
            let between: String = chars
                .get(last.end..literal.start)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            matches!(between.trim(), "," | "+" | "." | "")
        });
        if !adjacent && current.len() > 1 {
            out.push(std::mem::take(&mut current));
        } else if !adjacent {
            current.clear();
        }
        current.push(literal.clone());
    }
    if current.len() > 1 {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_shebangs_and_extensions() {
        assert_eq!(
            Lang::of_script("x", "#!/usr/bin/env python3\n"),
            Some(Lang::Python)
        );
        assert_eq!(Lang::of_script("x", "#!/bin/bash -e\n"), Some(Lang::Shell));
        assert_eq!(Lang::of_script("a.js", "console.log(1)"), Some(Lang::Node));
        assert_eq!(Lang::of_script("Makefile", "all:\n"), None);
        assert_eq!(Lang::of_interpreter("python3.12"), Some(Lang::Python));
    }

    #[test]
    fn commands_in_literals() {
        let code = read(
            Lang::Python,
            "import subprocess\nsubprocess.run(['git', 'commit', '-n'])\n",
        );
        assert!(code.spawns && code.runs_git_or_shell && !code.obfuscated);
        assert!(
            code.commands
                .iter()
                .any(|c| c.contains("'git' 'commit' '-n'")),
            "{code:?}"
        );
        let code = read(
            Lang::Node,
            "require('child_process').execSync('git ' + 'commit --no-verify')",
        );
        assert!(
            code.commands
                .iter()
                .any(|c| c.contains("git commit --no-verify")),
            "{code:?}"
        );
        let code = read(
            Lang::Python,
            "import base64,os; os.system(base64.b64decode('Z2l0'))",
        );
        assert!(code.obfuscated);
        let quiet = read(Lang::Python, "print('git is fine')");
        assert!(!quiet.spawns && quiet.commands.is_empty());
    }
}
