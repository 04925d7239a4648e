"""Scheduled variants and block alternatives: served only between go_live_at and expire_at, at
the request's time (ctx.now), and the cache key follows what is served."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from personalization.engine import choose_variant, content_cache_key, resolve_content
from personalization.engine.decide import Decision
from personalization.engine.ruleset import Target, VariantDef
from personalization.engine.schedule import is_live

from .factories import visitor

UTC = UTC
GO_LIVE = datetime(2026, 11, 27, tzinfo=UTC)
EXPIRE = datetime(2026, 11, 30, tzinfo=UTC)
TICK = timedelta(microseconds=1)
RACER = Decision(persona="racer", stage=None, segments=())

BLACK_FRIDAY = VariantDef(
    id="page:1:bf",
    name="Black Friday",
    target=Target(persona="racer"),
    go_live_at=GO_LIVE,
    expire_at=EXPIRE,
)
ALWAYS = VariantDef(id="page:1:always", name="Racers", target=Target(persona="racer"))


def at(moment: datetime, **changes):
    return visitor(now=moment, **changes)


def served(variants, moment, decision=RACER, **ctx) -> str | None:
    choice = choose_variant(at(moment, **ctx), decision, variants, "page:1")
    return choice.variant.name if choice.variant else None


def test_a_variant_is_not_served_before_it_goes_live_and_is_from_that_very_moment():
    assert served([BLACK_FRIDAY], GO_LIVE - TICK) is None
    assert served([BLACK_FRIDAY], GO_LIVE) == "Black Friday"


def test_a_variant_is_served_until_just_before_it_expires_and_never_after():
    assert served([BLACK_FRIDAY], EXPIRE - TICK) == "Black Friday"
    assert served([BLACK_FRIDAY], EXPIRE) is None
    assert served([BLACK_FRIDAY], EXPIRE + timedelta(days=400)) is None


def test_an_open_ended_window_needs_only_its_given_end():
    starts = VariantDef(
        id="s", name="From Monday", target=Target(persona="racer"), go_live_at=GO_LIVE
    )
    ends = VariantDef(id="e", name="Until Friday", target=Target(persona="racer"), expire_at=EXPIRE)
    assert served([starts], GO_LIVE + timedelta(days=3000)) == "From Monday"
    assert served([ends], datetime(2000, 1, 1, tzinfo=UTC)) == "Until Friday"


def test_a_scheduled_variant_outranks_a_less_specific_one_only_while_live():
    segment_variant = VariantDef(id="n", name="Nordic", target=Target(segment="nordics"))
    decision = Decision(persona="racer", stage=None, segments=("nordics",))
    assert served([segment_variant, BLACK_FRIDAY], GO_LIVE, decision) == "Black Friday"
    assert served([segment_variant, BLACK_FRIDAY], EXPIRE, decision) == "Nordic"


def test_a_variant_out_of_its_window_is_not_an_ab_arm():
    """Two variants with the same target: while one is not live the other gets everyone, and
    no A/B arm is recorded."""
    weighted_bf = VariantDef(
        id="bf",
        name="Black Friday",
        target=Target(persona="racer"),
        weight=50,
        go_live_at=GO_LIVE,
        expire_at=EXPIRE,
    )
    weighted_always = VariantDef(id="al", name="Racers", target=Target(persona="racer"), weight=50)
    outside = [
        choose_variant(
            at(EXPIRE, visitor_id=f"v{i}"), RACER, [weighted_bf, weighted_always], "page:1"
        )
        for i in range(40)
    ]
    assert {c.variant.name for c in outside} == {"Racers"} and {c.arm for c in outside} == {None}
    inside = {
        choose_variant(
            at(GO_LIVE, visitor_id=f"v{i}"), RACER, [weighted_bf, weighted_always], "page:1"
        ).variant.name
        for i in range(40)
    }
    assert inside == {"Black Friday", "Racers"}


def test_the_reason_says_when_a_scheduled_variant_goes_live_or_expired():
    before = choose_variant(at(GO_LIVE - TICK), RACER, [BLACK_FRIDAY], "page:1")
    assert before.reason == (
        "Default content: no variant targets this visitor "
        "(variant 'Black Friday' goes live 2026-11-27 00:00 UTC)"
    )
    after = choose_variant(at(EXPIRE), RACER, [BLACK_FRIDAY, ALWAYS], "page:1")
    assert (
        after.variant is ALWAYS
        and "variant 'Black Friday' expired 2026-11-30 00:00 UTC" in after.reason
    )


def test_times_without_a_zone_are_utc_and_garbage_is_no_limit():
    assert is_live(datetime(2026, 11, 27, 0, 0), "2026-11-27T00:00:00") is True
    assert is_live(datetime(2026, 11, 26, 23, 59, tzinfo=UTC), "2026-11-27T00:00:00") is False
    assert is_live(datetime(2026, 11, 26, tzinfo=UTC), "not a time", "") is True


BLOCK_PAGE = {
    "title": "Bikes",
    "body": [
        {
            "type": "personalized",
            "id": "hero",
            "value": {
                "variants": [
                    {
                        "persona": "racer",
                        "go_live_at": "2026-11-27T00:00:00Z",
                        "expire_at": "2026-11-30T00:00:00+00:00",
                        "blocks": [{"type": "heading", "value": "Race week", "id": "rw"}],
                    },
                ],
                "default": [{"type": "heading", "value": "Welcome", "id": "w"}],
            },
        }
    ],
}


def heading(moment) -> str:
    content, _ = resolve_content(BLOCK_PAGE, None, at(moment), RACER, "page:1")
    return content["body"][0]["value"]


def test_a_block_alternative_is_shown_only_inside_its_window():
    assert heading(GO_LIVE - TICK) == "Welcome"
    assert heading(GO_LIVE) == "Race week"
    assert heading(EXPIRE - TICK) == "Race week"
    assert heading(EXPIRE) == "Welcome"


def test_a_block_reason_names_the_alternative_that_is_not_live_yet():
    _, choices = resolve_content(BLOCK_PAGE, None, at(GO_LIVE - TICK), RACER, "page:1")
    assert "alternative '1' goes live 2026-11-27 00:00 UTC" in choices.reasons[0]


def cache_key(moment) -> str:
    ctx = at(moment)
    choice = choose_variant(ctx, RACER, [BLACK_FRIDAY], "page:1")
    _, choices = resolve_content(BLOCK_PAGE, None, ctx, RACER, "page:1")
    return content_cache_key(1, 7, choice.variant.id if choice.variant else None, choices)


def test_requests_on_either_side_of_go_live_never_share_a_cache_key():
    assert cache_key(GO_LIVE - TICK) != cache_key(GO_LIVE)
    assert cache_key(EXPIRE - TICK) != cache_key(EXPIRE)


def test_requests_on_the_same_side_of_go_live_share_a_cache_key():
    assert cache_key(GO_LIVE - timedelta(days=2)) == cache_key(GO_LIVE - TICK)
    assert cache_key(GO_LIVE) == cache_key(EXPIRE - TICK)
