import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API, decision, fakeCms } from "./cms";

// next/headers and next/cache as Next.js provides them in a request: headers, cookies, draft
// mode of the request at hand, and a data cache shared by every request (a Map here).
const request = { headers: new Headers(), cookies: new Map<string, string>(), draft: false };
const dataCache = new Map<string, unknown>();
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined) }),
  draftMode: async () => ({ isEnabled: request.draft }),
}));
vi.mock("next/cache", () => ({
  unstable_cache:
    (fn: () => Promise<unknown>, keys: string[]) =>
    async () => {
      const key = JSON.stringify(keys);
      if (!dataCache.has(key)) dataCache.set(key, await fn());
      return dataCache.get(key);
    },
  revalidateTag: () => undefined,
}));

const { createTailor } = await import("../src/server");
const cms = fakeCms();
beforeAll(() => cms.server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  request.headers = new Headers({ "x-tailor-url": "http://site.test/?utm_campaign=family-summer", "x-tailor-ip": "198.51.100.7", "user-agent": "Firefox" });
  request.cookies = new Map();
  request.draft = false;
  dataCache.clear();
});
afterEach(() => cms.reset());
afterAll(() => cms.server.close());

const family = { variant: { id: "page:3:family", name: "Family home", persona: "family", stage: null, segment: null, arm: null }, decision: decision() };

describe("server-side decisions", () => {
  it("forward the visitor's request with the server key and get the variant before any HTML is sent", async () => {
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: family } });
    const tailor = createTailor({ apiUrl: API, serverKey: "key" });
    const result = await tailor.page("/");
    expect(result.kind).toBe("page");
    if (result.kind !== "page") return;
    expect(result.variant?.id).toBe("page:3:family");
    expect(result.content.title).toBe("Room for everyone");
    const call = cms.of("PersonalizedPage")[0]!;
    expect(call.variables).toMatchObject({ path: "/", track: true, withContent: false, previewToken: null, context: { url: "http://site.test/?utm_campaign=family-summer", ip: "198.51.100.7", userAgent: "Firefox", visitorId: null, gpc: false } });
    expect(call.headers.get("authorization")).toBe("Bearer key");
  });

  it("two visitors with equal cache keys share one cached copy of the content", async () => {
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: family } });
    const tailor = createTailor({ apiUrl: API, serverKey: "key" });
    const first = await tailor.page("/");
    request.cookies.set("tailor_consent", "granted");
    request.cookies.set("tailor_vid", "someone-else");
    const second = await tailor.page("/");
    expect(cms.contentGets).toEqual(["/content/3/17/family"]);
    expect(first.kind === "page" && second.kind === "page" && first.cachedAt === second.cachedAt).toBe(true);
    expect(cms.of("PersonalizedPage")[1]?.variables.context.visitorId).toBe("someone-else");
  });

  it("a preview asks with the editor's token, records nothing, reads no visitor cookie and caches nothing", async () => {
    request.draft = true;
    request.cookies.set("tailor_preview", "token=T1&persona=family");
    request.cookies.set("tailor_vid", "v1");
    request.cookies.set("tailor_consent", "granted");
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: { ...family, content: '{"title":"Winter tyre offer","body":[]}' } } });
    const result = await createTailor({ apiUrl: API, serverKey: "key" }).page("/news/winter-tyres/");
    expect(result.kind === "page" && result.content.title).toBe("Winter tyre offer");
    expect(result.kind === "page" && result.previewWords).toBe("as persona Family buyer");
    expect(cms.of("PersonalizedPage")[0]?.variables).toMatchObject({ previewToken: "T1", simulate: { persona: "family" }, track: false, withContent: true, context: { visitorId: null } });
    expect(cms.contentGets).toEqual([]);
    expect(dataCache.size).toBe(0);
  });

  it("a preview cookie without draft mode is no preview", async () => {
    request.cookies.set("tailor_preview", "token=T1");
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: family } });
    await createTailor({ apiUrl: API, serverKey: "key" }).page("/");
    expect(cms.of("PersonalizedPage")[0]?.variables.previewToken).toBeNull();
  });

  it("no live page is not-found, and a refusal carries the API's code", async () => {
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: null } });
    const tailor = createTailor({ apiUrl: API, serverKey: "key" });
    expect((await tailor.page("/nowhere/")).kind).toBe("not-found");
    cms.answers.PersonalizedPage = () => ({ data: null, errors: [{ message: "Slow down.", extensions: { code: "RATE_LIMITED" } }] });
    expect(await tailor.page("/")).toMatchObject({ kind: "error", error: { code: "RATE_LIMITED" } });
  });

  it("speculative prefetches are decided but not recorded", async () => {
    request.headers.set("sec-purpose", "prefetch");
    cms.answers.PersonalizedPage = () => ({ data: { personalizedPage: family } });
    await createTailor({ apiUrl: API, serverKey: "key" }).page("/");
    expect(cms.of("PersonalizedPage")[0]?.variables.track).toBe(false);
  });
});

describe("local decisions", () => {
  it("build one engine per rule set version and answer in the contract's line format", async () => {
    const { createLocalDecisions } = await import("../src/local");
    const { createTailorClient } = await import("@tailor/client");
    cms.answers.RuleSet = () => ({ data: { ruleSet: { version: "v1", json: '{"formatVersion":1}' } } });
    const loads: string[] = [];
    const local = createLocalDecisions({
      client: createTailorClient({ endpoint: API, serverKey: "key" }),
      load: (json) => {
        loads.push(json);
        return { decide: (path) => ({ persona: null, stage: null, segments: [], variantId: null, cacheKey: `k:${path}`, contentUrl: "/content/3/17/x" }) };
      },
    });
    expect(await local.decide("/", {})).toMatchObject({ ok: true, data: { cacheKey: "k:/" } });
    await local.decide("/pricing/", {});
    expect(loads).toHaveLength(1);
    expect(cms.of("RuleSet")).toHaveLength(1);
  });

  it("with @tailor/engine, answer exactly what the conformance corpus expects (the contract's line)", async () => {
    const { readFileSync } = await import("node:fs");
    const { createLocalDecisions } = await import("../src/local");
    const { createTailorClient } = await import("@tailor/client");
    const { LocalEngine } = await import("@tailor/engine");
    const corpus = new URL("../../../../conformance/", import.meta.url);
    const json = readFileSync(new URL("rulesets/location.json", corpus), "utf8");
    const cases = readFileSync(new URL("cases/location.jsonl", corpus), "utf8").split("\n").filter(Boolean).slice(0, 20);
    const expected = readFileSync(new URL("expected/location.jsonl", corpus), "utf8").split("\n").filter(Boolean).slice(0, 20);
    cms.answers.RuleSet = () => ({ data: { ruleSet: { version: "corpus", json } } });
    const local = createLocalDecisions({ client: createTailorClient({ endpoint: API, serverKey: "key" }), load: (text) => new LocalEngine(JSON.parse(text)) });
    const answers = [];
    for (const line of cases) {
      const { path, context } = JSON.parse(line);
      const result = await local.decide(path, context);
      answers.push(result.ok ? result.data : result.error);
    }
    expect(answers).toEqual(expected.map((line) => JSON.parse(line)));
  });
});
