//! Git's commit-message clean-up: what git will store, computed from the message file the
//! commit-msg hook sees, and which clean-up git applies.
//!
//! Git runs the commit-msg hook on the raw file and cleans the message afterwards, in the
//! mode `--cleanup` or `commit.cleanup` names. `default` is `strip` when the message was
//! edited in an editor and `whitespace` otherwise (`-m`, `-F`, `-C`, `--no-edit`), so
//! `git commit -m "#123 broken" -m "feat: fine"` stores `#123 broken` as the subject.
//! `scissors` is `whitespace` plus the cut at the scissors line when the message was
//! edited. Everything from the scissors line down is also dropped when `--verbose` (or
//! `commit.verbose`) put the diff there. Git passes none of this to the hook: [`infer`]
//! reads it from the command line of the git process that ran the hook when there is one,
//! and otherwise from the file itself (git ends an edited message with its instructions,
//! comment lines) — see [`Invocation`].

/// The scissors line text after `<comment char> `.
const SCISSORS: &str = "------------------------ >8 ------------------------";

/// The characters `core.commentChar=auto` picks from, in git's order.
const AUTO_COMMENT_CHARS: &[char] = &['#', ';', '@', '!', '$', '%', '^', '&', '|', ':'];

/// `--cleanup=<mode>` as git applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CleanupMode {
    /// Comment lines dropped, whitespace cleaned (an edited message's default).
    #[default]
    Strip,
    /// Whitespace cleaned, comment lines kept (the default without an editor).
    Whitespace,
    /// Stored exactly as written (also: messages already stored in commits).
    Verbatim,
}

/// How git turns the message file into the stored message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cleanup {
    /// Which lines and whitespace go.
    pub mode: CleanupMode,
    /// `core.commentChar` as git resolved it.
    pub comment_char: char,
    /// Everything from the scissors line down is dropped (`--verbose`, `--cleanup=scissors`).
    pub cut_at_scissors: bool,
}

impl Default for Cleanup {
    /// An edited message with `#` comments: git's `strip`, cut at the scissors line.
    fn default() -> Self {
        Cleanup {
            mode: CleanupMode::Strip,
            comment_char: '#',
            cut_at_scissors: true,
        }
    }
}

impl Cleanup {
    /// A message as a commit stores it: nothing to clean up.
    pub const STORED: Cleanup = Cleanup {
        mode: CleanupMode::Verbatim,
        comment_char: '#',
        cut_at_scissors: false,
    };

    /// `strip` with the given comment character (the editor's default).
    pub fn strip(comment_char: char) -> Cleanup {
        Cleanup {
            comment_char,
            ..Cleanup::default()
        }
    }

    /// The message git would commit from `raw`.
    pub fn apply(&self, raw: &str) -> String {
        let kept = if self.cut_at_scissors {
            cut_at_scissors(raw, self.comment_char)
        } else {
            raw
        };
        match self.mode {
            CleanupMode::Verbatim => kept.to_owned(),
            CleanupMode::Whitespace => stripspace(kept, None),
            CleanupMode::Strip => stripspace(kept, Some(self.comment_char)),
        }
    }
}

/// The git settings that decide the clean-up, as configured (`None`: not set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitSettings {
    /// `commit.cleanup`.
    pub cleanup: Option<String>,
    /// `commit.verbose` (a boolean or a number).
    pub verbose: Option<String>,
    /// `core.commentChar` (`auto` included).
    pub comment_char: Option<String>,
    /// The `GIT_MERGE_AUTOEDIT` environment variable.
    pub merge_autoedit: Option<String>,
}

/// The git command that ran the hook, when it is known.
#[derive(Debug, Clone, Copy, Default)]
pub struct Invocation<'a> {
    /// Its argument vector (`git`, global options, the subcommand, its options).
    pub args: &'a [String],
    /// Whether its standard input and output were a terminal (`git merge` opens an
    /// editor by default only then); `None` when unknown.
    pub terminal: Option<bool>,
}

/// What one git command line says about the message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct CommandFacts {
    /// `commit`, `merge`, or another subcommand.
    subcommand: String,
    /// `--cleanup`, the last one given.
    cleanup: Option<String>,
    /// Whether the editor is opened, when the command line decides it.
    editor: Option<bool>,
    /// `-v` given (`Some(true)`), `--no-verbose` (`Some(false)`).
    verbose: Option<bool>,
    /// `git -c key=value` settings.
    config: Vec<(String, String)>,
}

/// The clean-up git applies to `raw`: from the invoking command line when there is one,
/// else from the settings and the file itself.
pub fn infer(invocation: Option<Invocation<'_>>, settings: &GitSettings, raw: &str) -> Cleanup {
    let facts = invocation.and_then(|inv| command_facts(inv.args).map(|f| (f, inv.terminal)));
    let mut settings = settings.clone();
    if let Some((facts, _)) = &facts {
        for (key, value) in &facts.config {
            match key.to_ascii_lowercase().as_str() {
                "commit.cleanup" => settings.cleanup = Some(value.clone()),
                "commit.verbose" => settings.verbose = Some(value.clone()),
                "core.commentchar" | "core.commentstring" => {
                    settings.comment_char = Some(value.clone());
                }
                _ => {}
            }
        }
    }
    let comment_char = resolve_comment_char(settings.comment_char.as_deref(), raw);
    let edited = match &facts {
        Some((facts, terminal)) => editor_opened(facts, *terminal, &settings),
        None => None,
    }
    .unwrap_or_else(|| looks_edited(raw, comment_char));
    let requested = facts
        .as_ref()
        .and_then(|(f, _)| f.cleanup.clone())
        .or(settings.cleanup.clone());
    let (mode, scissors) = match requested.as_deref().map(str::trim) {
        Some("verbatim") => (CleanupMode::Verbatim, false),
        Some("whitespace") => (CleanupMode::Whitespace, false),
        Some("strip") => (CleanupMode::Strip, false),
        Some("scissors") => (CleanupMode::Whitespace, edited),
        // `default`, unset, or a value git would refuse (it then never runs the hook).
        _ if edited => (CleanupMode::Strip, false),
        _ => (CleanupMode::Whitespace, false),
    };
    let verbose = match &facts {
        Some((f, _)) if f.subcommand == "commit" => f
            .verbose
            .unwrap_or_else(|| settings.verbose.as_deref().is_some_and(truthy)),
        Some(_) => false,
        // Unknown command: only -v and scissors write the scissors line; trust it.
        None => true,
    };
    Cleanup {
        mode,
        comment_char,
        cut_at_scissors: scissors || verbose,
    }
}

/// The clean-up of a message given on the command line (`-m`, `-F`): no editor.
pub fn without_editor(settings: &GitSettings) -> Cleanup {
    let comment_char = resolve_comment_char(settings.comment_char.as_deref(), "");
    let mode = match settings.cleanup.as_deref().map(str::trim) {
        Some("verbatim") => CleanupMode::Verbatim,
        Some("strip") => CleanupMode::Strip,
        _ => CleanupMode::Whitespace,
    };
    Cleanup {
        mode,
        comment_char,
        cut_at_scissors: false,
    }
}

fn truthy(value: &str) -> bool {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" => true,
        "false" | "no" | "off" | "" => false,
        number => number.parse::<i64>().is_ok_and(|n| n != 0),
    }
}

/// `core.commentChar`: unset is `#`; `auto` is the character git chose, which starts the
/// instruction lines it appended: the last of the candidates, in git's order, that all
/// start some line of the file (git skips those the message itself uses).
fn resolve_comment_char(setting: Option<&str>, raw: &str) -> char {
    match setting.map(str::trim) {
        None | Some("") => '#',
        Some("auto") => {
            let starts = |c: char| raw.lines().any(|line| line.starts_with(c));
            AUTO_COMMENT_CHARS
                .iter()
                .copied()
                .take_while(|&c| starts(c))
                .last()
                .unwrap_or('#')
        }
        Some(other) => other.chars().next().unwrap_or('#'),
    }
}

/// Whether the editor opened, as git decides it from the command line.
fn editor_opened(
    facts: &CommandFacts,
    terminal: Option<bool>,
    settings: &GitSettings,
) -> Option<bool> {
    match facts.subcommand.as_str() {
        "commit" => Some(facts.editor.unwrap_or(true)),
        "merge" => facts
            .editor
            .or_else(|| settings.merge_autoedit.as_deref().map(truthy))
            .or(terminal),
        _ => None,
    }
}

/// Without the command line: an edited message ends with git's instructions, comment
/// lines (before the scissors line and the diff, if any).
fn looks_edited(raw: &str, comment_char: char) -> bool {
    let message = cut_at_scissors(raw, comment_char);
    message
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .is_some_and(|line| line.starts_with(comment_char))
}

/// The text before the scissors line (git's `wt_status_locate_end`).
fn cut_at_scissors(raw: &str, comment_char: char) -> &str {
    let mut offset = 0;
    for line in raw.split_inclusive('\n') {
        if is_scissors(line, comment_char) {
            return &raw[..offset];
        }
        offset += line.len();
    }
    raw
}

/// Git's `strbuf_stripspace`: trailing whitespace stripped from each line, runs of blank
/// lines collapsed to one, leading and trailing blank lines removed, comment lines
/// dropped when a comment character is given. A non-empty result ends with exactly one
/// `\n`; CRLF line ends come out as LF.
fn stripspace(raw: &str, comment_char: Option<char>) -> String {
    let mut out = String::with_capacity(raw.len() + 1);
    let mut pending_blank = false;
    for line in raw.split_inclusive('\n') {
        if comment_char.is_some_and(|c| line.starts_with(c)) {
            continue;
        }
        let kept = strip_trailing_space(line);
        if kept.is_empty() {
            pending_blank = true;
            continue;
        }
        // Invariant: blank lines are only written between two kept lines.
        if pending_blank && !out.is_empty() {
            out.push('\n');
        }
        pending_blank = false;
        out.push_str(kept);
        out.push('\n');
    }
    out
}

/// Git's `isspace` is ASCII space, tab, LF and CR only.
fn strip_trailing_space(line: &str) -> &str {
    line.trim_end_matches([' ', '\t', '\n', '\r'])
}

fn is_scissors(line: &str, comment_char: char) -> bool {
    let Some(rest) = line.strip_prefix(comment_char) else {
        return false;
    };
    let Some(rest) = rest
        .strip_prefix(' ')
        .and_then(|r| r.strip_prefix(SCISSORS))
    else {
        return false;
    };
    // Git requires the newline; a CRLF file and a last line without one are accepted too.
    rest.is_empty() || rest == "\n" || rest == "\r\n"
}

// ---------------------------------------------------------------- the command line

/// The options of one subcommand, as far as reading its command line needs them.
struct Grammar {
    /// Long options that take a value (`--opt=v` or `--opt v`).
    long_with_value: &'static [&'static str],
    /// Long options whose value may only be attached (`--opt=v`).
    long_optional_value: &'static [&'static str],
    /// Every other long option (for git's unique-prefix abbreviations).
    long_flags: &'static [&'static str],
    /// Short options that take the rest of the word or the next argument as their value.
    short_with_value: &'static [char],
    /// Short options whose value may only be attached (`-Skey`).
    short_optional_value: &'static [char],
}

impl Grammar {
    fn long_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.long_with_value
            .iter()
            .chain(self.long_optional_value)
            .chain(self.long_flags)
            .copied()
    }
}

const COMMIT: Grammar = Grammar {
    long_with_value: &[
        "author",
        "cleanup",
        "date",
        "file",
        "fixup",
        "message",
        "pathspec-from-file",
        "reedit-message",
        "reuse-message",
        "squash",
        "template",
        "trailer",
    ],
    long_optional_value: &["gpg-sign", "untracked-files"],
    long_flags: &[
        "ahead-behind",
        "all",
        "allow-empty",
        "allow-empty-message",
        "amend",
        "branch",
        "dry-run",
        "edit",
        "include",
        "interactive",
        "long",
        "no-post-rewrite",
        "no-verify",
        "null",
        "only",
        "patch",
        "pathspec-file-nul",
        "porcelain",
        "post-rewrite",
        "quiet",
        "reset-author",
        "short",
        "signoff",
        "status",
        "verbose",
        "verify",
    ],
    short_with_value: &['m', 'F', 'c', 'C', 't'],
    short_optional_value: &['S', 'u'],
};

const MERGE: Grammar = Grammar {
    long_with_value: &[
        "cleanup",
        "file",
        "into-name",
        "message",
        "strategy",
        "strategy-option",
    ],
    long_optional_value: &["gpg-sign", "log"],
    long_flags: &[
        "abort",
        "allow-unrelated-histories",
        "autostash",
        "commit",
        "continue",
        "edit",
        "ff",
        "ff-only",
        "no-verify",
        "overwrite-ignore",
        "progress",
        "quiet",
        "quit",
        "rerere-autoupdate",
        "signoff",
        "squash",
        "stat",
        "summary",
        "verbose",
        "verify",
        "verify-signatures",
    ],
    short_with_value: &['m', 'F', 's', 'X'],
    short_optional_value: &['S'],
};

/// Git's global options that take the next argument as their value.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "-C",
    "-c",
    "--git-dir",
    "--work-tree",
    "--namespace",
    "--config-env",
    "--super-prefix",
    "--exec-path",
    "--list-cmds",
    "--attr-source",
];

/// The facts of a `git … commit|merge …` command line; `None` for anything else.
fn command_facts(args: &[String]) -> Option<CommandFacts> {
    let program = args.first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    let mut rest = args.iter().skip(1).map(String::as_str).peekable();
    let mut facts = CommandFacts::default();
    let subcommand = match base.strip_prefix("git-") {
        Some(dashed) => dashed.to_owned(),
        None if base == "git" => loop {
            let arg = rest.next()?;
            if arg == "-c" {
                push_config(&mut facts.config, rest.next()?);
            } else if let Some(kv) = arg.strip_prefix("-c").filter(|v| !v.is_empty()) {
                push_config(&mut facts.config, kv);
            } else if GLOBAL_WITH_VALUE.contains(&arg) {
                rest.next()?;
            } else if !arg.starts_with('-') {
                break arg.to_owned();
            }
        },
        None => return None,
    };
    let grammar = match subcommand.as_str() {
        "commit" => &COMMIT,
        "merge" => &MERGE,
        _ => return None,
    };
    facts.subcommand = subcommand;
    let mut message_given = false;
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (long, None),
            };
            let Some((negated, option)) = expand_long(grammar, name) else {
                continue;
            };
            let value = if grammar.long_with_value.contains(&option) && !negated {
                attached.or_else(|| rest.next().map(str::to_owned))
            } else {
                attached
            };
            long_option(&mut facts, &mut message_given, negated, option, value);
        } else if let Some(shorts) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
            for (i, flag) in shorts.char_indices() {
                short_option(&mut facts, &mut message_given, flag);
                if grammar.short_optional_value.contains(&flag) {
                    break;
                }
                if grammar.short_with_value.contains(&flag) {
                    if shorts[i + flag.len_utf8()..].is_empty() {
                        rest.next();
                    }
                    break;
                }
            }
        }
    }
    if facts.subcommand == "commit" && facts.editor.is_none() && message_given {
        facts.editor = Some(false);
    }
    Some(facts)
}

fn push_config(config: &mut Vec<(String, String)>, kv: &str) {
    let (key, value) = kv.split_once('=').unwrap_or((kv, "true"));
    config.push((key.to_owned(), value.to_owned()));
}

/// A long option name as git reads it: exact, or a unique prefix; `no-` negates.
fn expand_long(grammar: &Grammar, name: &str) -> Option<(bool, &'static str)> {
    let lookup = |name: &str| {
        if let Some(exact) = grammar.long_names().find(|o| *o == name) {
            return Some(exact);
        }
        let mut matches = grammar.long_names().filter(|o| o.starts_with(name));
        match (matches.next(), matches.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    };
    if let Some(option) = grammar.long_names().find(|o| *o == name) {
        return Some((false, option));
    }
    if let Some(positive) = name.strip_prefix("no-")
        && let Some(option) = lookup(positive)
    {
        return Some((true, option));
    }
    lookup(name).map(|option| (false, option))
}

fn long_option(
    facts: &mut CommandFacts,
    message_given: &mut bool,
    negated: bool,
    option: &str,
    value: Option<String>,
) {
    match (option, negated) {
        ("cleanup", false) => facts.cleanup = value,
        ("cleanup", true) => facts.cleanup = None,
        ("edit", negated) => facts.editor = Some(!negated),
        ("verbose", negated) => facts.verbose = Some(!negated),
        ("message" | "file" | "reuse-message", false) => *message_given = true,
        // `--fixup=amend:<commit>` and `reword:` open the editor; a plain fixup does not.
        ("fixup", false) => {
            let edits = value
                .as_deref()
                .is_some_and(|v| v.starts_with("amend:") || v.starts_with("reword:"));
            if !edits {
                *message_given = true;
            }
        }
        _ => {}
    }
}

fn short_option(facts: &mut CommandFacts, message_given: &mut bool, flag: char) {
    let commit = facts.subcommand == "commit";
    match flag {
        'e' => facts.editor = Some(true),
        'v' if commit => facts.verbose = Some(true),
        'm' | 'F' | 'C' if commit => *message_given = true,
        _ => {}
    }
}

#[cfg(test)]
mod tests;
