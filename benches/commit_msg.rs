//! Benchmark: linting one commit message in-process (clean-up, parse, config-conventional
//! rules), for a one-line message and for one with a body and footers. The whole-process
//! number (start-up included) comes from `bench/commit-overhead.sh`.
//! Run with `cargo bench --bench commit_msg`.

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use pactkit::commitmsg::{LintOptions, Linter, Settings};
use std::hint::black_box;
use std::time::Instant;

const ITERATIONS: u32 = 20_000;

fn measure(name: &str, linter: &Linter, message: &str) {
    let options = LintOptions::default();
    for _ in 0..1_000 {
        black_box(linter.lint(black_box(message), &options));
    }
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        black_box(linter.lint(black_box(message), &options));
    }
    let per = start.elapsed() / ITERATIONS;
    println!("{name:<40} {:>8.2} µs/message", per.as_secs_f64() * 1e6);
}

fn main() {
    let start = Instant::now();
    let linter =
        Linter::new(&Settings::default()).unwrap_or_else(|e| panic!("default settings: {e}"));
    println!(
        "{:<40} {:>8.2} µs",
        "compile the default settings",
        start.elapsed().as_secs_f64() * 1e6
    );
    measure(
        "one-line message",
        &linter,
        "feat(cli): add the check command",
    );
    let long = "fix(parser)!: reject headers without a colon\n\nThe old parser accepted `feat add` and \
                produced an empty type.\nThis is the explanation paragraph that wraps at seventy-two.\n\n\
                # Please enter the commit message for your changes.\n\
                BREAKING CHANGE: headers without `: ` are now invalid\nRefs: #42\nSigned-off-by: A <a@example.com>\n";
    measure("message with body, footers and comments", &linter, long);
    measure(
        "ignored merge commit",
        &linter,
        "Merge branch 'main' into feature",
    );
}
