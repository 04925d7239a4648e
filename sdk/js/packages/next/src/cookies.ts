/** Cookie options shared by the proxy and the route handlers (first-party, HttpOnly, SameSite=Lax). */
import { CONSENT_COOKIE, DECLINED, GRANTED, ONE_YEAR_SECONDS, VISITOR_COOKIE } from "@tailor/client";
import type { NextResponse } from "next/server";

export function cookieOptions(secure: boolean, maxAge = ONE_YEAR_SECONDS) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge };
}

/** Remember the choice; the id only with consent, and any old id goes with a "no". */
export function rememberConsent(response: NextResponse, secure: boolean, granted: boolean, visitorId: string | null): void {
  response.cookies.set(CONSENT_COOKIE, granted ? GRANTED : DECLINED, cookieOptions(secure));
  if (granted && visitorId) response.cookies.set(VISITOR_COOKIE, visitorId, cookieOptions(secure));
  else response.cookies.set(VISITOR_COOKIE, "", cookieOptions(secure, 0));
}

/** Cross-site forms must not change a visitor's consent or profile. */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("Origin") ?? request.headers.get("Referer");
  if (!origin) return true; // non-browser clients; the cookies are SameSite=Lax anyway
  try {
    const own = new URL(request.url);
    const host = request.headers.get("Host") ?? own.host;
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The visitor's address: the rightmost X-Forwarded-For entry (set by Next.js or the proxy in front). */
export function visitorAddress(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).pop();
  return (last ?? headers.get("x-real-ip")) || null;
}
