/**
 * Server-side decisions for React Server Components: one `personalizedPage` call per request with
 * what the visitor's request carries, forwarded with the server key, so the first HTML already
 * holds the variant (no flash of default content). The content itself is fetched from
 * `decision.contentUrl` and kept in Next.js's data cache under the page's tag: every visitor
 * whose cache key is equal shares one cached copy, and a publish (new revision, new URL) shows on
 * the next request. A preview (draft mode + the preview cookie) asks with the editor's token,
 * takes the content from the answer itself, and caches nothing.
 */
import { readVisitorState, type Decision, type PageContent, type Persona, type TailorError, type Variant, type VisitorState } from "@tailor/client";
import { unstable_cache } from "next/cache";
import { cookies, draftMode, headers } from "next/headers";
import { FORWARDED, resolveConfig, TAGS, type ResolvedConfig, type TailorNextConfig } from "./config";
import { describePreview, PREVIEW_COOKIE, previewFromCookie, simulation, type Preview } from "./preview";

export interface VisitorRequest {
  state: VisitorState;
  /** The landing URL of this request, as the proxy saw it. */
  url: string | null;
  referrer: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Speculative prefetches and HEAD checks are decided but not recorded. */
  track: boolean;
  preview: Preview | null;
}

export type PageResult =
  | {
      kind: "page";
      content: PageContent;
      decision: Decision;
      variant: Variant | null;
      visitor: VisitorRequest;
      /** When the shared copy of this content was fetched (equal for visitors who share it). */
      cachedAt: string | null;
      /** "as persona Family buyer, from SE on a phone" in a preview. */
      previewWords: string | null;
    }
  | { kind: "not-found"; visitor: VisitorRequest }
  | { kind: "error"; error: TailorError; visitor: VisitorRequest };

export interface Tailor {
  config: ResolvedConfig;
  /** The visitor as this request shows them: consent, id, GPC, preview. */
  visitor(): Promise<VisitorRequest>;
  /** Decide and fetch one page for this request. */
  page(path: string): Promise<PageResult>;
  /** Personas (public names for the why-panel), cached for a minute and by tag. */
  personas(): Promise<Persona[]>;
}

export function createTailor(config: TailorNextConfig): Tailor {
  const resolved = resolveConfig(config);
  const { client } = resolved;

  const sharedContent = (path: string, contentUrl: string) =>
    unstable_cache(
      async () => {
        const result = await client.content(contentUrl);
        if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`); // never cache a failure
        return { content: result.data, cachedAt: new Date().toISOString() };
      },
      ["tailor-content", contentUrl],
      { tags: [TAGS.all, TAGS.page(path)] },
    )();

  const cachedPersonas = unstable_cache(
    async () => {
      const result = await client.personas();
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`); // never cache a failure
      return result.data;
    },
    ["tailor-personas"],
    { tags: [TAGS.all, TAGS.personas], revalidate: 60 },
  );

  async function personas(): Promise<Persona[]> {
    try {
      return await cachedPersonas();
    } catch (error) {
      console.warn(`tailor: personas unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return []; // the "This isn't me" form then offers interests only
    }
  }

  async function visitor(): Promise<VisitorRequest> {
    const [h, jar, draft] = await Promise.all([headers(), cookies(), draftMode()]);
    const preview = draft.isEnabled ? previewFromCookie(jar.get(PREVIEW_COOKIE)?.value) : null;
    const state = preview
      ? { consent: null, visitorId: null, gpc: false, showBanner: false, declined: false } // nobody's visit: no cookies read
      : readVisitorState({ cookie: (name) => jar.get(name)?.value, header: (name) => h.get(name) });
    const purpose = (h.get("sec-purpose") ?? h.get("purpose") ?? "").toLowerCase();
    return {
      state,
      url: h.get(FORWARDED.url),
      referrer: preview ? null : h.get("referer"),
      ip: h.get(FORWARDED.ip),
      userAgent: h.get("user-agent"),
      track: !preview && !purpose.includes("prefetch") && h.get("next-router-prefetch") === null,
      preview,
    };
  }

  async function page(path: string): Promise<PageResult> {
    const who = await visitor();
    const context = {
      visitorId: who.state.visitorId,
      url: who.url,
      referrer: who.referrer,
      ip: who.ip,
      userAgent: who.userAgent,
      gpc: who.state.gpc,
    };
    const preview = who.preview;
    const answer = await client.personalizedPage(
      {
        path,
        site: resolved.site ?? null,
        context,
        track: who.track,
        previewToken: preview?.token ?? null,
        simulate: preview ? simulation(preview) : null,
        withContent: Boolean(preview), // a draft is never at a contentUrl; live content is fetched from there
      },
      { forwardedFor: who.ip ?? undefined },
    );
    if (!answer.ok) return { kind: "error", error: answer.error, visitor: who };
    if (answer.data === null) return { kind: "not-found", visitor: who };
    const { decision, variant } = answer.data;
    if (preview) {
      const parsed = client.parseContent(answer.data.content);
      if (!parsed.ok) return { kind: "error", error: parsed.error, visitor: who };
      return { kind: "page", content: parsed.data, decision, variant, visitor: who, cachedAt: null, previewWords: describePreview(preview, decision) };
    }
    try {
      const shared = await sharedContent(path, decision.contentUrl);
      return { kind: "page", content: shared.content, decision, variant, visitor: who, cachedAt: shared.cachedAt, previewWords: null };
    } catch {
      // Published again between the decision and the fetch (the old URL is gone), or the content
      // route is unreachable: ask once more with the content in the answer, recording nothing twice.
      const again = await client.personalizedPage({ path, site: resolved.site ?? null, context, track: false }, { forwardedFor: who.ip ?? undefined });
      if (!again.ok) return { kind: "error", error: again.error, visitor: who };
      if (again.data === null) return { kind: "not-found", visitor: who };
      const parsed = client.parseContent(again.data.content);
      if (!parsed.ok) return { kind: "error", error: parsed.error, visitor: who };
      return { kind: "page", content: parsed.data, decision, variant, visitor: who, cachedAt: null, previewWords: null };
    }
  }

  return { config: resolved, visitor, page, personas };
}
