/**
 * The signal table of the site format (engine/fields.py): for each SIGNAL, the kind of value and
 * how to read it from the evaluation state (null when the request lacks the data: a test on null
 * is false, never an error), and `normalize`, the comparable form of an expected value.
 */

import { CHANNELS } from "./context.js";
import { pyStr, pyStrip } from "./py.js";
import type { EvalState } from "./state.js";
import { DAY_US, WEEKDAYS, parseDate } from "./time.js";

export type Kind = "text" | "number" | "boolean" | "date" | "weekday" | "multi";

export const OPERATORS: Record<Kind, readonly string[]> = {
  text: ["eq", "in", "not_in", "contains", "matches"],
  multi: ["eq", "in", "not_in", "contains", "matches"],
  number: ["eq", "in", "not_in", "gte", "lte", "between"],
  date: ["eq", "in", "not_in", "gte", "lte", "between"],
  boolean: ["eq"],
  weekday: ["eq", "in", "not_in"],
};

export const WINDOWED_SIGNALS = ["visit_count", "page_views"];

export interface Field {
  kind: Kind;
  get: (s: EvalState) => unknown;
  range?: [number, number];
  choices?: readonly string[];
}

const loc =
  (key: "countryCode" | "regionCode" | "city" | "metroCode" | "continent" | "eu" | "timezone") =>
  (s: EvalState): unknown =>
    s.ctx.location ? (s.ctx.location[key] ?? null) : null;

const utm =
  (key: string) =>
  (s: EvalState): unknown => {
    const u = s.ctx.source.utm;
    return u[key] || u[`utm_${key}`] || null;
  };

const daysSince =
  (key: "firstSeen" | "lastSeen") =>
  (s: EvalState): unknown => {
    const when = s.hist ? s.hist[key] : null;
    return when === null ? null : Math.max(0, Math.floor((s.now - when) / DAY_US));
  };

export const FIELDS: Record<string, Field> = {
  country: { kind: "text", get: loc("countryCode") },
  region: { kind: "text", get: loc("regionCode") },
  city: { kind: "text", get: loc("city") },
  metro_code: { kind: "number", get: loc("metroCode") },
  continent: { kind: "text", get: loc("continent") },
  eu: { kind: "boolean", get: loc("eu") },
  timezone: { kind: "text", get: loc("timezone") },
  device: { kind: "text", get: (s) => s.ctx.device.kind },
  os: { kind: "text", get: (s) => s.ctx.device.os },
  browser: { kind: "text", get: (s) => s.ctx.device.browser },
  channel: { kind: "text", get: (s) => s.ctx.source.channel, choices: CHANNELS },
  utm_source: { kind: "text", get: utm("source") },
  utm_medium: { kind: "text", get: utm("medium") },
  utm_campaign: { kind: "text", get: utm("campaign") },
  utm_term: { kind: "text", get: utm("term") },
  utm_content: { kind: "text", get: utm("content") },
  referrer_domain: { kind: "text", get: (s) => s.ctx.source.referrerDomain },
  landing_path: { kind: "text", get: (s) => s.ctx.source.landingPath },
  visit_count: { kind: "number", get: (s) => (s.hist ? s.hist.visitCount : null) },
  page_views: { kind: "number", get: (s) => (s.hist ? s.hist.pageViews : null) },
  days_since_first_visit: { kind: "number", get: daysSince("firstSeen") },
  days_since_last_visit: { kind: "number", get: daysSince("lastSeen") },
  returning: { kind: "boolean", get: (s) => (s.hist ? s.hist.visitCount > 1 : null) },
  local_hour: { kind: "number", get: (s) => s.clock().hour, range: [0, 23] },
  weekday: { kind: "weekday", get: (s) => s.clock().weekday },
  date: { kind: "date", get: (s) => s.clock().date },
  logged_in: { kind: "boolean", get: (s) => s.ctx.loggedIn },
  declared_persona: { kind: "text", get: (s) => s.ctx.declaredPersona },
  declared_interest: { kind: "multi", get: (s) => (s.ctx.declaredInterests.length ? s.ctx.declaredInterests : null) },
};

export const SPECIAL_SIGNALS = ["query_param", "visited", "event", "trait"];
export const REFERENCE_SIGNALS = ["segment", "persona", "stage"];

export class Invalid extends Error {}

const LONG_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export function isNumber(value: unknown): value is number {
  return typeof value === "number";
}

/** The comparable form of one expected value (text lower-cased, dates as ISO text). */
export function normalize(kind: Kind, value: unknown, field?: Field): string | number | boolean {
  if (kind === "text" || kind === "multi") {
    if (typeof value !== "string" && typeof value !== "number") throw new Invalid("expected a text value");
    return pyStr(value).toLowerCase();
  }
  if (kind === "number") {
    if (typeof value !== "number") throw new Invalid("expected a number");
    if (field?.range && !(field.range[0] <= value && value <= field.range[1])) {
      throw new Invalid(`expected a number from ${field.range[0]} to ${field.range[1]}`);
    }
    return value;
  }
  if (kind === "boolean") {
    if (typeof value !== "boolean") throw new Invalid("expected true or false");
    return value;
  }
  if (kind === "date") {
    const found = typeof value === "string" ? parseDate(pyStrip(value)) : null;
    if (found === null) throw new Invalid("expected an ISO date such as 2026-12-24");
    return found;
  }
  if (typeof value === "string") {
    const name = pyStrip(value).toLowerCase();
    if ((WEEKDAYS as readonly string[]).includes(name)) return name;
    const long = LONG_DAYS.indexOf(name);
    if (long >= 0) return WEEKDAYS[long] as string;
  }
  throw new Invalid("expected a weekday name (mon, tue, wed, thu, fri, sat, sun)");
}
