//! Where git runs hooks from. Git itself is asked (`git rev-parse --git-path hooks` and
//! `git config --show-scope --get core.hooksPath`): it applies the whole precedence chain
//! (worktree and local config, includes, linked worktrees, `-c`, `GIT_CONFIG_*`), which is
//! exactly what decides whether a shim ever runs. Only install, uninstall and status call
//! this; the commit path never does.

use super::{GitError, HooksDir, HooksPathSource};
use std::path::Path;
use std::process::Command;

fn git(workdir: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .current_dir(workdir)
        .args(args)
        .output()
        .map_err(|source| GitError::Gix {
            context: "cannot run git to locate the hooks directory".into(),
            source: Box::new(source),
        })
}

/// Resolves the hooks directory of the work tree at `workdir`.
pub fn resolve(workdir: &Path) -> Result<HooksDir, GitError> {
    let scope = git(
        workdir,
        &["config", "--show-scope", "--get", "core.hooksPath"],
    )?;
    let (source, configured) = parse_scope(&String::from_utf8_lossy(&scope.stdout));
    if configured.as_deref().is_some_and(|v| v.trim().is_empty()) {
        return Err(GitError::Gix {
            context: "core.hooksPath is set to an empty value; git would run hooks from the work tree root".into(),
            source: "unset it with `git config --unset core.hooksPath` or give it a directory".into(),
        });
    }
    let out = git(workdir, &["rev-parse", "--git-path", "hooks"])?;
    if !out.status.success() {
        return Err(GitError::Gix {
            context: "`git rev-parse --git-path hooks` failed".into(),
            source: String::from_utf8_lossy(&out.stderr)
                .trim()
                .to_owned()
                .into(),
        });
    }
    let printed = String::from_utf8_lossy(&out.stdout)
        .trim_end_matches(['\n', '\r'])
        .to_owned();
    let path = workdir.join(printed);
    Ok(HooksDir {
        path,
        source,
        configured,
    })
}

fn parse_scope(output: &str) -> (HooksPathSource, Option<String>) {
    let Some(line) = output.lines().last() else {
        return (HooksPathSource::Default, None);
    };
    let (scope, value) = line.split_once('\t').unwrap_or((line, ""));
    let source = match scope {
        "local" => HooksPathSource::Local,
        "worktree" => HooksPathSource::Worktree,
        "global" => HooksPathSource::Global,
        "system" => HooksPathSource::System,
        _ => HooksPathSource::Override,
    };
    (source, Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_map_to_sources() {
        assert_eq!(parse_scope(""), (HooksPathSource::Default, None));
        assert_eq!(
            parse_scope("local\t.githooks\n"),
            (HooksPathSource::Local, Some(".githooks".into()))
        );
        assert_eq!(parse_scope("global\t/x\n").0, HooksPathSource::Global);
        assert_eq!(parse_scope("command\t/x\n").0, HooksPathSource::Override);
    }
}
