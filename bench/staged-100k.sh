#!/usr/bin/env bash
# The staged change set on a large repository: 100,000 files in 1,000 directories, 10 of
# them modified and staged. Compares `pactkit changes --staged` with
# `git diff --cached --name-status` (hyperfine).
# Usage: bench/staged-100k.sh [--files N] [--runs N]
set -euo pipefail
files=100000
runs=30
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--files N] [--runs N]" >&2; exit 2 ;;
  esac
done
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install hyperfine" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/pactkit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$work"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com
repo="$work/repo"
git init -q -b main "$repo"
python3 - "$repo" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
per_dir = 100
for i in range(n):
    d = os.path.join(root, f"pkg{i // (per_dir * 10):03d}", f"mod{(i // per_dir) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i % per_dir:03d}.txt"), "w") as f:
        f.write(f"line one of {i}\nline two\n")
PY
git -C "$repo" add -A
git -C "$repo" commit -q -m "chore: init"
for i in 0 7 123 4567 9999 23456 45678 67890 88888 99999; do
  [ "$i" -lt "$files" ] || continue
  f=$(cd "$repo" && git ls-files | sed -n "$((i + 1))p")
  echo "changed" >> "$repo/$f"
  git -C "$repo" add "$f"
done
echo "staged: $(git -C "$repo" diff --cached --name-only | wc -l) of $(git -C "$repo" ls-files | wc -l) files"
diff <(cd "$repo" && "$bin" changes) <(git -C "$repo" diff --cached --name-status) && echo "same output as git"
hyperfine -N --warmup 5 --runs "$runs" \
  -n 'git diff --cached --name-status' "git -C $repo diff --cached --name-status" \
  -n 'pactkit changes --staged' "$bin -C $repo changes --staged"
