//! Every coverage reader: the first byte picks the format, the rest is the report.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pactkit::coverage::{Collector, Format, parse, paths::PathResolver};
use std::path::Path;

const FORMATS: [Format; 5] = [
    Format::Lcov,
    Format::Cobertura,
    Format::Jacoco,
    Format::CoveragePyJson,
    Format::GoCover,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, report)) = data.split_first() else {
        return;
    };
    let wanted = ["src/app.py", "a.go", "src/a.rs", "calc/ops.go"].map(String::from);
    let resolver = PathResolver::new(Path::new("/r"), &[], [], wanted);
    let mut out = Collector::new(&resolver);
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let _ = Format::sniff(report);
    if parse(format, report, &mut out).is_ok() {
        let coverage = out.finish();
        let lines = [1, 2, 3, 1000, u32::MAX];
        for path in coverage.files.keys() {
            let _ = coverage.hits(path, &lines);
        }
    }
});
