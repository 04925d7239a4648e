/**
 * Validation of site-format conditions (engine/validate.py): the same conditions are refused as
 * on the server, and a refused condition compiles to "never holds". Messages name where in the
 * condition the problem is (`all[1].country`).
 */

import { MAX_WINDOW_DAYS } from "./context.js";
import { FIELDS, type Field, Invalid, type Kind, OPERATORS, WINDOWED_SIGNALS, normalize } from "./fields.js";
import { patternError } from "./patterns.js";
import { validateTraitTest } from "./traits.js";

type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const TEXT_FIELD: Field = { kind: "text", get: () => null };

/** Every problem in a condition ([] when it is valid). */
export function validateCondition(cond: unknown, where = "rules"): string[] {
  const errors: string[] = [];
  check(cond, where, errors);
  return errors;
}

function check(cond: unknown, where: string, errors: string[]): void {
  if (!isObj(cond) || Object.keys(cond).length !== 1) {
    errors.push(`${where}: expected a condition with exactly one key`);
    return;
  }
  const [key, test] = Object.entries(cond)[0] as [string, unknown];
  const here = `${where}.${key}`;
  if (key === "all" || key === "any") {
    if (!Array.isArray(test) || test.length === 0) {
      errors.push(`${here}: expected a non-empty list of conditions`);
      return;
    }
    test.forEach((child, i) => check(child, `${where}.${key}[${i}]`, errors));
  } else if (key === "not") {
    check(test, here, errors);
  } else if (WINDOWED_SIGNALS.includes(key) && isObj(test) && "within_days" in test) {
    checkWindow(test.within_days, `${here}.within_days`, errors);
    const rest = Object.fromEntries(Object.entries(test).filter(([k]) => k !== "within_days"));
    if (Object.keys(rest).length === 0) errors.push(`${here}: within_days needs an operator too`);
    else checkTest(FIELDS[key] as Field, rest, here, errors);
  } else if (Object.prototype.hasOwnProperty.call(FIELDS, key)) {
    checkTest(FIELDS[key] as Field, test, here, errors);
  } else if (key === "query_param") {
    checkMapping(test, here, errors, ["name"], ["equals"], { name: "text", equals: "text" });
  } else if (key === "visited") {
    checkMapping(test, here, errors, [], ["path", "tag", "min", "within_days"], { path: "text", tag: "text", min: "number" });
    if (isObj(test) && "within_days" in test) checkWindow(test.within_days, `${here}.within_days`, errors);
    if (isObj(test) && "path" in test === "tag" in test) errors.push(`${here}: expected exactly one of path or tag`);
  } else if (key === "event") {
    checkEvent(test, here, errors);
  } else if (key === "trait") {
    errors.push(...validateTraitTest(test, here));
  } else if (key === "segment" || key === "persona" || key === "stage") {
    checkTest(TEXT_FIELD, test, here, errors, ["eq", "in", "not_in"]);
  } else {
    errors.push(`${where}: unknown signal ${JSON.stringify(key)}`);
  }
}

function checkEvent(test: unknown, here: string, errors: string[]): void {
  checkMapping(test, here, errors, ["type"], ["min", "within_days", "where", "sum", "gte", "lte"], {
    type: "text",
    min: "number",
    within_days: "number",
    sum: "text",
    gte: "number",
    lte: "number",
  });
  if (!isObj(test)) return;
  const where = test.where;
  if (where !== null && where !== undefined) {
    if (!isObj(where) || Object.keys(where).length === 0) {
      errors.push(`${here}.where: expected a mapping of property to value`);
    } else {
      for (const [prop, value] of Object.entries(where)) {
        if (typeof value === "object") errors.push(`${here}.where.${prop}: expected a text, number or boolean value`);
      }
    }
  }
  if ("sum" in test) {
    if ("min" in test) errors.push(`${here}: expected either min or sum, not both`);
    if (!("gte" in test) && !("lte" in test)) errors.push(`${here}: sum needs gte or lte`);
  } else if ("gte" in test || "lte" in test) {
    errors.push(`${here}: gte / lte apply to a sum`);
  }
}

function checkTest(field: Field, test: unknown, here: string, errors: string[], ops?: readonly string[]): void {
  const allowed = ops ?? OPERATORS[field.kind];
  if (!isObj(test)) {
    checkValue(field, test, here, errors, true);
    return;
  }
  const entries = Object.entries(test);
  if (entries.length !== 1) {
    errors.push(`${here}: expected exactly one operator`);
    return;
  }
  const [op, value] = entries[0] as [string, unknown];
  if (!allowed.includes(op) || op === "eq") {
    errors.push(`${here}: operator ${JSON.stringify(op)} does not apply here`);
    return;
  }
  if (op === "in" || op === "not_in") {
    if (!Array.isArray(value) || value.length === 0) {
      errors.push(`${here}.${op}: expected a non-empty list of values`);
      return;
    }
    value.forEach((item, i) => checkValue(field, item, `${here}.${op}[${i}]`, errors, true));
  } else if (op === "between") {
    if (!Array.isArray(value) || value.length !== 2) {
      errors.push(`${here}.between: expected a list of exactly 2 values [low, high]`);
      return;
    }
    value.forEach((item, i) => checkValue(field, item, `${here}.between[${i}]`, errors));
  } else if (op === "matches") {
    const problem = patternError(value);
    if (problem !== null) errors.push(`${here}.matches: expected a regular expression in RE2 syntax (${problem})`);
  } else {
    checkValue(field, value, `${here}.${op}`, errors);
  }
}

function checkValue(field: Field, value: unknown, here: string, errors: string[], choices = false): void {
  let normal: unknown;
  try {
    normal = normalize(field.kind, value, field);
  } catch (e) {
    errors.push(`${here}: ${e instanceof Invalid ? e.message : String(e)}`);
    return;
  }
  if (choices && field.choices && !field.choices.includes(normal as string)) {
    errors.push(`${here}: unknown value; expected one of ${field.choices.join(", ")}`);
  }
}

function checkWindow(value: unknown, here: string, errors: string[]): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_WINDOW_DAYS) {
    errors.push(`${here}: expected a whole number of days from 0 to ${MAX_WINDOW_DAYS}`);
  }
}

function checkMapping(
  test: unknown,
  here: string,
  errors: string[],
  required: string[],
  optional: string[],
  kinds: Record<string, Kind>,
): void {
  const allowed = [...required, ...optional];
  if (!isObj(test)) {
    errors.push(`${here}: expected a mapping with keys ${allowed.join(", ")}`);
    return;
  }
  for (const key of Object.keys(test)) {
    if (!allowed.includes(key)) errors.push(`${here}: unknown key ${JSON.stringify(key)}`);
  }
  for (const key of required) if (!(key in test)) errors.push(`${here}: missing key ${JSON.stringify(key)}`);
  for (const [key, value] of Object.entries(test)) {
    const kind = kinds[key];
    if (kind === undefined) continue;
    try {
      normalize(kind, value);
      if (kind === "number" && (value as number) < 0) errors.push(`${here}.${key}: expected a number of 0 or more`);
    } catch (e) {
      errors.push(`${here}.${key}: ${(e as Error).message}`);
    }
  }
}
