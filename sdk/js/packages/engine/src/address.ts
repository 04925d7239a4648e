/**
 * Where resolved content is keyed and fetched (engine/cachekey.py, engine/contenturl.py): both are
 * built from exactly what changes the content (the page variant, every block choice, the place
 * names used) and nothing else about the visitor, so equal keys mean equal content.
 */

import type { ContentChoices } from "./content.js";
import { pyCompare } from "./py.js";
import { base64url, sha256Hex } from "./hash.js";

/** "tailor:content:<page>:<revision>:<digest>"; the digest covers variants and place names. */
export function contentCacheKey(
  pageId: number | string,
  revision: string,
  pageVariantId: string | null,
  choices: ContentChoices,
  prefix = "tailor:content",
): string {
  const parts = {
    v: pageVariantId || "",
    b: choices.blocks.map((b) => b.variantId).sort(pyCompare),
    p: [...choices.placeholders].map(([name, value]) => [name, value || ""]).sort(comparePairs),
  };
  return `${prefix}:${pageId}:${revision}:${sha256Hex(JSON.stringify(parts)).slice(0, 32)}`;
}

function comparePairs(a: string[], b: string[]): number {
  return pyCompare(a[0] as string, b[0] as string) || pyCompare(a[1] as string, b[1] as string);
}

/** "page:<id>:<key>" -> "<key>". */
export function pageVariantKey(pageId: number | string, variantId: string | null): string | null {
  if (variantId === null) return null;
  const prefix = `page:${pageId}:`;
  return variantId.startsWith(prefix) ? variantId.slice(prefix.length) : variantId;
}

/** A block choice's variant id "<block id>:<n>" -> n (null for the default). */
function blockIndex(variantId: string | null): number {
  if (variantId === null) return -1;
  return Number.parseInt(variantId.slice(variantId.lastIndexOf(":") + 1), 10);
}

/** The canonical code of a content choice: base64url of [variant, blocks, places]. */
export function contentCode(variantKey: string | null, choices: ContentChoices): string {
  const places: Record<string, string | null> = {};
  for (const name of [...choices.placeholders.keys()].sort(pyCompare)) {
    places[name] = choices.placeholders.get(name) ?? null;
  }
  const blocks = choices.blocks.map((b) => blockIndex(b.choice.variant ? b.choice.variant.id : null));
  return base64url(JSON.stringify([variantKey, blocks, places]));
}

/** "/content/<page id>/<revision>/<code>": the same for every visitor who gets this content. */
export function contentPath(pageId: number | string, revision: string, variantKey: string | null, choices: ContentChoices): string {
  return `/content/${pageId}/${revision}/${contentCode(variantKey, choices)}`;
}
