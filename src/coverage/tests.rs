//! Reader tests over the report fixtures in `tests/data/coverage/` (real coverage.py output,
//! JaCoCo and Go profiles in their tools' layouts): one model whatever the format.

use super::paths::PathResolver;
use super::{Collector, Coverage, Format, LineHits, parse};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/coverage")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str, known: &[&str], wanted: &[&str]) -> Coverage {
    let text = fixture(name);
    let resolver = PathResolver::new(
        Path::new("/nonexistent/checkout"),
        &[],
        known.iter().map(|s| s.to_string()),
        wanted.iter().map(|s| s.to_string()),
    );
    let mut out = Collector::new(&resolver);
    let format = Format::sniff(&text).expect("a known format");
    parse(format, &text, &mut out).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    out.finish()
}

fn lines(pairs: &[(u32, u64)]) -> LineHits {
    pairs.iter().copied().collect()
}

/// What coverage.py 7.17 measured for `python/ops.py` after `test_add` and `test_div`.
fn python_ops() -> LineHits {
    lines(&[
        (4, 1),
        (5, 1),
        (8, 1),
        (10, 0),
        (11, 0),
        (14, 1),
        (16, 1),
        (17, 0),
        (18, 1),
    ])
}

#[test]
fn coverage_py_xml_json_and_lcov_agree() {
    let wanted = ["src/calc/ops.py"];
    for name in [
        "python/coverage.xml",
        "python/coverage.json",
        "python/coverage.lcov",
    ] {
        let cov = read(name, &["src/calc/__init__.py", "src/calc/ops.py"], &wanted);
        assert_eq!(cov.files.len(), 1, "{name}");
        assert_eq!(cov.files["src/calc/ops.py"], python_ops(), "{name}");
    }
}

#[test]
fn jacoco_lines_by_package_and_sourcefile() {
    let path = "src/main/java/com/acme/calc/Ops.java";
    let cov = read("jacoco.xml", &[path], &[path]);
    assert_eq!(
        cov.files[path],
        lines(&[(3, 3), (5, 4), (9, 2), (10, 0), (12, 2)])
    );
}

#[test]
fn go_profile_blocks_by_import_path() {
    let cov = read(
        "cover.out",
        &["calc/ops.go", "calc/cmd/main.go"],
        &["calc/ops.go"],
    );
    // 8 is in a run block (count 2) and a skipped one (count 0): covered.
    let all: Vec<u32> = (1..=40).collect();
    let measured: LineHits = all
        .iter()
        .zip(cov.hits("calc/ops.go", &all).unwrap())
        .filter_map(|(&line, hits)| Some((line, hits?)))
        .collect();
    assert_eq!(
        measured,
        lines(&[
            (3, 4),
            (4, 4),
            (5, 4),
            (7, 2),
            (8, 2),
            (9, 0),
            (10, 0),
            (11, 2)
        ])
    );
}

#[test]
fn truncated_fixtures_are_errors_naming_the_problem() {
    let resolver = PathResolver::new(Path::new("/r"), &[], [], ["src/calc/ops.py".to_string()]);
    for name in [
        "python/coverage.xml",
        "python/coverage.json",
        "python/coverage.lcov",
        "jacoco.xml",
    ] {
        let text = fixture(name);
        let cut = &text[..text.len() * 2 / 3];
        let format = Format::sniff(cut).expect("sniffable");
        let err = parse(format, cut, &mut Collector::new(&resolver))
            .expect_err(&format!("{name} cut short must fail"));
        assert!(err.message.contains("truncated"), "{name}: {err:?}");
    }
}

/// A report larger than the streaming buffer: records in later pieces are read, and an
/// error deep in the file carries its line number in the whole file.
#[test]
fn large_lcov_reports_stream_with_whole_file_line_numbers() {
    use std::fmt::Write as _;
    let dir = std::env::temp_dir().join(format!("pactkit-lcov-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut text = String::new();
    for f in 0..4_000 {
        let _ = writeln!(text, "SF:/ci/src/f{f}.rs");
        for line in 1..=300 {
            let _ = writeln!(text, "DA:{line},{}", (line + f) % 3);
        }
        text.push_str("end_of_record\n");
    }
    assert!(text.len() > 2 * super::LCOV_CHUNK, "{}", text.len());
    let good = dir.join("good.info");
    std::fs::write(&good, &text).expect("write");
    let wanted = ["src/f3999.rs".to_string(), "src/f1.rs".to_string()];
    let resolver = PathResolver::new(Path::new("/r"), &[], [], wanted.clone());
    let cov = super::read_reports(std::slice::from_ref(&good), &resolver).expect("parse");
    assert_eq!(cov.files["src/f3999.rs"].len(), 300);
    assert_eq!(cov.files["src/f3999.rs"][&1], (1 + 3999) % 3);
    assert_eq!(cov.files["src/f1.rs"][&2], 0);

    // Break the DA of line 5 in the last record: whole-file line = 3999 records of 302
    // lines before it, then SF (1) and DA:1..DA:4 (4) → line 3999 * 302 + 6.
    let at = text.rfind("DA:5,").expect("last record");
    text.replace_range(at..at + 5, "DA:x,");
    let bad = dir.join("bad.info");
    std::fs::write(&bad, &text).expect("write");
    let err = super::read_reports(std::slice::from_ref(&bad), &resolver).unwrap_err();
    assert_eq!(err.line, Some(3999 * 302 + 6), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
