//! Changed-line coverage, as diff-cover computes it, and the verdict on it.
//!
//! For each changed file: its changed (added) lines that the report *measures*; of those,
//! the ones with hits > 0 are covered. Per file and overall, percent = covered / measured.
//! Changed lines the report does not measure (blank lines, comments, declarations) and
//! changed files absent from the report are not dropped silently: they are listed in
//! `unmeasured`. Thresholds then give pass / warn / block; a change with fewer measured
//! lines than `minimum_change` always passes.

use super::Coverage;
use crate::git::LineRange;
use crate::infra::output::escape;
use serde::Serialize;

/// The lines of one file that count as changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// Repository path.
    pub path: String,
    /// Changed lines, 1-based inclusive ranges in the new content.
    pub lines: Vec<LineRange>,
}

/// The coverage of one file's changed lines (only files with measured changed lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCoverage {
    /// Repository path.
    pub path: String,
    /// Changed, measured lines with hits.
    pub covered: usize,
    /// Changed lines the report measures.
    pub measured: usize,
    /// Changed, measured lines without hits, ascending.
    pub missing_lines: Vec<u32>,
}

/// Why changed lines are not measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnmeasuredReason {
    /// The file is in the report, these lines are not (not executable).
    NotExecutable,
    /// The file is not in any report.
    NotInReport,
}

/// Changed lines that no report measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmeasured {
    /// Repository path.
    pub path: String,
    /// Why.
    pub reason: UnmeasuredReason,
    /// The changed lines concerned, ascending.
    pub lines: Vec<u32>,
}

/// The coverage of a change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffCoverage {
    /// Files with measured changed lines, by path.
    pub files: Vec<FileCoverage>,
    /// Changed lines (and files) the reports do not measure, by path.
    pub unmeasured: Vec<Unmeasured>,
}

impl DiffCoverage {
    /// Covered changed lines.
    pub fn covered(&self) -> usize {
        self.files.iter().map(|f| f.covered).sum()
    }

    /// Measured changed lines.
    pub fn measured(&self) -> usize {
        self.files.iter().map(|f| f.measured).sum()
    }

    /// Covered / measured in percent, `None` when nothing changed is measured.
    pub fn percent(&self) -> Option<f64> {
        percent(self.covered(), self.measured())
    }
}

/// `covered / measured` in percent.
pub fn percent(covered: usize, measured: usize) -> Option<f64> {
    (measured > 0).then(|| covered as f64 * 100.0 / measured as f64)
}

/// Computes the coverage of `changed` in `coverage`.
pub fn compute(changed: &[ChangedFile], coverage: &Coverage) -> DiffCoverage {
    let mut sorted: Vec<&ChangedFile> = changed.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut out = DiffCoverage::default();
    for file in sorted {
        let lines = expand(&file.lines);
        if lines.is_empty() {
            continue;
        }
        let Some(hits) = coverage.hits(&file.path, &lines) else {
            out.unmeasured.push(Unmeasured {
                path: file.path.clone(),
                reason: UnmeasuredReason::NotInReport,
                lines,
            });
            continue;
        };
        let mut result = FileCoverage {
            path: file.path.clone(),
            covered: 0,
            measured: 0,
            missing_lines: Vec::new(),
        };
        let mut not_executable = Vec::new();
        for (line, hits) in lines.into_iter().zip(hits) {
            match hits {
                Some(0) => {
                    result.measured += 1;
                    result.missing_lines.push(line);
                }
                Some(_) => {
                    result.measured += 1;
                    result.covered += 1;
                }
                None => not_executable.push(line),
            }
        }
        if !not_executable.is_empty() {
            out.unmeasured.push(Unmeasured {
                path: file.path.clone(),
                reason: UnmeasuredReason::NotExecutable,
                lines: not_executable,
            });
        }
        if result.measured > 0 {
            out.files.push(result);
        }
    }
    out
}

/// Sorted, deduplicated line numbers of the ranges.
fn expand(ranges: &[LineRange]) -> Vec<u32> {
    let mut lines: Vec<u32> = ranges.iter().flat_map(|r| r.start.max(1)..=r.end).collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// The verdict on a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// At or above `pass`, or too small a change to judge.
    Pass,
    /// At or above `warn`, below `pass`.
    Warn,
    /// Below `warn`.
    Block,
    /// No report to judge by.
    Skip,
}

impl Verdict {
    /// `pass`, `warn`, `block`, `skip`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Block => "block",
            Verdict::Skip => "skip",
        }
    }
}

/// The tiers (`gates.coverage.pass`, `.warn`, `.minimum_change`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Percent at or above which the change passes.
    pub pass: f64,
    /// Percent at or above which the change only warns.
    pub warn: f64,
    /// Fewer measured changed lines than this always pass.
    pub minimum_change: usize,
}

impl Thresholds {
    /// Checks the values are percentages with `warn ≤ pass`.
    pub fn validate(&self) -> Result<(), String> {
        let in_range = |v: f64| (0.0..=100.0).contains(&v);
        if !in_range(self.pass) || !in_range(self.warn) {
            return Err(format!(
                "gates.coverage.pass ({}) and gates.coverage.warn ({}) must be between 0 and 100",
                self.pass, self.warn
            ));
        }
        if self.warn > self.pass {
            return Err(format!(
                "gates.coverage.warn ({}) is above gates.coverage.pass ({})",
                self.warn, self.pass
            ));
        }
        Ok(())
    }

    /// The verdict on a computed coverage.
    pub fn verdict(&self, result: &DiffCoverage) -> Verdict {
        let measured = result.measured();
        if measured < self.minimum_change {
            return Verdict::Pass;
        }
        match result.percent() {
            None => Verdict::Pass,
            Some(p) if p >= self.pass => Verdict::Pass,
            Some(p) if p >= self.warn => Verdict::Warn,
            Some(_) => Verdict::Block,
        }
    }
}

/// Line numbers as compact ranges: `3-5,9`.
pub fn ranges(lines: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = lines[i];
        let mut end = start;
        while i + 1 < lines.len() && lines[i + 1] == end + 1 {
            i += 1;
            end = lines[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    parts.join(",")
}

/// A percentage for display: one decimal, no trailing `.0` noise beyond that.
pub fn format_percent(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{p:.1}%"),
        None => "n/a".into(),
    }
}

/// The JSON document of `coverage-gate --format json`.
pub fn to_json(result: &DiffCoverage, verdict: Verdict) -> serde_json::Value {
    let percent = result.percent().map(|p| (p * 100.0).round() / 100.0);
    serde_json::json!({
        "diff_coverage": percent,
        "verdict": verdict,
        "files": result.files,
        "unmeasured": result.unmeasured,
    })
}

/// The diff-cover-like table of `coverage-gate`; file names are escaped for the terminal.
pub fn to_text(result: &DiffCoverage, verdict: Verdict, thresholds: &Thresholds) -> String {
    let mut rows: Vec<[String; 5]> = vec![[
        "File".into(),
        "Covered".into(),
        "Measured".into(),
        "Cover".into(),
        "Missing lines".into(),
    ]];
    for f in &result.files {
        rows.push([
            escape::path(&f.path).into_owned(),
            f.covered.to_string(),
            f.measured.to_string(),
            format_percent(percent(f.covered, f.measured)),
            ranges(&f.missing_lines),
        ]);
    }
    rows.push([
        "TOTAL".into(),
        result.covered().to_string(),
        result.measured().to_string(),
        format_percent(result.percent()),
        String::new(),
    ]);
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::from("Diff coverage\n");
    let rule = "-".repeat(widths.iter().sum::<usize>() + 8);
    for (i, row) in rows.iter().enumerate() {
        if i == 1 || i == rows.len() - 1 {
            out.push_str(&rule);
            out.push('\n');
        }
        let line = format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for u in &result.unmeasured {
        let why = match u.reason {
            UnmeasuredReason::NotExecutable => "not measured (not executable)",
            UnmeasuredReason::NotInReport => "not in any coverage report",
        };
        out.push_str(&format!(
            "{}: lines {} {why}\n",
            escape::path(&u.path),
            ranges(&u.lines)
        ));
    }
    out.push_str(&verdict_line(result, verdict, thresholds));
    out.push('\n');
    out
}

/// One sentence explaining the verdict.
pub fn verdict_line(result: &DiffCoverage, verdict: Verdict, t: &Thresholds) -> String {
    let measured = result.measured();
    let pct = format_percent(result.percent());
    match verdict {
        Verdict::Skip => "Verdict: skip (no coverage report)".into(),
        Verdict::Pass if measured == 0 => {
            "Verdict: pass (no changed line is measured by the coverage report)".into()
        }
        Verdict::Pass if measured < t.minimum_change => format!(
            "Verdict: pass ({measured} measured changed lines, below gates.coverage.minimum_change = {})",
            t.minimum_change
        ),
        Verdict::Pass => format!("Verdict: pass ({pct} ≥ {}%)", t.pass),
        Verdict::Warn => format!(
            "Verdict: warn ({pct} is below gates.coverage.pass = {}%)",
            t.pass
        ),
        Verdict::Block => format!(
            "Verdict: block ({pct} is below gates.coverage.warn = {}%)",
            t.warn
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::LineHits;

    fn coverage(entries: &[(&str, &[(u32, u64)])]) -> Coverage {
        Coverage {
            files: entries
                .iter()
                .map(|(p, lines)| (p.to_string(), lines.iter().copied().collect::<LineHits>()))
                .collect(),
            ..Coverage::default()
        }
    }

    fn changed(path: &str, ranges: &[(u32, u32)]) -> ChangedFile {
        ChangedFile {
            path: path.into(),
            lines: ranges
                .iter()
                .map(|&(start, end)| LineRange { start, end })
                .collect(),
        }
    }

    const T: Thresholds = Thresholds {
        pass: 80.0,
        warn: 50.0,
        minimum_change: 0,
    };

    #[test]
    fn measured_changed_lines_decide_and_the_rest_is_listed() {
        let cov = coverage(&[("a.py", &[(1, 1), (2, 0), (3, 5), (10, 0)])]);
        let result = compute(
            &[changed("a.py", &[(2, 4)]), changed("b.py", &[(1, 2)])],
            &cov,
        );
        assert_eq!(
            result.files,
            [FileCoverage {
                path: "a.py".into(),
                covered: 1,
                measured: 2,
                missing_lines: vec![2]
            }]
        );
        assert_eq!(result.unmeasured.len(), 2);
        assert_eq!(result.unmeasured[0].lines, [4]);
        assert_eq!(result.unmeasured[0].reason, UnmeasuredReason::NotExecutable);
        assert_eq!(result.unmeasured[1].reason, UnmeasuredReason::NotInReport);
        assert_eq!(result.percent(), Some(50.0));
        assert_eq!(T.verdict(&result), Verdict::Warn);
    }

    #[test]
    fn tiers_and_minimum_change() {
        let cov = coverage(&[("a.py", &[(1, 1), (2, 1), (3, 1), (4, 1), (5, 0)])]);
        let result = compute(&[changed("a.py", &[(1, 5)])], &cov);
        assert_eq!(T.verdict(&result), Verdict::Pass, "80% passes");
        let result = compute(&[changed("a.py", &[(4, 5)])], &cov);
        assert_eq!(T.verdict(&result), Verdict::Warn, "50% warns");
        let result = compute(&[changed("a.py", &[(5, 5)])], &cov);
        assert_eq!(T.verdict(&result), Verdict::Block);
        let small = Thresholds {
            minimum_change: 2,
            ..T
        };
        assert_eq!(small.verdict(&result), Verdict::Pass);
        let none = compute(&[changed("a.py", &[(7, 9)])], &cov);
        assert_eq!((none.percent(), T.verdict(&none)), (None, Verdict::Pass));
    }

    #[test]
    fn ranges_are_compact() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1-3,5,7-8");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn thresholds_are_validated() {
        assert!(T.validate().is_ok());
        let bad = Thresholds { warn: 90.0, ..T };
        assert!(bad.validate().unwrap_err().contains("above"));
        let bad = Thresholds { pass: 120.0, ..T };
        assert!(bad.validate().is_err());
    }
}
