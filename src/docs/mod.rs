//! Project documents in PactKit's Markdown formats. Owns reading them (decoding, code-fence
//! blanking, sections, metadata), the structural lints run over them, and the small
//! read-modify-write operations on them (spec status, lessons, invariants, releases), which
//! go through [`text::TextFile`]; nothing here prints.

pub mod date;
pub mod governance;
pub mod lessons;
pub mod spec;
pub mod spec_lint;
pub mod spec_status;
pub mod testcase;
pub mod text;
