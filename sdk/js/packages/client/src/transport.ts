/**
 * One GraphQL request over `fetch`, with automatic persisted queries and errors as values.
 * The only module that speaks HTTP to `/graphql/`.
 */
import { persistedQuery, sha256Hex } from "./apq";
import { fail, fromGraphQLErrors, ok, type Result } from "./errors";
import type { TypedDocumentString } from "./generated/graphql";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** The CMS's GraphQL endpoint, e.g. `http://127.0.0.1:8000/graphql/`. */
  endpoint: string;
  /** PERSONALIZATION_SERVER_KEY: only on a server (it lets the CMS believe forwarded ip, user agent, gpc). */
  serverKey?: string | undefined;
  /** Automatic persisted queries; on by default. */
  persistedQueries?: boolean | undefined;
  fetch?: FetchLike | undefined;
  headers?: Record<string, string> | undefined;
  /** Give up after this many milliseconds (NETWORK_ERROR). Default 20,000. */
  timeoutMs?: number | undefined;
}

export interface RequestOptions {
  /** The visitor's address, sent as X-Forwarded-For with the server key (rate limits count per visitor). */
  forwardedFor?: string | undefined;
  /** Extra `fetch` options, e.g. Next.js `{ next: { tags } }` or `cache`. */
  fetchOptions?: RequestInit & Record<string, unknown>;
  signal?: AbortSignal | undefined;
}

const OPERATION_NAME = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

export class Transport {
  private apq: boolean;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: TransportOptions) {
    this.apq = options.persistedQueries ?? true;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get endpoint(): string {
    return this.options.endpoint;
  }

  headers(extra?: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json", ...this.options.headers };
    if (this.options.serverKey) {
      headers.Authorization = `Bearer ${this.options.serverKey}`;
      if (extra?.forwardedFor) headers["X-Forwarded-For"] = extra.forwardedFor;
    }
    return headers;
  }

  async request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options?: RequestOptions,
  ): Promise<Result<TResult>> {
    const query = document.toString();
    const operationName = OPERATION_NAME.exec(query)?.[1];
    const body: Record<string, unknown> = { variables: variables ?? {}, ...(operationName ? { operationName } : {}) };
    if (!this.apq) return this.post({ ...body, query }, options);
    const hash = await sha256Hex(query);
    const first = await this.post<TResult>({ ...body, extensions: persistedQuery(hash) }, options);
    if (first.ok) return first;
    if (first.error.code === "PERSISTED_QUERY_NOT_FOUND") {
      return this.post({ ...body, query, extensions: persistedQuery(hash) }, options);
    }
    if (first.error.code === "PERSISTED_QUERY_NOT_SUPPORTED") {
      this.apq = false; // this CMS does not keep queries: send the text from now on
      return this.post({ ...body, query }, options);
    }
    return first;
  }

  private async post<TResult>(body: Record<string, unknown>, options?: RequestOptions): Promise<Result<TResult>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 20_000);
    const signal = options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.endpoint, {
        cache: "no-store",
        ...options?.fetchOptions,
        method: "POST",
        headers: this.headers(options),
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return fail("NETWORK_ERROR", `The Tailor API at ${this.options.endpoint} could not be reached: ${why}`);
    }
    let payload: { data?: unknown; errors?: unknown };
    try {
      payload = (await response.json()) as { data?: unknown; errors?: unknown };
    } catch {
      return fail("BAD_RESPONSE", `The Tailor API answered HTTP ${response.status} without a GraphQL response.`, response.status);
    }
    const error = fromGraphQLErrors(payload?.errors, response.status);
    if (error) return { ok: false, error };
    if (!response.ok || payload?.data == null) {
      return fail("BAD_RESPONSE", `The Tailor API answered HTTP ${response.status} without data.`, response.status);
    }
    return ok(payload.data as TResult);
  }
}
