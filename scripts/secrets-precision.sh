#!/usr/bin/env bash
# Precision and recall of pactkit's secrets gate and of detect-secrets on the labelled
# corpus in tests/data/secrets-corpus/ (the numbers in the README's secrets section).
#   pip install detect-secrets==1.5.0
# Usage: scripts/secrets-precision.sh [--show-errors]
# PACTKIT_BIN=path uses that binary instead of building the release one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v detect-secrets >/dev/null \
    || { echo "detect-secrets not found: pip install detect-secrets==1.5.0" >&2; exit 2; }
bin=${PACTKIT_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    bin="$root/target/release/pactkit"
fi
exec python3 "$root/bench/secrets-precision.py" --pactkit "$bin" "$@"
