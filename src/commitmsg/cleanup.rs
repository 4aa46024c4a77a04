//! Git's message clean-up (`--cleanup=strip`), as the commit-msg hook's file still has
//! the editor template in it: comment lines and everything below the scissors line go,
//! trailing whitespace is stripped, blank runs collapse, leading and trailing blanks go.

/// Cleans `raw` the way git does before storing a commit message.
pub fn cleanup(raw: &str, comment_char: Option<char>) -> String {
    let comment = comment_char.unwrap_or('#');
    let scissors = format!("{comment} ------------------------ >8 ------------------------");
    let mut lines: Vec<&str> = Vec::new();
    for line in raw.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == scissors {
            break;
        }
        if line.starts_with(comment) {
            continue;
        }
        lines.push(line.trim_end());
    }
    let mut out = String::new();
    let mut pending_blank = false;
    for line in lines {
        if line.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments_scissors_and_blank_runs() {
        let raw = "\n\nfeat: x  \n\n\n\nbody\n# comment\n# ------------------------ >8 ------------------------\ndiff --git\n";
        assert_eq!(cleanup(raw, None), "feat: x\n\nbody");
    }

    #[test]
    fn honours_core_comment_char_and_crlf() {
        assert_eq!(
            cleanup("fix: y\r\n; note\r\n# kept\r\n", Some(';')),
            "fix: y\n# kept"
        );
    }
}
