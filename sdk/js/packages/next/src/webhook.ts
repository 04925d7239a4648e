/**
 * The publish webhook: the CMS tells the site that a page changed, signed as every Tailor webhook
 * is (personalization/audiences/webhooks.py):
 *
 *   X-Tailor-Timestamp: <unix seconds>
 *   X-Tailor-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>
 *
 * The body is JSON: `{"event": "page.published", "path": "/pricing/", "site": "…"}` (`path` optional).
 * A valid call expires the cached answers tagged `tailor` (personas, the rule set, content) and
 * the page's own tag at once, so the next request sees the change. Web Crypto only: runs in Node
 * and edge runtimes.
 */
import { revalidateTag } from "next/cache";
import { TAGS } from "./config";

export const MAX_SKEW_SECONDS = 300;
const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function sign(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `sha256=${hex(await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`)))}`;
}

function equal(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** True when the signature is the secret's and the timestamp within five minutes of `now`. */
export async function verify(secret: string, timestamp: string | null, signature: string | null, body: string, now = Date.now() / 1000): Promise<boolean> {
  if (!secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_SECONDS) return false;
  return equal(await sign(secret, Number(timestamp), body), signature);
}

export interface WebhookOptions {
  secret: string | undefined;
  /** How a tag is expired; default `revalidateTag(tag, { expire: 0 })` (at once, not stale-while-revalidate). */
  expire?: (tag: string) => void;
  now?: () => number;
}

function answer(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/** `export const POST = createRevalidateHandler({ secret: process.env.TAILOR_WEBHOOK_SECRET })`. */
export function createRevalidateHandler(options: WebhookOptions) {
  const expire = options.expire ?? ((tag: string) => revalidateTag(tag, { expire: 0 }));
  return async function POST(request: Request): Promise<Response> {
    if (!options.secret) return answer(503, { code: "UNAUTHENTICATED", message: "TAILOR_WEBHOOK_SECRET is not set on this site: webhooks are refused." });
    const body = await request.text();
    const signed = await verify(options.secret, request.headers.get("X-Tailor-Timestamp"), request.headers.get("X-Tailor-Signature"), body, (options.now ?? (() => Date.now() / 1000))());
    if (!signed) return answer(401, { code: "UNAUTHENTICATED", message: "The signature or timestamp is not valid (X-Tailor-Signature, X-Tailor-Timestamp)." });
    let payload: { event?: unknown; path?: unknown };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      return answer(400, { code: "BAD_USER_INPUT", message: "The body is not JSON." });
    }
    const tags: string[] = [TAGS.all];
    if (typeof payload?.path === "string" && payload.path.startsWith("/")) tags.push(TAGS.page(payload.path));
    for (const tag of tags) expire(tag);
    return answer(200, { revalidated: tags, event: typeof payload?.event === "string" ? payload.event : null });
  };
}
