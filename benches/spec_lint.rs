//! spec-lint throughput: generates 1,000 realistic specs (varied sizes, fenced code,
//! several tables, some broken) into a temporary directory and times linting them all
//! in-process, as `pactkit spec-lint --all` does (read + lint, in parallel), plus the pure
//! lint on preloaded bytes. Target: under 30 ms for 1,000 specs on 2 cores.
//!
//! Run: `cargo bench --bench spec_lint` (`-- --keep` leaves the directory for hyperfine).

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

#[path = "common/mod.rs"]
mod common;

use pactkit::workflow::spec_lint::{self, SpecFile};
use std::path::{Path, PathBuf};

const SPECS: usize = 1_000;
const RUNS: usize = 30;

fn main() {
    let keep = std::env::args().any(|a| a == "--keep");
    let dir = std::env::temp_dir().join(format!("pactkit-spec-lint-bench-{}", std::process::id()));
    let specs_dir = dir.join("docs/specs");
    std::fs::create_dir_all(&specs_dir).expect("create bench dir");
    let files = generate(&specs_dir);
    let bytes: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(&f.path).expect("read"))
        .collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    println!(
        "spec_lint: {SPECS} specs, {} KiB, {RUNS} runs",
        total / 1024
    );

    let results = spec_lint::lint_files(&files, spec_lint::RuleSet::default());
    let failed = results.iter().filter(|r| !r.passed()).count();
    println!(
        "  {failed} specs fail, {} diagnostics",
        results.iter().map(|r| r.diagnostics.len()).sum::<usize>()
    );

    report("read + lint, parallel (lint_files)", || {
        std::hint::black_box(spec_lint::lint_files(&files, spec_lint::RuleSet::default()));
    });
    report("lint only, one thread (preloaded bytes)", || {
        for (file, b) in files.iter().zip(&bytes) {
            std::hint::black_box(spec_lint::lint(&file.display, b));
        }
    });

    if keep {
        println!(
            "  kept: {} (try: hyperfine -N 'target/release/pactkit -C {} spec-lint --all')",
            dir.display(),
            dir.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn report(label: &str, run: impl FnMut()) {
    let (min, median) = common::time_runs(RUNS, run);
    println!(
        "  {label:<42} min {:>7.2} ms   median {:>7.2} ms   per spec {:>6.1} µs",
        common::ms(min),
        common::ms(median),
        common::ms(median) * 1e3 / SPECS as f64
    );
}

fn generate(dir: &Path) -> Vec<SpecFile> {
    (0..SPECS)
        .map(|i| {
            let name = format!("STORY-dev{}-{:03}.md", i % 5, i);
            let path: PathBuf = dir.join(&name);
            std::fs::write(&path, spec(i)).expect("write spec");
            SpecFile {
                display: format!("docs/specs/{name}"),
                path,
            }
        })
        .collect()
}

/// A spec shaped like PactKit's scaffold after an agent filled it in; every 10th is broken.
fn spec(i: usize) -> String {
    let id = format!("STORY-dev{}-{i:03}", i % 5);
    let reqs = 1 + i % 6;
    let release = if i % 10 == 7 {
        "TBD".to_owned()
    } else {
        format!("1.{}.0", i % 9)
    };
    let mut s = format!(
        "# {id}: Generated story number {i}\n\n| Field | Value |\n|-------|-------|\n| ID | {id} |\n\
         | Status | {} |\n| Priority | P{} |\n| Release | {release} |\n\n## Background\n\
         Users report that the export job times out on large workspaces. This story makes the\n\
         export incremental and resumable so that a retry continues where it stopped.\n\n",
        ["Draft", "In Progress", "Done"][i % 3],
        i % 3
    );
    s.push_str("## Requirements\n");
    for r in 1..=reqs {
        let word = ["MUST", "SHOULD", "MAY"][r % 3];
        s.push_str(&format!(
            "### R{r}: Requirement {r} ({word})\nThe exporter {word} persist a checkpoint after each batch of\n\
             500 records, and the retry {word} resume from the last checkpoint.\n\n"
        ));
    }
    s.push_str("## Acceptance Criteria\n");
    for r in 1..=reqs {
        let then = if i % 10 == 3 && r == 1 {
            "- Finally the export completes"
        } else {
            "- **Then** the export completes"
        };
        s.push_str(&format!(
            "### AC{r}: Scenario for R{r} (R{r})\n- **Given** a workspace with 10,000 records\n\
             - **When** the export is interrupted after batch {r}\n{then}\n\n"
        ));
        if r == 2 {
            s.push_str("```gherkin\nGiven an interrupted export\nWhen it is retried\nThen it resumes\n```\n\n");
        }
    }
    s.push_str(
        "## Target Call Chain\nexport.run -> export.batch -> store.checkpoint\n\n\
         ## Implementation Steps\n| Step | File | Action | Dependencies | Risk |\n\
         |------|------|--------|-------------|------|\n| 1 | `src/export.rs` | add checkpoints | None | Low |\n\
         | 2 | `src/store.rs` | persist state | 1 | Medium |\n\n\
         ```rust\n// ## Requirements inside a fence never counts\nfn checkpoint() {}\n```\n\n\
         ## Security Scope\n| Check | Applicable | Reason |\n|-------|------------|--------|\n\
         | SEC-1 | N/A | no user input |\n| SEC-6 | Yes | export endpoint |\n\n\
         ## Out of Scope\n- Parallel exports\n",
    );
    s
}
