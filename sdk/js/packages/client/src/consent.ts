/**
 * The visitor's consent as the reference frontend reads it (frontend/visitor.py), for any server:
 * opt-in by default; the visitor id is a first-party cookie that exists only after the visitor
 * said yes; "no" is remembered without an id; a browser sending Global Privacy Control
 * (`Sec-GPC: 1`) or `DNT: 1` that made no explicit choice counts as "no" and is not asked.
 */

export const VISITOR_COOKIE = "tailor_vid";
export const CONSENT_COOKIE = "tailor_consent";
export const GRANTED = "granted";
export const DECLINED = "declined";
export const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export type ConsentChoice = typeof GRANTED | typeof DECLINED;

export interface VisitorState {
  /** The visitor's explicit choice, or null when they have not chosen. */
  consent: ConsentChoice | null;
  /** The visitor id, only when they may be profiled. */
  visitorId: string | null;
  /** Global Privacy Control or Do Not Track: forwarded to the CMS as `gpc`. */
  gpc: boolean;
  /** Ask only visitors who have not chosen and whose browser did not already say no. */
  showBanner: boolean;
  /** Declined, or GPC/DNT without an explicit choice. */
  declined: boolean;
}

export interface RequestSignals {
  cookie(name: string): string | undefined;
  header(name: string): string | null | undefined;
}

export function readVisitorState(request: RequestSignals): VisitorState {
  const raw = request.cookie(CONSENT_COOKIE);
  const consent: ConsentChoice | null = raw === GRANTED || raw === DECLINED ? raw : null;
  const gpc = (request.header("Sec-GPC") ?? "").trim() === "1" || (request.header("DNT") ?? "").trim() === "1";
  const declined = consent === DECLINED || (consent === null && gpc);
  const visitorId = declined ? null : request.cookie(VISITOR_COOKIE) || null;
  return { consent, visitorId, gpc, showBanner: consent === null && !gpc, declined };
}

/** Only redirect back to a path on this site (no open redirects). */
export function safeNext(target: string | null | undefined): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.includes("\\")) return "/";
  return target;
}
