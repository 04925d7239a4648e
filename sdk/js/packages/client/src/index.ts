export { createTailorClient } from "./client";
export type {
  ClientOptions,
  ConsentResult,
  Decision,
  PersonalizedPage,
  Persona,
  RuleSet,
  TailorClient,
  TrackEventsResult,
  Variant,
} from "./client";
export { parseContent, ContentStore } from "./content";
export type { Block, PageContent } from "./content";
export {
  CONSENT_COOKIE,
  DECLINED,
  GRANTED,
  ONE_YEAR_SECONDS,
  VISITOR_COOKIE,
  readVisitorState,
  safeNext,
} from "./consent";
export type { ConsentChoice, RequestSignals, VisitorState } from "./consent";
export type { Result, TailorError, TailorErrorCode } from "./errors";
export type { FetchLike, RequestOptions, TransportOptions } from "./transport";
export { sha256Hex } from "./apq";
export * as operations from "./generated/graphql";
