//! Property tests of every reader of untrusted input (issue 14, item 7): coverage reports,
//! `pactkit.yaml`, commit messages, agent payloads, specs, boards and lessons. Each gets
//! arbitrary bytes and mutations of a valid input from `tests/data`, and must not panic and
//! must keep its output bounded by its input. Case counts are small so `cargo test` stays
//! fast; `fuzz/` runs the same readers for as long as one likes.

use crate::agenthooks::{Tool, payload};
use crate::commitmsg::{LintOptions, Linter, Settings};
use crate::coverage::{Collector, Format, paths::PathResolver};
use crate::workflow::{board::Board, lessons, spec};
use proptest::prelude::*;
use std::path::Path;

const CASES: u32 = 48;

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One edit of a valid input: flip, insert, delete or repeat a slice.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Repeat(usize, usize, u8),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Set(at, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Edit::Insert(at, bytes)),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| Edit::Delete(at, len)),
        (any::<usize>(), 1..32usize, 1..8u8).prop_map(|(at, len, n)| Edit::Repeat(at, len, n)),
    ];
    prop::collection::vec(edit, 1..8)
}

fn mutate(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match edit {
            Edit::Set(at, b) => {
                if let Some(slot) = bytes.get_mut(at % len) {
                    *slot = *b;
                }
            }
            Edit::Insert(at, new) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, new.iter().copied());
            }
            Edit::Delete(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Repeat(at, n, times) => {
                let at = (at % len).min(bytes.len());
                let piece = bytes[at..(at + n).min(bytes.len())].to_vec();
                for _ in 0..*times {
                    bytes.splice(at..at, piece.iter().copied());
                }
            }
        }
    }
    bytes
}

const FORMATS: [(Format, &str); 7] = [
    (Format::Lcov, "coverage/conformance/lcov.info"),
    (Format::Lcov, "coverage/python/coverage.lcov"),
    (Format::Cobertura, "coverage/conformance/coverage.xml"),
    (Format::Cobertura, "coverage/python/coverage.xml"),
    (Format::Jacoco, "coverage/jacoco.xml"),
    (Format::CoveragePyJson, "coverage/python/coverage.json"),
    (Format::GoCover, "coverage/cover.out"),
];

/// Parses a report wanting every file the fixtures name; the kept lines and spans can never
/// outnumber the report's lines (a reader that expands ranges would break this).
fn check_report(format: Format, report: &[u8]) {
    let wanted = [
        "src/calc/ops.py",
        "src/calc/fmt.py",
        "calc/ops.go",
        "src/main/java/com/acme/calc/Ops.java",
        "src/app.py",
    ]
    .map(String::from);
    let resolver = PathResolver::new(Path::new("/r"), &[], [], wanted);
    let mut out = Collector::new(&resolver);
    let _ = Format::sniff(report);
    if crate::coverage::parse(format, report, &mut out).is_ok() {
        let coverage = out.finish();
        let kept: usize = coverage.files.values().map(|l| l.len()).sum::<usize>()
            + coverage.spans.values().map(Vec::len).sum::<usize>();
        let lines = memchr::memchr_iter(b'\n', report).count() + 1;
        // JSON and XML may put many lines on one line of text: bound by bytes there.
        assert!(
            kept <= lines.max(report.len() / 2),
            "{kept} kept from {lines} lines"
        );
        for path in coverage.files.keys() {
            let hits = coverage.hits(path, &[1, 2, 5, 1000, u32::MAX]);
            assert_eq!(hits.map(|h| h.len()), Some(5));
        }
    }
}

fn check_config(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Err(err) = crate::config::parse_text(text, Path::new("pactkit.yaml"))
    {
        assert!(err.to_string().contains("pactkit.yaml"), "{err}");
    }
}

fn check_commit_msg(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let commit = crate::commitmsg::parse::parse(&text);
    let _ = format!("{commit:?}");
    let linter = Linter::new(&Settings::default()).expect("default settings compile");
    let report = linter.lint(&text, &LintOptions::default());
    assert!(report.errors.len() <= 64, "{}", report.errors.len());
}

fn check_payload(tool: Tool, bytes: &[u8]) {
    let _ = payload::parse(tool, bytes);
}

fn check_docs(bytes: &[u8]) {
    if let Ok(doc) = spec::SpecDoc::from_bytes(bytes) {
        let _ = spec::parse(&doc);
    }
    let text = String::from_utf8_lossy(bytes);
    let board = Board::parse(&text);
    assert!(board.stories.len() <= text.lines().count());
    // Per line at most one error, plus the file-level ones: no header, no separator, too
    // many rows (an empty text has no lines and two errors).
    assert!(lessons::lint(&text).len() <= text.lines().count() + 3);
}

const TOOLS: [Tool; 5] = [
    Tool::Claude,
    Tool::Codex,
    Tool::Opencode,
    Tool::Copilot,
    Tool::Gemini,
];

fn payload_fixture(tool: Tool) -> Vec<u8> {
    data(&format!("agenthooks/{}-allowed-commit.json", tool.name()))
}

const SPEC: &str = "specs/clean.md";
const CONFIG: &str = "gates:\n  coverage:\n    pass: 80\n    reports: [lcov.info, cover.out]\n\
                      hooks:\n  pre-commit: [secrets, lint]\nzzz: [[1, {a: [2]}]]\n";
const MESSAGE: &str = "feat(api)!: add the thing\n\nBody line.\n\nRefs: #12\nBREAKING CHANGE: x\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn coverage_readers_take_any_bytes(pick in 0..FORMATS.len(), bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_report(FORMATS[pick].0, &bytes);
    }

    #[test]
    fn coverage_readers_take_mutated_reports(pick in 0..FORMATS.len(), edits in edits()) {
        let (format, fixture) = FORMATS[pick];
        check_report(format, &mutate(data(fixture), &edits));
    }

    #[test]
    fn go_blocks_with_any_line_numbers_stay_spans(start in any::<u32>(), end in any::<u32>(), n in 1..64usize) {
        let mut text = String::from("mode: set\n");
        for i in 0..n {
            text.push_str(&format!("src/app.py:{start}.1,{}.1 1 {i}\n", end.saturating_sub(i as u32)));
        }
        check_report(Format::GoCover, text.as_bytes());
    }

    #[test]
    fn config_takes_any_text(text in "[\\[\\]{}:,\\- a-z0-9'\"#\n]{0,512}") {
        check_config(text.as_bytes());
    }

    #[test]
    fn config_takes_mutated_files(edits in edits()) {
        check_config(&mutate(CONFIG.as_bytes().to_vec(), &edits));
    }

    #[test]
    fn commit_messages_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_commit_msg(&bytes);
    }

    #[test]
    fn commit_messages_take_mutated_messages(edits in edits()) {
        check_commit_msg(&mutate(MESSAGE.as_bytes().to_vec(), &edits));
    }

    #[test]
    fn agent_payloads_take_any_and_mutated_bytes(pick in 0..TOOLS.len(), bytes in prop::collection::vec(any::<u8>(), 0..512), edits in edits()) {
        check_payload(TOOLS[pick], &bytes);
        check_payload(TOOLS[pick], &mutate(payload_fixture(TOOLS[pick]), &edits));
    }

    #[test]
    fn documents_take_any_and_mutated_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024), edits in edits()) {
        check_docs(&bytes);
        check_docs(&mutate(data(SPEC), &edits));
    }
}
