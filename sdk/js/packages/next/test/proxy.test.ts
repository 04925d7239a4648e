import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTailorProxy } from "../src/proxy";
import { API, fakeCms } from "./cms";

const cms = fakeCms();
beforeAll(() => cms.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cms.reset());
afterAll(() => cms.server.close());

const proxy = createTailorProxy({ apiUrl: API, serverKey: "key" });

function consentPost(choice: string, cookies = "", origin = "http://site.test") {
  const body = new URLSearchParams({ choice, next: "/pricing/?utm_campaign=x" });
  return new NextRequest("http://site.test/_consent", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Host: "site.test", Cookie: cookies, "X-Forwarded-For": "198.51.100.7" },
  });
}

describe("consent in the proxy", () => {
  it("yes: setConsent mints the id, kept HttpOnly with the choice, and the visitor goes back", async () => {
    cms.answers.SetConsent = (v) => ({ data: { setConsent: { visitorId: "minted-1", consent: { personalization: v.personalization, analytics: v.analytics } } } });
    const response = await proxy(consentPost("accept"));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("http://site.test/pricing/?utm_campaign=x");
    expect(response.cookies.get("tailor_vid")).toMatchObject({ value: "minted-1", httpOnly: true, sameSite: "lax" });
    expect(response.cookies.get("tailor_consent")?.value).toBe("granted");
    expect(cms.of("SetConsent")[0]?.headers.get("x-forwarded-for")).toBe("198.51.100.7");
  });

  it("withdrawing consent erases the profile and drops the id", async () => {
    cms.answers.SetConsent = () => ({ data: { setConsent: { visitorId: "v1", consent: { personalization: false, analytics: false } } } });
    cms.answers.ForgetVisitor = () => ({ data: { forgetVisitor: true } });
    const response = await proxy(consentPost("decline", "tailor_consent=granted; tailor_vid=v1"));
    expect(cms.calls.map((c) => c.operation)).toEqual(["SetConsent", "ForgetVisitor"]);
    expect(response.cookies.get("tailor_vid")?.value).toBe("");
    expect(response.cookies.get("tailor_consent")?.value).toBe("declined");
  });

  it("no: remembered without an id and without asking the CMS", async () => {
    const response = await proxy(consentPost("decline"));
    expect(cms.calls).toEqual([]);
    expect(response.cookies.get("tailor_consent")?.value).toBe("declined");
  });

  it("refuses a cross-site form", async () => {
    expect((await proxy(consentPost("accept", "", "http://evil.test"))).status).toBe(403);
    expect(cms.calls).toEqual([]);
  });
});

describe("every request", () => {
  it("drops a stale id when the browser sends GPC and the visitor never said yes", async () => {
    const response = await proxy(new NextRequest("http://site.test/", { headers: { Cookie: "tailor_vid=v1", "Sec-GPC": "1" } }));
    expect(response.cookies.get("tailor_vid")?.value).toBe("");
  });

  it("keeps the id of a visitor who said yes, GPC or not", async () => {
    const response = await proxy(new NextRequest("http://site.test/", { headers: { Cookie: "tailor_consent=granted; tailor_vid=v1", "Sec-GPC": "1" } }));
    expect(response.cookies.get("tailor_vid")).toBeUndefined();
  });

  it("hands the landing URL to server components, replacing one a browser sent", async () => {
    const response = await proxy(new NextRequest("http://site.test/?utm_campaign=family-summer", { headers: { "x-tailor-url": "http://spoof.test/" } }));
    expect(response.headers.get("x-middleware-request-x-tailor-url")).toBe("http://site.test/?utm_campaign=family-summer");
  });

  it("sends a Preview as… link to the preview route, keeping the token out of the page's address", async () => {
    const response = await proxy(new NextRequest("http://site.test/news/?preview_token=T%3A1&persona=family&utm_source=x"));
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("Location")!, "http://site.test");
    expect(location.pathname).toBe("/api/tailor/preview");
    expect(location.searchParams.get("preview_token")).toBe("T:1");
    expect(location.searchParams.get("persona")).toBe("family");
    expect(location.searchParams.get("next")).toBe("/news/?utm_source=x");
  });
});
