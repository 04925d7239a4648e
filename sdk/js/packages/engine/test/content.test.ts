import { describe, expect, it } from "vitest";
import { LocalEngine, contentCacheKey, contentPath } from "../src/index.js";
import { ctx, ruleSet, segments } from "./helpers.js";

describe("content, cache key and content URL", () => {
  it("builds the same cache key and URL as the server", () => {
    // values from personalization/engine/cachekey.py and contenturl.py
    const choices = { blocks: [], placeholders: new Map([["city", "Malmö"]]) };
    expect(contentCacheKey(1, "7", null, choices)).toBe("tailor:content:1:7:bc890e17b7fed0c9908f39c3f85fe6f7");
    choices.placeholders.set("country", null as unknown as string);
    expect(contentPath(1, "7", "racer", choices)).toBe("/content/1/7/WyJyYWNlciIsW10seyJjaXR5IjoiTWFsbcO2IiwiY291bnRyeSI6bnVsbH1d");
  });

  it("fills placeholders, escapes them in paragraphs and resolves nested blocks", () => {
    const body = [
      { type: "paragraph", value: "<p>{city}</p>" },
      {
        type: "personalized",
        id: "pb",
        value: {
          variants: [{ segment: "nordic", blocks: [{ type: "personalized", value: { variants: [], default: [{ type: "heading", value: "In {country|?}" }] } }] }],
          default: [],
        },
      },
      { type: "cta", value: { label: "Go {city|now}", url: "/" } },
    ];
    const e = new LocalEngine(
      ruleSet({
        segments: segments({ nordic: { country: "se" } }),
        pages: [{ path: "/", pageId: 4, revision: "9", content: { title: "{city|Hi}", intro: "x", body }, variants: [] }],
      }),
    );
    const r = e.personalize("/", ctx({ location: { countryCode: "SE", city: "A&B", country: "Sweden" } }));
    expect(r?.content.title).toBe("A&B");
    expect(r?.content.body).toEqual([
      { type: "paragraph", value: "<p>A&amp;B</p>" },
      { type: "heading", value: "In Sweden" },
      { type: "cta", value: { label: "Go A&B", url: "/" } },
    ]);
    expect(r?.choices.blocks.map((b) => b.variantId)).toEqual(["pb:0", "pb:0[0]:default"]);
    const other = e.personalize("/", ctx({ location: { countryCode: "SE", city: "A&B", country: "Sweden", region: "M" } }));
    expect(other?.cacheKey).toBe(r?.cacheKey); // the region is not printed: same content, same key
  });
});
