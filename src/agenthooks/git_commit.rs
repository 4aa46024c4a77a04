//! `git commit` on a command line: `--no-verify` in all its spellings (`-n`, `-anm`,
//! `--no-veri`), and the message it would create (`-m` paragraphs, `--message=`, `-F
//! file`, `-F -` / `-F /dev/stdin` fed by a here-document), so the commit-msg settings can
//! judge it before git runs. A message file is opened only when it is a regular file: a
//! FIFO or a device could block the hook past the agent's timeout, so it is refused.

use super::policy::Walker;
use super::script_rules::{Unreadable, read_text};
use super::shell::{Command, Word};
use std::path::Path;

/// The largest message file read: the commit-msg hook's own limit, so the agent hook
/// never refuses a message the git hook would judge.
const MAX_MESSAGE: u64 = crate::infra::readlimit::COMMIT_MESSAGE.bytes;

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

impl Walker<'_> {
    pub(super) fn commit(&mut self, args: &[Word], command: &Command, cwd: &Path) {
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
                    "`git commit --no-verify` skips pactkit's pre-commit and commit-msg gates"
                        .into(),
                );
            } else if let Some(long) = text.strip_prefix("--") {
                commit_long_option(long, word.dynamic, &mut iter, &mut source);
            } else if let Some(cluster) = text.strip_prefix('-').filter(|c| !c.is_empty())
                && commit_short_cluster(cluster, word.dynamic, &mut iter, &mut source)
            {
                self.block(
                    "no-verify",
                    format!("`git commit {text}`: -n is --no-verify, which skips pactkit's pre-commit and commit-msg gates"),
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
        self.message(text, cwd);
    }

    /// `-F file` (a regular file, read now) or `-F -` fed by a here-document.
    fn message_file(&mut self, file: &Word, command: &Command, cwd: &Path) -> Option<String> {
        if file.dynamic {
            return None;
        }
        if matches!(
            file.text.as_str(),
            "-" | "/dev/stdin" | "/dev/fd/0" | "/proc/self/fd/0"
        ) {
            return command
                .redirects
                .iter()
                .find(|r| r.op.starts_with("<<") && r.op != "<<<")
                .and_then(|r| r.heredoc.clone())
                .filter(|body| !body.contains('$') && !body.contains('`'));
        }
        let path = cwd.join(&file.text);
        if let Some(written) = self.written.get(&super::policy::normalize(&path)) {
            return written.clone();
        }
        match read_text(&path, MAX_MESSAGE) {
            Ok(Some(text)) => Some(text),
            Ok(None) | Err(Unreadable::Missing) => None,
            Err(Unreadable::NotAFile(kind)) => {
                self.block(
                    "unreadable",
                    format!("`git commit -F {}`: the message file is {kind}, which pactkit does not open (it could block); write the message to a regular file", file.text),
                );
                None
            }
            Err(Unreadable::TooBig(size)) => {
                self.block(
                    "unreadable",
                    format!(
                        "`git commit -F {}`: the message file has {size} bytes; {}",
                        file.text,
                        crate::infra::readlimit::COMMIT_MESSAGE
                    ),
                );
                None
            }
        }
    }
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
            procsub: false,
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
                        procsub: false,
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

/// `--no-verify` and the unambiguous abbreviations git accepts (`--no-veri`, `--no-verif`).
pub(super) fn is_no_verify(text: &str) -> bool {
    text.len() >= "--no-veri".len() && "--no-verify".starts_with(text)
}
