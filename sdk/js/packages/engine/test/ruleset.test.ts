import { describe, expect, it } from "vitest";
import { LocalEngine, RuleSetError, loadRuleSet } from "../src/index.js";
import { ruleSet } from "./helpers.js";

describe("reading the rule-set document", () => {
  it("reads formats 1, 2 and 3 and refuses any other, or another document", () => {
    expect(loadRuleSet(ruleSet({ formatVersion: 1 })).holdout).toBe(0);
    expect(loadRuleSet(ruleSet({ formatVersion: 2 })).holdout).toBe(0);
    expect(loadRuleSet(ruleSet({ holdout: 12 })).holdout).toBe(12);
    expect(() => loadRuleSet(ruleSet({ formatVersion: 4 }))).toThrow(/version 4 is not supported \(this engine reads 1, 2 and 3\)/);
    expect(() => loadRuleSet({ format: "other" })).toThrow(RuleSetError);
    expect(() => loadRuleSet(null)).toThrow(RuleSetError);
  });

  it("reads variants' schedules, holdouts and the pages' bandit weights", () => {
    const page = {
      path: "/x/",
      pageId: 2,
      revision: "5",
      content: {},
      variants: [
        {
          id: "page:2:a",
          name: "A",
          weight: 3,
          goLiveAt: "2026-01-01T00:00:00+01:00",
          expireAt: null,
          holdout: 20,
          allocation: "bandit",
          target: { persona: null, stage: null, segment: "s" },
          fields: { title: "A" },
        },
      ],
      banditWeights: { "page:2:a": 0.4 },
    };
    const rules = loadRuleSet(ruleSet({ pages: [page] }));
    const read = rules.pages.get("/x/");
    expect(read?.variants[0]).toMatchObject({ weight: 3, holdout: 20, allocation: "bandit", goLiveAt: Date.UTC(2025, 11, 31, 23) * 1000 });
    expect(read?.banditWeights?.get("page:2:a")).toBe(0.4);
    expect(read?.variantFields.get("page:2:a")).toEqual({ title: "A" });
    expect(() => loadRuleSet(ruleSet({ pages: [{ ...page, variants: [{ ...page.variants[0], goLiveAt: "soon" }] }] }))).toThrow(RuleSetError);
  });

  it("keeps no page that is not in the document", () => {
    const engine = new LocalEngine(ruleSet());
    expect(engine.page("/")).not.toBeNull();
    expect(engine.personalize("/missing/", { now: "2026-01-01T00:00:00Z" })).toBeNull();
  });
});
