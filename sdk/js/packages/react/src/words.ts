/**
 * The decision in words a visitor can read (a port of the reference frontend's frontend/render.py
 * `explain` and `plain_reasons`): only what editors made public is named.
 */
import type { Decision, Persona, Variant } from "@tailor/client";

export const CHANNEL_WORDS: Record<string, string> = {
  direct: "you came straight to the site",
  organic_search: "you came from a search engine",
  paid_search: "you came from a search ad",
  social: "you came from a social network",
  paid_social: "you came from an ad on a social network",
  email: "you came from an email",
  referral: "you came from a link on another site",
  display: "you came from a display ad",
  affiliate: "you came from a partner site",
  cross_network: "you came from an ad",
  paid_shopping: "you came from a shopping ad",
  paid_video: "you came from a video ad",
  paid_other: "you came from an ad",
  organic_shopping: "you came from a shopping site",
  organic_video: "you came from a video site",
  audio: "you came from an audio ad",
  sms: "you came from a text message",
  mobile_push: "you came from a notification",
  other: "you came from a campaign link",
};

export const DEVICE_WORDS: Record<string, string> = {
  mobile: "a phone",
  tablet: "a tablet",
  desktop: "a computer",
  bot: "an automated client",
  unknown: "a device we could not recognise",
};

type DecisionLike = Pick<Decision, "persona" | "stage" | "location" | "device" | "channel" | "segments" | "profiling">;
type PersonaLike = Pick<Persona, "slug"> & { publicName?: string | null | undefined };

function locationWords(location: DecisionLike["location"]): string | null {
  if (!location) return null;
  const parts = [location.city, location.city ? null : location.region, location.country || location.countryCode];
  return parts.filter(Boolean).join(", ") || null;
}

/** Label / sentence pairs: what the "Why am I seeing this?" panel lists. */
export function explain(decision: DecisionLike, variant: Pick<Variant, "id"> | null | undefined): Array<[string, string]> {
  const facts: Array<[string, string]> = [];
  facts.push(["What you see", variant ? "a version of this page written for visitors like you." : "the standard version of this page."]);
  const persona = decision.persona as PersonaLike | null;
  const who = persona == null ? "nobody in particular; we have no reason to guess." : persona.publicName ? `${persona.publicName}.` : "we have a guess, used only to choose what you see.";
  facts.push(["Who we think you are", who]);
  if (decision.stage) facts.push(["Where you are in your search", "a guess from what you have done on this site."]);
  const location = locationWords(decision.location);
  facts.push(["Where you are", location ? `${location}, worked out from your network address.` : "unknown."]);
  facts.push(["Your device", `${DEVICE_WORDS[decision.device] ?? decision.device}.`]);
  facts.push(["How you arrived", `${CHANNEL_WORDS[decision.channel] ?? decision.channel}.`]);
  const count = decision.segments.length;
  if (count) {
    facts.push(["Groups you fall into", count === 1 ? "one of the groups this site uses to choose content." : `${count} of the groups this site uses to choose content.`]);
  }
  facts.push(["Memory", decision.profiling ? "we remember your visits on this site, because you allowed it." : "we do not remember anything about you between pages."]);
  return facts;
}

const DEFAULT_SECTION = /^Personalized section \d+( \(inside section \d+\))?: default \(/;
const SIGNAL_WORDS: Record<string, string> = {
  utm_campaign: "campaign in your link",
  utm_source: "source in your link",
  utm_medium: "medium in your link",
  referrer_domain: "site you came from",
  local_hour: "your local hour",
  device: "your device",
  country: "your country",
  region: "your region",
  declared_interest: "an interest you told us",
  declared_persona: "what you told us you are",
};
const SIGNAL = new RegExp(`\\b(${Object.keys(SIGNAL_WORDS).join("|")})\\b`, "g");
const SLUG = "([a-z0-9][a-z0-9-]*)";
const OPENINGS: Array<[RegExp, string]> = [
  [new RegExp(`^Persona ${SLUG}: `), "persona"],
  [new RegExp(`^Stage ${SLUG}: `), "How far along you are: "],
  [new RegExp(`^Segment ${SLUG}: `), "A group you fall into: "],
  [/^Variant (['"]).*?\1/, "A version of this page"],
  [/^No persona: /, "No guess about you: "],
];
const NAMED_ALTERNATIVE = /\balternative (['"]).*?\1/g;
const MENTION = new RegExp(`\\b(persona|stage|segment) ${SLUG}\\b(?!')`, "g");
const MENTION_WORDS: Record<string, string> = { persona: "a kind of visitor", stage: "a step of your search", segment: "a group of visitors" };

function publicWords(reason: string, names: Record<string, string>): string {
  const persona = (slug: string) => (names[slug] ? `\u201c${names[slug]}\u201d` : MENTION_WORDS.persona!);
  for (const [pattern, words] of OPENINGS) {
    const match = pattern.exec(reason);
    if (!match) continue;
    const opening = words === "persona" ? (names[match[1]!] ? `We think you are among ${persona(match[1]!)}: ` : "We have a guess about you: ") : words;
    reason = opening + reason.slice(match[0].length);
    break;
  }
  reason = reason.replace(NAMED_ALTERNATIVE, "an alternative");
  return reason.replace(MENTION, (_all, kind: string, slug: string) => (kind === "persona" ? persona(slug) : MENTION_WORDS[kind]!));
}

/** The decision's reasons minus the noise, signal names in words, only public names named. */
export function plainReasons(reasons: readonly string[], names: Record<string, string> = {}): string[] {
  const out: string[] = [];
  for (const raw of reasons) {
    if (DEFAULT_SECTION.test(raw)) continue;
    let reason = publicWords(raw.replace(SIGNAL, (_all, signal: string) => SIGNAL_WORDS[signal]!), names);
    reason = reason.slice(0, 1).toUpperCase() + reason.slice(1);
    if (!out.includes(reason)) out.push(reason);
  }
  return out;
}

/** slug -> public name of the personas given. */
export function publicNames(...personas: Array<PersonaLike | null | undefined | readonly PersonaLike[]>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const item of personas) {
    for (const persona of Array.isArray(item) ? item : [item]) {
      if (persona && (persona as PersonaLike).publicName) names[(persona as PersonaLike).slug] = (persona as PersonaLike).publicName!;
    }
  }
  return names;
}
