import type { Decision, Variant } from "@tailor/client";

export function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    visitorId: null,
    profiling: false,
    persona: { slug: "family", name: "Family buyer", description: null, publicName: "Families", publicDescription: "Room for everyone" },
    stage: null,
    segments: ["nordics"],
    location: { countryCode: "SE", country: "Sweden", region: null, regionCode: null, city: "Stockholm", timezone: "Europe/Stockholm" },
    device: "desktop",
    channel: "email",
    reasons: ["Persona family: utm_campaign is family-summer", "Variant 'Family home' for persona family", "Personalized section 2: default (no alternative targets this visitor)"],
    cacheKey: "k1",
    contentUrl: "/content/3/17/abc",
    ...overrides,
  } as Decision;
}

export const FAMILY: Variant = { id: "page:3:family", name: "Family home", persona: "family", stage: null, segment: null, arm: null };
