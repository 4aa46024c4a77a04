//! What a CI run judges, read from the CI system: GitHub Actions (the event payload at
//! `GITHUB_EVENT_PATH`) and GitLab CI (its `CI_*` variables). The result names the two ends
//! of the range and the branches involved; [`crate::gates::history`] judges it.

use crate::infra::env;
use crate::infra::error::{Error, Result};
use serde_json::Value;

/// A CI event, reduced to what the gates need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiEvent {
    /// `github` or `gitlab`.
    pub provider: &'static str,
    /// A push or a pull/merge request.
    pub kind: CiKind,
    /// The repository's default branch, when the CI system says.
    pub default_branch: Option<String>,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiKind {
    /// Commits pushed to a ref.
    Push {
        /// The ref's previous tip; `None` when the push created the ref.
        before: Option<String>,
        /// The ref's new tip; `None` when the push deleted it.
        after: Option<String>,
        /// The branch pushed to (`None` for a tag or another kind of ref).
        branch: Option<String>,
    },
    /// A pull (merge) request, or a merge queue entry.
    PullRequest {
        /// The target branch's commit the request is judged against.
        base_sha: String,
        /// The request's head commit.
        head_sha: String,
        /// The target branch.
        base_ref: String,
        /// The source branch.
        head_ref: Option<String>,
    },
}

/// Reads the CI environment.
pub fn detect() -> Result<CiEvent> {
    if env::var(env::GITHUB_ACTIONS).as_deref() == Some("true") {
        return github();
    }
    if env::var(env::GITLAB_CI).as_deref() == Some("true") {
        return Ok(gitlab());
    }
    Err(Error::usage(
        "--ci: no CI environment found (GITHUB_ACTIONS or GITLAB_CI is not set to true)",
    )
    .hint("outside CI, name the range: `pactkit check --from-ref BASE --to-ref HEAD`"))
}

fn github() -> Result<CiEvent> {
    let name = env::var(env::GITHUB_EVENT_NAME).unwrap_or_default();
    let payload = match env::var(env::GITHUB_EVENT_PATH) {
        Some(path) => read_payload(&path)?,
        None => Value::Null,
    };
    let default_branch = text(&payload, &["repository", "default_branch"]);
    let kind = match name.as_str() {
        "pull_request" | "pull_request_target" => pull_request(&payload, "pull_request")?,
        "merge_group" => merge_group(&payload)?,
        _ => github_push(&payload),
    };
    Ok(CiEvent {
        provider: "github",
        kind,
        default_branch,
    })
}

fn read_payload(path: &str) -> Result<Value> {
    let bytes = crate::infra::readlimit::read_file(
        std::path::Path::new(path),
        crate::infra::readlimit::CI_EVENT,
    )
    .map_err(|e| {
        Error::environment(format!("cannot read the GitHub event payload {path}")).caused_by(e)
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::environment(format!("the GitHub event payload {path} is not JSON")).caused_by(e)
    })
}

fn text(value: &Value, path: &[&str]) -> Option<String> {
    let mut current = value;
    for key in path {
        current = current.get(key)?;
    }
    current
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn required(value: &Value, path: &[&str]) -> Result<String> {
    text(value, path).ok_or_else(|| {
        Error::environment(format!(
            "the CI event has no `{}`",
            path.join(".")
        ))
        .hint("run `actions/checkout` on a pull_request, push or merge_group event, or pass --from-ref/--to-ref")
    })
}

fn pull_request(payload: &Value, key: &str) -> Result<CiKind> {
    Ok(CiKind::PullRequest {
        base_sha: required(payload, &[key, "base", "sha"])?,
        head_sha: required(payload, &[key, "head", "sha"])?,
        base_ref: required(payload, &[key, "base", "ref"])?,
        head_ref: text(payload, &[key, "head", "ref"]),
    })
}

fn merge_group(payload: &Value) -> Result<CiKind> {
    let base_ref = required(payload, &["merge_group", "base_ref"])?;
    Ok(CiKind::PullRequest {
        base_sha: required(payload, &["merge_group", "base_sha"])?,
        head_sha: required(payload, &["merge_group", "head_sha"])?,
        base_ref: branch_name(&base_ref).unwrap_or(base_ref),
        head_ref: None,
    })
}

fn github_push(payload: &Value) -> CiKind {
    let full_ref = text(payload, &["ref"]).or_else(|| env::var(env::GITHUB_REF));
    let after = text(payload, &["after"]).or_else(|| env::var(env::GITHUB_SHA));
    CiKind::Push {
        before: text(payload, &["before"]).filter(|s| !is_zero(s)),
        after: after.filter(|s| !is_zero(s)),
        branch: full_ref.as_deref().and_then(branch_name),
    }
}

fn gitlab() -> CiEvent {
    let var = |name: &str| env::var(name).filter(|v| !v.is_empty());
    let default_branch = var(env::CI_DEFAULT_BRANCH);
    let kind = if var(env::CI_PIPELINE_SOURCE).as_deref() == Some("merge_request_event") {
        CiKind::PullRequest {
            base_sha: var(env::CI_MERGE_REQUEST_DIFF_BASE_SHA).unwrap_or_default(),
            head_sha: var(env::CI_MERGE_REQUEST_SOURCE_BRANCH_SHA)
                .or_else(|| var(env::CI_COMMIT_SHA))
                .unwrap_or_default(),
            base_ref: var(env::CI_MERGE_REQUEST_TARGET_BRANCH_NAME).unwrap_or_default(),
            head_ref: var(env::CI_MERGE_REQUEST_SOURCE_BRANCH_NAME),
        }
    } else {
        CiKind::Push {
            before: var(env::CI_COMMIT_BEFORE_SHA).filter(|s| !is_zero(s)),
            after: var(env::CI_COMMIT_SHA),
            branch: var(env::CI_COMMIT_BRANCH),
        }
    };
    CiEvent {
        provider: "gitlab",
        kind,
        default_branch,
    }
}

/// `refs/heads/x` → `x`; other refs are not branches.
fn branch_name(full: &str) -> Option<String> {
    full.strip_prefix("refs/heads/").map(str::to_owned)
}

fn is_zero(sha: &str) -> bool {
    !sha.is_empty() && sha.bytes().all(|b| b == b'0')
}
