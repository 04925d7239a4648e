"""The verdict of every part of a condition, in the engine's own words ("Test these rules")."""

from __future__ import annotations

from dataclasses import replace

from personalization.engine import compile_ruleset, trace_condition
from personalization.engine.ruleset import RuleSet, SegmentDef

from .factories import VISITOR

RULES = compile_ruleset(
    RuleSet(
        version="t",
        segments={"nordics": SegmentDef("nordics", "Nordics", {"country": {"in": ["SE", "NO"]}})},
    )
)


def test_each_part_has_a_verdict_and_the_visitors_value():
    root = trace_condition({"all": [{"country": "SE"}, {"device": "desktop"}]}, VISITOR, RULES)

    rows = root.flat()
    assert root.held is False and root.seen == "1 of 2 hold"
    assert [(r.rule, r.held, r.depth) for r in rows[1:]] == [
        ("country is SE", True, 1),
        ("device is desktop", False, 1),
    ]
    assert rows[2].seen == "device is mobile"


def test_references_are_resolved_like_a_decision():
    assert trace_condition({"segment": "nordics"}, VISITOR, RULES).held is True
    abroad = replace(VISITOR, location=None)
    verdict = trace_condition({"segment": "nordics"}, abroad, RULES)
    assert verdict.held is False and "none of the segments" in verdict.seen


def test_not_and_history_are_explained():
    verdict = trace_condition({"not": {"visited": {"path": "/pricing/", "min": 2}}}, VISITOR, RULES)
    assert verdict.held is False and "visited /pricing/ 2 times" in verdict.seen


def test_an_invalid_condition_never_holds_and_says_why():
    verdict = trace_condition({"country": {"between": [1]}}, VISITOR, RULES)
    assert verdict.held is False and verdict.rule.startswith("invalid condition")
