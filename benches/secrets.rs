//! Secrets scan throughput: 10,000 added lines of varied code (imports, assignments of
//! ordinary values, URLs, long base64-ish data lines, a few real-looking credentials)
//! scanned in-process as the secrets gate does (`gates::secrets::scan_added`), plus the
//! one-time compilation of the detectors.
//!
//! Run: `cargo bench --bench secrets`.
#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use pactkit::gates::secrets::scan_added;
use pactkit::git::LineRange;
use pactkit::secrets::{AllowList, DEFAULT_ENTROPY, Scanner};
use std::hint::black_box;
use std::time::{Duration, Instant};

const LINES: usize = 10_000;
const RUNS: usize = 30;

fn generate() -> String {
    let key = ["AKIA", "Z7Q3R5T2W4Y6U8P1"].concat();
    let mut text = String::new();
    for i in 0..LINES {
        let line = match i % 10 {
            0 => format!("import module_{i} from './lib/module_{i}';"),
            1 => format!("    let total_{i} = compute(values[{i}], config.retries);"),
            2 => format!("    password_hint = \"see the wiki page number {i}\""),
            3 => format!("    url = \"https://example.com/api/v1/items/{i}?page=2\""),
            4 => "    // Übersetzung: Schlüssel und Werte – ünïcödé text here".to_owned(),
            5 => format!(
                "    data_{i} = \"QmFzZTY0IGRhdGEgdGhhdCBpcyBub3QgYSBzZWNyZXQgYXQgYWxs{i}\""
            ),
            6 => format!("    token = get_token(request, user_{i})"),
            7 => "    }".to_owned(),
            8 => format!("def handler_{i}(event, context):"),
            _ if i % 1000 == 9 => format!("    AWS_KEY = \"{key}\""),
            _ => format!("    return {{\"id\": {i}, \"name\": \"item-{i}\", \"enabled\": true}}"),
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn main() {
    let text = generate();
    let added = [LineRange {
        start: 1,
        end: LINES as u32,
    }];
    let start = Instant::now();
    let scanner = Scanner::new(AllowList::default(), DEFAULT_ENTROPY);
    let found = scan_added(&scanner, text.as_bytes(), &added);
    println!(
        "secrets: {LINES} added lines, {} KiB, {} findings; first scan incl. compiling the detectors: {:.2} ms",
        text.len() / 1024,
        found.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(scan_added(&scanner, black_box(text.as_bytes()), &added));
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "  scan {LINES} lines: median {:.2} ms, min {:.2} ms ({RUNS} runs)",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}
