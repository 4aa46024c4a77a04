//! The secrets gate: scans the lines a change adds (never whole files, never the work
//! tree) for credentials with `crate::secrets`, and blocks on any it finds.
//!
//! Content comes from the new blob of each change (`Repo::read_blob`), so only what is
//! staged (or committed, for ranges) is judged: a secret in an unstaged part of a file is
//! not reported. Submodules and paths matching `gates.secrets.exclude` are skipped; a
//! symbolic link's blob (its target) is scanned whole, and the allow-list file only in
//! its comments (its entries are the contract gate's). The commit messages being judged
//! are scanned as stored (on the commit-msg line, the message alone). Findings show the
//! rule, file, line and a masked value; never the secret.
//!
//! Files git calls binary are not skipped (`secrets::content`): text with a stray NUL or
//! UTF-16 text is scanned line by line, its added lines diffed here; other binary content
//! has its printable runs scanned (those not already in the old version), findings
//! placed by byte offset. A binary file over [`MAX_BINARY_BYTES`] is not scanned and says
//! so in a warning.

use super::{Compare, Finding, GateInput, HookType, Outcome, Severity, Trigger};
use crate::git::{ChangeKind, FileChange, GitError, LineRange, Repo};
use crate::secrets::allow::ALLOW_FILE;
use crate::secrets::content::{Decoded, decode, printable_runs};
use crate::secrets::{AllowList, Detection, Scanner};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashSet;

/// Binary files larger than this are not scanned (a warning says so).
pub const MAX_BINARY_BYTES: usize = 32 * 1024 * 1024;

/// Runs the gate.
pub fn run(input: &GateInput<'_>) -> Outcome {
    let Some(repo) = input.repo else {
        return Outcome::Skipped("no repository".into());
    };
    let message_findings = match scan_messages(input, repo) {
        Ok(found) => found,
        Err(err) => return Outcome::Errored(err),
    };
    // The commit-msg line judges the message alone: pre-commit judged the staged files.
    if input.trigger == Trigger::Hook(HookType::CommitMsg) {
        return Outcome::from_findings(message_findings);
    }
    let files = scan_changes(input, repo);
    match (files, message_findings.is_empty()) {
        (files, true) => files,
        (Outcome::Blocked(mut found) | Outcome::Passed(mut found), false) => {
            found.extend(message_findings);
            Outcome::from_findings(found)
        }
        (Outcome::Skipped(_), false) => Outcome::from_findings(message_findings),
        (other, false) => other,
    }
}

/// The messages being judged, as git stores them: a secret in a commit message travels
/// with the commit as surely as one in a file. They are scanned first with no allow list
/// (nothing to read); only a hit loads the project's allow list and scans them again.
fn scan_messages(input: &GateInput<'_>, repo: &Repo) -> Result<Vec<Finding>, String> {
    if input.messages.is_empty() {
        return Ok(Vec::new());
    }
    let min_entropy = input.config.gates.secrets.min_entropy;
    let stored: Vec<(&str, String)> = input
        .messages
        .iter()
        .map(|m| (m.source.as_str(), m.as_stored()))
        .collect();
    let quick = Scanner::new(AllowList::default(), min_entropy);
    let hit = |text: &String| text.lines().any(|l| !quick.scan_line(l).is_empty());
    if !stored.iter().any(|(_, text)| hit(text)) {
        return Ok(Vec::new());
    }
    let scanner = Scanner::new(allow_list(input, repo)?, min_entropy);
    let mut out = Vec::new();
    for (source, text) in &stored {
        for (index, line) in text.lines().enumerate() {
            for detection in scanner.scan_line(line.trim_end_matches('\r')) {
                out.push(message_finding(source, index + 1, detection));
            }
        }
    }
    Ok(out)
}

/// A finding for a detection in line `line` of a commit message.
fn message_finding(source: &str, line: usize, detection: Detection) -> Finding {
    Finding {
        severity: Severity::Error,
        rule: detection.rule.to_owned(),
        message: format!(
            "{} `{}` in the commit message (line {line}, column {}, fingerprint {})",
            detection.description, detection.masked, detection.column, detection.fingerprint
        ),
        subject: Some(source.to_owned()),
        file: None,
        line: None,
        hint: Some(format!(
            "reword the message without it (`git commit --amend`, or `git rebase -i` for an older commit) and rotate the credential; if it is not a secret, add `{}` to {ALLOW_FILE}",
            detection.fingerprint
        )),
    }
}

/// The files of the change set.
fn scan_changes(input: &GateInput<'_>, repo: &Repo) -> Outcome {
    let changes = match input.changes.get() {
        Ok(changes) => changes,
        Err(err) => return Outcome::Errored(format!("cannot compute the change set: {err}")),
    };
    // `check --all-files` lists the index without reading it: every file is new content.
    let all_files = *input.compare == Compare::AllFiles;
    if !all_files && !changes.files.iter().any(has_new_content) {
        return Outcome::Skipped("no added lines to scan".into());
    }
    let settings = &input.config.gates.secrets;
    let exclude = match exclude_set(&settings.exclude) {
        Ok(set) => set,
        Err(err) => return Outcome::Errored(err),
    };
    let allow = match allow_list(input, repo) {
        Ok(allow) => allow,
        Err(err) => return Outcome::Errored(err),
    };
    let scanner = Scanner::new(allow, settings.min_entropy);
    let mut findings = Vec::new();
    for file in &changes.files {
        let path = file.path.to_string();
        if !scannable(file, &path, &exclude, all_files) {
            continue;
        }
        match scan_file(repo, &scanner, file, &path, all_files) {
            Ok(found) => findings.extend(found),
            Err(err) => {
                let path = crate::infra::output::escape::path(&path);
                return Outcome::Errored(format!("cannot read {path}: {err}"));
            }
        }
    }
    Outcome::from_findings(findings)
}

/// The findings in one changed file: its added lines, or for `check --all-files` (no
/// line ranges) all of it; binary content through [`scan_binary_file`].
fn scan_file(
    repo: &Repo,
    scanner: &Scanner,
    file: &FileChange,
    path: &str,
    all_files: bool,
) -> Result<Vec<Finding>, GitError> {
    let Some(id) = &file.new_id else {
        return Ok(Vec::new());
    };
    let mut blob = repo.read_blob(id)?;
    // A link has no line ranges: its whole target is new whenever it changed.
    let whole_blob = all_files || file.symlink;
    if file.binary || (whole_blob && crate::git::is_binary(&blob)) {
        return scan_binary_file(repo, scanner, file, path, &blob);
    }
    if path == ALLOW_FILE {
        blob = allow_file_comments(&blob);
    }
    let whole;
    let added = if whole_blob && file.added_lines.is_empty() {
        whole = crate::git::added_lines(&[], &blob);
        &whole
    } else {
        &file.added_lines
    };
    Ok(scan_added(scanner, &blob, added)
        .into_iter()
        .map(|(line, detection)| finding(path, Some(line), None, detection))
        .collect())
}

/// The allow file with its entries blanked, so that only its comments are scanned: an
/// entry is a fingerprint or a pattern, and the contract gate judges each new one as a
/// weakening; a comment is read by no one, so a secret there would pass both gates.
/// Columns and line numbers stay those of the file.
fn allow_file_comments(blob: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(blob);
    let mut out = Vec::with_capacity(blob.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push(b'\n');
        }
        let entry = crate::secrets::allow::allow_entry_len(line);
        out.resize(out.len() + entry, b' ');
        out.extend_from_slice(&line.as_bytes()[entry..]);
    }
    out
}

/// Added lines whose secret only an inline `pactkit: allow-secret` comment keeps from being
/// reported, as (path, line, what was found): in range mode each is a contract change of
/// its own, approved like any other. `contract` gives the allow lists in force.
pub fn inline_allowed(
    repo: &Repo,
    contract: &super::contract::Contract,
    changes: &crate::git::ChangeSet,
) -> Result<Vec<(String, u32, &'static str)>, String> {
    let settings = &contract.config().gates.secrets;
    let exclude = exclude_set(&settings.exclude)?;
    let mut allow = AllowList::default();
    allow
        .add_config(&settings.allow)
        .map_err(|e| e.to_string())?;
    if let Some(text) = &contract.allow_file {
        allow
            .add_file(ALLOW_FILE, text)
            .map_err(|e| e.to_string())?;
    }
    let scanner = Scanner::new(allow, settings.min_entropy);
    let mut out = Vec::new();
    for file in &changes.files {
        let path = file.path.to_string();
        if !scannable(file, &path, &exclude, false) {
            continue;
        }
        let Some(id) = &file.new_id else { continue };
        let blob = repo
            .read_blob(id)
            .map_err(|e| format!("cannot read {path}: {e}"))?;
        if memchr::memmem::find(&blob, b"allow-secret").is_none() {
            continue;
        }
        for (number, raw) in added_lines(&blob, &file.added_lines) {
            let text = String::from_utf8_lossy(raw);
            if !crate::secrets::has_inline_allow(&text) {
                continue;
            }
            let without = text.replace("allow-secret", "");
            if let Some(found) = scanner.scan_line(without.trim_end_matches('\r')).first() {
                out.push((path.clone(), number, found.description));
            }
        }
    }
    Ok(out)
}

/// The added lines of `content` with their 1-based numbers.
fn added_lines<'c>(content: &'c [u8], added: &[LineRange]) -> Vec<(u32, &'c [u8])> {
    let mut out = Vec::new();
    let mut ranges = added.iter().peekable();
    for (index, raw) in content.split(|&b| b == b'\n').enumerate() {
        let number = index as u32 + 1;
        while ranges.next_if(|r| r.end < number).is_some() {}
        let Some(range) = ranges.peek() else { break };
        if number >= range.start {
            out.push((number, raw));
        }
    }
    out
}

/// Text with added lines, or binary content that is new or changed.
fn has_new_content(file: &FileChange) -> bool {
    !file.added_lines.is_empty()
        || ((file.binary || file.symlink) && file.new_id.is_some() && file.new_id != file.old_id)
}

/// Regular files and symbolic links (whose blob is text too: the target, or anything at
/// all where `core.symlinks` is false); submodules are another repository's. The allow
/// file is scanned too, its comments only ([`allow_file_comments`]).
fn scannable(file: &FileChange, path: &str, exclude: &GlobSet, all_files: bool) -> bool {
    (!file.special || file.symlink)
        && (all_files || has_new_content(file))
        && !exclude.is_match(path)
}

/// A file git calls binary: text after all (stray NULs, UTF-16) is diffed against its old
/// version and its added lines scanned; real binary content has its new printable runs
/// scanned.
fn scan_binary_file(
    repo: &Repo,
    scanner: &Scanner,
    file: &FileChange,
    path: &str,
    blob: &[u8],
) -> Result<Vec<Finding>, GitError> {
    let old = match (&file.old_id, file.kind) {
        (Some(id), ChangeKind::Modified | ChangeKind::Renamed { .. }) => repo.read_blob(id)?,
        _ => Vec::new(),
    };
    if let Decoded::Text(text) = decode(blob) {
        let old_text = match decode(&old) {
            Decoded::Text(old_text) => old_text.into_owned(),
            Decoded::Binary => String::new(),
        };
        let added = crate::git::added_lines(old_text.as_bytes(), text.as_bytes());
        return Ok(scan_added(scanner, text.as_bytes(), &added)
            .into_iter()
            .map(|(line, detection)| finding(path, Some(line), None, detection))
            .collect());
    }
    if blob.len() > MAX_BINARY_BYTES {
        return Ok(vec![not_scanned(path, blob.len())]);
    }
    let old_runs = printable_runs(&old);
    let known: HashSet<&str> = old_runs.iter().map(|run| run.text.as_ref()).collect();
    let mut findings = Vec::new();
    for run in printable_runs(blob) {
        if known.contains(run.text.as_ref()) {
            continue;
        }
        for detection in scanner.scan_line(&run.text) {
            let at = run.byte_at(detection.span.0);
            findings.push(finding(path, None, Some(at), detection));
        }
    }
    Ok(findings)
}

fn not_scanned(path: &str, size: usize) -> Finding {
    Finding {
        severity: Severity::Warning,
        rule: "not-scanned".into(),
        message: format!(
            "binary file of {} MiB not scanned for secrets (the limit is {} MiB)",
            size / (1024 * 1024),
            MAX_BINARY_BYTES / (1024 * 1024)
        ),
        subject: Some(path.to_owned()),
        file: Some(path.to_owned()),
        line: None,
        hint: Some(format!(
            "make sure it holds no credential; `gates.secrets.exclude: ['{path}']` silences this"
        )),
    }
}

/// The detections on the added lines of `content`, with their 1-based line numbers.
/// `added` is sorted and 1-based inclusive, as the change set provides it.
pub fn scan_added(scanner: &Scanner, content: &[u8], added: &[LineRange]) -> Vec<(u32, Detection)> {
    let mut out = Vec::new();
    for (number, raw) in added_lines(content, added) {
        let text = String::from_utf8_lossy(raw);
        for detection in scanner.scan_line(text.trim_end_matches('\r')) {
            out.push((number, detection));
        }
    }
    out
}

/// A finding for a detection at a line of a text file, or at a byte offset of a binary one.
fn finding(path: &str, line: Option<u32>, byte: Option<usize>, detection: Detection) -> Finding {
    let place = match byte {
        Some(byte) => format!("binary file, byte {byte}"),
        None => format!("column {}", detection.column),
    };
    Finding {
        severity: Severity::Error,
        rule: detection.rule.to_owned(),
        message: format!(
            "{} `{}` ({place}, fingerprint {})",
            detection.description, detection.masked, detection.fingerprint
        ),
        subject: Some(path.to_owned()),
        file: Some(path.to_owned()),
        line,
        hint: Some(format!(
            "remove it and rotate the credential; if it is not a secret, add `{}` to {ALLOW_FILE} or end the line with a `pactkit: allow-secret` comment",
            detection.fingerprint
        )),
    }
}

pub(crate) fn exclude_set(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for (n, glob) in globs.iter().enumerate() {
        let glob = Glob::new(glob)
            .map_err(|e| format!("gates.secrets.exclude[{n}]: invalid glob `{glob}`: {e}"))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| format!("gates.secrets.exclude: {e}"))
}

/// The configured entries plus `.pactkit-secrets-allow` as the contract in force has it
/// (HEAD for a commit being made, the base of a range): never the state being judged, so
/// an entry added together with the secret it hides does not apply to that commit.
fn allow_list(input: &GateInput<'_>, repo: &Repo) -> Result<AllowList, String> {
    let mut allow = AllowList::default();
    allow
        .add_config(&input.config.gates.secrets.allow)
        .map_err(|e| e.to_string())?;
    let text = read_allow_file(repo, input.contract_source)
        .map_err(|e| format!("cannot read {ALLOW_FILE}: {e}"))?;
    if let Some(text) = text {
        allow
            .add_file(ALLOW_FILE, &String::from_utf8_lossy(&text))
            .map_err(|e| e.to_string())?;
    }
    Ok(allow)
}

fn read_allow_file(
    repo: &Repo,
    source: &super::trust::ContractSource,
) -> Result<Option<Vec<u8>>, GitError> {
    source.snapshot(repo)?.read(ALLOW_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(ranges: &[(u32, u32)]) -> Vec<LineRange> {
        ranges
            .iter()
            .map(|&(start, end)| LineRange { start, end })
            .collect()
    }

    #[test]
    fn only_added_lines_are_scanned() {
        let scanner = Scanner::new(AllowList::default(), crate::secrets::DEFAULT_ENTROPY);
        let key = "AKIAZ7Q3R5T2W4Y6U8P1";
        let text = format!("a = 1\nkey = \"{key}\"\nb = 2\nother = \"{key}\"\n");
        let found = scan_added(&scanner, text.as_bytes(), &lines(&[(2, 2)]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 2);
        let found = scan_added(&scanner, text.as_bytes(), &lines(&[(1, 1), (3, 4)]));
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec![4]);
        assert!(scan_added(&scanner, text.as_bytes(), &[]).is_empty());
    }

    #[test]
    fn findings_never_contain_the_secret() {
        let scanner = Scanner::new(AllowList::default(), crate::secrets::DEFAULT_ENTROPY);
        let key = "AKIAZ7Q3R5T2W4Y6U8P1";
        let (line, detection) = scan_added(&scanner, key.as_bytes(), &lines(&[(1, 1)]))
            .pop()
            .expect("found");
        let finding = finding("a.py", Some(line), None, detection);
        let json = serde_json::to_string(&finding).expect("json");
        assert!(!json.contains(key), "{json}");
        assert!(json.contains("AKIA*"), "{json}");
        assert_eq!(finding.line, Some(1));
    }

    #[test]
    fn bad_exclude_globs_name_the_key() {
        let err = exclude_set(&["a/[".into()]).unwrap_err();
        assert!(err.contains("gates.secrets.exclude[0]"), "{err}");
    }
}
