//! Git's commit-message clean-up (`git commit --cleanup=strip`, plus the scissors cut of
//! `--verbose`): what git will store, computed from the raw file the commit-msg hook sees.

/// The scissors line text after `<comment char> `.
const SCISSORS: &str = "------------------------ >8 ------------------------";

/// Returns the message git would commit: everything from the scissors line down dropped,
/// comment lines dropped, trailing whitespace stripped from each line, runs of blank lines
/// collapsed to one, leading and trailing blank lines removed. A non-empty result ends
/// with exactly one `\n`; CRLF line ends come out as LF.
pub fn clean(raw: &str, comment_char: char) -> String {
    let mut out = String::with_capacity(raw.len() + 1);
    let mut pending_blank = false;
    for line in raw.split_inclusive('\n') {
        if is_scissors(line, comment_char) {
            break;
        }
        if line.starts_with(comment_char) {
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
    // Git requires the newline; a CRLF file is accepted too.
    rest == "\n" || rest == "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments_and_whitespace() {
        let raw = "\n\nfeat: x   \n# comment\n\n\n\nbody\t\n\n# Please enter\n";
        assert_eq!(clean(raw, '#'), "feat: x\n\nbody\n");
    }

    #[test]
    fn handles_crlf() {
        assert_eq!(
            clean("feat: x\r\n\r\nbody\r\n# c\r\n", '#'),
            "feat: x\n\nbody\n"
        );
    }

    #[test]
    fn cuts_at_scissors() {
        let raw =
            "fix: y\n\n# ------------------------ >8 ------------------------\ndiff --git a b\n";
        assert_eq!(clean(raw, '#'), "fix: y\n");
        let no_newline = "fix: y\n# ------------------------ >8 ------------------------";
        assert_eq!(clean(no_newline, '#'), "fix: y\n");
    }

    #[test]
    fn honours_the_comment_char() {
        assert_eq!(clean("fix: y\n; note\n# kept\n", ';'), "fix: y\n# kept\n");
        assert_eq!(
            clean("  # indented is not a comment\n", '#'),
            "  # indented is not a comment\n"
        );
    }

    #[test]
    fn empty_and_comment_only_messages_clean_to_nothing() {
        assert_eq!(clean("", '#'), "");
        assert_eq!(clean("# only\n\n   \n", '#'), "");
        assert_eq!(clean("no newline", '#'), "no newline\n");
    }
}
