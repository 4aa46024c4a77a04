//! The infrastructure every other layer stands on, and nothing of the contract: the running
//! binary ([`binary`]), outside programs ([`child`]), writing files ([`fsx`]), bounded reads ([`readlimit`]),
//! the environment ([`env`]) and the clock ([`clock`]), the error type ([`error`]) and the
//! exit-code table ([`exit`]), the printer ([`output`]), and two small text helpers
//! ([`jsonc`], [`textdist`]).

pub mod binary;
pub mod child;
pub mod clock;
pub mod env;
pub mod error;
pub mod exit;
pub mod fsx;
pub mod jsonc;
pub mod output;
pub mod readlimit;
pub mod textdist;
