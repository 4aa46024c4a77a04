//! Deploying the playbooks into AI coding tools. `catalog` owns the tool-neutral templates
//! compiled into the binary (agents, commands, skills, rules, CI pipelines) and their
//! frontmatter; the per-tool renderers and the deployer build on it.

pub mod catalog;
