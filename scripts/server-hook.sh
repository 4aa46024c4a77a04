#!/usr/bin/env bash
# What pactkit's pre-receive hook adds to a push, per pushed commit (target: under 20 ms
# per commit on a small change).
#
# Two bare repositories with the same `main` (an adopted project: pactkit.yaml, one spec In
# Progress); one has `pactkit hooks install --server`. A client pushes a new branch of N
# small commits (each edits one source file and names STORY-001) to each; hyperfine's
# --prepare deletes the branch on the server first (untimed), so every timed run receives
# the same N commits. (with − without) / N is the hook's cost per commit; the N = 1 row
# shows the fixed cost of a push.
# With --instructions the hook alone (`pactkit hooks run pre-receive` with the update on
# stdin, the commits fetched into the server but not yet referenced) is counted with
# callgrind instead: deterministic on a busy machine.
# Usage: scripts/server-hook.sh [--runs N] [--commits N] [--instructions]
# Needs: hyperfine (apt-get install hyperfine), git, valgrind for --instructions; builds the
# release binary.
set -euo pipefail
runs=30
commits=20
instructions=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --commits) commits=$2; shift 2 ;;
    --instructions) instructions=1; shift ;;
    *) echo "usage: $0 [--runs N] [--commits N] [--instructions]" >&2; exit 2 ;;
  esac
done
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

client="$work/client"
git init -q -b main "$client"
mkdir -p "$client/docs/specs" "$client/src"
cat > "$client/docs/specs/STORY-001.md" <<'SPEC'
# STORY-001: Bench

| Field | Value |
|-------|-------|
| ID | STORY-001 |
| Status | In Progress |
| Priority | P1 |
| Release | 1.0.0 |

## Background
Why.

## Requirements
### R1: Thing (MUST)
It MUST work.

## Acceptance Criteria
### AC1: Works (R1)
- **Given** a
- **When** b
- **Then** c

## Target Call Chain
a -> b

## Security Scope
| Check | Applicable | Reason |
|-------|------------|--------|
| SEC-1 | N/A | none |

## Out of Scope
- x
SPEC
echo 'developer: ""' > "$client/pactkit.yaml"
for i in $(seq 1 50); do echo "def f$i(): return $i" > "$client/src/m$i.py"; done
git -C "$client" add -A && git -C "$client" commit -q -m "chore: init"

for name in plain hooked; do
  git init -q --bare -b main "$work/$name.git"
  git -C "$client" push -q "$work/$name.git" main
done
(cd "$work/hooked.git" && "$bin" hooks install --server >/dev/null)

branch() { # n: a branch of n commits on top of main
  git -C "$client" checkout -q -B "bench-$1" main
  for i in $(seq 1 "$1"); do
    echo "def f$i(): return $((i + 1))" > "$client/src/m$((i % 50 + 1)).py"
    git -C "$client" commit -q -am "feat(m): change $i (STORY-001)"
  done
}

branch 1
branch "$commits"
if [ -n "$instructions" ]; then
  command -v valgrind >/dev/null || { echo "valgrind not found: apt-get install valgrind" >&2; exit 2; }
  for n in 1 "$commits"; do
    # The commits are in the server's object store (FETCH_HEAD is not a ref), as during
    # pre-receive; the hook judges what no ref reaches.
    git --git-dir="$work/hooked.git" fetch -q "$client" "bench-$n"
    tip=$(git -C "$client" rev-parse "bench-$n")
    printf '%s %s refs/heads/bench-%s\n' "$(printf '0%.0s' $(seq 40))" "$tip" "$n" > "$work/stdin-$n"
    count=$(cd "$work/hooked.git" && valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$bin" hooks run pre-receive < "$work/stdin-$n" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    printf 'pre-receive, %3s commit(s): %12s instructions\n' "$n" "$count"
  done
  exit 0
fi
for n in 1 "$commits"; do
  hyperfine --runs "$runs" --warmup 3 \
    --prepare "git --git-dir=$work/plain.git update-ref -d refs/heads/bench-$n 2>/dev/null; git --git-dir=$work/hooked.git update-ref -d refs/heads/bench-$n 2>/dev/null; true" \
    -n "push $n commit(s), no hook" "git -C $client push -q $work/plain.git bench-$n" \
    -n "push $n commit(s), pactkit pre-receive" "git -C $client push -q $work/hooked.git bench-$n"
done
