"""The site-format examples in docs/engine.md ("History windows") load, validate and hold for
the visitor they describe, and not for one whose history is older than the window."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from personalization.engine import validate_condition
from personalization.engine.conditions import compile_condition
from personalization.engine.context import DayCounts, History, VisitorContext
from personalization.engine.state import EvalState

DOC = Path(__file__).resolve().parents[2] / "docs" / "engine.md"
NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


def _examples() -> dict:
    text = DOC.read_text()
    start = text.index("<!-- examples: history windows")
    block = text[
        text.index("```yaml", start) + 7 : text.index("```", text.index("```yaml", start) + 7)
    ]
    return {seg["slug"]: seg["rules"] for seg in yaml.safe_load(block)["segments"]}


class _NoRefs:
    segment_tests: dict = {}


def _holds(cond, history) -> bool:
    return compile_condition(cond).test(
        EvalState(VisitorContext(now=NOW, history=history), _NoRefs())
    )


def _history(days_ago: int) -> History:
    """A returning visitor whose activity happened `days_ago` days before NOW."""
    day = DayCounts(
        day=NOW.date() - timedelta(days=days_ago),
        visits=3,
        page_views=5,
        paths={"/pricing/": 2},
        tags={"pricing": 2},
    )
    return History(
        visit_count=4,
        page_views=5,
        path_views={"/pricing/": 2},
        tag_views={"pricing": 2},
        days=(day,),
    )


def test_the_documented_examples_are_valid_and_hold_for_recent_history():
    examples = _examples()
    assert len(examples) == 4
    for slug, rules in examples.items():
        assert validate_condition(rules) == [], slug
        assert _holds(rules, _history(0)), slug


def test_the_documented_examples_do_not_hold_for_history_older_than_their_window():
    examples = _examples()
    assert not _holds(examples["pricing-this-week"], _history(8))
    assert _holds(examples["pricing-this-week"], _history(7))
    assert not _holds(examples["regular"], _history(31))
    assert not _holds(examples["busy-today"], _history(1))
    assert not _holds(examples["back-for-the-price"], _history(15))


def test_the_rule_set_knows_how_many_days_of_history_to_load():
    from personalization.engine import compile_ruleset
    from personalization.engine.ruleset import RuleSet, SegmentDef

    segments = {
        slug: SegmentDef(slug=slug, name=slug, rules=rules) for slug, rules in _examples().items()
    }
    assert compile_ruleset(RuleSet(version="docs", segments=segments)).history_days == 30
    assert compile_ruleset(RuleSet(version="none")).history_days is None
