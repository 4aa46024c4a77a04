#!/bin/sh
# Benchmark: the staged change set on a repository of 100,000 files with 10 staged changes,
# `pactkit changes --staged` against `git diff --cached --name-status`; then a commit of
# those changes with no hooks against one with pactkit's three shims (each run undone by
# hyperfine's --prepare: HEAD goes back, the index keeps the changes).
#
# Usage: scripts/staged-100k.sh [--rounds R] [work-dir]    (default: a fresh temporary directory)
#        --rounds R: the commit rows R times (default 1), taking turns; medians over all runs
#        PACTKIT_BASE=BIN scripts/staged-100k.sh   adds the commit with another build's shims
#        PACTKIT_BIN=BIN: measure that binary instead of building target/release/pactkit
# Needs: git, hyperfine, awk; builds pactkit with `cargo build --release` first.
# The repository is 100 top directories x 10 subdirectories x 100 files, written with
# `git fast-import`, checked out, then 10 files in different directories are modified
# and `git add`ed, so the index carries a cache-tree invalidated only on those paths.
set -eu

rounds=1
if [ "${1:-}" = "--rounds" ]; then rounds=$2; shift 2; fi
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
repo="$work/repo-100k"
pactkit=${PACTKIT_BIN:-$here/target/release/pactkit}

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

[ -n "${PACTKIT_BIN:-}" ] || (cd "$here" && cargo build --release --quiet)

if [ ! -d "$repo/.git" ]; then
    echo "building $repo (100,000 files)..." >&2
    git init -q -b main "$repo"
    awk 'BEGIN {
        print "commit refs/heads/main"
        print "committer bench <bench@example.com> 1767225600 +0000"
        print "data 8"; print "initial"
        for (d = 0; d < 100; d++) for (s = 0; s < 10; s++) for (f = 0; f < 100; f++) {
            body = sprintf("// file %d/%d/%d\nfn f() -> u32 { %d }\n", d, s, f, d * 1000 + s * 100 + f)
            printf "M 100644 inline src/d%02d/s%d/f%03d.rs\n", d, s, f
            printf "data %d\n%s\n", length(body), body
        }
    }' | git -C "$repo" fast-import --quiet
    git -C "$repo" reset -q --hard main
    git -C "$repo" gc -q
    for d in 03 17 29 41 55 62 70 84 91 99; do
        printf '// staged change\n' >> "$repo/src/d$d/s5/f050.rs"
        git -C "$repo" add "src/d$d/s5/f050.rs"
    done
fi

echo "files in index: $(git -C "$repo" ls-files | wc -l)" >&2
echo "--- git diff --cached --name-status" >&2
git -C "$repo" diff --cached --name-status >&2
echo "--- pactkit changes --staged" >&2
(cd "$repo" && "$pactkit" changes --staged) >&2

cd "$repo"
hyperfine --warmup 5 --min-runs 30 -N \
    "git diff --cached --name-status" \
    "$pactkit changes --staged" \
    "git diff --cached --name-status -M" \
    "$pactkit changes --staged --lines"

# A commit of the 10 staged changes. The shims live in .git/hooks; "no hooks" points git at
# an empty directory; PACTKIT_BASE's shims are copies calling that binary instead.
"$pactkit" hooks install --quiet
base_commit=$(git rev-parse HEAD)
mkdir -p "$work/no-hooks" "$work/base-hooks"
# Three raw `true` hooks show what git itself spends on a commit that has hooks (it re-reads
# the index after pre-commit), so the shims' line splits into git's share and pactkit's.
mkdir -p "$work/raw-hooks"
for hook in pre-commit commit-msg pre-push; do
    printf '#!/bin/sh\ntrue\n' > "$work/raw-hooks/$hook"
    chmod +x "$work/raw-hooks/$hook"
done
# The staged files are Rust: where rustfmt is installed the lint gate runs it, so the shims
# are measured again with the lint gate skipped (pactkit's own cost).
set -- -n "git commit, no hooks" "git -c core.hooksPath=$work/no-hooks commit -q -m 'feat: bench'" \
       -n "git commit, three raw true hooks" "git -c core.hooksPath=$work/raw-hooks commit -q -m 'feat: bench'" \
       -n "git commit, pactkit's three shims" "git commit -q -m 'feat: bench'" \
       -n "git commit, pactkit's three shims, PACTKIT_SKIP=lint" "env PACTKIT_SKIP=lint git commit -q -m 'feat: bench'"
if [ -n "${PACTKIT_BASE:-}" ]; then
    for hook in pre-commit commit-msg pre-push; do
        sed "s|^installed_bin=.*|installed_bin=$PACTKIT_BASE|" ".git/hooks/$hook" > "$work/base-hooks/$hook"
        chmod +x "$work/base-hooks/$hook"
    done
    set -- "$@" -n "git commit, base build's three shims" "git -c core.hooksPath=$work/base-hooks commit -q -m 'feat: bench'" \
        -n "git commit, base build's three shims, PACTKIT_SKIP=lint" "env PACTKIT_SKIP=lint git -c core.hooksPath=$work/base-hooks commit -q -m 'feat: bench'"
fi
rm -f "$work"/commit-*.json
round=1
while [ "$round" -le "$rounds" ]; do
    hyperfine --warmup 3 --min-runs 30 -N --prepare "git reset -q --soft $base_commit" "$@" \
        --export-json "$work/commit-$round.json"
    git reset -q --soft "$base_commit"
    round=$((round + 1))
done
# Issue 15's target on medians: the three shims (lint gate skipped: pactkit's own cost,
# not rustfmt's) within 30 ms of a commit without hooks.
python3 - "$work"/commit-*.json <<'PY'
import json, statistics, sys
times = {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        times.setdefault(r["command"], []).extend(r["times"])
median = {name: statistics.median(ts) * 1000 for name, ts in times.items()}
print(f"\n== medians over {len(sys.argv) - 1} round(s)")
for name, ms in median.items():
    print(f"{name:58} {ms:7.1f} ms  ({len(times[name])} runs)")
none = median["git commit, no hooks"]
raw = median["git commit, three raw true hooks"]
shims = median["git commit, pactkit's three shims, PACTKIT_SKIP=lint"]
verdict = "met" if shims - none <= 30 else "NOT met"
print(f"three shims (lint skipped) over no hooks: {shims - none:+.1f} ms (target 30 ms: {verdict})")
print(f"  of which git's own cost of having hooks (three raw true hooks): {raw - none:+.1f} ms")
print(f"  and pactkit's (the shims over three raw true hooks): {shims - raw:+.1f} ms")
base = median.get("git commit, base build's three shims, PACTKIT_SKIP=lint")
if base is not None:
    print(f"the base build's three shims (lint skipped) over no hooks: {base - none:+.1f} ms")
PY
