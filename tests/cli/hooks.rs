//! `pactkit hooks install | uninstall | status | run` through real `git commit` and `git push`.

use crate::common::*;

const BAD_MESSAGE: &str = "Added the thing.";
const GOOD_MESSAGE: &str = "feat(cli): add the thing";

fn installed_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "hello\n")
        .commit_all("chore: initial commit");
    let out = repo.pactkit(&["hooks", "install"]);
    assert_code(&out, 0);
    repo
}

fn commit(repo: &TestRepo, message: &str) -> std::process::Output {
    repo.git_output(&["commit", "-q", "-m", message])
}

fn change_something(repo: &TestRepo, name: &str) {
    repo.write(name, &format!("content of {name}\n"));
    repo.git(&["add", name]);
}

fn head_subject(repo: &TestRepo) -> String {
    repo.git(&["log", "-1", "--format=%s"]).trim().to_owned()
}

#[test]
fn install_writes_three_executable_shims_with_marker_and_version() {
    let repo = installed_repo();
    for hook in ["pre-commit", "commit-msg", "pre-push"] {
        let path = repo.path(&format!(".git/hooks/{hook}"));
        let text = std::fs::read_to_string(&path).expect("shim");
        assert!(text.starts_with("#!/bin/sh\n"), "{text}");
        assert!(
            text.contains(&format!("# pactkit-managed-hook: {hook}")),
            "{text}"
        );
        assert!(text.contains("# pactkit-shim-version: 1"), "{text}");
        assert!(
            text.contains(
                &pactkit_bin()
                    .canonicalize()
                    .expect("bin")
                    .display()
                    .to_string()
            ),
            "{text}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
                0o755
            );
        }
    }
}

#[test]
fn install_is_idempotent() {
    let repo = installed_repo();
    let before = repo.read(".git/hooks/commit-msg");
    let out = repo.pactkit(&["hooks", "install"]);
    assert_code(&out, 0);
    assert!(stderr(&out).contains("up to date"), "{}", render(&out));
    assert_eq!(repo.read(".git/hooks/commit-msg"), before);
    assert!(!repo.path(".git/hooks/commit-msg.legacy").exists());
}

#[test]
fn commit_msg_hook_rejects_a_bad_message_and_accepts_a_good_one() {
    let repo = installed_repo();
    change_something(&repo, "a.txt");
    let out = commit(&repo, BAD_MESSAGE);
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(
        err.contains("commit-msg") && err.contains("blocked"),
        "{err}"
    );
    assert!(
        err.contains("type-empty") || err.contains("subject-empty"),
        "{err}"
    );
    assert_eq!(
        head_subject(&repo),
        "chore: initial commit",
        "the bad commit must not exist"
    );

    let out = commit(&repo, GOOD_MESSAGE);
    assert_code(&out, 0);
    assert_eq!(head_subject(&repo), GOOD_MESSAGE);
}

#[test]
fn comment_lines_of_the_editor_template_are_ignored() {
    let repo = installed_repo();
    change_something(&repo, "a.txt");
    repo.write("msg.txt", "fix: handle empty input\n\n# Please enter the commit message.\n# Lines starting with '#' will be ignored.\n");
    let out = repo.git_output(&["commit", "-q", "--cleanup=strip", "-F", "msg.txt"]);
    assert_code(&out, 0);
}

#[test]
fn pactkit_skip_skips_a_gate_visibly() {
    let repo = installed_repo();
    change_something(&repo, "a.txt");
    let out = repo
        .git_cmd()
        .env("PACTKIT_SKIP", "commit-msg")
        .args(["commit", "-q", "-m", BAD_MESSAGE])
        .output()
        .expect("git");
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("commit-msg") && stderr(&out).contains("skipped by PACTKIT_SKIP"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_required_gate_cannot_be_skipped() {
    let repo = installed_repo();
    repo.write(
        "pactkit.yaml",
        "gates:\n  commit-msg:\n    required: true\n",
    );
    repo.git(&["add", "pactkit.yaml"]);
    assert_code(&commit(&repo, GOOD_MESSAGE), 0);
    change_something(&repo, "b.txt");
    let out = repo
        .git_cmd()
        .env("PACTKIT_SKIP", "all")
        .args(["commit", "-q", "-m", BAD_MESSAGE])
        .output()
        .expect("git");
    assert_code(&out, 1);
    assert!(stderr(&out).contains("required"), "{}", render(&out));
}

#[test]
fn first_commit_of_an_empty_repository_runs_the_hooks() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    change_something(&repo, "first.txt");
    assert_code(&commit(&repo, BAD_MESSAGE), 1);
    assert_code(&commit(&repo, "chore: first commit"), 0);
    assert_eq!(head_subject(&repo), "chore: first commit");
}

#[test]
fn shims_work_in_a_linked_worktree() {
    let repo = installed_repo();
    let wt = repo.add_worktree("feature");
    std::fs::write(wt.join("b.txt"), "b\n").expect("write");
    let git = |args: &[&str]| {
        let mut cmd = repo.git_cmd();
        cmd.current_dir(&wt).args(args);
        cmd.output().expect("git")
    };
    assert_code(&git(&["add", "b.txt"]), 0);
    assert_code(&git(&["commit", "-q", "-m", BAD_MESSAGE]), 1);
    assert_code(&git(&["commit", "-q", "-m", "feat: from the worktree"]), 0);
}

#[test]
fn install_from_a_linked_worktree_uses_the_common_hooks_dir() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    let wt = repo.add_worktree("other");
    let mut cmd = repo.pactkit_cmd();
    let out = cmd
        .current_dir(&wt)
        .args(["hooks", "install"])
        .output()
        .expect("run");
    assert_code(&out, 0);
    assert!(
        repo.path(".git/hooks/commit-msg").exists(),
        "shims go into the common dir"
    );
}

#[test]
fn repository_level_core_hooks_path_is_honoured() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    assert!(repo.path(".githooks/commit-msg").exists());
    assert!(!repo.path(".git/hooks/commit-msg").exists());
    change_something(&repo, "a.txt");
    assert_code(&commit(&repo, BAD_MESSAGE), 1);
    assert_code(&commit(&repo, "docs: via hooksPath"), 0);
}

#[test]
fn global_core_hooks_path_is_refused_without_force() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    let global = repo.home().join(".gitconfig");
    let global_hooks = repo.home().join("global-hooks");
    std::fs::write(
        &global,
        format!("[core]\n\thooksPath = {}\n", global_hooks.display()),
    )
    .expect("write");
    let run = |args: &[&str]| {
        repo.pactkit_cmd()
            .env("GIT_CONFIG_GLOBAL", &global)
            .args(args)
            .output()
            .expect("run")
    };
    let out = run(&["hooks", "install"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("global"), "{}", render(&out));
    assert!(stderr(&out).contains("--force"), "{}", render(&out));
    assert!(
        !global_hooks.exists(),
        "nothing written to the global hooks dir"
    );

    let out = run(&["hooks", "install", "--force"]);
    assert_code(&out, 0);
    assert!(repo.path(".git/hooks/commit-msg").exists());
    change_something(&repo, "a.txt");
    let out = repo
        .git_cmd()
        .env("GIT_CONFIG_GLOBAL", &global)
        .args(["commit", "-q", "-m", BAD_MESSAGE])
        .output()
        .expect("git");
    assert_code(&out, 1);
}

#[test]
fn foreign_hook_is_chained_first_and_restored_on_uninstall() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    let foreign = "#!/bin/sh\necho \"legacy ran with $1\" >> legacy.log\nexit ${LEGACY_EXIT:-0}\n";
    repo.write(".git/hooks/commit-msg", foreign);
    make_executable(&repo.path(".git/hooks/commit-msg"));
    let out = repo.pactkit(&["hooks", "install"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("commit-msg.legacy"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read(".git/hooks/commit-msg.legacy"), foreign);

    change_something(&repo, "a.txt");
    assert_code(&commit(&repo, "feat: both pass"), 0);
    assert!(
        repo.read("legacy.log").contains("legacy ran with"),
        "the legacy hook ran"
    );

    change_something(&repo, "b.txt");
    let out = repo
        .git_cmd()
        .env("LEGACY_EXIT", "3")
        .args(["commit", "-q", "-m", "feat: legacy fails"])
        .output()
        .expect("git");
    assert_code(&out, 1);
    assert!(stderr(&out).contains("chained hook"), "{}", render(&out));

    let out = repo.pactkit(&["hooks", "uninstall"]);
    assert_code(&out, 0);
    assert_eq!(repo.read(".git/hooks/commit-msg"), foreign);
    let leftovers: Vec<String> = std::fs::read_dir(repo.path(".git/hooks"))
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".sample"))
        .collect();
    assert_eq!(
        leftovers,
        vec!["commit-msg".to_owned()],
        "no trace of pactkit"
    );
}

#[test]
fn uninstall_leaves_foreign_hooks_alone() {
    let repo = TestRepo::new();
    repo.write(".git/hooks/pre-push", "#!/bin/sh\nexit 0\n");
    let out = repo.pactkit(&["hooks", "uninstall", "--hook", "pre-push"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("not managed by pactkit"),
        "{}",
        render(&out)
    );
    assert_eq!(repo.read(".git/hooks/pre-push"), "#!/bin/sh\nexit 0\n");
}

#[test]
fn status_reports_current_foreign_and_missing_hooks() {
    let repo = TestRepo::new();
    repo.write(".git/hooks/pre-push", "#!/bin/sh\nexit 0\n");
    assert_code(
        &repo.pactkit(&["hooks", "install", "--hook", "commit-msg"]),
        0,
    );
    let out = repo.pactkit(&["hooks", "status", "--format", "json"]);
    assert_code(&out, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let states: Vec<&str> = doc["hooks"]
        .as_array()
        .expect("hooks")
        .iter()
        .map(|h| h["state"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(states, vec!["missing", "current", "foreign"]);
    assert_eq!(
        doc["hooks"][1]["gates"],
        serde_json::json!(["commit-msg", "spec", "secrets"])
    );
    assert_eq!(doc["source"], "default");

    let text = stdout(&repo.pactkit(&["hooks", "status"]));
    assert!(text.contains("commit-msg  ours, current"), "{text}");
    assert!(text.contains("pre-push    foreign"), "{text}");
}

#[test]
fn status_flags_an_outdated_shim() {
    let repo = installed_repo();
    let path = repo.path(".git/hooks/pre-commit");
    let old = repo
        .read(".git/hooks/pre-commit")
        .replace("# pactkit-shim-version: 1", "# pactkit-shim-version: 0");
    std::fs::write(&path, old).expect("write");
    let text = stdout(&repo.pactkit(&["hooks", "status"]));
    assert!(text.contains("pre-commit  ours, outdated"), "{text}");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    let text = stdout(&repo.pactkit(&["hooks", "status"]));
    assert!(text.contains("pre-commit  ours, current"), "{text}");
}

#[test]
fn a_missing_binary_fails_closed_with_reinstall_instructions() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    let copy = repo.temp().join("bin-copy").join("pactkit");
    std::fs::create_dir_all(copy.parent().expect("parent")).expect("dir");
    copy_executable(&pactkit_bin(), &copy);
    let mut cmd = std::process::Command::new(&copy);
    hermetic_env(&mut cmd, repo.home());
    assert_code(
        &cmd.current_dir(repo.root())
            .args(["hooks", "install"])
            .output()
            .expect("run"),
        0,
    );
    std::fs::remove_file(&copy).expect("remove binary");
    change_something(&repo, "a.txt");
    let out = repo
        .git_cmd()
        .env("PATH", "/usr/bin:/bin")
        .args(["commit", "-q", "-m", GOOD_MESSAGE])
        .output()
        .expect("git");
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("cannot find pactkit"),
        "{}",
        render(&out)
    );
    assert!(
        stderr(&out).contains("pactkit hooks install"),
        "{}",
        render(&out)
    );
}

#[test]
fn malformed_config_blocks_the_hook_with_file_and_line() {
    let repo = installed_repo();
    repo.write("pactkit.yaml", "hooks:\n  fail_fast: [unclosed\n");
    change_something(&repo, "a.txt");
    // Only in the work tree, it is not the contract: the commit is judged by HEAD's.
    let out = commit(&repo, GOOD_MESSAGE);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("is not committed"),
        "{}",
        render(&out)
    );
    // Staged, it is blocked with its file and line.
    repo.git(&["add", "pactkit.yaml"]);
    let out = commit(&repo, GOOD_MESSAGE);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("pactkit.yaml:2:"), "{}", render(&out));
    // Committed anyway (--no-verify), it blocks every later commit with its file and line…
    repo.git(&["commit", "-q", "--no-verify", "-m", GOOD_MESSAGE]);
    change_something(&repo, "b.txt");
    let out = commit(&repo, GOOD_MESSAGE);
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).contains("HEAD:pactkit.yaml:2:"),
        "{}",
        render(&out)
    );
    // …but never the commit that repairs it.
    repo.write("pactkit.yaml", "hooks:\n  fail_fast: true\n");
    repo.git(&["add", "pactkit.yaml"]);
    let out = commit(&repo, "fix: repair the configuration");
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("built-in defaults"),
        "{}",
        render(&out)
    );
}

#[test]
fn hooks_run_checks_gits_argument_count() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["hooks", "run", "commit-msg"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("1 argument"), "{}", render(&out));
}

#[test]
fn non_utf8_file_names_pass_through_the_hooks() {
    let repo = installed_repo();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(repo.root().join(name), "bytes\n").expect("write");
        let out = repo
            .git_cmd()
            .arg("add")
            .arg(name)
            .output()
            .expect("git add");
        assert_code(&out, 0);
        assert_code(&commit(&repo, "feat: add a latin-1 named file"), 0);
    }
}

#[test]
fn pre_push_judges_the_pushed_commit_messages_when_configured() {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    repo.add_bare_origin("remote.git");
    repo.git(&["push", "-q", "origin", "main"]);
    repo.write("pactkit.yaml", "hooks:\n  pre-push: [commit-msg]\n");
    repo.commit_all("chore: configure pre-push");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.write("c.txt", "c\n").commit_all(BAD_MESSAGE);
    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("pre-push") || stderr(&out).contains("commit-msg"),
        "{}",
        render(&out)
    );
    repo.git(&[
        "commit",
        "-q",
        "--amend",
        "--no-verify",
        "-m",
        "feat: add c",
    ]);
    assert_code(&repo.git_output(&["push", "-q", "origin", "main"]), 0);
}
