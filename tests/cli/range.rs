//! Range mode (`pactkit check --from-ref`, `--ci`): every commit judged on its own, by the
//! contract of the range's base; `contract-change` and its approval paths; the branch gate
//! and strict message forms for a known target; CI events from GitHub and GitLab.

use crate::common::*;
use std::process::Output;

/// The tree-only gates (no linter or test runner needed).
const GATES: [&str; 8] = [
    "--gate",
    "commit-msg",
    "--gate",
    "spec",
    "--gate",
    "secrets",
    "--gate",
    "branch",
];

/// A project that adopted the workflow: a pactkit.yaml, one spec in `status`.
fn project(status: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", "developer: \"\"\n")
        .write("README.md", "shop\n")
        .write("docs/specs/STORY-001.md", &spec("STORY-001", status))
        .commit_all("chore: init");
    repo
}

fn head(repo: &TestRepo) -> String {
    repo.git(&["rev-parse", "HEAD"]).trim().to_owned()
}

fn short(repo: &TestRepo, rev: &str) -> String {
    repo.git(&["rev-parse", "--short=10", rev])
        .trim()
        .to_owned()
}

fn check(repo: &TestRepo, base: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--from-ref", base];
    args.extend(GATES);
    args.extend(extra);
    repo.pactkit(&args)
}

#[track_caller]
fn assert_finds(out: &Output, needles: &[&str]) {
    let text = stdout(out);
    for needle in needles {
        assert!(
            text.contains(needle),
            "missing {needle:?}:\n{}",
            render(out)
        );
    }
}

#[test]
fn a_weakened_config_committed_with_a_secret_and_unplanned_source_is_blocked() {
    let repo = project("Done");
    let base = head(&repo);
    repo.write(
        "pactkit.yaml",
        "developer: \"\"\nhooks:\n  pre-commit: [lint]\ngates:\n  spec: {require: none}\n  secrets: {exclude: ['src/**']}\n",
    )
    .write("src/app.py", &format!("KEY = \"{}\"\n", aws_key()))
    .commit_all("feat: add the app");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 1);
    assert_finds(
        &out,
        &[
            "contract    blocked",
            "error[contract-change]",
            "hooks.pre-commit no longer runs the `spec` gate",
            "gates.spec.require goes from referenced to none",
            "gates.secrets.exclude gains `src/**`",
            "error[aws-access-key-id] src/app.py:1",
            "error[active-work-item]",
        ],
    );
    assert!(
        !stdout(&out).contains(&aws_key()),
        "never prints the secret"
    );
    // The forge's approval lets the contract change through; what the commit itself
    // brings is still judged by the base's contract.
    let out = check(&repo, &base, &["--approve-contract-change"]);
    assert_code(&out, 1);
    assert!(
        !stdout(&out).contains("error[contract-change]"),
        "{}",
        render(&out)
    );
    assert_finds(
        &out,
        &["approved by --approve-contract-change", "aws-access-key-id"],
    );
}

#[test]
fn a_secret_added_and_removed_inside_the_range_is_reported() {
    let repo = project("In Progress");
    let base = head(&repo);
    repo.write("src/app.py", &format!("KEY = \"{}\"\n", aws_key()))
        .commit_all("feat: add the key (STORY-001)");
    let leaked = short(&repo, "HEAD");
    repo.write("src/app.py", "KEY = None\n")
        .commit_all("fix: drop the key (STORY-001)");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 1);
    assert_finds(
        &out,
        &["aws-access-key-id", &format!("(in commit {leaked})")],
    );
    // The net diff holds no secret: only per-commit judging finds it.
    let net = repo.git(&["diff", &base, "HEAD"]);
    assert!(!net.contains(&aws_key()));
}

#[test]
fn done_specs_stay_where_they_are() {
    for (what, change) in [
        ("deleted", "rm"),
        ("moved into a sub-folder", "sub"),
        ("moved out with specs_dir", "dir"),
    ] {
        let repo = project("Done");
        let base = head(&repo);
        match change {
            "rm" => {
                repo.git(&["rm", "-q", "docs/specs/STORY-001.md"]);
            }
            "sub" => {
                std::fs::create_dir_all(repo.path("docs/specs/archive")).expect("dir");
                repo.git(&[
                    "mv",
                    "docs/specs/STORY-001.md",
                    "docs/specs/archive/STORY-001.md",
                ]);
            }
            _ => {
                std::fs::create_dir_all(repo.path("specs")).expect("dir");
                repo.git(&["mv", "docs/specs/STORY-001.md", "specs/STORY-001.md"]);
                repo.write(
                    "pactkit.yaml",
                    "developer: \"\"\ngates:\n  spec: {specs_dir: specs}\n",
                );
            }
        }
        repo.commit_all("chore: tidy up");
        let out = check(&repo, &base, &[]);
        assert_code(&out, 1);
        assert_finds(&out, &["error[spec-done-edit]", "STORY-001 is Done"]);
        if change == "dir" {
            assert_finds(&out, &["gates.spec.specs_dir moves"]);
        }
        assert!(!what.is_empty());
    }
}

#[test]
fn a_finished_story_branch_passes_commit_by_commit() {
    let repo = project("Draft");
    let base = head(&repo);
    repo.git(&["switch", "-q", "-c", "feature/STORY-001-login"]);
    repo.write("docs/specs/STORY-001.md", &spec("STORY-001", "In Progress"))
        .write("src/login.py", "def login():\n    return True\n")
        .commit_all("feat(login): rate-limit the endpoint (STORY-001)");
    repo.write("docs/specs/STORY-001.md", &spec("STORY-001", "Done"))
        .commit_all("docs: finish STORY-001");
    let out = check(&repo, &base, &["--target-ref", "main", "--pull-request"]);
    assert_code(&out, 0);
    assert_finds(&out, &["judged commit by commit (2 commits)"]);
    // Code added after Done is still blocked, in the commit that adds it.
    repo.write("src/login.py", "def login():\n    return False\n")
        .commit_all("fix(login): late change (STORY-001)");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 1);
    assert_finds(
        &out,
        &[
            "error[active-work-item]",
            &format!("commit {}", short(&repo, "HEAD")),
        ],
    );
}

#[test]
fn the_branch_gate_judges_the_target_of_a_range() {
    let repo = project("In Progress");
    let base = head(&repo);
    repo.write("notes.md", "x\n").commit_all("docs: notes");
    let out = check(&repo, &base, &["--target-ref", "main"]);
    assert_code(&out, 1);
    assert_finds(&out, &["error[protected-push]", "protected branch `main`"]);
    let out = check(&repo, &base, &["--target-ref", "main", "--pull-request"]);
    assert_code(&out, 0);
    assert_finds(&out, &["a pull request into `main` is not a direct push"]);
    assert_code(&check(&repo, &base, &["--target-ref", "feature/x"]), 0);
    let out = check(&repo, &base, &[]);
    assert_code(&out, 0);
    assert_finds(&out, &["no target branch"]);
}

#[test]
fn work_in_progress_and_forged_headers_are_findings_only_towards_protected_branches() {
    let repo = project("In Progress");
    let base = head(&repo);
    repo.write("notes.md", "x\n")
        .commit_all("fixup! docs: notes");
    repo.write("notes.md", "y\n")
        .commit_all("Merge branch 'evil' into main");
    let out = check(&repo, &base, &["--target-ref", "main", "--pull-request"]);
    assert_code(&out, 1);
    assert_finds(&out, &["error[fixup-commit]", "error[merge-header]"]);
    // Towards a feature branch, commitlint's default ignores apply as they do locally.
    assert_code(
        &check(
            &repo,
            &base,
            &["--target-ref", "feature/y", "--pull-request"],
        ),
        0,
    );
}

#[test]
fn a_merge_is_judged_by_what_it_adds() {
    let repo = project("In Progress");
    let base = head(&repo);
    repo.git(&["switch", "-q", "-c", "topic"]);
    repo.write("a.txt", "topic\n")
        .commit_all("docs: topic side");
    repo.git(&["switch", "-q", "main"]);
    repo.write("a.txt", "main\n").commit_all("docs: main side");
    let merge = repo.git_output(&[
        "merge",
        "-q",
        "--no-ff",
        "topic",
        "-m",
        "Merge branch 'topic'",
    ]);
    assert_ne!(code(&merge), 0, "a conflict to resolve");
    repo.write("a.txt", &format!("resolved\nKEY = \"{}\"\n", aws_key()));
    repo.git(&["add", "a.txt"]);
    repo.git(&["commit", "-q", "--no-verify", "--no-edit"]);
    let out = check(&repo, &base, &[]);
    assert_code(&out, 1);
    assert_finds(
        &out,
        &[
            "aws-access-key-id",
            &format!("(in commit {})", short(&repo, "HEAD")),
        ],
    );
}

#[test]
fn a_staged_weakening_warns_locally_and_is_judged_by_the_committed_contract() {
    let repo = project("In Progress");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.write(
        "pactkit.yaml",
        "developer: \"\"\ngates:\n  secrets: {exclude: ['src/**']}\n",
    )
    .write("src/app.py", &format!("KEY = \"{}\"\n", aws_key()));
    repo.git(&["add", "-A"]);
    let out = repo.git_output(&["commit", "-q", "-m", "feat: app (STORY-001)"]);
    assert_code(&out, 1);
    let err = stderr(&out);
    for needle in [
        "warning[contract-change]",
        "gates.secrets.exclude gains `src/**`",
        "aws-access-key-id",
        "differs from HEAD's",
    ] {
        assert!(err.contains(needle), "missing {needle:?}: {}", render(&out));
    }
}

// --- approval by signature -------------------------------------------------------------

/// The maintainer's and a stranger's keys, the maintainer's listed in a committed
/// `.pactkit/allowed_signers`; returns (maintainer key, stranger key, that commit).
fn with_signers(repo: &TestRepo) -> (String, String, String) {
    let keys = repo.temp().join("keys");
    std::fs::create_dir_all(&keys).expect("keys dir");
    let (maintainer, line) = ssh_key(&keys, "maintainer", "maintainer@example.com");
    let (stranger, _) = ssh_key(&keys, "stranger", "stranger@example.com");
    repo.write(".pactkit/allowed_signers", &line)
        .commit_all("chore: allowed signers");
    (maintainer, stranger, head(repo))
}

#[test]
fn a_contract_change_signed_by_an_allowed_key_applies_from_the_next_commit() {
    if !ssh_keygen_available() {
        return;
    }
    let repo = project("In Progress");
    let (maintainer, stranger, base) = with_signers(&repo);
    let widen = "developer: \"\"\ngates:\n  secrets: {exclude: ['fixtures/**']}\n";
    let fixture = format!("KEY = \"{}\"\n", aws_key());

    // Signed by an allowed key: the exclusion applies to the next commit.
    repo.write("pactkit.yaml", widen);
    signed_commit(
        &repo,
        &maintainer,
        "chore: fixtures hold fake keys (STORY-001)",
    );
    repo.write("fixtures/keys.py", &fixture)
        .commit_all("test: fake keys (STORY-001)");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("approved by maintainer@example.com"),
        "{}",
        render(&out)
    );

    // Signed by a key the base does not list, or not signed: blocked, and the exclusion
    // does not apply.
    for key in [Some(stranger.as_str()), None] {
        repo.git(&["reset", "-q", "--hard", &base]);
        repo.write("pactkit.yaml", widen);
        match key {
            Some(key) => signed_commit(&repo, key, "chore: fixtures (STORY-001)"),
            None => {
                repo.commit_all("chore: fixtures (STORY-001)");
            }
        }
        repo.write("fixtures/keys.py", &fixture)
            .commit_all("test: fake keys (STORY-001)");
        let out = check(&repo, &base, &[]);
        assert_code(&out, 1);
        assert_finds(&out, &["error[contract-change]", "fixtures/keys.py:1"]);
    }
}

#[test]
fn a_replacement_ref_cannot_lend_a_commit_the_maintainer_s_signature() {
    if !ssh_keygen_available() {
        return;
    }
    let repo = project("In Progress");
    let (maintainer, stranger, base) = with_signers(&repo);
    let widen = "developer: \"\"\ngates:\n  secrets: {exclude: ['fixtures/**']}\n";
    // The maintainer's signed approval on another branch, and the agent's own change signed
    // by a key the base does not list, which a replacement ref points at the approval:
    // `git verify-commit` through the replacement would check the maintainer's signature.
    repo.git(&["switch", "-q", "-c", "approved"]);
    repo.write("pactkit.yaml", widen);
    signed_commit(&repo, &maintainer, "chore: fixtures (STORY-001)");
    let approved = head(&repo);
    repo.git(&["switch", "-q", "main"]);
    repo.write("pactkit.yaml", widen);
    signed_commit(&repo, &stranger, "chore: fixtures (STORY-001)");
    let forged = head(&repo);
    repo.git(&["replace", "-f", &forged, &approved]);
    repo.write("fixtures/keys.py", &format!("KEY = \"{}\"\n", aws_key()))
        .commit_all("test: fake keys (STORY-001)");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 1);
    assert_finds(&out, &["error[contract-change]", "fixtures/keys.py:1"]);
    assert!(!stdout(&out).contains("approved by"), "{}", render(&out));
}

#[test]
fn a_widened_allow_file_and_an_inline_allow_comment_are_contract_changes() {
    let repo = project("In Progress");
    let base = head(&repo);
    repo.write(
        ".pactkit-secrets-allow",
        "aws-access-key-id:0123456789abcdef\n",
    )
    .write(
        "src/app.py",
        &format!("KEY = \"{}\"  # pactkit: allow-secret\n", aws_key()),
    )
    .commit_all("feat: app (STORY-001)");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 1);
    assert_finds(
        &out,
        &[
            ".pactkit-secrets-allow gains an entry (`aws-access-key-id:0123456789abcdef`)",
            "src/app.py:1: an inline `pactkit: allow-secret` comment lets a",
        ],
    );
}

#[test]
fn strengthening_the_contract_passes() {
    let repo = project("In Progress");
    let base = head(&repo);
    repo.write(
        "pactkit.yaml",
        "developer: \"\"\ngates:\n  spec: {require_test_cases: true}\n  branch: {protected: [main, master, develop, 'release/*']}\n",
    )
    .commit_all("chore: stricter contract (STORY-001)");
    let out = check(&repo, &base, &[]);
    assert_code(&out, 0);
}

// --- CI events -----------------------------------------------------------------------

/// A repository with a local bare remote `origin`, `main` pushed and fetched.
fn with_remote(repo: &TestRepo) -> std::path::PathBuf {
    let remote = repo.add_bare_origin("origin.git");
    repo.git(&["push", "-q", "--no-verify", "origin", "main"]);
    repo.git(&["fetch", "-q", "origin"]);
    remote
}

fn github(repo: &TestRepo, event: &str, payload: serde_json::Value) -> Output {
    let path = repo.temp().join(format!("{event}.json"));
    std::fs::write(&path, payload.to_string()).expect("payload");
    let mut args = vec!["check", "--ci"];
    args.extend(GATES);
    repo.pactkit_cmd()
        .args(&args)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &path)
        .output()
        .expect("run pactkit")
}

fn gitlab(repo: &TestRepo, vars: &[(&str, &str)]) -> Output {
    let mut args = vec!["check", "--ci"];
    args.extend(GATES);
    let mut cmd = repo.pactkit_cmd();
    cmd.args(&args).env("GITLAB_CI", "true");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.output().expect("run pactkit")
}

#[test]
fn ci_judges_a_new_branch_from_its_merge_base_with_the_default_branch() {
    let repo = project("In Progress");
    // History the remote already has may hold old sins; a new branch does not re-judge them.
    repo.write("old.md", "x\n")
        .commit_all("Old unconventional commit");
    with_remote(&repo);
    repo.git(&["switch", "-q", "-c", "feature/STORY-001"]);
    repo.write("b.md", "b\n")
        .commit_all("docs: good (STORY-001)");
    repo.write("c.md", "c\n").commit_all("bad header");
    repo.git(&["push", "-q", "--no-verify", "origin", "feature/STORY-001"]);
    repo.git(&["fetch", "-q", "origin"]);
    let after = head(&repo);
    let zero = "0".repeat(40);
    let out = github(
        &repo,
        "push",
        serde_json::json!({
            "ref": "refs/heads/feature/STORY-001", "before": zero, "after": after,
            "created": true, "repository": {"default_branch": "main"}
        }),
    );
    assert_code(&out, 1);
    assert_finds(
        &out,
        &[
            "judged commit by commit (2 commits)",
            "commit-msg  blocked",
            "subject-empty",
        ],
    );
    assert!(
        !stdout(&out).contains("Old unconventional"),
        "{}",
        render(&out)
    );
    // GitLab names the same push with its variables.
    let out = gitlab(
        &repo,
        &[
            ("CI_PIPELINE_SOURCE", "push"),
            ("CI_COMMIT_BEFORE_SHA", &zero),
            ("CI_COMMIT_SHA", &after),
            ("CI_COMMIT_BRANCH", "feature/STORY-001"),
            ("CI_DEFAULT_BRANCH", "main"),
        ],
    );
    assert_code(&out, 1);
    assert_finds(&out, &["judged commit by commit (2 commits)"]);
}

#[test]
fn ci_judges_a_push_and_a_pull_request() {
    let repo = project("In Progress");
    with_remote(&repo);
    let before = head(&repo);
    repo.write("b.md", "b\n")
        .commit_all("docs: good (STORY-001)");
    let after = head(&repo);
    // A direct push to main: the branch gate reports it.
    let out = github(
        &repo,
        "push",
        serde_json::json!({"ref": "refs/heads/main", "before": before, "after": after}),
    );
    assert_code(&out, 1);
    assert_finds(
        &out,
        &[
            "error[protected-push]",
            "judged commit by commit (1 commits)",
        ],
    );
    // The same commit as a pull request into main passes.
    let out = github(
        &repo,
        "pull_request",
        serde_json::json!({"pull_request": {
            "base": {"sha": before, "ref": "main"},
            "head": {"sha": after, "ref": "feature/STORY-001"}
        }}),
    );
    assert_code(&out, 0);
    let out = gitlab(
        &repo,
        &[
            ("CI_PIPELINE_SOURCE", "merge_request_event"),
            ("CI_MERGE_REQUEST_DIFF_BASE_SHA", &before),
            ("CI_COMMIT_SHA", &after),
            ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
            ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/STORY-001"),
        ],
    );
    assert_code(&out, 0);
}

#[test]
fn ci_outside_a_ci_system_is_a_usage_error() {
    let repo = project("In Progress");
    let out = repo.pactkit(&["check", "--ci"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no CI environment"),
        "{}",
        render(&out)
    );
}
