/**
 * The Next.js proxy (middleware before Next 16): every request passes here before a page renders.
 *
 * - The consent banner's form posts here: "yes" calls `setConsent`, which mints the visitor id,
 *   kept in the first-party `tailor_vid` cookie; "no" is remembered in `tailor_consent=declined`,
 *   and withdrawing consent also erases the profile (`forgetVisitor`).
 * - On every request the consent rules of the reference frontend hold: a visitor who said no, or
 *   whose browser sends GPC or DNT and who made no choice, has no id (a stale cookie is dropped).
 * - A "Preview as…" link goes to the preview route (draft mode + the preview cookie).
 * - The request's own URL and the visitor's address are handed to server components in headers
 *   that a browser cannot set (any it sent are replaced).
 */
import { readVisitorState, safeNext, VISITOR_COOKIE } from "@tailor/client";
import { NextResponse, type NextRequest } from "next/server";
import { FORWARDED, resolveConfig, type TailorNextConfig } from "./config";
import { rememberConsent, sameOrigin, visitorAddress } from "./cookies";
import { PREVIEW_PARAMS, withoutPreview } from "./preview";

export interface ProxyOptions {
  /** Where the consent banner posts (default `/_consent`, as the reference frontend). */
  consentPath?: string;
  /** The preview route (default `/api/tailor/preview`). */
  previewPath?: string;
}

export function signals(request: NextRequest) {
  return { cookie: (name: string) => request.cookies.get(name)?.value, header: (name: string) => request.headers.get(name) };
}

export function createTailorProxy(config: TailorNextConfig, options: ProxyOptions = {}) {
  const resolved = resolveConfig(config);
  const consentPath = options.consentPath ?? "/_consent";
  const previewPath = options.previewPath ?? "/api/tailor/preview";
  const secure = Boolean(config.secureCookies);

  async function consent(request: NextRequest): Promise<NextResponse> {
    if (!sameOrigin(request)) return new NextResponse("Cross-site requests may not change consent.", { status: 403 });
    const form = await request.formData().catch(() => new FormData());
    const granted = form.get("choice") === "accept";
    const state = readVisitorState(signals(request));
    const forwardedFor = visitorAddress(request.headers) ?? undefined;
    let visitorId: string | null = null;
    if (granted) {
      const result = await resolved.client.setConsent({ visitorId: state.visitorId, personalization: true, analytics: true }, { forwardedFor });
      if (!result.ok) return unavailable(result.error.message);
      visitorId = result.data.visitorId;
    } else if (state.visitorId) {
      const withdrawn = await resolved.client.setConsent({ visitorId: state.visitorId, personalization: false, analytics: false }, { forwardedFor });
      const erased = withdrawn.ok ? await resolved.client.forgetVisitor(state.visitorId, { forwardedFor }) : withdrawn;
      if (!erased.ok) return unavailable(erased.error.message);
    }
    const response = seeOther(request, safeNext(form.get("next")?.toString()));
    rememberConsent(response, secure, granted, visitorId);
    return response;
  }

  return async function proxy(request: NextRequest): Promise<NextResponse> {
    const url = request.nextUrl;
    if (request.method === "POST" && trimmed(url.pathname) === trimmed(consentPath)) return consent(request);
    if (request.method === "GET" && url.searchParams.has("preview_token") && !url.pathname.startsWith(previewPath)) {
      const target = new URL(previewPath, request.url);
      for (const name of PREVIEW_PARAMS) {
        const value = url.searchParams.get(name);
        if (value) target.searchParams.set(name, value);
      }
      const back = withoutPreview(url);
      target.searchParams.set("next", back.pathname + back.search);
      const response = seeOther(request, target.pathname + target.search);
      response.headers.set("Referrer-Policy", "no-referrer");
      return response;
    }
    const headers = new Headers(request.headers);
    headers.set(FORWARDED.url, request.url);
    const ip = visitorAddress(request.headers);
    if (ip) headers.set(FORWARDED.ip, ip);
    else headers.delete(FORWARDED.ip);
    const response = NextResponse.next({ request: { headers } });
    const state = readVisitorState(signals(request));
    if (state.declined && request.cookies.has(VISITOR_COOKIE)) response.cookies.delete(VISITOR_COOKIE);
    return response;
  };
}

function trimmed(path: string): string {
  return path.replace(/\/+$/, "") || "/";
}

/** A 303 to a local path on the host the browser asked for (its cookies are there), whatever name the server listens on. */
export function seeOther(request: Request, path: string): NextResponse {
  const own = new URL(request.url);
  const host = request.headers.get("host") ?? own.host;
  return new NextResponse(null, { status: 303, headers: { Location: new URL(path, `${own.protocol}//${host}`).toString() } });
}

function unavailable(message: string): NextResponse {
  console.error(`tailor: consent could not be saved: ${message}`);
  return new NextResponse("Your choice could not be saved just now. Please try again in a moment.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
