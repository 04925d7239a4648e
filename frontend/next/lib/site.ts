/** What the site knows about the brand that the API does not carry (as frontend/site.py). */
export const BRAND = "Aurora Motors";

export const NAVIGATION: ReadonlyArray<readonly [string, string]> = [
  ["/", "Home"],
  ["/models/", "Models"],
  ["/compare/", "Compare"],
  ["/pricing/", "Pricing"],
  ["/test-drive/", "Test drive"],
  ["/owners/", "Owners"],
];

/** Interests a visitor can declare under "This isn't me". */
export const INTERESTS: ReadonlyArray<readonly [string, string]> = [
  ["family", "Space for the family"],
  ["track", "Performance and track days"],
  ["commute", "Daily commuting"],
];

/** Event types the browser may report. */
export const TRACKABLE_EVENTS = ["cta_click", "download", "form_submit", "test_drive_booked", "purchase"] as const;
