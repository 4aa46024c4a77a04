//! Project documents in PactKit's Markdown formats. Owns their formats (`schema`), reading
//! them (decoding, code-fence blanking, sections, metadata), the structural lints run
//! over them, id allocation, the init markers and the scaffold templates. Nothing here
//! prints; writes go through `text` (atomic).

pub mod guard;
pub mod next_id;
pub mod scaffold;
pub mod schema;
pub mod spec;
pub mod spec_lint;
pub mod text;
