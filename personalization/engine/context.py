"""What the engine knows about one visitor on one request: plain, immutable data.

Adapters (personalization/delivery/service.py `build_context` for GraphQL, the preview for
editors) build it from the request, the GeoIP database, the user agent and the stored profile;
the engine only reads it. Nothing here touches a request, the ORM or GraphQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Location:
    country_code: str | None = None  # ISO 3166-1 alpha-2, "SE"
    country: str | None = None  # English name, "Sweden"
    region_code: str | None = None  # ISO 3166-2 without the country part, "E", "WA"
    region: str | None = None  # English name
    city: str | None = None  # English name
    metro_code: int | None = None  # US DMA code
    continent: str | None = None  # "EU", "NA", ...
    timezone: str | None = None  # IANA name
    eu: bool | None = None


#: A forced persona or stage of NOBODY: the preview of the default content (no persona, no stage).
NOBODY = ""

DEVICE_KINDS = ("mobile", "tablet", "desktop", "bot", "unknown")
# GA4's default channel groups, in GA4's order ("other" is GA4's Unassigned). The one list of
# channels: personalization/visitor_signals/source.py derives them, conditions, the editor and simulate accept them.
CHANNELS = (
    "direct",
    "cross_network",
    "paid_shopping",
    "paid_search",
    "paid_social",
    "paid_video",
    "display",
    "paid_other",
    "organic_shopping",
    "social",
    "organic_video",
    "organic_search",
    "referral",
    "email",
    "affiliate",
    "audio",
    "sms",
    "mobile_push",
    "other",
)


@dataclass(frozen=True)
class Device:
    kind: str = "unknown"  # mobile | tablet | desktop | bot | unknown
    os: str | None = None  # family, "iOS"
    browser: str | None = None  # family, "Mobile Safari"


@dataclass(frozen=True)
class Source:
    """How the current visit arrived (site-format.md, source signals)."""

    channel: str = "direct"
    utm: Mapping[str, str] = field(
        default_factory=dict
    )  # keys: source medium campaign term content
    referrer_domain: str | None = None  # host without "www."; None when direct or internal
    landing_path: str | None = None
    query: Mapping[str, str] = field(default_factory=dict)  # landing URL query parameters


@dataclass(frozen=True)
class EventRecord:
    type: str
    at: datetime  # aware, UTC
    value: float | None = None
    properties: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DayCounts:
    """One UTC day of history, for the `within_days` windows of visited / page_views / visit_count."""

    day: date
    visits: int = 0  # visits that started that day (today's includes this one)
    page_views: int = 0
    paths: Mapping[str, int] = field(default_factory=dict)
    tags: Mapping[str, int] = field(default_factory=dict)


# The longest `within_days` a history condition may ask for (events keep 400 days too).
MAX_WINDOW_DAYS = 400


@dataclass(frozen=True)
class History:
    """The stored profile, read before the decision (None in VisitorContext without profiling).

    Counts include the current request's page view only if the adapter recorded it first; the
    GraphQL adapter records after deciding, so `page_views` counts earlier views.
    """

    visit_count: int = 1  # visits (sessions), this one included
    page_views: int = 0
    path_views: Mapping[str, int] = field(default_factory=dict)  # "/pricing/" -> count
    tag_views: Mapping[str, int] = field(default_factory=dict)  # "api" -> count (lower case)
    events: tuple[EventRecord, ...] = ()
    first_seen: datetime | None = None
    last_seen: datetime | None = None  # end of the previous visit (for days_since_last_visit)
    affinity: Mapping[str, float] = field(default_factory=dict)  # persona slug -> score (decayed)
    affinity_half_life_days: float | None = None  # how affinity faded (None: it never fades)
    # Daily counts, newest first, as far back as the rule set's longest within_days (else none).
    days: tuple[DayCounts, ...] = ()
    stage: str | None = None  # stage reached before (see engine/decide.py on moving back)
    traits: Mapping[str, object] = field(
        default_factory=dict
    )  # name -> stored value (engine/traits.py)


@dataclass(frozen=True)
class VisitorContext:
    now: datetime  # aware; the engine never reads the clock itself
    site_timezone: str = "UTC"
    visitor_id: str | None = None
    location: Location | None = None
    device: Device = field(default_factory=Device)
    source: Source = field(default_factory=Source)
    history: History | None = None  # None: no profiling (no consent, bot, or no id)
    logged_in: bool = False
    declared_persona: str | None = None
    declared_interests: tuple[str, ...] = ()
    # Editor preview ("simulate"): forced values that override what the rules would say.
    # NOBODY ("") as the forced persona or stage means none at all (the default content).
    forced_persona: str | None = None
    forced_stage: str | None = None
    forced_segments: tuple[str, ...] | None = None
