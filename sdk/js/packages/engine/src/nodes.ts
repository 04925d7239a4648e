/**
 * The nodes a compiled condition is made of (engine/nodes.py) and the comparisons of a signal's
 * kind, operator and expected values (engine/predicates.py), compiled once per rule: `test` is
 * a closure over the evaluation state.
 */

import type { Kind } from "./fields.js";
import { searcher, type RegexEngine } from "./patterns.js";
import type { EvalState } from "./state.js";

export interface Node {
  readonly test: (s: EvalState) => boolean;
}

export type Pred = (v: unknown) => boolean;

/** One signal test: read a value, compare it; a missing value (null) never holds. */
export class Leaf implements Node {
  readonly test: (s: EvalState) => boolean;
  constructor(get: (s: EvalState) => unknown, pred: Pred) {
    this.test = (s) => {
      const v = get(s);
      return v !== null && v !== undefined && pred(v);
    };
  }
}

export const allNode = (children: Node[]): Node => {
  const tests = children.map((c) => c.test);
  return { test: (s) => tests.every((t) => t(s)) };
};

export const anyNode = (children: Node[]): Node => {
  const tests = children.map((c) => c.test);
  return { test: (s) => tests.some((t) => t(s)) };
};

export const notNode = (child: Node): Node => ({ test: (s) => !child.test(s) });

/** What an invalid condition compiles to: it never holds (the loader rejects it first). */
export class Never implements Node {
  readonly test = (): boolean => false;
  constructor(readonly errors: string[]) {}
}

export function segmentRef(op: string, slugs: string[]): Node {
  if (op === "not_in") return { test: (s) => !slugs.some((x) => s.segment(x)) };
  return { test: (s) => slugs.some((x) => s.segment(x)) };
}

/** ["eq", [value]] for a bare scalar, else [operator, values]. */
export function splitTest(test: unknown): [string, unknown[]] {
  if (typeof test === "object" && test !== null && !Array.isArray(test)) {
    const [op, value] = Object.entries(test)[0] as [string, unknown];
    return [op, Array.isArray(value) ? value : [value]];
  }
  return ["eq", [test]];
}

const lower = (v: unknown): string => (v as string).toLowerCase();

export function numberPredicate(op: string, values: unknown[]): Pred {
  // numbers, or dates as ISO text (which order like the dates)
  const first = values[0] as number;
  if (op === "between") {
    const [low, high] = values as [number, number];
    return (v) => low <= (v as number) && (v as number) <= high;
  }
  switch (op) {
    case "eq":
      return (v) => v === first;
    case "in":
      return (v) => values.includes(v);
    case "not_in":
      return (v) => !values.includes(v);
    case "gte":
      return (v) => (v as number) >= first;
    default:
      return (v) => (v as number) <= first;
  }
}

export function predicate(kind: Kind, op: string, values: unknown[]): Pred {
  const first = values[0];
  if (kind === "text" || kind === "weekday") {
    const members = new Set(values);
    switch (op) {
      case "eq":
        return (v) => lower(v) === first;
      case "in":
        return (v) => members.has(lower(v));
      case "not_in":
        return (v) => !members.has(lower(v));
      default:
        return (v) => lower(v).includes(first as string);
    }
  }
  if (kind === "multi") {
    const members = new Set(values);
    const each = (vs: unknown, p: (x: string) => boolean): boolean => (vs as string[]).some((x) => p(x.toLowerCase()));
    switch (op) {
      case "eq":
        return (vs) => each(vs, (x) => x === first);
      case "in":
        return (vs) => each(vs, (x) => members.has(x));
      case "not_in":
        return (vs) => !each(vs, (x) => members.has(x));
      default:
        return (vs) => each(vs, (x) => x.includes(first as string));
    }
  }
  if (kind === "boolean") return (v) => v === first;
  return numberPredicate(op, values);
}

/** RE2, searched anywhere, ignoring case; over every item of a multi-valued signal. */
export function patternPredicate(kind: Kind, pattern: string, engine?: RegexEngine): Pred {
  const found = searcher(pattern, engine);
  if (kind === "multi") return (vs) => (vs as string[]).some((v) => found(v));
  return (v) => found(v as string);
}
