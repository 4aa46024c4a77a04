//! Mirroring BUG and HOTFIX work items into GitHub issues through the `gh` command-line
//! tool (PactKit's `issue-sync`), and recording the issue number in the
//! item's spec (`| Issue | #42 |`) so later runs and humans find it.
//!
//! Stories are never synced (PactKit keeps product plans private). Unlike PactKit, an
//! unauthenticated `gh` is reported as such, a found issue is recorded too, and a spec
//! that says Done closes its open issue.

use crate::config::IssueTrackerProvider;
use crate::infra::error::{Error, Result};
use crate::workflow::ids::{WorkItemId, WorkItemKind};
use crate::workflow::text::TextFile;
use serde::Deserialize;
use std::path::Path;
use std::process::Command;

/// What `issue-sync` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum SyncOutcome {
    /// A STORY id: nothing to do.
    SkippedStory,
    /// `issue_tracker.provider` is absent or `none`.
    NotConfigured,
    /// An issue already existed.
    Found {
        /// Its number.
        number: u64,
        /// True when the spec is Done and the issue was closed now.
        closed: bool,
    },
    /// A new issue was created.
    Created {
        /// Its number.
        number: u64,
    },
}

impl SyncOutcome {
    /// PactKit's one-line message.
    pub fn message(&self, id: &str) -> String {
        match self {
            SyncOutcome::SkippedStory => "Issue sync skipped for STORY (IP protection)".into(),
            SyncOutcome::NotConfigured => "Issue tracker not configured or provider is none".into(),
            SyncOutcome::Found {
                number,
                closed: false,
            } => format!("Found existing issue #{number}"),
            SyncOutcome::Found {
                number,
                closed: true,
            } => {
                format!("Found existing issue #{number}; closed it ({id} is Done)")
            }
            SyncOutcome::Created { number } => format!("Created issue #{number}"),
        }
    }
}

#[derive(Debug, Deserialize)]
struct ListedIssue {
    number: u64,
    title: String,
    #[serde(default)]
    state: String,
}

/// Syncs `id` for the project at `root` with `provider` (`issue_tracker.provider`).
pub fn sync(
    root: &Path,
    id: &WorkItemId,
    provider: IssueTrackerProvider,
    specs_dir: &str,
) -> Result<SyncOutcome> {
    if id.kind == WorkItemKind::Story {
        return Ok(SyncOutcome::SkippedStory);
    }
    if provider == IssueTrackerProvider::None {
        return Ok(SyncOutcome::NotConfigured);
    }
    let gh = Gh { root };
    gh.check_ready()?;
    let id_text = id.to_string();
    let spec_path = root.join(specs_dir).join(format!("{id_text}.md"));
    let spec = TextFile::read_optional(&spec_path)?;
    let outcome = match gh.find(&id_text)? {
        Some(issue) => {
            let done = spec.as_ref().is_some_and(|s| status_is_done(&s.text));
            let close = done && issue.state.eq_ignore_ascii_case("open");
            if close {
                gh.run(&[
                    "issue",
                    "close",
                    &issue.number.to_string(),
                    "--comment",
                    &format!("{id_text} is Done."),
                ])?;
            }
            SyncOutcome::Found {
                number: issue.number,
                closed: close,
            }
        }
        None => {
            let title = spec
                .as_ref()
                .and_then(|s| spec_title(&s.text))
                .unwrap_or_default();
            let title = if title.is_empty() {
                id_text.clone()
            } else {
                format!("{id_text}: {title}")
            };
            let body = format!("Spec: {specs_dir}/{id_text}.md\n\nSynced by `pactkit issue-sync`.");
            let url = gh.run(&["issue", "create", "--title", &title, "--body", &body])?;
            SyncOutcome::Created {
                number: number_from_url(&url).ok_or_else(|| {
                    Error::environment(format!(
                        "gh issue create printed no issue URL: `{}`",
                        url.trim()
                    ))
                })?,
            }
        }
    };
    if let (Some(mut spec), SyncOutcome::Found { number, .. } | SyncOutcome::Created { number }) =
        (spec, &outcome)
        && record_issue(&mut spec.text, *number)
    {
        spec.write()?;
    }
    Ok(outcome)
}

struct Gh<'a> {
    root: &'a Path,
}

impl Gh<'_> {
    fn check_ready(&self) -> Result<()> {
        let status = Command::new("gh")
            .args(["auth", "status"])
            .current_dir(self.root)
            .output()
            .map_err(|e| {
                Error::environment("gh CLI unavailable: cannot run `gh`")
                    .caused_by(e)
                    .hint(
                        "install the GitHub CLI (https://cli.github.com), then run `gh auth login`",
                    )
            })?;
        if !status.status.success() {
            return Err(Error::environment("gh is not authenticated with GitHub")
                .caused_by(String::from_utf8_lossy(&status.stderr).trim().to_owned())
                .hint("run `gh auth login`"));
        }
        Ok(())
    }

    fn find(&self, id: &str) -> Result<Option<ListedIssue>> {
        let out = self.run(&[
            "issue",
            "list",
            "--search",
            id,
            "--state",
            "all",
            "--json",
            "number,title,state",
        ])?;
        let issues: Vec<ListedIssue> = serde_json::from_str(&out).map_err(|e| {
            Error::environment("cannot read the issue list gh printed").caused_by(e)
        })?;
        Ok(issues.into_iter().find(|issue| names_id(&issue.title, id)))
    }

    fn run(&self, args: &[&str]) -> Result<String> {
        let out = Command::new("gh")
            .args(args)
            .current_dir(self.root)
            .output()
            .map_err(|e| Error::environment("gh CLI unavailable: cannot run `gh`").caused_by(e))?;
        if !out.status.success() {
            return Err(Error::environment(format!(
                "`gh {}` failed",
                args.first().copied().unwrap_or_default()
            ))
            .caused_by(String::from_utf8_lossy(&out.stderr).trim().to_owned()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Whether `title` holds `id` as a whole token (not `BUG-0012` for `BUG-001`).
fn names_id(title: &str, id: &str) -> bool {
    crate::workflow::ids::find_ids(title).contains(&id)
}

fn number_from_url(text: &str) -> Option<u64> {
    text.split_whitespace()
        .rev()
        .find_map(|word| word.trim_end_matches('/').rsplit('/').next()?.parse().ok())
}

fn status_is_done(spec: &str) -> bool {
    crate::workflow::spec::metadata(spec)
        .and_then(|m| m.get("Status"))
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("done"))
}

fn spec_title(spec: &str) -> Option<String> {
    let line = spec.lines().find(|l| l.starts_with("# "))?;
    Some(
        line.split_once(':')
            .map_or(line[2..].trim(), |(_, t)| t.trim())
            .to_owned(),
    )
}

/// Sets `| Issue | #N |` in the metadata table (replacing an existing Issue row, else after
/// the table's last row). Returns false when there is no table or nothing changed.
fn record_issue(text: &mut String, number: u64) -> bool {
    let row = format!("| Issue | #{number} |");
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(header) = lines.iter().position(|l| is_meta_header(l)) else {
        return false;
    };
    let end = lines[header..]
        .iter()
        .position(|l| !l.trim_start().starts_with('|'))
        .map_or(lines.len(), |n| header + n);
    let existing = (header..end).find(|&i| {
        let cells: Vec<&str> = lines[i].split('|').map(str::trim).collect();
        cells
            .get(1)
            .is_some_and(|c| c.eq_ignore_ascii_case("issue"))
    });
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match existing {
        Some(i) if out[i] == row => return false,
        Some(i) => out[i] = row,
        None => out.insert(end, row),
    }
    *text = out.join("\n");
    true
}

fn is_meta_header(line: &str) -> bool {
    let cells: Vec<String> = line
        .split('|')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    cells.len() >= 4 && cells[1] == "field" && cells[2] == "value"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_the_issue_in_the_metadata_table() {
        let mut text = "# BUG-001: x\n\n| Field | Value |\n|---|---|\n| ID | BUG-001 |\n| Status | Draft |\n\n## Background\n".to_owned();
        assert!(record_issue(&mut text, 42));
        assert!(
            text.contains("| Status | Draft |\n| Issue | #42 |\n\n## Background"),
            "{text}"
        );
        assert!(!record_issue(&mut text, 42));
        assert!(record_issue(&mut text, 43));
        assert!(
            text.contains("| Issue | #43 |") && !text.contains("#42"),
            "{text}"
        );
        assert!(!record_issue(&mut "no table".to_owned(), 1));
    }

    #[test]
    fn issue_numbers_come_from_the_url_and_ids_match_whole() {
        assert_eq!(
            number_from_url("https://github.com/o/r/issues/17\n"),
            Some(17)
        );
        assert_eq!(number_from_url("nothing"), None);
        assert!(names_id("BUG-001: crash", "BUG-001"));
        assert!(!names_id("BUG-0012: other", "BUG-001"));
    }
}
