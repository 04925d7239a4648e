"""ruleSet(site:): the portable rule set (server key only), versioned, and a conformance run:
10,000 random visitor contexts decided by the server's rules and pages and by the engine reading
the ruleSet JSON agree on everything the visitor gets."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from wagtail.models import Page

from personalization.delivery import routes
from personalization.delivery.compiled import current_compiled
from personalization.delivery.page_snapshot import snapshot_for
from personalization.engine.context import (
    Device,
    EventRecord,
    History,
    Location,
    Source,
    VisitorContext,
)
from personalization.engine.page import personalize
from personalization.engine.portable import LocalEngine
from personalization.rules.save_segments import save_segment

from .shop import SERVER, codes, shop  # noqa: F401

pytestmark = pytest.mark.usefixtures("shop")
RULESET = "{ ruleSet { version json } }"


def rule_set(graphql):
    import json

    body = graphql(RULESET, headers=SERVER).json()
    data = body["data"]["ruleSet"]
    return data["version"], json.loads(data["json"])


def test_the_rule_set_needs_the_server_key(graphql):
    body = graphql(RULESET).json()
    assert codes(body) == ["FORBIDDEN"] and body["data"]["ruleSet"] is None


def test_the_rule_set_holds_rules_and_live_pages_only(graphql):
    version, doc = rule_set(graphql)
    assert (
        doc["format"] == "tailor.ruleset"
        and doc["formatVersion"] == 3
        and doc["version"] == version
    )
    assert {p["slug"] for p in doc["personas"]} == {"racer", "commuter", "shop-owner"}
    assert [s["slug"] for s in doc["stages"]] == ["browse", "compare", "buy"]
    assert {s["slug"] for s in doc["segments"]} >= {"sweden", "phones"}
    paths = {p["path"] for p in doc["pages"]}
    assert "/" in paths and "/city/cargo/" in paths and "/secret/" not in paths
    home = next(p for p in doc["pages"] if p["path"] == "/")
    assert any(
        v["name"] == "Racer home"
        and v["target"]["persona"] == "racer"
        and v["fields"]["title"] == "Ride faster"
        for v in home["variants"]
    )


def test_the_version_moves_when_a_rule_or_a_page_changes(graphql):
    first, _ = rule_set(graphql)
    save_segment("sweden", "Sweden", {"country": "NO"})
    second, doc = rule_set(graphql)
    assert second != first
    assert next(s for s in doc["segments"] if s["slug"] == "sweden")["rules"] == {"country": "NO"}
    page = Page.objects.get(url_path="/home/prices/").specific
    page.title = "Prices 2027"
    page.save_revision().publish()
    third, doc = rule_set(graphql)
    assert third != second
    assert (
        next(p for p in doc["pages"] if p["path"] == "/prices/")["content"]["title"]
        == "Prices 2027"
    )


COUNTRIES = [
    ("SE", "Sweden", "Stockholm", "Stockholm", "Europe/Stockholm"),
    ("GB", "United Kingdom", "London", "England", "Europe/London"),
    ("US", "United States", "Boston", "Massachusetts", "America/New_York"),
    ("NO", "Norway", None, None, "Europe/Oslo"),
]
REFERRERS = [None, "strava.com", "google.com", "instagram.com", "example.org"]
CHANNELS = ["direct", "social", "email", "organic_search", "paid_search", "referral"]
PATHS = ["/", "/prices/", "/city/", "/city/cargo/", "/wholesale/"]


def random_context(rng: random.Random) -> VisitorContext:
    now = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 525600))
    country = rng.choice(COUNTRIES + [None])
    location = (
        Location(
            country_code=country[0],
            country=country[1],
            city=country[2],
            region=country[3],
            timezone=country[4],
        )
        if country
        else None
    )
    history = None
    if rng.random() < 0.6:
        history = History(
            visit_count=rng.randrange(1, 6),
            page_views=rng.randrange(0, 30),
            path_views={p: rng.randrange(1, 4) for p in rng.sample(PATHS, rng.randrange(0, 4))},
            tag_views={
                t: rng.randrange(1, 5)
                for t in rng.sample(["city", "prices", "racing"], rng.randrange(0, 3))
            },
            events=tuple(
                EventRecord(
                    rng.choice(["checkout_started", "signup"]),
                    now - timedelta(days=rng.randrange(0, 40)),
                )
                for _ in range(rng.randrange(0, 3))
            ),
            affinity={"shop-owner": float(rng.randrange(0, 12))} if rng.random() < 0.3 else {},
            stage=rng.choice([None, "browse", "compare"]),
        )
    campaign = rng.choice([None, "spring-race", "summer"])
    return VisitorContext(
        now=now,
        visitor_id=f"v{rng.randrange(10**9)}" if rng.random() < 0.7 else None,
        location=location,
        device=Device(kind=rng.choice(["mobile", "tablet", "desktop", "bot", "unknown"])),
        source=Source(
            channel=rng.choice(CHANNELS),
            utm={"campaign": campaign} if campaign else {},
            referrer_domain=rng.choice(REFERRERS),
            query={"ref": "x"} if rng.random() < 0.2 else {},
        ),
        history=history,
        logged_in=rng.random() < 0.2,
        declared_persona=rng.choice([None, None, "commuter", "nobody"]),
        declared_interests=tuple(rng.sample(["racing", "cargo"], rng.randrange(0, 2))),
    )


def test_ten_thousand_random_visitors_get_the_same_answer_locally_and_from_the_server(graphql):
    _, doc = rule_set(graphql)
    local = LocalEngine(doc)
    entry = routes.current().site(None)
    compiled = current_compiled(entry.site)
    pages = {
        route.path: snapshot_for(route.page_id, route.revision_id, route.path, compiled.version)
        for route in entry.routes.values()
    }
    assert set(pages) == set(local.pages)
    rng = random.Random(20261201)
    for i in range(10_000):
        ctx = random_context(rng)
        path = rng.choice(PATHS)
        explain = i % 10 == 0
        server = personalize(ctx, compiled, pages[path], explain=explain)
        mine = local.personalize(path, ctx, explain=explain)
        assert (
            mine.decision.persona,
            mine.decision.stage,
            mine.decision.segments,
            mine.decision.reasons,
        ) == (
            server.decision.persona,
            server.decision.stage,
            server.decision.segments,
            server.decision.reasons,
        ), ctx
        assert (
            mine.choice.variant == server.choice.variant and mine.choice.arm == server.choice.arm
        ), ctx
        assert mine.content == server.content, ctx
        assert (mine.cache_key, mine.content_url) == (server.cache_key, server.content_url), ctx
