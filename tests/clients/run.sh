#!/usr/bin/env bash
# Real-client checks (tests/clients/check.py): installs the pinned AI clients from npm into
# a cache, builds pactkit, and asks each client what it loads from `pactkit init` at the
# user level, the project level and both, then runs pactkit's agent hook in each of them
# end to end against a fake model server on 127.0.0.1.
#
# Without npm or the registry the check is skipped with a visible line; with CI set, a
# failed install or a client that does not start fails the run (CI must prove the
# deployment against the real clients), and the summary names what was not checked.
# Environment: PACTKIT_CLIENTS_CACHE (default target/clients: `cargo clean` drops it),
# PACTKIT_CLIENTS_JOBS (checks at once, default 3), PACTKIT_BIN (a built binary to check
# instead of `cargo build`); extra arguments go to check.py (`--only codex`, `--keep`).
set -euo pipefail
cd "$(dirname "$0")/../.."

# The clients and versions checked; bump together with the README's deploy table.
OPENCODE_VERSION=1.18.33
PACKAGES=(
    "@anthropic-ai/claude-code@2.1.332"
    "opencode-ai@${OPENCODE_VERSION}"
    "@openai/codex@0.171.0"
    "@github/copilot@1.0.102"
    "@google/gemini-cli@0.61.0"
)

skip_or_fail() {
    if [ -n "${CI:-}" ]; then
        echo "error: real-client checks: $1 (CI is set, so this fails the run)" >&2
        exit 1
    fi
    echo "SKIPPED: real-client checks: $1" >&2
    exit 0
}

command -v npm >/dev/null 2>&1 || skip_or_fail "npm is not installed"
command -v python3 >/dev/null 2>&1 || skip_or_fail "python3 is not installed"

cache="${PACTKIT_CLIENTS_CACHE:-target/clients}"
key=$(printf '%s\n' "${PACKAGES[@]}" | sha1sum | cut -c1-12)
dir="$cache/$key"
seed="$dir/opencode-seed"
started=$(date +%s)
if [ ! -f "$dir/.complete" ]; then
    echo "installing ${PACKAGES[*]} into $dir"
    rm -rf "$dir"
    mkdir -p "$dir" "$seed"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${PACKAGES[@]}" >&2 \
        || skip_or_fail "npm install of the clients failed"
    # OpenCode installs @opencode-ai/plugin into each of its configuration directories on
    # every start; the check copies this installed package there to spare the download.
    printf '{\n  "dependencies": {\n    "@opencode-ai/plugin": "%s"\n  }\n}\n' "$OPENCODE_VERSION" >"$seed/package.json"
    npm install --prefix "$seed" --no-audit --no-fund --loglevel=error >&2 \
        || skip_or_fail "npm install of @opencode-ai/plugin failed"
    touch "$dir/.complete"
fi
installed=$(date +%s)
echo "clients ready in $((installed - started)) s"

if [ -n "${PACTKIT_BIN:-}" ]; then
    bin="$PACTKIT_BIN"
else
    cargo build --locked --quiet
    bin=target/debug/pactkit
fi
status=0
mkdir -p "$dir/xdg-cache"
python3 tests/clients/check.py --pactkit "$bin" --clients "$dir/node_modules/.bin" \
    --opencode-seed "$seed" --cache "$dir/xdg-cache" --jobs "${PACTKIT_CLIENTS_JOBS:-3}" "$@" || status=$?
echo "real-client checks took $(($(date +%s) - started)) s (install $((installed - started)) s)"
exit "$status"
