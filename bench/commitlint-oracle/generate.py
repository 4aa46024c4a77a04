#!/usr/bin/env python3
"""Writes the commit messages of the conformance suite (one JSON list) to stdout.

The messages are already in the shape git stores them (comment lines gone, trailing
whitespace stripped), so commitlint's lint() and pactkit see the same text.
Expected verdicts are added by check.mjs, which asks the real commitlint.
"""
import json

TYPES = ["build", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert", "style", "test"]
messages = []

def add(category, message):
    # git strips trailing whitespace from every line before storing a message
    message = "\n".join(line.rstrip() for line in message.split("\n"))
    messages.append({"category": category, "message": message})

for t in TYPES:
    add("valid-type", f"{t}: change the thing")
    add("valid-type-scope", f"{t}(core): change the thing")
    add("breaking-bang", f"{t}!: change the thing")
for t in ["feature", "Feat", "FIX", "doc", "wip", "bugfix", "release", "Docs", "tests", "feat ", "fix_", "feat-x", "ü"]:
    add("bad-type", f"{t}: change the thing")
for header in [": no type", "feat:no space", "feat no colon", "feat:", "feat: ", "feat(scope):", "(scope): subject",
               "feat(scope) : subject", "feat((x)): nested", "feat(a)(b): twice", "Added the thing.", "WIP", "update",
               "feat!:", "feat(): empty scope", "feat(ci/cd): slash scope", "feat(a, b): list scope", "feat(API): upper scope",
               "feat(my_scope): snake scope", "fix(#12): hash scope"]:
    add("header-shape", header)
SUBJECTS = ["add the thing", "Add the thing", "Add The Thing", "AddTheThing", "ADD THE THING", "addTheThing",
            "add-the-thing", "add_the_thing", "1st try at it", "42", "`Foo` is now bar", "\"Quoted\" start",
            "add URL support", "add the thing.", "add the thing..", "add the thing!", "add the thing?", "añadir cosa",
            "Ändern der Sache", "добавить вещь", "修复问题", "🎉 celebrate", "a", "A", "i18n support", "iOS build",
            "x.", "v1.2.3 support", "...", "add the thing. ", "readme", "Readme", "README"]
for s in SUBJECTS:
    add("subject", f"feat: {s}")
    add("subject-scoped", f"fix(api): {s}")
for n in [98, 99, 100, 101, 102, 150]:
    prefix = "feat: "
    add("header-length", prefix + ("x" * (n - len(prefix))))
    add("header-length-unicode", prefix + ("é" * (n - len(prefix))))
add("header-length-emoji", "feat: " + "😀" * 48)
add("header-length-emoji", "feat: " + "😀" * 47)
add("header-trim", " feat: leading space")
add("header-trim", "  fix: two leading spaces")
add("header-trim", "\tfix: leading tab")
BODY_OK = "Explain why the change was needed."
for body_line in [99, 100, 101, 140]:
    add("body-line-length", f"feat: x\n\n{'b' * body_line}")
    add("footer-line-length", f"feat: x\n\n{BODY_OK}\n\nRefs: {'f' * (body_line - 6)}")
add("body-leading-blank", f"feat: x\n{BODY_OK}")
add("body-leading-blank", f"feat: x\n\n{BODY_OK}")
add("body-leading-blank", f"feat: x\n{BODY_OK}\n\nmore body")
add("body-leading-blank", f"fix: y\nsecond line\nthird line")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\nBREAKING CHANGE: api gone")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\n\nBREAKING CHANGE: api gone")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\nCloses #12")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\n\nCloses #12")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\nRefs: #12")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\n\nSigned-off-by: A <a@example.com>")
add("footer-leading-blank", f"feat: x\n\n{BODY_OK}\nSigned-off-by: A <a@example.com>")
add("footer", f"feat!: drop v1\n\nBREAKING CHANGE: v1 is gone")
add("footer", f"feat: drop v1\n\nBREAKING-CHANGE: v1 is gone")
add("footer", f"feat(api)!: drop v1\n\n{BODY_OK}\n\nBREAKING CHANGE: v1 is gone\nRefs: #42")
add("footer", f"fix: handle null\n\nFixes #7\nCloses #8")
add("footer", f"fix: handle null\n\nReviewed-by: Z\nRefs: #123")
add("footer", f"fix: handle null\n\n{BODY_OK}\n\nCo-authored-by: A <a@example.com>")
add("body", f"docs: long body\n\n" + "\n".join(["word " * 19] * 3))
add("body", f"docs: body with url\n\nSee https://example.com/{'p' * 120}")
add("body", f"refactor: multi paragraph\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird.")
add("body", f"test: body mentions #12 inline\n\nThis relates to #12 somewhat.")
add("body", f"chore: body with BREAKING CHANGE inside\n\nWe note a BREAKING CHANGE: here in prose.")
# default ignores (and near misses)
for m in ["Merge pull request #12 from org/branch", "Merge branch 'main' into feature", "Merge branch 'x'",
          "Merge tag 'v1.0.0'", "Merge remote-tracking branch 'origin/main'", "Merge 'a' into 'b'",
          "Revert \"feat: thing\"", "revert \"feat: thing\"", "Revert \"feat: thing\"\n\nThis reverts commit abc.",
          "Reapply \"feat: thing\"", "reapply \"feat: thing\"", "fixup! feat: thing", "squash! fix: bug", "amend! fix: bug",
          "1.2.3", "v1.2.3", "2.0.0-rc.1", "chore: 1.2.3", "chore(release): 1.2.3", "chore(release): v2.0.0",
          "Merged in feature (pull request #4)", "Merged PR 42: add thing", "Automatic merge from CI",
          "Auto-merged main into release", "Merge", "Merged", "fixup feat: thing", "Fixup! feat: thing",
          "chore: 1.2", "release 1.2.3", "chore: release 1.2.3", "1.2.3 release", "feat: merge branch logic",
          "Reverted the thing", "reverting", "feat: x\n\nMerge branch 'y'", "squash!", "amend!fix"]:
    add("ignore", m)
# combinations of problems
for t in ["feat", "Feat", "feature"]:
    for s in ["add thing", "Add thing.", "ADD THING"]:
        for body in ["", f"\n\n{BODY_OK}", f"\n{BODY_OK}"]:
            add("combination", f"{t}: {s}{body}")
for scope in ["api", "API", "my-scope", "my scope", "a/b", "a,b", "a\\b"]:
    add("scope", f"feat({scope}): add thing")
for t in TYPES:
    add("per-type", f"{t}: Update the docs.")
    add("per-type", f"{t}: update the docs\n\n{BODY_OK}")
    add("per-type", f"{t}: update the docs\n{BODY_OK}")
    add("per-type", f"{t}!: drop the api\n\nBREAKING CHANGE: the api is gone")
    add("per-type", f"{t}(scope): " + "y" * 95)
print(json.dumps(messages, ensure_ascii=False, indent=1))
