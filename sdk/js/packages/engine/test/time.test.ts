import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { localTime, parseDate, parseInstant } from "../src/time.js";

const at = (iso: string): number => (parseInstant(iso) as { us: number }).us;

describe("times and dates read as Python reads them", () => {
  it("parses ISO instants with offsets to the microsecond", () => {
    expect(at("2026-03-29T01:30:00Z")).toBe(Date.UTC(2026, 2, 29, 1, 30) * 1000);
    expect(at("2026-03-29T02:30:00+01:00")).toBe(at("2026-03-29T01:30:00Z"));
    expect(at("2026-11-30T23:59:59.5+00:00") - at("2026-11-30T23:59:59Z")).toBe(500_000);
    expect(parseInstant("2026-12-24T00:00:00")).toEqual({ us: at("2026-12-24T00:00:00Z"), aware: false });
    expect(parseInstant("not a time")).toBeNull();
    expect(parseInstant("2026-02-30T00:00:00Z")).toBeNull();
  });

  it("reads the date forms date.fromisoformat accepts", () => {
    expect(parseDate("2026-12-24")).toBe("2026-12-24");
    expect(parseDate("20261224")).toBe("2026-12-24");
    expect(parseDate("2026-W52-4")).toBe("2026-12-24");
    expect(parseDate("2026-12-4")).toBeNull();
    expect(parseDate("2026-02-29")).toBeNull();
  });

  it("sees local time in the visitor's zone across DST changes", () => {
    // Stockholm moves to summer time at 01:00 UTC on 2026-03-29
    expect(localTime(at("2026-03-29T00:59:00Z"), "Europe/Stockholm", "UTC")).toMatchObject({ hour: 1, date: "2026-03-29", weekday: "sun" });
    expect(localTime(at("2026-03-29T01:00:00Z"), "Europe/Stockholm", "UTC")).toMatchObject({ hour: 3 });
    // local midnight: still Saturday in Los Angeles
    expect(localTime(at("2026-03-29T06:59:59Z"), "America/Los_Angeles", "UTC")).toMatchObject({ hour: 23, weekday: "sat", date: "2026-03-28" });
  });

  it("falls back to the site's zone, then UTC, for unknown zones", () => {
    const t = at("2026-07-01T22:30:00Z");
    expect(localTime(t, "Mars/Olympus", "Europe/Stockholm")).toMatchObject({ hour: 0, date: "2026-07-02", timezone: "Europe/Stockholm" });
    expect(localTime(t, "europe/stockholm", "UTC")).toMatchObject({ hour: 22, timezone: "UTC" });
    expect(localTime(t, "../etc", "nowhere")).toMatchObject({ hour: 22, timezone: "UTC" });
  });
});

describe("local time agrees with the server's tz database", () => {
  it("on every zone it names, and falls back as it does for names that are not zones", () => {
    const rows = JSON.parse(readFileSync(new URL("./fixtures/tz-answers.json", import.meta.url), "utf8")) as [
      string,
      string,
      number,
      string,
      string,
      string,
    ][];
    const differ = rows.filter(([zone, iso, hour, weekday, date, used]) => {
      const t = localTime(at(iso), zone, "Europe/Stockholm");
      return t.hour !== hour || t.weekday !== weekday || t.date !== date || t.timezone !== used;
    });
    expect(rows.length).toBeGreaterThan(1500);
    expect(differ).toEqual([]);
  });
});
