//! Commit messages: the parser and the default commitlint-compatible rules.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pactkit::commitmsg::{LintOptions, Linter, Settings, parse::parse};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse(&text);
    if let Ok(linter) = Linter::new(&Settings::default()) {
        let _ = linter.lint(&text, &LintOptions::default());
    }
});
