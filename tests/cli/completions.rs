//! `pactkit completions` and `pactkit man`: generated from the CLI definition.

use crate::common::*;

#[test]
fn completions_cover_the_subcommands_for_each_shell() {
    let repo = TestRepo::empty_dir();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = repo.pactkit(&["completions", shell]);
        assert_code(&out, 0);
        let script = stdout(&out);
        for word in ["spec-lint", "hooks", "commit-msg", "board"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_code(&repo.pactkit(&["completions", "tcsh"]), 2);
}

#[test]
fn man_prints_a_roff_page_and_writes_one_per_command() {
    let repo = TestRepo::empty_dir();
    let out = repo.pactkit(&["man"]);
    assert_code(&out, 0);
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.contains(".TH pactkit"),
        "{page}"
    );
    assert!(page.contains("spec\\-lint"), "{page}");

    let out = repo.pactkit(&["man", "--out-dir", "man"]);
    assert_code(&out, 0);
    assert!(repo.path("man/pactkit.1").is_file(), "{}", render(&out));
    assert!(
        repo.path("man/pactkit-hooks.1").is_file(),
        "{}",
        render(&out)
    );
}
