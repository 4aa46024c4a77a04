#!/usr/bin/env python3
"""Samples ordinary lines from real projects installed on this machine, for the secrets
corpus (see README.md): random lines of random files, and lines that assign to names like
password, secret, token or key (the look-alikes real code is full of).

Usage: sample.py SEED ORDINARY LOOKALIKE ROOT...   prints `kind<TAB>ext<TAB>line` rows.
The rows are labelled by hand afterwards; the output depends on the installed versions.
"""
import os
import random
import re
import sys

EXTS = {".py": "py", ".js": "js", ".rs": "rs", ".json": "json", ".yaml": "yaml",
        ".yml": "yaml", ".toml": "toml", ".cfg": "ini", ".ini": "ini", ".md": "md",
        ".sh": "sh", ".ts": "ts", ".go": "go", ".rb": "rb"}
LOOKALIKE = re.compile(
    r"(?i)(passw|passwd|secret|token|api_?key|apikey|credential|private_?key|auth(?!or))"
    r"[A-Za-z0-9_\-\"'\]]*\s*(=|:|=>)")


def files(roots):
    for root in roots:
        for dirpath, dirnames, names in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in ("__pycache__", ".git")]
            for name in names:
                ext = os.path.splitext(name)[1]
                if ext in EXTS:
                    yield os.path.join(dirpath, name), EXTS[ext]


def usable(line):
    return (line.strip() and len(line) <= 220 and "\t" not in line
            and "⟦" not in line and line.isprintable())


def main():
    seed, ordinary, lookalike, roots = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    rng = random.Random(seed)
    pool = sorted(files(roots))
    rng.shuffle(pool)
    plain, similar = [], []
    # No file type takes more than a quarter of either kind (botocore alone ships
    # thousands of JSON files).
    cap = {"ordinary": max(1, ordinary // 4), "lookalike": max(1, lookalike // 4)}
    taken = {}
    seen = set()
    for path, ext in pool:
        if len(plain) >= ordinary and len(similar) >= lookalike:
            break
        try:
            with open(path, encoding="utf-8") as f:
                lines = [l.rstrip("\n") for l in f]
        except (UnicodeDecodeError, OSError):
            continue
        lines = [l for l in lines if usable(l) and l.strip() not in seen]
        if not lines:
            continue
        if len(plain) < ordinary and taken.get(("ordinary", ext), 0) < cap["ordinary"]:
            plain.append((ext, rng.choice(lines)))
            seen.add(plain[-1][1].strip())
            taken[("ordinary", ext)] = taken.get(("ordinary", ext), 0) + 1
        hits = [l for l in lines if LOOKALIKE.search(l)]
        if hits and len(similar) < lookalike and taken.get(("lookalike", ext), 0) < cap["lookalike"]:
            similar.append((ext, rng.choice(hits)))
            seen.add(similar[-1][1].strip())
            taken[("lookalike", ext)] = taken.get(("lookalike", ext), 0) + 1
    for kind, rows in (("ordinary", plain), ("real-lookalike", similar)):
        for ext, line in rows:
            print(f"{kind}\t{ext}\t{line}")


if __name__ == "__main__":
    main()
