// Experiment layers and traffic (docs/ruleset-format.md, "Experiment layers and traffic"): the
// numbers are engine/layers.py's, so a frontend admits exactly the visitors the server admits.
import { describe, expect, it } from "vitest";
import { LocalEngine, RuleSetError, admitted, inTraffic, layerMembers, layerOwner } from "../src/index.js";
import { unitHash } from "../src/hash.js";
import { ctx, ruleSet } from "./helpers.js";

const US = "\x1f";
const CHECKOUT = new Map([["checkout", ["page:1", "page:2"]]]);

/** Two 50/50 arms for persona racer on page `id`, with these experiment keys on both. */
function page(id: number, keys: Record<string, unknown> = {}) {
  return {
    path: `/p${id}/`,
    pageId: id,
    revision: "1",
    content: { title: "default" },
    variants: ["a", "b"].map((arm) => ({
      id: `page:${id}:${arm}`,
      name: arm,
      weight: 1,
      goLiveAt: null,
      expireAt: null,
      target: { persona: "racer", stage: null, segment: null },
      fields: { title: arm },
      ...keys,
    })),
  };
}

function engine(pages: unknown[]): LocalEngine {
  return new LocalEngine(
    ruleSet({
      formatVersion: 3,
      personas: [{ slug: "racer", name: "Racer", priority: 0, rules: { referrer_domain: "strava.com" }, scoreThreshold: null }],
      pages,
    }),
  );
}

const racer = (visitorId: string | null) => ctx({ visitorId, source: { referrerDomain: "strava.com" } });

describe("experiment layers and traffic", () => {
  it("hashes exactly as the documented example", () => {
    expect(unitHash(`v1${US}page:1${US}traffic`)).toBe(0.9452481943106913);
    expect(unitHash(`v1${US}layer:checkout${US}page:1`)).toBe(0.17087471287153574);
    expect(unitHash(`visitor-ä${US}layer:ä${US}page:1`)).toBe(0.5145506079668275);
    expect(inTraffic("v1", "page:1", 95)).toBe(true);
    expect(inTraffic("v1", "page:1", 94)).toBe(false);
    expect(layerOwner("v1", "checkout", ["page:2", "page:1"])).toBe("page:1");
    expect(layerOwner("v2", "checkout", ["page:1", "page:2"])).toBe("page:2");
  });

  it("admits the same visitors as the Python engine (counts from engine/layers.py)", () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(range(2000).filter((v) => layerOwner(v, "checkout", ["page:1", "page:2"]) === "page:1").length).toBe(985);
    expect(range(4000).filter((v) => inTraffic(v, "page:1", 20)).length).toBe(791);
    const three = new Map([["checkout", ["page:1", "page:2", "page:3"]]]);
    expect(range(3000).filter((v) => admitted(v, "page:2", "checkout", 50, three)).length).toBe(500);
  });

  it("admits everyone to a test with no layer and full traffic, and no one without an id otherwise", () => {
    expect(admitted(null, "page:1", "", 100, null)).toBe(true);
    expect(admitted(null, "page:1", "", null, null)).toBe(true);
    expect(admitted(null, "page:1", "checkout", null, CHECKOUT)).toBe(false);
    expect(admitted("", "page:1", "", 50, null)).toBe(false);
    expect(admitted("v1", "page:1", "", 0, null)).toBe(false);
  });

  it("lists a layer's members from every page with a variant in it, sorted", () => {
    expect(layerMembers([page(10, { layer: "x" }), page(2, { layer: "x" }), page(3)].map(toPage))).toEqual(
      new Map([["x", ["page:10", "page:2"]]]),
    );
  });

  it("puts a visitor in exactly one test of a layer; the other pages give the default content", () => {
    const local = engine([page(1, { layer: "checkout" }), page(2, { layer: "checkout" }), page(3, { layer: "checkout" })]);
    for (let i = 0; i < 200; i++) {
      const served = [1, 2, 3].map((id) => local.decide(`/p${id}/`, racer(`v${i}`))?.variantId ?? null);
      expect(served.filter((v) => v !== null)).toHaveLength(1);
    }
  });

  it("serves a visitor outside the traffic or without an id the default content, counted in no arm", () => {
    const local = engine([page(1, { traffic: 94 })]);
    expect(local.decide("/p1/", racer("v1"))?.variantId).toBeNull();
    const none = local.personalize("/p1/", racer(null));
    expect(none?.variantId).toBeNull();
    expect(none?.choice.assignment).toEqual({ experiment: "page:1:a", arm: "page:1:a", excluded: true });
    expect(engine([page(1, { traffic: 95 })]).decide("/p1/", racer("v1"))?.variantId).not.toBeNull();
  });

  it("keeps everyone already in a test, with the same arm, when its traffic is raised", () => {
    const low = engine([page(1, { traffic: 20 })]);
    const high = engine([page(1, { traffic: 60 })]);
    for (let i = 0; i < 300; i++) {
      const before = low.decide("/p1/", racer(`v${i}`))?.variantId;
      if (before) expect(high.decide("/p1/", racer(`v${i}`))?.variantId).toBe(before);
    }
  });

  it("reads formats 1, 2 and 3 and refuses a newer one", () => {
    expect(() => engine([]).version).not.toThrow();
    expect(() => new LocalEngine(ruleSet({ formatVersion: 4 }))).toThrow(RuleSetError);
  });
});

function toPage(p: ReturnType<typeof page>) {
  return { pageId: p.pageId, variants: p.variants.map((v) => ({ layer: ((v as Record<string, unknown>).layer as string) || "" })) };
}
