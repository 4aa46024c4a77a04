#!/usr/bin/env bash
# visualize on a generated 5,000-file Python project (100 packages of 50 modules; each
# module imports three others and declares two classes and two functions), end to end:
#   1. `pactkit visualize --mode file` from scratch (target: under 1 s);
#   2. `pactkit visualize --mode file --lazy` when nothing changed (target: under 30 ms).
# Usage: scripts/visualize.sh [--runs N]
# Needs: hyperfine (apt-get install hyperfine), git, python3; builds the release binary.
set -euo pipefail
runs=20
[ "${1:-}" = "--runs" ] && runs=$2
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

project="$work/project"
python3 - "$project" <<'PY'
import os, sys
root = sys.argv[1]
P, M = 100, 50
os.makedirs(root, exist_ok=True)
open(os.path.join(root, "pyproject.toml"), "w").write('[project]\nname = "bench"\n')
for p in range(P):
    pkg = os.path.join(root, "app", f"pkg{p}")
    os.makedirs(pkg, exist_ok=True)
    open(os.path.join(pkg, "__init__.py"), "w").close()
    for m in range(M):
        lines = []
        for k in (1, 2, 3):
            q, n = (p + k) % P, (m * 7 + k) % M
            lines.append(f"from app.pkg{q}.mod{n} import Model{q}_{n}, helper{q}_{n}")
        q, n = (p + 1) % P, (m * 7 + 1) % M
        lines += ["", "", f"class Model{p}_{m}(Model{q}_{n}):",
                  "    def __init__(self, name):", "        self.name = name",
                  f"        self.part = Part{p}_{m}()", "",
                  "    def run(self, x):", f"        return self.step(x) + helper{q}_{n}(x)", "",
                  "    def step(self, x):", "        return x * 2", "", "",
                  f"class Part{p}_{m}:", "    def value(self):", f"        return {m}", "", "",
                  f"def helper{p}_{m}(x):", f"    return inner{p}_{m}(x) + 1", "", "",
                  f"def inner{p}_{m}(x):", "    return sum(range(x))", ""]
        open(os.path.join(pkg, f"mod{m}.py"), "w").write("\n".join(lines))
PY
git init -q -b main "$project"
cd "$project"
"$bin" visualize --mode file --lazy >/dev/null
sleep 2.1 # the stat cache trusts files older than two seconds
"$bin" visualize --mode file --lazy >/dev/null
hyperfine -N --warmup 2 --runs "$runs" \
  -n "visualize --mode file (5,000 files)" "$bin visualize --mode file" \
  -n "visualize --mode file --lazy, no change" "$bin visualize --mode file --lazy"
