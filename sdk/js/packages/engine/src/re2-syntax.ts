/**
 * RE2 syntax (Perl flavour, as google-re2 parses it for the server) translated into JavaScript
 * RegExp source with the same meaning under case-insensitive matching: the parser refuses what
 * RE2 refuses and spells out where JavaScript's meaning differs (see patterns.ts).
 */

import {
  NEGATED_PERL,
  PERL,
  POSIX,
  SIMPLE_ESCAPES,
  WORD,
  hex,
  isWordAscii,
  unicodeClass,
  variants,
} from "./re2-tables.js";

export class PatternError extends Error {}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

interface Atom {
  src: string;
  repeat: boolean; // ends with a repetition operator (another one may not follow)
  repeatDepth: number; // the product of nested {n,m} bounds inside (for RE2's size limit)
}

class Parser {
  private pos = 0;
  private readonly cps: string[];
  /** true when some region turns case folding off: then folding is spelled out by hand */
  manualFold = false;
  /** \b or \B: their ASCII word test cannot be written under the `i` flag (it folds the long
   * s and the Kelvin sign into the class), so such a pattern is folded by hand */
  needsExactAscii = false;

  constructor(private readonly pattern: string) {
    this.cps = [...pattern];
  }

  private fail(message: string): never {
    throw new PatternError(message);
  }

  private peek(offset = 0): string | undefined {
    return this.cps[this.pos + offset];
  }

  private rest(): string {
    return this.cps.slice(this.pos).join("");
  }

  parse(): string {
    const out = this.alternation({ i: true, m: false, s: false, U: false }, 0);
    if (this.pos < this.cps.length) this.fail(`unexpected ): ${this.pattern}`); // stray ")"
    return out.src;
  }

  /** Alternatives up to ")" or the end. */
  private alternation(flags: Flags, depth: number): Atom {
    if (depth > 1000) this.fail("expression nests too deeply");
    const branches: Atom[][] = [[]];
    let f = { ...flags };
    let lastRepeat = false; // RE2 refuses a repetition right after another (a**, a{2}*)
    while (this.pos < this.cps.length) {
      const c = this.peek() as string;
      if (c === ")") break;
      const stacked = lastRepeat;
      lastRepeat = false;
      if (c === "|") {
        this.pos++;
        branches.push([]);
        continue;
      }
      const seq = branches[branches.length - 1] as Atom[];
      if (c === "*" || c === "+" || c === "?") {
        this.pos++;
        const lazy = this.peek() === "?";
        if (lazy) this.pos++;
        this.repeat(seq, c, lazy, c, f, stacked);
        lastRepeat = true;
        continue;
      }
      if (c === "{") {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.rest());
        if (m) {
          this.pos += [...m[0]].length;
          const lazy = this.peek() === "?";
          if (lazy) this.pos++;
          const min = Number(m[1]);
          const max = m[2] ? (m[3] ? Number(m[3]) : -1) : min;
          if (min > 1000 || max > 1000 || (max >= 0 && min > max)) this.fail(`invalid repetition size: ${m[0]}`);
          this.repeat(seq, m[0], lazy, m[0], f, stacked, max >= 0 ? max : min);
          lastRepeat = true;
          continue;
        }
      }
      if (c === "(" && this.peek(1) === "?") {
        const flagOnly = /^\(\?([imsU]*)(?:(-)([imsU]*))?([:)])/.exec(this.rest());
        if (flagOnly) {
          const [whole, on = "", dash, off = "", end] = flagOnly;
          if ((dash && off === "") || (on === "" && !dash && end === ")")) {
            this.fail(`invalid perl operator: ${whole}`);
          }
          const next = { ...f };
          for (const x of on) next[x as keyof Flags] = true;
          for (const x of off) next[x as keyof Flags] = false;
          if (off.includes("i")) this.manualFold = true;
          this.pos += whole.length;
          if (end === ")") f = next; // (?i) applies to the rest of the group
          else seq.push(this.group(next, depth));
          continue;
        }
        const named = /^\(\?P?<([^>]*)>/.exec(this.rest());
        if (named) {
          if (!/^[A-Za-z0-9_]+$/.test(named[1] as string)) this.fail(`invalid named capture group: ${named[0]}`);
          this.pos += [...named[0]].length;
          seq.push(this.group(f, depth));
          continue;
        }
        this.fail(`invalid perl operator: ${this.rest().slice(0, 3)}`);
      }
      if (c === "(") {
        this.pos++;
        seq.push(this.group(f, depth));
        continue;
      }
      if (c === "\\" && this.peek(1) === "Q") {
        this.pos += 2;
        const end = this.rest().indexOf("\\E");
        const text = end < 0 ? this.rest() : this.rest().slice(0, end);
        this.pos += [...text].length + (end < 0 ? 0 : 2);
        for (const ch of text) seq.push({ src: this.literal(ch.codePointAt(0) as number, f), repeat: false, repeatDepth: 1 });
        continue;
      }
      seq.push(this.atom(f));
    }
    const src = branches.map((b) => b.map((a) => a.src).join("")).join("|");
    const repeatDepth = Math.max(1, ...branches.flat().map((a) => a.repeatDepth));
    return { src, repeat: false, repeatDepth };
  }

  private group(flags: Flags, depth: number): Atom {
    const inner = this.alternation(flags, depth + 1);
    if (this.peek() !== ")") this.fail(`missing ): ${this.pattern}`);
    this.pos++;
    return { src: `(?:${inner.src})`, repeat: false, repeatDepth: inner.repeatDepth };
  }

  /** `op` (*, +, ?, {n,m}) on the last atom; (?U) swaps greedy and lazy, as in RE2. */
  private repeat(seq: Atom[], op: string, lazy: boolean, shown: string, f: Flags, stacked: boolean, count = 0): void {
    const last = seq[seq.length - 1];
    if (last === undefined) this.fail(`no argument for repetition operator: ${shown}`);
    if (stacked) this.fail(`bad repetition operator: ${shown}`);
    const text = lazy !== f.U ? `${op}?` : op;
    const depth = count > 0 ? last.repeatDepth * count : last.repeatDepth;
    if (depth > 1000) this.fail(`invalid repetition size: ${shown}`);
    seq[seq.length - 1] = { src: `(?:${last.src})${text}`, repeat: true, repeatDepth: depth };
  }

  private atom(f: Flags): Atom {
    const c = this.peek() as string;
    this.pos++;
    const plain = (src: string): Atom => ({ src, repeat: false, repeatDepth: 1 });
    if (c === ".") return plain(f.s ? "[^]" : "[^\\n]");
    if (c === "^") return plain(f.m ? "(?:^|(?<=\\n))" : "^");
    if (c === "$") return plain(f.m ? "(?:$|(?=\\n))" : "$");
    if (c === "[") return plain(this.charClass(f));
    if (c === "\\") {
      const e = this.peek();
      if (e === undefined) this.fail("trailing \\");
      if (e === "A") return this.skip(plain("^"));
      if (e === "z") return this.skip(plain("$"));
      if (e === "b" || e === "B") this.needsExactAscii = true;
      if (e === "b") return this.skip(plain(`(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`));
      if (e === "B") return this.skip(plain(`(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`));
      if (e === "C") return this.skip(plain("[^]"));
      if (e === "E") return this.skip(plain("")); // a stray \E is ignored
      const cls = this.perlOrUnicodeClass(f);
      if (cls !== null) return plain(`[${cls}]`);
      return plain(this.literal(this.escape(), f));
    }
    return plain(this.literal(c.codePointAt(0) as number, f));
  }

  private skip(a: Atom): Atom {
    this.pos++;
    return a;
  }

  /** A literal code point as JavaScript source (case variants spelt out when folding by hand). */
  private literal(cp: number, f: Flags): string {
    if (this.manualFold && f.i) {
      const vs = variants(cp);
      if (vs.length > 1) return `[${vs.map(hex).join("")}]`;
    }
    const ch = String.fromCodePoint(cp);
    return isWordAscii(ch) ? ch : hex(cp);
  }

  /** After "\": an escape giving one code point (RE2's ParseEscape). */
  private escape(): number {
    const c = this.peek() as string;
    this.pos++;
    const cp = c.codePointAt(0) as number;
    if (c >= "1" && c <= "7") {
      const n = this.peek();
      if (n === undefined || n < "0" || n > "7") this.fail(`invalid escape sequence: \\${c}`);
    }
    if (c >= "0" && c <= "7") {
      let code = cp - 48;
      for (let k = 0; k < 2; k++) {
        const n = this.peek();
        if (n === undefined || n < "0" || n > "7") break;
        code = code * 8 + (n.charCodeAt(0) - 48);
        this.pos++;
      }
      return code;
    }
    if (c === "x") {
      if (this.peek() === "{") {
        const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.rest());
        const value = m ? Number.parseInt(m[1] as string, 16) : Number.NaN;
        if (!m || value > 0x10ffff) this.fail(`invalid escape sequence: \\x${this.rest().slice(0, 8)}`);
        this.pos += m[0].length;
        return value;
      }
      const m = /^[0-9A-Fa-f]{2}/.exec(this.rest());
      if (!m) this.fail(`invalid escape sequence: \\x${this.rest().slice(0, 2)}`);
      this.pos += 2;
      return Number.parseInt(m[0], 16);
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return simple;
    if (cp < 0x80 && !isWordAscii(c)) return cp; // escaped punctuation (and \_) is itself
    this.fail(`invalid escape sequence: \\${c}`);
  }

  /** After "\": \d \s \w (and negations), \pX, \p{Name}, \PX as class contents, else null. */
  private perlOrUnicodeClass(f: Flags): string | null {
    const e = this.peek() as string;
    if (PERL[e] !== undefined) {
      this.pos++;
      return this.fold(PERL[e] as string, f);
    }
    const neg = NEGATED_PERL[e];
    if (neg !== undefined) {
      this.pos++;
      return `^${this.fold(PERL[neg] as string, f)}`;
    }
    if (e === "p" || e === "P") {
      this.pos++;
      let name: string;
      if (this.peek() === "{") {
        const m = /^\{([^}]*)\}/.exec(this.rest());
        if (!m) this.fail(`missing closing }: \\${e}${this.rest()}`);
        this.pos += [...m[0]].length;
        name = m[1] as string;
      } else {
        const n = this.peek();
        if (n === undefined) this.fail(`invalid character class range: \\${e}`);
        this.pos++;
        name = n;
      }
      let negate = e === "P";
      if (name.startsWith("^")) {
        negate = !negate;
        name = name.slice(1);
      }
      let body = unicodeClass(name);
      // folded by hand: a cased-letter category holds for the other cases too, as in RE2
      if (body !== null && f.i && this.manualFold && /^\\p\{L[ult]\}$/.test(body)) body = "\\p{Lu}\\p{Ll}\\p{Lt}";
      if (body === null) this.fail(`invalid character class range: \\${e}{${name}}`);
      return `${negate ? "^" : ""}${body}`;
    }
    return null;
  }

  private fold(ranges: string, f: Flags): string {
    // \w under folding also holds for the Kelvin sign and the long s, as in RE2
    return f.i && ranges.includes("A-Z") && this.manualFold ? `${ranges}\\u{17f}\\u{212a}` : ranges;
  }

  /** After "[": a character class (RE2's ParseCharClass, Perl flavour). */
  private charClass(f: Flags): string {
    const start = this.pos - 1;
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.pos++;
    }
    const items: string[] = [];
    const negatedParts: string[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(`missing ]: ${this.cps.slice(start).join("")}`);
      if (c === "]" && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === "[" && this.peek(1) === ":") {
        const m = /^\[:(\^?)([a-z]*):\]/.exec(this.rest());
        if (m) {
          const set = POSIX[m[2] as string];
          if (set === undefined) this.fail(`invalid character class range: ${m[0]}`);
          this.pos += m[0].length;
          const folded = this.fold(set, f);
          if (m[1]) negatedParts.push(folded);
          else items.push(folded);
          continue;
        }
      }
      if (c === "\\") {
        const save = this.pos;
        this.pos++;
        if (this.peek() === undefined) this.fail("trailing \\");
        const cls = this.perlOrUnicodeClass(f);
        if (cls !== null) {
          if (cls.startsWith("^")) negatedParts.push(cls.slice(1));
          else items.push(cls);
          continue;
        }
        this.pos = save; // an escaped character: read below
      }
      const lo = this.classChar();
      if (this.peek() === "-" && this.peek(1) !== undefined && this.peek(1) !== "]") {
        this.pos++;
        if (this.peek() === "\\" && /^[dswDSWpP]$/.test(this.peek(1) ?? "")) {
          this.fail(`invalid character class range: ${String.fromCodePoint(lo)}-\\${this.peek(1)}`);
        }
        const hi = this.classChar();
        if (hi < lo) this.fail(`invalid character class range: ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
        items.push(this.range(lo, hi, f));
      } else {
        items.push(this.range(lo, lo, f));
      }
    }
    // JavaScript cannot nest a negated set in a class: [^x\D] = not (x or non-digit), written as
    // a lookahead-free alternation of sets
    const body = items.join("");
    if (negatedParts.length === 0) return `[${negate ? "^" : ""}${body}]`;
    // JavaScript cannot put a negated set inside a class: [x\D] is "x or a non-digit"
    const alts = [...(body ? [`[${body}]`] : []), ...negatedParts.map((p) => `[^${p}]`)];
    const any = `(?:${alts.join("|")})`;
    return negate ? `(?:(?!${any})[^])` : any;
  }

  private classChar(): number {
    const c = this.peek() as string;
    this.pos++;
    if (c === "\\") return this.escape();
    return c.codePointAt(0) as number;
  }

  private range(lo: number, hi: number, f: Flags): string {
    if (this.manualFold && f.i && hi - lo < 5000) {
      const out = new Set<number>();
      for (let cp = lo; cp <= hi; cp++) for (const v of variants(cp)) out.add(v);
      return [...out].map(hex).join("");
    }
    return lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
}

/** JavaScript source and flags equivalent to a case-insensitive RE2 search for `pattern`. */
export function translate(pattern: string): { source: string; flags: string } {
  const probe = new Parser(pattern);
  const source = probe.parse();
  if (!probe.manualFold && !probe.needsExactAscii) return { source, flags: "iu" };
  const manual = new Parser(pattern);
  manual.manualFold = true; // some region is case-sensitive: fold the others by hand
  return { source: manual.parse(), flags: "u" };
}
