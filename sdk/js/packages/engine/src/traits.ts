/**
 * The `trait` condition `{trait: {name: plan, in: [pro, team]}}` (engine/traits.py): the shape
 * check and the comparison the engine runs on the stored value. The kind of comparison follows
 * the test's own values (numbers as numbers, ISO dates as dates, text ignoring case); a list
 * trait holds when any item passes, except `not_in`, which holds when no item is in the list.
 */

import { pyStr, pyStrip } from "./py.js";
import { parseDate } from "./time.js";

const NAME = /^[a-z0-9_]+\n?$/;
export const TRAIT_OPERATORS = ["equals", "in", "not_in", "contains", "gte", "lte", "between"];

function isNum(v: unknown): v is number {
  return typeof v === "number";
}

/** _as_date: an ISO date from the first 10 characters of a text, else null. */
export function asDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = pyStrip(value);
  return [...text].length >= 10 ? parseDate([...text].slice(0, 10).join("")) : null;
}

function scalar(v: unknown): boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function orderedKind(values: unknown[]): "number" | "date" | null {
  if (values.every(isNum)) return "number";
  if (values.every((v) => asDate(v) !== null)) return "date";
  return null;
}

function ordered(v: unknown): number | string | null {
  return isNum(v) ? v : asDate(v);
}

/** Problems in the shape of one `trait` TEST. */
export function validateTraitTest(test: unknown, here: string): string[] {
  if (typeof test !== "object" || test === null || Array.isArray(test)) return [`${here}: expected a mapping`];
  const t = test as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof t.name !== "string" || !NAME.test(t.name)) errors.push(`${here}.name: expected a trait name`);
  const ops = Object.keys(t).filter((k) => k !== "name");
  if (ops.some((k) => !TRAIT_OPERATORS.includes(k))) return [...errors, `${here}: unknown key`];
  if (ops.length !== 1) return [...errors, `${here}: expected exactly one operator`];
  const op = ops[0] as string;
  const value = t[op];
  const bad = `${here}.${op}: unexpected value`;
  if (op === "in" || op === "not_in") {
    if (!Array.isArray(value) || value.length === 0 || !value.every(scalar)) errors.push(bad);
  } else if (op === "between") {
    if (!Array.isArray(value) || value.length !== 2 || orderedKind(value) === null) errors.push(bad);
    else if ((ordered(value[0]) as number | string) > (ordered(value[1]) as number | string)) errors.push(bad);
  } else if (op === "gte" || op === "lte") {
    if (orderedKind([value]) === null) errors.push(bad);
  } else if (op === "contains") {
    if (typeof value !== "string" && typeof value !== "number") errors.push(bad);
  } else if (!scalar(value)) {
    errors.push(bad);
  }
  return errors;
}

/** What equality compares: text ignoring case, numbers (and booleans, as Python's True == 1.0). */
export function equalityKey(value: unknown): string {
  if (typeof value === "boolean") return `n:${Number(value)}`;
  if (isNum(value)) return `n:${value}`;
  return `s:${pyStrip(pyStr(value)).toLowerCase()}`;
}

function overItems(pred: (v: unknown) => boolean): (v: unknown) => boolean {
  return (value) => (Array.isArray(value) ? value.some(pred) : pred(value));
}

/** (name, predicate on the stored value) of a valid `trait` TEST. */
export function traitPredicate(test: Record<string, unknown>): [string, (v: unknown) => boolean] {
  const name = test.name as string;
  const op = Object.keys(test).find((k) => k !== "name") as string;
  const raw = test[op];
  const values = Array.isArray(raw) ? raw : [raw];
  if (op === "gte" || op === "lte" || op === "between") {
    const first = ordered(values[0]) as number | string;
    const last = ordered(values[values.length - 1]) as number | string;
    const convert = orderedKind(values) === "number" ? (v: unknown) => (isNum(v) ? v : null) : asDate;
    return [
      name,
      overItems((v) => {
        const x = convert(v);
        if (x === null) return false;
        return op === "gte" ? x >= first : op === "lte" ? x <= first : first <= x && x <= last;
      }),
    ];
  }
  if (op === "contains") {
    const needle = pyStr(raw).toLowerCase();
    return [name, overItems((v) => typeof v === "string" && v.toLowerCase().includes(needle))];
  }
  const keys = new Set(values.map(equalityKey));
  const member = overItems((v) => keys.has(equalityKey(v)));
  return [name, op === "not_in" ? (v) => !member(v) : member];
}
