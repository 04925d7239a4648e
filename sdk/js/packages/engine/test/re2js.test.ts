// The translated patterns against re2js (a port of RE2 itself): the same answers on a spread of
// patterns and texts, and the corpus's regex-heavy rule sets decided with re2js as the engine.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { LocalEngine, type RegexEngine, type Search, answerLine, formatLine, patternError, translatedEngine } from "../src/index.js";

const re2js: RegexEngine = (pattern) => {
  const re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  return (text) => re.matcher(text).find();
};

const PATTERNS = [
  "^(s|n)[eo]$", "^[A-Z]{3}$", "^.{5}$", "É|ü", "^America/", "(^|\\.)google\\.[a-z.]+$", "^black[-_]friday-\\d{4}$",
  "^/blog/\\d+/?$", "\\bbike\\b", "[^a-z]", "[[:punct:]]", "[[:^alpha:]]+", "\\W", "\\S+\\s\\S+", "(?s)a.b", "a.b",
  "(?m)^b$", "^b$", "x{,3}", "\\Qa.b\\E", "(?-i)ABC", "(?i:a)(?-i:B)", "\\p{Greek}", "\\PL", "[\\p{Lu}\\d]",
  "\\x{e9}", "\\141", "colou?r", "(?U)a+", "a+?", "[\\D5]", "ß", "ſ", "k", "\\w+", "straße", "^$", "\\.", "[.]", "a|",
  "\\pN{2}", "[^\\n]", "(a|b)*c", "^\\s*$", "Ω", "[α-ω]", "İ", "ı",
];
const TEXTS = [
  "se", "NO", "SWE", "Malmö", "zürich", "ÉCOLE", "America/New_York", "www.google.co.uk", "black_friday-2026",
  "/blog/12/", "a bike!", "ABC", "abc", "a\nb", "a\nb\nc", "x{,3}", "a.b", "axb", "αβγ", "café", "a", "b", "aaa",
  "5", "STRASSE", "straße", "K", "\u212a", "ſ", "s", "", "  ", "12 34", "colour", "ΩMEGA", "ω", "i", "I", "ı", "İ",
];

describe("translated patterns answer as RE2 (re2js)", () => {
  it("on every pattern and text of the spread", () => {
    const differ: string[] = [];
    for (const p of PATTERNS) {
      const ours = translatedEngine(p);
      const theirs = re2js(p);
      for (const t of TEXTS) if (ours(t) !== theirs(t)) differ.push(`${p} on ${JSON.stringify(t)}: ${ours(t)}`);
    }
    expect(differ).toEqual([]);
  });

  it("on 1500 random patterns: the same refusals and the same answers", () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const atoms = ["a", "b", "Z", "é", "ß", ".", "\\d", "\\w", "\\s", "\\W", "\\b", "\\B", "^", "$", "[a-c]", "[^ab]",
      "[\\d_]", "[[:alpha:]]", "\\pL", "\\p{Greek}", "(?i)", "(?-i)", "(?s)", "(?m)", "(?U)", "\\.", "\\x{41}", "\\n",
      "ω", "[.-]", "\\Q.*\\E", "{", "}", "]", "-", "[]a]", "[^]a]", "\\A", "\\z", "k", "ſ", "[à-ÿ]", "🚲", "[😀-🙏]", "σ"];
    const quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "*?", "{,2}", "{2,}"];
    const generate = (depth: number): string => {
      let p = "";
      for (let i = 1 + Math.floor(rand() * 4); i > 0; i--) {
        const r = rand();
        if (r < 0.15 && depth < 2) p += `${pick(["(", "(?:", "(?i:", "(?-i:", "(?sm:"])}${generate(depth + 1)})`;
        else p += r < 0.22 ? "|" : pick(atoms);
        p += pick(quantifiers);
      }
      return p;
    };
    const texts = ["a", "aAbB", "a\nb", "ÉSS", "ßs", "ω Ω", "123", "_", "x.y", "{}", "A]", "-", "", "k\u212a", "ſt", "🚲x", "ÿ", "ΣΣς"];
    const differ: string[] = [];
    for (let n = 0; n < 1500; n++) {
      const p = generate(0);
      let theirs: Search | null = null;
      try {
        theirs = re2js(p);
      } catch {
        theirs = null;
      }
      if ((theirs === null) !== (patternError(p) !== null)) differ.push(`${p}: refused ${theirs === null}`);
      if (theirs === null) continue;
      const ours = translatedEngine(p);
      for (const t of texts) if (ours(t) !== theirs(t)) differ.push(`${p} on ${JSON.stringify(t)}`);
    }
    expect(differ).toEqual([]);
  });

  it("decides the regex-heavy corpus sets the same with re2js as the engine", () => {
    const corpus = fileURLToPath(new URL("../../../../conformance/", import.meta.url));
    for (const name of ["location", "device-source", "identity"]) {
      const engine = new LocalEngine(JSON.parse(readFileSync(`${corpus}rulesets/${name}.json`, "utf8")), { regex: re2js });
      const cases = readFileSync(`${corpus}cases/${name}.jsonl`, "utf8").split("\n").slice(0, 300);
      const expected = readFileSync(`${corpus}expected/${name}.jsonl`, "utf8").split("\n").slice(0, 300);
      const got = cases.map((line) => formatLine(answerLine(engine, line).result));
      expect(got.filter((g, i) => g !== expected[i])).toEqual([]);
    }
  });
});
