import { describe, expect, it } from "vitest";
import { readVisitorState, safeNext } from "../src";

function state(cookies: Record<string, string>, headers: Record<string, string> = {}) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return readVisitorState({ cookie: (n) => cookies[n], header: (n) => lower[n.toLowerCase()] ?? null });
}

describe("consent as the reference frontend reads it", () => {
  it("asks a first-time visitor and knows no id", () => {
    expect(state({})).toEqual({ consent: null, visitorId: null, gpc: false, showBanner: true, declined: false });
  });
  it("keeps the id of a visitor who said yes", () => {
    expect(state({ tailor_consent: "granted", tailor_vid: "v1" })).toMatchObject({ visitorId: "v1", showBanner: false });
  });
  it("ignores a stale id of a visitor who said no", () => {
    expect(state({ tailor_consent: "declined", tailor_vid: "v1" })).toMatchObject({ visitorId: null, declined: true });
  });
  it("treats GPC and DNT without a choice as no, and does not ask", () => {
    for (const header of [{ "Sec-GPC": "1" }, { DNT: "1" }] as Array<Record<string, string>>) {
      expect(state({ tailor_vid: "v1" }, header)).toMatchObject({ visitorId: null, gpc: true, declined: true, showBanner: false });
    }
  });
  it("lets an explicit yes win over GPC", () => {
    expect(state({ tailor_consent: "granted", tailor_vid: "v1" }, { "Sec-GPC": "1" })).toMatchObject({ visitorId: "v1", gpc: true, declined: false });
  });
  it("redirects only to local paths", () => {
    expect(safeNext("/pricing/")).toBe("/pricing/");
    for (const bad of ["//evil.test/", "https://evil.test/", "/\\evil", null]) expect(safeNext(bad)).toBe("/");
  });
});
