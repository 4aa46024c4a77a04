//! Project documents: a spec, the sprint board and the lessons table from the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pactkit::workflow::{board::Board, lessons, spec};

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = spec::SpecDoc::from_bytes(data) {
        let _ = spec::parse(&doc);
    }
    let text = String::from_utf8_lossy(data);
    let _ = Board::parse(&text);
    let _ = lessons::lint(&text);
});
