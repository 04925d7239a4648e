import { type VisitorContext, contextFromJson } from "../src/index.js";

/** A context from its JSON form, with a fixed time unless given. */
export function ctx(json: Record<string, unknown> = {}): VisitorContext {
  return contextFromJson({ now: "2026-06-15T12:00:00Z", ...json });
}

/** A rule-set document with these segments (and personas/stages/pages when given). */
export function ruleSet(parts: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: "tailor.ruleset",
    formatVersion: 3,
    version: "test-1",
    siteTimezone: "UTC",
    holdout: 0,
    personas: [],
    stages: [],
    segments: [],
    pages: [{ path: "/", pageId: 1, revision: "7", content: { title: "Hi {city|there}", body: [] }, variants: [] }],
    ...parts,
  };
}

export function segments(rules: Record<string, unknown>): { slug: string; name: string; rules: unknown }[] {
  return Object.entries(rules).map(([slug, r]) => ({ slug, name: slug, rules: r }));
}
