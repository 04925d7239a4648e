/**
 * One page for one visitor, from decision to content address (engine/page.py): the pipeline the
 * server runs and a frontend runs locally, so both give the same answer by construction. The
 * server-only inputs travel in the rule set: the site-wide holdout and the bandit weights; the
 * experiment layers' members are derived from the variants' `layer` (layers.ts layerMembers).
 */

import { contentCacheKey, contentPath, pageVariantKey } from "./address.js";
import { type Choice, chooseVariant, inSiteHoldout } from "./choose.js";
import { type ContentChoices, resolveContent, targetedSegments } from "./content.js";
import type { VisitorContext } from "./context.js";
import { type CompiledRuleSet, type Decision, decide } from "./decide.js";
import type { Page } from "./ruleset.js";

export interface Extras {
  siteHoldout?: number; // percent of visitors (by id) never personalized
  weights?: Map<string, number> | null; // variant id -> current bandit weight
  segments?: Iterable<string> | null; // decide only these segments
  layerMembers?: ReadonlyMap<string, readonly string[]> | null; // layer -> its tests ("page:<id>")
}

export interface PageResult {
  decision: Decision;
  choice: Choice; // the page variant (variant null: the default content)
  variantId: string | null;
  content: Record<string, unknown>;
  choices: ContentChoices;
  cacheKey: string;
  contentUrl: string;
  heldOut: boolean; // in the site-wide holdout: default content everywhere
}

const UNPERSONALIZED: Decision = {
  persona: null,
  stage: null,
  segments: [],
  personaSource: "none",
  stageSource: "none",
  bot: false,
  rulesetVersion: "",
};

export function personalize(ctx: VisitorContext, compiled: CompiledRuleSet, page: Page, extras: Extras = {}): PageResult {
  const decision = decide(ctx, compiled, extras.segments);
  const bot = decision.bot || ctx.device.kind === "bot";
  const heldOut = !bot && inSiteHoldout(ctx.visitorId, extras.siteHoldout ?? 0);
  const chooser = heldOut ? UNPERSONALIZED : decision;
  const experiment = `page:${page.pageId}`;
  let choice = chooseVariant(ctx, chooser, page.variants, experiment, heldOut ? null : extras.weights, extras.layerMembers);
  const variantId = choice.variant ? choice.variant.id : null;
  const overrides = variantId ? page.variantFields.get(variantId) : null;
  const [content, choices] = resolveContent(page.content, overrides, ctx, chooser, experiment);
  if (heldOut) choice = { variant: null, arm: null, assignment: null };
  const cacheKey = contentCacheKey(page.pageId, page.revision, variantId, choices);
  const contentUrl = contentPath(page.pageId, page.revision, pageVariantKey(page.pageId, variantId), choices);
  return { decision, choice, variantId: choice.variant ? choice.variant.id : null, content, choices, cacheKey, contentUrl, heldOut };
}

/** The segments that can change what this page shows (its variants' and blocks' targets). */
export function segmentsUsed(page: Page): Set<string> {
  const found = new Set<string>();
  for (const v of page.variants) if (v.target.segment) found.add(v.target.segment.toLowerCase());
  for (const s of targetedSegments(page.content.body)) found.add(s);
  for (const fields of page.variantFields.values()) for (const s of targetedSegments(fields.body)) found.add(s);
  return found;
}
