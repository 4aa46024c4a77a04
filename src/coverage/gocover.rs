//! Go cover profiles (`go test -coverprofile=cover.out`): a `mode: set|count|atomic` line,
//! then one block per line, `<import path>/file.go:L1.C1,L2.C2 <statements> <count>`.
//! Every line of a block with statements is measured; a line in several blocks is covered
//! when any of them ran. A block is kept as one line span, never expanded line by line:
//! its cost does not depend on the line numbers it claims. Import paths resolve by suffix (`github.com/acme/app/pkg/x.go` →
//! `pkg/x.go`) or through `gates.coverage.path_map`.

use super::{Collector, ParseError, Slot};

/// Parses a Go cover profile.
pub fn parse(text: &str, out: &mut Collector<'_>) -> Result<(), ParseError> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, first)) if first.trim_start().starts_with("mode:") => {}
        _ => return Err(ParseError::line(1, "expected `mode: set|count|atomic`")),
    }
    // Profiles list blocks file by file: resolve each file name once.
    let mut current: Option<(&str, Option<Slot>)> = None;
    for (index, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = index + 1;
        let block = parse_block(line).ok_or_else(|| {
            ParseError::line(
                number,
                format!("expected `file.go:L1.C1,L2.C2 statements count`, found `{line}`"),
            )
        })?;
        let slot = match current {
            Some((file, slot)) if file == block.file => slot,
            _ => {
                let slot = out.target(&[block.file]);
                current = Some((block.file, slot));
                slot
            }
        };
        if let (Some(slot), true) = (slot, block.statements > 0) {
            out.add_span(slot, block.start.max(1), block.end, block.count);
        }
    }
    Ok(())
}

struct Block<'t> {
    file: &'t str,
    start: u32,
    end: u32,
    statements: u64,
    count: u64,
}

fn parse_block(line: &str) -> Option<Block<'_>> {
    let (rest, count) = line.rsplit_once(' ')?;
    let (rest, statements) = rest.rsplit_once(' ')?;
    let (file, span) = rest.rsplit_once(':')?;
    let (from, to) = span.split_once(',')?;
    let start: u32 = from.split_once('.')?.0.parse().ok()?;
    let end: u32 = to.split_once('.')?.0.parse().ok()?;
    if file.is_empty() || end < start {
        return None;
    }
    Some(Block {
        file,
        start,
        end,
        statements: statements.parse().ok()?,
        count: count.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::paths::PathResolver;
    use super::super::{Collector, Where};
    use super::*;
    use std::path::Path;

    #[test]
    fn blocks_cover_their_lines_and_unite() {
        let r = PathResolver::new(Path::new("/r"), &[], [], ["pkg/calc.go".to_string()]);
        let mut out = Collector::new(&r);
        let text = "mode: count\n\
                    github.com/acme/app/pkg/calc.go:3.20,5.2 2 1\n\
                    github.com/acme/app/pkg/calc.go:5.2,7.3 1 0\n\
                    github.com/acme/app/pkg/calc.go:9.1,9.9 0 0\n\
                    github.com/acme/app/main.go:1.1,2.2 1 1\n";
        parse(text, &mut out).unwrap();
        let cov = out.finish();
        let calc = cov.hits("pkg/calc.go", &[2, 3, 5, 7, 8, 9]).unwrap();
        assert_eq!(calc, [None, Some(1), Some(1), Some(0), None, None]);
    }

    #[test]
    fn huge_line_numbers_cost_one_span() {
        let r = PathResolver::new(Path::new("/r"), &[], [], ["src/app.py".to_string()]);
        let mut out = Collector::new(&r);
        let text = "mode: set\nsrc/app.py:1.1,100000000.1 1 1\nsrc/app.py:7.1,4294967295.1 1 0\n";
        parse(text, &mut out).unwrap();
        let cov = out.finish();
        let hits = cov.hits("src/app.py", &[1, 7, 4_294_967_295]).unwrap();
        assert_eq!(hits, [Some(1), Some(1), Some(0)]);
    }

    #[test]
    fn bad_lines_are_located() {
        let r = PathResolver::new(Path::new("/r"), &[], [], ["a.go".to_string()]);
        let err = parse(
            "mode: set\na.go:1.1,2.2 1 1\na.go:3.1,4",
            &mut Collector::new(&r),
        )
        .unwrap_err();
        assert_eq!(err.at, Where::Line(3));
        let err = parse("a.go:1.1,2.2 1 1\n", &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("mode:"), "{err:?}");
    }
}
