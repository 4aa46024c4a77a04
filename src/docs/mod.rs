//! Project documents in PactKit's Markdown formats. Owns reading them (decoding, code-fence
//! blanking, sections, metadata) and the structural lints run over them; nothing here
//! prints or touches the file system.

pub mod board;
pub mod context;
pub mod spec;
pub mod spec_lint;
pub mod text;
