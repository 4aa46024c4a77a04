//! Merging through real `git merge`s with pactkit's shims installed: a merge is judged
//! on what it adds over all its parents (conflict resolutions), not on the work it brings,
//! which was judged on its own branch.

use crate::common::*;
use std::process::Output;

const SPEC: &str = "docs/specs/STORY-001.md";
const BRANCH: &str = "feature/STORY-001-bulk-discount";

/// main with a Draft STORY-001 and the shims; the feature branch starts the story, adds
/// the code (and, when `conflicting`, edits `src/shop/shared.py`, which main edits too)
/// and finishes it, every commit through the hooks.
fn finished_story(conflicting: bool) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "shop\n")
        .write(SPEC, &spec("STORY-001", "Draft"))
        .write("src/shop/__init__.py", "")
        .write("src/shop/shared.py", "RATE = 1\n")
        .commit_all("chore: initial commit");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo.git(&["checkout", "-q", "-b", BRANCH]);
    assert_code(
        &repo.pactkit(&["spec-status", "STORY-001", "In Progress"]),
        0,
    );
    commit_passes(&repo, "docs: start STORY-001");
    repo.write(
        "src/shop/pricing.py",
        "def bulk_discount(n):\n    return 0.1 if n > 10 else 0.0\n",
    );
    if conflicting {
        repo.write("src/shop/shared.py", "RATE = 2\n");
    }
    commit_passes(&repo, "feat: bulk discount");
    assert_code(&repo.pactkit(&["spec-status", "STORY-001", "Done"]), 0);
    commit_passes(&repo, "docs: finish STORY-001");
    repo.git(&["checkout", "-q", "main"]);
    if conflicting {
        repo.write("src/shop/shared.py", "RATE = 3\n");
        repo.git(&[
            "commit",
            "-q",
            "--no-verify",
            "-am",
            "fix: rate (HOTFIX-001)",
        ]);
    }
    repo
}

fn commit_passes(repo: &TestRepo, message: &str) {
    repo.git(&["add", "-A"]);
    let out = repo.git_output(&["commit", "-q", "-m", message]);
    assert_code(&out, 0);
}

fn merge(repo: &TestRepo) -> Output {
    repo.git_cmd()
        .args(["merge", "--no-ff", BRANCH])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("git merge")
}

fn parents_of_head(repo: &TestRepo) -> usize {
    repo.git(&["rev-list", "--parents", "-n", "1", "HEAD"])
        .split_whitespace()
        .count()
        - 1
}

#[test]
fn merging_a_finished_story_passes() {
    let repo = finished_story(false);
    let out = merge(&repo);
    assert_code(&out, 0);
    assert_eq!(parents_of_head(&repo), 2, "{}", render(&out));
}

#[test]
fn concluding_a_conflicted_merge_of_a_finished_story_passes() {
    let repo = finished_story(true);
    let out = merge(&repo);
    assert_ne!(code(&out), 0, "the merge conflicts:\n{}", render(&out));
    repo.write(
        "src/shop/shared.py",
        "RATE = 2  # the branch's rate, after main's fix\n",
    );
    repo.git(&["add", "src/shop/shared.py"]);
    let out = repo.git_output(&["commit", "-q", "--no-edit"]);
    assert_code(&out, 0);
    assert_eq!(parents_of_head(&repo), 2);
}

/// What the merge adds is still judged: a resolution that adds a private key is blocked.
#[test]
fn a_conflict_resolution_is_judged() {
    let repo = finished_story(true);
    assert_ne!(code(&merge(&repo)), 0);
    repo.write(
        "src/shop/shared.py",
        "RATE = 2\nKEY = '''\n-----BEGIN RSA PRIVATE KEY-----\n'''\n",
    );
    repo.git(&["add", "src/shop/shared.py"]);
    let out = repo.git_output(&["commit", "-q", "--no-edit"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(render(&out).contains("secrets"), "{}", render(&out));
    assert_eq!(parents_of_head(&repo), 1, "no merge commit was made");
}

/// main edited the spec's Background while the branch finished the story: the merged
/// spec differs from both parents, and is Done as on the branch.
#[test]
fn merging_a_story_whose_spec_main_also_edited_passes() {
    let repo = finished_story(false);
    let text = repo
        .read(SPEC)
        .replace("Brute force.", "Brute force, seen in March.");
    repo.write(SPEC, &text);
    commit_passes(&repo, "docs: more background for STORY-001");
    let out = merge(&repo);
    assert_code(&out, 0);
    assert_eq!(parents_of_head(&repo), 2);
    let merged = repo.read(SPEC);
    assert!(merged.contains("seen in March") && merged.contains("| Status | Done |"));
}

/// An edit made during the merge is judged: a spec Draft on both sides cannot become Done.
#[test]
fn a_status_move_neither_parent_allows_is_blocked() {
    let repo = finished_story(false);
    repo.write("docs/specs/STORY-002.md", &spec("STORY-002", "Draft"));
    commit_passes(&repo, "docs: plan STORY-002");
    let out = repo
        .git_cmd()
        .args(["merge", "--no-ff", "--no-commit", BRANCH])
        .output()
        .expect("git merge");
    assert_code(&out, 0);
    assert_code(&repo.pactkit(&["spec-status", "STORY-002", "Done"]), 0);
    repo.git(&["add", "docs/specs/STORY-002.md"]);
    let out = repo.git_output(&["commit", "-q", "--no-edit"]);
    assert_ne!(code(&out), 0, "{}", render(&out));
    assert!(render(&out).contains("spec-transition"), "{}", render(&out));
}
