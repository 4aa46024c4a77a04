//! The lint engine behind `pactkit lint` and the `lint` gate: runs each stack's linter on
//! a list of files, judging the content given (the staged blob) rather than the work tree,
//! and optionally fixes the files whose work tree equals that content.
//!
//! Invariants (the "no user work is lost" guarantee):
//! - A file whose work-tree content differs from the judged content (partially staged) is
//!   linted through stdin or a copy in the scratch directory and is never written.
//! - Before any fixer runs, every file it may touch is backed up (in memory and in the
//!   scratch directory). A fix is accepted only when the fixer exits 0 or with one of the
//!   tool's "fixed, findings remain" statuses ([`Tool::fix_ok_codes`]), was not killed by a
//!   signal (also seen through `sh -c` as 128 + N), did not time out, left every file it
//!   was given in place, and (stdin fixers) printed something for a non-empty file.
//!   Anything else, a failed re-staging, or a termination signal restores every
//!   backed-up file that changed. Termination signals are held off while a linter runs
//!   ([`process`]) and reported once the files are back ([`LintError::Interrupted`]); the
//!   caller prints its report and then ends the process with the signal.
//! - Only files the fixer actually changed are staged again: their exact content with the
//!   mode the index already has, into the index the hook was given (`GIT_INDEX_FILE`) and,
//!   for `git commit <path>` / `--only`, also into the real index git commits afterwards.
//! - All tools are resolved before anything is fixed: a missing linter that fails the run
//!   ([`MissingTools::Fail`]) changes nothing; one that is only reported
//!   ([`MissingTools::Report`]) leaves its stack's files alone.

mod fix;
pub mod leftover;
pub mod process;
mod scratch;
pub mod tools;

use crate::config::LintGateConfig;
use scratch::Scratch;
pub use scratch::{ROOT_CONFIG_CANDIDATES, is_config_name};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tools::{Invocation, LintStack, Tool};

/// One file to lint.
#[derive(Debug, Clone)]
pub struct Target {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// The content to judge when it differs from the work tree (a partially staged file);
    /// `None`: the work-tree file is the content to judge.
    pub staged: Option<Vec<u8>>,
    /// The repository path is not UTF-8: `path` is its escaped form (`\xNN`), the file is
    /// judged from `staged` only (a copy under that name) and never fixed.
    pub name_not_utf8: bool,
}

/// The staged linter configuration files directly inside a directory (`""`: the root),
/// as (repository path, content); used to mirror configuration next to staged copies.
pub type ConfigSource<'a> = &'a dyn Fn(&str) -> Vec<(String, Vec<u8>)>;

/// What to lint and how.
pub struct Request<'a> {
    /// The work tree root; linters run here.
    pub root: &'a Path,
    /// Where the scratch directory goes (the git directory).
    pub scratch_parent: &'a Path,
    /// The files; files of no known stack are ignored.
    pub targets: Vec<Target>,
    /// Run the fixers on the files whose work tree is the judged content.
    pub fix: bool,
    /// Stage fixed files again into this index file (`None`: leave the index alone).
    pub restage_index: Option<PathBuf>,
    /// `gates.lint`.
    pub settings: &'a LintGateConfig,
    /// Staged configuration files, for linting staged copies.
    pub configs: ConfigSource<'a>,
    /// What a linter that is not installed does to the run.
    pub missing: MissingTools,
}

/// What a linter that is not installed does to the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingTools {
    /// The run fails with [`LintError::ToolMissing`] before anything runs.
    Fail,
    /// Its stack is skipped and listed in [`Report::missing`]; the other stacks are linted.
    Report,
}

/// A linter that is not installed, and how to install it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingTool {
    /// The program looked for.
    pub program: String,
    /// How to install it.
    pub install: String,
    /// The stack it serves.
    pub stack: LintStack,
    /// How many files were left unlinted.
    pub files: usize,
}

/// One thing a linter reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The linter (`ruff`, `rustfmt`, …).
    pub tool: String,
    /// The file, when the report names one.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// The linter's words.
    pub message: String,
}

/// What a lint run found and did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Findings of the check (after fixing, when fixing).
    pub problems: Vec<Problem>,
    /// Files a fixer changed (and that were staged again when asked), with the tool.
    pub fixed: Vec<(String, String)>,
    /// Files left alone by the fixer because their work tree differs from the judged content.
    pub partially_staged: Vec<String>,
    /// Files left alone by the fixer because their names are not UTF-8 (escaped).
    pub unfixable_names: Vec<String>,
    /// Stacks with files but no linter, with their file count.
    pub unlinted: Vec<(LintStack, usize)>,
    /// Files linted.
    pub linted: usize,
    /// The tools that reported a problem their fixer can fix (for hints).
    pub fixable_tools: Vec<String>,
    /// Linters not installed, whose stacks were skipped ([`MissingTools::Report`]).
    pub missing: Vec<MissingTool>,
}

/// Why a lint run could not finish.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The linter's program is not installed.
    #[error("{program} not found on PATH: {install}, or set gates.lint.commands.{stack}")]
    ToolMissing {
        /// The program looked for.
        program: String,
        /// How to install it.
        install: String,
        /// The stack it serves.
        stack: LintStack,
    },
    /// The linter itself failed (crash, configuration error).
    #[error("{tool} failed ({status}){}", detail(.output))]
    ToolFailed {
        /// The linter.
        tool: String,
        /// Its exit status.
        status: String,
        /// What it printed.
        output: String,
    },
    /// The fixer failed; every file it touched was restored.
    #[error("the fixer {tool} failed ({status}); restored {restored} file(s) to their content before the fix{}", detail(.output))]
    FixerFailed {
        /// The linter.
        tool: String,
        /// Its exit status.
        status: String,
        /// How many files were put back.
        restored: usize,
        /// What it printed.
        output: String,
    },
    /// `git add` of the fixed files failed; the files were restored.
    #[error("cannot stage the fixed files again (git add failed); the fixes were undone{}", detail(.output))]
    Restage {
        /// What git printed.
        output: String,
    },
    /// A termination signal arrived while a linter ran; every file is back as it was, or
    /// fixed and staged when the fix had completed. The caller ends the process with it.
    #[error(
        "stopped by {} while a linter ran; no file was left half-fixed",
        crate::infra::child::signal_name(*.signal)
    )]
    Interrupted {
        /// The signal's number.
        signal: i32,
    },
    /// Reading or writing files, or starting a process.
    #[error("cannot {action}: {source}")]
    Io {
        /// What pactkit was doing.
        action: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

fn detail(output: &str) -> String {
    let text = excerpt(output, 12);
    if text.is_empty() {
        String::new()
    } else {
        format!(":\n{text}")
    }
}

fn io(action: impl Into<String>) -> impl FnOnce(std::io::Error) -> LintError {
    let action = action.into();
    move |source| LintError::Io { action, source }
}

enum Failure {
    Error(LintError),
    Interrupted(i32),
}

impl From<LintError> for Failure {
    fn from(err: LintError) -> Failure {
        Failure::Error(err)
    }
}

/// Lints (and fixes) the request's files. A termination signal received while a linter ran
/// is [`LintError::Interrupted`], returned once every file is restored and the scratch
/// directory removed: the caller reports it and then ends the process with that signal.
pub fn run(request: &Request<'_>) -> Result<Report, LintError> {
    let mut scratch = Scratch::new(request.scratch_parent);
    let result = run_in(request, &mut scratch);
    drop(scratch);
    match result {
        Ok(report) => Ok(report),
        Err(Failure::Error(err)) => Err(err),
        Err(Failure::Interrupted(signal)) => Err(LintError::Interrupted { signal }),
    }
}

fn run_in(request: &Request<'_>, scratch: &mut Scratch) -> Result<Report, Failure> {
    let mut by_stack: BTreeMap<LintStack, Vec<&Target>> = BTreeMap::new();
    for target in &request.targets {
        if let Some(stack) = tools::stack_of(&target.path) {
            by_stack.entry(stack).or_default().push(target);
        }
    }
    let mut report = Report::default();
    let mut plan = Vec::new();
    for (stack, targets) in by_stack {
        match tools::resolve(stack, request.root, request.settings) {
            Some(tool) => match require_program(&tool, request.root) {
                Ok(()) => plan.push((tool, targets)),
                Err(LintError::ToolMissing {
                    program,
                    install,
                    stack,
                }) if request.missing == MissingTools::Report => {
                    report.missing.push(MissingTool {
                        program,
                        install,
                        stack,
                        files: targets.len(),
                    });
                }
                Err(err) => return Err(err.into()),
            },
            None => report.unlinted.push((stack, targets.len())),
        }
    }
    for (tool, targets) in &plan {
        if request.fix {
            fix::fix(request, scratch, tool, targets, &mut report)?;
        }
        let before = report.problems.len();
        check(request, scratch, tool, targets, &mut report)?;
        let fixable = report.problems[before..].iter().any(|p| {
            tool.fixable_marker
                .as_ref()
                .is_none_or(|m| p.message.contains(m))
        });
        if fixable && has_fixer(tool) {
            report.fixable_tools.push(tool.name.clone());
        }
        report.linted += targets.len();
    }
    Ok(report)
}

fn has_fixer(tool: &Tool) -> bool {
    !matches!(&tool.invocation, Invocation::Files { fix: None, .. })
}

fn require_program(tool: &Tool, root: &Path) -> Result<(), LintError> {
    let node_bin = root.join("node_modules").join(".bin");
    match process::find_program(&tool.program, &[&node_bin]) {
        Some(_) => Ok(()),
        None => Err(LintError::ToolMissing {
            program: tool.program.clone(),
            install: tool.install.clone(),
            stack: tool.stack,
        }),
    }
}

/// The extra environment of linter processes: `node_modules/.bin` first on `PATH`.
fn tool_env(root: &Path) -> Vec<(&'static str, std::ffi::OsString)> {
    let path = crate::infra::env::var_os(crate::infra::env::PATH).unwrap_or_default();
    let dirs =
        std::iter::once(root.join("node_modules").join(".bin")).chain(std::env::split_paths(&path));
    match std::env::join_paths(dirs) {
        Ok(joined) => vec![("PATH", joined)],
        Err(_) => Vec::new(),
    }
}

fn run_tool(
    request: &Request<'_>,
    command: &str,
    cwd: &Path,
    stdin: Option<&[u8]>,
) -> Result<process::Finished, LintError> {
    let env = tool_env(request.root);
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let timeout = std::time::Duration::from_secs(request.settings.timeout.max(1));
    process::run(command, cwd, stdin, &env, timeout).map_err(io(format!("run `{command}`")))
}

fn status_text(done: &process::Finished) -> String {
    done.describe()
}

/// True when the exit status means the tool failed rather than reported findings.
fn tool_failed(tool: &Tool, done: &process::Finished) -> bool {
    done.timed_out()
        || done.killed_by().is_some()
        || done
            .code()
            .is_none_or(|code| tool.failure_codes.contains(&code))
}

// ---------------------------------------------------------------- checking

fn check(
    request: &Request<'_>,
    scratch: &mut Scratch,
    tool: &Tool,
    targets: &[&Target],
    report: &mut Report,
) -> Result<(), Failure> {
    match &tool.invocation {
        Invocation::Files { check, .. } => {
            check_files(request, scratch, tool, check, targets, report)
        }
        Invocation::StdinLinter {
            check, check_files, ..
        } => {
            let in_place = in_place_paths(targets);
            if !in_place.is_empty() {
                let command = tools::with_files(check_files, &in_place);
                let done = run_tool(request, &command, request.root, None)?;
                collect(tool, &done, &in_place, report)?;
            }
            for target in targets.iter().filter(|t| t.staged.is_some()) {
                let content = judged_content(request.root, target)?;
                let command = tools::with_file(check, &target.path);
                let done = run_tool(request, &command, request.root, Some(&content))?;
                collect(tool, &done, &[target.path.as_str()], report)?;
            }
            Ok(())
        }
        Invocation::StdinFormatter { format } => {
            for target in targets {
                let content = judged_content(request.root, target)?;
                let done = run_tool(request, format, request.root, Some(&content))?;
                if let Some(signal) = done.interrupted {
                    return Err(Failure::Interrupted(signal));
                }
                if tool_failed(tool, &done) {
                    return Err(tool_error(tool, &done).into());
                }
                // A cut output is not the formatted file: no verdict on it either way.
                if done.stdout_cut {
                    return Err(LintError::ToolFailed {
                        tool: tool.name.clone(),
                        status: format!(
                            "{}, but it printed more than {} bytes",
                            status_text(&done),
                            process::STDOUT_CAP
                        ),
                        output: String::from_utf8_lossy(&done.stderr).into_owned(),
                    }
                    .into());
                }
                if done.code() != Some(0) {
                    report.problems.push(Problem {
                        tool: tool.name.clone(),
                        file: Some(target.path.clone()),
                        line: None,
                        message: excerpt(&done.combined().replace("<stdin>", &target.path), 12),
                    });
                } else if done.stdout != content {
                    report.problems.push(Problem {
                        tool: tool.name.clone(),
                        file: Some(target.path.clone()),
                        line: Some(first_difference(&content, &done.stdout)),
                        message: format!("not formatted as {} would format it", tool.name),
                    });
                }
            }
            Ok(())
        }
    }
}

/// The paths of the targets whose work tree is what is judged (linted where they are).
fn in_place_paths<'t>(targets: &[&'t Target]) -> Vec<&'t str> {
    targets
        .iter()
        .filter(|t| t.staged.is_none())
        .map(|t| t.path.as_str())
        .collect()
}

fn judged_content(root: &Path, target: &Target) -> Result<Vec<u8>, LintError> {
    match &target.staged {
        Some(content) => Ok(content.clone()),
        None => std::fs::read(root.join(&target.path)).map_err(io(format!("read {}", target.path))),
    }
}

/// Runs a files-mode check on the work-tree files in place and on the staged copies in a
/// mirror of the repository layout (with the staged configuration files beside them).
fn check_files(
    request: &Request<'_>,
    scratch: &mut Scratch,
    tool: &Tool,
    check: &str,
    targets: &[&Target],
    report: &mut Report,
) -> Result<(), Failure> {
    let in_place = in_place_paths(targets);
    if !in_place.is_empty() {
        let done = run_tool(
            request,
            &tools::with_files(check, &in_place),
            request.root,
            None,
        )?;
        collect(tool, &done, &in_place, report)?;
    }
    let copies: Vec<(&str, &[u8])> = targets
        .iter()
        .filter_map(|t| t.staged.as_deref().map(|c| (t.path.as_str(), c)))
        .collect();
    if copies.is_empty() {
        return Ok(());
    }
    let dir = scratch
        .subdir(&format!("staged-{}", tool.stack))
        .map_err(io("create the staged-copy directory"))?;
    let mut configs = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (path, _) in &copies {
        for ancestor in scratch::ancestor_dirs(path) {
            if seen.insert(ancestor.to_owned()) {
                configs.extend((request.configs)(ancestor));
            }
        }
    }
    scratch::mirror(&dir, &copies, &configs).map_err(io("write the staged copies"))?;
    let files: Vec<&str> = copies.iter().map(|(p, _)| *p).collect();
    let done = run_tool(request, &tools::with_files(check, &files), &dir, None)?;
    let dir_text = format!("{}/", dir.display());
    let mut done = done;
    done.stdout = String::from_utf8_lossy(&done.stdout)
        .replace(&dir_text, "")
        .into_bytes();
    done.stderr = String::from_utf8_lossy(&done.stderr)
        .replace(&dir_text, "")
        .into_bytes();
    collect(tool, &done, &files, report)?;
    Ok(())
}

fn tool_error(tool: &Tool, done: &process::Finished) -> LintError {
    LintError::ToolFailed {
        tool: tool.name.clone(),
        status: status_text(done),
        output: done.combined(),
    }
}

/// Turns a check's result into problems: nothing on exit 0, an error when the tool
/// failed, else `file:line[:col]: message` lines (or the whole output as one problem).
fn collect(
    tool: &Tool,
    done: &process::Finished,
    files: &[&str],
    report: &mut Report,
) -> Result<(), Failure> {
    if let Some(signal) = done.interrupted {
        return Err(Failure::Interrupted(signal));
    }
    if done.code() == Some(0) {
        return Ok(());
    }
    if tool_failed(tool, done) {
        return Err(tool_error(tool, done).into());
    }
    let output = done.combined();
    let mut found = parse_locations(&output, files, &tool.name);
    if found.is_empty() {
        found.push(Problem {
            tool: tool.name.clone(),
            file: (files.len() == 1).then(|| files[0].to_owned()),
            line: None,
            message: match excerpt(&output, 12) {
                text if text.is_empty() => format!("{} failed ({})", tool.name, status_text(done)),
                text => text,
            },
        });
    }
    report.problems.extend(found);
    Ok(())
}

/// `path:line[:col]: message` lines naming one of `files`.
fn parse_locations(output: &str, files: &[&str], tool: &str) -> Vec<Problem> {
    output
        .lines()
        .filter_map(|line| {
            let (file, rest) = line.split_once(':')?;
            let file = file.trim_start_matches("./");
            let file = files.iter().find(|f| **f == file)?;
            let (number, rest) = rest.split_once(':')?;
            let number: u32 = number.trim().parse().ok()?;
            let rest = match rest.split_once(':') {
                Some((col, tail)) if col.trim().parse::<u32>().is_ok() => tail,
                _ => rest,
            };
            Some(Problem {
                tool: tool.to_owned(),
                file: Some((*file).to_owned()),
                line: Some(number),
                message: rest.trim().to_owned(),
            })
        })
        .collect()
}

/// The first `max` non-empty lines of a tool's output, trimmed.
fn excerpt(output: &str, max: usize) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut text = lines
        .iter()
        .take(max)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > max {
        text.push_str(&format!("\n… {} more line(s)", lines.len() - max));
    }
    text
}

/// The 1-based line where two texts first differ.
fn first_difference(a: &[u8], b: &[u8]) -> u32 {
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let line = a[..same].iter().filter(|&&c| c == b'\n').count() + 1;
    u32::try_from(line).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_parsed_for_known_files_only() {
        let output = "a.py:1:8: F401 [*] `os` imported but unused\nb.py:3: E1 bad\nFound 2 errors.\nother.py:1:1: x\n";
        let found = parse_locations(output, &["a.py", "b.py"], "ruff");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, Some(1));
        assert_eq!(found[0].message, "F401 [*] `os` imported but unused");
        assert_eq!(found[1].file.as_deref(), Some("b.py"));
        assert_eq!(found[1].message, "E1 bad");
    }

    #[test]
    fn first_difference_counts_lines() {
        assert_eq!(first_difference(b"a\nb\nc\n", b"a\nb\nX\n"), 3);
        assert_eq!(first_difference(b"x", b"y"), 1);
    }

    #[test]
    fn excerpts_are_capped() {
        assert_eq!(excerpt("a\n\nb\nc\n", 2), "a\nb\n… 1 more line(s)");
    }
}
