//! The commit-msg and spec gates judge the message git will store, through real `git
//! commit`s: `-m` keeps comment lines (git's `whitespace` clean-up), an editor's comment
//! lines and the `-v` diff are dropped (`strip`), `--cleanup`, `commit.cleanup` and
//! `core.commentChar` are honoured, and commits already made are linted as stored.

use crate::common::*;
use std::process::Output;

/// A repository with pactkit's shims and one commit.
fn installed_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n").commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

/// An editor that writes `message` above what git prepared (its comment lines).
fn editor(repo: &TestRepo, message: &str) -> String {
    let path = repo.temp().join("editor.sh");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\n{{ printf '%s\\n' '{message}'; cat \"$1\"; }} > \"$1.new\" && mv \"$1.new\" \"$1\"\n"
        ),
    )
    .expect("editor");
    make_executable(&path);
    path.display().to_string()
}

fn commit_with_editor(repo: &TestRepo, message: &str, args: &[&str]) -> Output {
    let editor = editor(repo, message);
    repo.git_cmd()
        .env("GIT_EDITOR", editor)
        .args(["commit", "-q"])
        .args(args)
        .output()
        .expect("git commit")
}

fn change(repo: &TestRepo, name: &str) {
    let n = repo.git(&["rev-list", "--count", "HEAD"]);
    repo.write(name, &format!("{n}\n"));
    repo.git(&["add", name]);
}

fn stored_message(repo: &TestRepo) -> String {
    repo.git(&["log", "-1", "--format=%B"])
}

#[test]
fn a_comment_line_given_with_m_is_the_subject_git_stores() {
    let repo = installed_repo();
    change(&repo, "a.txt");
    let out = repo.git_output(&[
        "commit",
        "-q",
        "-m",
        "#123 broken header",
        "-m",
        "feat: fine",
    ]);
    assert_blocked_by(&out, "subject-empty");
    // With --cleanup=strip git drops the line, and so does the gate.
    let out = repo.git_output(&[
        "commit",
        "-q",
        "--cleanup=strip",
        "-m",
        "#123 broken header",
        "-m",
        "feat: fine",
    ]);
    assert_code(&out, 0);
    assert_eq!(stored_message(&repo), "feat: fine\n\n");
}

#[test]
fn commit_cleanup_and_git_c_are_honoured() {
    let repo = installed_repo();
    change(&repo, "a.txt");
    let out = repo.git_output(&[
        "-c",
        "commit.cleanup=strip",
        "commit",
        "-q",
        "-m",
        "#1 gone",
        "-m",
        "feat: kept",
    ]);
    assert_code(&out, 0);
    change(&repo, "a.txt");
    repo.git(&["config", "commit.cleanup", "strip"]);
    let out = repo.git_output(&["commit", "-q", "-m", "#2 gone", "-m", "fix: kept"]);
    assert_code(&out, 0);
    assert_eq!(stored_message(&repo), "fix: kept\n\n");
    // verbatim: the header's trailing spaces are stored, so header-trim fires.
    change(&repo, "a.txt");
    repo.git(&["config", "commit.cleanup", "verbatim"]);
    let out = repo.git_output(&["commit", "-q", "-m", "fix: spaces  "]);
    assert_blocked_by(&out, "header-trim");
}

#[test]
fn an_edited_message_is_judged_without_gits_comment_lines() {
    let repo = installed_repo();
    change(&repo, "a.txt");
    let out = commit_with_editor(&repo, "feat: from the editor", &[]);
    assert_code(&out, 0);
    assert_eq!(stored_message(&repo), "feat: from the editor\n\n");
    // The same text kept by --cleanup=whitespace makes git's instructions a body: still
    // valid, and stored with them.
    change(&repo, "a.txt");
    let out = commit_with_editor(&repo, "feat: kept comments", &["--cleanup=whitespace"]);
    assert_code(&out, 0);
    assert!(stored_message(&repo).contains("# Please enter"));
    // With `;` as the comment character a `#` line is the subject git stores.
    change(&repo, "a.txt");
    let out = repo
        .git_cmd()
        .env(
            "GIT_EDITOR",
            editor(&repo, "#7 is not a comment here\nfeat: real"),
        )
        .args(["-c", "core.commentChar=;", "commit", "-q"])
        .output()
        .expect("git commit");
    assert_blocked_by(&out, "subject-empty");
}

/// The spec gate reads references from the stored message: git's status comment about a
/// deleted spec and the `-v` diff naming a story are not references.
#[test]
fn the_spec_gate_ignores_references_in_comments_and_the_verbose_diff() {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n");
    repo.write("docs/specs/STORY-001.md", "# STORY-001: old\n");
    repo.write("docs/specs/STORY-002.md", "# STORY-002: kept\n");
    repo.write("notes.md", "first\n");
    repo.commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.git(&["rm", "-q", "docs/specs/STORY-001.md"]);
    let out = commit_with_editor(&repo, "docs: drop an abandoned spec", &[]);
    assert_code(&out, 0);

    repo.write("notes.md", "see STORY-042 for the plan\n");
    repo.git(&["add", "notes.md"]);
    let out = commit_with_editor(&repo, "docs: note the plan", &["-v"]);
    assert_code(&out, 0);

    // The same reference in the message itself is judged.
    repo.write("notes.md", "again\n");
    repo.git(&["add", "notes.md"]);
    let out = repo.git_output(&["commit", "-q", "-m", "docs: see STORY-042"]);
    assert_blocked_by(&out, "spec-exists");
}

/// In range mode the messages are the commits' own: a header with trailing whitespace,
/// stored by `--cleanup=verbatim`, is header-trim, as commitlint says.
#[test]
fn stored_messages_are_linted_as_stored() {
    let repo = TestRepo::new();
    repo.write("a.txt", "1\n").commit_all("chore: init");
    repo.write("a.txt", "2\n");
    repo.git(&["add", "a.txt"]);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "--cleanup=verbatim",
        "-m",
        "fix: trailing  ",
    ]);
    let out = repo.pactkit(&["check", "--from-ref", "HEAD~1", "--gate", "commit-msg"]);
    assert_code(&out, 1);
    assert!(render(&out).contains("header-trim"), "{}", render(&out));
    let out = repo.pactkit(&["commit-msg", "--from", "HEAD~1", "--to", "HEAD"]);
    assert_code(&out, 1);
    assert!(render(&out).contains("header-trim"), "{}", render(&out));
}

/// `commit-msg FILE` (what a hook manager runs) takes the clean-up from the whole git
/// configuration — here a global file whose conditional include applies on `feature/*`
/// branches — in a plain repository (read without opening it in gix) as in a linked
/// worktree (opened in gix): `verbatim` keeps the header's trailing spaces.
#[test]
fn commit_msg_file_reads_the_cleanup_from_global_and_conditional_config() {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n").commit_all("chore: init");
    let global = global_config_with_verbatim_if(&repo, "onbranch:feature/**");
    let message = repo.temp().join("msg.txt");
    std::fs::write(&message, "fix: spaces  \n").expect("message");
    let lint = |dir: &std::path::Path| {
        repo.pactkit_cmd()
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", &global)
            .arg("commit-msg")
            .arg(&message)
            .output()
            .expect("run pactkit")
    };
    assert_code(&lint(repo.root()), 0);
    repo.git(&["checkout", "-q", "-b", "feature/x"]);
    let out = lint(&repo.root().join("."));
    assert_blocked_by(&out, "header-trim");
    let worktree = repo.temp().join("wt");
    let worktree_arg = worktree.display().to_string();
    repo.git(&["worktree", "add", "-q", "-b", "feature/y", &worktree_arg]);
    let out = lint(&worktree);
    assert_blocked_by(&out, "header-trim");
    repo.git(&["-C", &worktree_arg, "checkout", "-q", "-b", "plain"]);
    assert_code(&lint(&worktree), 0);
}

/// A hook manager's `commit-msg` hook: it calls `pactkit commit-msg FILE`.
fn hook_manager(repo: &TestRepo) {
    let hook = repo.root().join(".git/hooks/commit-msg");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec '{}' commit-msg \"$1\"\n",
            pactkit_bin().display()
        ),
    )
    .expect("hook");
    make_executable(&hook);
}

/// `GIT_CEILING_DIRECTORIES` naming directories elsewhere (a shell setting such as
/// `/home`) does not hide the repository: git ignores such entries, and so does pactkit
/// (gix refused the search, and `commit-msg` then judged without the repository's
/// `commit.cleanup`), through a hook manager and pactkit's own shim.
#[test]
fn a_ceiling_directory_elsewhere_does_not_hide_the_repository() {
    let repo = installed_repo();
    let ceiling = repo.home().display().to_string();
    let commit = |repo: &TestRepo| {
        commit_trailing_spaces(repo.git_cmd().env("GIT_CEILING_DIRECTORIES", &ceiling))
    };
    for manager in [false, true] {
        if manager {
            hook_manager(&repo);
        }
        repo.git(&["config", "commit.cleanup", "verbatim"]);
        let out = commit(&repo);
        assert_blocked_by(&out, "header-trim");
        repo.git(&["config", "--unset", "commit.cleanup"]);
        assert_code(&commit(&repo), 0);
        assert_eq!(stored_message(&repo).trim_end(), "fix: spaces");
    }
    let out = repo
        .pactkit_cmd()
        .env("GIT_CEILING_DIRECTORIES", &ceiling)
        .args(["changes", "--all-files"])
        .output()
        .expect("run pactkit");
    assert_code(&out, 0);
    assert!(render(&out).contains("README.md"), "{}", render(&out));
}

/// Reached through a symbolic link at the top of the work tree, git spells the
/// repository with `$PWD`, and `includeIf "gitdir:<link>/"` applies; from the real path
/// it does not. pactkit reads the same configuration: `verbatim` keeps the header's
/// trailing spaces (blocked) through the link only, through a hook manager (the glance)
/// and pactkit's own shim (the full open).
#[test]
fn a_gitdir_include_matching_the_symlinked_spelling_applies_as_git_applies_it() {
    let repo = installed_repo();
    let link = repo.temp().join("link");
    std::os::unix::fs::symlink(repo.root(), &link).expect("symlink");
    let global = global_config_with_verbatim_if(&repo, &format!("gitdir:{}/", link.display()));
    let commit = |dir: &std::path::Path| {
        commit_trailing_spaces(
            repo.git_cmd()
                .current_dir(dir)
                .env("PWD", dir)
                .env("GIT_CONFIG_GLOBAL", &global),
        )
    };
    for manager in [false, true] {
        if manager {
            hook_manager(&repo);
        }
        let out = commit(&link);
        assert_blocked_by(&out, "header-trim");
        assert_code(&commit(repo.root()), 0);
        assert_eq!(stored_message(&repo).trim_end(), "fix: spaces");
    }
}

/// `[commit] verbose` without a value is true for git: it puts the diff under the
/// scissors line and drops it from the message. pactkit reads it so too (it read an
/// empty string, judged the diff as the body and blocked the commit), through pactkit's
/// shim and a hook manager; a body line of the message itself still counts.
#[test]
fn a_commit_verbose_key_without_a_value_is_true() {
    let repo = installed_repo();
    let config = repo.root().join(".git/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("[commit]\n\tverbose\n");
    std::fs::write(&config, text).expect("config");
    let long = "x".repeat(150);
    for manager in [false, true] {
        if manager {
            hook_manager(&repo);
        }
        change(&repo, &format!("{manager}.txt"));
        repo.write(&format!("{manager}.txt"), &format!("{long}\n"));
        repo.git(&["add", "."]);
        let out = commit_with_editor(&repo, "fix: a long line in the diff", &[]);
        assert_code(&out, 0);
        assert_eq!(
            stored_message(&repo).trim_end(),
            "fix: a long line in the diff"
        );
        change(&repo, "again.txt");
        let message = format!("fix: a long body\n\n{long}");
        let out = commit_with_editor(&repo, &message, &[]);
        assert_ne!(code(&out), 0, "manager={manager}: {}", render(&out));
        assert!(
            render(&out).contains("body-max-line-length"),
            "{}",
            render(&out)
        );
    }
}

/// `core.commentString` is git's other name for `core.commentChar`: under `strip` git
/// drops the lines it starts, and the last of the two names given wins. pactkit reads
/// both (it read only `commentChar`, judged `//c` as the header and blocked), through
/// pactkit's shim and a hook manager.
#[test]
fn core_comment_string_is_the_comment_char_given_last() {
    if !tools::require(&tools::GIT_2_45) {
        return;
    }
    let repo = installed_repo();
    let commit = |repo: &TestRepo| {
        repo.git_output(&[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "//c",
            "-m",
            "fix: ok",
        ])
    };
    repo.git(&["config", "commit.cleanup", "strip"]);
    for manager in [false, true] {
        if manager {
            hook_manager(&repo);
        }
        repo.git(&["config", "core.commentString", "//"]);
        assert_code(&commit(&repo), 0);
        assert_eq!(stored_message(&repo).trim_end(), "fix: ok");
        repo.git(&["config", "core.commentChar", ";"]);
        let out = commit(&repo);
        assert_blocked_by(&out, "type-empty");
        repo.git(&["config", "--unset", "core.commentChar"]);
    }
}

/// An empty commit whose header ends in two spaces: stored so under `verbatim` (where
/// header-trim blocks it), trimmed by every other clean-up.
fn commit_trailing_spaces(git: &mut std::process::Command) -> Output {
    git.args(["commit", "-q", "--allow-empty", "-m", "fix: spaces  "])
        .output()
        .expect("git commit")
}

/// A global configuration file (not yet in use) that sets `commit.cleanup = verbatim`
/// through `[includeIf "<condition>"]`.
fn global_config_with_verbatim_if(repo: &TestRepo, condition: &str) -> std::path::PathBuf {
    let verbatim = repo.temp().join("verbatim.cfg");
    std::fs::write(&verbatim, "[commit]\n\tcleanup = verbatim\n").expect("include");
    let global = repo.home().join("global.cfg");
    let text = format!(
        "[includeIf \"{condition}\"]\n\tpath = {}\n",
        verbatim.display()
    );
    std::fs::write(&global, text).expect("global config");
    global
}
