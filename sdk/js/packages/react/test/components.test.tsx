import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Article, ConsentBanner, PreviewBanner, WhyPanel, explain, imageView, plainReasons } from "../src";
import { FAMILY, decision } from "./fixtures";

const content = {
  title: "Room for everyone",
  intro: "Seven seats.",
  body: [
    { type: "image", value: { alt: "A family car", renditions: [{ url: "/media/a-480.jpg", width: 480, height: 320 }, { url: "/media/a-960.jpg", width: 960, height: 640 }] } },
    { type: "heading", value: "Safety first" },
    { type: "paragraph", value: "<p>Five <b>stars</b>.</p>" },
    { type: "personalized", value: { blocks: [{ type: "cta", value: { url: "/brochure.pdf", label: "Brochure" } }] } },
    { type: "cta", value: { url: "/test-drive/", label: "Book a test drive" } },
  ],
};

describe("Article", () => {
  const html = renderToStaticMarkup(<Article content={content} cmsOrigin="http://cms.test" />);
  it("shows the title as the one h1 and the first image as the hero, from the CMS's host", () => {
    expect(html).toContain('<h1 data-testid="page-title">Room for everyone</h1>');
    expect(html).toContain('class="hero-image" src="http://cms.test/media/a-960.jpg"');
    expect(html).toContain("http://cms.test/media/a-480.jpg 480w, http://cms.test/media/a-960.jpg 960w");
  });
  it("renders rich text, resolves personalized blocks in place and marks downloads for tracking", () => {
    expect(html).toContain("<p>Five <b>stars</b>.</p>");
    expect(html).toContain('download="" data-track="download"');
    expect(html).toContain('data-track="cta_click" data-track-label="Book a test drive"');
    expect(html.indexOf("Brochure")).toBeLessThan(html.indexOf("Book a test drive"));
  });
});

describe("WhyPanel", () => {
  const base = { variant: FAMILY, declareAction: "/api/tailor/declare", privacyHref: "/_privacy/?next=%2F", path: "/" };
  it("explains in a visitor's words, naming only the public persona name", () => {
    const html = renderToStaticMarkup(<WhyPanel {...base} decision={decision()} visitorId={null} />);
    expect(html).toContain("Families.");
    expect(html).toContain("We think you are among “Families”: campaign in your link is family-summer");
    expect(html).not.toContain("Family home"); // the editors' variant name
    expect(html).not.toContain("Personalized section 2");
    expect(html).toContain("allow personalization</a> first");
  });
  it("offers the not-me form only to a visitor with an id", () => {
    const personas = [{ slug: "family", name: "Family buyer", description: null, publicName: "Families", publicDescription: null }, { slug: "fleet", name: "Fleet", description: null, publicName: null, publicDescription: null }];
    const html = renderToStaticMarkup(<WhyPanel {...base} decision={decision({ profiling: true })} visitorId="v1" personas={personas} interests={[["family", "Space for the family"]]} />);
    expect(html).toContain('action="/api/tailor/declare"');
    expect(html).toContain('<option value="family">Families</option>');
    expect(html).not.toContain('value="fleet"');
  });
  it("tells a GPC visitor why nothing is remembered, and an editor that a preview is nobody's visit", () => {
    expect(renderToStaticMarkup(<WhyPanel {...base} decision={decision()} visitorId={null} gpc consent={null} />)).toContain("Global Privacy Control");
    expect(renderToStaticMarkup(<WhyPanel {...base} decision={decision()} visitorId={null} preview />)).toContain("nobody&#x27;s visit");
  });
});

describe("banners", () => {
  it("the consent banner posts one of two equal choices back to the same page", () => {
    const html = renderToStaticMarkup(<ConsentBanner action="/api/tailor/consent" next="/pricing/?a=1" privacyHref="/_privacy/" />);
    expect(html).toContain('value="accept"');
    expect(html).toContain('value="decline"');
    expect(html).toContain('name="next" value="/pricing/?a=1"');
  });
  it("the preview banner is a status with the way out", () => {
    const html = renderToStaticMarkup(<PreviewBanner words="as persona Family buyer" leaveHref="/_preview/leave/?next=%2F" />);
    expect(html).toContain('role="status"');
    expect(html).toContain("Preview</strong> — as persona Family buyer.");
  });
});

describe("words", () => {
  it("says what the decision was without the editors' names", () => {
    const facts = Object.fromEntries(explain(decision({ persona: { slug: "x", name: "Secret name", description: null, publicName: null, publicDescription: null } as never }), null));
    expect(facts["What you see"]).toBe("the standard version of this page.");
    expect(facts["Who we think you are"]).toBe("we have a guess, used only to choose what you see.");
    expect(facts["Where you are"]).toBe("Stockholm, Sweden, worked out from your network address.");
  });
  it("drops repeated reasons and capitalises", () => {
    expect(plainReasons(["segment nordics holds", "segment nordics holds"])).toEqual(["A group of visitors holds"]);
  });
  it("ignores an image without any URL", () => {
    expect(imageView({ alt: "x" }, "http://cms.test")).toBeNull();
  });
});
