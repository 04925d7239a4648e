import { describe, expect, it } from "vitest";
import { patternError, translatedEngine } from "../src/patterns.js";

const search = (pattern: string, text: string): boolean => translatedEngine(pattern)(text);

describe("matches uses RE2's syntax and semantics", () => {
  it("searches anywhere and ignores case, over code points", () => {
    expect(search("safari", "Mobile Safari")).toBe(true);
    expect(search("^.{5}$", "Malmö")).toBe(true);
    expect(search("^.{5}$", "🚲🚲🚲🚲🚲")).toBe(true);
    expect(search("É|ü", "zürich")).toBe(true);
    expect(search("İ", "i̇stanbul")).toBe(false);
  });

  it("refuses what RE2 refuses", () => {
    for (const bad of ["a**", "(?=a)", "(?<=a)b", "\\1", "\\8", "x{1001}", "x{2,1}", "[z-a]", "[[:foo:]]", "\\p{Grek}", "\\Z", "(?i-)", "(*)", "a|*", "\\é", "(?#x)", "x{2}*", "(a{100}){100}", "\\cA", "\\x{110000}", "\\xg", "(?P<>a)", "[a", "(a", "a)", ""]) {
      expect(patternError(bad), bad).not.toBeNull();
    }
  });

  it("accepts what RE2 accepts", () => {
    for (const good of ["a*?", "a??", "(?<n>a)", "(?P<n>a)", "\\_", "\\ ", "\\12", "x{,3}", "\\pN", "\\p{Greek}", "\\p{Lu}", "^*", "[a-b-c]", "\\Qa.b\\E", "\\Qab", "[\\d-z]", "(?s-i:a)", "a{1000}", "(?U)a+", "\\p{^Greek}", "[^]a]", "\\z", "()", "(?i)(?-i)a", "(?P<n>a)(?P<n>b)", "[[:alpha:]]", "\\x{41}", "\\101"]) {
      expect(patternError(good), good).toBeNull();
    }
  });

  it("keeps RE2's meaning where JavaScript's differs", () => {
    expect(search("^a.c$", "a\rc")).toBe(true); // RE2's dot only stops at \n
    expect(search("^a.c$", "a\nc")).toBe(false);
    expect(search("(?s)^a.c$", "a\nc")).toBe(true);
    expect(search("^b$", "a\nb")).toBe(false); // one line by default
    expect(search("(?m)^b$", "a\nb\nc")).toBe(true);
    expect(search("\\d", "٣")).toBe(false); // ASCII digits only
    expect(search("\\s", "\u00a0")).toBe(false);
    expect(search("x{,3}", "x{,3}")).toBe(true); // not a repetition: literal braces
    expect(search("\\Qa.b\\E", "a.b")).toBe(true);
    expect(search("\\Qa.b\\E", "axb")).toBe(false);
    expect(search("[[:upper:]]+", "abc")).toBe(true); // case-insensitive everywhere
    expect(search("(?-i)ABC", "abc")).toBe(false);
    expect(search("(?-i)ABC", "ABC")).toBe(true);
    expect(search("(?-i:A)bc", "aBC")).toBe(false);
    expect(search("(?-i:A)bc", "ABC")).toBe(true);
    expect(search("\\p{Greek}+", "αβγ")).toBe(true);
    expect(search("[^\\d]", "123")).toBe(false);
    expect(search("[\\D5]", "5")).toBe(true);
    expect(search("\\bbike\\b", "ſbike")).toBe(true); // ASCII word boundary: ſ is not a word character
    expect(search("\\bbike", "Kbike")).toBe(false);
    expect(search("k", "\u212a")).toBe(true); // the Kelvin sign folds to k
    expect(search("^\\Q.*\\E{2}$", ".**")).toBe(true); // the repetition applies to the last character
    expect(patternError("a*(?i)?")).toBeNull(); // not stacked: a flag group is between
    expect(search("^[\\n\\x41\\.]+$", "\na.")).toBe(true); // escapes inside a class
    expect(search("[\\n]", "n")).toBe(false);
    expect(patternError("[\\b]")).not.toBeNull();
  });
});
