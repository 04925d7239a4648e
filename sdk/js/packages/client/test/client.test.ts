import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTailorClient, sha256Hex } from "../src";
import { ENDPOINT, decision, fakeCms } from "./api";

const cms = fakeCms();
beforeAll(() => cms.server.listen({ onUnhandledRequest: "error" }));
afterEach(() => cms.reset());
afterAll(() => cms.server.close());

const page = { content: '{"title":"Room for everyone","body":[]}', variant: null, decision: decision() };

describe("persisted queries", () => {
  it("sends only the hash once the CMS knows the query", async () => {
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: page } });
    const client = createTailorClient({ endpoint: ENDPOINT });
    expect((await client.personalizedPage({ path: "/" })).ok).toBe(true);
    expect((await client.personalizedPage({ path: "/" })).ok).toBe(true);
    const [first, retry, second] = cms.seen.map((s) => s.body);
    expect(first?.query).toBeUndefined();
    expect(retry?.query).toContain("query PersonalizedPage");
    expect(retry?.extensions.persistedQuery.sha256Hash).toBe(await sha256Hex(retry?.query));
    expect(second?.query).toBeUndefined();
    expect(cms.seen).toHaveLength(3);
  });

  it("can be turned off: the query text goes every time", async () => {
    cms.answers.Personas = () => ({ data: { personas: [] } });
    const client = createTailorClient({ endpoint: ENDPOINT, persistedQueries: false });
    await client.personas();
    expect(cms.seen).toHaveLength(1);
    expect(cms.seen[0]?.body.query).toContain("query Personas");
    expect(cms.seen[0]?.body.extensions).toBeUndefined();
  });
});

describe("errors are values with the API's codes", () => {
  it("carries FORBIDDEN from the API", async () => {
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: null }, errors: [{ message: "Preview token expired.", extensions: { code: "FORBIDDEN" } }] });
    const result = await createTailorClient({ endpoint: ENDPOINT }).personalizedPage({ path: "/", previewToken: "x" });
    expect(result).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: "Preview token expired." } });
  });

  it("says NETWORK_ERROR when the CMS cannot be reached, without throwing", async () => {
    const client = createTailorClient({ endpoint: "http://127.0.0.1:9/graphql/", fetch: () => Promise.reject(new TypeError("connect ECONNREFUSED")) });
    const result = await client.personas();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("NETWORK_ERROR");
      expect(result.error.message).toContain("ECONNREFUSED");
    }
  });

  it("says BAD_RESPONSE for an answer that is not GraphQL", async () => {
    const client = createTailorClient({ endpoint: ENDPOINT, fetch: async () => new Response("<html>502</html>", { status: 502 }) });
    expect(await client.personas()).toMatchObject({ ok: false, error: { code: "BAD_RESPONSE", status: 502 } });
  });

  it("maps a code it does not know to INTERNAL_SERVER_ERROR", async () => {
    cms.answers.Personas = () => ({ errors: [{ message: "boom", extensions: { code: "SOMETHING_NEW" } }] });
    expect(await createTailorClient({ endpoint: ENDPOINT }).personas()).toMatchObject({ ok: false, error: { code: "INTERNAL_SERVER_ERROR" } });
  });
});

describe("server key and forwarded address", () => {
  it("sends the key and X-Forwarded-For only when configured with a key", async () => {
    cms.answers.Personas = () => ({ data: { personas: [] } });
    await createTailorClient({ endpoint: ENDPOINT, serverKey: "k" }).personas({ forwardedFor: "198.51.100.7" });
    await createTailorClient({ endpoint: ENDPOINT }).personas({ forwardedFor: "198.51.100.7" });
    const withKey = cms.seen.find((s) => s.headers.get("authorization"));
    expect(withKey?.headers.get("authorization")).toBe("Bearer k");
    expect(withKey?.headers.get("x-forwarded-for")).toBe("198.51.100.7");
    expect(cms.seen.filter((s) => s.headers.get("x-forwarded-for"))).toHaveLength(cms.seen.filter((s) => s.headers.get("authorization")).length);
  });
});

describe("contentUrl", () => {
  it("fetches once, then revalidates with If-None-Match and answers a 304 from the kept copy", async () => {
    const client = createTailorClient({ endpoint: ENDPOINT });
    const first = await client.content("/content/3/17/abc");
    const again = await client.content("/content/3/17/abc");
    expect(first).toMatchObject({ ok: true, data: { title: "Room for everyone" } });
    expect(again).toEqual(first);
    expect(cms.contentGets()).toEqual([null, '"v1"']);
  });
});

describe("consent, tracking, identify", () => {
  it("setConsent without an id answers the id the CMS minted", async () => {
    cms.answers.SetConsent = (v) => ({ data: { setConsent: { visitorId: v.visitorId ?? "minted-1", consent: { personalization: v.personalization, analytics: v.analytics } } } });
    const result = await createTailorClient({ endpoint: ENDPOINT }).setConsent({ personalization: true, analytics: true });
    expect(result).toEqual({ ok: true, data: { visitorId: "minted-1", consent: { personalization: true, analytics: true } } });
  });

  it("trackEvents reports which events were refused, with their codes", async () => {
    cms.answers.TrackEvents = (v) => ({ data: { trackEvents: { accepted: v.events.length - 1, duplicates: 0, errors: [{ index: 1, code: "BAD_USER_INPUT", message: "Unknown type." }] } } });
    const result = await createTailorClient({ endpoint: ENDPOINT, serverKey: "k" }).trackEvents([
      { visitorId: "v", type: "purchase", eventId: "e1" },
      { visitorId: "v", type: "", eventId: "e2" },
    ]);
    expect(result).toMatchObject({ ok: true, data: { accepted: 1, errors: [{ index: 1, code: "BAD_USER_INPUT" }] } });
  });

  it("trackEvent and identify send what they are given", async () => {
    cms.answers.TrackEvent = () => ({ data: { trackEvent: { ok: true } } });
    cms.answers.Identify = (v) => ({ data: { identify: { visitorId: v.visitorId, firstSeen: null, lastSeen: null, visitCount: 1, pageViews: 1, persona: null, stage: null, declaredPersona: null, interests: [], consent: { personalization: true, analytics: true } } } });
    const client = createTailorClient({ endpoint: ENDPOINT, serverKey: "k" });
    expect(await client.trackEvent({ visitorId: "v", type: "cta_click", path: "/" })).toEqual({ ok: true, data: { ok: true } });
    expect(await client.identify({ visitorId: "v", userKey: "u-1" })).toMatchObject({ ok: true, data: { visitorId: "v" } });
    const variables = cms.seen.filter((s) => s.body.query).map((s) => s.body.variables);
    expect(variables).toEqual([{ visitorId: "v", type: "cta_click", path: "/" }, { visitorId: "v", userKey: "u-1" }]);
  });
});
