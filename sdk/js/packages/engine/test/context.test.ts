import { describe, expect, it } from "vitest";
import { ContextError, contextFromJson } from "../src/index.js";

describe("the visitor context as JSON", () => {
  it("reads every field, with defaults for missing and null keys", () => {
    const c = contextFromJson({ now: "2026-01-01T00:00:00Z", device: null, history: { events: [] } });
    expect(c.device).toEqual({ kind: "unknown", os: null, browser: null });
    expect(c.source.channel).toBe("direct");
    expect(c.history?.visitCount).toBe(1);
    expect(c.forcedSegments).toBeNull();
  });

  it("refuses values of the wrong type, naming the key", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{}, "now"],
      [{ now: "2026-01-01T00:00:00" }, "now"], // no offset
      [{ now: "2026-01-01T00:00:00Z", location: { city: 5 } }, "location.city"],
      [{ now: "2026-01-01T00:00:00Z", history: { visitCount: 1.5 } }, "history.visitCount"],
      [{ now: "2026-01-01T00:00:00Z", history: { visitCount: 2 ** 53 + 2 } }, "history.visitCount"],
      [{ now: "2026-01-01T00:00:00Z", history: { days: [{ day: "2026-02-30" }] } }, "history.days[0].day"],
      [{ now: "1899-12-31T23:00:00Z" }, "now"],
      [{ now: "2026-01-01T00:00:00Z", loggedIn: "yes" }, "loggedIn"],
    ];
    for (const [json, where] of bad) {
      expect(() => contextFromJson(json)).toThrow(ContextError);
      try {
        contextFromJson(json);
      } catch (e) {
        expect((e as ContextError).where).toBe(where);
      }
    }
  });
});
