/**
 * A page's content for one visitor (engine/content.py): the page variant's fields over the
 * default's, every `personalized` block replaced by its chosen alternative (same targets,
 * precedence, schedules and A/B arms as page variants, recursively), then `{city}`, `{region}`,
 * `{country}` (optionally `{city|fallback}`) filled in title, intro, headings, paragraphs (HTML:
 * escaped) and CTA labels. Returns what was chosen too: the cache key and content URL need it.
 */

import { type Choice, type Pick, pick } from "./choose.js";
import type { Location, VisitorContext } from "./context.js";
import type { Decision } from "./decide.js";
import { pyStr } from "./py.js";
import type { Target, VariantDef, When } from "./ruleset.js";

export const PLACEHOLDER_NAMES = ["city", "region", "country"] as const;
const PLACEHOLDER = /\{(city|region|country)(?:\|([^{}]*))?\}/g;

export interface BlockChoice {
  blockId: string;
  choice: Choice; // variant id "<block id>:<index>", null for its default
  variantId: string; // the variant's id, or "<block id>:default"
}

export interface ContentChoices {
  blocks: BlockChoice[];
  placeholders: Map<string, string | null>; // name -> value used (null: the fallback)
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObj(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python's `value or fallback`. */
function or(value: unknown, fallback: unknown): unknown {
  return truthy(value) ? value : fallback;
}

export function resolveContent(
  content: Obj,
  variantFields: Obj | null | undefined,
  ctx: VisitorContext,
  decision: Decision,
  prefix: string,
): [Obj, ContentChoices] {
  const merged: Obj = { ...content };
  if (variantFields && truthy(variantFields)) {
    for (const [k, v] of Object.entries(variantFields)) if (v !== null && v !== undefined) merged[k] = v;
  }
  const picks: BlockChoice[] = [];
  const filler = new Filler(ctx.location);
  if ("body" in merged) {
    const blocks = resolveBlocks(or(merged.body, []) as unknown[], ctx, decision, prefix, picks, "body");
    merged.body = blocks.map((b) => filler.block(b));
  }
  for (const key of ["title", "intro"]) {
    if (typeof merged[key] === "string") merged[key] = filler.text(merged[key] as string, false);
  }
  return [merged, { blocks: picks, placeholders: filler.used }];
}

function optionTarget(opt: Obj): Target {
  return {
    persona: (or(opt.persona, null) as string | null),
    stage: (or(opt.stage, null) as string | null),
    segment: (or(opt.segment, null) as string | null),
  };
}

function resolveBlocks(
  blocks: unknown[],
  ctx: VisitorContext,
  decision: Decision,
  prefix: string,
  picks: BlockChoice[],
  path: string,
): unknown[] {
  const out: unknown[] = [];
  blocks.forEach((block, i) => {
    if (!isObj(block) || block.type !== "personalized") {
      out.push(block);
      return;
    }
    const blockId = pyStr(or(block.id, `${path}[${i}]`));
    const value = or(block.value, {}) as Obj;
    const options = or(value.variants, []) as Obj[];
    const variants: VariantDef[] = options.map((opt, n) => ({
      id: `${blockId}:${n}`,
      name: pyStr(or(opt.name, `${blockId}:${n}`)),
      target: optionTarget(opt),
      weight: (opt.weight ?? null) as number | null,
      goLiveAt: opt.go_live_at as When,
      expireAt: opt.expire_at as When,
      holdout: 0,
      allocation: "",
      layer: "",
      traffic: 100,
    }));
    const result: Pick = pick(
      ctx,
      decision,
      variants.map((v) => ({ target: v.target, weight: v.weight, window: [v.goLiveAt, v.expireAt] })),
      `${prefix}:${blockId}`,
    );
    let choice: Choice;
    let chosen: unknown[];
    let where: string;
    if (result.index !== null) {
      const variant = variants[result.index] as VariantDef;
      const assignment =
        result.arms.length >= 2
          ? {
              experiment: (variants[result.arms[0] as number] as VariantDef).id,
              arm: result.excluded ? (variants[result.arms[0] as number] as VariantDef).id : variant.id,
              excluded: result.excluded,
            }
          : null;
      choice = { variant, arm: result.ab ? variant.id : null, assignment };
      chosen = or((options[result.index] as Obj).blocks, []) as unknown[];
      where = `${blockId}:${result.index}`;
    } else {
      choice = { variant: null, arm: null, assignment: null };
      chosen = or(value.default, []) as unknown[];
      where = `${blockId}:default`;
    }
    picks.push({ blockId, choice, variantId: choice.variant ? choice.variant.id : `${blockId}:default` });
    out.push(...resolveBlocks([...chosen], ctx, decision, prefix, picks, where));
  });
  return out;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

/** html.escape(text): the five characters Python escapes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Fills placeholders from one location and remembers which values it used. */
class Filler {
  readonly values: Record<string, string | null>;
  readonly used = new Map<string, string | null>();

  constructor(loc: Location | null) {
    this.values = { city: loc?.city ?? null, region: loc?.region ?? null, country: loc?.country ?? null };
  }

  text(text: string, escape: boolean): string {
    if (!text.includes("{")) return text;
    return text.replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => {
      const value = this.values[name];
      this.used.set(name, value || null);
      if (value) return escape ? escapeHtml(value) : value;
      return fallback ?? "";
    });
  }

  block(block: unknown): unknown {
    if (!isObj(block)) return block;
    const kind = block.type;
    const value = block.value;
    let next: unknown;
    if (kind === "heading" && typeof value === "string") {
      next = this.text(value, false);
    } else if (kind === "paragraph" && typeof value === "string") {
      next = this.text(value, true);
    } else if (kind === "cta" && isObj(value) && typeof value.label === "string") {
      const label = this.text(value.label, false);
      next = label === value.label ? value : { ...value, label };
    } else {
      return block;
    }
    return next === value ? block : { ...block, value: next };
  }
}

/** Every segment a personalized block in `blocks` targets, nested blocks included. */
export function targetedSegments(blocks: unknown): Set<string> {
  const found = new Set<string>();
  const stack: unknown[] = [blocks];
  while (stack.length) {
    const items = stack.pop();
    for (const block of Array.isArray(items) ? items : []) {
      if (!isObj(block) || block.type !== "personalized") continue;
      const value = or(block.value, {}) as Obj;
      for (const option of (or(value.variants, []) as unknown[])) {
        if (isObj(option)) {
          if (truthy(option.segment)) found.add(pyStr(option.segment).toLowerCase());
          stack.push(option.blocks);
        }
      }
      stack.push(value.default);
    }
  }
  return found;
}
