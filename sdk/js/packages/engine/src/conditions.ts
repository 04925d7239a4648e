/**
 * Site-format conditions compiled once into small nodes (engine/conditions.py). An invalid
 * condition becomes a `Never` node carrying the messages. String comparisons ignore case.
 */

import { FIELDS, type Field, WINDOWED_SIGNALS, normalize } from "./fields.js";
import { event, trait, visited, windowedCount } from "./history.js";
import { Leaf, Never, type Node, allNode, anyNode, notNode, patternPredicate, predicate, segmentRef, splitTest } from "./nodes.js";
import type { RegexEngine } from "./patterns.js";
import { pyStr } from "./py.js";
import { isObj, validateCondition } from "./validate.js";

type Obj = Record<string, unknown>;

/** Compile a condition; an invalid one becomes a `Never` node carrying the messages. */
export function compileCondition(cond: unknown, regex?: RegexEngine): Node {
  const errors = validateCondition(cond);
  if (errors.length) return new Never(errors);
  return compile(cond as Obj, regex);
}

function compile(cond: Obj, regex: RegexEngine | undefined): Node {
  const [key, test] = Object.entries(cond)[0] as [string, unknown];
  if (key === "all") return allNode((test as Obj[]).map((c) => compile(c, regex)));
  if (key === "any") return anyNode((test as Obj[]).map((c) => compile(c, regex)));
  if (key === "not") return notNode(compile(test as Obj, regex));
  if (WINDOWED_SIGNALS.includes(key) && isObj(test) && "within_days" in test) return windowedCount(key, test);
  const field = Object.prototype.hasOwnProperty.call(FIELDS, key) ? FIELDS[key] : undefined;
  if (field !== undefined) return leaf(field, test, regex);
  if (key === "segment") {
    const [op, values] = splitTest(test);
    return segmentRef(op, values.map((v) => pyStr(v).toLowerCase()));
  }
  if (key === "persona") return leaf({ kind: "text", get: (s) => s.personaSlug() }, test, regex);
  if (key === "stage") return leaf({ kind: "text", get: (s) => s.stageSlug() }, test, regex);
  if (key === "query_param") return queryParam(test as Obj);
  if (key === "visited") return visited(test as Obj);
  if (key === "trait") return trait(test as Obj);
  return event(test as Obj);
}

function leaf(field: Field, test: unknown, regex: RegexEngine | undefined): Leaf {
  const [op, raw] = splitTest(test);
  if (op === "matches") return new Leaf(field.get, patternPredicate(field.kind, raw[0] as string, regex));
  const values = raw.map((v) => normalize(field.kind, v, field));
  return new Leaf(field.get, predicate(field.kind, op, values));
}

function queryParam(test: Obj): Leaf {
  const name = pyStr(test.name).toLowerCase();
  const get = (s: Parameters<Leaf["test"]>[0]): unknown => s.query().get(name) ?? null;
  if ("equals" in test) {
    const expected = normalize("text", test.equals);
    return new Leaf(get, (v) => (v as string).toLowerCase() === expected);
  }
  return new Leaf(get, () => true);
}
