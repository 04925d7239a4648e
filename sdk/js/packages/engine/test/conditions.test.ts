import { describe, expect, it } from "vitest";
import { LocalEngine } from "../src/index.js";
import { ctx, ruleSet, segments } from "./helpers.js";

/** Does the condition hold for the context? */
function holds(rules: unknown, context: Record<string, unknown>): boolean {
  const engine = new LocalEngine(ruleSet({ segments: segments({ s: rules }) }));
  expect(engine.errors).toEqual([]);
  return engine.personalize("/", ctx(context))?.decision.segments.includes("s") ?? false;
}

describe("site-format conditions", () => {
  it("compares text ignoring case, with full Unicode case mapping", () => {
    expect(holds({ city: "MALMÖ" }, { location: { city: "malmö" } })).toBe(true);
    expect(holds({ city: { in: ["İstanbul"] } }, { location: { city: "i̇stanbul" } })).toBe(true);
    expect(holds({ city: { contains: "ö" } }, { location: { city: "KÖLN" } })).toBe(true);
    expect(holds({ city: { not_in: ["x"] } }, {})).toBe(false); // no data: never holds
  });

  it("reads numbers, booleans, dates and weekdays", () => {
    expect(holds({ metro_code: { between: [500, 810] } }, { location: { metroCode: 803 } })).toBe(true);
    expect(holds({ eu: false }, { location: { eu: false } })).toBe(true);
    expect(holds({ date: { gte: "2026-06-15" } }, {})).toBe(true);
    expect(holds({ weekday: "Monday" }, {})).toBe(true); // 2026-06-15 is a Monday
    expect(holds({ local_hour: 14 }, { location: { timezone: "Europe/Stockholm" } })).toBe(true);
  });

  it("counts history in windows of UTC days", () => {
    const history = { days: [{ day: "2026-06-15", visits: 1, pageViews: 2 }, { day: "2026-06-08", visits: 2, pageViews: 5, paths: { "/A/": 2 } }] };
    expect(holds({ visit_count: { gte: 3, within_days: 7 } }, { history })).toBe(true);
    expect(holds({ visit_count: { gte: 3, within_days: 6 } }, { history })).toBe(false);
    expect(holds({ visited: { path: "/a/", min: 2, within_days: 7 } }, { history })).toBe(true);
    expect(holds({ days_since_first_visit: 1 }, { history: { firstSeen: "2026-06-14T11:59:59Z" } })).toBe(true);
  });

  it("counts and sums events with where", () => {
    const events = [
      { type: "Purchase", at: "2026-06-01T00:00:00Z", value: 600, properties: { plan: " PRO ", seats: "5" } },
      { type: "purchase", at: "2026-01-01T00:00:00Z", value: 500, properties: { plan: "free", seats: 1, annual: 1 } },
    ];
    const history = { events };
    expect(holds({ event: { type: "purchase", min: 2 } }, { history })).toBe(true);
    expect(holds({ event: { type: "purchase", where: { plan: "pro" } } }, { history })).toBe(true);
    expect(holds({ event: { type: "purchase", where: { annual: true } } }, { history })).toBe(true); // True == 1
    expect(holds({ event: { type: "purchase", sum: "value", gte: 1100 } }, { history })).toBe(true);
    expect(holds({ event: { type: "purchase", sum: "value", gte: 1100, within_days: 30 } }, { history })).toBe(false);
    expect(holds({ event: { type: "purchase", sum: "seats", gte: 6, lte: 6 } }, { history })).toBe(true);
  });

  it("tests traits by the kind of the test's values", () => {
    const traits = { plan: "Pro", seats: 10, signup: "2026-02-03T10:00:00Z", tags: ["Cargo", "e-bike"], news: true };
    expect(holds({ trait: { name: "plan", equals: "pro" } }, { history: { traits } })).toBe(true);
    expect(holds({ trait: { name: "seats", between: [5, 10] } }, { history: { traits } })).toBe(true);
    expect(holds({ trait: { name: "signup", gte: "2026-02-03" } }, { history: { traits } })).toBe(true);
    expect(holds({ trait: { name: "tags", in: ["cargo"] } }, { history: { traits } })).toBe(true);
    expect(holds({ trait: { name: "tags", not_in: ["cargo"] } }, { history: { traits } })).toBe(false);
    expect(holds({ trait: { name: "tags", contains: "BIK" } }, { history: { traits } })).toBe(true);
    expect(holds({ trait: { name: "news", equals: 1 } }, { history: { traits } })).toBe(true);
  });

  it("reads query parameters by name, ignoring case", () => {
    expect(holds({ query_param: { name: "Ref" } }, { source: { query: { ref: "" } } })).toBe(true);
    expect(holds({ query_param: { name: "p", equals: "acme" } }, { source: { query: { P: "ACME" } } })).toBe(true);
  });
});
