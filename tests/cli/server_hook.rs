//! The server's pre-receive hook through real `git push`es to a local bare repository:
//! every ref update judged commit by commit by the contract of the ref's old tip, branch
//! protection, and a refused push that changes no ref.

use crate::common::*;
use std::path::PathBuf;
use std::process::Output;

/// A client repository with a bare `origin` that has pactkit's pre-receive hook.
struct Server {
    client: TestRepo,
    bare: PathBuf,
}

impl Server {
    fn new() -> Server {
        let client = TestRepo::new();
        let bare = client.bare_repo("server.git");
        let out = client
            .pactkit_cmd()
            .current_dir(&bare)
            .args(["hooks", "install", "--server"])
            .output()
            .expect("install");
        assert_code(&out, 0);
        client.git(&["remote", "add", "origin", &bare.to_string_lossy()]);
        Server { client, bare }
    }

    /// A server whose `main` holds an adopted project with STORY-001 In Progress.
    fn with_project() -> Server {
        let server = Server::new();
        server
            .client
            .write("pactkit.yaml", "developer: \"\"\n")
            .write("README.md", "shop\n")
            .write("docs/specs/STORY-001.md", &spec("STORY-001", "In Progress"))
            .commit_all("chore: init");
        assert_code(&server.push(&["origin", "main"]), 0);
        server
    }

    fn push(&self, args: &[&str]) -> Output {
        let mut all = vec!["push", "--no-verify"];
        all.extend(args);
        self.client.git_output(&all)
    }

    fn server_ref(&self, name: &str) -> Option<String> {
        let out = self
            .client
            .git_cmd()
            .args([
                "--git-dir",
                &self.bare.to_string_lossy(),
                "rev-parse",
                "--verify",
                "-q",
                name,
            ])
            .output()
            .expect("rev-parse");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }
}

#[track_caller]
fn assert_refused(out: &Output, needles: &[&str]) {
    assert_ne!(
        code(out),
        0,
        "expected the push to be refused: {}",
        render(out)
    );
    let err = stderr(out);
    assert!(err.contains("pre-receive hook declined"), "{}", render(out));
    for needle in needles {
        assert!(err.contains(needle), "missing {needle:?}: {}", render(out));
    }
}

#[test]
fn install_status_and_uninstall_in_a_bare_repository() {
    let server = Server::new();
    let status = server
        .client
        .pactkit_cmd()
        .current_dir(&server.bare)
        .args(["hooks", "status", "--server"])
        .output()
        .expect("status");
    assert_code(&status, 0);
    assert!(
        stdout(&status).contains("pre-receive  ours, current; calls /"),
        "{}",
        render(&status)
    );
    // Without --server, a bare repository is refused with the way forward.
    let out = server
        .client
        .pactkit_cmd()
        .current_dir(&server.bare)
        .args(["hooks", "install"])
        .output()
        .expect("install");
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("hooks install --server"),
        "{}",
        render(&out)
    );
    let out = server
        .client
        .pactkit_cmd()
        .current_dir(&server.bare)
        .args(["hooks", "uninstall", "--server"])
        .output()
        .expect("uninstall");
    assert_code(&out, 0);
    assert!(!server.bare.join("hooks/pre-receive").exists());
}

#[test]
fn a_good_branch_is_accepted_and_a_bad_one_changes_no_ref() {
    let server = Server::with_project();
    let client = &server.client;
    client.git(&["switch", "-q", "-c", "feature/STORY-001"]);
    client
        .write("src/cart.py", "def total():\n    return 0\n")
        .commit_all("feat(cart): totals (STORY-001)");
    let out = server.push(&["origin", "feature/STORY-001"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("remote: pactkit: refs/heads/feature/STORY-001 accepted"),
        "{}",
        render(&out)
    );
    let accepted = server.server_ref("refs/heads/feature/STORY-001");

    client
        .write("src/cart.py", &format!("KEY = \"{}\"\n", aws_key()))
        .commit_all("feat(cart): key (STORY-001)");
    client
        .write("src/cart.py", "KEY = None\n")
        .commit_all("no type here");
    let out = server.push(&["origin", "feature/STORY-001"]);
    assert_refused(
        &out,
        &[
            "remote: pactkit: refs/heads/feature/STORY-001 refused",
            "aws-access-key-id",
            "subject-empty",
        ],
    );
    assert!(
        !stderr(&out).contains(&aws_key()),
        "never prints the secret"
    );
    assert_eq!(server.server_ref("refs/heads/feature/STORY-001"), accepted);
}

#[test]
fn protected_branches_take_no_direct_push_force_push_or_deletion() {
    let server = Server::with_project();
    let client = &server.client;
    let main_before = server.server_ref("refs/heads/main");
    client
        .write("notes.md", "x\n")
        .commit_all("docs: notes (STORY-001)");
    assert_refused(
        &server.push(&["origin", "main"]),
        &["pushing directly to the protected branch `main`"],
    );
    // Straight through git send-pack, the same.
    let out = client.git_output(&[
        "send-pack",
        &server.bare.to_string_lossy(),
        "refs/heads/main:refs/heads/main",
    ]);
    assert_refused(&out, &["protected branch `main`"]);
    assert_eq!(server.server_ref("refs/heads/main"), main_before);
    client.git(&["reset", "-q", "--hard", "HEAD~1"]);
    client
        .write("other.md", "y\n")
        .commit_all("docs: other (STORY-001)");
    client.git(&["reset", "-q", "--hard", "HEAD~1"]);
    client.git(&[
        "commit",
        "-q",
        "--no-verify",
        "--amend",
        "-m",
        "chore: rewritten",
    ]);
    assert_refused(
        &server.push(&["--force", "origin", "main"]),
        &["force-pushing (rewinding) the protected branch `main`"],
    );
    assert_refused(
        &server.push(&["origin", ":main"]),
        &["deleting the protected branch `main`"],
    );
    assert_eq!(server.server_ref("refs/heads/main"), main_before);
}

#[test]
fn configured_pushers_and_forge_merges_may_update_protected_branches() {
    let server = Server::with_project();
    let client = &server.client;
    client
        .write(
            "pactkit.yaml",
            "developer: \"\"\ngates:\n  branch:\n    push_allowed: [release-bot]\n",
        )
        .commit_all("chore: release bot (STORY-001)");
    // The contract is the ref's old tip: the new push_allowed does not let this push in.
    let out = client
        .git_cmd()
        .env("USER", "release-bot")
        .args(["push", "--no-verify", "origin", "main"])
        .output()
        .expect("push");
    assert_refused(
        &out,
        &[
            "contract-change",
            "gates.branch.push_allowed gains `release-bot`",
        ],
    );
    // A forge merge (Gitea/Forgejo tell the hook) goes through: the change is a merge of a
    // reviewed pull request, approved on the forge.
    client.git(&["reset", "-q", "--hard", "HEAD~1"]);
    client
        .write("notes.md", "x\n")
        .commit_all("docs: notes (STORY-001)");
    let out = client
        .git_cmd()
        .env("GITEA_PR_ID", "7")
        .args(["push", "--no-verify", "origin", "main"])
        .output()
        .expect("push");
    assert_code(&out, 0);
}

#[test]
fn the_first_push_to_an_empty_repository_creates_main() {
    let server = Server::new();
    server
        .client
        .write("README.md", "x\n")
        .commit_all("chore: init");
    let out = server.push(&["origin", "main"]);
    assert_code(&out, 0);
    assert!(server.server_ref("refs/heads/main").is_some());
}

#[test]
fn a_weakened_contract_is_refused_unless_signed_by_an_allowed_key() {
    if !ssh_keygen_available() {
        return;
    }
    let server = Server::new();
    let client = &server.client;
    let keys = client.temp().join("keys");
    std::fs::create_dir_all(&keys).expect("keys");
    let (maintainer, line) = ssh_key(&keys, "maintainer", "maintainer@example.com");
    client
        .write("pactkit.yaml", "developer: \"\"\n")
        .write("docs/specs/STORY-001.md", &spec("STORY-001", "Done"))
        .write(".pactkit/allowed_signers", &line)
        .commit_all("chore: init");
    assert_code(&server.push(&["origin", "main"]), 0);
    client.git(&["switch", "-q", "-c", "feature/x"]);
    let weakened =
        "developer: \"\"\ngates:\n  spec: {require: none}\n  secrets: {exclude: ['src/**']}\n";
    client
        .write("pactkit.yaml", weakened)
        .write("src/app.py", &format!("KEY = \"{}\"\n", aws_key()))
        .commit_all("feat: app");
    assert_refused(
        &server.push(&["origin", "feature/x"]),
        &[
            "contract-change",
            "gates.spec.require goes from referenced to none",
            "aws-access-key-id",
            "active-work-item",
        ],
    );
    // The legitimate path: the contract change on its own, signed by the maintainer.
    client.git(&["reset", "-q", "--hard", "main"]);
    client.write(
        "pactkit.yaml",
        "developer: \"\"\ngates:\n  secrets: {exclude: ['fixtures/**']}\n",
    );
    signed_commit(client, &maintainer, "chore: fixtures hold fake keys");
    let out = server.push(&["origin", "feature/x"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("approved by maintainer@example.com"),
        "{}",
        render(&out)
    );
}

/// `git` on the server's bare repository, as its administrator would run it.
fn server_git(server: &Server, args: &[&str]) -> String {
    let bare = server.bare.to_string_lossy().into_owned();
    let mut all = vec!["--git-dir", bare.as_str()];
    all.extend(args);
    server.client.git(&all).trim().to_owned()
}

#[test]
fn replacement_refs_on_the_server_do_not_change_what_is_judged() {
    let server = Server::with_project();
    let client = &server.client;
    let main = client.git(&["rev-parse", "main"]).trim().to_owned();
    // A commit like main's whose pactkit.yaml excludes src/ from the secrets gate,
    // fetched into the server (fetching runs no hook), replaces main there.
    client.git(&["switch", "-q", "-c", "weak"]);
    client
        .write(
            "pactkit.yaml",
            "developer: \"\"\ngates:\n  secrets: {exclude: ['src/**']}\n",
        )
        .commit_all("chore: weak");
    let weak = client.git(&["rev-parse", "weak"]).trim().to_owned();
    let client_dir = client.root().to_string_lossy().into_owned();
    server_git(&server, &["fetch", "-q", &client_dir, "weak:refs/weak"]);
    server_git(&server, &["replace", "-f", &main, &weak]);
    assert!(server_git(&server, &["cat-file", "-p", "main:pactkit.yaml"]).contains("exclude"));
    // The secret, in a push of more than receive.unpackLimit objects (kept packed), and a
    // replacement that shows its blob as harmless text.
    client.git(&["switch", "-q", "-c", "feature/STORY-001", "main"]);
    for i in 0..120 {
        client.write(&format!("pad/{i}.txt"), &format!("{i}\n"));
    }
    client
        .write("src/app.py", &format!("KEY = \"{}\"\n", aws_key()))
        .commit_all("feat(app): settings (STORY-001)");
    let secret = client
        .git(&["rev-parse", "HEAD:src/app.py"])
        .trim()
        .to_owned();
    let harmless_file = client.temp().join("harmless.txt");
    std::fs::write(&harmless_file, "harmless = 1\n").expect("write");
    let harmless = server_git(
        &server,
        &["hash-object", "-w", &harmless_file.to_string_lossy()],
    );
    server_git(
        &server,
        &["update-ref", &format!("refs/replace/{secret}"), &harmless],
    );
    assert_refused(
        &server.push(&["origin", "feature/STORY-001"]),
        &["aws-access-key-id"],
    );
    assert_eq!(server.server_ref("refs/heads/feature/STORY-001"), None);
}

#[test]
fn an_annotated_tag_message_is_scanned_for_secrets() {
    let server = Server::with_project();
    let client = &server.client;
    client.git(&["tag", "-a", "v1", "-m", "Release 1: bulk discounts"]);
    assert_code(&server.push(&["origin", "v1"]), 0);
    client.git(&[
        "tag",
        "-a",
        "v2",
        "-m",
        &format!("Release 2\n\ntoken {}", aws_key()),
    ]);
    let out = server.push(&["origin", "v2"]);
    assert_refused(&out, &["aws-access-key-id", "tag refs/tags/v2"]);
    assert!(!stderr(&out).contains(&aws_key()), "{}", render(&out));
    assert_eq!(server.server_ref("refs/tags/v2"), None);
}

#[test]
fn a_missing_binary_refuses_every_push() {
    let server = Server::new();
    let hook = server.bare.join("hooks/pre-receive");
    let text = std::fs::read_to_string(&hook).expect("shim");
    let broken = text
        .lines()
        .map(|l| {
            if l.starts_with("installed_bin=") {
                "installed_bin='/nonexistent/pactkit'".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&hook, broken).expect("write");
    server
        .client
        .write("README.md", "x\n")
        .commit_all("chore: init");
    assert_refused(&server.push(&["origin", "main"]), &["cannot find pactkit"]);
}
