//! Parsers of their own for the command lines run on every commit or tool call — the
//! shims' `pactkit hooks run <hook> …`, `pactkit commit-msg FILE…` and the agent hook's
//! `pactkit hooks agent run <tool>` — so they do not pay for building (and dropping)
//! clap's whole command tree, which is about half of a `commit-msg` run's instructions.
//!
//! Invariant: a fast parser either returns exactly the [`Cli`] clap would build, or
//! `None`, and then clap parses the line (so help, errors and every other shape behave and
//! read the same). Anything unusual — an option it does not know, `--flag=value`, a value
//! that is empty or starts with `-`, a repeated option, a non-UTF-8 number — is `None`.

use super::{Cli, Command, GlobalArgs, commit_msg, hooks};
use crate::gates::report::ReportFormat;
use crate::githooks::HookType;
use crate::infra::output::ColorChoice;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// The [`Cli`] of `args` (program name first) when one of the fast parsers takes it.
pub(super) fn parse(args: &[OsString]) -> Option<Cli> {
    match args.get(1)?.to_str()? {
        "commit-msg" => commit_msg(&args[2..]),
        "hooks" if args.get(2)? == "run" => hooks_run(&args[3..]).or_else(|| hooks_run_clap(args)),
        "hooks" if args.get(2)? == "agent" && args.get(3)? == "run" => agent_run(&args[4..]),
        _ => None,
    }
}

/// The global options as clap fills them when none is given.
fn default_global() -> GlobalArgs {
    GlobalArgs {
        color: ColorChoice::Auto,
        quiet: false,
        directory: None,
    }
}

/// A value clap would take as it is: not empty (clap refuses an empty path) and not
/// starting with `-` (an option, `--`, or `-`, which are left to clap).
fn plain(arg: &OsStr) -> Option<&OsStr> {
    let first = *arg.as_encoded_bytes().first()?;
    (first != b'-').then_some(arg)
}

/// `commit-msg [FILE]…` with nothing but message files (none: stdin).
fn commit_msg(rest: &[OsString]) -> Option<Cli> {
    let files = rest
        .iter()
        .map(|arg| plain(arg).map(PathBuf::from))
        .collect::<Option<Vec<_>>>()?;
    Some(Cli {
        global: default_global(),
        command: Command::CommitMsg(commit_msg::CommitMsgArgs {
            files,
            format: super::Format::Text,
            from: None,
            to: None,
        }),
    })
}

/// `hooks run <hook> [--shim-version N] [--hook-dir DIR] [-- GIT_ARG…]`: what the shims run.
fn hooks_run(rest: &[OsString]) -> Option<Cli> {
    let (hook, mut rest) = rest.split_first()?;
    let hook = <HookType as clap::ValueEnum>::from_str(plain(hook)?.to_str()?, false).ok()?;
    let mut shim_version = None;
    let mut hook_dir = None;
    let git_args = loop {
        match rest {
            [] => break Vec::new(),
            [dashes, tail @ ..] if dashes == "--" => break tail.to_vec(),
            [flag, value, tail @ ..] if flag == "--shim-version" && shim_version.is_none() => {
                shim_version = Some(number(value)?);
                rest = tail;
            }
            [flag, value, tail @ ..] if flag == "--hook-dir" && hook_dir.is_none() => {
                hook_dir = Some(PathBuf::from(plain(value)?));
                rest = tail;
            }
            _ => return None,
        }
    };
    // Git never passes an empty argument to these hooks; leave the odd case to clap.
    if git_args.iter().any(|arg| arg.is_empty()) {
        return None;
    }
    Some(hooks_cli(
        default_global(),
        hooks::RunArgs {
            hook,
            shim_version,
            hook_dir,
            format: ReportFormat::Text,
            git_args,
        },
    ))
}

/// A shim version: ASCII digits that fit a `u32` (anything else is clap's to report).
fn number(value: &OsStr) -> Option<u32> {
    let text = value.to_str()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `hooks agent run <tool>`: what the installed agent hooks run, before every tool call.
fn agent_run(rest: &[OsString]) -> Option<Cli> {
    let [tool] = rest else { return None };
    let tool =
        <crate::agenthooks::Tool as clap::ValueEnum>::from_str(plain(tool)?.to_str()?, false)
            .ok()?;
    Some(Cli {
        global: default_global(),
        command: Command::Hooks(hooks::HooksCommand::Agent(
            super::agent_hooks::AgentCommand::Run(super::agent_hooks::AgentRunArgs { tool }),
        )),
    })
}

fn hooks_cli(global: GlobalArgs, args: hooks::RunArgs) -> Cli {
    Cli {
        global,
        command: Command::Hooks(hooks::HooksCommand::Run(args)),
    }
}

/// Every other `hooks run` line (`--format`, `-q`, `-C`, `--flag=value`) through a parser
/// for that one subcommand: still far cheaper than the whole tree. Help and errors
/// return `None`, so clap's full parser prints them.
fn hooks_run_clap(args: &[OsString]) -> Option<Cli> {
    use clap::{Args, FromArgMatches};
    let parser = GlobalArgs::augment_args(hooks::RunArgs::augment_args(clap::Command::new("run")));
    let matches = parser.try_get_matches_from(&args[2..]).ok()?;
    Some(hooks_cli(
        GlobalArgs::from_arg_matches(&matches).ok()?,
        hooks::RunArgs::from_arg_matches(&matches).ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn os_args(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// The fast parser took `args` and built what clap builds.
    fn assert_same(args: &[&str]) {
        let fast = parse(&os_args(args)).unwrap_or_else(|| panic!("fast path not taken: {args:?}"));
        let full = Cli::try_parse_from(os_args(args)).expect("full parse");
        assert_eq!(format!("{fast:?}"), format!("{full:?}"), "{args:?}");
    }

    #[test]
    fn agent_run_lines_parse_exactly_like_the_full_parser() {
        for tool in ["claude", "codex", "opencode"] {
            assert_same(&["pactkit", "hooks", "agent", "run", tool]);
        }
        for args in [
            &["pactkit", "hooks", "agent", "run"][..],
            &["pactkit", "hooks", "agent", "run", "vim"],
            &["pactkit", "hooks", "agent", "run", "claude", "x"],
            &["pactkit", "hooks", "agent", "run", "--help"],
        ] {
            assert!(parse(&os_args(args)).is_none(), "{args:?}");
        }
    }

    #[test]
    fn commit_msg_lines_parse_exactly_like_the_full_parser() {
        for args in [
            &["pactkit", "commit-msg", ".git/COMMIT_EDITMSG"][..],
            &["pactkit", "commit-msg"],
            &["pactkit", "commit-msg", "a.txt", "dir/b.txt", "help"],
            &["pactkit", "commit-msg", "/abs/msg with spaces"],
        ] {
            assert_same(args);
        }
    }

    #[test]
    fn hooks_run_lines_parse_exactly_like_the_full_parser() {
        for args in [
            &["pactkit", "hooks", "run", "pre-commit"][..],
            &["pactkit", "hooks", "run", "pre-commit", "--"],
            &[
                "pactkit",
                "hooks",
                "run",
                "commit-msg",
                "--shim-version",
                "1",
                "--hook-dir",
                "/x/hooks",
                "--",
                ".git/COMMIT_EDITMSG",
            ],
            &[
                "pactkit",
                "hooks",
                "run",
                "pre-push",
                "--hook-dir",
                ".git/hooks",
                "--shim-version",
                "007",
                "--",
                "origin",
                "-not-an-option",
                "--",
            ],
            // Not the shim's shape: clap takes these.
            &[
                "pactkit",
                "hooks",
                "run",
                "pre-commit",
                "-q",
                "--color",
                "never",
                "-C",
                "sub",
                "--format",
                "json",
            ],
            &[
                "pactkit",
                "hooks",
                "run",
                "commit-msg",
                "--shim-version=2",
                "--",
                "m",
            ],
        ] {
            assert_same(args);
        }
    }

    #[test]
    fn help_errors_and_other_commands_are_left_to_the_full_parser() {
        for args in [
            &["pactkit", "commit-msg", "--help"][..],
            &["pactkit", "commit-msg", "-h"],
            &["pactkit", "commit-msg", "-"],
            &["pactkit", "commit-msg", ""],
            &["pactkit", "commit-msg", "msg", "--format", "json"],
            &["pactkit", "commit-msg", "--from", "a", "--to", "b"],
            &["pactkit", "commit-msg", "--bogus"],
            &["pactkit", "-q", "commit-msg", "msg"],
            &["pactkit", "hooks", "run", "--help"],
            &["pactkit", "hooks", "run", "post-commit"],
            &["pactkit", "hooks", "run", "PRE-COMMIT"],
            &["pactkit", "hooks", "run"],
            &[
                "pactkit",
                "hooks",
                "run",
                "pre-commit",
                "--shim-version",
                "x",
            ],
            &[
                "pactkit",
                "hooks",
                "run",
                "pre-commit",
                "--shim-version",
                "-1",
            ],
            &[
                "pactkit",
                "hooks",
                "run",
                "pre-commit",
                "--shim-version",
                "99999999999",
            ],
            &[
                "pactkit",
                "hooks",
                "run",
                "pre-commit",
                "--shim-version",
                "1",
                "--shim-version",
                "1",
            ],
            &["pactkit", "hooks", "run", "pre-commit", "--hook-dir", ""],
            &["pactkit", "hooks", "run", "pre-commit", "--hook-dir"],
            &["pactkit", "hooks", "run", "pre-commit", "stray"],
            &["pactkit", "hooks", "status"],
            &["pactkit", "-q", "hooks", "run", "pre-commit"],
            &["pactkit", "version"],
        ] {
            assert!(parse(&os_args(args)).is_none(), "{args:?}");
        }
    }

    #[test]
    fn an_empty_git_argument_is_left_to_clap() {
        assert!(hooks_run(&os_args(&["commit-msg", "--", ""])).is_none());
    }
}
