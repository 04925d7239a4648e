// npm run crosscheck: the two CLIs of ../shared/spec/js-sdk.md on FRESH random visitors. For each
// committed rule set (sdk/conformance/rulesets), the conformance generator (sdk/conformance,
// generate.py's cases_for with another seed) writes new request lines; `python -m
// personalization.engine.cli` and bin/tailor-eval.mjs answer them; every line must be equal.
//
//   node scripts/crosscheck.mjs [--seed S] [--count N] [--root REPO] [--python PATH]
//
// Needs the repository's Python side (engine CLI and conformance generator) and `npm run build`.
// Exit status 1 when a line differs (the first differences are printed).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const root = arg("root", fileURLToPath(new URL("../../../../../", import.meta.url)));
const python = arg("python", join(root, ".venv/bin/python"));
const seed = arg("seed", `fresh-${Date.now()}`);
const count = Number(arg("count", 2000));
const bin = fileURLToPath(new URL("../bin/tailor-eval.mjs", import.meta.url));
const rulesets = join(root, "sdk/conformance/rulesets");
const out = mkdtempSync(join(tmpdir(), "tailor-crosscheck-"));

const generate = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(root, "sdk/conformance"))})
sys.path.insert(0, ${JSON.stringify(root)})
import generate
generate.SEED = ${JSON.stringify(seed)}
for name in sys.argv[1:]:
    doc = json.load(open(${JSON.stringify(rulesets)} + "/" + name + ".json", encoding="utf-8"))
    lines = generate.cases_for(name, doc, ${count})
    with open(${JSON.stringify(out)} + "/" + name + ".jsonl", "w", encoding="utf-8") as f:
        f.write("".join(line + "\\n" for line in lines))
`;
const names = readdirSync(rulesets).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
const env = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };
execFileSync(python, ["-c", generate, ...names], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });

let differ = 0;
let total = 0;
for (const name of names) {
  const input = readFileSync(join(out, `${name}.jsonl`));
  const ruleset = join(rulesets, `${name}.json`);
  const py = spawnSync(python, ["-m", "personalization.engine.cli", ruleset], { cwd: root, env, input, maxBuffer: 1 << 28 });
  const js = spawnSync(process.execPath, [bin, ruleset], { input, maxBuffer: 1 << 28 });
  const a = py.stdout.toString().split("\n");
  const b = js.stdout.toString().split("\n");
  let here = 0;
  a.forEach((line, i) => {
    if (line !== b[i]) {
      here += 1;
      if (differ + here <= 5) console.log(`${name} line ${i + 1}:\n  python ${line}\n  node   ${b[i]}`);
    }
  });
  if (a.length !== b.length) here += 1;
  total += a.length - 1;
  differ += here;
  console.log(`${name}: ${a.length - 1} lines, ${here} differ`);
}
rmSync(out, { recursive: true, force: true });
console.log(`${total} fresh lines (seed ${seed}): ${differ === 0 ? "the two CLIs agree on every line" : `${differ} differ`}`);
process.exitCode = differ === 0 ? 0 : 1;
