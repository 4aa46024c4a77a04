//! Git's trailer block detection (`git interpret-trailers --parse`), which commitlint's
//! `trailer-exists` rule runs: the last paragraph counts when all its lines are trailers,
//! or when it holds a git-generated one and at least a quarter are trailers.

const GIT_GENERATED: [&str; 2] = ["Signed-off-by: ", "(cherry picked from commit "];

/// The trailers of `message`, normalised and unfolded as `Token: value`.
pub fn parse_trailers(message: &str) -> Vec<String> {
    let lines = message_lines(message);
    let Some(start) = trailer_block_start(&lines) else {
        return Vec::new();
    };
    let mut unfolded: Vec<String> = Vec::new();
    let mut last_is_trailer = false;
    for line in &lines[start..] {
        if line.starts_with('#') {
            continue;
        }
        if last_is_trailer && line.starts_with(is_git_space) {
            if let Some(prev) = unfolded.last_mut() {
                prev.push('\n');
                prev.push_str(line);
            }
            continue;
        }
        last_is_trailer = find_separator(line).is_some_and(|p| p >= 1);
        unfolded.push((*line).to_owned());
    }
    unfolded.iter().filter_map(|t| normalise(t)).collect()
}

fn normalise(trailer: &str) -> Option<String> {
    let sep = find_separator(trailer).filter(|&p| p >= 1)?;
    let token = trailer[..sep].trim_matches(is_git_space);
    let value = trailer[sep + 1..].trim_matches(is_git_space);
    let unfolded: Vec<&str> = value
        .split('\n')
        .map(|l| l.trim_start_matches(is_git_space))
        .collect();
    Some(format!("{token}: {}", unfolded.join(" ")))
}

/// The lines git considers: up to a `---` divider, without trailing blank or comment lines.
fn message_lines(message: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = Vec::new();
    for line in message.split_inclusive('\n') {
        if line
            .strip_prefix("---")
            .is_some_and(|rest| rest.starts_with(is_git_space))
        {
            break;
        }
        lines.push(line.trim_end_matches('\n'));
    }
    while lines
        .last()
        .is_some_and(|l| is_blank(l) || l.starts_with('#'))
    {
        lines.pop();
    }
    lines
}

/// Index of the first line of the trailer block, if the last paragraph is one.
fn trailer_block_start(lines: &[&str]) -> Option<usize> {
    // The first paragraph is the title and is never trailers.
    let title_end = lines
        .iter()
        .position(|l| !l.starts_with('#') && is_blank(l))?;
    let (mut trailers, mut non_trailers, mut continuations) = (0usize, 0usize, 0usize);
    let mut recognised = false;
    let mut only_spaces = true;
    for idx in (title_end..lines.len()).rev() {
        let line = lines[idx];
        if line.starts_with('#') {
            non_trailers += continuations;
            continuations = 0;
            continue;
        }
        if is_blank(line) {
            if only_spaces {
                continue;
            }
            non_trailers += continuations;
            let qualifies =
                (recognised && trailers * 3 >= non_trailers) || (trailers > 0 && non_trailers == 0);
            return qualifies.then_some(idx + 1);
        }
        only_spaces = false;
        if GIT_GENERATED.iter().any(|p| line.starts_with(p)) {
            trailers += 1;
            continuations = 0;
            recognised = true;
        } else if find_separator(line).is_some_and(|p| p >= 1) && !line.starts_with(is_git_space) {
            trailers += 1;
            continuations = 0;
        } else if line.starts_with(is_git_space) {
            continuations += 1;
        } else {
            non_trailers += 1 + continuations;
            continuations = 0;
        }
    }
    None
}

/// Position of `:` after a token of alphanumerics and hyphens (spaces allowed before it).
fn find_separator(line: &str) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, b) in line.bytes().enumerate() {
        if b == b':' {
            return Some(i);
        }
        if !whitespace_found && (b.is_ascii_alphanumeric() || b == b'-') {
            continue;
        }
        if i != 0 && (b == b' ' || b == b'\t') {
            whitespace_found = true;
            continue;
        }
        break;
    }
    None
}

fn is_git_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_git_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_trailer_block() {
        let msg = "feat: x\n\nbody\n\nSigned-off-by: A <a@b>\nReviewed-by: B\n";
        assert_eq!(
            parse_trailers(msg),
            ["Signed-off-by: A <a@b>", "Reviewed-by: B"]
        );
        assert!(
            parse_trailers("Signed-off-by: A\n").is_empty(),
            "the title is never trailers"
        );
        assert!(parse_trailers("feat: x\n\nsome text\nKey: v\n").is_empty());
        let mixed = "feat: x\n\nsome text\nmore\nSigned-off-by: A\n";
        assert_eq!(parse_trailers(mixed), ["Signed-off-by: A"]);
    }

    #[test]
    fn unfolds_continuations() {
        let msg = "feat: x\n\nKey: a\n  b\n";
        assert_eq!(parse_trailers(msg), ["Key: a b"]);
    }
}
