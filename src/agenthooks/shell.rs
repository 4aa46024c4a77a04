//! A small POSIX-ish shell reader for the agent hook: it splits a command line into simple
//! commands (words, leading assignments, redirections) well enough to see what git or a file
//! tool is about to be asked to do. It does not execute or expand anything.
//!
//! Conservative by construction: a word whose value depends on the shell at run time
//! (`$VAR`, `$(...)`, backquotes, globs) is marked `dynamic`, and the commands inside a
//! command substitution are returned as commands of their own, so a bypass hidden in
//! `$(...)` is still seen. The one substitution resolved statically is the common
//! `"$(cat <<'EOF' … EOF)"` idiom agents use to pass a multi-line commit message.

/// One word after quote removal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The text with quotes and escapes removed (expansions are kept verbatim).
    pub text: String,
    /// True when the value depends on run-time expansion (variables, substitutions, globs).
    pub dynamic: bool,
    /// True for a process substitution (`<(…)`, `>(…)`): the word names a pipe whose
    /// content is produced at run time.
    pub procsub: bool,
}

/// A redirection such as `> file`, `2>> log` or `<<EOF`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The operator without the file descriptor (`>`, `>>`, `>|`, `&>`, `<`, `<<`, …).
    pub op: String,
    /// The target word (the delimiter for a here-document).
    pub target: Word,
    /// The body of a here-document.
    pub heredoc: Option<String>,
}

impl Redirect {
    /// True for operators that open the target for writing.
    pub fn writes(&self) -> bool {
        matches!(self.op.as_str(), ">" | ">>" | ">|" | "&>" | "&>>" | "<>")
    }
}

/// A simple command: words and the redirections written anywhere among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    /// The words, including leading `NAME=value` assignments.
    pub words: Vec<Word>,
    /// The redirections.
    pub redirects: Vec<Redirect>,
    /// True when its standard input is the pipe of the command before it (`a | b`).
    pub piped: bool,
}

/// Splits `text` into simple commands, in the order the shell would start them
/// (substitutions before the command that uses them). Never fails: an unterminated quote
/// ends at the end of the text (the shell would refuse to run it at all).
pub fn parse(text: &str) -> Vec<Command> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        pos: 0,
        out: Vec::new(),
    };
    reader.run();
    reader.out
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
    out: Vec<Command>,
}

/// Here-documents announced on the current line, read at its end.
struct PendingHeredoc {
    command_index: usize,
    redirect_index: usize,
    strip_tabs: bool,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn run(&mut self) {
        let mut current = Command::default();
        let mut pending: Vec<(usize, bool)> = Vec::new();
        let mut heredocs: Vec<PendingHeredoc> = Vec::new();
        let mut subs: Vec<Command> = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' => self.pos += 1,
                '\n' => {
                    self.pos += 1;
                    self.finish(&mut current, &mut subs, &mut pending, &mut heredocs);
                    self.read_heredocs(&mut heredocs);
                }
                '#' => self.skip_comment(),
                ';' | '&' | '|' | '(' | ')' => {
                    if c == '&' && self.peek_at(1) == Some('>') {
                        self.read_redirect(&mut current, &mut pending, &mut subs);
                        continue;
                    }
                    self.pos += 1;
                    let mut pipe = false;
                    if c == '|' {
                        match self.peek() {
                            Some('|') => self.pos += 1,
                            Some('&') => {
                                self.pos += 1;
                                pipe = true;
                            }
                            _ => pipe = true,
                        }
                    } else if c == '&' && self.peek() == Some('&') {
                        self.pos += 1;
                    }
                    self.finish(&mut current, &mut subs, &mut pending, &mut heredocs);
                    // The pipe feeds the next command.
                    current.piped |= pipe;
                }
                '>' | '<' if self.peek_at(1) == Some('(') => {
                    let word = self.read_process_substitution(c == '>', &mut subs);
                    current.words.push(word);
                }
                '>' | '<' => self.read_redirect(&mut current, &mut pending, &mut subs),
                _ => {
                    let (word, groups) = self.read_word(&mut subs);
                    // `2>file`: a word of digits directly followed by a redirection is a descriptor.
                    if matches!(self.peek(), Some('>' | '<'))
                        && !word.text.is_empty()
                        && word.text.chars().all(|d| d.is_ascii_digit())
                    {
                        continue;
                    }
                    if !(current.words.is_empty() && is_reserved(&word.text)) {
                        current.words.extend(expand_braces(word, &groups));
                    }
                }
            }
        }
        self.finish(&mut current, &mut subs, &mut pending, &mut heredocs);
        self.read_heredocs(&mut heredocs);
    }

    /// Ends the current simple command. Substitutions found in it go first.
    fn finish(
        &mut self,
        current: &mut Command,
        subs: &mut Vec<Command>,
        pending: &mut Vec<(usize, bool)>,
        heredocs: &mut Vec<PendingHeredoc>,
    ) {
        self.out.append(subs);
        let command = std::mem::take(current);
        if command.words.is_empty() && command.redirects.is_empty() {
            // `a |<newline> b`: the pipe still feeds the next command.
            current.piped = command.piped;
            return;
        }
        let index = self.out.len();
        for (redirect_index, strip_tabs) in pending.drain(..) {
            heredocs.push(PendingHeredoc {
                command_index: index,
                redirect_index,
                strip_tabs,
            });
        }
        self.out.push(command);
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.pos += 1;
        }
    }

    fn read_redirect(
        &mut self,
        current: &mut Command,
        pending: &mut Vec<(usize, bool)>,
        subs: &mut Vec<Command>,
    ) {
        let mut op = String::new();
        while let Some(c) = self.peek() {
            let extends = matches!(
                (op.as_str(), c),
                ("", '>' | '<' | '&')
                    | ("&" | "&>", '>')
                    | (">", '>' | '|' | '&')
                    | ("<", '<' | '&' | '>')
                    | ("<<", '<' | '-')
            );
            if !extends {
                break;
            }
            op.push(c);
            self.pos += 1;
        }
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
        let (target, _) = self.read_word(subs);
        // `>&2`, `2>&1`: descriptor duplication, not a file.
        if op.ends_with('&') && target.text.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return;
        }
        if op == "<<" || op == "<<-" {
            pending.push((current.redirects.len(), op == "<<-"));
        }
        current.redirects.push(Redirect {
            op,
            target,
            heredoc: None,
        });
    }

    /// Reads the bodies of the here-documents announced on the line just ended.
    fn read_heredocs(&mut self, heredocs: &mut Vec<PendingHeredoc>) {
        for doc in heredocs.drain(..) {
            let Some(redirect) = self
                .out
                .get(doc.command_index)
                .and_then(|c| c.redirects.get(doc.redirect_index))
            else {
                continue;
            };
            let delimiter = redirect.target.text.clone();
            let mut body = String::new();
            while let Some(line) = self.read_line() {
                let candidate = if doc.strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line.as_str()
                };
                if candidate == delimiter {
                    break;
                }
                body.push_str(candidate);
                body.push('\n');
            }
            if let Some(r) = self
                .out
                .get_mut(doc.command_index)
                .and_then(|c| c.redirects.get_mut(doc.redirect_index))
            {
                r.heredoc = Some(body);
            }
        }
    }

    fn read_line(&mut self) -> Option<String> {
        if self.pos >= self.chars.len() {
            return None;
        }
        let mut line = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == '\n' {
                break;
            }
            line.push(c);
        }
        Some(line)
    }

    /// One word, and the unquoted `{a,b}` groups in it (positions in the word's text).
    fn read_word(&mut self, subs: &mut Vec<Command>) -> (Word, Vec<BraceGroup>) {
        let mut word = Word::default();
        let mut groups: Vec<BraceGroup> = Vec::new();
        let mut open: Vec<BraceGroup> = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '{' => {
                    open.push(BraceGroup {
                        start: word.text.len(),
                        commas: Vec::new(),
                        end: 0,
                    });
                    word.text.push(c);
                    self.pos += 1;
                }
                ',' if !open.is_empty() => {
                    if let Some(group) = open.last_mut() {
                        group.commas.push(word.text.len());
                    }
                    word.text.push(c);
                    self.pos += 1;
                }
                '}' if !open.is_empty() => {
                    if let Some(mut group) = open.pop() {
                        group.end = word.text.len();
                        if open.is_empty() && !group.commas.is_empty() {
                            groups.push(group);
                        } else if !open.is_empty() && !group.commas.is_empty() {
                            // Nested alternatives: not expanded here, the value is unknown.
                            word.dynamic = true;
                        }
                    }
                    word.text.push(c);
                    self.pos += 1;
                }
                ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '\'' => {
                    self.pos += 1;
                    while let Some(q) = self.peek() {
                        self.pos += 1;
                        if q == '\'' {
                            break;
                        }
                        word.text.push(q);
                    }
                }
                '"' => {
                    self.pos += 1;
                    self.read_double_quoted(&mut word, subs);
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(next) => {
                            word.text.push(next);
                            self.pos += 1;
                        }
                        None => {}
                    }
                }
                '$' => self.read_dollar(&mut word, subs),
                '`' => self.read_backquote(&mut word, subs),
                '*' | '?' | '[' => {
                    word.dynamic = true;
                    word.text.push(c);
                    self.pos += 1;
                }
                _ => {
                    word.text.push(c);
                    self.pos += 1;
                }
            }
        }
        (word, groups)
    }

    fn read_double_quoted(&mut self, word: &mut Word, subs: &mut Vec<Command>) {
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.pos += 1;
                    return;
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(next @ ('$' | '`' | '"' | '\\')) => {
                            word.text.push(next);
                            self.pos += 1;
                        }
                        Some('\n') => self.pos += 1,
                        _ => word.text.push('\\'),
                    }
                }
                // `"$'x'"` is literal inside double quotes.
                '$' if matches!(self.peek_at(1), Some('\'' | '"')) => {
                    word.text.push('$');
                    self.pos += 1;
                }
                '$' => self.read_dollar(word, subs),
                '`' => self.read_backquote(word, subs),
                _ => {
                    word.text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// The body of `$'…'` (after the opening quote), with its backslash escapes decoded.
    fn read_ansi_c(&mut self, word: &mut Word) {
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '\'' => return,
                '\\' => {
                    let Some(e) = self.peek() else { return };
                    self.pos += 1;
                    match e {
                        'n' => word.text.push('\n'),
                        't' => word.text.push('\t'),
                        'r' => word.text.push('\r'),
                        'a' => word.text.push('\u{7}'),
                        'b' => word.text.push('\u{8}'),
                        'e' | 'E' => word.text.push('\u{1b}'),
                        'f' => word.text.push('\u{c}'),
                        'v' => word.text.push('\u{b}'),
                        'x' => self.push_code(word, 16, 2),
                        'u' => self.push_code(word, 16, 4),
                        'U' => self.push_code(word, 16, 8),
                        '0'..='7' => {
                            self.pos -= 1;
                            self.push_code(word, 8, 3);
                        }
                        // `\c` makes a control character: its value is rarely text; unknown.
                        'c' => word.dynamic = true,
                        other => word.text.push(other),
                    }
                }
                _ => word.text.push(c),
            }
        }
    }

    /// Up to `max` digits in `radix` as one character (`\x67`, `\u00e9`, `\147`).
    fn push_code(&mut self, word: &mut Word, radix: u32, max: usize) {
        let mut value: u32 = 0;
        let mut digits = 0;
        while digits < max {
            let Some(d) = self.peek().and_then(|c| c.to_digit(radix)) else {
                break;
            };
            value = value.saturating_mul(radix).saturating_add(d);
            digits += 1;
            self.pos += 1;
        }
        match char::from_u32(value) {
            Some(c) if digits > 0 => word.text.push(c),
            _ => word.dynamic = true,
        }
    }

    /// `<(…)` or `>(…)`: the commands inside run on their own (a `>(…)` reads the pipe).
    fn read_process_substitution(&mut self, reads_pipe: bool, subs: &mut Vec<Command>) -> Word {
        self.pos += 1;
        let inner = self.read_balanced('(', ')');
        let mut commands = parse(between_parens(&inner));
        if reads_pipe && let Some(first) = commands.first_mut() {
            first.piped = true;
        }
        subs.extend(commands);
        Word {
            text: format!("{}{inner}", if reads_pipe { '>' } else { '<' }),
            dynamic: true,
            procsub: true,
        }
    }

    /// `$(...)`, `$((...))`, `${...}`, `$NAME`, or a plain `$`.
    fn read_dollar(&mut self, word: &mut Word, subs: &mut Vec<Command>) {
        match self.peek_at(1) {
            Some('\'') => {
                self.pos += 2;
                self.read_ansi_c(word);
            }
            Some('"') => {
                self.pos += 2;
                self.read_double_quoted(word, subs);
            }
            Some('(') if self.peek_at(2) == Some('(') => {
                self.pos += 1;
                let inner = self.read_balanced('(', ')');
                word.text.push('$');
                word.text.push_str(&inner);
                word.dynamic = true;
            }
            Some('(') => {
                self.pos += 1;
                let inner = self.read_balanced('(', ')');
                self.substitute(word, subs, between_parens(&inner), &format!("${inner}"));
            }
            Some('{') => {
                self.pos += 1;
                let inner = self.read_balanced('{', '}');
                word.text.push('$');
                word.text.push_str(&inner);
                word.dynamic = true;
            }
            Some(c) if c.is_ascii_alphanumeric() || "_@*#?$!-".contains(c) => {
                word.text.push('$');
                self.pos += 1;
                word.dynamic = true;
                if c.is_ascii_alphabetic() || c == '_' {
                    while let Some(n) = self
                        .peek()
                        .filter(|n| n.is_ascii_alphanumeric() || *n == '_')
                    {
                        word.text.push(n);
                        self.pos += 1;
                    }
                } else {
                    word.text.push(c);
                    self.pos += 1;
                }
            }
            _ => {
                word.text.push('$');
                self.pos += 1;
            }
        }
    }

    fn read_backquote(&mut self, word: &mut Word, subs: &mut Vec<Command>) {
        self.pos += 1;
        let mut script = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '`' => break,
                '\\' => {
                    if let Some(next) = self.peek() {
                        script.push(next);
                        self.pos += 1;
                    }
                }
                _ => script.push(c),
            }
        }
        let shown = format!("`{script}`");
        self.substitute(word, subs, &script, &shown);
    }

    /// A command substitution: its commands are judged too; `cat <<EOF` resolves statically.
    fn substitute(&mut self, word: &mut Word, subs: &mut Vec<Command>, script: &str, shown: &str) {
        let inner = parse(script);
        if let Some(body) = cat_heredoc(&inner) {
            // Command substitution drops trailing newlines.
            word.text.push_str(body.trim_end_matches('\n'));
        } else {
            word.text.push_str(shown);
            word.dynamic = true;
        }
        subs.extend(inner);
    }

    /// Reads from an opening `open` to its matching `close`, quotes and here-document
    /// bodies respected (an apostrophe in a heredoc message is not a quote); returns the
    /// text including both delimiters.
    fn read_balanced(&mut self, open: char, close: char) -> String {
        let mut depth = 0usize;
        let mut text = String::new();
        let mut quote: Option<char> = None;
        let mut delimiters: Vec<String> = Vec::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            text.push(c);
            if quote.is_none() && c == '<' && self.peek() == Some('<') {
                self.pos += 1;
                text.push('<');
                delimiters.push(self.read_delimiter(&mut text));
                continue;
            }
            if quote.is_none() && c == '\n' && !delimiters.is_empty() {
                for delimiter in std::mem::take(&mut delimiters) {
                    while let Some(line) = self.read_line() {
                        text.push_str(&line);
                        text.push('\n');
                        if line.trim_start_matches('\t') == delimiter {
                            break;
                        }
                    }
                }
                continue;
            }
            match (quote, c) {
                (Some('\''), '\'') | (Some('"'), '"') => quote = None,
                (Some('"'), '\\') => {
                    if let Some(next) = self.peek() {
                        text.push(next);
                        self.pos += 1;
                    }
                }
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '\\') => {
                    if let Some(next) = self.peek() {
                        text.push(next);
                        self.pos += 1;
                    }
                }
                (None, _) if c == open => depth += 1,
                (None, _) if c == close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        text
    }
}

impl Reader {
    /// After `<<` inside a substitution: `-`, blanks and the (possibly quoted) delimiter.
    fn read_delimiter(&mut self, text: &mut String) -> String {
        let mut delimiter = String::new();
        if self.peek() == Some('-') {
            self.pos += 1;
            text.push('-');
        }
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
            text.push(' ');
        }
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\n' | ';' | '&' | '|' | ')' | '<' | '>') {
                break;
            }
            self.pos += 1;
            text.push(c);
            if !matches!(c, '\'' | '"' | '\\') {
                delimiter.push(c);
            }
        }
        delimiter
    }
}

/// `(text)` without its parentheses (an unclosed one keeps what there is).
fn between_parens(text: &str) -> &str {
    text.strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(text)
}

/// An unquoted `{a,b,c}` in a word: byte positions of the braces and commas in its text.
struct BraceGroup {
    start: usize,
    commas: Vec<usize>,
    end: usize,
}

/// Brace expansion (`--no-{verify,x}` is two words). Groups are expanded left to right;
/// a word whose expansions would explode is kept whole and marked dynamic.
fn expand_braces(word: Word, groups: &[BraceGroup]) -> Vec<Word> {
    const MAX_WORDS: usize = 64;
    if groups.is_empty() {
        return vec![word];
    }
    let mut texts = vec![String::new()];
    let mut cursor = 0;
    for group in groups {
        let prefix = &word.text[cursor..group.start];
        let mut bounds = vec![group.start];
        bounds.extend(&group.commas);
        bounds.push(group.end);
        let options: Vec<&str> = bounds
            .windows(2)
            .map(|w| &word.text[w[0] + 1..w[1]])
            .collect();
        if texts.len() * options.len() > MAX_WORDS {
            return vec![Word {
                dynamic: true,
                ..word
            }];
        }
        texts = texts
            .iter()
            .flat_map(|t| options.iter().map(move |o| format!("{t}{prefix}{o}")))
            .collect();
        cursor = group.end + 1;
    }
    let tail = &word.text[cursor..];
    texts
        .into_iter()
        .map(|t| Word {
            text: format!("{t}{tail}"),
            dynamic: word.dynamic,
            procsub: false,
        })
        .collect()
}

/// `{`, `}`, `!` and the compound keywords open or close a command; they are not its name.
fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "{" | "}"
            | "!"
            | "then"
            | "else"
            | "elif"
            | "do"
            | "if"
            | "while"
            | "until"
            | "fi"
            | "done"
    )
}

/// The body when a substitution is exactly `cat <<DELIM … DELIM`.
fn cat_heredoc(commands: &[Command]) -> Option<&str> {
    let [command] = commands else { return None };
    let [name] = command.words.as_slice() else {
        return None;
    };
    let [redirect] = command.redirects.as_slice() else {
        return None;
    };
    if name.text != "cat" || name.dynamic || !redirect.op.starts_with("<<") {
        return None;
    }
    // The quoting of the delimiter is gone after quote removal, so a body that an
    // unquoted delimiter would expand counts as dynamic.
    let body = redirect.heredoc.as_deref()?;
    if body.contains('$') || body.contains('`') {
        return None;
    }
    Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        parse(text)
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .collect()
    }

    #[test]
    fn quotes_escapes_and_operators() {
        assert_eq!(
            words(r#"cd 'a b' && git commit -m "feat: x \"y\"" || echo no\ way; ls | wc"#),
            vec![
                vec!["cd", "a b"],
                vec!["git", "commit", "-m", "feat: x \"y\""],
                vec!["echo", "no way"],
                vec!["ls"],
                vec!["wc"],
            ]
        );
    }

    #[test]
    fn redirections_and_descriptors() {
        let commands = parse("echo x > .git/hooks/pre-commit 2>&1; cat <in 2>err");
        assert_eq!(commands[0].words.len(), 2);
        assert_eq!(commands[0].redirects.len(), 1);
        assert!(commands[0].redirects[0].writes());
        assert_eq!(
            commands[0].redirects[0].target.text,
            ".git/hooks/pre-commit"
        );
        assert_eq!(commands[1].words.len(), 1);
        assert_eq!(commands[1].redirects.len(), 2);
    }

    #[test]
    fn substitutions_are_commands_of_their_own() {
        let commands = parse("echo $(git commit --no-verify -m x) `rm y`");
        assert_eq!(commands.len(), 3);
        assert_eq!(commands[0].words[0].text, "git");
        assert_eq!(commands[1].words[0].text, "rm");
        assert!(commands[2].words[1].dynamic);
    }

    #[test]
    fn the_cat_heredoc_idiom_resolves_to_its_body() {
        let text = "git commit -m \"$(cat <<'EOF'\nfeat(cli): add x\n\nBody line.\nEOF\n)\"";
        let commands = parse(text);
        let git = commands.last().expect("git");
        assert_eq!(git.words[3].text, "feat(cli): add x\n\nBody line.");
        assert!(!git.words[3].dynamic);
    }

    #[test]
    fn variables_make_a_word_dynamic() {
        let commands = parse("git commit -m \"$MSG\"");
        assert!(commands[0].words[3].dynamic);
        let commands = parse("PACTKIT_SKIP=all git commit");
        assert_eq!(commands[0].words[0].text, "PACTKIT_SKIP=all");
    }

    #[test]
    fn heredoc_bodies_attach_to_their_command() {
        let commands = parse("git commit -F - <<EOF\nfix: y\nEOF\necho done");
        assert_eq!(commands.len(), 2);
        assert_eq!(
            commands[0].redirects[0].heredoc.as_deref(),
            Some("fix: y\n")
        );
        assert_eq!(commands[1].words[0].text, "echo");
    }
}
