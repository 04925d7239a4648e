/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** GA4's default channel group of the visit's source (site-format.md). */
export type Channel =
  | 'affiliate'
  | 'audio'
  | 'cross_network'
  | 'direct'
  | 'display'
  | 'email'
  | 'mobile_push'
  | 'organic_search'
  | 'organic_shopping'
  | 'organic_video'
  | 'other'
  | 'paid_other'
  | 'paid_search'
  | 'paid_shopping'
  | 'paid_social'
  | 'paid_video'
  | 'referral'
  | 'sms'
  | 'social';

/** The visitor's device class, from the user agent. */
export type DeviceKind =
  | 'bot'
  | 'desktop'
  | 'mobile'
  | 'tablet'
  | 'unknown';

/** The code of a client mistake (also in errors' extensions.code). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED';

export type EventInput = {
  /** When it happened; default now. Never in the future. */
  at?: string | null | undefined;
  /** Client-chosen id: the same event sent again is stored once. */
  eventId?: string | null | undefined;
  path?: string | null | undefined;
  /** A JSON object (or its JSON text); a malformed one is this item's error. */
  properties?: string | Record<string, unknown> | null | undefined;
  type: string;
  /** The site's user id: the event goes to that user's merged profile. */
  userKey?: string | null | undefined;
  value?: number | null | undefined;
  variantId?: string | number | null | undefined;
  visitorId?: string | null | undefined;
};

export type SimulationInput = {
  channel?: string | null | undefined;
  city?: string | null | undefined;
  country?: string | null | undefined;
  device?: string | null | undefined;
  now?: string | null | undefined;
  persona?: string | null | undefined;
  region?: string | null | undefined;
  segments?: Array<string> | null | undefined;
  stage?: string | null | undefined;
  utmCampaign?: string | null | undefined;
  visitCount?: number | null | undefined;
};

export type VisitorContextInput = {
  /** Honoured only with the server key, like userAgent: the visitor's Sec-CH-UA-* headers by name, e.g. {"Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": "\"Android\""}. */
  clientHints?: string | null | undefined;
  /** Honoured only with the server key. */
  gpc?: boolean | null | undefined;
  /** Honoured only with the server key. */
  ip?: string | null | undefined;
  referrer?: string | null | undefined;
  /** Landing URL; UTM parameters and click ids are read from it. */
  url?: string | null | undefined;
  /** Honoured only with the server key. */
  userAgent?: string | null | undefined;
  visitorId?: string | null | undefined;
};

export type SetConsentMutationVariables = Exact<{
  visitorId?: string | null | undefined;
  personalization: boolean;
  analytics: boolean;
}>;


export type SetConsentMutation = { setConsent: { visitorId: string | null, consent: { personalization: boolean, analytics: boolean } } };

export type ForgetVisitorMutationVariables = Exact<{
  visitorId: string;
}>;


export type ForgetVisitorMutation = { forgetVisitor: boolean };

export type PersonalizedPageQueryVariables = Exact<{
  path: string;
  site?: string | null | undefined;
  context?: VisitorContextInput | null | undefined;
  simulate?: SimulationInput | null | undefined;
  previewToken?: string | null | undefined;
  track?: boolean | null | undefined;
  withContent?: boolean | null | undefined;
}>;


export type PersonalizedPageQuery = { personalizedPage: { content?: string, variant: { id: string, name: string, persona: string | null, stage: string | null, segment: string | null, arm: string | null } | null, decision: { visitorId: string | null, profiling: boolean, segments: Array<string>, device: DeviceKind, channel: Channel, reasons: Array<string>, cacheKey: string, contentUrl: string, persona: { slug: string, name: string, description: string | null, publicName: string | null, publicDescription: string | null } | null, stage: { slug: string, name: string, order: number } | null, location: { countryCode: string | null, country: string | null, region: string | null, regionCode: string | null, city: string | null, timezone: string | null } | null } } | null };

export type VariantFieldsFragment = { id: string, name: string, persona: string | null, stage: string | null, segment: string | null, arm: string | null };

export type DecisionFieldsFragment = { visitorId: string | null, profiling: boolean, segments: Array<string>, device: DeviceKind, channel: Channel, reasons: Array<string>, cacheKey: string, contentUrl: string, persona: { slug: string, name: string, description: string | null, publicName: string | null, publicDescription: string | null } | null, stage: { slug: string, name: string, order: number } | null, location: { countryCode: string | null, country: string | null, region: string | null, regionCode: string | null, city: string | null, timezone: string | null } | null };

export type PersonasQueryVariables = Exact<{ [key: string]: never; }>;


export type PersonasQuery = { personas: Array<{ slug: string, name: string, description: string | null, publicName: string | null, publicDescription: string | null }> };

export type RuleSetVersionQueryVariables = Exact<{
  site?: string | null | undefined;
}>;


export type RuleSetVersionQuery = { ruleSet: { version: string } | null };

export type RuleSetQueryVariables = Exact<{
  site?: string | null | undefined;
}>;


export type RuleSetQuery = { ruleSet: { version: string, json: string } | null };

export type TrackEventMutationVariables = Exact<{
  visitorId: string;
  type: string;
  path?: string | null | undefined;
  value?: number | null | undefined;
  variantId?: string | number | null | undefined;
  properties?: string | null | undefined;
}>;


export type TrackEventMutation = { trackEvent: { ok: boolean } };

export type TrackEventsMutationVariables = Exact<{
  events: Array<EventInput> | EventInput;
}>;


export type TrackEventsMutation = { trackEvents: { accepted: number, duplicates: number, errors: Array<{ index: number, code: ErrorCode, message: string }> } };

export type VisitorFieldsFragment = { visitorId: string, firstSeen: string | null, lastSeen: string | null, visitCount: number, pageViews: number, declaredPersona: string | null, interests: Array<string>, persona: { slug: string, name: string } | null, stage: { slug: string, name: string } | null, consent: { personalization: boolean, analytics: boolean } };

export type IdentifyMutationVariables = Exact<{
  visitorId: string;
  userKey: string;
  traits?: string | null | undefined;
}>;


export type IdentifyMutation = { identify: { visitorId: string, firstSeen: string | null, lastSeen: string | null, visitCount: number, pageViews: number, declaredPersona: string | null, interests: Array<string>, persona: { slug: string, name: string } | null, stage: { slug: string, name: string } | null, consent: { personalization: boolean, analytics: boolean } } };

export type DeclareMutationVariables = Exact<{
  visitorId: string;
  persona?: string | null | undefined;
  interests?: Array<string> | string | null | undefined;
}>;


export type DeclareMutation = { declare: { visitorId: string, firstSeen: string | null, lastSeen: string | null, visitCount: number, pageViews: number, declaredPersona: string | null, interests: Array<string>, persona: { slug: string, name: string } | null, stage: { slug: string, name: string } | null, consent: { personalization: boolean, analytics: boolean } } };

export type VisitorQueryVariables = Exact<{
  visitorId: string;
  limit?: number | null | undefined;
}>;


export type VisitorQuery = { visitor: { visitorId: string, firstSeen: string | null, lastSeen: string | null, visitCount: number, pageViews: number, declaredPersona: string | null, interests: Array<string>, events: Array<{ type: string, path: string | null, value: number | null, at: string, variantId: string | null }>, persona: { slug: string, name: string } | null, stage: { slug: string, name: string } | null, consent: { personalization: boolean, analytics: boolean } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const VariantFieldsFragmentDoc = new TypedDocumentString(`
    fragment VariantFields on Variant {
  id
  name
  persona
  stage
  segment
  arm
}
    `, {"fragmentName":"VariantFields"}) as unknown as TypedDocumentString<VariantFieldsFragment, unknown>;
export const DecisionFieldsFragmentDoc = new TypedDocumentString(`
    fragment DecisionFields on Decision {
  visitorId
  profiling
  persona {
    slug
    name
    description
    publicName
    publicDescription
  }
  stage {
    slug
    name
    order
  }
  segments
  location {
    countryCode
    country
    region
    regionCode
    city
    timezone
  }
  device
  channel
  reasons
  cacheKey
  contentUrl
}
    `, {"fragmentName":"DecisionFields"}) as unknown as TypedDocumentString<DecisionFieldsFragment, unknown>;
export const VisitorFieldsFragmentDoc = new TypedDocumentString(`
    fragment VisitorFields on Visitor {
  visitorId
  firstSeen
  lastSeen
  visitCount
  pageViews
  persona {
    slug
    name
  }
  stage {
    slug
    name
  }
  declaredPersona
  interests
  consent {
    personalization
    analytics
  }
}
    `, {"fragmentName":"VisitorFields"}) as unknown as TypedDocumentString<VisitorFieldsFragment, unknown>;
export const SetConsentDocument = new TypedDocumentString(`
    mutation SetConsent($visitorId: String, $personalization: Boolean!, $analytics: Boolean!) {
  setConsent(
    visitorId: $visitorId
    personalization: $personalization
    analytics: $analytics
  ) {
    visitorId
    consent {
      personalization
      analytics
    }
  }
}
    `) as unknown as TypedDocumentString<SetConsentMutation, SetConsentMutationVariables>;
export const ForgetVisitorDocument = new TypedDocumentString(`
    mutation ForgetVisitor($visitorId: String!) {
  forgetVisitor(visitorId: $visitorId)
}
    `) as unknown as TypedDocumentString<ForgetVisitorMutation, ForgetVisitorMutationVariables>;
export const PersonalizedPageDocument = new TypedDocumentString(`
    query PersonalizedPage($path: String!, $site: String, $context: VisitorContextInput, $simulate: SimulationInput, $previewToken: String, $track: Boolean = true, $withContent: Boolean = true) {
  personalizedPage(
    path: $path
    site: $site
    context: $context
    simulate: $simulate
    previewToken: $previewToken
    track: $track
  ) {
    content @include(if: $withContent)
    variant {
      ...VariantFields
    }
    decision {
      ...DecisionFields
    }
  }
}
    fragment VariantFields on Variant {
  id
  name
  persona
  stage
  segment
  arm
}
fragment DecisionFields on Decision {
  visitorId
  profiling
  persona {
    slug
    name
    description
    publicName
    publicDescription
  }
  stage {
    slug
    name
    order
  }
  segments
  location {
    countryCode
    country
    region
    regionCode
    city
    timezone
  }
  device
  channel
  reasons
  cacheKey
  contentUrl
}`) as unknown as TypedDocumentString<PersonalizedPageQuery, PersonalizedPageQueryVariables>;
export const PersonasDocument = new TypedDocumentString(`
    query Personas {
  personas {
    slug
    name
    description
    publicName
    publicDescription
  }
}
    `) as unknown as TypedDocumentString<PersonasQuery, PersonasQueryVariables>;
export const RuleSetVersionDocument = new TypedDocumentString(`
    query RuleSetVersion($site: String) {
  ruleSet(site: $site) {
    version
  }
}
    `) as unknown as TypedDocumentString<RuleSetVersionQuery, RuleSetVersionQueryVariables>;
export const RuleSetDocument = new TypedDocumentString(`
    query RuleSet($site: String) {
  ruleSet(site: $site) {
    version
    json
  }
}
    `) as unknown as TypedDocumentString<RuleSetQuery, RuleSetQueryVariables>;
export const TrackEventDocument = new TypedDocumentString(`
    mutation TrackEvent($visitorId: String!, $type: String!, $path: String, $value: Float, $variantId: ID, $properties: JSONString) {
  trackEvent(
    visitorId: $visitorId
    type: $type
    path: $path
    value: $value
    variantId: $variantId
    properties: $properties
  ) {
    ok
  }
}
    `) as unknown as TypedDocumentString<TrackEventMutation, TrackEventMutationVariables>;
export const TrackEventsDocument = new TypedDocumentString(`
    mutation TrackEvents($events: [EventInput!]!) {
  trackEvents(events: $events) {
    accepted
    duplicates
    errors {
      index
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<TrackEventsMutation, TrackEventsMutationVariables>;
export const IdentifyDocument = new TypedDocumentString(`
    mutation Identify($visitorId: String!, $userKey: String!, $traits: JSONString) {
  identify(visitorId: $visitorId, userKey: $userKey, traits: $traits) {
    ...VisitorFields
  }
}
    fragment VisitorFields on Visitor {
  visitorId
  firstSeen
  lastSeen
  visitCount
  pageViews
  persona {
    slug
    name
  }
  stage {
    slug
    name
  }
  declaredPersona
  interests
  consent {
    personalization
    analytics
  }
}`) as unknown as TypedDocumentString<IdentifyMutation, IdentifyMutationVariables>;
export const DeclareDocument = new TypedDocumentString(`
    mutation Declare($visitorId: String!, $persona: String, $interests: [String!]) {
  declare(visitorId: $visitorId, persona: $persona, interests: $interests) {
    ...VisitorFields
  }
}
    fragment VisitorFields on Visitor {
  visitorId
  firstSeen
  lastSeen
  visitCount
  pageViews
  persona {
    slug
    name
  }
  stage {
    slug
    name
  }
  declaredPersona
  interests
  consent {
    personalization
    analytics
  }
}`) as unknown as TypedDocumentString<DeclareMutation, DeclareMutationVariables>;
export const VisitorDocument = new TypedDocumentString(`
    query Visitor($visitorId: String!, $limit: Int = 100) {
  visitor(visitorId: $visitorId) {
    ...VisitorFields
    events(limit: $limit) {
      type
      path
      value
      at
      variantId
    }
  }
}
    fragment VisitorFields on Visitor {
  visitorId
  firstSeen
  lastSeen
  visitCount
  pageViews
  persona {
    slug
    name
  }
  stage {
    slug
    name
  }
  declaredPersona
  interests
  consent {
    personalization
    analytics
  }
}`) as unknown as TypedDocumentString<VisitorQuery, VisitorQueryVariables>;