//! The `pactkit-full` binary: pactkit with `visualize` run in this process, so the six
//! tree-sitter grammars are linked in here and only here. `pactkit visualize` hands its
//! command line over to this binary; the hooks start the lean `pactkit`, which never maps
//! the grammars. Every other command works here too and behaves as in `pactkit`.

fn main() -> std::process::ExitCode {
    pactkit::run_full()
}
