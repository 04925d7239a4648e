import { describe, expect, it } from "vitest";
import { LocalEngine } from "../src/index.js";
import { ctx, ruleSet, segments } from "./helpers.js";

const decideWith = (parts: Record<string, unknown>, context: Record<string, unknown>) =>
  new LocalEngine(ruleSet(parts)).personalize("/", ctx(context))?.decision;

describe("persona, stage and segments", () => {
  const personas = [
    { slug: "racer", name: "Racer", priority: 20, rules: { referrer_domain: "strava.com" }, scoreThreshold: null },
    { slug: "commuter", name: "Commuter", priority: 20, rules: { device: "mobile" }, scoreThreshold: 5 },
    { slug: "tourist", name: "Tourist", priority: 0, rules: null, scoreThreshold: 3 },
  ];
  const stages = [
    { slug: "browse", name: "Browse", order: 1, rules: null },
    { slug: "compare", name: "Compare", order: 2, rules: { visited: { path: "/prices/" } } },
    { slug: "buy", name: "Buy", order: 3, rules: { event: { type: "checkout" } } },
  ];

  it("takes the highest-priority persona whose rules hold, ties by slug", () => {
    const d = decideWith({ personas }, { device: { kind: "mobile" }, source: { referrerDomain: "strava.com" } });
    expect(d?.persona).toBe("commuter");
    expect(d?.personaSource).toBe("rules");
  });

  it("prefers a declared persona, and gives bots none", () => {
    expect(decideWith({ personas }, { declaredPersona: "TOURIST", device: { kind: "mobile" } })?.persona).toBe("tourist");
    expect(decideWith({ personas }, { declaredPersona: "tourist", device: { kind: "bot" } })?.persona).toBeNull();
  });

  it("falls back to the highest affinity score over its threshold", () => {
    const d = decideWith({ personas }, { history: { affinity: { tourist: 4, commuter: 4.5 } } });
    expect(d?.persona).toBe("tourist"); // commuter's 4.5 is under its threshold of 5
    expect(decideWith({ personas }, { history: { affinity: { tourist: 4, commuter: 6 } } })?.persona).toBe("commuter");
  });

  it("moves stages forward by rules and never back", () => {
    expect(decideWith({ stages }, {})?.stage).toBe("browse");
    expect(decideWith({ stages }, { history: { pathViews: { "/Prices/": 1 } } })?.stage).toBe("compare");
    expect(decideWith({ stages }, { history: { stage: "buy" } })?.stage).toBe("buy");
  });

  it("lists every segment that holds, sorted by code point, and resolves references", () => {
    const d = decideWith(
      { segments: segments({ b: { segment: "a" }, a: { country: "se" }, "ä": { segment: { not_in: ["a"] } }, loop: { segment: "loop" } }) },
      { location: { countryCode: "SE" } },
    );
    expect(d?.segments).toEqual(["a", "b"]);
  });

  it("never holds an invalid rule, and says why", () => {
    const engine = new LocalEngine(ruleSet({ segments: segments({ bad: { country: { matches: "(?=x)" } }, none: {} }) }));
    expect(engine.errors.length).toBe(2);
    expect(engine.personalize("/", ctx({ location: { countryCode: "x" } }))?.decision.segments).toEqual([]);
  });
});

describe("the decision alone, as a CLI line", () => {
  it("answers decide(path, context) in the CLI's shape, null for an unknown path", () => {
    const engine = new LocalEngine(ruleSet({ segments: segments({ se: { country: "se" } }) }));
    const d = engine.decide("/", { now: "2026-06-15T12:00:00Z", location: { countryCode: "SE", city: "Malmö" } });
    expect(Object.keys(d ?? {})).toEqual(["persona", "stage", "segments", "variantId", "cacheKey", "contentUrl"]);
    expect(d?.segments).toEqual(["se"]);
    expect(engine.decide("/nope/", { now: "2026-06-15T12:00:00Z" })).toBeNull();
  });
});
