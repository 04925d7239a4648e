/**
 * Who enters an experiment at all: its `traffic` percent and its `layer` (mutually exclusive
 * experiments), as engine/layers.py decides it (docs/ruleset-format.md, "Experiment layers and
 * traffic"). Pure functions of the visitor id, so the server and a frontend agree.
 *
 * - unit(key): the first 8 bytes of SHA-256(key, UTF-8), big-endian, divided by 2^64: [0, 1).
 * - traffic T (percent, 1..100): the visitor enters test K when
 *   unit(visitor + US + K + US + "traffic") < T / 100 (US is U+001F).
 * - layer L with member tests M ("page:<pageId>" of every page with a variant in L): the visitor
 *   belongs to the member k with the highest unit(visitor + US + "layer:" + L + US + k) (ties:
 *   the first in sorted order) and enters test K only when that member is K.
 * A visitor outside the traffic, owned by another test of the layer, or without an id (when a
 * layer or traffic is set) gets the default content and is counted in no arm.
 */

import { unitHash } from "./hash.js";
import { pyCompare } from "./py.js";

const US = "\x1f";

/** Does this visitor fall within the test's traffic percent? */
export function inTraffic(visitorId: string, experiment: string, percent: number | null): boolean {
  if (percent === null || percent >= 100) return true;
  if (percent <= 0) return false;
  return unitHash(`${visitorId}${US}${experiment}${US}traffic`) < percent / 100;
}

/** The one test of the layer this visitor may enter (null: the layer has no member). */
export function layerOwner(visitorId: string, layer: string, members: readonly string[]): string | null {
  let best: string | null = null;
  let bestPoint = -1;
  for (const member of [...members].sort(pyCompare)) {
    const point = unitHash(`${visitorId}${US}layer:${layer}${US}${member}`);
    if (point > bestPoint) [best, bestPoint] = [member, point];
  }
  return best;
}

/** Does the visitor enter the test? One with neither a layer nor a traffic below 100 admits all. */
export function admitted(
  visitorId: string | null,
  experiment: string,
  layer: string,
  traffic: number | null,
  members: ReadonlyMap<string, readonly string[]> | null | undefined,
): boolean {
  const limited = traffic !== null && traffic < 100;
  if (!layer && !limited) return true;
  if (!visitorId) return false;
  if (layer) {
    const found = members?.get(layer);
    const listed = found && found.length ? found : [experiment];
    const owner = layerOwner(visitorId, layer, listed.includes(experiment) ? listed : [...listed, experiment]);
    if (owner !== experiment) return false;
  }
  return !limited || inTraffic(visitorId, experiment, traffic);
}

/** Layer -> the experiment keys ("page:<pageId>") of the pages with a variant in it, sorted. */
export function layerMembers(
  pages: Iterable<{ pageId: number | string; variants: readonly { layer: string }[] }>,
): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const page of pages) {
    for (const v of page.variants) {
      if (!v.layer) continue;
      let keys = found.get(v.layer);
      if (!keys) found.set(v.layer, (keys = new Set()));
      keys.add(`page:${page.pageId}`);
    }
  }
  return new Map([...found].map(([layer, keys]) => [layer, [...keys].sort(pyCompare)]));
}
