//! coverage.py's JSON report (`coverage json`, `pytest --cov-report=json`): `files` maps each
//! measured path to its `executed_lines` (hit) and `missing_lines` (measured, not hit).
//! Excluded lines are not measured. Only `files` is read; `meta` and `totals` may vary.

use super::{Collector, ParseError};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Report {
    files: Option<BTreeMap<String, File>>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    executed_lines: Vec<u32>,
    #[serde(default)]
    missing_lines: Vec<u32>,
}

/// Parses a coverage.py JSON report.
pub fn parse(text: &[u8], out: &mut Collector<'_>) -> Result<(), ParseError> {
    let report: Report = serde_json::from_slice(text).map_err(|e| {
        let what = if e.classify() == serde_json::error::Category::Eof {
            format!("truncated: {e}")
        } else {
            e.to_string()
        };
        ParseError::line(e.line().max(1), what)
    })?;
    let Some(files) = report.files else {
        return Err(ParseError {
            at: super::Where::Nowhere,
            message: "no `files` object: not a coverage.py JSON report".into(),
        });
    };
    for (path, file) in files {
        let Some(slot) = out.target(&[path.as_str()]) else {
            continue;
        };
        for line in file.executed_lines.into_iter().filter(|&l| l > 0) {
            out.add(slot, line, 1);
        }
        for line in file.missing_lines.into_iter().filter(|&l| l > 0) {
            out.add(slot, line, 0);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::paths::PathResolver;
    use super::super::{Collector, Where};
    use super::*;
    use std::path::Path;

    fn resolver() -> PathResolver {
        PathResolver::new(Path::new("/r"), &[], [], ["src/a.py".to_string()])
    }

    #[test]
    fn executed_and_missing_lines_are_measured() {
        let r = resolver();
        let mut out = Collector::new(&r);
        let text = br#"{"meta": {"version": "7.6"}, "files": {"src/a.py": {"executed_lines": [1, 2],
            "missing_lines": [4], "excluded_lines": [9], "summary": {}}, "src/b.py": {}}, "totals": {}}"#;
        parse(text, &mut out).unwrap();
        let cov = out.finish();
        let a = &cov.files["src/a.py"];
        assert_eq!((a[&1], a[&2], a[&4], a.len()), (1, 1, 0, 3));
    }

    #[test]
    fn truncated_and_foreign_json_are_errors() {
        let r = resolver();
        let err = parse(
            b"{\"files\": {\n\"src/a.py\": {\"executed_lines\": [1,",
            &mut Collector::new(&r),
        )
        .unwrap_err();
        assert!(err.message.starts_with("truncated"), "{err:?}");
        assert_eq!(err.at, Where::Line(2));
        let err = parse(b"{\"x\": 1}", &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("no `files`"), "{err:?}");
    }
}
