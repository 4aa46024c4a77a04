#!/usr/bin/env bash
# The steps of pactkit's GitHub Action (action.yml), kept in a script so they can be run
# and tested outside GitHub:
#   run.sh install   build pactkit from this action's source (once per runner and version)
#   run.sh check     judge the event's range: `pactkit check --ci --format github`, SARIF
#                    beside it, and --approve-contract-change when a maintainer approved
# Inputs come as INPUT_* variables (see action.yml); GITHUB_* are GitHub's own.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

install() {
    if command -v pactkit >/dev/null 2>&1; then
        echo "pactkit is already installed: $(command -v pactkit)"
        return
    fi
    root="${RUNNER_TOOL_CACHE:-$HOME/.cache}/pactkit"
    cargo install --locked --path "$here" --root "$root"
    echo "$root/bin" >> "${GITHUB_PATH:-/dev/null}"
    export PATH="$root/bin:$PATH"
}

# Whether a collaborator with write access, other than the pull request's author, added the
# approval label that is on the pull request now. Needs `gh`, `jq` and a token; without
# them there is no approval (the check then reports the contract change).
approved_by_maintainer() {
    local label="${INPUT_APPROVE_LABEL:-}" event="${GITHUB_EVENT_PATH:-}"
    [ -n "$label" ] && [ -f "$event" ] || return 1
    case "${GITHUB_EVENT_NAME:-}" in pull_request|pull_request_target) ;; *) return 1 ;; esac
    command -v gh >/dev/null 2>&1 && command -v jq >/dev/null 2>&1 || return 1
    jq -e --arg l "$label" '[.pull_request.labels[]?.name] | index($l)' "$event" >/dev/null || return 1
    local number author actor permission
    number=$(jq -r '.pull_request.number' "$event")
    author=$(jq -r '.pull_request.user.login' "$event")
    actor=$(gh api "repos/$GITHUB_REPOSITORY/issues/$number/events" --paginate \
        --jq ".[] | select(.event == \"labeled\" and .label.name == \"$label\") | .actor.login" | tail -n 1)
    [ -n "$actor" ] && [ "$actor" != "$author" ] || return 1
    permission=$(gh api "repos/$GITHUB_REPOSITORY/collaborators/$actor/permission" --jq .permission)
    case "$permission" in admin|maintain|write) echo "contract change approved by $actor"; return 0 ;; esac
    return 1
}

check() {
    local args=(check --ci --format github)
    if [ -n "${INPUT_SARIF_FILE:-}" ]; then
        args+=(--sarif-file "$INPUT_SARIF_FILE")
        echo "sarif-file=$INPUT_SARIF_FILE" >> "${GITHUB_OUTPUT:-/dev/null}"
    fi
    if approved_by_maintainer; then
        args+=(--approve-contract-change)
    fi
    # shellcheck disable=SC2206 # INPUT_ARGS is a list of words by design
    local extra=(${INPUT_ARGS:-})
    pactkit "${args[@]}" "${extra[@]}"
}

case "${1:-}" in
    install) install ;;
    check) check ;;
    *) echo "usage: $0 install|check" >&2; exit 2 ;;
esac
