// Regenerates test/fixtures/re2-answers.json: 1200 seeded random patterns (RE2 syntax, valid and
// not) and what the server's engine answers for them (personalization/engine/patterns.py, i.e.
// google-re2): refused or not, and found or not in each of the texts. test/patterns-re2.test.ts
// checks this engine answers the same. Run from the repository's checkout with its .venv:
//   node sdk/js/packages/engine/scripts/re2-fixture.mjs [path/to/python]
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const python = process.argv[2] ?? `${root}.venv/bin/python`;
let seed = 5;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const atoms = ["a", "b", "Z", "é", "ß", ".", "\\d", "\\w", "\\s", "\\W", "\\D", "\\S", "\\b", "\\B", "^", "$", "[a-c]",
  "[^ab]", "[\\d_]", "[[:alpha:]]", "[[:^space:]]", "\\pL", "\\pN", "\\p{Greek}", "\\PL", "(?i)", "(?-i)", "(?s)", "(?m)",
  "(?U)", "\\.", "\\x{41}", "\\n", "ω", "[.-]", "\\Q.*\\E", "{", "}", "]", "-", "[]a]", "[^]a]", "\\A", "\\z", "k", "ſ",
  "[à-ÿ]", "🚲", "[😀-🙏]", "σ", "[\\n\\x41]", "[\\.a]", "[^\\s]", "[\\x{e9}-\\x{ff}]", "\\012", "[\\W\\d]", "[^\\D]",
  "[k-m]", "Å", "\\p{Lu}", "(?-i:[a-z])", "[\\-a]", "[a\\]]", "\\Q\\E", "\\1", "(?=a)", "[z-a]", "\\pX"];
const quantifiers = ["", "", "", "*", "+", "?", "{2}", "{1,3}", "*?", "{,2}", "{2,}", "??", "+?", "{1001}"];
function generate(depth) {
  let p = "";
  for (let i = 1 + Math.floor(rand() * 4); i > 0; i--) {
    const r = rand();
    if (r < 0.15 && depth < 2) p += `${pick(["(", "(?:", "(?i:", "(?-i:", "(?P<n>", "(?sm:", "(?U:"])}${generate(depth + 1)})`;
    else p += r < 0.22 ? "|" : pick(atoms);
    p += pick(quantifiers);
  }
  return p;
}
const texts = ["a", "ab", "aAbB", "\n", "a\nb", "ÉSS", "ßs", "ω Ω", "123", "_", "x.y", "{}", "A]", "-", "", "k\u212a",
  "ſS", "éa b", "Zzz", "🚲x", "ÿ", "À", "Å", "å", "ΣΣς", "KELVIN", "😀", "ẞ", "aaa\nbbb", "A\n", "\n1"];
const patterns = Array.from({ length: 1200 }, () => generate(0));
const script = `
import json, sys
from personalization.engine.patterns import pattern_error, searcher
d = json.load(sys.stdin)
rows = []
for p in d["patterns"]:
    if pattern_error(p) is not None:
        rows.append([p, None])
    else:
        f = searcher(p)
        rows.append([p, "".join("1" if f(t) else "0" for t in d["texts"])])
json.dump({"texts": d["texts"], "rows": rows}, sys.stdout, ensure_ascii=False)
`;
const out = execFileSync(python, ["-c", script], { cwd: root, input: JSON.stringify({ patterns, texts }) });
writeFileSync(fileURLToPath(new URL("../test/fixtures/re2-answers.json", import.meta.url)), out);
console.log(`wrote ${patterns.length} patterns`);
