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
#   The runs are split into --rounds rounds (default 10) that take turns, and every
#   command's times are pooled over the rounds: a shared machine drifts over a minute, and
#   hyperfine runs one command's runs back to back. The summary prints each command's
#   median (and mean) and issue 15's three targets, judged on medians.
# Usage: scripts/commit-overhead.sh [--runs N] [--rounds R] [--export FILE.md] [--base BIN]
# Needs: hyperfine (apt-get install hyperfine), git, a release build (built here).
set -euo pipefail
runs=200
rounds=10
export_md=""
base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --export) export_md=$2; shift 2 ;;
    --base) base=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "usage: $0 [--runs N] [--rounds R] [--export FILE.md] [--base BIN]" >&2; exit 2 ;;
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

# `commit-msg FILE` reads the repository it runs in (its clean-up settings): measure it in
# the plain repository, not wherever the script was started (a linked work tree, say,
# which the glance leaves to the full open: ~1.1 M instructions more).
cd "$plain"
per_round=$(( (runs + rounds - 1) / rounds ))
for round in $(seq 1 "$rounds"); do
  echo "== round $round of $rounds: one commit message, then a whole git commit (allow-empty, so only hooks differ)"
  hyperfine -N --warmup 10 --runs "$per_round" --style none \
    -n 'true (process floor)' 'true' \
    -n 'pactkit commit-msg' "$bin commit-msg $work/msg" \
    "${base_msg[@]}" \
    --export-json "$work/msg-$round.json"
  hyperfine -N --warmup 5 --runs "$per_round" --style none \
    -n 'git commit, no hooks' "git -C $plain commit -q --allow-empty -m 'feat: bench'" \
    -n 'git commit, one raw true pre-commit hook' "git -C $rawone commit -q --allow-empty -m 'feat: bench'" \
    -n 'git commit, pactkit pre-commit shim' "git -C $shimone commit -q --allow-empty -m 'feat: bench'" \
    -n 'git commit, three raw true hooks' "git -C $rawhooks commit -q --allow-empty -m 'feat: bench'" \
    -n 'git commit, pactkit three shims' "git -C $shims commit -q --allow-empty -m 'feat: bench'" \
    "${base_rows[@]}" \
    --export-json "$work/commit-$round.json"
done

python3 - "$export_md" "$work"/msg-*.json "$work"/commit-*.json <<'PY'
import json, statistics, sys
export, paths = sys.argv[1], sys.argv[2:]
times = {}
for path in paths:
    for result in json.load(open(path))["results"]:
        times.setdefault(result["command"], []).extend(result["times"])
median = {name: statistics.median(t) * 1000 for name, t in times.items()}
lines = ["| command | median | mean | runs |", "|---|---:|---:|---:|"]
for name, t in times.items():
    lines.append(f"| {name} | {median[name]:.2f} ms | {statistics.fmean(t) * 1000:.2f} ms | {len(t)} |")
print("\n".join(["", "== pooled over the rounds"] + lines))
targets = [
    ("commit-msg over `true`", "pactkit commit-msg", "true (process floor)", 0.8),
    ("the pre-commit shim over a raw `true` hook", "git commit, pactkit pre-commit shim",
     "git commit, one raw true pre-commit hook", 2.0),
    ("three shims over three raw `true` hooks", "git commit, pactkit three shims",
     "git commit, three raw true hooks", 4.0),
]
print("\n== issue 15's targets (medians)")
for what, new, old, target in targets:
    delta = median[new] - median[old]
    print(f"{what}: {delta:+.2f} ms (target {target} ms: {'met' if delta <= target else 'NOT met'})")
if export:
    open(export, "w").write("\n".join(lines) + "\n")
    print(f"wrote {export}")
PY
