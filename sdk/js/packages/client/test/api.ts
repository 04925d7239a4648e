// An in-memory Tailor API for the tests: MSW answers /graphql/ and /content/ like the CMS does.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const ENDPOINT = "http://cms.test/graphql/";

export interface Seen {
  body: Record<string, any>;
  headers: Headers;
}

export function decision(overrides: Record<string, unknown> = {}) {
  return {
    visitorId: null,
    profiling: false,
    persona: { slug: "family", name: "Family buyer", description: null },
    stage: null,
    segments: ["nordics"],
    location: null,
    device: "desktop",
    channel: "email",
    reasons: ["Persona family: utm_campaign family-summer"],
    cacheKey: "k1",
    contentUrl: "/content/3/17/abc",
    ...overrides,
  };
}

export function fakeCms() {
  const seen: Seen[] = [];
  const stored = new Set<string>();
  let contentGets: Array<string | null> = [];
  const answers: Record<string, (variables: any) => any> = {};
  const server = setupServer(
    http.post(ENDPOINT, async ({ request }) => {
      const body = (await request.json()) as Record<string, any>;
      seen.push({ body, headers: request.headers });
      const hash = body.extensions?.persistedQuery?.sha256Hash as string | undefined;
      if (hash && !body.query && !stored.has(hash)) {
        return HttpResponse.json({ errors: [{ message: "PersistedQueryNotFound", extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }] });
      }
      if (hash && body.query) stored.add(hash);
      const answer = answers[body.operationName as string];
      if (!answer) return HttpResponse.json({ errors: [{ message: "no answer", extensions: { code: "BAD_USER_INPUT" } }] }, { status: 400 });
      return HttpResponse.json(answer(body.variables));
    }),
    http.get("http://cms.test/content/:page/:revision/:code", ({ request }) => {
      contentGets.push(request.headers.get("If-None-Match"));
      if (request.headers.get("If-None-Match") === '"v1"') return new HttpResponse(null, { status: 304, headers: { ETag: '"v1"' } });
      return HttpResponse.json({ title: "Room for everyone", intro: null, tags: [], body: [] }, { headers: { ETag: '"v1"', "Cache-Control": "public, max-age=31536000, immutable" } });
    }),
  );
  return {
    server,
    seen,
    answers,
    contentGets: () => contentGets,
    reset() {
      seen.length = 0;
      stored.clear();
      contentGets = [];
      for (const key of Object.keys(answers)) delete answers[key];
    },
  };
}
