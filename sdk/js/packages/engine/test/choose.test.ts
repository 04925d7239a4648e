import { describe, expect, it } from "vitest";
import { LocalEngine, bucket, inSiteHoldout } from "../src/index.js";
import { ctx, ruleSet, segments } from "./helpers.js";

const variant = (key: string, target: Record<string, string | null>, more: Record<string, unknown> = {}) => ({
  id: `page:1:${key}`,
  name: key,
  weight: null,
  goLiveAt: null,
  expireAt: null,
  target: { persona: null, stage: null, segment: null, ...target },
  fields: { title: key },
  ...more,
});

function engine(variants: unknown[], more: Record<string, unknown> = {}): LocalEngine {
  return new LocalEngine(
    ruleSet({
      segments: segments({ everyone: { not: { country: "zz" } }, mobile: { device: "mobile" } }),
      personas: [{ slug: "racer", name: "Racer", priority: 0, rules: { referrer_domain: "strava.com" }, scoreThreshold: null }],
      pages: [{ path: "/", pageId: 1, revision: "7", content: { title: "t" }, variants, ...more }],
    }),
  );
}

describe("A/B arms, precedence, schedules and holdouts", () => {
  it("hashes a visitor into the same bucket as the server", () => {
    // values from personalization/engine/choose.py's bucket()
    expect(bucket("v123", "page:10", { persona: null, stage: null, segment: "everyone" })).toBe(0.12461858107055854);
    expect(bucket("visitor-ä", "page:1:pb2", { persona: "tourist", stage: null, segment: null })).toBe(0.2768837031144848);
    expect(Array.from({ length: 20 }, (_, i) => inSiteHoldout(`v${i}`, 10))).toEqual(
      Array.from({ length: 20 }, (_, i) => i === 3),
    );
  });

  it("serves the most specific target that holds", () => {
    const e = engine([variant("seg", { segment: "mobile" }), variant("racer", { persona: "racer" })]);
    const result = e.personalize("/", ctx({ device: { kind: "mobile" }, source: { referrerDomain: "strava.com" } }));
    expect(result?.variantId).toBe("page:1:racer");
    expect(result?.content.title).toBe("racer");
  });

  it("keeps a visitor in one arm, by weight, and gives a visitor without id the first", () => {
    const e = engine([variant("a", { segment: "everyone" }, { weight: 1 }), variant("b", { segment: "everyone" }, { weight: 3 })]);
    const arms = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      const id = e.personalize("/", ctx({ visitorId: `v${i}` }))?.variantId as string;
      expect(e.personalize("/", ctx({ visitorId: `v${i}` }))?.variantId).toBe(id);
      arms.set(id, (arms.get(id) ?? 0) + 1);
    }
    expect(arms.get("page:1:b")).toBeGreaterThan(arms.get("page:1:a") as number);
    expect(e.personalize("/", ctx())?.choice.assignment).toEqual({ experiment: "page:1:a", arm: "page:1:a", excluded: true });
  });

  it("follows the bandit's current weights over the authored ones", () => {
    const e = engine(
      [variant("a", { segment: "everyone" }, { weight: 1, allocation: "bandit" }), variant("b", { segment: "everyone" }, { weight: 1, allocation: "bandit" })],
      { banditWeights: { "page:1:a": 0, "page:1:b": 1 } },
    );
    for (let i = 0; i < 20; i++) expect(e.personalize("/", ctx({ visitorId: `v${i}` }))?.variantId).toBe("page:1:b");
  });

  it("serves a variant only inside its window", () => {
    const e = engine([variant("sale", { segment: "everyone" }, { goLiveAt: "2026-06-15T12:00:00+00:00", expireAt: "2026-06-16T00:00:00+02:00" })]);
    expect(e.personalize("/", ctx({ now: "2026-06-15T11:59:59.999999Z" }))?.variantId).toBeNull();
    expect(e.personalize("/", ctx({ now: "2026-06-15T12:00:00Z" }))?.variantId).toBe("page:1:sale");
    expect(e.personalize("/", ctx({ now: "2026-06-15T22:00:00Z" }))?.variantId).toBeNull();
  });

  it("keeps the holdout share of the audience and the site holdout on the default", () => {
    const all = engine([variant("a", { segment: "everyone" }, { holdout: 100 })]);
    expect(all.personalize("/", ctx({ visitorId: "v1" }))?.choice.assignment?.arm).toBe("holdout");
    const site = new LocalEngine({ ...ruleSet({ segments: segments({ everyone: { not: { country: "zz" } } }) }), holdout: 10 });
    expect(site.personalize("/", ctx({ visitorId: "v3" }))?.heldOut).toBe(true);
    expect(site.personalize("/", ctx({ visitorId: "v3", device: { kind: "bot" } }))?.heldOut).toBe(false);
  });

  it("gives bots the default content", () => {
    const e = engine([variant("a", { segment: "everyone" })]);
    expect(e.personalize("/", ctx({ device: { kind: "bot" } }))?.variantId).toBeNull();
  });
});
