"""Which page or block variant a visitor gets: targets, precedence and A/B arms."""

from __future__ import annotations

import random
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from personalization.engine import Choice, choose_variant
from personalization.engine.context import Device
from personalization.engine.decide import Decision
from personalization.engine.ruleset import Target, VariantDef

from .factories import visitor

DEV_EVALUATING = Decision(persona="developer", stage="evaluate", segments=("mobile", "nordics"))


def variant(vid: str, weight: int | None = None, **target: str) -> VariantDef:
    return VariantDef(id=vid, name=vid, target=Target(**target), weight=weight)


ALL_KINDS = [
    variant("segment", segment="nordics"),
    variant("stage", stage="evaluate"),
    variant("persona", persona="developer"),
    variant("persona+segment", persona="developer", segment="nordics"),
    variant("persona+stage", persona="developer", stage="evaluate"),
]


def chosen(variants, decision=DEV_EVALUATING, ctx=None, experiment="page:1") -> str | None:
    result = choose_variant(ctx or visitor(), decision, variants, experiment)
    return result.variant.id if result.variant else None


def test_persona_and_stage_beats_everything_else():
    assert chosen(ALL_KINDS) == "persona+stage"


def test_precedence_persona_then_stage_then_segment():
    assert chosen(ALL_KINDS[:3]) == "persona"
    assert chosen(ALL_KINDS[:2]) == "stage"
    assert chosen(ALL_KINDS[:1]) == "segment"


def test_more_targets_beat_fewer():
    two = [
        variant("persona", persona="developer"),
        variant("stage+segment", stage="evaluate", segment="nordics"),
    ]
    assert chosen(two) == "stage+segment"
    three = ALL_KINDS + [
        variant("all-three", persona="developer", stage="evaluate", segment="mobile")
    ]
    assert chosen(three) == "all-three"


def test_every_target_must_hold():
    variants = [
        variant("dev-buying", persona="developer", stage="buy"),
        variant("us", segment="us"),
    ]
    result = choose_variant(visitor(), DEV_EVALUATING, variants, "page:1")
    assert result == Choice(None, None, "Default content: no variant targets this visitor")


def test_equal_specificity_different_targets_first_given_wins():
    variants = [variant("mobile", segment="mobile"), variant("nordics", segment="nordics")]
    assert chosen(variants) == "mobile"
    assert chosen(list(reversed(variants))) == "nordics"


def test_a_single_variant_is_not_an_arm():
    result = choose_variant(
        visitor(), DEV_EVALUATING, [variant("only", persona="developer")], "page:1"
    )
    assert result.arm is None
    assert result.reason == "Variant 'only' for persona developer"


def test_bots_get_the_default():
    bot = visitor(device=Device(kind="bot"))
    result = choose_variant(
        bot,
        Decision(persona=None, stage="learn", segments=("nordics",), bot=True),
        ALL_KINDS,
        "page:1",
    )
    assert result.variant is None and "bots" in result.reason


AB = [
    variant("a", 50, persona="developer"),
    variant("b", 30, persona="developer"),
    variant("c", 20, persona="developer"),
    variant("segment", segment="nordics"),
]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_the_same_visitor_always_gets_the_same_arm(visitor_id):
    ctx = visitor(visitor_id=visitor_id)
    first = choose_variant(ctx, DEV_EVALUATING, AB, "page:7")
    assert first.arm in ("a", "b", "c")
    for _ in range(3):
        assert choose_variant(ctx, DEV_EVALUATING, AB, "page:7") == first


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_arms_split_traffic_by_weight(seed):
    rng = random.Random(seed)
    counts = Counter(
        chosen(AB, ctx=visitor(visitor_id=f"{rng.getrandbits(64):x}")) for _ in range(4000)
    )
    assert set(counts) == {"a", "b", "c"}
    for arm, weight in (("a", 0.5), ("b", 0.3), ("c", 0.2)):
        assert abs(counts[arm] / 4000 - weight) < 0.04, counts


def test_a_visitor_without_id_gets_the_first_arm():
    result = choose_variant(visitor(visitor_id=None), DEV_EVALUATING, AB, "page:7")
    assert (result.variant.id, result.arm) == ("a", "a")
    assert result.reason == (
        "Variant 'a' for persona developer "
        "(A/B test: the first of 3 arms, as the visitor has no id)"
    )


def test_experiments_are_independent():
    """Different experiments assign a visitor independently (not always the same arm index)."""
    ids = [f"v{i}" for i in range(200)]
    same = sum(
        chosen(AB, ctx=visitor(visitor_id=v), experiment="page:1")
        == chosen(AB, ctx=visitor(visitor_id=v), experiment="page:2")
        for v in ids
    )
    assert same < 150


def test_arms_without_weights_split_evenly():
    even = [variant("x", persona="developer"), variant("y", persona="developer")]
    counts = Counter(chosen(even, ctx=visitor(visitor_id=f"id-{i}")) for i in range(2000))
    assert abs(counts["x"] - 1000) < 120


def test_zero_weight_arm_is_never_served():
    variants = [variant("off", 0, persona="developer"), variant("on", 10, persona="developer")]
    assert {chosen(variants, ctx=visitor(visitor_id=f"id-{i}")) for i in range(300)} == {"on"}


def test_arm_reason_names_the_weights():
    result = choose_variant(visitor(visitor_id="v1"), DEV_EVALUATING, AB, "page:7")
    assert re.fullmatch(
        r"Variant '[abc]' for persona developer \(A/B test: arm [123] of 3, weight \d+ of 100\)",
        result.reason,
    ), result.reason


def test_a_variant_for_several_targets_names_them_all():
    variants = [
        variant("Nordic developers", persona="developer", stage="evaluate", segment="nordics")
    ]
    assert choose_variant(visitor(), DEV_EVALUATING, variants, "page:1").reason == (
        "Variant 'Nordic developers' for persona developer, stage evaluate and segment nordics"
    )


def test_a_bot_reads_default_content():
    bot = visitor(device=Device(kind="bot"))
    result = choose_variant(
        bot, Decision(persona=None, stage="learn", segments=(), bot=True), ALL_KINDS, "page:1"
    )
    assert result.reason == "Default content: bots get no variant"
