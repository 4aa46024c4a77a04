//! The fix transaction: back up every file a fixer may touch, run it, accept its result
//! only when it ended well (see the crate-level invariants in `lint/mod.rs`), restore
//! everything otherwise, and stage exactly the fixed content again.

use super::scratch::{Backups, Scratch};
use super::tools::{self, Invocation, Tool};
use super::{
    Batch, Failure, LintError, Report, Request, has_fixer, io, process, run_tool, status_text,
    tool_failed,
};
use std::collections::BTreeMap;
use std::path::Path;

pub(super) fn fix(
    request: &Request<'_>,
    scratch: &mut Scratch,
    Batch { tool, targets }: &Batch<'_>,
    report: &mut Report,
) -> Result<(), Failure> {
    let mut clean = Vec::new();
    for target in targets {
        if target.name_not_utf8 {
            report.unfixable_names.push(target.path.clone());
        } else if target.staged.is_some() {
            report.partially_staged.push(target.path.clone());
        } else {
            clean.push(target.path.as_str());
        }
    }
    if clean.is_empty() || !has_fixer(tool) {
        return Ok(());
    }
    // Held from the backups to the re-staging: a signal between two steps must not leave
    // a file fixed but not staged.
    let guard = process::hold_signals();
    let staged = staged_ids(request, &clean);
    let backups = Backups::take(request.root, scratch, &tool.fixer, &clean, staged)
        .map_err(io("back up the files to fix"))?;
    let outcome = apply_fixer(request, tool, &clean).and_then(|()| match guard.received() {
        Some(signal) => Err(FixFailure::Interrupted(signal)),
        None => Ok(()),
    });
    if let Err(failure) = outcome {
        let restored = backups
            .restore()
            .map_err(io("restore the files after a failed fix"))?;
        // Best effort: the scratch directory goes at the end of the run anyway, and a
        // leftover whose files equal the work tree only warns.
        let _ = backups.retire();
        return Err(match failure {
            FixFailure::Crashed { status, output } => LintError::FixerFailed {
                tool: tool.fixer.clone(),
                status,
                restored: restored.len(),
                output,
            }
            .into(),
            FixFailure::Interrupted(signal) => Failure::Interrupted(signal),
            FixFailure::Io(err) => err.into(),
        });
    }
    let changed = backups.changed();
    if let Some(index) = &request.restage_index
        && !changed.is_empty()
        && let Err(output) = restage(request.root, index, &changed)
    {
        backups
            .restore()
            .map_err(io("restore the files after git add failed"))?;
        let _ = backups.retire();
        return Err(LintError::Restage { output }.into());
    }
    // The fix is accepted (and staged): the backup must not look like a killed run's. A
    // failure here is not the fix's: the staged fix stands, the run's end removes the rest.
    let _ = backups.retire();
    if changed.is_empty() {
        return Ok(());
    }
    if let Some(signal) = guard.received() {
        // The fix is complete and staged: keep it, and stop as the signal asked.
        report
            .fixed
            .extend(changed.into_iter().map(|f| (f, tool.fixer.clone())));
        return Err(Failure::Interrupted(signal));
    }
    report
        .fixed
        .extend(changed.into_iter().map(|f| (f, tool.fixer.clone())));
    Ok(())
}

/// The blob ids `files` have in the index the hook was given and in the real index (they
/// differ for `git commit <path>`), recorded with the backup so that a later run can tell
/// whether anything was staged for them since. Best effort: none recorded on a git error.
fn staged_ids(request: &Request<'_>, files: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let real = request.scratch_parent.join("index");
    let files: Vec<String> = files.iter().map(|f| (*f).to_owned()).collect();
    for index in request.restage_index.iter().chain(std::iter::once(&real)) {
        let Ok(out) = git_out(
            request.root,
            index,
            &["ls-files", "-s", "-z", "--"],
            &files,
            None,
        ) else {
            continue;
        };
        for entry in out.split('\0') {
            // `<mode> <id> <stage>\t<path>`
            if let Some((meta, path)) = entry.split_once('\t')
                && let Some(id) = meta.split(' ').nth(1)
            {
                let known = ids.entry(path.to_owned()).or_default();
                if !known.iter().any(|k| k == id) {
                    known.push(id.to_owned());
                }
            }
        }
    }
    ids
}

enum FixFailure {
    Crashed { status: String, output: String },
    Interrupted(i32),
    Io(LintError),
}

fn apply_fixer(request: &Request<'_>, tool: &Tool, files: &[&str]) -> Result<(), FixFailure> {
    match &tool.invocation {
        Invocation::Files { fix: Some(fix), .. } => {
            let command = tools::with_files(fix, files);
            let done = run_tool(request, &command, request.root, None).map_err(FixFailure::Io)?;
            finished_fix(tool, &done, done.combined().as_bytes())?;
            // A fixer rewrites files; one that removed a file it was given did not fix it.
            match files.iter().find(|f| !request.root.join(f).is_file()) {
                Some(gone) => Err(crashed(
                    format!("{}, but {gone} is gone", status_text(&done)),
                    done.combined().as_bytes(),
                )),
                None => Ok(()),
            }
        }
        Invocation::Files { fix: None, .. } => Ok(()),
        Invocation::StdinLinter { fix, .. } => {
            for file in files {
                let command = tools::with_file(fix, file);
                stdin_fix(request, tool, file, &command)?;
            }
            Ok(())
        }
        Invocation::StdinFormatter { format } => {
            for file in files {
                stdin_fix(request, tool, file, format)?;
            }
            Ok(())
        }
    }
}

/// Accepts a fixer's run only when it exited 0 or with one of the tool's "fixed, findings
/// remain" codes; a signal (also through `sh -c`), a timeout or any other exit refuses it.
/// `output` is what is shown of a refused run.
fn finished_fix(tool: &Tool, done: &process::Finished, output: &[u8]) -> Result<(), FixFailure> {
    if let Some(signal) = done.interrupted {
        return Err(FixFailure::Interrupted(signal));
    }
    let accepted = !done.timed_out()
        && done.killed_by().is_none()
        && done
            .code()
            .is_some_and(|code| code == 0 || tool.fix_ok_codes.contains(&code));
    if accepted {
        Ok(())
    } else {
        Err(crashed(status_text(done), output))
    }
}

fn crashed(status: String, output: &[u8]) -> FixFailure {
    let text = String::from_utf8_lossy(output);
    FixFailure::Crashed {
        status,
        output: crate::secrets::redact(&text).into_owned(),
    }
}

/// Feeds the work-tree file to a stdin-to-stdout fixer and writes the result back only
/// when the fixer finished normally and produced different, non-empty content.
fn stdin_fix(
    request: &Request<'_>,
    tool: &Tool,
    file: &str,
    command: &str,
) -> Result<(), FixFailure> {
    let path = request.root.join(file);
    let content =
        std::fs::read(&path).map_err(|e| FixFailure::Io(io(format!("read {file}"))(e)))?;
    let done = run_tool(request, command, request.root, Some(&content)).map_err(FixFailure::Io)?;
    // A formatter that could not parse the file exits non-zero (below 128) and prints
    // nothing useful: the file stays, and the check reports the parse error.
    if matches!(tool.invocation, Invocation::StdinFormatter { .. })
        && !done.timed_out()
        && done.interrupted.is_none()
        && done.killed_by().is_none()
        && done.code().is_some_and(|c| c != 0)
        && !tool_failed(tool, &done)
    {
        return Ok(());
    }
    finished_fix(tool, &done, &done.stderr)?;
    // The output replaces the whole file: a cut one is not the file.
    if done.stdout_cut {
        return Err(crashed(
            format!(
                "{}, but it printed more than {} bytes for {file}",
                status_text(&done),
                process::STDOUT_CAP
            ),
            &done.stderr,
        ));
    }
    // The output replaces the whole file: nothing for something is never a fix.
    if done.stdout.is_empty() && !content.is_empty() {
        return Err(crashed(
            format!("{}, but it printed nothing for {file}", status_text(&done)),
            &done.stderr,
        ));
    }
    if done.stdout != content {
        crate::infra::fsx::replace_keeping_mode(&path, &done.stdout)
            .map_err(|e| FixFailure::Io(io(format!("write the fixed {file}"))(e)))?;
    }
    Ok(())
}

/// Stages exactly the fixed content of `files` into `index`, keeping each entry's mode as
/// the index has it (an unstaged `chmod +x` stays unstaged). For the path-commit form
/// (`git commit <path>`, `--only`) git gives the hook a temporary `next-index-*` and
/// commits the real index (`index.lock`, held by git) afterwards: the fix goes there too,
/// or the next commit would revert it. The error is git's output.
fn restage(root: &Path, index: &Path, files: &[String]) -> Result<(), String> {
    let ids = git_out(root, index, &["hash-object", "-w", "--"], files, None)?;
    let ids: Vec<&str> = ids.split_whitespace().collect();
    if ids.len() != files.len() {
        return Err("git hash-object printed an unexpected answer".into());
    }
    let mut indexes = vec![index.to_path_buf()];
    let partial = index
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("next-index-"));
    if let Some(real) = index.parent().map(|d| d.join("index.lock"))
        && partial
        && real.is_file()
    {
        indexes.push(real);
    }
    for target in &indexes {
        let mut info = String::new();
        for (file, id) in files.iter().zip(&ids) {
            let mode = index_mode(root, target, file)?.unwrap_or_else(|| "100644".into());
            info.push_str(&format!("{mode} {id}\t{file}\n"));
        }
        git_out(
            root,
            target,
            &["update-index", "--index-info"],
            &[],
            Some(info.as_bytes()),
        )?;
    }
    Ok(())
}

/// The mode of `file`'s entry in `index` (`None`: no entry).
fn index_mode(root: &Path, index: &Path, file: &str) -> Result<Option<String>, String> {
    let out = git_out(
        root,
        index,
        &["ls-files", "-s", "--"],
        &[file.to_owned()],
        None,
    )?;
    Ok(out.split_whitespace().next().map(str::to_owned))
}

/// Runs git with `GIT_INDEX_FILE=index`; its standard output, or its error output.
fn git_out(
    root: &Path,
    index: &Path,
    args: &[&str],
    files: &[String],
    stdin: Option<&[u8]>,
) -> Result<String, String> {
    use std::io::Write;
    let mut child = crate::git::git_command()
        .args(args)
        .args(files)
        .current_dir(root)
        .env(crate::infra::env::GIT_INDEX_FILE, index)
        .stdin(if stdin.is_some() {
            std::process::Stdio::piped()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if let (Some(mut pipe), Some(data)) = (child.stdin.take(), stdin) {
        pipe.write_all(data)
            .map_err(|e| format!("cannot talk to git: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
