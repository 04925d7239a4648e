"""{segment: x}, {persona: x}, {stage: x}: lazy, memoised, and safe against cycles."""

from __future__ import annotations

from personalization.engine import check_ruleset, condition_references, decide, find_cycles
from personalization.engine.context import Device, Location

from .factories import holds, persona, rules, stage, visitor


def test_segment_reference_follows_the_other_segment():
    segments = {"nordics": {"country": {"in": ["SE", "NO"]}}}
    assert holds({"segment": "nordics"}, segments=segments)
    assert holds({"segment": {"in": ["nordics", "ghost"]}}, segments=segments)
    assert not holds({"segment": {"not_in": ["nordics"]}}, segments=segments)
    assert not holds({"segment": "nordics"}, visitor(location=None), segments=segments)


def test_reference_to_an_unknown_segment_is_false():
    assert not holds({"segment": "ghost"})
    assert holds({"segment": {"not_in": ["ghost"]}})


def test_persona_and_stage_references_see_the_decision():
    personas = [persona("marketer", rules={"channel": "social"})]
    stages = [stage("learn", 1), stage("evaluate", 2, {"visited": {"path": "/pricing/"}})]
    assert holds({"persona": "marketer"}, personas=personas, stages=stages)
    assert not holds({"persona": {"in": ["developer"]}}, personas=personas, stages=stages)
    assert holds(
        {"all": [{"persona": "marketer"}, {"stage": "evaluate"}]}, personas=personas, stages=stages
    )
    assert not holds({"stage": "learn"}, personas=personas, stages=stages)


def test_segment_cycle_at_run_time_is_false_not_a_recursion_error():
    segments = {"a": {"segment": "b"}, "b": {"segment": "a"}, "self": {"segment": "self"}}
    result = decide(visitor(), rules(segments=segments))
    assert result.segments == ()


def test_cycle_through_an_any_still_lets_the_other_branch_hold():
    segments = {"a": {"any": [{"segment": "a"}, {"country": "SE"}]}}
    assert decide(visitor(), rules(segments=segments)).segments == ("a",)


def test_persona_rule_that_asks_for_the_persona_does_not_loop():
    personas = [
        persona("loopy", rules={"persona": "loopy"}),
        persona("fallback", -1, {"country": "SE"}),
    ]
    assert decide(visitor(), rules(personas=personas)).persona == "fallback"


def test_segment_evaluated_once_per_decision():
    """A segment referenced from many places is evaluated once per decision (memoised): the
    location below counts how often its country is read."""
    reads = []

    class CountingLocation(Location):
        def __getattribute__(self, name):
            if name == "country_code":
                reads.append(name)
            return super().__getattribute__(name)

    ctx = visitor(location=CountingLocation(country_code="SE"))
    segments = {
        "swedes": {"country": "SE"},
        "x": {"segment": "swedes"},
        "y": {"all": [{"segment": "swedes"}, {"segment": "x"}]},
        "z": {"any": [{"segment": "y"}, {"segment": "swedes"}]},
    }
    assert decide(ctx, rules(segments=segments), explain=False).segments == (
        "swedes",
        "x",
        "y",
        "z",
    )
    assert len(reads) == 1


def test_find_cycles_reports_segment_cycles_as_closed_paths():
    rs = rules(
        segments={
            "a": {"segment": "b"},
            "b": {"all": [{"segment": "c"}]},
            "c": {"segment": "a"},
            "d": {"segment": "d"},
            "ok": {"segment": "a"},
        }
    )
    assert find_cycles(rs) == [
        ["segment:a", "segment:b", "segment:c", "segment:a"],
        ["segment:d", "segment:d"],
    ]


def test_find_cycles_sees_cycles_through_persona_and_stage_rules():
    rs = rules(
        personas=[persona("dev", rules={"segment": "devs"})],
        stages=[stage("learn", 1), stage("buy", 2, {"segment": "buyers"})],
        segments={
            "devs": {"persona": "dev"},
            "buyers": {"stage": "buy"},
            "fine": {"persona": "dev"},
        },
    )
    assert find_cycles(rs) == [
        ["persona:dev", "segment:devs", "persona:dev"],
        ["segment:buyers", "stage:buy", "segment:buyers"],
    ]


def test_no_cycles_in_an_acyclic_rule_set():
    rs = rules(
        personas=[persona("dev", rules={"segment": "devs"})],
        segments={
            "devs": {"referrer_domain": "github.com"},
            "nordic-devs": {"all": [{"segment": "devs"}, {"country": {"in": ["SE", "NO"]}}]},
        },
    )
    assert find_cycles(rs) == []


def test_long_reference_chains_do_not_hit_the_recursion_limit():
    segments = {f"s{i}": {"segment": f"s{i + 1}"} for i in range(3000)}
    segments["s3000"] = {"segment": "s0"}
    cycles = find_cycles(rules(segments=segments))
    assert len(cycles) == 1 and len(cycles[0]) == 3002


def test_condition_references_lists_every_reference():
    cond = {
        "all": [
            {"segment": "a"},
            {"not": {"persona": {"in": ["Dev", "exec"]}}},
            {"stage": "buy"},
            {"country": "SE"},
        ]
    }
    assert condition_references(cond) == [
        ("segment", "a"),
        ("persona", "dev"),
        ("persona", "exec"),
        ("stage", "buy"),
    ]


def test_bot_segments_are_still_computed():
    bot = visitor(device=Device(kind="bot", browser="Googlebot"))
    assert decide(bot, rules(segments={"bots": {"device": "bot"}})).segments == ("bots",)


def test_check_ruleset_accepts_a_sound_rule_set():
    rs = rules(
        personas=[persona("dev", rules={"segment": "devs"})],
        stages=[stage("learn", 1)],
        segments={"devs": {"referrer_domain": "github.com"}},
    )
    assert check_ruleset(rs) == []


def test_check_ruleset_names_unknown_references_invalid_rules_and_duplicate_orders():
    rs = rules(
        personas=[persona("dev", rules={"persona": "ghost"})],
        stages=[stage("learn", 1), stage("try", 1, {"stage": "learn"})],
        segments={"a": {"segment": "missing"}, "b": {"eu": "yes"}},
    )
    assert check_ruleset(rs) == [
        "persona dev: rules refer to unknown persona 'ghost'; expected one of dev",
        "segment a: rules refer to unknown segment 'missing'; expected one of a, b",
        "segment b: rules.eu: expected true or false, got 'yes'",
        "stage try: order 1 is already used by stage learn; expected a unique order",
    ]


def test_check_ruleset_reports_cycles():
    rs = rules(segments={"a": {"segment": "b"}, "b": {"segment": "a"}})
    assert check_ruleset(rs) == [
        "reference cycle: segment a -> segment b -> segment a; expected rules that do not depend on themselves"
    ]
