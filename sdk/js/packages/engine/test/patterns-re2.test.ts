// The server's own answers (google-re2 through personalization/engine/patterns.py, recorded by
// scripts/re2-fixture.mjs) for 1200 random patterns: refused or not, found or not in 31 texts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { patternError, translatedEngine } from "../src/patterns.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/re2-answers.json", import.meta.url), "utf8")) as {
  texts: string[];
  rows: [string, string | null][];
};

describe("patterns answer as the server's RE2", () => {
  it("refuses exactly the patterns the server refuses, and finds what it finds", () => {
    const differ: string[] = [];
    for (const [pattern, answers] of fixture.rows) {
      const refused = patternError(pattern) !== null;
      if (refused !== (answers === null)) differ.push(`${pattern}: refused ${refused}`);
      if (refused || answers === null) continue;
      const search = translatedEngine(pattern);
      const ours = fixture.texts.map((t) => (search(t) ? "1" : "0")).join("");
      if (ours !== answers) differ.push(`${pattern}: ${ours} (server ${answers})`);
    }
    expect(fixture.rows.length).toBe(1200);
    expect(differ).toEqual([]);
  });
});
