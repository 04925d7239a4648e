/**
 * The JSON form of a VisitorContext (engine/context_json.py, docs/ruleset-format.md): camelCase
 * keys, times as ISO 8601 with an offset, days as YYYY-MM-DD. A missing key and null mean the
 * field's default; unknown keys are ignored; a value of the wrong type is refused with a
 * ContextError naming the key, exactly where the Python reader refuses it.
 */

import type { DayCounts, Device, EventRecord, History, Location, Source, VisitorContext } from "./context.js";
import { parseDate, parseInstant } from "./time.js";

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 9998;
const MAX_INT = 2 ** 53;

export class ContextError extends Error {
  constructor(
    readonly where: string,
    expected: string,
  ) {
    super(`${where}: expected ${expected}`);
  }
}

type Json = unknown;
type Obj = Record<string, Json>;
type Read<T> = (value: Json, where: string) => T;

function isObject(value: Json): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const text: Read<string> = (value, where) => {
  if (typeof value !== "string") throw new ContextError(where, "a string");
  return value;
};

const int: Read<number> = (value, where) => {
  if (typeof value !== "number" || !Number.isFinite(value) || !Number.isInteger(value)) {
    throw new ContextError(where, "an integer");
  }
  if (Math.abs(value) > MAX_INT) throw new ContextError(where, `an integer between -${MAX_INT} and ${MAX_INT}`);
  return value;
};

const num: Read<number> = (value, where) => {
  if (typeof value !== "number") throw new ContextError(where, "a number");
  if (!Number.isFinite(value)) throw new ContextError(where, "a finite number");
  return value;
};

const bool: Read<boolean> = (value, where) => {
  if (typeof value !== "boolean") throw new ContextError(where, "true or false");
  return value;
};

/** An instant from ISO 8601 text with an offset (the only form accepted). */
export const parseTime: Read<number> = (value, where) => {
  if (typeof value !== "string" || !TIME.test(value)) {
    throw new ContextError(where, "an ISO 8601 time with an offset, e.g. 2026-03-29T01:30:00Z");
  }
  const moment = parseInstant(value);
  if (moment === null) throw new ContextError(where, "a valid date and time");
  // the year as written, before the offset (Python's datetime keeps the local fields)
  const year = Number(value.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new ContextError(where, `a time between the years ${MIN_YEAR} and ${MAX_YEAR}`);
  }
  return moment.us;
};

const day: Read<string> = (value, where) => {
  if (typeof value !== "string" || !DAY.test(value)) throw new ContextError(where, "a day as YYYY-MM-DD");
  const found = parseDate(value);
  if (found === null) throw new ContextError(where, "a valid day");
  return found;
};

const object: Read<Obj> = (value, where) => {
  if (!isObject(value)) throw new ContextError(where, "an object");
  return value;
};

function opt<T>(data: Obj, key: string, read: Read<T>, where: string): T | null {
  const value = data[key];
  return value === null || value === undefined ? null : read(value, `${where}${key}`);
}

function list<T>(read: Read<T>): Read<T[]> {
  return (value, where) => {
    if (!Array.isArray(value)) throw new ContextError(where, "a list");
    return value.map((item, i) => read(item, `${where}[${i}]`));
  };
}

function map<T>(read: Read<T>): Read<Record<string, T>> {
  return (value, where) => {
    const out: Record<string, T> = {};
    for (const [k, v] of Object.entries(object(value, where))) out[k] = read(v, `${where}.${k}`);
    return out;
  };
}

/** Any JSON value (trait values, event properties), numbers finite. */
const json: Read<Json> = (value, where) => {
  if (typeof value === "number" && !Number.isFinite(value)) throw new ContextError(where, "a finite number");
  if (Array.isArray(value)) return value.map((v, i) => json(v, `${where}[${i}]`));
  if (isObject(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) out[k] = json(v, `${where}.${k}`);
    return out;
  }
  return value;
};

const location: Read<Location> = (value, where) => {
  const d = object(value, where);
  const w = `${where}.`;
  return {
    countryCode: opt(d, "countryCode", text, w),
    country: opt(d, "country", text, w),
    regionCode: opt(d, "regionCode", text, w),
    region: opt(d, "region", text, w),
    city: opt(d, "city", text, w),
    metroCode: opt(d, "metroCode", int, w),
    continent: opt(d, "continent", text, w),
    timezone: opt(d, "timezone", text, w),
    eu: opt(d, "eu", bool, w),
  };
};

const device: Read<Device> = (value, where) => {
  const d = object(value, where);
  const w = `${where}.`;
  return { kind: opt(d, "kind", text, w) || "unknown", os: opt(d, "os", text, w), browser: opt(d, "browser", text, w) };
};

const source: Read<Source> = (value, where) => {
  const d = object(value, where);
  const w = `${where}.`;
  const channel = opt(d, "channel", text, w);
  return {
    channel: channel === null ? "direct" : channel,
    utm: opt(d, "utm", map(text), w) ?? {},
    referrerDomain: opt(d, "referrerDomain", text, w),
    landingPath: opt(d, "landingPath", text, w),
    query: opt(d, "query", map(text), w) ?? {},
  };
};

const event: Read<EventRecord> = (value, where) => {
  const d = object(value, where);
  const w = `${where}.`;
  if (d.type === null || d.type === undefined) throw new ContextError(`${w}type`, "a string");
  if (d.at === null || d.at === undefined) throw new ContextError(`${w}at`, "an ISO 8601 time with an offset");
  return {
    type: text(d.type, `${w}type`),
    at: parseTime(d.at, `${w}at`),
    value: opt(d, "value", num, w),
    properties: (opt(d, "properties", map(json), w) ?? {}) as Record<string, unknown>,
  };
};

const dayCounts: Read<DayCounts> = (value, where) => {
  const d = object(value, where);
  const w = `${where}.`;
  if (d.day === null || d.day === undefined) throw new ContextError(`${w}day`, "a day as YYYY-MM-DD");
  return {
    day: day(d.day, `${w}day`),
    visits: opt(d, "visits", int, w) || 0,
    pageViews: opt(d, "pageViews", int, w) || 0,
    paths: opt(d, "paths", map(int), w) ?? {},
    tags: opt(d, "tags", map(int), w) ?? {},
  };
};

const history: Read<History> = (value, where) => {
  const d = object(value, where);
  const w = `${where}.`;
  const visits = opt(d, "visitCount", int, w);
  return {
    visitCount: visits === null ? 1 : visits,
    pageViews: opt(d, "pageViews", int, w) || 0,
    pathViews: opt(d, "pathViews", map(int), w) ?? {},
    tagViews: opt(d, "tagViews", map(int), w) ?? {},
    events: opt(d, "events", list(event), w) ?? [],
    firstSeen: opt(d, "firstSeen", parseTime, w),
    lastSeen: opt(d, "lastSeen", parseTime, w),
    affinity: opt(d, "affinity", map(num), w) ?? {},
    affinityHalfLifeDays: opt(d, "affinityHalfLifeDays", num, w),
    days: opt(d, "days", list(dayCounts), w) ?? [],
    stage: opt(d, "stage", text, w),
    traits: (opt(d, "traits", map(json), w) ?? {}) as Record<string, unknown>,
  };
};

/** The VisitorContext of a parsed JSON object; ContextError when it is not one. */
export function contextFromJson(value: unknown): VisitorContext {
  const d = object(value, "context");
  if (d.now === null || d.now === undefined) throw new ContextError("now", "an ISO 8601 time with an offset (it is required)");
  const forcedSegments = opt(d, "forcedSegments", list(text), "");
  return {
    now: parseTime(d.now, "now"),
    siteTimezone: opt(d, "siteTimezone", text, "") || "UTC",
    visitorId: opt(d, "visitorId", text, ""),
    location: opt(d, "location", location, ""),
    device: opt(d, "device", device, "") ?? { kind: "unknown", os: null, browser: null },
    source: opt(d, "source", source, "") ?? { channel: "direct", utm: {}, referrerDomain: null, landingPath: null, query: {} },
    history: opt(d, "history", history, ""),
    loggedIn: Boolean(opt(d, "loggedIn", bool, "")),
    declaredPersona: opt(d, "declaredPersona", text, ""),
    declaredInterests: opt(d, "declaredInterests", list(text), "") ?? [],
    forcedPersona: opt(d, "forcedPersona", text, ""),
    forcedStage: opt(d, "forcedStage", text, ""),
    forcedSegments,
  };
}
