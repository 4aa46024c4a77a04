//! Commit-message linting speed: clean-up + parse + lint with the conventional preset,
//! per iteration, for a typical message and for a long one with body and footers.
//! Run with `cargo bench --bench commit_msg`.

#![allow(clippy::print_stdout)]

use pactkit::commitmsg::{LintOptions, Linter, Settings};
use std::hint::black_box;
use std::time::Instant;

const TYPICAL: &str = "feat(auth): add OAuth2 login flow\n\
# Please enter the commit message for your changes. Lines starting\n\
# with '#' will be ignored, and an empty message aborts the commit.\n";

fn long_message() -> String {
    let mut msg = String::from("fix(parser)!: handle empty scope parentheses in headers\n\n");
    for i in 0..40 {
        msg.push_str(&format!(
            "Line {i} of the body explains the change in some detail, see https://example.com/issues/{i}\n"
        ));
    }
    msg.push_str(
        "\nBREAKING CHANGE: `feat(): x` is now rejected instead of crashing\nthe parser.\n\n",
    );
    msg.push_str(
        "Closes #12, fixes #13\nReviewed-by: Dana <dana@example.com>\nRefs: STORY-alice-004\n",
    );
    msg.push_str("Signed-off-by: Ann <ann@example.com>\n# comment\n");
    msg
}

fn bench(name: &str, linter: &Linter, message: &str) {
    let options = LintOptions {
        cleanup: pactkit::commitmsg::Cleanup::strip('#'),
        branch: Some("feature/STORY-001"),
    };
    for _ in 0..1_000 {
        black_box(linter.lint(black_box(message), &options));
    }
    let iterations = 20_000u32;
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(linter.lint(black_box(message), &options));
    }
    let per = start.elapsed().as_nanos() / u128::from(iterations);
    println!("{name:<40} {per:>8} ns/iter ({} bytes)", message.len());
}

fn main() {
    let settings = Settings::default();
    let start = Instant::now();
    let linter = Linter::new(&settings).unwrap_or_else(|e| panic!("settings: {e}"));
    println!(
        "{:<40} {:>8} ns",
        "Linter::new (conventional)",
        start.elapsed().as_nanos()
    );
    bench("lint typical message", &linter, TYPICAL);
    bench(
        "lint long message (body + footers)",
        &linter,
        &long_message(),
    );
    bench("lint invalid message", &linter, "Feature: Add Login.\n");
}
