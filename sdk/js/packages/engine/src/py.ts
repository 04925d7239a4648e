/**
 * Python's behaviour where the reference engine (personalization/engine, Python) relies on it and
 * JavaScript differs: code-point string order, str.strip()'s whitespace, float(text), str(value).
 */

/** Python's `<` on str: by code point (JS compares UTF-16 code units). */
export function pyCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

export function pySorted(values: Iterable<string>): string[] {
  return [...values].sort(pyCompare);
}

const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const STRIP = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");

/** str.strip(): Python's whitespace (str.isspace), not JavaScript's. */
export function pyStrip(text: string): string {
  return text.replace(STRIP, "");
}

const DIGITS = "\\d(?:_?\\d)*";
const FLOAT = new RegExp(
  `^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  "i",
);

/** float(text), or null where Python raises ValueError. */
export function pyFloat(text: string): number | null {
  const t = pyStrip(text);
  if (!FLOAT.test(t)) return null;
  const lower = t.toLowerCase().replace(/_/g, "");
  if (lower.endsWith("nan")) return Number.NaN;
  if (lower.endsWith("inf") || lower.endsWith("infinity")) {
    return lower.startsWith("-") ? -Infinity : Infinity;
  }
  return Number(lower);
}

/** str(value) for the JSON values a rule or a profile holds. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    const items = Object.entries(value as Record<string, unknown>);
    return `{${items.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}

function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return pyStr(value);
}

/** A JSON number as Python prints it (JSON integers read as int, the others as float). */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const text = String(n);
  if (/e/.test(text)) {
    const [m, e] = text.split("e");
    const exp = Number(e);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return text;
}

/** dict.get(key): an own property or null (never something inherited such as "constructor"). */
export function own<T>(data: Record<string, T>, key: string): T | null {
  return Object.prototype.hasOwnProperty.call(data, key) ? (data[key] as T) : null;
}
