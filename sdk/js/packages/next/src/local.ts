/**
 * Local decisions: the portable rule set (`ruleSet`, format 1, server key only) fetched once per
 * version and evaluated in this process — no API round trip per request, usable at the edge.
 * The evaluator is behind `LocalEngine` so any implementation of the contract's line format
 * fits (`@tailor/engine`'s, or a test double); its answer is one line of the contract's CLI output.
 *
 * The rule set is kept in Next.js's data cache under the `tailor:ruleset` tag: it is refreshed
 * when the publish webhook expires the tag, and at the latest after `maxAgeSeconds`.
 */
import type { Result, TailorClient } from "@tailor/client";
import { unstable_cache } from "next/cache";
import { TAGS } from "./config";

/** One decision, exactly a line of `tailor-eval` output (js-sdk.md). */
export interface LocalDecision {
  persona: string | null;
  stage: string | null;
  segments: string[];
  variantId: string | null;
  cacheKey: string;
  contentUrl: string;
}

export interface LocalEngine {
  /** The decision for `path` and a context in the JSON form of the engine's VisitorContext; null when no live page has the path. */
  decide(path: string, context: Record<string, unknown>): LocalDecision | null;
}

/** Builds an engine from `ruleSet.json` (e.g. `(json) => adapt(new LocalEngine(JSON.parse(json)))`). */
export type LoadEngine = (ruleSetJson: string) => LocalEngine;

export interface LocalDecisionsOptions {
  client: TailorClient;
  load: LoadEngine;
  site?: string | undefined;
  maxAgeSeconds?: number;
}

export function createLocalDecisions(options: LocalDecisionsOptions) {
  const engines = new Map<string, LocalEngine>(); // one per version
  const ruleSet = unstable_cache(
    async () => {
      const result = await options.client.ruleSet(options.site);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.data;
    },
    ["tailor-ruleset", options.site ?? ""],
    { tags: [TAGS.all, TAGS.ruleSet], revalidate: options.maxAgeSeconds ?? 300 },
  );

  return {
    async decide(path: string, context: Record<string, unknown>): Promise<Result<LocalDecision | null>> {
      let current;
      try {
        current = await ruleSet();
      } catch (error) {
        return { ok: false, error: { code: "NETWORK_ERROR", message: error instanceof Error ? error.message : String(error) } };
      }
      if (!current) return { ok: false, error: { code: "NOT_FOUND", message: "The CMS has no rule set for this site." } };
      let engine = engines.get(current.version);
      if (!engine) {
        engine = options.load(current.json);
        engines.clear(); // the old version is never asked again
        engines.set(current.version, engine);
      }
      return { ok: true, data: engine.decide(path, context) };
    },
  };
}
