/**
 * @tailor/engine: Tailor's portable rule set (`ruleSet.json`) evaluated in JavaScript, with the
 * same answers as the server (personalization/engine in the CMS). Runs in Node, browsers and
 * edge runtimes: no Node-only API.
 */

export { LocalEngine, type EngineOptions, type LocalDecision } from "./engine.js";
export { contextFromJson, ContextError, parseTime } from "./context-json.js";
export type { VisitorContext, Location, Device, Source, History, EventRecord, DayCounts } from "./context.js";
export { NOBODY, CHANNELS } from "./context.js";
export { decide, compileRuleSet, type Decision, type CompiledRuleSet } from "./decide.js";
export { personalize, segmentsUsed, type PageResult, type Extras } from "./page.js";
export { chooseVariant, pick, bucket, inSiteHoldout, isLive, HOLDOUT_ARM, type Choice, type Assignment } from "./choose.js";
export { resolveContent, targetedSegments, PLACEHOLDER_NAMES, type ContentChoices, type BlockChoice } from "./content.js";
export { admitted, inTraffic, layerOwner, layerMembers } from "./layers.js";
export { contentCacheKey, contentPath, pageVariantKey } from "./address.js";
export { compileCondition } from "./conditions.js";
export { validateCondition } from "./validate.js";
export { patternError, translate, translatedEngine, PatternError, type RegexEngine, type Search } from "./patterns.js";
export { loadRuleSet, RuleSetError, FORMAT, READABLE_VERSIONS, type RuleSet, type Page, type VariantDef, type Target } from "./ruleset.js";
export { answerLine, formatLine, type LineAnswer } from "./cli.js";
export { localTime, parseInstant } from "./time.js";
