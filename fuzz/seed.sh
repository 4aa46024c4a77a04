#!/bin/sh
# Seeds fuzz/corpus/<target>/ from tests/data (the corpus itself is not committed).
# Targets that pick a format or tool by the first byte get one seed per choice.
set -eu
cd "$(dirname "$0")"
data=../tests/data
mkdir -p corpus/coverage corpus/config corpus/commit_msg corpus/agent_payload corpus/docs
seed() { # seed <target> <name> <prefix-byte-octal or -> <file>
  if [ "$3" = - ]; then cp "$4" "corpus/$1/$2"; else { printf "\\$3"; cat "$4"; } > "corpus/$1/$2"; fi
}
seed coverage lcov 000 $data/coverage/conformance/lcov.info
seed coverage lcov-py 000 $data/coverage/python/coverage.lcov
seed coverage cobertura 001 $data/coverage/conformance/coverage.xml
seed coverage cobertura-py 001 $data/coverage/python/coverage.xml
seed coverage jacoco 002 $data/coverage/jacoco.xml
seed coverage pyjson 003 $data/coverage/python/coverage.json
seed coverage go 004 $data/coverage/cover.out
i=0
for f in $data/agenthooks/*.json; do
  case "$(basename "$f")" in
    claude-*) t=000 ;; codex-*) t=001 ;; opencode-*) t=002 ;; copilot-*) t=003 ;; gemini-*) t=004 ;; *) t=000 ;;
  esac
  seed agent_payload "$(basename "$f")" $t "$f"
done
for f in $data/specs/*.md ../docs/*.md; do seed docs "$(basename "$f")" - "$f"; done
# Each conformance case's message (the lines after a `###` header) is one seed.
awk '/^### /{n++; next} /^[@#]/{next} n{print > ("corpus/commit_msg/case-" n)}' $data/commitlint-conformance.txt
cp ../schema/*.yaml corpus/config/ 2>/dev/null || true
printf 'gates:\n  coverage:\n    pass: 80\n    reports: [lcov.info]\nhooks:\n  pre-commit: [secrets, lint]\n' > corpus/config/basic.yaml
printf 'zzz: [[[[1]]]]\ncommit_msg:\n  rules: {type-enum: [2, always, [feat, fix]]}\n' > corpus/config/nested.yaml
echo "seeded: $(ls corpus/* | wc -l) files"
