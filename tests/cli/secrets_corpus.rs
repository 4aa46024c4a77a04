//! The secrets gate's precision and recall on the labelled corpus
//! (`tests/data/secrets-corpus/`), through the real binary: a regression guard that holds
//! them at the level reached when the corpus was built. `scripts/secrets-precision.sh`
//! measures the same corpus against detect-secrets.
//!
//! `⟦alphabet:n⟧` in a corpus line is expanded here exactly as the bench script expands it
//! (SplitMix64 seeded with the row number), so both see the same values.

use crate::common::{TestRepo, stdout};
use std::collections::{HashMap, HashSet};

/// What the corpus scored when it was built (no false positive, one missed secret): one
/// more of either fails the test, and the message lists the rows.
const FALSE_POSITIVES_BUILT: usize = 0;
const MISSED_BUILT: usize = 1;

struct Row {
    secret: bool,
    kind: String,
    ext: String,
    line: String,
}

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn alphabet(name: &str) -> String {
    const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
    const DIGITS: &str = "0123456789";
    match name {
        "hex" => format!("{DIGITS}abcdef"),
        "HEX" => format!("{DIGITS}ABCDEF"),
        "digits" => DIGITS.into(),
        "lower" => LOWER.into(),
        "upper" => UPPER.into(),
        "alpha" => format!("{UPPER}{LOWER}"),
        "alnum" => format!("{UPPER}{LOWER}{DIGITS}"),
        "upnum" => format!("{UPPER}{DIGITS}"),
        "lowernum" => format!("{LOWER}{DIGITS}"),
        "b32" => format!("{UPPER}234567"),
        "b64" => format!("{UPPER}{LOWER}{DIGITS}+/"),
        "b64url" => format!("{UPPER}{LOWER}{DIGITS}-_"),
        "azure" => format!("{UPPER}{LOWER}{DIGITS}_~.-"),
        "age" => "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".into(),
        "bcrypt" => format!("./{UPPER}{LOWER}{DIGITS}"),
        "pw" => format!("{UPPER}{LOWER}{DIGITS}!#$%&*+-.:=?@^_~"),
        "djsecret" => format!("{LOWER}{DIGITS}!@#$%^&*(-_=+)"),
        "wp" => format!("{UPPER}{LOWER}{DIGITS}!#$%&()*+,-./:;<=>?@[]^_`{{|}}~"),
        other => panic!("unknown alphabet {other} in the corpus"),
    }
}

/// Replaces each `⟦alphabet:n⟧` with n generated characters; `row` seeds the generator.
fn expand(line: &str, row: u64) -> String {
    let mut rng = SplitMix64(row);
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('⟦') {
        out.push_str(&rest[..open]);
        let after = &rest[open + '⟦'.len_utf8()..];
        let close = after.find('⟧').expect("closed template");
        let (name, count) = after[..close].split_once(':').expect("alphabet:count");
        let symbols: Vec<char> = alphabet(name).chars().collect();
        let count: usize = count.parse().expect("a count");
        for _ in 0..count {
            out.push(symbols[(rng.next() % symbols.len() as u64) as usize]);
        }
        rest = &after[close + '⟧'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn corpus() -> Vec<Row> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/secrets-corpus/corpus.tsv");
    let text = std::fs::read_to_string(&path).expect("read the corpus");
    let mut rows = Vec::new();
    for raw in text.lines() {
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let mut fields = raw.splitn(4, '\t');
        let (Some(verdict), Some(kind), Some(ext), Some(line)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            panic!("a corpus row needs four fields: {raw}");
        };
        assert!(matches!(verdict, "secret" | "ok"), "{raw}");
        let row = rows.len() as u64 + 1;
        rows.push(Row {
            secret: verdict == "secret",
            kind: kind.to_owned(),
            ext: ext.to_owned(),
            line: expand(line, row),
        });
    }
    rows
}

#[test]
fn the_expansion_matches_the_bench_script() {
    // Values printed by scripts/secrets-precision.py's `expand`.
    assert_eq!(expand("x⟦hex:8⟧y⟦pw:6⟧", 1), "x17eb9055yY.hEy_");
    assert_eq!(expand("⟦alnum:12⟧", 42), "Z72syU7mdWNy");
}

#[test]
fn precision_and_recall_on_the_labelled_corpus_do_not_regress() {
    let rows = corpus();
    let repo = TestRepo::new();
    let mut files: HashMap<String, Vec<&str>> = HashMap::new();
    let mut row_of: HashMap<(String, u32), usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        let name = format!("corpus.{}", row.ext);
        let lines = files.entry(name.clone()).or_default();
        lines.push(&row.line);
        row_of.insert((name, lines.len() as u32), index);
    }
    for (name, lines) in &files {
        repo.write(name, &(lines.join("\n") + "\n"));
    }
    repo.git(&["add", "."]);
    let out = repo.pactkit(&[
        "check",
        "--gate",
        "secrets",
        "--all-files",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("a JSON report");
    let mut flagged = HashSet::new();
    for finding in report["gates"][0]["findings"].as_array().expect("findings") {
        let file = finding["file"].as_str().expect("file").to_owned();
        let line = finding["line"].as_u64().expect("line") as u32;
        flagged.insert(row_of[&(file, line)]);
    }
    let describe = |i: &usize| format!("row {} [{}] {}", i + 1, rows[*i].kind, rows[*i].line);
    let false_positives: Vec<String> = flagged
        .iter()
        .filter(|&&i| !rows[i].secret)
        .map(describe)
        .collect();
    let missed: Vec<String> = (0..rows.len())
        .filter(|i| rows[*i].secret && !flagged.contains(i))
        .map(|i| describe(&i))
        .collect();
    let secrets = rows.iter().filter(|r| r.secret).count();
    assert!(secrets >= 300 && rows.len() >= 1000, "the corpus shrank");
    assert!(
        false_positives.len() < FALSE_POSITIVES_BUILT + 1,
        "{} false positives (at most {FALSE_POSITIVES_BUILT}):\n{}",
        false_positives.len(),
        false_positives.join("\n")
    );
    assert!(
        missed.len() < MISSED_BUILT + 1,
        "{} of {secrets} secrets missed (at most {MISSED_BUILT}):\n{}",
        missed.len(),
        missed.join("\n")
    );
}
