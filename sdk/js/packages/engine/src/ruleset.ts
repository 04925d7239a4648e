/**
 * The portable rule set (`ruleSet.json`, docs/ruleset-format.md) read into plain data
 * (engine/portable.py `load`). Formats 1, 2 and 3 are read (2 adds the site holdout, the
 * variants' holdout and allocation, and each page's current bandit weights; 3 the variants'
 * experiment `layer` and `traffic`); any other is refused.
 */

import { pyStr } from "./py.js";
import { parseInstant } from "./time.js";

export const FORMAT = "tailor.ruleset";
export const READABLE_VERSIONS = [1, 2, 3];

export interface Target {
  persona: string | null;
  stage: string | null;
  segment: string | null;
}

export interface PersonaDef {
  slug: string;
  name: string;
  priority: number;
  rules: unknown;
  scoreThreshold: number | null;
}

export interface StageDef {
  slug: string;
  name: string;
  order: number;
  rules: unknown;
}

export interface SegmentDef {
  slug: string;
  name: string;
  rules: unknown;
}

/** A time window end: an instant (µs), or for block alternatives the raw JSON value (ISO text). */
export type When = unknown;

export interface VariantDef {
  id: string;
  name: string;
  target: Target;
  weight: number | null;
  goLiveAt: When;
  expireAt: When;
  holdout: number;
  allocation: string;
  layer: string; // experiment layer ("": none)
  traffic: number; // percent of the targeted visitors who enter the test (100: all)
}

export interface Page {
  path: string;
  pageId: number | string;
  revision: string;
  content: Record<string, unknown>;
  variants: VariantDef[];
  variantFields: Map<string, Record<string, unknown>>;
  banditWeights: Map<string, number> | null;
}

export interface RuleSet {
  version: string;
  siteTimezone: string;
  holdout: number;
  personas: PersonaDef[];
  stages: StageDef[];
  segments: Map<string, SegmentDef>;
  pages: Map<string, Page>;
}

export class RuleSetError extends Error {}

type Obj = Record<string, unknown>;

function need(data: Obj, key: string): unknown {
  if (!(key in data)) throw new RuleSetError(`missing key ${JSON.stringify(key)}`);
  return data[key];
}

function list(value: unknown): Obj[] {
  return Array.isArray(value) ? (value as Obj[]) : [];
}

/** Python's int(): a number truncated, a numeric text read. */
function toInt(value: unknown): number {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "boolean") return Number(value);
  const n = typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) throw new RuleSetError(`not an integer: ${String(value)}`);
  return n;
}

function time(value: unknown): number | null {
  if (!value) return null;
  const found = typeof value === "string" ? parseInstant(value) : null;
  if (found === null) throw new RuleSetError(`not an ISO time: ${String(value)}`);
  return found.us;
}

/** "1, 2 and 3", as portable.py words it. */
function readable(): string {
  return READABLE_VERSIONS.length > 1
    ? `${READABLE_VERSIONS.slice(0, -1).join(", ")} and ${READABLE_VERSIONS[READABLE_VERSIONS.length - 1]}`
    : String(READABLE_VERSIONS[0]);
}

/** The rule set of a document; RuleSetError for another format or an unreadable version. */
export function loadRuleSet(data: unknown): RuleSet {
  if (typeof data !== "object" || data === null) throw new RuleSetError(`not a ${FORMAT} document`);
  const d = data as Obj;
  if (d.format !== FORMAT) throw new RuleSetError(`not a ${FORMAT} document`);
  if (!READABLE_VERSIONS.includes(d.formatVersion as number)) {
    throw new RuleSetError(
      `${FORMAT} version ${String(d.formatVersion)} is not supported (this engine reads ${readable()})`,
    );
  }
  const pages = new Map<string, Page>();
  for (const p of list(d.pages)) {
    const raw = list(p.variants);
    const variants = raw.map((v) => {
      const t = (need(v, "target") ?? {}) as Obj;
      return {
        id: need(v, "id") as string,
        name: need(v, "name") as string,
        target: {
          persona: (t.persona ?? null) as string | null,
          stage: (t.stage ?? null) as string | null,
          segment: (t.segment ?? null) as string | null,
        },
        weight: (v.weight ?? null) as number | null,
        goLiveAt: time(v.goLiveAt),
        expireAt: time(v.expireAt),
        holdout: toInt(v.holdout || 0),
        allocation: (v.allocation || "") as string,
        layer: v.layer ? pyStr(v.layer) : "",
        traffic: (v.traffic || 100) as number,
      };
    });
    const weights = p.banditWeights as Obj | null | undefined;
    pages.set(need(p, "path") as string, {
      path: p.path as string,
      pageId: need(p, "pageId") as number,
      revision: need(p, "revision") as string,
      content: need(p, "content") as Obj,
      variants,
      variantFields: new Map(raw.map((v) => [v.id as string, (v.fields || {}) as Obj])),
      banditWeights:
        weights && Object.keys(weights).length
          ? new Map(Object.entries(weights).map(([k, w]) => [k, Number(w)]))
          : null,
    });
  }
  return {
    version: String(need(d, "version")),
    siteTimezone: (d.siteTimezone || "UTC") as string,
    holdout: toInt(d.holdout || 0),
    personas: list(d.personas).map((p) => ({
      slug: need(p, "slug") as string,
      name: need(p, "name") as string,
      priority: (p.priority || 0) as number,
      rules: p.rules ?? null,
      scoreThreshold: (p.scoreThreshold ?? null) as number | null,
    })),
    stages: list(d.stages).map((s) => ({
      slug: need(s, "slug") as string,
      name: need(s, "name") as string,
      order: need(s, "order") as number,
      rules: s.rules ?? null,
    })),
    segments: new Map(
      list(d.segments).map((s) => [
        need(s, "slug") as string,
        { slug: s.slug as string, name: need(s, "name") as string, rules: need(s, "rules") },
      ]),
    ),
    pages,
  };
}
