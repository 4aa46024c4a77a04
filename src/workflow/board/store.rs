//! PactKit 2.27+'s story store: one YAML record per story in `docs/product/stories/`, of
//! which `docs/product/sprint_board.md` is only a rendering (PactKit's `pactkit board
//! render`). pactkit reads the store; it never writes it, and it refuses to edit a board
//! that is rendered from one (the next render would drop the edit).

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Where PactKit 2.27+ keeps its story records.
pub const STORE_DIR: &str = "docs/product/stories";

/// One story record (`docs/product/stories/<ID>.yaml`); unknown keys are PactKit's own.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// The work-item id.
    pub id: String,
    /// The story title.
    pub title: String,
    /// `backlog`, `in_progress`, `verifying`, `done`, `archived`.
    #[serde(default)]
    pub status: String,
    /// The spec file, relative to the project.
    #[serde(default)]
    pub spec_path: Option<String>,
    /// The tasks.
    #[serde(default)]
    pub tasks: Vec<RecordTask>,
}

/// One task of a record.
#[derive(Debug, Clone, Deserialize)]
pub struct RecordTask {
    /// What to do.
    pub title: String,
    /// Ticked.
    #[serde(default)]
    pub completed: bool,
}

/// A record that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: not a PactKit story record: {message}")]
pub struct StoreError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub message: String,
}

/// The `*.yaml` files of the store, sorted; empty when the project has no store.
pub fn files(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root.join(STORE_DIR)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// Every record of the store, sorted by file name.
pub fn records(root: &Path) -> Result<Vec<Record>, StoreError> {
    files(root)
        .into_iter()
        .map(|path| {
            let bytes = crate::infra::readlimit::read_file(&path, crate::infra::readlimit::DOCUMENT)
                .map_err(|e| StoreError {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            let text = String::from_utf8(bytes).map_err(|e| StoreError {
                path: path.clone(),
                message: e.to_string(),
            })?;
            // The YAML parser's work grows with the square of the flow nesting depth.
            if let Some(offset) =
                crate::config::flow_depth_over(&text, crate::config::MAX_FLOW_DEPTH)
            {
                return Err(StoreError {
                    path: path.clone(),
                    message: format!(
                        "flow collections (`[`, `{{`) nested deeper than {} levels at byte {offset}",
                        crate::config::MAX_FLOW_DEPTH
                    ),
                });
            }
            serde_yaml_ng::from_str(&text).map_err(|e| StoreError {
                path: path.clone(),
                message: e.to_string(),
            })
        })
        .collect()
}

impl Record {
    /// The status as `board list` prints it (`IN_PROGRESS`).
    pub fn status_word(&self) -> String {
        if self.status.is_empty() {
            "BACKLOG".to_owned()
        } else {
            self.status.to_ascii_uppercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pactkit_4_record_reads() {
        let text = "schema_version: 1\nid: STORY-bob-20261206517700542739\ntitle: Rate limit\nspec_path: docs/specs/STORY-bob-20261206517700542739.md\nstatus: in_progress\ntasks:\n- id: task-dd5228cffe\n  title: Write tests\n  completed: true\n- id: task-cb70ec2578\n  title: Implement\n  completed: false\ncreated_at: '2026-12-06T06:49:09+00:00'\n";
        let record: Record = serde_yaml_ng::from_str(text).expect("record");
        assert_eq!(record.id, "STORY-bob-20261206517700542739");
        assert_eq!(record.status_word(), "IN_PROGRESS");
        assert_eq!(record.tasks.iter().filter(|t| t.completed).count(), 1);
    }
}
