//! Gate registry and runner (stub).
