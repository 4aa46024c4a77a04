// Asks the real commitlint (lint + config-conventional) for the verdict on every message of
// the conformance suite and writes them as the expected results pactkit's test compares with.
// Usage: node check.mjs messages.json > ../../tests/data/commitlint-conformance.json
// Needs: npm install @commitlint/lint @commitlint/config-conventional @commitlint/load
import { readFileSync } from "node:fs";
import lintModule from "@commitlint/lint";
import loadModule from "@commitlint/load";

const lint = lintModule.default ?? lintModule;
const load = loadModule.default ?? loadModule;
const messages = JSON.parse(readFileSync(process.argv[2], "utf8"));
const config = await load({ extends: ["@commitlint/config-conventional"] });
const opts = { parserOpts: config.parserPreset?.parserOpts ?? {}, plugins: config.plugins ?? {}, ignores: config.ignores ?? [], defaultIgnores: config.defaultIgnores ?? true };
const out = [];
for (const m of messages) {
  const r = await lint(m.message, config.rules, opts);
  out.push({ ...m, valid: r.valid, errors: r.errors.map((e) => e.name).sort(), warnings: r.warnings.map((w) => w.name).sort() });
}
console.log(JSON.stringify(out, null, 1));
