//! Managed blocks in CLAUDE.md / AGENTS.md: our text sits between `<!-- pactkit:start -->`
//! and `<!-- pactkit:end -->`; everything outside the markers is the user's and is kept byte
//! for byte.

/// Opening marker.
pub const START: &str = "<!-- pactkit:start -->";
/// Closing marker.
pub const END: &str = "<!-- pactkit:end -->";

/// The byte range of the block (markers included) and of its content, if present.
fn find(text: &str) -> Option<(usize, usize, &str)> {
    let start = text.find(START)?;
    let after = start + START.len();
    let end_rel = text[after..].find(END)?;
    let end = after + end_rel + END.len();
    let content = text[after..after + end_rel].trim_matches('\n');
    Some((start, end, content))
}

/// The content of our block, if the file has one.
pub fn content(text: &str) -> Option<&str> {
    find(text).map(|(_, _, c)| c)
}

/// `text` with our block set to `content`: replaced in place, or appended after the
/// user's text (separated by a blank line).
pub fn upsert(text: &str, content: &str) -> String {
    let block = format!("{START}\n{}\n{END}", content.trim_matches('\n'));
    match find(text) {
        Some((start, end, _)) => format!("{}{block}{}", &text[..start], &text[end..]),
        None if text.trim().is_empty() => format!("{block}\n"),
        None => {
            let sep = if text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{text}{sep}{block}\n")
        }
    }
}

/// `text` without our block (and the blank line we put before it, if any).
pub fn strip(text: &str) -> String {
    let Some((start, mut end, _)) = find(text) else {
        return text.to_owned();
    };
    if text[end..].starts_with('\n') {
        end += 1;
    }
    let mut head = &text[..start];
    if head.ends_with("\n\n") {
        head = &head[..head.len() - 1];
    }
    format!("{head}{}", &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upsert_then_strip_gives_back_the_users_text() {
        for user in ["", "# Mine\n", "# Mine\n\nmore", "# Mine\n\n"] {
            let with = upsert(user, "ours");
            assert_eq!(content(&with), Some("ours"));
            let again = upsert(&with, "ours v2");
            assert_eq!(content(&again), Some("ours v2"));
            assert!(again.starts_with(user.trim_end()));
            let stripped = strip(&again);
            assert_eq!(stripped.trim_end(), user.trim_end(), "{user:?}");
        }
    }

    #[test]
    fn text_after_the_block_is_kept() {
        let text = format!("a\n{START}\nx\n{END}\nafter\n");
        assert_eq!(upsert(&text, "y"), format!("a\n{START}\ny\n{END}\nafter\n"));
        assert_eq!(strip(&text), "a\nafter\n");
    }
}
