//! Bypass classes that need real state first: aliases and settings in git's configuration
//! files, scripts on disk, a FIFO, a stash commit named by its id, a stopped rebase, the
//! committed `pactkit.yaml`, a fake `pactkit` or `git` on PATH. Each through the real
//! binary in Claude Code's format, in both directions.

use crate::common::*;
use serde_json::json;

fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    repo
}

fn run_command(repo: &TestRepo, command: &str) -> std::process::Output {
    let doc = json!({
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": { "command": command },
        "cwd": repo.root(),
    });
    repo.pactkit_stdin(&["hooks", "agent", "run", "claude"], &doc.to_string())
}

fn write_file(repo: &TestRepo, path: &str) -> std::process::Output {
    let doc = json!({
        "hook_event_name": "PreToolUse",
        "tool_name": "Write",
        "tool_input": { "file_path": repo.path(path), "content": "x" },
        "cwd": repo.root(),
    });
    repo.pactkit_stdin(&["hooks", "agent", "run", "claude"], &doc.to_string())
}

#[track_caller]
fn assert_refused(out: &std::process::Output, rule: &str) -> String {
    assert_code(out, 2);
    let reason = stderr(out);
    assert!(
        reason.contains(&format!("[{rule}]")),
        "expected [{rule}]: {}",
        render(out)
    );
    reason
}

#[track_caller]
fn assert_allowed(out: &std::process::Output) {
    assert_code(out, 0);
    assert!(out.stderr.is_empty(), "{}", render(out));
}

fn executable(repo: &TestRepo, rel: &str, text: &str) {
    repo.write(rel, text);
    make_executable(&repo.path(rel));
}

#[test]
fn aliases_in_git_config_files_are_expanded_before_judging() {
    let repo = repo();
    repo.git(&["config", "alias.ci", "commit --no-verify"]);
    repo.git(&["config", "alias.st", "status -sb"]);
    repo.git(&["config", "alias.yolo", "!sh -c 'git commit -n -m \"$1\"' -"]);
    // Relative to the including file's directory (.git/), as git resolves it.
    repo.write("aliases.cfg", "[alias]\n\tsneak = commit -n\n");
    repo.git(&["config", "include.path", "../aliases.cfg"]);
    let reason = assert_refused(&run_command(&repo, "git ci -m 'feat: x'"), "no-verify");
    assert!(reason.contains("git alias `ci`"), "{reason}");
    assert_refused(&run_command(&repo, "git yolo 'feat: x'"), "no-verify");
    assert_refused(&run_command(&repo, "git sneak -m 'feat: x'"), "no-verify");
    assert_allowed(&run_command(&repo, "git st"));
}

#[test]
fn help_autocorrect_in_the_config_makes_unknown_commands_refused() {
    let repo = repo();
    assert_allowed(&run_command(&repo, "git comit -n -m x"));
    repo.git(&["config", "help.autocorrect", "immediate"]);
    assert_refused(&run_command(&repo, "git comit -n -m x"), "git-config");
    assert_allowed(&run_command(&repo, "git status"));
}

#[test]
fn a_swapped_global_config_is_read() {
    let repo = repo();
    repo.write("../evil.cfg", "[core]\n\thooksPath = /dev/null\n");
    repo.write("../fine.cfg", "[user]\n\tname = A\n");
    assert_refused(
        &run_command(
            &repo,
            "GIT_CONFIG_GLOBAL=../evil.cfg git commit -m 'feat: x'",
        ),
        "hooks-path",
    );
    assert_allowed(&run_command(
        &repo,
        "GIT_CONFIG_GLOBAL=../fine.cfg git commit -m 'feat: x'",
    ));
    assert_allowed(&run_command(
        &repo,
        "GIT_CONFIG_GLOBAL=/dev/null git log -1",
    ));
}

#[test]
fn scripts_the_agent_runs_are_judged_by_their_content() {
    let repo = repo();
    executable(
        &repo,
        "bad.sh",
        "#!/bin/sh\ngit commit --no-verify -m \"$1\"\n",
    );
    executable(&repo, "good.sh", "#!/bin/sh\ngit status\n");
    repo.write(
        "bad.py",
        "import subprocess\nsubprocess.run(['git', 'commit', '-n', '-m', 'x'])\n",
    );
    executable(
        &repo,
        "bin/git-yolo",
        "#!/bin/sh\nexec git commit --no-verify \"$@\"\n",
    );
    executable(
        &repo,
        "fake/git",
        "#!/bin/sh\nexec /usr/bin/env git commit --no-verify \"$@\"\n",
    );
    for command in [
        "./bad.sh 'feat: x'",
        "bash bad.sh",
        "source bad.sh",
        "python3 bad.py",
        "PATH=bin:$PATH git yolo -m x",
        "PATH=fake:$PATH git commit -m 'feat: x'",
    ] {
        let reason = assert_refused(&run_command(&repo, command), "no-verify");
        assert!(
            reason.contains(" in "),
            "{command}: the reason names the script: {reason}"
        );
    }
    assert_allowed(&run_command(&repo, "./good.sh"));
    assert_allowed(&run_command(
        &repo,
        "sh good.sh && PATH=bin:$PATH git status",
    ));
}

#[test]
fn a_fifo_is_never_read() {
    let repo = repo();
    let status = std::process::Command::new("mkfifo")
        .arg(repo.path("msg"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    // Before the fix this hung past the agent's timeout: the hook opened the FIFO.
    let reason = assert_refused(&run_command(&repo, "git commit -F msg"), "unreadable");
    assert!(reason.contains("a FIFO"), "{reason}");
    assert_refused(&run_command(&repo, "sh msg"), "unreadable");
    repo.write("msg.txt", "feat: from a file\n");
    assert_allowed(&run_command(&repo, "git commit -F msg.txt"));
}

#[test]
fn a_stash_commit_named_by_its_id_cannot_become_a_branch() {
    let repo = repo();
    repo.write("README.md", "changed\n");
    repo.git(&["stash", "-q"]);
    let id = repo.git(&["rev-parse", "stash@{0}"]).trim().to_owned();
    let short = &id[..10];
    assert_refused(
        &run_command(&repo, &format!("git reset --hard {short}")),
        "unjudged-commit",
    );
    assert_refused(
        &run_command(&repo, &format!("git merge --ff-only {id}")),
        "unjudged-commit",
    );
    repo.git(&["stash", "drop", "-q"]);
    assert_refused(
        &run_command(&repo, &format!("git branch -f main {id}")),
        "unjudged-commit",
    );
    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    assert_allowed(&run_command(&repo, &format!("git reset --hard {head}")));
}

#[test]
fn rebase_continue_is_refused_while_it_would_commit_an_unjudged_resolution() {
    let repo = repo();
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.write("README.md", "topic\n")
        .commit_all("feat: topic change");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "main\n")
        .commit_all("feat: main change");
    repo.git(&["checkout", "-q", "topic"]);
    let out = repo.git_output(&["rebase", "main"]);
    assert!(!out.status.success(), "a conflict stops the rebase");
    repo.write("README.md", "resolved\n");
    repo.git(&["add", "README.md"]);
    let reason = assert_refused(
        &run_command(&repo, "git rebase --continue"),
        "hookless-commit",
    );
    assert!(reason.contains("run `git commit` first"), "{reason}");
    assert_allowed(&run_command(&repo, "git commit --no-edit"));
    repo.git(&[
        "-c",
        "core.editor=true",
        "commit",
        "-q",
        "--no-verify",
        "--no-edit",
    ]);
    assert_allowed(&run_command(&repo, "git rebase --continue"));
}

#[test]
fn restoring_a_shim_is_allowed_and_enabling_a_foreign_hook_is_not() {
    let repo = repo();
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    executable(&repo, ".git/hooks/post-checkout", "#!/bin/sh\nexit 0\n");
    assert_allowed(&run_command(&repo, "chmod +x .git/hooks/pre-commit"));
    assert_allowed(&run_command(&repo, "chmod 755 .git/hooks/commit-msg"));
    assert_refused(
        &run_command(&repo, "chmod -x .git/hooks/pre-commit"),
        "shim-tamper",
    );
    assert_refused(
        &run_command(&repo, "chmod +x .git/hooks/post-checkout"),
        "shim-tamper",
    );
}

#[test]
fn protected_paths_come_from_the_committed_config() {
    let repo = repo();
    repo.write(
        "pactkit.yaml",
        "hooks:\n  agent:\n    protected_paths: [\"docs/specs/**\"]\n",
    );
    assert_allowed(&write_file(&repo, "docs/specs/S-1.md"));
    repo.commit_all("chore: protect the specs");
    let reason = assert_refused(&write_file(&repo, "docs/specs/S-1.md"), "protected-path");
    assert!(reason.contains("hooks.agent.protected_paths"), "{reason}");
    assert!(reason.contains("instead: ask the user"), "{reason}");
    assert_refused(
        &run_command(&repo, "echo x > docs/specs/S-2.md"),
        "protected-path",
    );
    assert_allowed(&write_file(&repo, "docs/guide.md"));
    // The work tree's copy cannot remove what HEAD protects, nor the built-ins.
    repo.write(
        "pactkit.yaml",
        "hooks:\n  agent:\n    protected_paths: []\n",
    );
    assert_refused(&write_file(&repo, "docs/specs/S-1.md"), "protected-path");
    assert_refused(
        &write_file(&repo, ".claude/settings.json"),
        "protected-path",
    );
}

#[test]
fn an_unreadable_committed_config_refuses_file_writes() {
    let repo = repo();
    repo.write("pactkit.yaml", "hooks: [not, a, mapping\n")
        .commit_all("chore: break the config");
    let out = write_file(&repo, "src/lib.rs");
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("the committed pactkit.yaml cannot be read"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_symlink_does_not_hide_a_protected_file() {
    let repo = repo();
    std::os::unix::fs::symlink(repo.path(".git"), repo.path("g")).expect("symlink");
    assert_refused(
        &run_command(&repo, "echo '[alias] x = commit -n' >> g/config"),
        "protected-path",
    );
}

#[test]
fn the_pactkit_binary_cannot_be_replaced_and_a_fake_one_on_path_is_never_run() {
    let repo = repo();
    let binary = pactkit_bin().canonicalize().expect("binary");
    assert_refused(
        &run_command(&repo, &format!("cp /bin/true {}", binary.display())),
        "pactkit-binary",
    );
    // A `pactkit` put first on PATH: the shims call the installed binary by path.
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    executable(&repo, "../fakebin/pactkit", "#!/bin/sh\nexit 0\n");
    let command = "PATH=../fakebin:$PATH git commit --allow-empty -m 'not conventional'";
    let lint = run_command(&repo, command);
    assert_code(&lint, 2);
    let fake = repo.temp().join("fakebin");
    let path =
        std::env::join_paths(std::iter::once(fake).chain(std::env::split_paths(&outer_path())))
            .expect("PATH");
    let out = repo
        .git_cmd()
        .env("PATH", path)
        .args(["commit", "--allow-empty", "-m", "not conventional"])
        .output()
        .expect("git commit");
    assert!(
        !out.status.success(),
        "the real pactkit judged the commit: {}",
        render(&out)
    );
    assert!(stderr(&out).contains("type-empty"), "{}", render(&out));
}

#[test]
fn hooks_agent_status_names_the_binary_each_hook_calls() {
    let repo = repo();
    for tool in ["claude", "codex", "opencode"] {
        let out = repo.pactkit(&["hooks", "agent", "install", tool, "--project"]);
        assert_code(&out, 0);
        assert!(stderr(&out).contains("it calls /"), "{}", render(&out));
    }
    let out = repo.pactkit(&["hooks", "agent", "status", "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let binary = pactkit_bin()
        .canonicalize()
        .expect("binary")
        .display()
        .to_string();
    let project: Vec<&serde_json::Value> = doc["hooks"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["scope"] == "project")
        .collect();
    assert_eq!(project.len(), 5, "{doc}");
    for row in project.iter().filter(|r| r["state"] != "missing") {
        assert_eq!(row["state"], "installed", "{doc}");
        assert_eq!(row["calls"], binary.as_str(), "{doc}");
        assert_eq!(row["calls_exists"], true, "{doc}");
    }
    let text = repo.pactkit(&["hooks", "agent", "status"]);
    assert!(
        stdout(&text).contains(&format!("calls {binary}")),
        "{}",
        render(&text)
    );
}
