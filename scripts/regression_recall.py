#!/usr/bin/env python3
"""Regression-selection recall of `pactkit regression`, measured by mutation.

For each package below (pure Python, multi-module, its sdist ships its own tests): download
the sdist from PyPI into the cache (nothing third-party is committed), run the suite once
unmutated, then for a seeded sample of functions apply one single-function mutation at a time
(the first `return <value>` becomes `return None`, or the first comparison is flipped),
run the whole suite to find which test files fail, ask `pactkit regression <file> --format
json` which tests it selects, and restore the file.

Reported per package and in total:
  killed   mutants some test kills (at least one test file fails)
  recall   killed mutants whose failing test files are ALL selected (FULL selects all)
  any-hit  killed mutants with at least one failing test file selected
  selected mean fraction of the suite's test files selected, over all mutants
  FULL     mutants for which pactkit chose FULL

Run through scripts/regression-recall.sh; `--help` lists the options.
"""

import argparse
import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

# name, version, source folder (relative to the sdist root), pytest arguments, PYTHONPATH.
PACKAGES = [
    {
        "name": "cachetools",
        "version": "8.0.3",
        "source": "src/cachetools",
        "pytest": ["tests"],
        "path": "src",
    },
    {
        "name": "toolz",
        "version": "1.2.0",
        "source": "toolz",
        "pytest": [],
        "path": ".",
    },
    {
        "name": "boltons",
        "version": "26.2.0",
        "source": "boltons",
        "pytest": ["tests"],
        "path": ".",
    },
    {
        "name": "more-itertools",
        "version": "11.2.1",
        "source": "more_itertools",
        # The suite's slowest tests (minutes on 2 cores) are left out.
        "pytest": [
            "tests",
            "--deselect=tests/test_recipes.py::PrimeFunctionTests::test_primes",
            "--deselect=tests/test_recipes.py::PrimeFunctionTests::test_nth_prime_approximate",
            "--deselect=tests/test_more.py::DiscreteFourierTransformTests::test_roundtrip",
            "--deselect=tests/test_more.py::ExtractTests::test_all_orderings",
            "--deselect=tests/test_recipes.py::PolynomialFromRootsTests::test_large",
            "--deselect=tests/test_more.py::TestConcurrentTee",
            "--deselect=tests/test_more.py::TestRandomOrderedRange::test_lcg_mitigation",
        ],
        "path": ".",
    },
]

FLIP = {
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.Lt: ">=",
    ast.GtE: "<",
    ast.Gt: "<=",
    ast.LtE: ">",
    ast.Is: "is not",
    ast.IsNot: "is",
    ast.In: "not in",
    ast.NotIn: "in",
}
OP_TEXT = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.GtE: ">=",
    ast.Gt: ">",
    ast.LtE: "<=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}


def fetch(pkg, cache):
    """The sdist in the cache, downloaded with pip on first use."""
    sdists = cache / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)

    def cached():
        stems = {f"{pkg['name']}-{pkg['version']}", f"{pkg['name'].replace('-', '_')}-{pkg['version']}"}
        return next((p for p in sdists.glob("*.tar.gz") if p.name[: -len(".tar.gz")] in stems), None)

    if cached() is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", "-d", str(sdists), f"{pkg['name']}=={pkg['version']}"],
            check=True,
        )
    archive = cached()
    if archive is None:
        raise SystemExit(f"pip did not download an sdist of {pkg['name']} {pkg['version']}")
    return archive


def unpack(archive, work):
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        tar.extractall(work, filter="data")
    return work / top


def run_suite(pkg, tree, timeout, only=None):
    """(failing test files, seconds, timed out); `only` runs just those test files."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=pkg["path"])
    started = time.monotonic()
    targets = sorted(only) if only else pkg["pytest"]
    try:
        out = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=no",
             "-rfE", "-o", "addopts=", *targets],
            cwd=tree, env=env, capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return set(), time.monotonic() - started, True
    failing = set()
    for line in out.stdout.splitlines():
        m = re.match(r"^(FAILED|ERROR) ([^\s:]+\.py)", line)
        if m:
            failing.add(m.group(2))
    return failing, time.monotonic() - started, False


def collected_files(pkg, tree):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=pkg["path"])
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         "-o", "addopts=", *pkg["pytest"]],
        cwd=tree, env=env, capture_output=True, text=True, check=False,
    )
    return {line.split("::")[0] for line in out.stdout.splitlines() if "::" in line}


def mutants(tree, source, rng, per_package):
    """A seeded sample of (file, description, mutated text), one per function."""
    candidates = []
    for path in sorted((tree / source).rglob("*.py")):
        rel = path.relative_to(tree).as_posix()
        parts = rel.split("/")
        if any(p in ("tests", "test") for p in parts) or parts[-1].startswith("test_"):
            continue
        text = path.read_text(encoding="utf-8")
        try:
            module = ast.parse(text)
        except SyntaxError:
            continue
        lines = text.splitlines(keepends=True)
        for node in ast.walk(module):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                mutation = mutate_function(node, lines)
                if mutation:
                    candidates.append((rel, f"{rel}:{node.lineno} {node.name}: {mutation[0]}", mutation[1]))
    rng.shuffle(candidates)
    return candidates[:per_package]


def own_nodes(function):
    """The nodes of a function body, nested functions and classes left out."""
    stack = list(function.body)
    while stack:
        node = stack.pop(0)
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                stack.append(child)


def mutate_function(function, lines):
    """(description, mutated text) of the function's first comparison or return value."""
    nodes = sorted(own_nodes(function), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
    for node in nodes:
        if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIP:
            left, right = node.left, node.comparators[0]
            if left.end_lineno != right.lineno:
                continue
            line = lines[left.end_lineno - 1].encode()
            gap = line[left.end_col_offset:right.col_offset].decode()
            op = OP_TEXT[type(node.ops[0])]
            pattern = r"\s+".join(map(re.escape, op.split()))
            m = re.search(r"(?<![=!<>])" + pattern + r"(?![=])", gap)
            if not m:
                continue
            new_gap = gap[: m.start()] + FLIP[type(node.ops[0])] + gap[m.end():]
            new_line = line[: left.end_col_offset] + new_gap.encode() + line[right.col_offset:]
            mutated = lines[:]
            mutated[left.end_lineno - 1] = new_line.decode()
            return f"`{op}` → `{FLIP[type(node.ops[0])]}`", "".join(mutated)
        if isinstance(node, ast.Return) and node.value is not None:
            value = node.value
            if isinstance(value, ast.Constant) and value.value is None:
                continue
            first, last = value.lineno - 1, value.end_lineno - 1
            head = lines[first].encode()[: value.col_offset]
            tail = lines[last].encode()[value.end_col_offset:]
            mutated = lines[:first] + [(head + b"None" + tail).decode()] + lines[last + 1:]
            return "return value → None", "".join(mutated)
    return None


def pactkit_selection(binary, tree, rel):
    out = subprocess.run(
        [binary, "regression", rel, "--format", "json"],
        cwd=tree, capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"), check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"pactkit regression failed on {rel}: {out.stderr}")
    doc = json.loads(out.stdout)
    return doc["decision"], doc["reason"], set(doc["tests"])


def covered(selected, decision, failing):
    if decision == "FULL":
        return True
    return all(any(f == s or f.startswith(s.rstrip("/") + "/") or s == "." for s in selected) for f in failing)


def measure(pkg, args, work):
    archive = fetch(pkg, args.cache)
    tree = unpack(archive, work)
    suite = collected_files(pkg, tree)
    baseline, seconds, timed_out = run_suite(pkg, tree, timeout=None)
    if timed_out or not suite:
        raise SystemExit(f"{pkg['name']}: the unmutated suite did not run")
    timeout = max(60.0, seconds * 5)
    rng = random.Random(f"{args.seed}:{pkg['name']}")
    rows = []
    for rel, description, text in mutants(tree, pkg["source"], rng, args.per_package):
        path = tree / rel
        original = path.read_text(encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        try:
            failing, _, timed_out = run_suite(pkg, tree, timeout)
            failing -= baseline
            row = {"mutant": description, "failing": sorted(failing), "timed_out": timed_out}
            for label, binary in args.binaries:
                decision, reason, selected = pactkit_selection(binary, tree, rel)
                fraction = 1.0 if decision == "FULL" else len(selected & suite) / len(suite)
                row[label] = {
                    "decision": decision,
                    "reason": reason,
                    "selected": sorted(selected),
                    "fraction": fraction,
                    "covered": covered(selected, decision, failing),
                    "hit": decision == "FULL" or bool(failing & selected),
                }
        finally:
            path.write_text(original, encoding="utf-8")
        # A file that fails again without the mutant is flaky (timing under load), not
        # killed by it.
        if failing:
            flaky, _, _ = run_suite(pkg, tree, timeout, only=failing)
            row["flaky"] = sorted(flaky & failing)
            row["failing"] = sorted(failing - flaky)
            failing -= flaky
            for label, _ in args.binaries:
                row[label]["covered"] = covered(set(row[label]["selected"]), row[label]["decision"], failing)
                row[label]["hit"] = row[label]["decision"] == "FULL" or bool(failing & set(row[label]["selected"]))
        rows.append(row)
        state = "timeout" if timed_out else f"{len(failing)} failing file(s)"
        if row.get("flaky"):
            state += f" (flaky without the mutant too: {', '.join(row['flaky'])})"
        misses = [label for label, _ in args.binaries if failing and not row[label]["covered"]]
        print(f"  {description}: {state}{'; missed by ' + ', '.join(misses) if misses else ''}", file=sys.stderr, flush=True)
    shutil.rmtree(tree, ignore_errors=True)
    return {"package": f"{pkg['name']} {pkg['version']}", "suite_files": len(suite), "rows": rows}


def summary(result, label):
    rows = [r for r in result["rows"] if not r["timed_out"]]
    killed = [r for r in rows if r["failing"]]
    covered_n = sum(r[label]["covered"] for r in killed)
    hit_n = sum(r[label]["hit"] for r in killed)
    fraction = sum(r[label]["fraction"] for r in rows) / len(rows) if rows else 0.0
    full = sum(r[label]["decision"] == "FULL" for r in rows)
    return len(rows), len(killed), covered_n, hit_n, fraction, full


def pct(a, b):
    return f"{100 * a / b:.0f}%" if b else "–"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", action="append", required=True, metavar="LABEL=PATH",
                        help="a pactkit binary to measure (repeatable, e.g. new=target/debug/pactkit)")
    parser.add_argument("--cache", type=Path, required=True, help="where sdists are kept")
    parser.add_argument("--per-package", type=int, default=20, help="mutants per package (default 20)")
    parser.add_argument("--seed", default="1", help="sampling seed (default 1)")
    parser.add_argument("--only", action="append", help="measure only these packages")
    parser.add_argument("--json", type=Path, help="write every mutant's result here")
    args = parser.parse_args()
    args.binaries = [tuple(b.split("=", 1)) if "=" in b else (b, b) for b in args.bin]
    args.binaries = [(label, str(Path(path).resolve())) for label, path in args.binaries]
    work = args.cache / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    results = []
    for pkg in PACKAGES:
        if args.only and pkg["name"] not in args.only:
            continue
        print(f"{pkg['name']} {pkg['version']}:", file=sys.stderr, flush=True)
        results.append(measure(pkg, args, work))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    for label, _ in args.binaries:
        print(f"\n{label}:\n")
        print("| package | test files | mutants | killed | recall (all failing files selected) | at least one selected | suite selected (mean) | FULL |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        totals = [0, 0, 0, 0, 0.0, 0]
        for result in results:
            n, killed, cov, hit, fraction, full = summary(result, label)
            totals = [totals[0] + n, totals[1] + killed, totals[2] + cov, totals[3] + hit, totals[4] + fraction * n, totals[5] + full]
            print(f"| {result['package']} | {result['suite_files']} | {n} | {killed} | {pct(cov, killed)} | {pct(hit, killed)} | {100 * fraction:.0f}% | {full} |")
        n, killed, cov, hit, weighted, full = totals
        print(f"| **all** | | {n} | {killed} | **{pct(cov, killed)}** | {pct(hit, killed)} | {100 * weighted / n if n else 0:.0f}% | {full} |")
        misses = [(r["mutant"], sorted(set(r["failing"]) - set(r[label]["selected"])))
                  for result in results for r in result["rows"]
                  if r["failing"] and not r["timed_out"] and not r[label]["covered"]]
        for mutant, missed in misses:
            print(f"- missed: {mutant}: {', '.join(missed)}")


if __name__ == "__main__":
    main()
