/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation SetConsent($visitorId: String, $personalization: Boolean!, $analytics: Boolean!) {\n  setConsent(\n    visitorId: $visitorId\n    personalization: $personalization\n    analytics: $analytics\n  ) {\n    visitorId\n    consent {\n      personalization\n      analytics\n    }\n  }\n}\n\nmutation ForgetVisitor($visitorId: String!) {\n  forgetVisitor(visitorId: $visitorId)\n}": typeof types.SetConsentDocument,
    "query PersonalizedPage($path: String!, $site: String, $context: VisitorContextInput, $simulate: SimulationInput, $previewToken: String, $track: Boolean = true, $withContent: Boolean = true) {\n  personalizedPage(\n    path: $path\n    site: $site\n    context: $context\n    simulate: $simulate\n    previewToken: $previewToken\n    track: $track\n  ) {\n    content @include(if: $withContent)\n    variant {\n      ...VariantFields\n    }\n    decision {\n      ...DecisionFields\n    }\n  }\n}\n\nfragment VariantFields on Variant {\n  id\n  name\n  persona\n  stage\n  segment\n  arm\n}\n\nfragment DecisionFields on Decision {\n  visitorId\n  profiling\n  persona {\n    slug\n    name\n    description\n    publicName\n    publicDescription\n  }\n  stage {\n    slug\n    name\n    order\n  }\n  segments\n  location {\n    countryCode\n    country\n    region\n    regionCode\n    city\n    timezone\n  }\n  device\n  channel\n  reasons\n  cacheKey\n  contentUrl\n}": typeof types.PersonalizedPageDocument,
    "query Personas {\n  personas {\n    slug\n    name\n    description\n    publicName\n    publicDescription\n  }\n}": typeof types.PersonasDocument,
    "query RuleSetVersion($site: String) {\n  ruleSet(site: $site) {\n    version\n  }\n}\n\nquery RuleSet($site: String) {\n  ruleSet(site: $site) {\n    version\n    json\n  }\n}": typeof types.RuleSetVersionDocument,
    "mutation TrackEvent($visitorId: String!, $type: String!, $path: String, $value: Float, $variantId: ID, $properties: JSONString) {\n  trackEvent(\n    visitorId: $visitorId\n    type: $type\n    path: $path\n    value: $value\n    variantId: $variantId\n    properties: $properties\n  ) {\n    ok\n  }\n}\n\nmutation TrackEvents($events: [EventInput!]!) {\n  trackEvents(events: $events) {\n    accepted\n    duplicates\n    errors {\n      index\n      code\n      message\n    }\n  }\n}": typeof types.TrackEventDocument,
    "fragment VisitorFields on Visitor {\n  visitorId\n  firstSeen\n  lastSeen\n  visitCount\n  pageViews\n  persona {\n    slug\n    name\n  }\n  stage {\n    slug\n    name\n  }\n  declaredPersona\n  interests\n  consent {\n    personalization\n    analytics\n  }\n}\n\nmutation Identify($visitorId: String!, $userKey: String!, $traits: JSONString) {\n  identify(visitorId: $visitorId, userKey: $userKey, traits: $traits) {\n    ...VisitorFields\n  }\n}\n\nmutation Declare($visitorId: String!, $persona: String, $interests: [String!]) {\n  declare(visitorId: $visitorId, persona: $persona, interests: $interests) {\n    ...VisitorFields\n  }\n}\n\nquery Visitor($visitorId: String!, $limit: Int = 100) {\n  visitor(visitorId: $visitorId) {\n    ...VisitorFields\n    events(limit: $limit) {\n      type\n      path\n      value\n      at\n      variantId\n    }\n  }\n}": typeof types.VisitorFieldsFragmentDoc,
};
const documents: Documents = {
    "mutation SetConsent($visitorId: String, $personalization: Boolean!, $analytics: Boolean!) {\n  setConsent(\n    visitorId: $visitorId\n    personalization: $personalization\n    analytics: $analytics\n  ) {\n    visitorId\n    consent {\n      personalization\n      analytics\n    }\n  }\n}\n\nmutation ForgetVisitor($visitorId: String!) {\n  forgetVisitor(visitorId: $visitorId)\n}": types.SetConsentDocument,
    "query PersonalizedPage($path: String!, $site: String, $context: VisitorContextInput, $simulate: SimulationInput, $previewToken: String, $track: Boolean = true, $withContent: Boolean = true) {\n  personalizedPage(\n    path: $path\n    site: $site\n    context: $context\n    simulate: $simulate\n    previewToken: $previewToken\n    track: $track\n  ) {\n    content @include(if: $withContent)\n    variant {\n      ...VariantFields\n    }\n    decision {\n      ...DecisionFields\n    }\n  }\n}\n\nfragment VariantFields on Variant {\n  id\n  name\n  persona\n  stage\n  segment\n  arm\n}\n\nfragment DecisionFields on Decision {\n  visitorId\n  profiling\n  persona {\n    slug\n    name\n    description\n    publicName\n    publicDescription\n  }\n  stage {\n    slug\n    name\n    order\n  }\n  segments\n  location {\n    countryCode\n    country\n    region\n    regionCode\n    city\n    timezone\n  }\n  device\n  channel\n  reasons\n  cacheKey\n  contentUrl\n}": types.PersonalizedPageDocument,
    "query Personas {\n  personas {\n    slug\n    name\n    description\n    publicName\n    publicDescription\n  }\n}": types.PersonasDocument,
    "query RuleSetVersion($site: String) {\n  ruleSet(site: $site) {\n    version\n  }\n}\n\nquery RuleSet($site: String) {\n  ruleSet(site: $site) {\n    version\n    json\n  }\n}": types.RuleSetVersionDocument,
    "mutation TrackEvent($visitorId: String!, $type: String!, $path: String, $value: Float, $variantId: ID, $properties: JSONString) {\n  trackEvent(\n    visitorId: $visitorId\n    type: $type\n    path: $path\n    value: $value\n    variantId: $variantId\n    properties: $properties\n  ) {\n    ok\n  }\n}\n\nmutation TrackEvents($events: [EventInput!]!) {\n  trackEvents(events: $events) {\n    accepted\n    duplicates\n    errors {\n      index\n      code\n      message\n    }\n  }\n}": types.TrackEventDocument,
    "fragment VisitorFields on Visitor {\n  visitorId\n  firstSeen\n  lastSeen\n  visitCount\n  pageViews\n  persona {\n    slug\n    name\n  }\n  stage {\n    slug\n    name\n  }\n  declaredPersona\n  interests\n  consent {\n    personalization\n    analytics\n  }\n}\n\nmutation Identify($visitorId: String!, $userKey: String!, $traits: JSONString) {\n  identify(visitorId: $visitorId, userKey: $userKey, traits: $traits) {\n    ...VisitorFields\n  }\n}\n\nmutation Declare($visitorId: String!, $persona: String, $interests: [String!]) {\n  declare(visitorId: $visitorId, persona: $persona, interests: $interests) {\n    ...VisitorFields\n  }\n}\n\nquery Visitor($visitorId: String!, $limit: Int = 100) {\n  visitor(visitorId: $visitorId) {\n    ...VisitorFields\n    events(limit: $limit) {\n      type\n      path\n      value\n      at\n      variantId\n    }\n  }\n}": types.VisitorFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetConsent($visitorId: String, $personalization: Boolean!, $analytics: Boolean!) {\n  setConsent(\n    visitorId: $visitorId\n    personalization: $personalization\n    analytics: $analytics\n  ) {\n    visitorId\n    consent {\n      personalization\n      analytics\n    }\n  }\n}\n\nmutation ForgetVisitor($visitorId: String!) {\n  forgetVisitor(visitorId: $visitorId)\n}"): typeof import('./graphql').SetConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PersonalizedPage($path: String!, $site: String, $context: VisitorContextInput, $simulate: SimulationInput, $previewToken: String, $track: Boolean = true, $withContent: Boolean = true) {\n  personalizedPage(\n    path: $path\n    site: $site\n    context: $context\n    simulate: $simulate\n    previewToken: $previewToken\n    track: $track\n  ) {\n    content @include(if: $withContent)\n    variant {\n      ...VariantFields\n    }\n    decision {\n      ...DecisionFields\n    }\n  }\n}\n\nfragment VariantFields on Variant {\n  id\n  name\n  persona\n  stage\n  segment\n  arm\n}\n\nfragment DecisionFields on Decision {\n  visitorId\n  profiling\n  persona {\n    slug\n    name\n    description\n    publicName\n    publicDescription\n  }\n  stage {\n    slug\n    name\n    order\n  }\n  segments\n  location {\n    countryCode\n    country\n    region\n    regionCode\n    city\n    timezone\n  }\n  device\n  channel\n  reasons\n  cacheKey\n  contentUrl\n}"): typeof import('./graphql').PersonalizedPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Personas {\n  personas {\n    slug\n    name\n    description\n    publicName\n    publicDescription\n  }\n}"): typeof import('./graphql').PersonasDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query RuleSetVersion($site: String) {\n  ruleSet(site: $site) {\n    version\n  }\n}\n\nquery RuleSet($site: String) {\n  ruleSet(site: $site) {\n    version\n    json\n  }\n}"): typeof import('./graphql').RuleSetVersionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TrackEvent($visitorId: String!, $type: String!, $path: String, $value: Float, $variantId: ID, $properties: JSONString) {\n  trackEvent(\n    visitorId: $visitorId\n    type: $type\n    path: $path\n    value: $value\n    variantId: $variantId\n    properties: $properties\n  ) {\n    ok\n  }\n}\n\nmutation TrackEvents($events: [EventInput!]!) {\n  trackEvents(events: $events) {\n    accepted\n    duplicates\n    errors {\n      index\n      code\n      message\n    }\n  }\n}"): typeof import('./graphql').TrackEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment VisitorFields on Visitor {\n  visitorId\n  firstSeen\n  lastSeen\n  visitCount\n  pageViews\n  persona {\n    slug\n    name\n  }\n  stage {\n    slug\n    name\n  }\n  declaredPersona\n  interests\n  consent {\n    personalization\n    analytics\n  }\n}\n\nmutation Identify($visitorId: String!, $userKey: String!, $traits: JSONString) {\n  identify(visitorId: $visitorId, userKey: $userKey, traits: $traits) {\n    ...VisitorFields\n  }\n}\n\nmutation Declare($visitorId: String!, $persona: String, $interests: [String!]) {\n  declare(visitorId: $visitorId, persona: $persona, interests: $interests) {\n    ...VisitorFields\n  }\n}\n\nquery Visitor($visitorId: String!, $limit: Int = 100) {\n  visitor(visitorId: $visitorId) {\n    ...VisitorFields\n    events(limit: $limit) {\n      type\n      path\n      value\n      at\n      variantId\n    }\n  }\n}"): typeof import('./graphql').VisitorFieldsFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
