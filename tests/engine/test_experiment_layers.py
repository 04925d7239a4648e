"""Mutually exclusive experiments (`layer`) and the share of traffic that enters a test, in the
pure engine (engine/layers.py), and the same answers from the ruleSet JSON."""

from collections import Counter
from datetime import UTC, datetime

import pytest

from personalization.engine import choose_variant
from personalization.engine.decide import Decision
from personalization.engine.layers import admitted, layer_owner, unit
from personalization.engine.portable import PortablePage, dump, layer_members, load
from personalization.engine.ruleset import RuleSet, Target, VariantDef

from .factories import visitor

DECISION = Decision(persona="developer", stage="evaluate", segments=())
MEMBERS = {"checkout": ("page:1", "page:2")}


def arms(page, **kw):
    return [
        VariantDef(id=f"{page}a", name="A", target=Target(persona="developer"), weight=1, **kw),
        VariantDef(id=f"{page}b", name="B", target=Target(persona="developer"), weight=1, **kw),
    ]


def test_a_visitor_is_in_at_most_one_test_of_a_layer_and_each_test_gets_about_half():
    in_tests = Counter()
    for i in range(2000):
        ctx = visitor(visitor_id=f"v{i}")
        one = choose_variant(
            ctx, DECISION, arms("p1", layer="checkout"), "page:1", layer_members=MEMBERS
        )
        two = choose_variant(
            ctx, DECISION, arms("p2", layer="checkout"), "page:2", layer_members=MEMBERS
        )
        entered = [c for c in (one, two) if c.variant is not None]
        assert len(entered) == 1
        assert all(c.assignment.excluded for c in (one, two) if c.variant is None)
        in_tests[entered[0].variant.id[:2]] += 1
    assert 900 < in_tests["p1"] < 1100


def test_tests_in_different_layers_or_none_overlap_freely():
    ctx = visitor(visitor_id="v7")
    one = choose_variant(
        ctx,
        DECISION,
        arms("p1", layer="checkout"),
        "page:1",
        layer_members={"checkout": ("page:1",)},
    )
    two = choose_variant(ctx, DECISION, arms("p2"), "page:2", layer_members=MEMBERS)
    assert one.variant is not None and two.variant is not None


def test_traffic_lets_its_share_of_the_targeted_visitors_in_and_serves_the_others_the_default():
    entered = sum(
        choose_variant(
            visitor(visitor_id=f"v{i}"), DECISION, arms("p1", traffic=20), "page:1"
        ).variant
        is not None
        for i in range(4000)
    )
    assert 700 < entered < 900


def test_raising_the_traffic_keeps_everyone_already_in_the_test_in_it_with_the_same_arm():
    before = {}
    for i in range(500):
        c = choose_variant(visitor(visitor_id=f"v{i}"), DECISION, arms("p1", traffic=20), "page:1")
        if c.variant is not None:
            before[i] = c.variant.id
    for i, arm in before.items():
        c = choose_variant(visitor(visitor_id=f"v{i}"), DECISION, arms("p1", traffic=60), "page:1")
        assert c.variant is not None and c.variant.id == arm


def test_a_visitor_without_an_id_gets_the_default_of_a_layered_test_and_is_not_counted():
    choice = choose_variant(
        visitor(visitor_id=None),
        DECISION,
        arms("p1", layer="checkout"),
        "page:1",
        layer_members=MEMBERS,
    )
    assert choice.variant is None and choice.assignment.excluded


def test_the_documented_algorithm_gives_these_exact_answers():
    # docs/ruleset-format.md quotes these numbers: the TypeScript port checks the same.
    assert unit("v1\x1fpage:1\x1ftraffic") == 0.9452481943106913
    assert admitted("v1", "page:1", "", 95, None) == (True, "")
    assert admitted("v1", "page:1", "", 94, None)[0] is False
    assert layer_owner("v1", "checkout", ["page:2", "page:1"]) == "page:1"
    assert layer_owner("v2", "checkout", ["page:1", "page:2"]) == "page:2"


def test_the_ruleset_json_lists_the_tests_of_each_layer_from_its_pages():
    class Page:
        def __init__(self, page_id, variants):
            self.page_id, self.variants = page_id, variants

    pages = [
        Page(2, arms("p2", layer="checkout")),
        Page(1, arms("p1", layer="checkout")),
        Page(3, arms("p3")),
    ]
    assert layer_members(pages) == {"checkout": ("page:1", "page:2")}


def test_the_ruleset_json_is_format_3_so_a_reader_ignoring_layers_refuses_it():
    # A format 2 reader ignoring `layer`/`traffic` would serve arms the server does not, so the
    # document says 3; formats 1 and 2 are still read, and a newer one is refused.
    rules = RuleSet(version="v1", personas=(), stages=(), segments={})
    page = PortablePage(1, "7", "/", {"title": "t"}, tuple(arms("p1", layer="checkout")))
    document = dump(rules, [page])
    assert document["formatVersion"] == 3
    assert [v["layer"] for v in document["pages"][0]["variants"]] == ["checkout", "checkout"]
    for older in (1, 2):
        _, pages = load({**document, "formatVersion": older})
        assert pages["/"].variants[0].layer == "checkout"
    with pytest.raises(
        ValueError, match=r"version 4 is not supported \(this engine reads 1, 2 and 3\)"
    ):
        load({**document, "formatVersion": 4})


def test_a_scheduled_test_starts_and_stops_on_its_own_and_keeps_each_visitors_arm():
    """Scheduled start/stop is `go_live_at`/`expire_at` on every arm (docs/experiments.md)."""
    start, stop = datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 16, tzinfo=UTC)
    scheduled = arms("p1", go_live_at=start, expire_at=stop)

    def served(i, day):
        ctx = visitor(visitor_id=f"v{i}", now=datetime(2026, 3, day, 12, tzinfo=UTC))
        chosen = choose_variant(ctx, DECISION, scheduled, "page:1").variant
        return chosen.id if chosen else None

    for i in range(50):
        assert served(i, 1) is None, "before the start: the default content"
        assert served(i, 2) is not None and served(i, 2) == served(i, 15)
        assert served(i, 16) is None, "after the stop: the default content"
    assert {served(i, 5) for i in range(50)} == {"p1a", "p1b"}
