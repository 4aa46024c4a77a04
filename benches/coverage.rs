//! Diff coverage on a large report: generates a ~50 MB LCOV tracefile (6,800 source files
//! with function, branch and line records, absolute CI paths) and times reading it plus the
//! changed-line coverage of one changed file, in-process, as `pactkit coverage-gate` and the
//! coverage gate do (the path resolver knows all 6,800 repository files). Target: under
//! 150 ms. Also times the worst case where every file is wanted, for reference.
//!
//! Run: `cargo bench --bench coverage` (`-- --keep` leaves the report for hyperfine).

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

#[path = "common/mod.rs"]
mod common;

use pactkit::coverage::diff::{self, ChangedFile, Thresholds};
use pactkit::coverage::paths::PathResolver;
use pactkit::coverage::read_reports;
use pactkit::git::LineRange;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FILES: usize = 6_800;
const LINES_PER_FILE: u32 = 900;
const RUNS: usize = 20;

fn main() {
    let keep = std::env::args().any(|a| a == "--keep");
    let dir = std::env::temp_dir().join(format!("pactkit-coverage-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create bench dir");
    let report = dir.join("lcov.info");
    let paths = generate(&report);
    let size = std::fs::metadata(&report).expect("report").len();
    println!(
        "coverage: LCOV report of {FILES} files, {:.1} MB, {RUNS} runs",
        size as f64 / 1e6
    );

    let changed_path = paths[FILES / 2 + 7].clone();
    let changed = vec![ChangedFile {
        path: changed_path.clone(),
        lines: vec![
            LineRange {
                start: 100,
                end: 160,
            },
            LineRange {
                start: 700,
                end: 720,
            },
        ],
    }];
    let thresholds = Thresholds {
        pass: 80.0,
        warn: 50.0,
        minimum_change: 5,
    };
    let root = Path::new("/checkout/app");
    let one = PathResolver::new(root, &[], paths.iter().cloned(), [changed_path.clone()]);
    let result = evaluate(&report, &one, &changed);
    println!(
        "  one changed file: {}/{} measured lines covered ({}), verdict {}",
        result.covered(),
        result.measured(),
        diff::format_percent(result.percent()),
        thresholds.verdict(&result).label()
    );
    common::report("just reading the file (std::fs::read)", RUNS, || {
        std::hint::black_box(std::fs::read(&report).expect("read"));
    });
    common::report("read + diff coverage, 1 changed file", RUNS, || {
        std::hint::black_box(evaluate(&report, &one, &changed));
    });

    let all = PathResolver::new(root, &[], paths.iter().cloned(), paths.iter().cloned());
    common::report("read every file (worst case, all wanted)", RUNS, || {
        std::hint::black_box(read_reports(std::slice::from_ref(&report), &all).expect("parse"));
    });

    if keep {
        println!("  kept: {}", report.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn evaluate(report: &Path, resolver: &PathResolver, changed: &[ChangedFile]) -> diff::DiffCoverage {
    let coverage = read_reports(&[report.to_path_buf()], resolver).expect("parse");
    diff::compute(changed, &coverage)
}

/// Writes the report and returns the repository paths of its files.
fn generate(report: &PathBuf) -> Vec<String> {
    let mut text = String::with_capacity(56 << 20);
    let mut paths = Vec::with_capacity(FILES);
    for f in 0..FILES {
        let path = format!("src/module_{:02}/sub_{:02}/file_{f:05}.rs", f % 37, f % 11);
        let _ = writeln!(text, "TN:\nSF:/home/runner/work/app/app/{path}");
        for func in 0..(LINES_PER_FILE / 60) {
            let _ = writeln!(text, "FN:{},fn_{f}_{func}", func * 60 + 1);
            let _ = writeln!(text, "FNDA:{},fn_{f}_{func}", (f + func as usize) % 3);
        }
        for line in 1..=LINES_PER_FILE {
            // Two thirds of the lines are executable; hits vary, some are zero.
            if line % 3 == 0 {
                continue;
            }
            let hits = (u64::from(line) * 7 + f as u64) % 23;
            let hits = if hits < 4 { 0 } else { hits * 13 };
            if line % 40 == 1 {
                let _ = writeln!(text, "BRDA:{line},0,0,{hits}\nBRDA:{line},0,1,-");
            }
            let _ = writeln!(text, "DA:{line},{hits}");
        }
        let _ = writeln!(
            text,
            "LF:{}\nLH:{}\nend_of_record",
            LINES_PER_FILE,
            LINES_PER_FILE / 2
        );
        paths.push(path);
    }
    std::fs::write(report, text).expect("write report");
    paths
}
