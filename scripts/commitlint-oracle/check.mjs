// Checks tests/data/commitlint-conformance.txt against the real commitlint.
//
// Each case's raw message goes through git's own clean-up (scissors cut, then
// `git stripspace --strip-comments`), exactly what pactkit lints, and then through
// commitlint's lint() with @commitlint/config-conventional's rules and parser preset.
// Prints every disagreement with the expectations in the data file; exits 1 if any.
//
// Usage: node check.mjs <dir with node_modules holding @commitlint/*> [data file]

import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const modulesDir = path.resolve(process.argv[2] ?? process.env.COMMITLINT_DIR ?? ".");
const dataFile = path.resolve(process.argv[3] ?? path.join(here, "../../tests/data/commitlint-conformance.txt"));

async function importPackage(name) {
  const dir = path.join(modulesDir, "node_modules", name);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const mod = await import(pathToFileURL(path.join(dir, pkg.main ?? "index.js")).href);
  return mod.default ?? mod;
}

const lint = await importPackage("@commitlint/lint");
const load = await importPackage("@commitlint/load");
const isIgnored = await importPackage("@commitlint/is-ignored");

function parseCases(text) {
  const cases = [];
  let current = null;
  const finish = () => {
    if (!current) return;
    if (current.msg === undefined) {
      while (current.lines.length && current.lines[current.lines.length - 1] === "") current.lines.pop();
      current.msg = current.lines.join("\n") + "\n";
    }
    cases.push(current);
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("### ")) {
      finish();
      const [id, verdict, ...opts] = line.slice(4).split(" ");
      current = { id, verdict, errors: [], warnings: [], rules: {}, config: {}, commentChar: "#", lines: [] };
      for (const opt of opts) {
        const [key, value] = opt.split("=");
        current[key] = value ? value.split(",") : [];
      }
    } else if (!current) {
      continue;
    } else if (current.lines.length === 0 && line.startsWith("@rules ")) {
      current.rules = JSON.parse(line.slice(7));
    } else if (current.lines.length === 0 && line.startsWith("@config ")) {
      current.config = JSON.parse(line.slice(8));
    } else if (current.lines.length === 0 && line.startsWith("@comment-char ")) {
      current.commentChar = line.slice(14);
    } else if (current.lines.length === 0 && line.startsWith("@msg ")) {
      current.msg = JSON.parse(line.slice(5));
    } else if (current.msg === undefined) {
      current.lines.push(line);
    }
  }
  finish();
  return cases;
}

const SCISSORS = "------------------------ >8 ------------------------\n";

function gitCleanup(raw, commentChar) {
  const cut = `${commentChar} ${SCISSORS}`;
  let text = raw;
  const at = text.startsWith(cut) ? 0 : text.indexOf("\n" + cut);
  if (at >= 0) text = text.slice(0, at === 0 ? 0 : at + 1);
  const out = spawnSync("git", ["-c", `core.commentChar=${commentChar}`, "stripspace", "--strip-comments"], {
    input: text,
    encoding: "utf8",
  });
  if (out.status !== 0) throw new Error(`git stripspace failed: ${out.stderr}`);
  return out.stdout;
}

const loaded = await load({ extends: ["@commitlint/config-conventional"] }, { cwd: modulesDir });
const text = readFileSync(dataFile, "utf8");
const cases = parseCases(text);
const sorted = (xs) => [...xs].sort().join(",");
let disagreements = 0;

for (const c of cases) {
  const message = gitCleanup(c.msg, c.commentChar);
  const base = c.config.extends === "none" ? {} : loaded.rules;
  const rules = { ...base, ...c.rules };
  const ignores = (c.config.ignores ?? []).map((p) => {
    const re = new RegExp(p);
    return (m) => re.test(m);
  });
  const defaults = c.config.default_ignores !== false;
  const opts = {
    defaultIgnores: defaults,
    ignores,
    parserOpts: { ...loaded.parserPreset.parserOpts, commentChar: c.commentChar },
  };
  const result = await lint(message, rules, opts);
  const ignored = isIgnored(message, { defaults, ignores });
  const actual = {
    verdict: ignored ? "ignored" : result.valid ? "valid" : "invalid",
    errors: sorted(result.errors.map((e) => e.name)),
    warnings: sorted(result.warnings.map((w) => w.name)),
  };
  const expected = { verdict: c.verdict, errors: sorted(c.errors), warnings: sorted(c.warnings) };
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    disagreements++;
    console.log(`DISAGREE ${c.id}\n  message:  ${JSON.stringify(message)}\n  expected: ${JSON.stringify(expected)}\n  commitlint: ${JSON.stringify(actual)}`);
  }
}

console.log(`${cases.length} cases, ${disagreements} disagreement(s)`);
process.exit(disagreements ? 1 : 0);
