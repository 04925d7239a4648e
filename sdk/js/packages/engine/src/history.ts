/**
 * Conditions over the visitor's history and traits (engine/history_conditions.py): counts in a
 * window of days, `visited` a path or tag, `event` counts and sums (with `where` on properties)
 * and `trait` tests. Without history (no consent) the value is null and the test is false.
 */

import type { EventRecord } from "./context.js";
import { normalize } from "./fields.js";
import { Leaf, numberPredicate, splitTest } from "./nodes.js";
import { own, pyFloat, pyStr, pyStrip } from "./py.js";
import type { EvalState } from "./state.js";
import { DAY_US } from "./time.js";
import { traitPredicate } from "./traits.js";

type Test = Record<string, unknown>;

/** {visit_count: {gte: 3, within_days: 30}}: the count over the last N days' history. */
export function windowedCount(signal: string, test: Test): Leaf {
  const days = test.within_days as number;
  const rest = Object.fromEntries(Object.entries(test).filter(([k]) => k !== "within_days"));
  const [op, raw] = splitTest(rest);
  const values = raw.map((v) => normalize("number", v) as number);
  const visits = signal === "visit_count";
  return new Leaf((s) => {
    if (s.hist === null) return null;
    const w = s.window(days);
    return visits ? w.visits : w.pageViews;
  }, numberPredicate(op, values));
}

export function visited(test: Test): Leaf {
  const minimum = (test.min ?? 1) as number;
  const within = (test.within_days ?? null) as number | null;
  const byPath = "path" in test;
  const key = pyStr(byPath ? test.path : test.tag).toLowerCase();
  return new Leaf(
    (s) => {
      if (s.hist === null) return null;
      if (within !== null) {
        const w = s.window(within);
        return (byPath ? w.paths : w.tags).get(key) ?? 0;
      }
      return (byPath ? s.pathViews() : s.tagViews()).get(key) ?? 0;
    },
    (n) => (n as number) >= minimum,
  );
}

/** Property values compare like other text, ignoring case; numbers as numbers (True == 1.0). */
function propertyKey(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return `n:${Number(value)}`;
  if (typeof value === "number") return `n:${value}`;
  return `s:${pyStrip(pyStr(value)).toLowerCase()}`;
}

function property(event: EventRecord, name: string): unknown {
  if (name === "value") return event.value;
  return own(event.properties, name);
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || typeof value === "boolean") return null;
  if (typeof value === "number") return value;
  return pyFloat(pyStr(value));
}

/** `{event: {type, min?, within_days?, where?}}` counts matching events; with `sum` and
 * `gte` / `lte` it adds a property up (`value`: the event's own value). */
export function event(test: Test): Leaf {
  const kind = pyStr(test.type).toLowerCase();
  const within = (test.within_days ?? null) as number | null;
  const where = Object.entries((test.where ?? {}) as Test).map(([k, v]) => [k, propertyKey(v)] as const);
  const matching = (s: EvalState): EventRecord[] => {
    const since = within !== null ? s.now - Math.round(within * DAY_US) : null;
    return s
      .eventsOf(kind)
      .filter((e) => (since === null || e.at >= since) && where.every(([k, v]) => propertyKey(property(e, k)) === v));
  };
  const total = test.sum ?? null;
  if (total === null) {
    const minimum = (test.min ?? 1) as number;
    return new Leaf((s) => (s.hist === null ? null : matching(s).length), (n) => (n as number) >= minimum);
  }
  const prop = pyStr(total);
  const low = (test.gte ?? null) as number | null;
  const high = (test.lte ?? null) as number | null;
  return new Leaf(
    (s) => {
      if (s.hist === null) return null;
      let sum = 0;
      for (const e of matching(s)) {
        const x = toNumber(property(e, prop));
        if (x !== null) sum += x;
      }
      return sum;
    },
    (n) => (low === null || (n as number) >= low) && (high === null || (n as number) <= high),
  );
}

export function trait(test: Test): Leaf {
  const [name, pred] = traitPredicate(test);
  return new Leaf((s) => (s.hist === null ? null : own(s.hist.traits, name)), pred);
}
