//! Regression selection throughput: generates a 20,000-file polyglot monorepo (a Python
//! package with tests that import modules, a TypeScript app with colocated and importing
//! tests, Go packages, a Maven module, Rust crates, docs) into a temporary directory and
//! times classification + test-map + the decision for 200 changed files, including the
//! scan of the work tree and the import graphs of the four stacks with imports (every
//! code file of them is read: 8,000 files). Target: under 50 ms on 2 cores (not met since
//! the graphs: about 0.3 s on a busy machine; caching each file's imports by blob id is
//! the way there).
//!
//! Run: `cargo bench --bench regression` (`-- --keep` leaves the directory; `-- --once`
//! runs the selection once, for callgrind: `--toggle-collect='*select_once*'`).

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

#[path = "common/mod.rs"]
mod common;

use pactkit::config::Stack;
use pactkit::config::model::RegressionGateConfig;
use pactkit::stack::classify::classify;
use pactkit::stack::regression;
use pactkit::stack::testmap::Workspace;

use std::path::Path;

const RUNS: usize = 20;
const PER_STACK: usize = 1_000;

fn main() {
    let keep = std::env::args().any(|a| a == "--keep");
    let dir = std::env::temp_dir().join(format!("pactkit-regression-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (files, changed) = generate(&dir);
    println!(
        "regression: {files} files, {} changed, {RUNS} runs",
        changed.len()
    );
    let auto = Stack::One("auto".into());
    let settings = RegressionGateConfig {
        max_impact_files: 1_000,
        ..Default::default()
    };
    if std::env::args().any(|a| a == "--once") {
        // For `valgrind --tool=callgrind --toggle-collect=*select_once*`: one run, no loop.
        let selection = select_once(&dir, &changed, &auto, &settings);
        println!("  {}", selection.reason);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let ws = Workspace::scan(&dir, &auto);
    let selection = regression::select(&ws, &changed, &settings).expect("select");
    println!(
        "  {} — {} (tests {}, crates {})",
        selection.decision.label(),
        selection.reason,
        selection.tests.len(),
        selection.crates.len()
    );
    common::report("classify 200 paths", RUNS, || {
        for path in &changed {
            std::hint::black_box(classify(path));
        }
    });
    common::report("scan work tree (20,000 files)", RUNS, || {
        std::hint::black_box(Workspace::scan(&dir, &auto));
    });
    let listed = pactkit::stack::list_files(&dir);
    common::report("test-map + decide (files listed)", RUNS, || {
        let ws = Workspace::from_files(&dir, listed.clone(), &auto);
        std::hint::black_box(regression::select(&ws, &changed, &settings).expect("select"));
    });
    common::report("scan + classify + test-map + decide", RUNS, || {
        let ws = Workspace::scan(&dir, &auto);
        std::hint::black_box(regression::select(&ws, &changed, &settings).expect("select"));
    });
    if keep {
        println!("  kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Scan, classification, test-map and decision once (the unit `--once` profiles).
#[inline(never)]
fn select_once(
    dir: &Path,
    changed: &[String],
    stack: &Stack,
    settings: &RegressionGateConfig,
) -> regression::Selection {
    let ws = Workspace::scan(dir, stack);
    regression::select(&ws, changed, settings).expect("select")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// Writes the repository; returns the number of files and the changed paths.
fn generate(root: &Path) -> (usize, Vec<String>) {
    let count = std::cell::Cell::new(0);
    let put = |rel: String, text: String| {
        write(root, &rel, &text);
        count.set(count.get() + 1);
    };
    let mut changed = Vec::new();
    put("README.md".into(), "# mono\n".into());
    put(
        "py/pyproject.toml".into(),
        "[project]\nname = \"app\"\n".into(),
    );
    put(
        "web/package.json".into(),
        "{\"devDependencies\": {\"vitest\": \"1\"}}\n".into(),
    );
    put("svc/go.mod".into(), "module example.com/svc\n".into());
    put("jvm/pom.xml".into(), "<project/>\n".into());
    for i in 0..PER_STACK {
        let (pkg, m) = (i / 50, i % 50);
        put(
            format!("py/src/app/p{pkg}/m{m}.py"),
            format!("def f{m}():\n    return {m}\n"),
        );
        put(
            format!("py/tests/p{pkg}/test_m{m}.py"),
            format!(
                "import os\nfrom app.p{pkg}.m{m} import f{m}\nfrom app.p{pkg} import m{}\n\ndef test_f():\n    assert f{m}() == {m}\n",
                (m + 1) % 50
            ),
        );
        put(
            format!("web/src/c{pkg}/w{m}.ts"),
            format!("export const w{m} = {m};\n"),
        );
        put(
            format!("web/src/c{pkg}/w{m}.test.ts"),
            format!(
                "import {{ w{m} }} from './w{m}';\nimport {{ w{} }} from '../c{}/w{}.js';\n",
                m,
                (pkg + 1) % 20,
                m
            ),
        );
        put(
            format!("svc/pkg{pkg}/g{m}.go"),
            format!("package pkg{pkg}\n"),
        );
        put(
            format!("svc/pkg{pkg}/g{m}_test.go"),
            format!("package pkg{pkg}\n"),
        );
        put(
            format!("jvm/src/main/java/a/p{pkg}/J{m}.java"),
            "class J {}\n".into(),
        );
        put(
            format!("jvm/src/test/java/a/p{pkg}/J{m}Test.java"),
            "class JTest {}\n".into(),
        );
        put(format!("docs/d{pkg}/page{m}.md"), "# page\n".into());
        if m % 10 == 0 {
            put(
                format!("crates/c{pkg}_{m}/Cargo.toml"),
                format!("[package]\nname = \"c{pkg}-{m}\"\n"),
            );
        }
        put(
            format!("crates/c{pkg}_{}/src/r{m}.rs", m - m % 10),
            "pub fn r() {}\n".into(),
        );
        if i % 25 == 0 {
            changed.push(format!("py/src/app/p{pkg}/m{m}.py"));
            changed.push(format!("web/src/c{pkg}/w{m}.ts"));
            changed.push(format!("svc/pkg{pkg}/g{m}.go"));
            changed.push(format!("jvm/src/main/java/a/p{pkg}/J{m}.java"));
            changed.push(format!("crates/c{pkg}_{}/src/r{m}.rs", m - m % 10));
        }
    }
    // Padding to 20,000 files: assets and docs nobody changes.
    let mut i = 0;
    while count.get() < 20_000 {
        put(format!("assets/a{}/f{i}.svg", i / 100), "<svg/>\n".into());
        i += 1;
    }
    // 200 changed: 40 per code stack above, plus 0 more.
    changed.truncate(200);
    (count.get(), changed)
}
