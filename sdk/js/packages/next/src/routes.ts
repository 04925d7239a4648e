/**
 * Route handlers a Next.js site mounts under app/api/tailor/…: entering and leaving a preview,
 * "This isn't me", events reported by the browser, and the visitor's data export. Each speaks to
 * the CMS with the server key; the browser is trusted with nothing but its own choices.
 */
import { CONSENT_COOKIE, readVisitorState, safeNext, VISITOR_COOKIE, type RequestSignals } from "@tailor/client";
import { draftMode } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { resolveConfig, type TailorNextConfig } from "./config";
import { cookieOptions, sameOrigin, visitorAddress } from "./cookies";
import { PREVIEW_COOKIE, PREVIEW_SECONDS, previewCookieValue, previewFrom } from "./preview";
import { seeOther, signals } from "./proxy";

export interface RoutesOptions {
  /** Event types the browser may report (everything else is refused). */
  trackableEvents?: readonly string[];
  /** Interest slugs a visitor may declare. */
  interests?: readonly string[];
}

const MAX_TRACK_BODY = 4096;

function privateResponse(response: NextResponse): NextResponse {
  response.headers.set("Cache-Control", "private, no-store");
  response.headers.set("Referrer-Policy", "no-referrer");
  return response;
}

/** What an editor is told when the CMS refuses a preview; the preview ends (draft mode off, cookie gone). */
const REFUSALS: Record<string, [number, string, string]> = {
  FORBIDDEN: [
    403,
    "This preview link does not work any more",
    "A preview lasts an hour, and shows only pages you may edit. Open the page in the admin and choose \u201cPreview as\u2026\u201d again for a fresh link.",
  ],
  BAD_USER_INPUT: [400, "The preview settings were not understood", "Choose the persona, stage, country and device again under \u201cPreview as\u2026\u201d in the admin."],
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function previewRefused(code: string, next: string, secure: boolean): Promise<NextResponse> {
  (await draftMode()).disable();
  const [status, heading, advice] = REFUSALS[code] ?? [502, "The preview cannot be shown", ""];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><title>Preview unavailable</title></head><body><main class="wrap narrow prose" data-testid="preview-refused"><h1>${escape(heading)}</h1><p>${escape(advice)}</p><p><a href="${escape(next)}">See the published page</a>, if there is one.</p></main></body></html>`;
  const response = new NextResponse(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
  response.cookies.set(PREVIEW_COOKIE, "", cookieOptions(secure, 0));
  return privateResponse(response);
}

export function createTailorRoutes(config: TailorNextConfig, options: RoutesOptions = {}) {
  const { client } = resolveConfig(config);
  const secure = Boolean(config.secureCookies);
  const trackable = new Set(options.trackableEvents ?? ["cta_click", "download", "form_submit", "test_drive_booked", "purchase"]);
  const interests = new Set(options.interests ?? []);
  const stateOf = (request: NextRequest) => readVisitorState(signals(request) as RequestSignals);

  return {
    /** GET ?preview_token=…&persona=…&next=/path/: draft mode on, the token in an HttpOnly cookie, back to the page. */
    async previewEnter(request: NextRequest): Promise<NextResponse> {
      const params = request.nextUrl.searchParams;
      const refused = params.get("refused");
      if (refused) return previewRefused(refused, safeNext(params.get("next")), secure);
      const preview = previewFrom((name) => params.get(name));
      const next = safeNext(params.get("next"));
      if (!preview) return privateResponse(seeOther(request, next));
      (await draftMode()).enable();
      const response = seeOther(request, next);
      response.cookies.set(PREVIEW_COOKIE, previewCookieValue(preview), cookieOptions(secure, PREVIEW_SECONDS));
      response.headers.set("X-Robots-Tag", "noindex, nofollow");
      return privateResponse(response);
    },

    /** GET ?next=/path/: back to the website as a visitor. */
    async previewLeave(request: NextRequest): Promise<NextResponse> {
      (await draftMode()).disable();
      const response = seeOther(request, safeNext(request.nextUrl.searchParams.get("next")));
      response.cookies.set(PREVIEW_COOKIE, "", cookieOptions(secure, 0));
      return privateResponse(response);
    },

    /** POST (form): "This isn't me" — a persona and interests, or `action=reset`. */
    async declare(request: NextRequest): Promise<NextResponse> {
      if (!sameOrigin(request)) return new NextResponse("Cross-site requests may not change a profile.", { status: 403 });
      const form = await request.formData().catch(() => new FormData());
      const back = seeOther(request, `${safeNext(form.get("next")?.toString())}#why`);
      const state = stateOf(request);
      if (!state.visitorId) return back;
      const reset = form.get("action") === "reset";
      const persona = reset ? null : form.get("persona")?.toString() || null;
      const chosen = reset ? [] : form.getAll("interest").map(String).filter((slug) => interests.has(slug));
      const result = await client.declare({ visitorId: state.visitorId, persona, interests: chosen }, { forwardedFor: visitorAddress(request.headers) ?? undefined });
      if (!result.ok && result.error.code === "NOT_FOUND") {
        // The CMS no longer knows this id (erased): ask again.
        back.cookies.set(VISITOR_COOKIE, "", cookieOptions(secure, 0));
        back.cookies.set(CONSENT_COOKIE, "", cookieOptions(secure, 0));
      } else if (!result.ok && result.error.code !== "BAD_USER_INPUT") {
        return new NextResponse("Your choice could not be saved just now. Please try again in a moment.", { status: 503 });
      }
      return back;
    },

    /** POST (JSON, sendBeacon): one event of an allowed type, for visitors with an id only. */
    async track(request: NextRequest): Promise<NextResponse> {
      if (!sameOrigin(request)) return new NextResponse(null, { status: 403 });
      const state = stateOf(request);
      if (!state.visitorId) return new NextResponse(null, { status: 204 });
      const text = await request.text();
      if (text.length > MAX_TRACK_BODY) return new NextResponse(null, { status: 413 });
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return NextResponse.json({ code: "BAD_USER_INPUT", message: "The event is not JSON." }, { status: 400 });
      }
      if (typeof event?.type !== "string" || !trackable.has(event.type)) {
        return NextResponse.json({ code: "BAD_USER_INPUT", message: "This event type is not reported." }, { status: 400 });
      }
      const value = typeof event.value === "number" && Number.isFinite(event.value) ? event.value : null;
      const result = await client.trackEvent(
        {
          visitorId: state.visitorId,
          type: event.type,
          path: typeof event.path === "string" ? event.path.slice(0, 512) : null,
          value,
          variantId: typeof event.variantId === "string" ? event.variantId.slice(0, 200) : null,
          properties: event.properties && typeof event.properties === "object" ? JSON.stringify(event.properties) : null,
        },
        { forwardedFor: visitorAddress(request.headers) ?? undefined },
      );
      return result.ok ? new NextResponse(null, { status: 204 }) : NextResponse.json({ code: result.error.code, message: result.error.message }, { status: 502 });
    },

    /** GET: the visitor's own profile and events as JSON (data export). */
    async exportData(request: NextRequest): Promise<NextResponse> {
      const state = stateOf(request);
      if (!state.visitorId) return privateResponse(NextResponse.json({ code: "NOT_FOUND", message: "We do not remember you: there is nothing to download." }, { status: 404 }));
      const result = await client.visitor(state.visitorId, { forwardedFor: visitorAddress(request.headers) ?? undefined });
      if (!result.ok) return privateResponse(NextResponse.json({ code: result.error.code, message: result.error.message }, { status: 502 }));
      const response = NextResponse.json(result.data, { headers: { "Content-Disposition": 'attachment; filename="my-data.json"' } });
      return privateResponse(response);
    },
  };
}
