/**
 * LocalEngine: decides pages from a rule-set document, in process, with no server round trip
 * (engine/portable.py). A frontend keeps one per `version` and polls `ruleSet { version }`.
 */

import type { VisitorContext } from "./context.js";
import { contextFromJson } from "./context-json.js";
import { type CompiledRuleSet, compileRuleSet } from "./decide.js";
import { layerMembers } from "./layers.js";
import { type PageResult, personalize } from "./page.js";
import type { RegexEngine } from "./patterns.js";
import { type Page, type RuleSet, loadRuleSet } from "./ruleset.js";

/** One decision as a line of the CLI's answer (../shared/spec/js-sdk.md). */
export interface LocalDecision {
  persona: string | null;
  stage: string | null;
  segments: string[];
  variantId: string | null;
  cacheKey: string;
  contentUrl: string;
}

export interface EngineOptions {
  /** How `matches` patterns run (default: translated to JavaScript RegExp; see README). */
  regex?: RegexEngine;
}

export class LocalEngine {
  readonly rules: RuleSet;
  readonly version: string;
  readonly compiled: CompiledRuleSet;
  /** Layer -> the tests ("page:<pageId>") in it, from the variants' `layer`. */
  readonly layers: Map<string, string[]>;

  /** Reads a rule-set document (the `json` of `ruleSet`); throws RuleSetError when it cannot. */
  constructor(data: unknown, options: EngineOptions = {}) {
    this.rules = loadRuleSet(data);
    this.version = this.rules.version;
    this.compiled = compileRuleSet(this.rules, options.regex);
    this.layers = layerMembers(this.rules.pages.values());
  }

  /** Invalid rules found while compiling (they never hold), "segment x: rules.country: ...". */
  get errors(): readonly string[] {
    return this.compiled.errors;
  }

  page(path: string): Page | null {
    return this.rules.pages.get(path) ?? null;
  }

  /** The page at `path` for this visitor (null: no live page there). The context is either a
   * VisitorContext or its JSON form (camelCase keys, ISO times), as the CLI reads it. */
  personalize(path: string, context: VisitorContext | Record<string, unknown>): PageResult | null {
    const page = this.rules.pages.get(path);
    if (page === undefined) return null;
    const ctx = typeof (context as VisitorContext).now === "number" ? (context as VisitorContext) : contextFromJson(context);
    return personalize(ctx, this.compiled, page, {
      siteHoldout: this.rules.holdout,
      weights: page.banditWeights,
      layerMembers: this.layers,
    });
  }

  /** The decision alone, in the shape of one CLI output line (what @tailor/next's local
   * decisions read); null when no live page has the path. Throws ContextError on a bad context. */
  decide(path: string, context: VisitorContext | Record<string, unknown>): LocalDecision | null {
    const result = this.personalize(path, context);
    if (result === null) return null;
    const { persona, stage, segments } = result.decision;
    return { persona, stage, segments, variantId: result.variantId, cacheKey: result.cacheKey, contentUrl: result.contentUrl };
  }
}
