// The CMS for the tests, answered by MSW at the HTTP edge as the real one answers.
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const API = "http://cms.test/graphql/";

export function decision(overrides: Record<string, unknown> = {}) {
  return {
    visitorId: null,
    profiling: false,
    persona: { slug: "family", name: "Family buyer", description: null, publicName: "Families", publicDescription: null },
    stage: null,
    segments: [],
    location: null,
    device: "desktop",
    channel: "email",
    reasons: [],
    cacheKey: "k-family",
    contentUrl: "/content/3/17/family",
    ...overrides,
  };
}

export function fakeCms() {
  const calls: Array<{ operation: string; variables: Record<string, any>; headers: Headers }> = [];
  const contentGets: string[] = [];
  const answers: Record<string, (variables: any) => any> = {};
  const server = setupServer(
    http.post(API, async ({ request }) => {
      const body = (await request.json()) as Record<string, any>;
      calls.push({ operation: body.operationName, variables: body.variables, headers: request.headers });
      const answer = answers[body.operationName];
      return HttpResponse.json(answer ? answer(body.variables) : { errors: [{ message: "unexpected", extensions: { code: "BAD_USER_INPUT" } }] });
    }),
    http.get("http://cms.test/content/:page/:revision/:code", ({ request }) => {
      contentGets.push(new URL(request.url).pathname);
      return HttpResponse.json({ title: "Room for everyone", body: [] }, { headers: { ETag: '"e1"' } });
    }),
  );
  return {
    server,
    calls,
    contentGets,
    answers,
    of: (operation: string) => calls.filter((c) => c.operation === operation),
    reset() {
      calls.length = 0;
      contentGets.length = 0;
      for (const key of Object.keys(answers)) delete answers[key];
    },
  };
}
