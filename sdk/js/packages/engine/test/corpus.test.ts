// The committed conformance corpus (sdk/conformance: rule sets, cases and the Python CLI's
// answers, written by the Python engine) answered by this engine, through the library and
// through the CLI, byte for byte and line for line.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LocalEngine, answerLine, formatLine } from "../src/index.js";

const CORPUS = fileURLToPath(new URL("../../../../conformance/", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/tailor-eval.mjs", import.meta.url));
const names = readdirSync(`${CORPUS}rulesets`)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -5))
  .sort();

/** The input's lines as the CLI splits them: on "\n" only, the last one if not empty. */
function lines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    out.push(bytes.subarray(start, end));
    start = end + 1;
  }
  return out;
}

describe("the conformance corpus", () => {
  it("holds at least 10,000 cases over every rule set", () => {
    const total = names.reduce((n, name) => n + lines(readFileSync(`${CORPUS}cases/${name}.jsonl`)).length, 0);
    expect(names.length).toBeGreaterThanOrEqual(11);
    expect(total).toBeGreaterThanOrEqual(10_000);
  });

  it.each(names)("the library answers %s exactly as the Python engine", (name) => {
    const engine = new LocalEngine(JSON.parse(readFileSync(`${CORPUS}rulesets/${name}.json`, "utf8")));
    const cases = lines(readFileSync(`${CORPUS}cases/${name}.jsonl`));
    const expected = readFileSync(`${CORPUS}expected/${name}.jsonl`, "utf8").split("\n").slice(0, -1);
    expect(cases.length).toBe(expected.length);
    const wrong: string[] = [];
    cases.forEach((line, i) => {
      const got = formatLine(answerLine(engine, line).result);
      if (got !== expected[i]) wrong.push(`line ${i + 1}: ${got}\n   expected ${expected[i]}`);
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("the CLI writes the Python CLI's bytes for every rule set (all run side by side)", async () => {
    const runs = names.map(
      (name) =>
        new Promise<string | null>((resolve) => {
          const child = spawn(process.execPath, [BIN, `${CORPUS}rulesets/${name}.json`], { stdio: ["pipe", "pipe", "ignore"] });
          const chunks: Buffer[] = [];
          child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
          child.on("close", (status) => {
            const same = Buffer.concat(chunks).equals(readFileSync(`${CORPUS}expected/${name}.jsonl`));
            resolve(status === 0 && same ? null : `${name}: exit ${status}, ${same ? "same" : "different"} output`);
          });
          child.stdin.end(readFileSync(`${CORPUS}cases/${name}.jsonl`));
        }),
    );
    expect((await Promise.all(runs)).filter((r) => r !== null)).toEqual([]);
  });
});

describe("the CLI's errors", () => {
  it("refuses a rule set it cannot read, with exit status 2", () => {
    const run = spawnSync(process.execPath, [BIN, `${CORPUS}cases/empty.jsonl`], { input: "" });
    expect(run.status).toBe(2);
    expect(run.stderr.toString()).toMatch(/cannot read the rule set/);
  });

  it("answers every bad line with a code and goes on", () => {
    const input = Buffer.concat([
      Buffer.from("not json\n[]\n{\"path\": 1, \"context\": {}}\n"),
      Buffer.from([0xff, 0x0a]),
      Buffer.from('{"path": "/", "context": {"now": "yesterday"}}\n{"path": "/nowhere/", "context": {"now": "2026-01-01T00:00:00Z"}}\n\n'),
    ]);
    const run = spawnSync(process.execPath, [BIN, `${CORPUS}rulesets/empty.json`], { input });
    expect(run.stdout.toString().split("\n")).toEqual([
      '{"error":"invalid-json"}',
      '{"error":"invalid-request"}',
      '{"error":"invalid-request"}',
      '{"error":"invalid-json"}',
      '{"error":"invalid-context"}',
      '{"error":"unknown-path"}',
      '{"error":"invalid-json"}',
      "",
    ]);
    expect(run.stderr.toString()).toMatch(/^line 1: invalid-json: /);
  });
});
