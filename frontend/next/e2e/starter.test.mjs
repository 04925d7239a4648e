// The Next.js starter against the real CMS with the demo site, in Debian's Chromium.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { attribute, closeBrowser, CMS_LOG, django, SITE, titleOf, visitor, webhook } from "./harness.mjs";

const DEFAULT_TITLE = "Cars that fit your life";
const FAMILY_TITLE = "Room for everyone: the Aurora Family range";
const FAMILY_LINK = "/?utm_source=newsletter&utm_medium=email&utm_campaign=family-summer";

after(closeBrowser);

describe("no flash of default content", () => {
  test("the first HTML a visitor from the family campaign gets already holds the family variant", async () => {
    const response = await fetch(SITE + FAMILY_LINK, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" } });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.equal(titleOf(html), FAMILY_TITLE);
    assert.ok(!html.includes(DEFAULT_TITLE), "the default title must not be anywhere in the first HTML");
    assert.match(attribute(html, "data-variant") ?? "", /^page:/);
    assert.equal(response.headers.get("cache-control")?.includes("no-store") || response.headers.get("cache-control")?.includes("private"), true);
  });

  test("in the browser the heading is the variant from the first paint, and nobody is asked twice", async () => {
    const context = await visitor();
    const page = await context.newPage();
    const titles = [];
    await page.exposeFunction("seen", (text) => titles.push(text));
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const h1 = document.querySelector("h1");
        if (h1) window.seen(h1.textContent);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(FAMILY_LINK);
    await page.getByTestId("page-title").waitFor();
    assert.equal(await page.getByTestId("page-title").textContent(), FAMILY_TITLE);
    assert.ok(titles.length > 0 && titles.every((t) => t === FAMILY_TITLE), `headings seen: ${titles.join(" | ")}`);
    assert.equal(await page.getByTestId("consent-banner").count(), 1);
    await context.close();
  });
});

describe("caching", () => {
  test("two visitors with equal cache keys share one cached copy of the page's content", async () => {
    const link = "/?utm_source=newsletter&utm_medium=email&utm_campaign=family-summer&visit=cache";
    const first = await (await fetch(SITE + link, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" } })).text(); // Node's own agent ("node") is a bot
    const second = await (await fetch(SITE + link, { headers: { "User-Agent": "Mozilla/5.0 (Macintosh) Safari/605" } })).text();
    const key = attribute(first, "data-cache-key");
    assert.ok(key);
    assert.equal(attribute(second, "data-cache-key"), key);
    assert.equal(attribute(second, "data-content-cached-at"), attribute(first, "data-content-cached-at"));
    // The CMS was asked for that content once, however many visitors came since the starter started.
    const contentUrl = attribute(first, "data-content-url");
    assert.match(contentUrl ?? "", /^\/content\//);
    const gets = readFileSync(CMS_LOG, "utf8").split("\n").filter((line) => line.includes(`"GET ${contentUrl} `));
    assert.equal(gets.length, 1, gets.join("\n"));
    const plain = await (await fetch(SITE + "/")).text();
    assert.notEqual(attribute(plain, "data-cache-key"), key, "the default content has its own key");
  });
});

describe("publishing", () => {
  test("a publish in Wagtail shows on the next request after the webhook", async () => {
    const before = titleOf(await (await fetch(SITE + "/owners/")).text());
    assert.ok(before);
    const fresh = `Owners' corner, published ${Date.now()}`;
    // The CMS itself calls the starter's webhook once the publish commits
    // (PERSONALIZATION_PUBLISH_WEBHOOKS in its environment): nothing is sent from here.
    const sent = await django(`
from wagtail.models import Page
from personalization.models import PublishDelivery
page = Page.objects.get(url_path__endswith="/owners/").specific
page.title = ${JSON.stringify(fresh)}
page.save_revision().publish()
for d in PublishDelivery.objects.filter(payload__path="/owners/").order_by("-pk")[:1]:
    print("delivery:", d.status, d.last_status_code, d.payload["event"])
`);
    assert.match(sent, /^delivery: sent 200 page\.published$/m);
    assert.equal(titleOf(await (await fetch(SITE + "/owners/")).text()), fresh);
  });

  test("an unsigned webhook is refused and expires nothing", async () => {
    const response = await webhook({ event: "page.published", path: "/" }, "not-the-secret");
    assert.equal(response.status, 401);
    assert.equal((await response.json()).code, "UNAUTHENTICATED");
  });
});

const DRAFT = `Compare, draft ${Date.now()}`;

// One shell for the preview tests: a draft of the live /compare/ page (saved, not published),
// and tokens the CMS issues to the demo editor for it and for the unpublished winter tyre offer.
const PREPARE_PREVIEW = `
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page
from personalization.preview import issue_preview_token
call_command("demo_editor")
editor = get_user_model().objects.get(username="editor")
compare = Page.objects.get(url_path__endswith="/compare/").specific
compare.title = ${JSON.stringify(DRAFT)}
compare.save_revision()
for path in ("/news/winter-tyres/", "/compare/"):
    print(path + "=" + issue_preview_token(editor, Page.objects.get(url_path__endswith=path)))
`;

describe("preview", () => {
  const tokens = {};
  before(async () => {
    for (const line of (await django(PREPARE_PREVIEW)).split("\n")) {
      if (line.startsWith("/")) tokens[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  });

  test("an editor's preview shows an unpublished draft as a persona, and visitors never see it", async () => {
    const token = tokens["/news/winter-tyres/"];
    const visitorContext = await visitor();
    const visitorPage = await visitorContext.newPage();
    assert.equal((await visitorPage.goto("/news/winter-tyres/")).status(), 404);

    const editor = await visitor();
    const page = await editor.newPage();
    const response = await page.goto(`/news/winter-tyres/?${new URLSearchParams({ preview_token: token, persona: "family" })}`);
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).search, "", "the token leaves the address bar");
    assert.match(await page.getByTestId("page-title").textContent(), /Winter tyre offer/);
    assert.match(await page.getByRole("status").filter({ hasText: "Preview" }).textContent(), /as persona Family buyer/);
    assert.equal(await page.getByTestId("consent-banner").count(), 0);
    assert.equal((await editor.cookies()).filter((c) => c.name === "tailor_vid").length, 0);

    assert.equal((await visitorPage.goto("/news/winter-tyres/")).status(), 404, "a visitor still gets no draft");
    const raw = await fetch(SITE + "/news/winter-tyres/");
    assert.equal(raw.status, 404);
    assert.ok(!(await raw.text()).includes("Winter tyre offer"));

    await page.getByRole("link", { name: "Leave preview" }).click();
    await page.getByRole("heading", { name: "We could not find that page" }).waitFor();
    await Promise.all([editor.close(), visitorContext.close()]);
  });

  test("a draft of a live page is shown in the preview and never served to visitors, even with the same cache key", async () => {
    const draft = DRAFT;
    const token = tokens["/compare/"];
    const editor = await visitor();
    const page = await editor.newPage();
    await page.goto(`/compare/?${new URLSearchParams({ preview_token: token })}`);
    assert.equal(await page.getByTestId("page-title").textContent(), draft);
    await page.reload();
    assert.equal(await page.getByTestId("page-title").textContent(), draft, "links followed in the preview stay in it");
    for (let i = 0; i < 2; i++) {
      const html = await (await fetch(SITE + "/compare/")).text();
      assert.ok(!html.includes(draft), "the draft never reaches a visitor");
      assert.ok(titleOf(html));
    }
    await editor.close();
  });

  test("an expired preview link asks to open Preview as… again", async () => {
    const editor = await visitor();
    const page = await editor.newPage();
    const response = await page.goto("/news/winter-tyres/?preview_token=not-a-token&persona=family");
    assert.equal(response.status(), 403);
    assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "This preview link does not work any more");
    await editor.close();
  });
});

describe("consent, GPC and this isn't me", () => {
  test("yes mints the visitor id in an HttpOnly cookie; this isn't me then changes the page", async () => {
    const context = await visitor();
    const page = await context.newPage();
    await page.goto("/");
    assert.equal(await page.getByTestId("page-title").textContent(), DEFAULT_TITLE);
    await page.getByRole("button", { name: "Yes, personalize" }).click();
    await page.waitForURL(`${SITE}/`);
    assert.equal(await page.getByTestId("consent-banner").count(), 0);
    const id = (await context.cookies()).find((c) => c.name === "tailor_vid");
    assert.ok(id?.value && id.httpOnly);
    await page.getByText("Why am I seeing this?", { exact: true }).first().click();
    await page.getByLabel("I am mostly").selectOption("performance");
    await page.getByRole("button", { name: "Show me that" }).click();
    await page.getByText("Built for the driver: Aurora GT").first().waitFor();
    await page.getByText("Why am I seeing this?", { exact: true }).first().click();
    await page.getByRole("button", { name: "Forget what I told you" }).click();
    await page.getByText(DEFAULT_TITLE).first().waitFor();
    await context.close();
  });

  test("a browser sending GPC is not asked, gets no id, and is told why", async () => {
    const context = await visitor({ extraHTTPHeaders: { "Sec-GPC": "1" } });
    const page = await context.newPage();
    await page.goto(FAMILY_LINK);
    assert.equal(await page.getByTestId("page-title").textContent(), FAMILY_TITLE, "still personalized by what the request carries");
    assert.equal(await page.getByTestId("consent-banner").count(), 0);
    assert.equal((await context.cookies()).filter((c) => c.name === "tailor_vid").length, 0);
    assert.match(await page.getByTestId("why-panel").textContent(), /Global Privacy Control/);
    await context.close();
  });
});
