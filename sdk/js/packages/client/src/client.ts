/**
 * `createTailorClient`: every operation a frontend needs, typed from schema.graphql
 * (src/generated/, written by `npm run codegen`), each answering a `Result` — never throwing.
 */
import { ContentStore, fetchContent, parseContent, type ContentOptions, type PageContent } from "./content";
import { ok, type Result } from "./errors";
import {
  DeclareDocument,
  ForgetVisitorDocument,
  IdentifyDocument,
  PersonalizedPageDocument,
  PersonasDocument,
  RuleSetDocument,
  RuleSetVersionDocument,
  SetConsentDocument,
  TrackEventDocument,
  TrackEventsDocument,
  VisitorDocument,
  type DeclareMutationVariables,
  type EventInput,
  type IdentifyMutationVariables,
  type PersonalizedPageQuery,
  type PersonalizedPageQueryVariables,
  type TrackEventMutationVariables,
  type TypedDocumentString,
  type VisitorFieldsFragment,
  type VisitorQuery,
} from "./generated/graphql";
import { Transport, type RequestOptions, type TransportOptions } from "./transport";

export type PersonalizedPage = NonNullable<PersonalizedPageQuery["personalizedPage"]>;
export type Decision = PersonalizedPage["decision"];
export type Variant = NonNullable<PersonalizedPage["variant"]>;
export type Persona = { slug: string; name: string; description: string | null; publicName: string | null; publicDescription: string | null };
export type ConsentResult = { visitorId: string | null; consent: { personalization: boolean; analytics: boolean } };
export type TrackEventsResult = { accepted: number; duplicates: number; errors: Array<{ index: number; code: string; message: string }> };
export type RuleSet = { version: string; json: string };

export interface ClientOptions extends TransportOptions {
  /** How many contentUrl answers to keep by ETag (default 500). */
  contentCacheSize?: number;
}

export type TailorClient = ReturnType<typeof createTailorClient>;

export function createTailorClient(options: ClientOptions) {
  const transport = new Transport(options);
  const contents = new ContentStore(options.contentCacheSize ?? 500);
  const fetchImpl = options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init));

  function pick<T, K extends keyof T>(result: Result<T>, key: K): Result<T[K]> {
    return result.ok ? ok(result.data[key]) : result;
  }

  return {
    /** Any generated operation document, for what the helpers below do not cover. */
    request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables, opts?: RequestOptions) {
      return transport.request(document, variables, opts);
    },

    /** The decision (and, unless `withContent: false`, the content) of one page; `null` data: no live page there. */
    async personalizedPage(variables: PersonalizedPageQueryVariables, opts?: RequestOptions): Promise<Result<PersonalizedPage | null>> {
      return pick(await transport.request(PersonalizedPageDocument, variables, opts), "personalizedPage");
    },

    /** `PersonalizedPage.content` parsed. */
    parseContent,

    /** GET `decision.contentUrl` (relative to the CMS), with If-None-Match and the ETag kept. */
    content(contentUrl: string, opts?: ContentOptions): Promise<Result<PageContent>> {
      return fetchContent(fetchImpl, contents, new URL(contentUrl, transport.endpoint).toString(), opts);
    },

    async personas(opts?: RequestOptions): Promise<Result<Persona[]>> {
      return pick(await transport.request(PersonasDocument, {}, opts), "personas");
    },

    /** Consent for personalization and analytics; without `visitorId` the CMS mints one. */
    async setConsent(
      variables: { visitorId?: string | null; personalization: boolean; analytics: boolean },
      opts?: RequestOptions,
    ): Promise<Result<ConsentResult>> {
      return pick(await transport.request(SetConsentDocument, variables, opts), "setConsent");
    },

    /** Erase the visitor's profile and all its events (withdrawn consent). */
    async forgetVisitor(visitorId: string, opts?: RequestOptions): Promise<Result<boolean>> {
      return pick(await transport.request(ForgetVisitorDocument, { visitorId }, opts), "forgetVisitor");
    },

    async trackEvent(variables: TrackEventMutationVariables, opts?: RequestOptions): Promise<Result<{ ok: boolean }>> {
      return pick(await transport.request(TrackEventDocument, variables, opts), "trackEvent");
    },

    /** Server key only: up to 1,000 events at once, idempotent by `eventId`. */
    async trackEvents(events: EventInput[], opts?: RequestOptions): Promise<Result<TrackEventsResult>> {
      return pick(await transport.request(TrackEventsDocument, { events }, opts), "trackEvents");
    },

    /** Server key only: the visitor is this logged-in user (their profiles merge). */
    async identify(variables: IdentifyMutationVariables, opts?: RequestOptions): Promise<Result<VisitorFieldsFragment>> {
      return pick(await transport.request(IdentifyDocument, variables, opts), "identify");
    },

    /** "This isn't me": `persona: null, interests: []` resets both. */
    async declare(variables: DeclareMutationVariables, opts?: RequestOptions): Promise<Result<VisitorFieldsFragment>> {
      return pick(await transport.request(DeclareDocument, variables, opts), "declare");
    },

    /** The visitor's own profile and events (data export). */
    async visitor(visitorId: string, opts?: RequestOptions): Promise<Result<VisitorQuery["visitor"]>> {
      return pick(await transport.request(VisitorDocument, { visitorId }, opts), "visitor");
    },

    /** Server key only: the portable rule set (format 1) for local decisions. */
    async ruleSet(site?: string, opts?: RequestOptions): Promise<Result<RuleSet | null>> {
      return pick(await transport.request(RuleSetDocument, { site: site ?? null }, opts), "ruleSet");
    },

    /** Server key only: just the version, to poll cheaply. */
    async ruleSetVersion(site?: string, opts?: RequestOptions): Promise<Result<string | null>> {
      const result = await transport.request(RuleSetVersionDocument, { site: site ?? null }, opts);
      return result.ok ? ok(result.data.ruleSet?.version ?? null) : result;
    },
  };
}
