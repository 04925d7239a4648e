"""What the frontend knows about the brand that the API does not carry: navigation, the
interests a visitor may declare, and plain words for the signals the "why" panel shows."""

from __future__ import annotations

BRAND = "Aurora Motors"

NAVIGATION: list[tuple[str, str]] = [
    ("/", "Home"),
    ("/models/", "Models"),
    ("/compare/", "Compare"),
    ("/pricing/", "Pricing"),
    ("/test-drive/", "Test drive"),
    ("/owners/", "Owners"),
]

#: Interests a visitor can declare under "This isn't me" (zero-party data). The demo's persona
#: rules read `declared_interest`; a slug not used by any rule is harmless.
INTERESTS: list[tuple[str, str]] = [
    ("family", "Space for the family"),
    ("track", "Performance and track days"),
    ("commute", "Daily commuting"),
]

#: Pages that carry a form the frontend handles (the CMS page supplies the text around it).
FORMS: dict[str, str] = {"/test-drive/": "test_drive"}

#: Event types the browser may report through /_track (graphql-api.md trackEvent `type`).
TRACKABLE_EVENTS = frozenset(
    {"cta_click", "download", "form_submit", "test_drive_booked", "purchase"}
)

CHANNEL_WORDS: dict[str, str] = {
    "direct": "you came straight to the site",
    "organic_search": "you came from a search engine",
    "paid_search": "you came from a search ad",
    "social": "you came from a social network",
    "paid_social": "you came from an ad on a social network",
    "email": "you came from an email",
    "referral": "you came from a link on another site",
    "display": "you came from a display ad",
    "affiliate": "you came from a partner site",
    "cross_network": "you came from an ad",
    "paid_shopping": "you came from a shopping ad",
    "paid_video": "you came from a video ad",
    "paid_other": "you came from an ad",
    "organic_shopping": "you came from a shopping site",
    "organic_video": "you came from a video site",
    "audio": "you came from an audio ad",
    "sms": "you came from a text message",
    "mobile_push": "you came from a notification",
    "other": "you came from a campaign link",
}

DEVICE_WORDS: dict[str, str] = {
    "mobile": "a phone",
    "tablet": "a tablet",
    "desktop": "a computer",
    "bot": "an automated client",
    "unknown": "a device we could not recognise",
}
