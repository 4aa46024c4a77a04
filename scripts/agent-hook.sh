#!/usr/bin/env bash
# What the agent hook costs per tool call: `pactkit hooks agent run <tool>` judging one
# payload, whole process (start-up, repository and committed config read, judgement),
# against a process that does nothing (`true`). Target: under 5 ms per call.
#
# The payloads are a representative set in Claude Code's format (Codex's is the same
# shape), run in a repository with pactkit's shims and a committed pactkit.yaml:
#   status      `git status` (the commonest call)
#   commit      `git add -A && git commit -m "feat(cli): …"` (message linted)
#   heredoc     the `git commit -m "$(cat <<'EOF' … EOF)"` idiom Claude Code writes
#   pipeline    `cargo test 2>&1 | tee test.log | tail -20`
#   bypass      `bash -o pipefail -c 'git commit -n'` (refused)
#   alias       `git ci -m …` with a `ci` alias in .git/config (expanded, refused)
#   write       a Write of src/lib.rs (file tool)
#   patch       a Codex apply_patch of two files
# With --instructions it also counts each case's instructions with callgrind (whole
# process, deterministic on a busy machine; `true` and `commit-msg FILE` for scale).
# Usage: scripts/agent-hook.sh [--runs N] [--export FILE.md] [--instructions]
# Needs: hyperfine (apt-get install hyperfine), git, valgrind for --instructions; builds
# the release binary.
set -euo pipefail
runs=200
export_md=""
instructions=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --export) export_md=$2; shift 2 ;;
    --instructions) instructions=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

repo="$work/repo"
git init -q -b main "$repo"
mkdir -p "$repo/src"
printf 'pub fn x() {}\n' > "$repo/src/lib.rs"
printf 'hooks:\n  agent:\n    protected_paths: ["docs/specs/**"]\n' > "$repo/pactkit.yaml"
git -C "$repo" add -A && git -C "$repo" commit -q --no-verify -m "chore: init"
git -C "$repo" config alias.ci "commit --no-verify"
(cd "$repo" && "$bin" hooks install >/dev/null 2>&1)

payload() { # name tool_name input-json
  printf '{"session_id":"s","cwd":"%s","hook_event_name":"PreToolUse","tool_name":"%s","tool_input":%s}' \
    "$repo" "$2" "$3" > "$work/$1.json"
}
payload status Bash '{"command":"git status"}'
payload commit Bash '{"command":"git add -A && git commit -m \"feat(cli): add the status command\""}'
payload heredoc Bash '{"command":"git commit -m \"$(cat <<'"'"'EOF'"'"'\nfeat(agenthooks): judge the file tools\n\nBody line.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)\""}'
payload pipeline Bash '{"command":"cargo test 2>&1 | tee test.log | tail -20"}'
payload bypass Bash '{"command":"bash -o pipefail -c '"'"'git commit -n -m x'"'"'"}'
payload alias Bash '{"command":"git ci -m \"feat: x\""}'
payload write Write "{\"file_path\":\"$repo/src/lib.rs\",\"content\":\"pub fn y() {}\"}"
payload patch apply_patch '{"command":"*** Begin Patch\n*** Update File: src/lib.rs\n@@\n-pub fn x() {}\n+pub fn y() {}\n*** Add File: src/new.rs\n+pub fn z() {}\n*** End Patch\n"}'

args=(--warmup 10 --runs "$runs" -N -i)
[ -n "$export_md" ] && args+=(--export-markdown "$export_md")
cmds=(-n true true)
for case in status commit heredoc pipeline bypass alias write patch; do
  tool=claude
  [ "$case" = patch ] && tool=codex
  cmds+=(-n "$case" "sh -c 'cd $repo && $bin hooks agent run $tool < $work/$case.json > /dev/null 2>&1'")
done
# -N runs without a shell; the `sh -c` of the cases is itself measured: `true` through the
# same `sh -c` is the baseline to subtract.
cmds+=(-n "sh -c true" "sh -c 'cd $repo && true < $work/status.json > /dev/null 2>&1'")
hyperfine "${args[@]}" "${cmds[@]}"

if [ -n "$instructions" ]; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | grep -oE 'Collected : [0-9]+' | grep -oE '[0-9]+'; }
  printf 'feat: x\n' > "$work/msg.txt"
  echo "instructions (callgrind, whole process):"
  echo "  true                $(count true)"
  echo "  commit-msg FILE     $(count "$bin" commit-msg "$work/msg.txt")"
  for case in status commit heredoc pipeline bypass alias write patch; do
    tool=claude
    [ "$case" = patch ] && tool=codex
    printf '  %-19s %s\n' "$case" "$(cd "$repo" && count "$bin" hooks agent run "$tool" < "$work/$case.json")"
  done
fi
