//! SSH commit signing for the tests of contract-change approval: a key pair per test,
//! its allowed-signers line, and a signed commit.

use super::TestRepo;
use std::path::Path;

/// `ssh-keygen`, or a visible skip (a failure under CI).
pub fn ssh_keygen_available() -> bool {
    let found = std::process::Command::new("ssh-keygen")
        .arg("-?")
        .output()
        .is_ok();
    if !found {
        #[expect(clippy::disallowed_methods, reason = "the test reads CI's own marker")]
        let in_ci = std::env::var_os("CI").is_some();
        assert!(
            !in_ci,
            "ssh-keygen is required under CI (apt-get install openssh-client)"
        );
        #[expect(clippy::print_stderr, reason = "a visible skip")]
        {
            eprintln!("SKIPPED: ssh-keygen is not installed; the signature tests did not run");
        }
    }
    found
}

/// An ed25519 key pair in `dir`; returns (private key path, allowed-signers line).
pub fn ssh_key(dir: &Path, name: &str, principal: &str) -> (String, String) {
    let key = dir.join(name);
    let status = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(status.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).expect("public key");
    let mut parts = public.split_whitespace();
    let line = format!(
        "{principal} {} {}\n",
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("")
    );
    (key.to_string_lossy().into_owned(), line)
}

pub fn signed_commit(repo: &TestRepo, key: &str, message: &str) {
    repo.git(&["add", "-A"]);
    repo.git(&[
        "-c",
        "gpg.format=ssh",
        "-c",
        &format!("user.signingkey={key}"),
        "commit",
        "-q",
        "--no-verify",
        "-S",
        "-m",
        message,
    ]);
}
