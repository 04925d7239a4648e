"""The conformance corpus's rule sets (ruleSet JSON documents, format 3), written by hand so that
together they use every signal and operator of the site format, every combinator, precedence,
A/B arms, holdouts, bandit weights, experiment layers and traffic, schedules, placeholders and
nested personalized blocks.
`generate.py` writes them to rulesets/ and the cases and expected answers next to them."""

from __future__ import annotations

from typing import Any

FORMAT = {"format": "tailor.ruleset", "formatVersion": 3}


def doc(
    name: str,
    *,
    segments: dict[str, Any],
    personas: list[dict] = (),  # type: ignore[assignment]
    stages: list[dict] = (),  # type: ignore[assignment]
    pages: list[dict] = (),  # type: ignore[assignment]
    site_timezone: str = "UTC",
    holdout: int = 0,
) -> dict[str, Any]:
    return {
        **FORMAT,
        "version": f"conformance-{name}",
        "siteTimezone": site_timezone,
        "holdout": holdout,
        "personas": [
            {
                "slug": p["slug"],
                "name": p["slug"].title(),
                "description": "",
                "priority": p.get("priority", 0),
                "rules": p.get("rules"),
                "scoreThreshold": p.get("scoreThreshold"),
            }
            for p in personas
        ],
        "stages": [
            {
                "slug": s["slug"],
                "name": s["slug"].title(),
                "order": s["order"],
                "rules": s.get("rules"),
            }
            for s in stages
        ],
        "segments": [
            {"slug": slug, "name": slug.replace("-", " "), "rules": rules}
            for slug, rules in sorted(segments.items())
        ],
        "pages": list(pages) or [simple_page()],
    }


def variant(
    page_id: int,
    key: str,
    *,
    persona: str | None = None,
    stage: str | None = None,
    segment: str | None = None,
    weight: int | None = None,
    go_live: str | None = None,
    expire: str | None = None,
    holdout: int = 0,
    allocation: str = "",
    fields: dict | None = None,
    layer: str | None = None,
    traffic: int | None = None,
) -> dict[str, Any]:
    """A page variant; `layer` and `traffic` are written only when given (as the server does,
    except that a test may give traffic 100 or 0 here, which readers take as 100)."""
    keys: dict[str, Any] = {}
    if layer is not None:
        keys["layer"] = layer
    if traffic is not None:
        keys["traffic"] = traffic
    return keys | {
        "id": f"page:{page_id}:{key}",
        "name": key.replace("-", " ").title(),
        "weight": weight,
        "goLiveAt": go_live,
        "expireAt": expire,
        "holdout": holdout,
        "allocation": allocation,
        "target": {"persona": persona, "stage": stage, "segment": segment},
        "fields": fields if fields is not None else {"title": f"{key} title"},
    }


def page(
    path: str,
    page_id: int,
    *,
    title: str = "Welcome {city|friend}",
    intro: str = "Near {region|you}, in {country}.",
    body: list | None = None,
    variants: list | None = None,
    bandit: dict | None = None,
) -> dict[str, Any]:
    return {
        "path": path,
        "pageId": page_id,
        "revision": str(100 + page_id),
        "content": {"title": title, "intro": intro, "tags": [], "body": body or []},
        "variants": variants or [],
        "banditWeights": bandit,
    }


def block(kind: str, value: Any, block_id: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"type": kind, "value": value}
    if block_id is not None:
        found["id"] = block_id
    return found


def personalized(block_id: str | None, alternatives: list[dict], default: list) -> dict:
    return block("personalized", {"variants": alternatives, "default": default}, block_id)


def simple_page() -> dict[str, Any]:
    return page("/", 1)


# -- conditions: one segment per test, so every case reports each of them -----------------------
LOCATION = {
    "country-eq": {"country": "se"},
    "country-in": {"country": {"in": ["SE", "no", "DK"]}},
    "country-not-in": {"country": {"not_in": ["US", "gb"]}},
    "country-contains": {"country": {"contains": "E"}},
    "country-matches": {"country": {"matches": "^(s|n)[eo]$"}},
    "region-eq": {"region": "wa"},
    "region-in": {"region": {"in": ["ENG", "AB", "M"]}},
    "region-matches": {"region": {"matches": "^[A-Z]{3}$"}},
    "city-eq-unicode": {"city": "MALMÖ"},
    "city-in": {"city": {"in": ["Zürich", "são paulo", "İstanbul", "London"]}},
    "city-not-in": {"city": {"not_in": ["London", "Paris"]}},
    "city-contains": {"city": {"contains": "ö"}},
    "city-matches-dot": {"city": {"matches": "^.{5}$"}},
    "city-matches-accent": {"city": {"matches": "É|ü"}},
    "metro-eq": {"metro_code": 819},
    "metro-in": {"metro_code": {"in": [501, 803]}},
    "metro-not-in": {"metro_code": {"not_in": [501]}},
    "metro-gte": {"metro_code": {"gte": 600}},
    "metro-lte": {"metro_code": {"lte": 600.5}},
    "metro-between": {"metro_code": {"between": [500, 810]}},
    "continent-eq": {"continent": "EU"},
    "continent-in": {"continent": {"in": ["na", "SA"]}},
    "eu-true": {"eu": True},
    "eu-false": {"eu": False},
    "timezone-eq": {"timezone": "europe/stockholm"},
    "timezone-matches": {"timezone": {"matches": "^America/"}},
    "timezone-contains": {"timezone": {"contains": "/"}},
    "no-location": {"not": {"country": {"matches": "."}}},
}

DEVICE_SOURCE = {
    "device-mobile": {"device": "mobile"},
    "device-in": {"device": {"in": ["tablet", "desktop"]}},
    "device-not-bot": {"device": {"not_in": ["bot"]}},
    "os-eq": {"os": "ios"},
    "os-contains": {"os": {"contains": "win"}},
    "os-matches": {"os": {"matches": "^(Mac OS X|Android)$"}},
    "browser-in": {"browser": {"in": ["Chrome", "Mobile Safari"]}},
    "browser-matches": {"browser": {"matches": "safari"}},
    "channel-eq": {"channel": "email"},
    "channel-in": {"channel": {"in": ["paid_search", "paid_social", "display"]}},
    "channel-not-in": {"channel": {"not_in": ["direct"]}},
    "utm-source": {"utm_source": "newsletter"},
    "utm-medium-in": {"utm_medium": {"in": ["cpc", "email"]}},
    "utm-campaign-contains": {"utm_campaign": {"contains": "spring"}},
    "utm-campaign-matches": {"utm_campaign": {"matches": "^black[-_]friday-\\d{4}$"}},
    "utm-term": {"utm_term": {"not_in": ["bikes"]}},
    "utm-content": {"utm_content": "hero-ä"},
    "referrer-eq": {"referrer_domain": "strava.com"},
    "referrer-matches": {"referrer_domain": {"matches": "(^|\\.)google\\.[a-z.]+$"}},
    "referrer-contains": {"referrer_domain": {"contains": "bike"}},
    "query-present": {"query_param": {"name": "ref"}},
    "query-equals": {"query_param": {"name": "Partner", "equals": "ACME"}},
    "landing-eq": {"landing_path": "/city/"},
    "landing-matches": {"landing_path": {"matches": "^/blog/\\d+/?$"}},
    "landing-contains": {"landing_path": {"contains": "/PRICES"}},
}

HISTORY = {
    "visits-eq": {"visit_count": 2},
    "visits-gte": {"visit_count": {"gte": 3}},
    "visits-between": {"visit_count": {"between": [2, 4]}},
    "visits-window": {"visit_count": {"gte": 2, "within_days": 7}},
    "views-lte": {"page_views": {"lte": 5}},
    "views-in": {"page_views": {"in": [0, 10, 20]}},
    "views-window": {"page_views": {"between": [3, 9], "within_days": 30}},
    "visited-path": {"visited": {"path": "/Pricing/"}},
    "visited-path-min": {"visited": {"path": "/city/", "min": 3}},
    "visited-tag": {"visited": {"tag": "API", "min": 2}},
    "visited-tag-window": {"visited": {"tag": "cargo", "min": 1, "within_days": 14}},
    "visited-path-window": {"visited": {"path": "/prices/", "min": 2, "within_days": 3}},
    "first-visit-days": {"days_since_first_visit": {"gte": 30}},
    "last-visit-days": {"days_since_last_visit": {"between": [1, 7]}},
    "last-visit-zero": {"days_since_last_visit": 0},
    "returning": {"returning": True},
    "new-visitor": {"returning": False},
    "event-any": {"event": {"type": "Signup"}},
    "event-min": {"event": {"type": "checkout_started", "min": 2}},
    "event-window": {"event": {"type": "trial_started", "min": 1, "within_days": 30}},
    "event-where": {"event": {"type": "purchase", "where": {"plan": "PRO", "annual": True}}},
    "event-where-number": {"event": {"type": "purchase", "where": {"seats": 5}}},
    "event-sum-value": {"event": {"type": "purchase", "sum": "value", "gte": 1000}},
    "event-sum-window": {
        "event": {"type": "purchase", "sum": "value", "gte": 100, "lte": 500, "within_days": 365}
    },
    "event-sum-property": {"event": {"type": "purchase", "sum": "seats", "lte": 10}},
    "event-sum-where": {
        "event": {"type": "purchase", "sum": "value", "gte": 50, "where": {"plan": "pro"}}
    },
    "stage-compare": {"stage": "compare"},
}

TIME = {
    "hour-eq": {"local_hour": 0},
    "hour-in": {"local_hour": {"in": [2, 3, 23]}},
    "hour-not-in": {"local_hour": {"not_in": [12]}},
    "hour-between": {"local_hour": {"between": [9, 17]}},
    "hour-gte": {"local_hour": {"gte": 22}},
    "hour-lte": {"local_hour": {"lte": 1}},
    "weekday-eq": {"weekday": "sun"},
    "weekday-long": {"weekday": "Saturday"},
    "weekday-in": {"weekday": {"in": ["mon", "fri"]}},
    "weekday-not-in": {"weekday": {"not_in": ["sat", "sun"]}},
    "date-eq": {"date": "2026-03-29"},
    "date-in": {"date": {"in": ["2026-10-25", "2026-11-01", "2027-01-01"]}},
    "date-between": {"date": {"between": ["2026-12-01", "2026-12-24"]}},
    "date-gte": {"date": {"gte": "2026-07-01"}},
    "date-lte": {"date": {"lte": "2026-01-01"}},
    "date-not-in": {"date": {"not_in": ["2026-12-31"]}},
    "lunch-weekday": {
        "all": [{"local_hour": {"between": [11, 13]}}, {"weekday": {"not_in": ["sat", "sun"]}}]
    },
}

TRAITS = {
    "trait-text-eq": {"trait": {"name": "plan", "equals": "Pro"}},
    "trait-text-in": {"trait": {"name": "plan", "in": ["team", "enterprise"]}},
    "trait-text-not-in": {"trait": {"name": "plan", "not_in": ["free"]}},
    "trait-text-contains": {"trait": {"name": "company", "contains": "AB"}},
    "trait-number-gte": {"trait": {"name": "lifetime_value", "gte": 1000}},
    "trait-number-lte": {"trait": {"name": "lifetime_value", "lte": 99.5}},
    "trait-number-between": {"trait": {"name": "seats", "between": [5, 50]}},
    "trait-number-eq": {"trait": {"name": "seats", "equals": 10}},
    "trait-number-in": {"trait": {"name": "seats", "in": [1, 2, 3]}},
    "trait-bool": {"trait": {"name": "newsletter", "equals": True}},
    "trait-bool-false": {"trait": {"name": "newsletter", "equals": False}},
    "trait-date-gte": {"trait": {"name": "signup_date", "gte": "2026-01-01"}},
    "trait-date-between": {
        "trait": {"name": "signup_date", "between": ["2025-06-01", "2025-12-31"]}
    },
    "trait-date-eq": {"trait": {"name": "renewal", "equals": "2026-12-24"}},
    "trait-list-eq": {"trait": {"name": "interests", "equals": "cargo"}},
    "trait-list-in": {"trait": {"name": "interests", "in": ["racing", "gravel"]}},
    "trait-list-not-in": {"trait": {"name": "interests", "not_in": ["kids"]}},
    "trait-list-contains": {"trait": {"name": "interests", "contains": "ELEC"}},
}

IDENTITY = {
    "logged-in": {"logged_in": True},
    "anonymous": {"logged_in": False},
    "declared-persona": {"declared_persona": "commuter"},
    "declared-persona-in": {"declared_persona": {"in": ["racer", "nobody"]}},
    "interest-eq": {"declared_interest": "Cargo"},
    "interest-in": {"declared_interest": {"in": ["racing", "gravel"]}},
    "interest-not-in": {"declared_interest": {"not_in": ["kids"]}},
    "interest-contains": {"declared_interest": {"contains": "ar"}},
    "interest-matches": {"declared_interest": {"matches": "^e-?bike$"}},
    "ref-segment": {"segment": "logged-in"},
    "ref-segment-in": {"segment": {"in": ["interest-eq", "declared-persona"]}},
    "ref-segment-not-in": {"segment": {"not_in": ["anonymous"]}},
    "ref-persona": {"persona": "racer"},
    "ref-persona-in": {"persona": {"in": ["commuter", "shop-owner"]}},
    "ref-stage": {"stage": {"in": ["compare", "buy"]}},
    "all-any-not": {
        "all": [
            {"any": [{"logged_in": True}, {"declared_interest": "cargo"}]},
            {"not": {"segment": "declared-persona"}},
        ]
    },
    "single-all": {"all": [{"not": {"logged_in": True}}]},
}

PERSONAS = [
    {
        "slug": "racer",
        "priority": 20,
        "rules": {
            "any": [{"referrer_domain": "strava.com"}, {"utm_campaign": {"contains": "race"}}]
        },
    },
    {
        "slug": "commuter",
        "priority": 10,
        "rules": {"all": [{"device": "mobile"}, {"local_hour": {"between": [6, 9]}}]},
        "scoreThreshold": 5,
    },
    {
        "slug": "shop-owner",
        "priority": 10,
        "rules": {"trait": {"name": "plan", "in": ["team", "enterprise"]}},
        "scoreThreshold": 8,
    },
    {"slug": "tourist", "priority": 0, "rules": None, "scoreThreshold": 3},
    {"slug": "nomad", "priority": 0, "rules": {"timezone": {"matches": "^(Asia|Australia)/"}}},
]
STAGES = [
    {"slug": "browse", "order": 1},
    {
        "slug": "compare",
        "order": 2,
        "rules": {"any": [{"visited": {"path": "/prices/"}}, {"page_views": {"gte": 5}}]},
    },
    {"slug": "buy", "order": 3, "rules": {"event": {"type": "checkout_started"}}},
]


# -- pages ------------------------------------------------------------------------------------
def shop_pages() -> list[dict]:
    """Variants of every specificity, nested personalized blocks, placeholders everywhere."""
    home_variants = [
        variant(1, "racer", persona="racer"),
        variant(1, "racer-compare", persona="racer", stage="compare"),
        variant(1, "racer-compare-nordic", persona="racer", stage="compare", segment="nordic"),
        variant(1, "commuter-nordic", persona="commuter", segment="nordic"),
        variant(1, "compare-nordic", stage="compare", segment="nordic"),
        variant(
            1,
            "buyers",
            stage="buy",
            fields={
                "title": "Ready, {city}?",
                "body": [
                    block("heading", "Buy in {country|your country}"),
                ],
            },
        ),
        variant(1, "nordic", segment="nordic", fields={"intro": "Hej {city|där} & <välkommen>"}),
        variant(1, "mobile-first", segment="mobile"),
        variant(1, "nordic-again", segment="nordic"),  # same target: an A/B arm of "nordic"
    ]
    body = [
        block("heading", "Bikes in {city|your town}", "h1"),
        block(
            "paragraph", "<p>Deliveries to {city} &amp; {region|the region}, {country|}</p>", "p1"
        ),
        block("cta", {"label": "Ride in {city|town}", "url": "/ride/"}, "c1"),
        personalized(
            "pb1",
            [
                {"persona": "racer", "blocks": [block("heading", "Go fast in {city}")]},
                {
                    "stage": "compare",
                    "name": "Comparison",
                    "blocks": [
                        personalized(
                            None,
                            [
                                {
                                    "segment": "mobile",
                                    "blocks": [block("paragraph", "<p>{city|Här}</p>")],
                                },
                                {
                                    "segment": "nordic",
                                    "weight": 1,
                                    "blocks": [block("heading", "N1")],
                                },
                                {
                                    "segment": "nordic",
                                    "weight": 3,
                                    "blocks": [block("heading", "N2")],
                                },
                            ],
                            [block("heading", "nested default")],
                        ),
                    ],
                },
                {"persona": "commuter", "stage": "browse", "blocks": [block("heading", "Commute")]},
                {"segment": "returning", "blocks": []},
            ],
            [block("paragraph", "<p>Default for {country|everyone}</p>")],
        ),
        personalized(
            "pb2",
            [
                {"persona": "tourist", "weight": 50, "blocks": [block("heading", "Tour A")]},
                {"persona": "tourist", "weight": 50, "blocks": [block("heading", "Tour B")]},
                {"persona": "tourist", "weight": 0, "blocks": [block("heading", "Tour C")]},
            ],
            [],
        ),
    ]
    return [
        page("/", 1, body=body, variants=home_variants),
        page(
            "/prices/",
            2,
            title="Prices",
            intro="",
            variants=[
                variant(2, "a", segment="mobile", weight=1),
                variant(2, "b", segment="mobile", weight=2),
                variant(2, "c", segment="mobile"),
                variant(2, "owner", persona="shop-owner", fields={}),
            ],
        ),
        page("/städer/köln/", 3, title="Köln {city|Stadt} 🚲", intro="{region}{country}"),
    ]


def shop_segments(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "nordic": {"country": {"in": ["SE", "NO", "DK", "FI", "IS"]}},
        "mobile": {"device": "mobile"},
        "returning": {"returning": True},
        **extra,
    }


def ab_pages() -> list[dict]:
    """A/B arms: weights, missing and zero weights, holdouts, bandit weights, block tests."""
    return [
        page(
            "/ab/",
            10,
            variants=[
                variant(10, "mobile", segment="mobile", holdout=25),
                variant(10, "a", segment="everyone", weight=50),
                variant(10, "b", segment="everyone", weight=30),
                variant(10, "c", segment="everyone", weight=20),
            ],
            body=[
                personalized(
                    "ab-block",
                    [
                        {
                            "segment": "everyone",
                            "weight": 2,
                            "blocks": [block("heading", "Block A")],
                        },
                        {"segment": "everyone", "blocks": [block("heading", "Block B")]},
                        {
                            "segment": "everyone",
                            "weight": 1,
                            "blocks": [block("heading", "Block C")],
                        },
                    ],
                    [block("heading", "Block default")],
                )
            ],
        ),
        page(
            "/bandit/",
            11,
            variants=[
                variant(11, "x", segment="everyone", weight=1, allocation="bandit"),
                variant(11, "y", segment="everyone", weight=1, allocation="bandit"),
                variant(11, "z", segment="everyone", weight=1, allocation="bandit"),
            ],
            bandit={"page:11:x": 0.7, "page:11:y": 0.25, "page:11:z": 0.05},
        ),
        page(
            "/bandit-cold/",
            12,
            variants=[
                variant(12, "x", segment="everyone", weight=3, allocation="bandit"),
                variant(12, "y", segment="everyone", weight=1, allocation="bandit"),
            ],
            bandit={},
        ),
        page(
            "/zero/",
            13,
            variants=[
                variant(13, "a", segment="everyone", weight=0),
                variant(13, "b", segment="everyone", weight=0),
            ],
        ),
        page(
            "/unweighted/",
            14,
            variants=[
                variant(14, "a", segment="everyone"),
                variant(14, "b", segment="everyone"),
                variant(14, "c", persona="racer", holdout=50),
                variant(14, "d", persona="racer", holdout=10, weight=5),
            ],
        ),
        page("/holdout-all/", 15, variants=[variant(15, "a", segment="everyone", holdout=100)]),
    ]


def layer_pages() -> list[dict]:
    """Experiment layers (several pages in one, single-arm members, a persona-targeted member)
    and traffic (1, 30/70 on the arms of one test: the lowest applies, 100, 0 read as 100)."""

    def ab(page_id: int, path: str, **keys: Any) -> dict[str, Any]:
        target = {k: keys.pop(k) for k in ("persona", "segment") if k in keys} or {
            "segment": "everyone"
        }
        return page(
            path,
            page_id,
            variants=[
                variant(page_id, "a", weight=2, **target, **keys),
                variant(page_id, "b", weight=1, **target, **keys),
            ],
        )

    mixed = page(
        "/traffic-mixed/",
        27,
        variants=[
            variant(27, "a", segment="everyone", traffic=30),
            variant(27, "b", segment="everyone", traffic=70),
            variant(27, "racer", persona="racer", layer="kassa-ä"),
        ],
    )
    return [
        ab(20, "/checkout/", layer="checkout"),
        ab(21, "/cart/", layer="checkout", traffic=50),
        ab(22, "/checkout-racer/", layer="checkout", persona="racer"),
        page("/solo/", 23, variants=[variant(23, "only", segment="everyone", layer="checkout")]),
        page(
            "/solo-holdout/",
            24,
            variants=[variant(24, "only", segment="everyone", layer="kassa-ä", holdout=20)],
        ),
        ab(25, "/traffic-1/", traffic=1),
        ab(26, "/traffic-100/", traffic=100),
        mixed,
        ab(28, "/traffic-0/", traffic=0),
        ab(29, "/unlayered/"),
        ab(30, "/layer-and-1/", layer="kassa-ä", traffic=1),
    ]


def schedule_pages() -> list[dict]:
    """Variants and block alternatives with go-live and expiry times in several offsets."""
    return [
        page(
            "/launch/",
            20,
            variants=[
                variant(
                    20,
                    "mobile-sale",
                    segment="mobile",
                    go_live="2026-11-27T00:00:00+00:00",
                    expire="2026-11-30T23:59:59.500000+00:00",
                    weight=1,
                ),
                variant(
                    20,
                    "mobile-sale-b",
                    segment="mobile",
                    go_live="2026-11-27T00:00:00+00:00",
                    weight=1,
                ),
                variant(20, "early", segment="everyone", go_live="2026-03-29T02:00:00+01:00"),
                variant(
                    20,
                    "late",
                    segment="everyone",
                    go_live="2026-03-29T03:00:00+02:00",
                    expire="2026-10-25T02:30:00+01:00",
                ),
                variant(
                    20,
                    "winter",
                    segment="everyone",
                    go_live="2026-10-25T01:00:00Z",
                    expire="2027-01-01T00:00:00-05:00",
                ),
                variant(20, "expired", persona="racer", expire="2026-01-01T00:00:00Z"),
            ],
            body=[
                personalized(
                    "sched",
                    [
                        {
                            "segment": "everyone",
                            "go_live_at": "2026-06-01T00:00:00Z",
                            "expire_at": "2026-09-01T00:00:00+02:00",
                            "blocks": [block("heading", "Summer")],
                        },
                        {
                            "segment": "everyone",
                            "go_live_at": "2026-12-24T00:00:00",  # no zone: UTC
                            "blocks": [block("heading", "Christmas")],
                        },
                        {
                            "segment": "mobile",
                            "expire_at": "2026-03-29T01:00:00Z",
                            "blocks": [block("heading", "Before summer time")],
                        },
                        {
                            "segment": "everyone",
                            "go_live_at": "not a time",
                            "blocks": [block("heading", "Always")],
                        },
                    ],
                    [block("heading", "Regular")],
                )
            ],
        ),
    ]


def rule_sets() -> dict[str, dict[str, Any]]:
    """name -> rule-set document; each has its own emphasis, all share the page machinery."""
    everyone = {"everyone": {"not": {"country": "AQ"}}}  # no location: holds too
    return {
        "location": doc(
            "location",
            segments=shop_segments(LOCATION),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
        ),
        "device-source": doc(
            "device-source",
            segments=shop_segments(DEVICE_SOURCE),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
        ),
        "history": doc(
            "history",
            segments=shop_segments(HISTORY),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
        ),
        "time-utc": doc(
            "time-utc",
            segments=shop_segments(TIME),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
        ),
        "time-stockholm": doc(
            "time-stockholm",
            segments=shop_segments(TIME),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
            site_timezone="Europe/Stockholm",
        ),
        "traits": doc(
            "traits",
            segments=shop_segments(TRAITS),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
        ),
        "identity": doc(
            "identity",
            segments=shop_segments(IDENTITY),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
            site_timezone="America/Los_Angeles",
        ),
        "ab-holdouts": doc(
            "ab-holdouts",
            segments={**shop_segments({}), **everyone},
            personas=PERSONAS,
            stages=STAGES,
            pages=ab_pages(),
            holdout=10,
        ),
        "layers-traffic": doc(
            "layers-traffic",
            segments={**shop_segments({}), **everyone},
            personas=PERSONAS,
            stages=STAGES,
            pages=layer_pages(),
            holdout=5,
        ),
        "schedules": doc(
            "schedules",
            segments={**shop_segments({}), **everyone},
            personas=PERSONAS,
            stages=STAGES,
            pages=schedule_pages(),
        ),
        "empty": doc("empty", segments={}, pages=[page("/", 1, title="", intro="")]),
        "errors": doc(
            "errors",
            segments=shop_segments({}),
            personas=PERSONAS,
            stages=STAGES,
            pages=shop_pages(),
        ),
    }
