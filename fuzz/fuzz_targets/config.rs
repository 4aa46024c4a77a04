//! `pactkit.yaml`: any text is a configuration or an error naming the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pactkit::config::parse_text(text, Path::new("pactkit.yaml"));
    }
});
