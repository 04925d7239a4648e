/**
 * `Decision.contentUrl`: the chosen content of a page, the same URL for every visitor with the
 * same cache key, public and immutable (graphql-api.md "Caching and local evaluation"). Fetched
 * with `If-None-Match` and kept by ETag: a 304 answers from what this process already holds.
 */
import { fail, ok, type Result } from "./errors";
import type { FetchLike } from "./transport";

export interface Block {
  type: string;
  value: unknown;
  id?: string;
}

/** The content of a page: `{"title", "intro", "tags", "body": [{"type", "value", "id"}], ...}`. */
export interface PageContent {
  title: string;
  intro?: string | null;
  tags?: string[];
  body: Block[];
  [field: string]: unknown;
}

/** `PersonalizedPage.content` (a JSONString) as an object; BAD_RESPONSE when it is not one. */
export function parseContent(json: string | null | undefined): Result<PageContent> {
  try {
    const value: unknown = JSON.parse(json ?? "");
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const content = value as PageContent;
      return ok({ ...content, body: Array.isArray(content.body) ? content.body : [] });
    }
  } catch {
    // fall through
  }
  return fail("BAD_RESPONSE", "The page content is not a JSON object.");
}

interface Kept {
  etag: string;
  content: PageContent;
}

/** A bounded map of contentUrl -> (ETag, content), oldest dropped first. */
export class ContentStore {
  private readonly kept = new Map<string, Kept>();
  constructor(private readonly maxEntries = 500) {}

  get(url: string): Kept | undefined {
    return this.kept.get(url);
  }

  set(url: string, value: Kept): void {
    this.kept.delete(url);
    this.kept.set(url, value);
    while (this.kept.size > this.maxEntries) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.kept.delete(oldest);
    }
  }

  get size(): number {
    return this.kept.size;
  }
}

export interface ContentOptions {
  /** Extra `fetch` options (e.g. Next.js `{ next: { tags } }`). */
  fetchOptions?: RequestInit & Record<string, unknown>;
}

export async function fetchContent(
  fetchImpl: FetchLike,
  store: ContentStore,
  url: string,
  options?: ContentOptions,
): Promise<Result<PageContent>> {
  const kept = store.get(url);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (kept) headers["If-None-Match"] = kept.etag;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...options?.fetchOptions, method: "GET", headers });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return fail("NETWORK_ERROR", `The content at ${url} could not be fetched: ${why}`);
  }
  if (response.status === 304 && kept) return ok(kept.content);
  if (response.status === 404) return fail("NOT_FOUND", "This content address is not live any more (the page was published again).", 404);
  if (!response.ok) return fail("BAD_RESPONSE", `The content at ${url} answered HTTP ${response.status}.`, response.status);
  const parsed = parseContent(await response.text());
  if (parsed.ok) {
    const etag = response.headers.get("ETag");
    if (etag) store.set(url, { etag, content: parsed.data });
  }
  return parsed;
}
