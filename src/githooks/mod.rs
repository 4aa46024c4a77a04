//! Git hook types and shims (stub).
