//! Agent hook payloads (stdin of `pactkit hooks agent run <tool>`), for every tool.
#![no_main]
use libfuzzer_sys::fuzz_target;
use pactkit::agenthooks::{Tool, payload};

const TOOLS: [Tool; 5] = [Tool::Claude, Tool::Codex, Tool::Opencode, Tool::Copilot, Tool::Gemini];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let _ = payload::parse(TOOLS[usize::from(pick) % TOOLS.len()], bytes);
});
