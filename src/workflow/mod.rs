//! The spec-driven workflow's documents, in PactKit's Markdown formats. Owns their formats
//! (`schema`), reading them (decoding, code-fence blanking, sections, metadata), the
//! structural lints run over them, the work-item id grammar ([`ids`]) and id allocation,
//! the init markers, the scaffold templates, the small read-modify-write operations (spec
//! status, board, context, lessons, invariants, releases) and mirroring work items into
//! GitHub issues ([`issue_sync`]). Nothing here prints; every write goes through [`text`]
//! (atomic, style-preserving).

pub mod board;
pub mod context;
pub mod governance;
pub mod guard;
pub mod ids;
pub mod issue_sync;
pub mod lessons;
pub mod next_id;
pub mod scaffold;
pub mod schema;
pub mod spec;
pub mod spec_lint;
pub mod spec_status;
pub mod testcase;
pub mod text;
