#!/usr/bin/env bash
# Recall of `pactkit regression` by mutation on real PyPI packages with their own tests
# (scripts/regression_recall.py says how). Downloads the sdists with pip into a cache folder
# (nothing third-party is committed); needs python3 with pytest. Not part of `cargo test`:
# it runs each package's whole suite once per mutant (about 20-40 minutes on 2 cores).
#
#   scripts/regression-recall.sh [--per-package N] [--seed S] [--only NAME] [--json FILE]
#
# Environment: PACTKIT_RECALL_CACHE (default ~/.cache/pactkit-regression-recall);
# PACTKIT_RECALL_BASELINE=path/to/an/older/pactkit measures that binary beside this one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python3 -m pytest --version >/dev/null 2>&1 || { echo "pytest not found: pip install pytest" >&2; exit 2; }
cargo build --quiet --manifest-path "$root/Cargo.toml"
cache=${PACTKIT_RECALL_CACHE:-$HOME/.cache/pactkit-regression-recall}
bins=(--bin "pactkit=$root/target/debug/pactkit")
if [ -n "${PACTKIT_RECALL_BASELINE:-}" ]; then
    bins+=(--bin "baseline=$PACTKIT_RECALL_BASELINE")
fi
exec python3 "$root/bench/regression_recall.py" --cache "$cache" "${bins[@]}" "$@"
