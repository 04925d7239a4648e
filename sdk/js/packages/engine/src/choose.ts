/**
 * Choosing among targeted alternatives, page variants and personalized-block variants
 * (engine/choose.py, engine/schedule.py).
 *
 * An alternative applies when ALL its targets hold; the most specific applicable target wins
 * (persona+stage+segment > persona+stage > persona+segment > stage+segment > persona > stage >
 * segment), the first given among equals. Every live applicable alternative with that target is
 * an A/B arm, picked by weight from SHA-256 of visitor id + experiment + target, exactly as the
 * server does. A visitor without an id gets the first arm (or the holdout's default). Bots get
 * the default. Alternatives outside their go-live / expiry window do not exist for the choice.
 * A test with a `layer` or a `traffic` below 100 admits only some visitors (layers.ts); the
 * others get the default content, counted in no arm.
 */

import type { VisitorContext } from "./context.js";
import type { Decision } from "./decide.js";
import { unitHash } from "./hash.js";
import { admitted } from "./layers.js";
import type { Target, VariantDef, When } from "./ruleset.js";
import { pyStrip } from "./py.js";
import { parseInstant } from "./time.js";

export const HOLDOUT_ARM = "holdout";

export interface Assignment {
  experiment: string; // the id of the first arm (stable across revisions)
  arm: string; // a variant id or HOLDOUT_ARM
  excluded: boolean; // no visitor id: served the control, counted in no arm
}

export interface Choice {
  variant: VariantDef | null; // null: the default content
  arm: string | null; // the chosen variant's id when it is an A/B arm
  assignment: Assignment | null;
}

export interface Pick {
  index: number | null;
  ab: boolean;
  target: Target | null;
  bot: boolean;
  arms: number[];
  holdout: number; // share kept on the default content, 0..1
  inHoldout: boolean;
  excluded: boolean;
}

/** An instant from an instant or ISO text (no zone: UTC); null for empty or unreadable. */
export function asTime(value: When): number | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return value;
  if (typeof value !== "string") return null;
  const found = parseInstant(pyStrip(value));
  return found === null ? null : found.us;
}

/** Go live inclusive, expiry exclusive. */
export function isLive(now: number, goLiveAt: When, expireAt: When): boolean {
  const start = asTime(goLiveAt);
  const end = asTime(expireAt);
  if (start !== null && now < start) return false;
  return end === null || now < end;
}

export function applies(target: Target, decision: Decision): boolean {
  if (target.persona !== null && target.persona !== decision.persona) return false;
  if (target.stage !== null && target.stage !== decision.stage) return false;
  if (target.segment !== null && !decision.segments.includes(target.segment)) return false;
  return target.persona !== null || target.stage !== null || target.segment !== null;
}

/** Higher wins: the number of parts first, then persona 4 + stage 2 + segment 1. */
export function specificity(t: Target): number {
  const count = Number(t.persona !== null) + Number(t.stage !== null) + Number(t.segment !== null);
  return count * 8 + 4 * Number(t.persona !== null) + 2 * Number(t.stage !== null) + Number(t.segment !== null);
}

function sameTarget(a: Target, b: Target): boolean {
  return a.persona === b.persona && a.stage === b.stage && a.segment === b.segment;
}

/** A stable number in [0, 1) for this visitor in this experiment. */
export function bucket(visitorId: string, experiment: string, target: Target): number {
  const key = `${visitorId}\x1f${experiment}\x1f${target.persona ?? ""}/${target.stage ?? ""}/${target.segment ?? ""}`;
  return unitHash(key);
}

/** Is this visitor in the site-wide holdout (never personalized)? Never without an id. */
export function inSiteHoldout(visitorId: string | null, percent: number): boolean {
  if (!visitorId || percent <= 0) return false;
  return bucket(visitorId, "site", { persona: null, stage: null, segment: null }) < Math.min(percent, 100) / 100;
}

/** Arms without a weight get 1 when no arm has one, else the average of the given weights. */
function shares(given: (number | null)[]): number[] {
  const known = given.filter((w): w is number => w !== null).map((w) => Math.max(0, w));
  const fill = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  return given.map((w) => (w !== null ? Math.max(0, w) : fill));
}

export interface Option {
  target: Target;
  weight: number | null;
  window?: [When, When];
  holdout?: number; // percent
  override?: number | null; // bandit weight replacing the authored one
  layer?: string; // experiment layer ("": none)
  traffic?: number | null; // percent of visitors who enter the test
}

/** Which option to serve; index null means the default. */
export function pick(
  ctx: VisitorContext,
  decision: Decision,
  options: Option[],
  experiment: string,
  layerMembers?: ReadonlyMap<string, readonly string[]> | null,
): Pick {
  const none: Pick = { index: null, ab: false, target: null, bot: false, arms: [], holdout: 0, inHoldout: false, excluded: false };
  if (decision.bot || ctx.device.kind === "bot") return { ...none, bot: true };
  const live = options.map((o) => (o.window ? isLive(ctx.now, o.window[0], o.window[1]) : true));
  let bestKey = -1;
  let best: Target | null = null;
  options.forEach((o, i) => {
    if (live[i] && applies(o.target, decision)) {
      const key = specificity(o.target);
      if (key > bestKey) [bestKey, best] = [key, o.target];
    }
  });
  if (best === null) return none;
  const target: Target = best;
  const arms = options.flatMap((o, i) => (live[i] && sameTarget(o.target, target) ? [i] : []));
  const holdout = options.some((o) => o.holdout !== undefined)
    ? Math.max(0, ...arms.map((i) => Math.min(100, Math.max(0, options[i]?.holdout || 0)))) / 100
    : 0;
  const given = arms.map((i) => {
    const o = options[i] as Option;
    return o.override !== undefined && o.override !== null ? o.override : o.weight;
  });
  const base: Pick = { ...none, target, arms, holdout };
  if (arms.length === 1 && !holdout) return { ...base, index: arms[0] as number };
  const layer = arms.map((i) => options[i]?.layer ?? "").find((l) => l) ?? "";
  const limits = arms.flatMap((i) => {
    const t = options[i]?.traffic;
    return t === undefined || t === null ? [] : [t];
  });
  const traffic = limits.length ? Math.min(...limits) : null;
  if (!admitted(ctx.visitorId, experiment, layer, traffic, layerMembers)) return { ...base, excluded: true };
  const share = shares(given);
  const total = share.reduce((a, b) => a + b, 0);
  if (!ctx.visitorId) {
    if (holdout) return { ...base, excluded: true };
    return { ...base, index: arms[0] as number, ab: true, excluded: true };
  }
  let point = bucket(ctx.visitorId, experiment, target);
  if (holdout) {
    if (point < holdout) return { ...base, inHoldout: true };
    point = (point - holdout) / (1 - holdout);
  }
  if (arms.length === 1) return { ...base, index: arms[0] as number };
  if (total <= 0) return { ...base, index: arms[0] as number, ab: true };
  point *= total;
  let chosen = arms[arms.length - 1] as number;
  for (let k = 0; k < arms.length; k++) {
    const weight = share[k] as number;
    if (point < weight) {
      chosen = arms[k] as number;
      break;
    }
    point -= weight;
  }
  return { ...base, index: chosen, ab: true };
}

/** The page variant to serve; `weights` (variant id -> weight) override the authored ones. */
export function chooseVariant(
  ctx: VisitorContext,
  decision: Decision,
  variants: VariantDef[],
  experiment: string,
  weights?: Map<string, number> | null,
  layerMembers?: ReadonlyMap<string, readonly string[]> | null,
): Choice {
  const result = pick(
    ctx,
    decision,
    variants.map((v) => ({
      target: v.target,
      weight: v.weight,
      window: [v.goLiveAt, v.expireAt] as [When, When],
      holdout: v.holdout,
      override: weights ? (weights.get(v.id) ?? null) : null,
      layer: v.layer,
      traffic: v.traffic,
    })),
    experiment,
    layerMembers,
  );
  let assignment: Assignment | null = null;
  if (result.arms.length && (result.arms.length > 1 || result.holdout)) {
    const first = (variants[result.arms[0] as number] as VariantDef).id;
    const control = result.holdout ? HOLDOUT_ARM : first;
    const arm = result.index === null ? HOLDOUT_ARM : (variants[result.index] as VariantDef).id;
    assignment = { experiment: first, arm: result.excluded ? control : arm, excluded: result.excluded };
  }
  if (result.index === null) return { variant: null, arm: null, assignment };
  const variant = variants[result.index] as VariantDef;
  return { variant, arm: result.ab ? variant.id : null, assignment };
}
