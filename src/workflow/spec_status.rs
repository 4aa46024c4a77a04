//! The status of a spec: the three statuses and rewriting the metadata
//! table's `| Status | … |` row in place. Pure text in, text out; the command does the I/O.
//!
//! The row rewritten is the metadata table's own `Status` row (`spec::metadata_table`,
//! outside code fences), the one the spec gate reads: a later table with a `Status`
//! column is left alone. PactKit rewrites the first `| Status |` match anywhere, fenced
//! examples included. Only that line changes: it becomes `| Status | <New> |` followed by
//! whatever came after the value cell.

use crate::workflow::spec::{self, SpecDoc};
use std::borrow::Cow;

/// A spec status (PactKit's `VALID_STATUSES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `Draft`
    Draft,
    /// `In Progress`
    InProgress,
    /// `Done`
    Done,
}

impl Status {
    /// The spelling in the metadata table.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::InProgress => "In Progress",
            Status::Done => "Done",
        }
    }
}

/// Why the status cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    /// No `| Field | Value |` table at all.
    #[error("no metadata table (`| Field | Value |`)")]
    NoTable,
    /// A table but no `Status` row.
    #[error("no Status row in the metadata table")]
    NoStatusRow,
    /// The row spans lines or is otherwise not a plain `| Status | value |` line.
    #[error("the Status row on line {0} is not a single `| Status | value |` line")]
    Unrewritable(u32),
}

/// What setting the status did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The value before (trimmed cell text).
    pub old: String,
    /// The new text, or `None` when the status already was the requested one.
    pub text: Option<String>,
    /// 1-based line of the row.
    pub line: u32,
}

/// Sets the status in `text` (`\n` line endings).
pub fn set_status(text: &str, new: Status) -> Result<StatusChange, StatusError> {
    let doc = SpecDoc::from_text(Cow::Borrowed(text));
    let meta = spec::metadata_table(doc.stripped()).ok_or(StatusError::NoTable)?;
    let row = meta
        .rows
        .iter()
        .rev()
        .find(|r| r.name == "Status")
        .ok_or(StatusError::NoStatusRow)?;
    let old = row.value.to_owned();
    if old == new.as_str() {
        return Ok(StatusChange {
            old,
            text: None,
            line: row.line,
        });
    }
    let index = usize::try_from(row.line.saturating_sub(1)).unwrap_or(usize::MAX);
    let mut lines: Vec<&str> = text.split('\n').collect();
    let target = lines
        .get(index)
        .ok_or(StatusError::Unrewritable(row.line))?;
    let tail = status_row_tail(target).ok_or(StatusError::Unrewritable(row.line))?;
    let rewritten = format!("| Status | {} |{tail}", new.as_str());
    lines[index] = &rewritten;
    Ok(StatusChange {
        old,
        text: Some(lines.join("\n")),
        line: row.line,
    })
}

/// For a line `|<ws>Status<ws>|<value>|<tail>`, the tail after the value cell.
fn status_row_tail(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('|')?;
    let (name, rest) = rest.split_once('|')?;
    if name.trim() != "Status" {
        return None;
    }
    let (value, tail) = rest.split_once('|')?;
    (!value.trim().is_empty()).then_some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "# STORY-001: X\n\n| Field | Value |\n|-------|-------|\n| ID | STORY-001 |\n|  Status  |  Draft   |\n| Release | TBD |\n\nbody | Status | x |\n";

    #[test]
    fn rewrites_only_the_status_line() {
        let change = set_status(SPEC, Status::InProgress).expect("set");
        assert_eq!(change.old, "Draft");
        assert_eq!(change.line, 6);
        assert_eq!(
            change.text.as_deref(),
            Some(
                SPEC.replace("|  Status  |  Draft   |", "| Status | In Progress |")
                    .as_str()
            )
        );
    }

    #[test]
    fn same_status_is_no_change() {
        let text = SPEC.replace("Draft", "Done");
        let change = set_status(&text, Status::Done).expect("set");
        assert_eq!(change.text, None);
    }

    #[test]
    fn keeps_extra_cells_and_ignores_fenced_rows() {
        let text = "| Field | Value |\n|---|---|\n| Status | Draft | note |\n```\n| Status | Done |\n```\n";
        let change = set_status(text, Status::Done).expect("set");
        assert_eq!(
            change.text.as_deref(),
            Some(
                "| Field | Value |\n|---|---|\n| Status | Done | note |\n```\n| Status | Done |\n```\n"
            )
        );
    }

    #[test]
    fn a_later_table_with_a_status_column_is_left_alone() {
        let text = "# X\n\n| Field | Value |\n|---|---|\n| Status | Draft |\n| Release | 1.0 |\n\n\
                    ## Rollout\n\n| Status | Meaning |\n|---|---|\n| Done | shipped |\n";
        let change = set_status(text, Status::InProgress).expect("set");
        assert_eq!(change.old, "Draft");
        assert_eq!(change.line, 5);
        assert_eq!(
            change.text.as_deref(),
            Some(
                text.replace("| Status | Draft |", "| Status | In Progress |")
                    .as_str()
            )
        );
    }

    #[test]
    fn missing_table_or_row_is_an_error() {
        assert_eq!(
            set_status("# x\n| Status | Draft |\n", Status::Done),
            Err(StatusError::NoTable)
        );
        assert_eq!(
            set_status("| Field | Value |\n|---|---|\n| ID | S |\n", Status::Done),
            Err(StatusError::NoStatusRow)
        );
    }
}
