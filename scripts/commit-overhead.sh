#!/usr/bin/env bash
# Measures what pactkit costs on the commit path, with hyperfine:
#   1. checking one commit message: `pactkit commit-msg FILE` against a bare `true` process;
#   2. a whole `git commit` with one pre-commit hook (the setting of the peers' published
#      numbers: prek +14 ms, lefthook +22 ms, pre-commit +263 ms over no hooks): no hooks,
#      a raw `true` hook, pactkit's pre-commit shim;
#   3. a whole `git commit` with all three hooks installed (pre-commit and commit-msg run):
#      raw `true` hooks against pactkit's shims.
#   With --base BIN, the same rows with another pactkit binary (an older build) run in the
#   same hyperfine invocation, side by side.
# Usage: scripts/commit-overhead.sh [--runs N] [--export FILE.md] [--base BIN]
# Needs: hyperfine (apt-get install hyperfine), git, a release build (built here).
set -euo pipefail
runs=200
export_md=""
base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --export) export_md=$2; shift 2 ;;
    --base) base=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "usage: $0 [--runs N] [--export FILE.md] [--base BIN]" >&2; exit 2 ;;
  esac
done
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

make_repo() { # name -> a repository with one commit
  local dir="$work/$1"
  git init -q -b main "$dir"
  git -C "$dir" commit -q --allow-empty -m "chore: init"
  echo "$dir"
}

printf 'feat(cli): add the bench command\n\nLonger body explaining why.\n\nRefs: #42\n' > "$work/msg"

plain=$(make_repo plain)
raw_hook() { printf '#!/bin/sh\ntrue\n' > "$1/.git/hooks/$2"; chmod +x "$1/.git/hooks/$2"; }
rawone=$(make_repo rawone)
raw_hook "$rawone" pre-commit
shimone=$(make_repo shimone)
(cd "$shimone" && "$bin" hooks install --quiet --hook pre-commit)
rawhooks=$(make_repo rawhooks)
for h in pre-commit commit-msg pre-push; do raw_hook "$rawhooks" "$h"; done
shims=$(make_repo shims)
(cd "$shims" && "$bin" hooks install --quiet)
base_rows=()
base_msg=()
if [ -n "$base" ]; then
  baseone=$(make_repo baseone)
  (cd "$baseone" && "$base" hooks install --quiet --hook pre-commit)
  baseshims=$(make_repo baseshims)
  (cd "$baseshims" && "$base" hooks install --quiet)
  base_msg=(-n 'base: pactkit commit-msg' "$base commit-msg $work/msg")
  base_rows=(-n 'base: git commit, pre-commit shim' "git -C $baseone commit -q --allow-empty -m 'feat: bench'"
             -n 'base: git commit, three shims' "git -C $baseshims commit -q --allow-empty -m 'feat: bench'")
fi

echo "== one commit message"
hyperfine -N --warmup 20 --runs "$runs" \
  -n 'true (process floor)' 'true' \
  -n 'pactkit commit-msg' "$bin commit-msg $work/msg" \
  "${base_msg[@]}" \
  ${export_md:+--export-markdown "$work/msg.md"}

echo "== a whole git commit (allow-empty, so only hooks differ)"
hyperfine -N --warmup 10 --runs "$runs" \
  -n 'git commit, no hooks' "git -C $plain commit -q --allow-empty -m 'feat: bench'" \
  -n 'git commit, one raw true pre-commit hook' "git -C $rawone commit -q --allow-empty -m 'feat: bench'" \
  -n 'git commit, pactkit pre-commit shim' "git -C $shimone commit -q --allow-empty -m 'feat: bench'" \
  -n 'git commit, three raw true hooks' "git -C $rawhooks commit -q --allow-empty -m 'feat: bench'" \
  -n 'git commit, pactkit three shims' "git -C $shims commit -q --allow-empty -m 'feat: bench'" \
  "${base_rows[@]}" \
  ${export_md:+--export-markdown "$work/commit.md"}

if [ -n "$export_md" ]; then
  { echo "### One commit message"; cat "$work/msg.md"; echo; echo "### A whole git commit"; cat "$work/commit.md"; } > "$export_md"
  echo "wrote $export_md"
fi
