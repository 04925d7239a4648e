"""Random visitor contexts in their JSON form (docs/ruleset-format.md), drawn so that they hit
the corpus's conditions from both sides: matching and non-matching values, other letter cases,
unicode, empty and missing data, edge times (DST changes, midnight in the visitor's zone,
schedule boundaries) written in many offsets. Deterministic for a given random.Random."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# (countryCode, country, regionCode, region, city, metroCode, continent, timezone, eu)
PLACES = [
    ("SE", "Sweden", "M", "Skåne", "Malmö", None, "EU", "Europe/Stockholm", True),
    ("SE", "Sweden", "AB", "Stockholm", "Stockholm", None, "EU", "Europe/Stockholm", True),
    ("NO", "Norway", "03", "Oslo", "Oslo", None, "EU", "Europe/Oslo", False),
    ("GB", "United Kingdom", "ENG", "England", "London", None, "EU", "Europe/London", False),
    ("US", "United States", "WA", "Washington", "Seattle", 819, "NA", "America/Los_Angeles", False),
    ("US", "United States", "NY", "New York", "New York", 501, "NA", "America/New_York", False),
    ("US", "United States", "CO", "Colorado", "Denver", 751, "NA", "America/Denver", False),
    ("CH", "Switzerland", "ZH", "Zurich", "Zürich", None, "EU", "Europe/Zurich", False),
    ("BR", "Brazil", "SP", "São Paulo", "São Paulo", None, "SA", "America/Sao_Paulo", False),
    ("TR", "Türkiye", "34", "İstanbul", "İstanbul", None, "AS", "Europe/Istanbul", False),
    ("IN", "India", "MH", "Maharashtra", "Mumbai", None, "AS", "Asia/Kolkata", False),
    ("NP", "Nepal", "P3", "Bagmati", "Kathmandu", None, "AS", "Asia/Kathmandu", False),
    (
        "AU",
        "Australia",
        "NSW",
        "New South Wales",
        "Lord Howe Island",
        None,
        "OC",
        "Australia/Lord_Howe",
        False,
    ),
    (
        "NZ",
        "New Zealand",
        "CIT",
        "Chatham Islands",
        "Waitangi",
        None,
        "OC",
        "Pacific/Chatham",
        False,
    ),
    ("CA", "Canada", "NL", "Newfoundland", "St. John's", None, "NA", "America/St_Johns", False),
    ("KI", "Kiribati", "L", "Line Islands", "Kiritimati", None, "OC", "Pacific/Kiritimati", False),
    ("FR", "France", "IDF", "Île-de-France", "Évry", None, "EU", "Europe/Paris", True),
    ("JP", "Japan", "13", "Tokyo", "東京", None, "AS", "Asia/Tokyo", False),
    ("DE", "Germany", "NW", "North Rhine-Westphalia", "Köln", None, "EU", "Europe/Berlin", True),
    ("XX", '<Nowhere> & "Co"', "", "", "", 0, "", "Mars/Olympus", None),
]
ZONES = [p[7] for p in PLACES] + ["UTC", "Etc/GMT+12", "Not a zone", "", "../etc"]
# UTC instants where some zone changes its offset (2026): Stockholm, New York, Lord Howe
# (half an hour), Chatham, Santiago, Sao Paulo has none any more.
DST_CHANGES = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
    datetime(2026, 11, 1, 6, 0, tzinfo=UTC),
    datetime(2026, 4, 4, 15, 0, tzinfo=UTC),
    datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
    datetime(2026, 4, 4, 14, 0, tzinfo=UTC),
    datetime(2026, 9, 26, 14, 0, tzinfo=UTC),
]
SCHEDULE_EDGES = [
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    datetime(2027, 1, 1, 5, 0, tzinfo=UTC),
    datetime(2026, 11, 27, 0, 0, tzinfo=UTC),
    datetime(2026, 11, 30, 23, 59, 59, 500000, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 6, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 8, 31, 22, 0, tzinfo=UTC),
    datetime(2026, 12, 24, 0, 0, tzinfo=UTC),
]
OFFSETS = [
    "Z",
    "+00:00",
    "+01:00",
    "+02:00",
    "-05:00",
    "-08:00",
    "+05:30",
    "+05:45",
    "+13:45",
    "-09:30",
    "+14:00",
    "-12:00",
    "-00:00",
]
CHANNELS = [
    "direct",
    "organic_search",
    "paid_search",
    "social",
    "paid_social",
    "email",
    "referral",
    "display",
    "affiliate",
    "other",
    "EMAIL",
    "sms",
    "",
]
REFERRERS = [
    "strava.com",
    "google.com",
    "google.co.uk",
    "news.google.com",
    "bikeradar.com",
    "BIKE.example",
    "notgoogle.comx",
    "instagram.com",
    "例え.jp",
    "",
]
CAMPAIGNS = [
    "spring-race",
    "Spring_Sale",
    "black-friday-2026",
    "BLACK_FRIDAY-2026",
    "black-friday-26",
    "summer",
    "race-day",
    "önskelista",
    "",
]
LANDINGS = [
    "/",
    "/city/",
    "/CITY/",
    "/blog/42",
    "/blog/42/",
    "/blog/x/",
    "/prices/",
    "/a/prices/b",
    "/städer/",
    "",
]
PATHS = ["/pricing/", "/Pricing/", "/PRICING/", "/city/", "/prices/", "/städer/köln/", "/"]
TAGS = ["api", "API", "cargo", "Cargo", "racing", "kids", "ünïcode"]
EVENT_TYPES = [
    "signup",
    "SIGNUP",
    "checkout_started",
    "trial_started",
    "purchase",
    "Purchase",
    "page_view",
]
PERSONA_SLUGS = ["racer", "commuter", "shop-owner", "tourist", "nomad", "RACER", "nobody", ""]
STAGE_SLUGS = ["browse", "compare", "buy", "COMPARE", "gone", ""]
INTERESTS = [
    "cargo",
    "CARGO",
    "racing",
    "gravel",
    "kids",
    "ebike",
    "e-bike",
    "E-Bike",
    "électrique",
    "",
]
OSES = ["iOS", "Android", "Windows", "Mac OS X", "Linux", "Chrome OS", "ios", ""]
BROWSERS = ["Chrome", "Mobile Safari", "Safari", "Firefox", "Edge", "chrome", "Samsung Internet"]
DEVICES = ["mobile", "tablet", "desktop", "bot", "unknown", "Mobile", "BOT"]


def pick(rng: random.Random, items: list) -> Any:
    return items[rng.randrange(len(items))]


def maybe(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def write_time(rng: random.Random, moment: datetime) -> str:
    """The instant in a random offset, with seconds and fraction digits or without."""
    offset = pick(rng, OFFSETS)
    if offset == "Z":
        local, suffix = moment.astimezone(UTC), "Z"
    else:
        sign = -1 if offset[0] == "-" else 1
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
        local, suffix = moment.astimezone(UTC) + delta, offset
    text = local.strftime("%Y-%m-%dT%H:%M")
    micro = local.microsecond
    if micro:
        digits = f"{micro:06d}".rstrip("0")
        text += local.strftime(":%S") + "." + digits
    elif local.second or maybe(rng, 0.7):
        text += local.strftime(":%S")
        if maybe(rng, 0.1):
            text += pick(rng, [".0", ".000", ".000000"])
    return text + suffix


def random_instant(rng: random.Random) -> datetime:
    kind = rng.random()
    if kind < 0.45:
        start = datetime(2025, 12, 1, tzinfo=UTC)
        return start + timedelta(seconds=rng.randrange(0, 430 * 86400))
    if kind < 0.65:
        base = pick(rng, DST_CHANGES)
    elif kind < 0.8:
        zone = ZoneInfo(pick(rng, [p[7] for p in PLACES[:-1]]))
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 400))
        base = datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    else:
        base = pick(rng, SCHEDULE_EDGES)
    nudge = pick(rng, [0, 0, 1, -1, 59, -59, 1800, -1800, 3600, -3600, 0.000001, -0.000001, 0.001])
    return base + timedelta(seconds=nudge)


def location(rng: random.Random) -> dict[str, Any] | None:
    place = pick(rng, PLACES)
    keys = [
        "countryCode",
        "country",
        "regionCode",
        "region",
        "city",
        "metroCode",
        "continent",
        "timezone",
        "eu",
    ]
    found: dict[str, Any] = {}
    for key, value in zip(keys, place, strict=True):
        if value is None or maybe(rng, 0.3):
            continue  # missing: unknown
        found[key] = value
    if maybe(rng, 0.1):
        found["timezone"] = pick(rng, ZONES)
    if maybe(rng, 0.1):
        found["metroCode"] = pick(rng, [501, 600, 601, 803, 819, 500, 810, 811])
    if maybe(rng, 0.05):
        found["city"] = found.get("city", "x").upper()
    return found


def history(rng: random.Random, now: datetime) -> dict[str, Any]:
    hist: dict[str, Any] = {}
    if maybe(rng, 0.9):
        hist["visitCount"] = rng.randrange(1, 7)
    if maybe(rng, 0.8):
        hist["pageViews"] = pick(rng, [0, 1, 3, 5, 9, 10, 20, 40])
    if maybe(rng, 0.6):
        hist["pathViews"] = {p: rng.randrange(1, 5) for p in rng.sample(PATHS, rng.randrange(0, 4))}
    if maybe(rng, 0.5):
        hist["tagViews"] = {t: rng.randrange(1, 4) for t in rng.sample(TAGS, rng.randrange(0, 4))}
    if maybe(rng, 0.6):
        hist["events"] = [event(rng, now) for _ in range(rng.randrange(0, 4))]
    if maybe(rng, 0.5):
        hist["firstSeen"] = write_time(rng, now - timedelta(seconds=rng.randrange(0, 90 * 86400)))
    if maybe(rng, 0.5):
        back = pick(rng, [0, 3600, 86399, 86400, 86401, 3 * 86400, 7 * 86400, 8 * 86400, -60])
        hist["lastSeen"] = write_time(rng, now - timedelta(seconds=back))
    if maybe(rng, 0.3):
        hist["affinity"] = {
            s: pick(rng, [0, 2.5, 3, 4.99, 5, 8, 8.0, 12])
            for s in rng.sample(
                ["racer", "commuter", "shop-owner", "tourist", "gone"], rng.randrange(1, 4)
            )
        }
        if maybe(rng, 0.5):
            hist["affinityHalfLifeDays"] = pick(rng, [90, 30.5])
    if maybe(rng, 0.3):
        hist["days"] = days(rng, now)
    if maybe(rng, 0.4):
        hist["stage"] = pick(rng, STAGE_SLUGS + [None])
    if maybe(rng, 0.5):
        hist["traits"] = traits(rng)
    return hist


def event(rng: random.Random, now: datetime) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": pick(rng, EVENT_TYPES),
        "at": write_time(rng, now - timedelta(seconds=rng.randrange(-3600, 400 * 86400))),
    }
    if maybe(rng, 0.6):
        found["value"] = pick(rng, [10, 49.99, 50, 100, 250.5, 500, 999.99, 1000, 0, -5, None])
    if maybe(rng, 0.6):
        props: dict[str, Any] = {}
        if maybe(rng, 0.7):
            props["plan"] = pick(rng, ["pro", "PRO", " Pro ", "team", 5, None])
        if maybe(rng, 0.5):
            props["annual"] = pick(rng, [True, False, "true", 1])
        if maybe(rng, 0.5):
            props["seats"] = pick(rng, [5, 5.0, "5", " 7 ", "1e1", "abc", 3, 12, None, True])
        found["properties"] = props
    return found


def days(rng: random.Random, now: datetime) -> list[dict[str, Any]]:
    today = now.astimezone(UTC).date()
    out = []
    for back in sorted(rng.sample(range(0, 40), rng.randrange(1, 4))):
        day: dict[str, Any] = {"day": (today - timedelta(days=back)).isoformat()}
        if maybe(rng, 0.8):
            day["visits"] = rng.randrange(0, 3)
        if maybe(rng, 0.8):
            day["pageViews"] = rng.randrange(0, 6)
        if maybe(rng, 0.5):
            day["paths"] = {p: rng.randrange(1, 3) for p in rng.sample(PATHS, rng.randrange(1, 3))}
        if maybe(rng, 0.5):
            day["tags"] = {t: rng.randrange(1, 3) for t in rng.sample(TAGS, rng.randrange(1, 3))}
        out.append(day)
    return out


def traits(rng: random.Random) -> dict[str, Any]:
    pools: dict[str, list] = {
        "plan": ["pro", "Pro", "PRO", "team", "enterprise", "free", "", 5, None],
        "company": ["Cykel AB", "Räder GmbH", "ab-testing", "Bikes Ltd", 42],
        "lifetime_value": [0, 99.5, 99.51, 1000, 1000.0, 2500, "1200", "abc", True, -1],
        "seats": [1, 3, 5, 10, 10.0, 50, 51, "10", None],
        "newsletter": [True, False, "true", 1, 0, None],
        "signup_date": [
            "2026-01-01",
            "2025-12-31",
            "2025-06-01",
            "2026-03-29T23:00:00Z",
            "not a date",
            "2025-06",
            20260101,
        ],
        "renewal": ["2026-12-24", "2026-12-24T10:00:00", "2026-12-25"],
        "interests": [
            ["cargo"],
            ["racing", "Electric"],
            [],
            ["kids"],
            ["kids", "gravel"],
            "cargo",
            ["ELECTRIC", 7],
        ],
    }
    return {name: pick(rng, pool) for name, pool in pools.items() if maybe(rng, 0.5)}


def context(rng: random.Random, history_p: float = 0.55) -> dict[str, Any]:
    """One visitor context in its JSON form; keys left out mean their defaults. `history_p`:
    how often it has a history (the bulk of a context's size)."""
    now = random_instant(rng)
    ctx: dict[str, Any] = {"now": write_time(rng, now)}
    if maybe(rng, 0.75):
        ctx["visitorId"] = pick(
            rng,
            [
                f"v{rng.randrange(10**9)}",
                f"{rng.getrandbits(128):032x}",
                f"visitör-{rng.randrange(1000)}",
                f"👤{rng.randrange(100)}",
                "",
            ],
        )
    elif maybe(rng, 0.2):
        ctx["visitorId"] = None
    if maybe(rng, 0.75):
        ctx["location"] = location(rng)
    elif maybe(rng, 0.2):
        ctx["location"] = None
    if maybe(rng, 0.85):
        device: dict[str, Any] = {"kind": pick(rng, DEVICES)}
        if maybe(rng, 0.6):
            device["os"] = pick(rng, OSES)
        if maybe(rng, 0.6):
            device["browser"] = pick(rng, BROWSERS)
        ctx["device"] = device
    if maybe(rng, 0.8):
        ctx["source"] = source(rng)
    if maybe(rng, history_p):
        ctx["history"] = history(rng, now)
    if maybe(rng, 0.3):
        ctx["loggedIn"] = maybe(rng, 0.6)
    if maybe(rng, 0.25):
        ctx["declaredPersona"] = pick(rng, PERSONA_SLUGS)
    if maybe(rng, 0.3):
        ctx["declaredInterests"] = rng.sample(INTERESTS, rng.randrange(0, 3))
    if maybe(rng, 0.1):
        ctx["siteTimezone"] = pick(rng, ZONES)
    if maybe(rng, 0.04):
        ctx["forcedPersona"] = pick(rng, PERSONA_SLUGS)
    if maybe(rng, 0.04):
        ctx["forcedStage"] = pick(rng, STAGE_SLUGS)
    if maybe(rng, 0.04):
        ctx["forcedSegments"] = rng.sample(
            ["nordic", "Mobile", "everyone", "unknown", "ärende"], rng.randrange(0, 3)
        )
    return ctx


def source(rng: random.Random) -> dict[str, Any]:
    src: dict[str, Any] = {}
    if maybe(rng, 0.9):
        src["channel"] = pick(rng, CHANNELS)
    if maybe(rng, 0.5):
        utm: dict[str, str] = {}
        for key, pool in (
            ("campaign", CAMPAIGNS),
            ("source", ["newsletter", "NEWSLETTER", "google", ""]),
            ("medium", ["cpc", "email", "CPC", "social"]),
            ("term", ["bikes", "Bikes", "cargo bike"]),
            ("content", ["hero-ä", "HERO-Ä", "hero-a"]),
        ):
            if maybe(rng, 0.5):
                utm[("utm_" if maybe(rng, 0.2) else "") + key] = pick(rng, pool)
        src["utm"] = utm
    if maybe(rng, 0.5):
        src["referrerDomain"] = pick(rng, REFERRERS)
    if maybe(rng, 0.4):
        src["landingPath"] = pick(rng, LANDINGS)
    if maybe(rng, 0.3):
        src["query"] = {
            k: pick(rng, ["acme", "ACME", "x", ""])
            for k in rng.sample(["ref", "REF", "partner", "Partner", "gclid"], rng.randrange(0, 3))
        }
    return src
