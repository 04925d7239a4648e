/**
 * What the engine knows about one visitor on one request (engine/context.py): plain data.
 * Times are instants in microseconds since the epoch (time.ts); days are ISO text.
 */

export interface Location {
  countryCode?: string | null;
  country?: string | null;
  regionCode?: string | null;
  region?: string | null;
  city?: string | null;
  metroCode?: number | null;
  continent?: string | null;
  timezone?: string | null;
  eu?: boolean | null;
}

export interface Device {
  kind: string; // mobile | tablet | desktop | bot | unknown
  os: string | null;
  browser: string | null;
}

export interface Source {
  channel: string;
  utm: Record<string, string>;
  referrerDomain: string | null;
  landingPath: string | null;
  query: Record<string, string>;
}

export interface EventRecord {
  type: string;
  at: number; // instant (µs)
  value: number | null;
  properties: Record<string, unknown>;
}

export interface DayCounts {
  day: string; // YYYY-MM-DD (UTC day)
  visits: number;
  pageViews: number;
  paths: Record<string, number>;
  tags: Record<string, number>;
}

export interface History {
  visitCount: number;
  pageViews: number;
  pathViews: Record<string, number>;
  tagViews: Record<string, number>;
  events: EventRecord[];
  firstSeen: number | null;
  lastSeen: number | null;
  affinity: Record<string, number>;
  affinityHalfLifeDays: number | null;
  days: DayCounts[];
  stage: string | null;
  traits: Record<string, unknown>;
}

export interface VisitorContext {
  now: number; // instant (µs); the engine never reads the clock itself
  siteTimezone: string;
  visitorId: string | null;
  location: Location | null;
  device: Device;
  source: Source;
  history: History | null; // null: no profiling (no consent, bot, or no id)
  loggedIn: boolean;
  declaredPersona: string | null;
  declaredInterests: string[];
  forcedPersona: string | null;
  forcedStage: string | null;
  forcedSegments: string[] | null;
}

/** A forced persona or stage of NOBODY: the preview of the default content. */
export const NOBODY = "";

export const CHANNELS = [
  "direct",
  "cross_network",
  "paid_shopping",
  "paid_search",
  "paid_social",
  "paid_video",
  "display",
  "paid_other",
  "organic_shopping",
  "social",
  "organic_video",
  "organic_search",
  "referral",
  "email",
  "affiliate",
  "audio",
  "sms",
  "mobile_push",
  "other",
] as const;

/** The longest `within_days` a history condition may ask for. */
export const MAX_WINDOW_DAYS = 400;
