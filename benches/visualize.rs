//! visualize throughput: generates a 5,000-file Python project (100 packages of 50
//! modules; each module imports three others, declares two classes, one inheriting from a
//! class of another module, and functions that call each other) and times
//! `visualize --mode file` from scratch, the same with all four graphs, and `--lazy` when
//! nothing changed. Targets: file mode under 1 s, lazy no-change under 30 ms (2 cores).
//!
//! Run: `cargo bench --bench visualize` (`-- --keep` leaves the directory).

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

#[path = "common/mod.rs"]
mod common;

use pactkit::config::Config;
use pactkit::visualize::{self, Mode, Options};
use std::fmt::Write as _;
use std::path::Path;

const PACKAGES: usize = 100;
const MODULES: usize = 50;

fn main() {
    let keep = std::env::args().any(|a| a == "--keep");
    let dir = std::env::temp_dir().join(format!("pactkit-visualize-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    generate(&dir);
    let cache = dir.join(".cache");
    let config = Config::default();
    let file_mode = Options {
        modes: vec![Mode::File],
        ..Options::default()
    };
    let all = Options::default();
    let report = visualize::run(&dir, &config, &file_mode, false, None).expect("visualize");
    println!(
        "visualize: {} files, code graph {} nodes / {} edges",
        report.files, report.graphs[0].nodes, report.graphs[0].edges
    );
    common::report("--mode file (scan, parse, resolve, write)", 5, || {
        std::hint::black_box(visualize::run(&dir, &config, &file_mode, false, None).expect("run"));
    });
    common::report("all four graphs", 3, || {
        std::hint::black_box(visualize::run(&dir, &config, &all, false, None).expect("run"));
    });
    visualize::run(&dir, &config, &file_mode, false, Some(&cache)).expect("prime");
    // The stat cache trusts only files older than two seconds (same-tick edits).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    visualize::run(&dir, &config, &file_mode, true, Some(&cache)).expect("refresh cache");
    common::report("--lazy, nothing changed", 20, || {
        let report = visualize::run(&dir, &config, &file_mode, true, Some(&cache)).expect("lazy");
        assert!(report.up_to_date, "lazy run did work");
    });
    if keep {
        println!("  kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn generate(root: &Path) {
    write(root, "pyproject.toml", "[project]\nname = \"bench\"\n");
    for p in 0..PACKAGES {
        write(root, &format!("app/pkg{p}/__init__.py"), "");
        for m in 0..MODULES {
            write(root, &format!("app/pkg{p}/mod{m}.py"), &module(p, m));
        }
    }
}

/// One module: three imports, two classes (one inheriting across modules), four functions.
fn module(p: usize, m: usize) -> String {
    let mut text = String::new();
    for k in 1..=3 {
        let (q, n) = ((p + k) % PACKAGES, (m * 7 + k) % MODULES);
        let _ = writeln!(
            text,
            "from app.pkg{q}.mod{n} import Model{q}_{n}, helper{q}_{n}"
        );
    }
    let (q, n) = ((p + 1) % PACKAGES, (m * 7 + 1) % MODULES);
    let _ = write!(
        text,
        "\n\nclass Model{p}_{m}(Model{q}_{n}):\n    \"\"\"A model.\"\"\"\n\n    def __init__(self, name):\n        self.name = name\n        self.part = Part{p}_{m}()\n\n    def run(self, x):\n        return self.step(x) + helper{q}_{n}(x)\n\n    def step(self, x):\n        return x * 2\n\n\nclass Part{p}_{m}:\n    def value(self):\n        return {m}\n\n\ndef helper{p}_{m}(x):\n    return inner{p}_{m}(x) + 1\n\n\ndef inner{p}_{m}(x):\n    total = 0\n    for i in range(x):\n        total += i\n    return total\n"
    );
    text
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}
