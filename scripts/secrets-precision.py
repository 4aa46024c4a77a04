#!/usr/bin/env python3
"""Precision and recall of pactkit's secrets gate and of detect-secrets on the labelled
corpus in tests/data/secrets-corpus/corpus.tsv (see its README.md).

Each corpus row is `verdict<TAB>kind<TAB>ext<TAB>line`; `⟦alphabet:n⟧` in a line stands for
n characters drawn from a seeded generator, so the committed file holds no token in a real
provider's format (other scanners and push protection stay quiet) while every run sees the
same values. The rows go into one file per extension in a scratch git repository; pactkit
runs as `pactkit check --gate secrets --all-files --format json`, detect-secrets as
`detect-secrets scan FILE…` with its default plugins and filters. A row counts as flagged
when a tool reports its line.

Usage: secrets-precision.py --pactkit BIN [--detect-secrets CMD] [--corpus FILE]
                            [--expand] [--show-errors]
  --expand        print the expanded corpus (verdict, kind, ext, line) and exit
  --show-errors   list each tool's false positives and false negatives
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "tests", "data", "secrets-corpus", "corpus.tsv")

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
ALPHABETS = {
    "hex": DIGITS + "abcdef",
    "HEX": DIGITS + "ABCDEF",
    "digits": DIGITS,
    "lower": LOWER,
    "upper": UPPER,
    "alpha": UPPER + LOWER,
    "alnum": UPPER + LOWER + DIGITS,
    "upnum": UPPER + DIGITS,
    "lowernum": LOWER + DIGITS,
    "b32": UPPER + "234567",
    "b64": UPPER + LOWER + DIGITS + "+/",
    "b64url": UPPER + LOWER + DIGITS + "-_",
    "azure": UPPER + LOWER + DIGITS + "_~.-",
    "age": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
    "bcrypt": "./" + UPPER + LOWER + DIGITS,
    "pw": UPPER + LOWER + DIGITS + "!#$%&*+-.:=?@^_~",
    "djsecret": LOWER + DIGITS + "!@#$%^&*(-_=+)",
    "wp": UPPER + LOWER + DIGITS + "!#$%&()*+,-./:;<=>?@[]^_`{|}~",
}
OPEN, CLOSE = "⟦", "⟧"
MASK = (1 << 64) - 1


class SplitMix64:
    """The generator the Rust test uses too (tests/cli/secrets_corpus.rs)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def expand(line, row):
    """Replaces each ⟦alphabet:n⟧ with n generated characters; row seeds the generator."""
    rng = SplitMix64(row)
    out = []
    rest = line
    while OPEN in rest:
        before, _, after = rest.partition(OPEN)
        spec, _, rest = after.partition(CLOSE)
        name, _, count = spec.partition(":")
        alphabet = ALPHABETS[name]
        out.append(before)
        out.append("".join(alphabet[rng.next() % len(alphabet)] for _ in range(int(count))))
    out.append(rest)
    return "".join(out)


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if not raw or raw.startswith("#"):
                continue
            verdict, kind, ext, line = raw.split("\t", 3)
            assert verdict in ("secret", "ok"), raw
            rows.append((verdict, kind, ext, expand(line, len(rows) + 1)))
    return rows


def materialise(rows, work):
    """Writes one file per extension; returns {(file, line number): row index}."""
    files = {}
    where = {}
    for index, (_, _, ext, line) in enumerate(rows):
        name = f"corpus.{ext}"
        files.setdefault(name, []).append(line)
        where[(name, len(files[name]))] = index
    for name, lines in files.items():
        with open(os.path.join(work, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    return sorted(files), where


def git(work, *args):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com")
    subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)


def run_pactkit(binary, work):
    git(work, "init", "-q")
    git(work, "add", ".")
    out = subprocess.run([binary, "check", "--gate", "secrets", "--all-files", "--format", "json"],
                         cwd=work, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"pactkit failed ({out.returncode}): {out.stderr}")
    flagged = set()
    for gate in json.loads(out.stdout)["gates"]:
        for finding in gate.get("findings", []):
            if finding.get("line") and finding.get("severity") == "error":
                flagged.add((finding["file"], finding["line"]))
    return flagged


def run_detect_secrets(command, work, files):
    out = subprocess.run([*shlex.split(command), "scan", *files], cwd=work,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"detect-secrets failed ({out.returncode}): {out.stderr}")
    flagged = set()
    for name, secrets in json.loads(out.stdout)["results"].items():
        for secret in secrets:
            flagged.add((name, secret["line_number"]))
    return flagged


def score(rows, where, flagged):
    hits = {where[k] for k in flagged if k in where}
    tp = sum(1 for i in hits if rows[i][0] == "secret")
    fp = len(hits) - tp
    fn = sum(1 for i, r in enumerate(rows) if r[0] == "secret" and i not in hits)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return hits, tp, fp, fn, precision, recall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pactkit")
    parser.add_argument("--detect-secrets", default="detect-secrets")
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--expand", action="store_true")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    rows = load(args.corpus)
    if args.expand:
        for row in rows:
            print("\t".join(row))
        return
    if not args.pactkit:
        parser.error("--pactkit BIN is required")
    secrets = sum(1 for r in rows if r[0] == "secret")
    kinds = len({r[1] for r in rows if r[0] == "secret"})
    print(f"corpus: {len(rows)} lines, {secrets} secrets of {kinds} kinds, "
          f"{len(rows) - secrets} ordinary and look-alike lines")
    with tempfile.TemporaryDirectory() as work:
        files, where = materialise(rows, work)
        version = subprocess.run([*shlex.split(args.detect_secrets), "--version"],
                                 capture_output=True, text=True).stdout.strip()
        results = [("pactkit", run_pactkit(os.path.abspath(args.pactkit), work)),
                   (f"detect-secrets {version}", run_detect_secrets(args.detect_secrets, work, files))]
    print(f"{'tool':<22} {'precision':>9} {'recall':>7} {'TP':>5} {'FP':>5} {'FN':>5}")
    for name, flagged in results:
        hits, tp, fp, fn, precision, recall = score(rows, where, flagged)
        print(f"{name:<22} {precision:>9.3f} {recall:>7.3f} {tp:>5} {fp:>5} {fn:>5}")
        if args.show_errors:
            for i, (verdict, kind, ext, line) in enumerate(rows):
                flagged_here = i in hits
                if flagged_here != (verdict == "secret"):
                    label = "FP" if flagged_here else "FN"
                    print(f"  {label} row {i + 1} [{kind}/{ext}] {line[:160]}")


if __name__ == "__main__":
    main()
