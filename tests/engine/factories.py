"""Plain-data builders for engine tests: one realistic visitor, and a helper that asks the real
engine whether a condition holds (through a probe segment, the way production evaluates it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from personalization.engine import decide
from personalization.engine.context import (
    Device,
    EventRecord,
    History,
    Location,
    Source,
    VisitorContext,
)
from personalization.engine.ruleset import PersonaDef, RuleSet, SegmentDef, StageDef

NOW = datetime(2026, 11, 23, 11, 30, tzinfo=UTC)  # a Monday; 12:30 in Stockholm
DAY = timedelta(days=1)

LINKOPING = Location(
    country_code="SE",
    country="Sweden",
    region_code="E",
    region="Östergötland County",
    city="Linköping",
    continent="EU",
    timezone="Europe/Stockholm",
    eu=True,
)
MILTON = Location(
    country_code="US",
    country="United States",
    region_code="WA",
    region="Washington",
    city="Milton",
    metro_code=819,
    continent="NA",
    timezone="America/Los_Angeles",
    eu=False,
)

VISITOR = VisitorContext(
    now=NOW,
    site_timezone="UTC",
    visitor_id="visitor-1",
    location=LINKOPING,
    device=Device(kind="mobile", os="iOS", browser="Mobile Safari"),
    source=Source(
        channel="social",
        utm={
            "source": "Instagram",
            "medium": "social",
            "campaign": "CFO-2026",
            "term": "api",
            "content": "hero",
        },
        referrer_domain="instagram.com",
        landing_path="/pricing/",
        query={"Ref": "Partner"},
    ),
    history=History(
        visit_count=3,
        page_views=7,
        path_views={"/pricing/": 2, "/docs/": 1},
        tag_views={"api": 3},
        events=(
            EventRecord("trial_started", NOW - 10 * DAY),
            EventRecord("trial_started", NOW - 40 * DAY),
        ),
        first_seen=NOW - 45 * DAY,
        last_seen=NOW - 2 * DAY,
    ),
    logged_in=True,
    declared_interests=("API", "pricing"),
)


def visitor(**changes: Any) -> VisitorContext:
    return replace(VISITOR, **changes)


def history(**changes: Any) -> History:
    return replace(VISITOR.history, **changes)


def rules(personas=(), stages=(), segments=None, version="test") -> RuleSet:
    segs = {slug: SegmentDef(slug, slug.title(), cond) for slug, cond in (segments or {}).items()}
    return RuleSet(version=version, personas=tuple(personas), stages=tuple(stages), segments=segs)


def holds(cond: Any, ctx: VisitorContext = VISITOR, **extra: Any) -> bool:
    """Does `cond` hold for `ctx`, asked through the real engine as segment "probe"?"""
    extra_segments = extra.pop("segments", {})
    rs = rules(segments={"probe": cond, **extra_segments}, **extra)
    return "probe" in decide(ctx, rs).segments


def persona(
    slug: str, priority: int = 0, rules: Any = None, score_threshold: float | None = None
) -> PersonaDef:
    return PersonaDef(
        slug=slug,
        name=slug.title(),
        priority=priority,
        rules=rules,
        score_threshold=score_threshold,
    )


def stage(slug: str, order: int, rules: Any = None) -> StageDef:
    return StageDef(slug=slug, name=slug.title(), order=order, rules=rules)
