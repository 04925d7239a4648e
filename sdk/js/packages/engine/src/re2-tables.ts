/**
 * The tables of RE2's syntax the translation needs (re2-syntax.ts): Perl and POSIX classes,
 * Unicode general categories and scripts, simple escapes, and case-folding orbits for the
 * regions of a pattern folded by hand.
 */

const SHORT_SCRIPTS = new Set(["Han", "Lao", "Nko", "Vai", "Yi", "Ahom", "Cham", "Lisu", "Modi", "Mro", "Newa", "Thai", "Toto"]);
export const GENERAL = new Set(
  "C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "),
);
export const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\u{0}-\\u{7f}",
  blank: "\\t ",
  cntrl: "\\u{0}-\\u{1f}\\u{7f}",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`\\{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
export const PERL: Record<string, string> = { d: "0-9", s: "\\t\\n\\f\\r ", w: "0-9A-Za-z_" };
export const NEGATED_PERL: Record<string, string> = { D: "d", S: "s", W: "w" };
// RE2's \b and \B look at ASCII word characters only (patterns using them are folded by hand)
export const WORD = "[0-9A-Za-z_]";
export const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

export function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

export function isWordAscii(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

// Case-folding orbits with more than the lower- and upper-case letter (Unicode CaseFolding.txt):
// RE2 folds through them; toLowerCase/toUpperCase alone would miss the extra members.
const ORBITS = [
  "kK\u212a", "s\u017f", "\u00e5\u212b", "\u03c9\u2126", "\u03bc\u00b5", "\u00df\u1e9e", "\u03b8\u03d1\u03f4",
  "\u03b9\u0345\u1fbe", "\u03b2\u03d0", "\u03b5\u03f5", "\u03ba\u03f0", "\u03c0\u03d6", "\u03c1\u03f1",
  "\u03c3\u03c2", "\u03c6\u03d5", "\u0432\u1c80", "\u0434\u1c81", "\u043e\u1c82", "\u0441\u1c83",
  "\u0442\u1c84\u1c85", "\u044a\u1c86", "\u0463\u1c87", "\ua64b\u1c88", "\u1e61\u1e9b",
];
const ORBIT = new Map<number, string>();
for (const orbit of ORBITS) for (const ch of orbit) ORBIT.set(ch.codePointAt(0) as number, orbit);

/** Every code point a case-insensitive RE2 literal matches, for regions folded by hand. */
export function variants(cp: number): number[] {
  const out = new Set<number>([cp]);
  const add = (text: string): void => {
    if ([...text].length === 1) out.add(text.codePointAt(0) as number);
  };
  const c = String.fromCodePoint(cp);
  add(c.toLowerCase());
  add(c.toUpperCase());
  for (const v of [...out]) {
    const orbit = ORBIT.get(v) ?? ORBIT.get(String.fromCodePoint(v).toLowerCase().codePointAt(0) as number);
    for (const ch of orbit ?? "") {
      out.add(ch.codePointAt(0) as number);
      add(ch.toUpperCase());
    }
  }
  return [...out];
}

export function unicodeClass(name: string): string | null {
  if (name === "Any") return "\\u{0}-\\u{10ffff}";
  if (GENERAL.has(name)) return `\\p{${name}}`;
  // scripts by their full names only: JavaScript also knows the four-letter codes (Grek), RE2 not
  if (!/^[A-Z][A-Za-z_]*$/.test(name) || (name.length <= 4 && !SHORT_SCRIPTS.has(name))) return null;
  try {
    new RegExp(`\\p{Script=${name}}`, "u");
    return `\\p{Script=${name}}`;
  } catch {
    return null;
  }
}
