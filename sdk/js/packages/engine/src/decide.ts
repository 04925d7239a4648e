/**
 * The visitor-level decision (engine/decide.py): persona, journey stage and segments.
 *
 * Persona: forced (preview) > declared by the visitor (if a known persona) > rules, highest
 * priority first (ties by slug) > affinity score (score >= threshold, highest wins).
 * Stage: forced > max(highest-ordered stage whose rules hold, the stage reached before).
 * Segments: every segment whose rules hold (forced segments replace them in preview).
 * Bots: segments are computed, but no persona and the starting stage.
 */

import { compileCondition } from "./conditions.js";
import { NOBODY, type VisitorContext } from "./context.js";
import type { Node } from "./nodes.js";
import type { RegexEngine } from "./patterns.js";
import { pyCompare, pySorted } from "./py.js";
import type { PersonaDef, RuleSet, StageDef } from "./ruleset.js";
import { EvalState, type Resolver } from "./state.js";

export interface Decision {
  persona: string | null;
  stage: string | null;
  segments: string[]; // sorted by slug
  personaSource: string; // forced | declared | rules | affinity | none | bot
  stageSource: string; // forced | rules | history | start | bot | none
  bot: boolean;
  rulesetVersion: string;
}

export interface CompiledRuleSet {
  rules: RuleSet;
  personas: [PersonaDef, Node | null][]; // by priority desc, then slug
  stages: [StageDef, Node | null][]; // by order asc, then slug
  segmentTests: Map<string, (s: EvalState) => boolean>;
  segmentOrder: string[];
  errors: string[]; // invalid rules (compiled to "never")
}

export function compileRuleSet(rules: RuleSet, regex?: RegexEngine): CompiledRuleSet {
  const errors: string[] = [];
  const comp = (cond: unknown, where: string): Node | null => {
    if (cond === null || cond === undefined) return null;
    const node = compileCondition(cond, regex);
    if ("errors" in node) errors.push(...(node.errors as string[]).map((e) => `${where}: ${e}`));
    return node;
  };
  const personas = [...rules.personas].sort((a, b) => b.priority - a.priority || pyCompare(a.slug, b.slug));
  const stages = [...rules.stages].sort((a, b) => a.order - b.order || pyCompare(a.slug, b.slug));
  const segmentTests = new Map<string, (s: EvalState) => boolean>();
  for (const [slug, seg] of rules.segments) {
    segmentTests.set(slug, (comp(seg.rules ?? {}, `segment ${slug}`) as Node).test);
  }
  return {
    rules,
    personas: personas.map((p) => [p, comp(p.rules, `persona ${p.slug}`)]),
    stages: stages.map((s) => [s, comp(s.rules, `stage ${s.slug}`)]),
    segmentTests,
    segmentOrder: pySorted(rules.segments.keys()),
    errors,
  };
}

function findPersona(rules: RuleSet, slug: string | null): PersonaDef | null {
  if (!slug) return null;
  const key = slug.toLowerCase();
  return rules.personas.find((p) => p.slug === key) ?? null;
}

function findStage(rules: RuleSet, slug: string | null): StageDef | null {
  if (!slug) return null;
  const key = slug.toLowerCase();
  return rules.stages.find((s) => s.slug === key) ?? null;
}

class DecisionResolver implements Resolver {
  personaSource = "none";
  stageSource = "none";
  constructor(private readonly c: CompiledRuleSet) {}

  get segmentTests(): ReadonlyMap<string, (s: EvalState) => boolean> {
    return this.c.segmentTests;
  }

  resolvePersona(s: EvalState): string | null {
    const [slug, source] = persona(this.c, s);
    this.personaSource = source;
    return slug;
  }

  resolveStage(s: EvalState): string | null {
    const [slug, source] = stage(this.c, s);
    this.stageSource = source;
    return slug;
  }
}

function persona(c: CompiledRuleSet, s: EvalState): [string | null, string] {
  const ctx = s.ctx;
  if (ctx.forcedPersona === NOBODY) return [null, "forced"];
  const forced = findPersona(c.rules, ctx.forcedPersona);
  if (forced !== null) return [forced.slug, "forced"];
  if (ctx.device.kind === "bot") return [null, "bot"];
  const declared = findPersona(c.rules, ctx.declaredPersona);
  if (declared !== null) return [declared.slug, "declared"];
  for (const [p, node] of c.personas) {
    if (node !== null && node.test(s)) return [p.slug, "rules"];
  }
  const affinity = s.hist ? s.hist.affinity : null;
  if (affinity && Object.keys(affinity).length) {
    let best: PersonaDef | null = null;
    for (const [p] of c.personas) {
      // priority order: on equal scores the first stays
      const score = Object.prototype.hasOwnProperty.call(affinity, p.slug) ? affinity[p.slug] : undefined;
      const threshold = p.scoreThreshold;
      if (threshold === null || score === undefined || score === null || score < threshold) continue;
      if (best === null || score > (affinity[best.slug] as number)) best = p;
    }
    if (best !== null) return [best.slug, "affinity"];
  }
  return [null, "none"];
}

function stage(c: CompiledRuleSet, s: EvalState): [string | null, string] {
  if (c.stages.length === 0) return [null, "none"];
  if (s.ctx.forcedStage === NOBODY) return [null, "forced"];
  const forced = findStage(c.rules, s.ctx.forcedStage);
  if (forced !== null) return [forced.slug, "forced"];
  const start = (c.stages[0] as [StageDef, Node | null])[0];
  if (s.ctx.device.kind === "bot") return [start.slug, "bot"];
  let reached = start;
  let source = "start";
  for (let i = c.stages.length - 1; i >= 1; i--) {
    const [st, node] = c.stages[i] as [StageDef, Node | null];
    if (node !== null && node.test(s)) {
      reached = st;
      source = "rules";
      break;
    }
  }
  const earlier = s.hist ? findStage(c.rules, s.hist.stage) : null;
  if (earlier !== null && earlier.order > reached.order) return [earlier.slug, "history"];
  return [reached.slug, source];
}

/** Persona, stage and segments for one visitor on one request. `segments`: decide only these. */
export function decide(ctx: VisitorContext, compiled: CompiledRuleSet, segments?: Iterable<string> | null): Decision {
  const resolver = new DecisionResolver(compiled);
  const state = new EvalState(ctx, resolver, compiled.rules.siteTimezone);
  const personaSlug = state.personaSlug();
  const stageSlug = state.stageSlug();
  let held: string[];
  if (ctx.forcedSegments !== null) {
    held = pySorted(new Set(ctx.forcedSegments.map((x) => x.toLowerCase())));
  } else {
    const order =
      segments === null || segments === undefined
        ? compiled.segmentOrder
        : pySorted(new Set([...segments].map((x) => x.toLowerCase()).filter((x) => compiled.segmentTests.has(x))));
    held = order.filter((slug) => state.segment(slug));
  }
  return {
    persona: personaSlug,
    stage: stageSlug,
    segments: held,
    personaSource: resolver.personaSource,
    stageSource: resolver.stageSource,
    bot: ctx.device.kind === "bot",
    rulesetVersion: compiled.rules.version,
  };
}
