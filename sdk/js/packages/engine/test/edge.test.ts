// The built bundle runs where there is no Node: a fresh JavaScript realm (node:vm) holding only
// what edge runtimes and browsers give every script (TextEncoder, TextDecoder; Intl is part of
// the language), with no process, Buffer, require or module. And the ESM build imports nothing.
import { readFileSync } from "node:fs";
import { createContext, runInContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const CORPUS = fileURLToPath(new URL("../../../../conformance/", import.meta.url));

describe("the engine in an edge runtime", () => {
  it("imports only its portable dependency: no node:crypto, no fs, no Buffer", () => {
    const esm = readFileSync(`${DIST}index.js`, "utf8");
    const imports = [...esm.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports).toEqual(["@noble/hashes/sha2.js"]);
    expect(esm).not.toMatch(/\brequire\(|\bBuffer\b|\bprocess\.|"node:/);
  });

  it("decides the corpus's A/B, holdout and local-time cases in a realm without Node globals", () => {
    const realm = createContext({ TextEncoder, TextDecoder });
    runInContext(readFileSync(`${DIST}index.global.js`, "utf8"), realm);
    expect(runInContext("[typeof process, typeof Buffer, typeof require, typeof module]", realm)).toEqual([
      "undefined",
      "undefined",
      "undefined",
      "undefined",
    ]);
    for (const name of ["ab-holdouts", "time-stockholm", "location"]) {
      realm.ruleset = readFileSync(`${CORPUS}rulesets/${name}.json`, "utf8");
      realm.cases = readFileSync(`${CORPUS}cases/${name}.jsonl`, "utf8").split("\n").slice(0, 200);
      const got = runInContext(
        `(() => {
          const engine = new TailorEngine.LocalEngine(JSON.parse(ruleset));
          return cases.map((line) => TailorEngine.formatLine(TailorEngine.answerLine(engine, line).result));
        })()`,
        realm,
      ) as string[];
      const expected = readFileSync(`${CORPUS}expected/${name}.jsonl`, "utf8").split("\n").slice(0, 200);
      expect(got).toEqual(expected);
    }
  });
});
