"""A page decides only the segments it can use (issue 14 item 3): the cost of a decision does not
grow with the site's other segments, and nothing a page shows changes."""

from __future__ import annotations

from personalization.engine import decide
from personalization.engine.decide import compile_ruleset
from personalization.engine.page import segments_used
from personalization.engine.ruleset import Target, VariantDef

from .factories import persona, rules, stage, visitor


def _spied(ruleset):
    """The compiled rules with every segment test counting its calls."""
    compiled = compile_ruleset(ruleset)
    calls: dict[str, int] = {}

    def spy(slug, test):
        def run(state):
            calls[slug] = calls.get(slug, 0) + 1
            return test(state)

        return run

    compiled.segment_tests = {
        slug: spy(slug, test) for slug, test in compiled.segment_tests.items()
    }
    return compiled, calls


def test_an_unrelated_segments_rule_is_never_evaluated():
    compiled, calls = _spied(
        rules(
            version="only-1",
            segments={"nordics": {"country": {"in": ["SE", "NO"]}}, "unrelated": {"country": "SE"}},
        )
    )

    decision = decide(visitor(), compiled, explain=False, segments={"nordics"})

    assert decision.segments == ("nordics",)
    assert "unrelated" not in calls and calls["nordics"] == 1


def test_without_a_list_every_segment_is_still_decided():
    compiled, calls = _spied(
        rules(
            version="only-2",
            segments={"nordics": {"country": {"in": ["SE", "NO"]}}, "unrelated": {"country": "SE"}},
        )
    )

    assert decide(visitor(), compiled, explain=False).segments == ("nordics", "unrelated")
    assert set(calls) == {"nordics", "unrelated"}


def test_a_segment_a_persona_or_stage_refers_to_is_evaluated_for_it():
    compiled, calls = _spied(
        rules(
            version="only-3",
            personas=[persona("swede", rules={"segment": "sweden"})],
            stages=[stage("learn", 1), stage("evaluate", 2, {"segment": "mobile"})],
            segments={
                "sweden": {"country": "SE"},
                "mobile": {"device": "mobile"},
                "unrelated": {"country": "NO"},
            },
        )
    )

    decision = decide(visitor(), compiled, explain=False, segments=())

    assert (decision.persona, decision.stage, decision.segments) == ("swede", "evaluate", ())
    assert set(calls) == {"sweden", "mobile"}


def test_a_page_uses_its_variants_and_its_personalized_blocks_segments():
    block = {
        "type": "personalized",
        "id": "b1",
        "value": {
            "variants": [
                {
                    "segment": "Nordics",
                    "blocks": [
                        {
                            "type": "personalized",
                            "id": "b2",
                            "value": {
                                "variants": [{"segment": "inner", "blocks": []}],
                                "default": [],
                            },
                        }
                    ],
                }
            ],
            "default": [
                {
                    "type": "personalized",
                    "id": "b3",
                    "value": {"variants": [{"persona": "racer", "blocks": []}], "default": []},
                }
            ],
        },
    }

    class Page:
        page_id, revision, path = 1, "1", "/"
        content = {"title": "Home", "body": [{"type": "heading", "value": "Hi"}, block]}
        variants = (
            VariantDef("page:1:a", "A", Target(segment="movers")),
            VariantDef("page:1:b", "B", Target(persona="racer")),
        )
        variant_fields = {
            "page:1:a": {
                "body": [
                    {
                        "type": "personalized",
                        "id": "b4",
                        "value": {
                            "variants": [{"segment": "in-variant", "blocks": []}],
                            "default": [],
                        },
                    }
                ]
            }
        }

    assert segments_used(Page()) == {"nordics", "inner", "movers", "in-variant"}
