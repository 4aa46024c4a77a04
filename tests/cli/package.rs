//! Release packaging: the crate `cargo package` would upload holds everything the binary
//! compiles in (templates, hook shims), the licence files and the lock file, and nothing
//! else (no build output, no VCS data, no stray READMEs).

use crate::common::{crate_root, files_under, tools};
use std::process::Command;

/// Top-level entries a packaged file may live under or be.
const ALLOWED_DIRS: &[&str] = &[
    "src/",
    "tests/",
    "templates/",
    "hooks/",
    "schema/",
    "benches/",
];
const ALLOWED_FILES: &[&str] = &[
    ".cargo_vcs_info.json",
    "Cargo.lock",
    "Cargo.toml",
    "Cargo.toml.orig",
    "build.rs",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
];

/// `cargo package --list`, or `None` (the test is recorded as skipped) without cargo.
fn package_list() -> Option<Vec<String>> {
    if !tools::require(&tools::CARGO) {
        return None;
    }
    let out = Command::new("cargo")
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(crate_root())
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 file list");
    Some(text.lines().map(str::to_owned).collect())
}

#[test]
fn the_package_holds_what_the_binary_needs_and_nothing_else() {
    let Some(listed) = package_list() else {
        return;
    };
    for needed in [
        "src/main.rs",
        "src/bin/pactkit_full.rs",
        "build.rs",
        "src/lib.rs",
        "Cargo.lock",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "README.md",
        "schema/pactkit.schema.json",
    ] {
        assert!(
            listed.iter().any(|f| f == needed),
            "{needed} is not packaged: {listed:#?}"
        );
    }
    // Everything the binary `include_str!`s lives in these trees and in src/.
    for dir in ["templates", "hooks"] {
        let files = files_under(dir);
        assert!(!files.is_empty(), "{dir}/ is empty");
        for file in files {
            assert!(listed.contains(&file), "{file} is not packaged");
        }
    }
    let stray: Vec<&String> = listed
        .iter()
        .filter(|f| {
            !ALLOWED_FILES.contains(&f.as_str()) && !ALLOWED_DIRS.iter().any(|d| f.starts_with(d))
        })
        .collect();
    assert!(
        stray.is_empty(),
        "files that should not be packaged: {stray:?}"
    );
    assert!(
        !listed
            .iter()
            .any(|f| f.contains("target/") || f.contains(".git/")),
        "build output or VCS data packaged: {listed:#?}"
    );
}

#[test]
fn the_licence_files_are_the_ones_cargo_toml_declares() {
    let manifest = std::fs::read_to_string(crate_root().join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string(crate_root().join("LICENSE-MIT")).expect("LICENSE-MIT");
    assert!(mit.contains("Copyright (c) 2026 The pactkit developers"));
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache =
        std::fs::read_to_string(crate_root().join("LICENSE-APACHE")).expect("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
}
