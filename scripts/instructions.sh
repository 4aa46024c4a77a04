#!/usr/bin/env bash
# Counts the instructions (valgrind's callgrind) of the commands a commit runs: deterministic
# and machine-independent, unlike wall-clock time, so start-up work can be compared on a
# busy machine. Whole process, dynamic loader included.
# Usage: scripts/instructions.sh
# Needs: valgrind (apt-get install valgrind), hyperfine (for scripts/common.sh), git.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"
command -v valgrind >/dev/null || { echo "valgrind not found: apt-get install valgrind" >&2; exit 2; }

repo="$work/repo"
git init -q -b main "$repo"
git -C "$repo" commit -q --allow-empty -m "chore: init"
printf 'feat(cli): add the bench command\n\nLonger body explaining why.\n\nRefs: #42\n' > "$repo/.git/COMMIT_EDITMSG"

count() { # label, command... -> "label  N instructions"
  local label=$1; shift
  local n
  n=$(cd "$repo" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  printf '%-52s %12s instructions\n' "$label" "$n"
}

count 'true (process floor)' true
count 'pactkit commit-msg FILE' "$bin" commit-msg .git/COMMIT_EDITMSG
count 'pactkit hooks run pre-commit (the shim line)' \
  "$bin" hooks run pre-commit --shim-version 1 --hook-dir .git/hooks --
count 'pactkit hooks run commit-msg (the shim line)' \
  "$bin" hooks run commit-msg --shim-version 1 --hook-dir .git/hooks -- .git/COMMIT_EDITMSG
