//! Approving a change to the contract: a commit signed with an SSH key listed in the
//! allowed-signers file of the contract in force (read from the base of the range, never
//! from the range). Verification is git's own (`git verify-commit` with
//! `gpg.ssh.allowedSignersFile`); only SSH signatures count, so a key in some user's GPG
//! keyring never approves anything by accident.

use crate::git::Repo;
use crate::infra::error::Error;
use std::io::Write;
use std::process::Stdio;

const SSH_SIGNATURE: &[u8] = b"-----BEGIN SSH SIGNATURE-----";

/// The principal whose key signed `commit`, when that key is in `allowed_signers` (the
/// file's text); `None` for an unsigned commit, a GPG signature, or an unknown key.
pub fn ssh_signer(
    repo: &Repo,
    commit: &str,
    allowed_signers: &str,
) -> Result<Option<String>, Error> {
    let object = repo.commit_object(commit)?;
    if !has_ssh_signature(&object) || allowed_signers.trim().is_empty() {
        return Ok(None);
    }
    let file = TempSigners::write(allowed_signers)?;
    let output = crate::git::git_command()
        .arg("-c")
        .arg(format!(
            "gpg.ssh.allowedSignersFile={}",
            file.path.display()
        ))
        .args(["-c", "gpg.format=ssh", "verify-commit", "--raw", commit])
        .current_dir(repo.git_dir())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::environment("cannot run `git verify-commit`").caused_by(e))?;
    if !output.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&output.stderr);
    Ok(Some(
        principal(&text).unwrap_or_else(|| "an allowed signer".into()),
    ))
}

/// Whether the commit object carries an SSH signature header.
fn has_ssh_signature(object: &[u8]) -> bool {
    let headers = object
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(object, |end| &object[..end]);
    // SHA-256 repositories sign under `gpgsig-sha256`.
    headers.split(|b| *b == b'\n').any(|line| {
        line.strip_prefix(b"gpgsig ")
            .or_else(|| line.strip_prefix(b"gpgsig-sha256 "))
            .is_some_and(|v| v.starts_with(SSH_SIGNATURE))
    })
}

/// `Good "git" signature for alice@example.com with ED25519 key SHA256:…` → the principal.
fn principal(stderr: &str) -> Option<String> {
    let rest = stderr.split("signature for ").nth(1)?;
    let end = rest.find(" with ").unwrap_or(rest.len());
    Some(rest[..end].trim().to_owned())
}

/// The allowed-signers text in a private temporary file, removed when dropped.
struct TempSigners {
    path: std::path::PathBuf,
}

impl TempSigners {
    fn write(text: &str) -> Result<TempSigners, Error> {
        let fail = |e| Error::environment("cannot write the allowed-signers file").caused_by(e);
        let (mut file, path) =
            crate::infra::fsx::create_unique(&std::env::temp_dir(), "pactkit-signers-")
                .map_err(fail)?;
        let guard = TempSigners { path };
        file.write_all(text.as_bytes()).map_err(fail)?;
        Ok(guard)
    }
}

impl Drop for TempSigners {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ssh_signature_headers_only() {
        let ssh = b"tree 1\nparent 2\ngpgsig -----BEGIN SSH SIGNATURE-----\n U1NI\n -----END SSH SIGNATURE-----\n\nmsg\n";
        assert!(has_ssh_signature(ssh));
        let gpg = b"tree 1\ngpgsig -----BEGIN PGP SIGNATURE-----\n x\n\nmsg\n";
        assert!(!has_ssh_signature(gpg));
        let body = b"tree 1\n\ngpgsig -----BEGIN SSH SIGNATURE-----\n";
        let sha256 = b"tree 1\ngpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n U1NI\n\nmsg\n";
        assert!(!has_ssh_signature(body), "a message line is not a header");
        assert!(has_ssh_signature(sha256), "SHA-256 repositories' header");
    }

    #[test]
    fn reads_the_principal() {
        assert_eq!(
            principal("Good \"git\" signature for alice@example.com with ED25519 key SHA256:abc\n")
                .as_deref(),
            Some("alice@example.com")
        );
        assert_eq!(principal("nothing"), None);
    }
}
