"""Experiment assignment in the pure engine: arms by a stable hash, holdouts, visitors without
an id (the control, excluded) and the site-wide holdout."""

from collections import Counter

from personalization.engine import HOLDOUT_ARM, choose_variant, in_site_holdout
from personalization.engine.decide import Decision
from personalization.engine.ruleset import Target, VariantDef

from .factories import visitor

DECISION = Decision(persona="developer", stage="evaluate", segments=())


def v(vid, **kw):
    return VariantDef(id=vid, name=vid, target=Target(persona="developer"), **kw)


def test_a_visitor_without_an_id_gets_the_control_and_is_excluded():
    choice = choose_variant(
        visitor(visitor_id=None), DECISION, [v("a", weight=1), v("b", weight=9)], "page:1"
    )
    assert choice.variant.id == "a"
    assert (
        choice.assignment.excluded
        and choice.assignment.arm == "a"
        and choice.assignment.experiment == "a"
    )


def test_without_an_id_a_holdout_experiment_serves_the_default():
    choice = choose_variant(visitor(visitor_id=None), DECISION, [v("a", holdout=10)], "page:1")
    assert (
        choice.variant is None
        and choice.assignment.excluded
        and choice.assignment.arm == HOLDOUT_ARM
    )


def test_a_holdout_keeps_its_share_of_the_targeted_visitors_on_the_default():
    arms = Counter()
    for i in range(4000):
        choice = choose_variant(
            visitor(visitor_id=f"v{i}"), DECISION, [v("a", holdout=20)], "page:1"
        )
        assert (choice.variant is None) == (choice.assignment.arm == HOLDOUT_ARM)
        assert not choice.assignment.excluded
        arms[choice.assignment.arm] += 1
    assert 0.17 < arms[HOLDOUT_ARM] / 4000 < 0.23


def test_arms_split_by_weight_and_stick():
    arms = Counter()
    for i in range(4000):
        ctx = visitor(visitor_id=f"v{i}")
        first = choose_variant(ctx, DECISION, [v("a", weight=25), v("b", weight=75)], "page:1")
        assert (
            choose_variant(ctx, DECISION, [v("a", weight=25), v("b", weight=75)], "page:1") == first
        )
        arms[first.assignment.arm] += 1
    assert 0.22 < arms["a"] / 4000 < 0.28


def test_bandit_weights_override_the_authored_ones():
    arms = Counter(
        choose_variant(
            visitor(visitor_id=f"v{i}"),
            DECISION,
            [v("a", weight=50), v("b", weight=50)],
            "page:1",
            weights={"a": 5, "b": 95},
        ).assignment.arm
        for i in range(2000)
    )
    assert arms["a"] < 200


def test_a_single_variant_without_holdout_is_no_experiment():
    assert choose_variant(visitor(visitor_id="x"), DECISION, [v("a")], "page:1").assignment is None


def test_site_wide_holdout_takes_its_percent_of_visitors_with_an_id_only():
    held = sum(in_site_holdout(f"v{i}", 5) for i in range(10000))
    assert 400 < held < 600
    assert not in_site_holdout(None, 50) and not in_site_holdout("v1", 0)
