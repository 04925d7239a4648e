import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createRevalidateHandler, sign, verify } from "../src/webhook";

const SECRET = "s3cret";
const NOW = 1_760_000_000;

function call(body: string, headers: Record<string, string>) {
  return new Request("http://site.test/api/tailor/revalidate", { method: "POST", body, headers });
}

describe("the publish webhook", () => {
  it("signs like the CMS's webhooks: HMAC-SHA256 of '<timestamp>.<body>'", async () => {
    const body = '{"event":"page.published","path":"/"}';
    const python = "sha256=" + createHmac("sha256", SECRET).update(`${NOW}.${body}`).digest("hex");
    expect(await sign(SECRET, NOW, body)).toBe(python);
  });

  it("expires the site's tag and the page's tag at once on a signed call", async () => {
    const expired: string[] = [];
    const handler = createRevalidateHandler({ secret: SECRET, expire: (tag) => expired.push(tag), now: () => NOW });
    const body = JSON.stringify({ event: "page.published", path: "/pricing/" });
    const response = await handler(call(body, { "X-Tailor-Timestamp": String(NOW), "X-Tailor-Signature": await sign(SECRET, NOW, body) }));
    expect(response.status).toBe(200);
    expect(expired).toEqual(["tailor", "tailor:page:/pricing/"]);
  });

  it("refuses a wrong signature, an old timestamp, and everything when no secret is set", async () => {
    const expired: string[] = [];
    const handler = createRevalidateHandler({ secret: SECRET, expire: (tag) => expired.push(tag), now: () => NOW });
    const body = '{"event":"page.published"}';
    expect((await handler(call(body, { "X-Tailor-Timestamp": String(NOW), "X-Tailor-Signature": await sign("other", NOW, body) }))).status).toBe(401);
    const old = NOW - 3600;
    expect((await handler(call(body, { "X-Tailor-Timestamp": String(old), "X-Tailor-Signature": await sign(SECRET, old, body) }))).status).toBe(401);
    expect((await handler(call(body, {}))).status).toBe(401);
    const unset = createRevalidateHandler({ secret: undefined, expire: (tag) => expired.push(tag) });
    expect((await unset(call(body, {}))).status).toBe(503);
    expect(expired).toEqual([]);
    expect(await verify(SECRET, "12x", "sha256=00", body, NOW)).toBe(false);
  });
});
