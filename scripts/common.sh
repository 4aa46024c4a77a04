# Sourced by the scripts/*.sh scripts: checks for hyperfine, builds the release binary (or
# takes PACTKIT_BIN, a binary built before, as is), and sets up a scratch directory and a
# hermetic git environment (no user or system config, fixed identity). Defines $root, $bin
# and $work; $work is removed on exit. $bin is a copy in $work/bin (see below).
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install hyperfine" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${PACTKIT_BIN:-}" ]; then
  bin=$PACTKIT_BIN
else
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin="$root/target/release/pactkit"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Measure a copy, as `cargo install` places it: on this machine the linker's freshly written
# output ran `commit-msg FILE` ~0.1 ms slower than a copy of the same file (same page faults).
mkdir "$work/bin"
cp "$bin" "$work/bin/pactkit"
[ ! -x "$(dirname "$bin")/pactkit-full" ] || cp "$(dirname "$bin")/pactkit-full" "$work/bin/pactkit-full"
bin="$work/bin/pactkit"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$work"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
