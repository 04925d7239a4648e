/**
 * Errors are values, never thrown strings: every call answers a `Result`, and a failed one carries
 * the API's own `extensions.code` (graphql-api.md "Errors") or one of the client's codes for what
 * happened before the API could answer.
 */

/** Codes the API sends (graphql-api.md), and the client's own for transport failures. */
export type TailorErrorCode =
  | "BAD_USER_INPUT"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "QUERY_TOO_COMPLEX"
  | "RATE_LIMITED"
  | "PERSISTED_QUERY_NOT_FOUND"
  | "PERSISTED_QUERY_NOT_SUPPORTED"
  | "INTERNAL_SERVER_ERROR"
  /** the API could not be reached, or did not answer in time */
  | "NETWORK_ERROR"
  /** the API answered with something that is not a GraphQL response */
  | "BAD_RESPONSE";

export interface TailorError {
  /** The API's `extensions.code`, or the client's own code (NETWORK_ERROR, BAD_RESPONSE). */
  readonly code: TailorErrorCode;
  /** What was wrong, in the API's words. */
  readonly message: string;
  /** The HTTP status of the answer, when there was one. */
  readonly status?: number;
  /** Every error of the answer (the first is `code` and `message`). */
  readonly errors?: ReadonlyArray<{ message: string; code: TailorErrorCode }>;
}

export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: TailorError };

const KNOWN: ReadonlySet<string> = new Set<TailorErrorCode>([
  "BAD_USER_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "QUERY_TOO_COMPLEX",
  "RATE_LIMITED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "INTERNAL_SERVER_ERROR",
]);

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(code: TailorErrorCode, message: string, status?: number): Result<T> {
  return { ok: false, error: status === undefined ? { code, message } : { code, message, status } };
}

/** A code the API sent, or INTERNAL_SERVER_ERROR for one this client does not know. */
export function asCode(value: unknown): TailorErrorCode {
  return typeof value === "string" && KNOWN.has(value) ? (value as TailorErrorCode) : "INTERNAL_SERVER_ERROR";
}

interface GraphQLErrorShape {
  message?: unknown;
  extensions?: { code?: unknown } | null;
}

/** The GraphQL `errors` of an answer as one TailorError (null when there are none). */
export function fromGraphQLErrors(errors: unknown, status?: number): TailorError | null {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const all = (errors as GraphQLErrorShape[]).map((e) => ({
    message: typeof e?.message === "string" ? e.message : "The API refused the request.",
    code: asCode(e?.extensions?.code),
  }));
  const first = all[0]!;
  return { code: first.code, message: first.message, errors: all, ...(status === undefined ? {} : { status }) };
}
