//! Pre-push ranges against a real bare remote.

use super::*;
use crate::git::testutil::TempRepo;

const ZERO: &str = "0000000000000000000000000000000000000000";

/// A repository with a bare `origin` that has `main` (two commits) pushed.
fn with_remote() -> TempRepo {
    let t = TempRepo::new();
    t.git(&["init", "-q", "--bare", "../remote.git"]);
    t.git(&["remote", "add", "origin", "../remote.git"]);
    t.write("a.txt", "1\n").commit_all("feat: one");
    t.write("a.txt", "1\n2\n").commit_all("feat: two");
    t.git(&["push", "-q", "origin", "main"]);
    t
}

fn line(local_ref: &str, local: &str, remote_ref: &str, remote: &str) -> String {
    format!("{local_ref} {local} {remote_ref} {remote}\n")
}

fn ranges(t: &TempRepo, input: &str) -> Vec<PushRange> {
    let updates = parse_pre_push(input).expect("parse");
    t.open().push_ranges(&updates, "origin").expect("ranges")
}

fn messages(range: &PushRange) -> Vec<String> {
    range
        .commits
        .iter()
        .map(|c| c.message.trim().to_owned())
        .collect()
}

#[test]
fn parse_accepts_git_lines_and_rejects_garbage() {
    let sha = "a".repeat(40);
    let input = format!("refs/heads/main {sha} refs/heads/main {ZERO}\n\n");
    let updates = parse_pre_push(&input).expect("parse");
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].remote_sha, ZERO);
    assert!(parse_pre_push("").expect("empty").is_empty());
    let err = parse_pre_push("refs/heads/main abc").expect_err("short");
    assert!(
        matches!(err, GitError::PrePushLine { line: 1, .. }),
        "{err:?}"
    );
    let err = parse_pre_push(&format!("a {sha} b nothex\n")).expect_err("hex");
    assert!(matches!(err, GitError::PrePushLine { .. }), "{err:?}");
}

#[test]
fn deleted_ref_sends_nothing() {
    let t = with_remote();
    let remote = t.rev("main");
    assert!(ranges(&t, &line("(delete)", ZERO, "refs/heads/main", &remote)).is_empty());
}

#[test]
fn fast_forward_is_remote_to_local() {
    let t = with_remote();
    let remote = t.rev("main");
    t.write("a.txt", "1\n2\n3\n").commit_all("feat: three");
    t.write("b.txt", "b\n").commit_all("feat: four");
    let local = t.rev("main");
    let got = ranges(
        &t,
        &line("refs/heads/main", &local, "refs/heads/main", &remote),
    );
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from.as_deref(), Some(remote.as_str()));
    assert_eq!(got[0].to, local);
    assert_eq!(messages(&got[0]), ["feat: three", "feat: four"]);
    let pushed = t
        .open()
        .pushed_changes(
            &parse_pre_push(&line("refs/heads/main", &local, "refs/heads/main", &remote))
                .expect("parse"),
            "origin",
        )
        .expect("pushed");
    let paths: Vec<String> = pushed
        .changes
        .files
        .iter()
        .map(|f| f.path.to_string())
        .collect();
    assert_eq!(paths, ["a.txt", "b.txt"]);
    assert_eq!(pushed.commits.len(), 2);
}

#[test]
fn up_to_date_push_sends_nothing() {
    let t = with_remote();
    let tip = t.rev("main");
    assert!(ranges(&t, &line("refs/heads/main", &tip, "refs/heads/main", &tip)).is_empty());
}

#[test]
fn new_branch_checks_only_commits_not_on_the_remote() {
    let t = with_remote();
    let base = t.rev("main");
    t.git(&["checkout", "-q", "-b", "feature"]);
    t.write("c.txt", "c\n").commit_all("feat: on feature");
    let local = t.rev("feature");
    let got = ranges(
        &t,
        &line("refs/heads/feature", &local, "refs/heads/feature", ZERO),
    );
    assert_eq!(got.len(), 1);
    assert_eq!(messages(&got[0]), ["feat: on feature"]);
    assert_eq!(got[0].from.as_deref(), Some(base.as_str()));
}

#[test]
fn force_push_diffs_from_the_merge_base() {
    let t = with_remote();
    let remote = t.rev("main");
    let base = t.rev("main~1");
    t.git(&["reset", "-q", "--hard", "main~1"]);
    t.write("d.txt", "d\n").commit_all("feat: rewritten");
    let local = t.rev("main");
    let got = ranges(
        &t,
        &line("refs/heads/main", &local, "refs/heads/main", &remote),
    );
    assert_eq!(got.len(), 1);
    assert_eq!(messages(&got[0]), ["feat: rewritten"]);
    assert_eq!(got[0].from.as_deref(), Some(base.as_str()));
    let set = t.open().range_changes(&base, &local).expect("diff");
    assert_eq!(set.files.len(), 1);
}

#[test]
fn root_push_diffs_against_the_empty_tree() {
    let t = TempRepo::new();
    t.git(&["init", "-q", "--bare", "../remote.git"]);
    t.git(&["remote", "add", "origin", "../remote.git"]);
    t.write("a.txt", "1\n").commit_all("feat: root");
    t.write("b.txt", "2\n").commit_all("feat: second");
    let local = t.rev("main");
    let input = line("refs/heads/main", &local, "refs/heads/main", ZERO);
    let got = ranges(&t, &input);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, None);
    assert_eq!(messages(&got[0]), ["feat: root", "feat: second"]);
    let pushed = t
        .open()
        .pushed_changes(&parse_pre_push(&input).expect("parse"), "origin")
        .expect("pushed");
    assert_eq!(pushed.changes.files.len(), 2);
    assert!(
        pushed
            .changes
            .files
            .iter()
            .all(|f| f.kind == crate::git::ChangeKind::Added)
    );
}

#[test]
fn unknown_remote_tip_falls_back_to_tracking_refs() {
    let t = with_remote();
    t.write("e.txt", "e\n").commit_all("feat: local only");
    let local = t.rev("main");
    let unknown = "1".repeat(40);
    let got = ranges(
        &t,
        &line("refs/heads/main", &local, "refs/heads/main", &unknown),
    );
    assert_eq!(got.len(), 1);
    assert_eq!(messages(&got[0]), ["feat: local only"]);
}
