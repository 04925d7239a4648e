import { describe, expect, it } from "vitest";
import { pyCompare, pyFloat, pyStr, pyStrip } from "../src/py.js";

describe("Python's behaviours the engine leans on", () => {
  it("orders text by code point, as sorted() does", () => {
    expect(["é", "z", "🚲", "\uffff", "a"].sort(pyCompare)).toEqual(["a", "z", "é", "\uffff", "🚲"]);
  });

  it("reads numbers as float(text) does", () => {
    expect([" 7 ", "1e1", "1_000", ".5", "5.", "-inf", "+nan"].map(pyFloat)).toEqual([7, 10, 1000, 0.5, 5, -Infinity, Number.NaN]);
    expect(["", "abc", "0x10", "1__0", "_1", "e5"].map(pyFloat)).toEqual([null, null, null, null, null, null]);
  });

  it("strips Python's whitespace and writes values as str() does", () => {
    expect(pyStrip("\x1c a \u3000")).toBe("a");
    expect(pyStrip("\ufeffa")).toBe("\ufeffa"); // not whitespace to Python
    expect([null, true, 3, 2.5, "x", [1, "a"]].map(pyStr)).toEqual(["None", "True", "3", "2.5", "x", "[1, 'a']"]);
  });
});
