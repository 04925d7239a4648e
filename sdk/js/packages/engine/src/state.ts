/**
 * Per-decision evaluation state (engine/state.py): the context plus memos, so that every signal
 * and every referenced segment, persona or stage is worked out at most once per decision. A
 * reference cycle that reaches the engine is simply false (a reference still being evaluated
 * does not hold), never a recursion error.
 */

import type { EventRecord, History, VisitorContext } from "./context.js";
import { type LocalTime, dayNumber, localTime, utcDay } from "./time.js";

export interface Resolver {
  readonly segmentTests: ReadonlyMap<string, (s: EvalState) => boolean>;
  resolvePersona(s: EvalState): string | null;
  resolveStage(s: EvalState): string | null;
}

export interface Window {
  visits: number;
  pageViews: number;
  paths: Map<string, number>;
  tags: Map<string, number>;
}

const BUSY = 2;
type Memo = boolean | typeof BUSY;

export class EvalState {
  readonly now: number;
  readonly hist: History | null;
  readonly siteTimezone: string;
  private readonly forced: Set<string> | null;
  private readonly segments = new Map<string, Memo>();
  private persona: { slug: string | null } | typeof BUSY | null = null;
  private stage: { slug: string | null } | typeof BUSY | null = null;
  private clockMemo: LocalTime | null = null;
  private paths: Map<string, number> | null = null;
  private tags: Map<string, number> | null = null;
  private queryMemo: Map<string, string> | null = null;
  private events: Map<string, EventRecord[]> | null = null;
  private readonly windows = new Map<number, Window>();

  constructor(
    readonly ctx: VisitorContext,
    private readonly resolver: Resolver,
    siteTimezone: string | null,
  ) {
    this.now = ctx.now;
    this.hist = ctx.history;
    const forced = ctx.forcedSegments;
    this.forced = forced !== null ? new Set(forced.map((x) => x.toLowerCase())) : null;
    // The request's site zone wins; the rule set's applies when the context left the default.
    const own = ctx.siteTimezone && ctx.siteTimezone !== "UTC" ? ctx.siteTimezone : null;
    this.siteTimezone = own || siteTimezone || "UTC";
  }

  /** Does the visitor belong to this segment? Forced segments (preview) win. */
  segment(slug: string): boolean {
    const memo = this.segments.get(slug);
    if (memo !== undefined) return memo === true; // BUSY (re-entrant: a cycle) counts as false
    if (this.forced !== null) return this.forced.has(slug);
    const test = this.resolver.segmentTests.get(slug);
    if (test === undefined) {
      this.segments.set(slug, false);
      return false;
    }
    this.segments.set(slug, BUSY);
    const result = Boolean(test(this));
    this.segments.set(slug, result);
    return result;
  }

  personaSlug(): string | null {
    if (this.persona === BUSY) return null;
    if (this.persona === null) {
      this.persona = BUSY;
      this.persona = { slug: this.resolver.resolvePersona(this) };
    }
    return this.persona.slug;
  }

  stageSlug(): string | null {
    if (this.stage === BUSY) return null;
    if (this.stage === null) {
      this.stage = BUSY;
      this.stage = { slug: this.resolver.resolveStage(this) };
    }
    return this.stage.slug;
  }

  clock(): LocalTime {
    if (this.clockMemo === null) {
      const tz = this.ctx.location?.timezone ?? null;
      this.clockMemo = localTime(this.now, tz, this.siteTimezone);
    }
    return this.clockMemo;
  }

  /** History path counts with lower-cased keys (path comparisons ignore case). */
  pathViews(): Map<string, number> {
    if (this.paths === null) this.paths = lowerCounts(this.hist?.pathViews);
    return this.paths;
  }

  tagViews(): Map<string, number> {
    if (this.tags === null) this.tags = lowerCounts(this.hist?.tagViews);
    return this.tags;
  }

  /** History counts of the UTC days at most `days` whole days before today (today is day 0). */
  window(days: number): Window {
    let found = this.windows.get(days);
    if (found === undefined) {
      const since = utcDay(this.now) - days;
      found = { visits: 0, pageViews: 0, paths: new Map(), tags: new Map() };
      for (const day of this.hist?.days ?? []) {
        const [y, m, d] = day.day.split("-").map(Number) as [number, number, number];
        if (dayNumber(y, m, d) < since) continue;
        found.visits += day.visits;
        found.pageViews += day.pageViews;
        addCounts(found.paths, day.paths);
        addCounts(found.tags, day.tags);
      }
      this.windows.set(days, found);
    }
    return found;
  }

  query(): Map<string, string> {
    if (this.queryMemo === null) {
      this.queryMemo = new Map(Object.entries(this.ctx.source.query).map(([k, v]) => [k.toLowerCase(), String(v)]));
    }
    return this.queryMemo;
  }

  /** The visitor's events of this (lower-cased) type, grouped once per decision. */
  eventsOf(type: string): EventRecord[] {
    if (this.events === null) {
      const grouped = new Map<string, EventRecord[]>();
      for (const event of this.hist?.events ?? []) {
        const key = event.type.toLowerCase();
        const list = grouped.get(key);
        if (list) list.push(event);
        else grouped.set(key, [event]);
      }
      this.events = grouped;
    }
    return this.events.get(type) ?? [];
  }
}

function addCounts(into: Map<string, number>, counts: Record<string, number>): void {
  for (const [key, n] of Object.entries(counts)) {
    const k = key.toLowerCase();
    into.set(k, (into.get(k) ?? 0) + n);
  }
}

function lowerCounts(counts: Record<string, number> | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (counts) addCounts(out, counts);
  return out;
}
