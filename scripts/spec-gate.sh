#!/usr/bin/env bash
# The spec workflow at scale, in a repository of 1,000 specs:
#   1. `pactkit spec-lint --all` over the 1,000 specs (target: under 30 ms);
#   2. what the spec gate adds to a commit that touches one spec (target: under 5 ms).
#
# Two repositories with identical content (1,000 lint-clean specs, one In Progress) and
# pactkit's shims installed; they differ only in pactkit.yaml:
#   without: the spec gate removed from both hooks (commit-msg still runs);
#   with:    the defaults (spec in pre-commit and commit-msg).
# Each timed run is `git commit` of one edited spec; hyperfine's --prepare edits and stages
# it (untimed). The difference of the medians is the spec gate's cost.
# Usage: scripts/spec-gate.sh [--runs N]
# Needs: hyperfine (apt-get install hyperfine), git; builds the release binary.
set -euo pipefail
runs=100
[ "${1:-}" = "--runs" ] && runs=$2
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

spec() { # id status -> a spec that passes spec-lint
  printf '# %s: Generated story\n\n| Field | Value |\n|-------|-------|\n| ID | %s |\n| Status | %s |\n| Priority | P1 |\n| Release | 1.0.0 |\n\n' "$1" "$1" "$2"
  printf '## Background\nWhy.\n\n## Requirements\n### R1: Thing (MUST)\nIt MUST work.\n\n'
  printf '## Acceptance Criteria\n### AC1: Works (R1)\n- **Given** a\n- **When** b\n- **Then** c\n\n'
  printf '## Target Call Chain\na -> b\n\n## Security Scope\n| Check | Applicable | Reason |\n|-------|------------|--------|\n| SEC-1 | N/A | none |\n\n## Out of Scope\n- x\n'
}

make_repo() { # name config
  local dir="$work/$1"
  git init -q -b main "$dir"
  mkdir -p "$dir/docs/specs"
  for i in $(seq -w 1 1000); do spec "STORY-$i" Draft > "$dir/docs/specs/STORY-$i.md"; done
  spec STORY-0001 "In Progress" > "$dir/docs/specs/STORY-0001.md"
  printf '%s' "$2" > "$dir/pactkit.yaml"
  git -C "$dir" add -A && git -C "$dir" commit -q --no-verify -m "chore: init"
  (cd "$dir" && "$bin" hooks install --quiet)
  echo "$dir"
}

without=$(make_repo without $'hooks:\n  pre-commit: []\n  commit-msg: [commit-msg]\n')
with=$(make_repo with $'hooks:\n  pre-commit: [spec]\n  commit-msg: [commit-msg, spec]\n')

echo "== spec-lint --all, 1,000 specs"
hyperfine -N --warmup 5 --runs "$runs" -n 'pactkit spec-lint --all' \
  "$bin -C $with spec-lint --all"

echo "== git commit of one spec, spec gate off and on"
edit() { echo "printf 'Note %s.\\n' \$RANDOM >> $1/docs/specs/STORY-0500.md && git -C $1 add docs/specs/STORY-0500.md"; }

hyperfine --warmup 5 --runs "$runs" --export-json "$work/commit.json" \
  --prepare "$(edit "$without")" -n 'commit one spec, spec gate off' \
  "git -C $without commit -q -m 'docs: refine STORY-0500'" \
  --prepare "$(edit "$with")" -n 'commit one spec, spec gate on' \
  "git -C $with commit -q -m 'docs: refine STORY-0500'"
python3 - "$work/commit.json" <<'PY' 2>/dev/null || true
import json, sys
r = json.load(open(sys.argv[1]))["results"]
off, on = (x["median"] * 1000 for x in r)
print(f"medians: off {off:.1f} ms, on {on:.1f} ms, the spec gate adds {on - off:.1f} ms")
PY
