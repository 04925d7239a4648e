"""Persona, stage and segments of a visitor, and the reasons an editor reads in the preview."""

from __future__ import annotations

from personalization.engine import compile_ruleset, decide
from personalization.engine.context import Device

from .factories import history, persona, rules, stage, visitor

GOOGLEBOT = Device(kind="bot", browser="Googlebot")

PERSONAS = [
    persona(
        "developer", priority=20, rules={"referrer_domain": {"in": ["github.com", "gitlab.com"]}}
    ),
    persona("marketer", priority=10, rules={"channel": "social"}),
    persona(
        "athlete", priority=10, rules={"referrer_domain": {"in": ["instagram.com", "strava.com"]}}
    ),
    persona("executive", priority=5, score_threshold=10),
    persona("buyer", priority=1, score_threshold=10),
]
STAGES = [
    stage("evaluate", 2, {"visited": {"path": "/pricing/"}}),
    stage("learn", 1, {"country": "XX"}),  # the first stage's rules are never needed
    stage("buy", 3, {"event": {"type": "purchase"}}),
]
RULES = rules(
    personas=PERSONAS,
    stages=STAGES,
    segments={
        "nordics": {"country": {"in": ["SE", "NO", "DK", "FI", "IS"]}},
        "mobile": {"device": "mobile"},
        "us": {"country": "US"},
    },
)


def test_highest_priority_matching_persona_wins_ties_by_slug():
    result = decide(visitor(), RULES)  # social + instagram: marketer and athlete, both 10
    assert result.persona == "athlete"
    assert result.persona_source == "rules"


def test_priority_beats_order_of_definition():
    ctx = visitor(source=visitor().source.__class__(channel="social", referrer_domain="github.com"))
    assert decide(ctx, RULES).persona == "developer"


def test_declared_persona_beats_rules():
    result = decide(visitor(declared_persona="Executive"), RULES)
    assert result.persona == "executive"
    assert result.persona_source == "declared"


def test_unknown_declared_persona_is_ignored():
    assert decide(visitor(declared_persona="astronaut"), RULES).persona == "athlete"


def test_forced_persona_beats_declared():
    result = decide(visitor(declared_persona="executive", forced_persona="developer"), RULES)
    assert (result.persona, result.persona_source) == ("developer", "forced")


def test_affinity_applies_when_no_rule_matches_and_the_highest_score_wins():
    quiet = visitor(
        source=visitor().source.__class__(),
        history=history(affinity={"executive": 12, "buyer": 15}),
    )
    result = decide(quiet, RULES)
    assert (result.persona, result.persona_source) == ("buyer", "affinity")
    assert result.reasons[0] == "Persona buyer: affinity score 15 from the pages viewed (needs 10)"


def test_affinity_below_threshold_gives_no_persona():
    quiet = visitor(
        source=visitor().source.__class__(), history=history(affinity={"executive": 9.5})
    )
    assert decide(quiet, RULES).persona is None


def test_affinity_tie_goes_to_the_higher_priority_persona():
    quiet = visitor(
        source=visitor().source.__class__(),
        history=history(affinity={"executive": 12, "buyer": 12}),
    )
    assert decide(quiet, RULES).persona == "executive"


def test_rules_beat_affinity():
    ctx = visitor(history=history(affinity={"buyer": 100}))
    assert decide(ctx, RULES).persona == "athlete"


def test_stage_is_the_highest_stage_whose_rules_hold():
    result = decide(visitor(), RULES)  # visited /pricing/, no purchase
    assert (result.stage, result.stage_source) == ("evaluate", "rules")
    bought = history(
        events=visitor().history.events
        + (visitor().history.events[0].__class__("purchase", visitor().now),)
    )
    assert decide(visitor(history=bought), RULES).stage == "buy"


def test_everyone_starts_at_the_lowest_stage_without_meeting_its_rules():
    result = decide(visitor(history=None), RULES)
    assert (result.stage, result.stage_source) == ("learn", "start")


def test_stage_reached_earlier_is_kept():
    """Stages are sticky: a buyer who stops meeting 'buy' rules stays at buy."""
    result = decide(visitor(history=history(stage="buy")), RULES)
    assert (result.stage, result.stage_source) == ("buy", "history")
    assert (
        result.reasons[1]
        == "Stage buy: reached on an earlier visit (a visitor never goes back a stage)"
    )


def test_earlier_stage_lower_than_the_rules_stage_does_not_pull_back():
    assert decide(visitor(history=history(stage="learn")), RULES).stage == "evaluate"


def test_earlier_stage_that_no_longer_exists_is_ignored():
    assert decide(visitor(history=history(stage="deleted-stage")), RULES).stage == "evaluate"


def test_forced_stage_wins_even_backwards():
    result = decide(visitor(history=history(stage="buy"), forced_stage="learn"), RULES)
    assert (result.stage, result.stage_source) == ("learn", "forced")


def test_no_stages_means_no_stage():
    assert decide(visitor(), rules(personas=PERSONAS)).stage is None


def test_segments_are_every_segment_that_holds_sorted_by_slug():
    assert decide(visitor(), RULES).segments == ("mobile", "nordics")


def test_forced_segments_replace_the_computed_ones():
    result = decide(visitor(forced_segments=("us",)), RULES)
    assert result.segments == ("us",)
    assert decide(visitor(forced_segments=()), RULES).segments == ()


def test_forced_segments_are_what_references_see():
    rs = rules(
        personas=[persona("american", rules={"segment": "us"})], segments={"us": {"country": "US"}}
    )
    assert decide(visitor(forced_segments=("us",)), rs).persona == "american"


def test_bot_gets_no_persona_and_the_starting_stage_but_its_segments():
    result = decide(
        visitor(device=GOOGLEBOT, declared_persona="executive", history=history(stage="buy")), RULES
    )
    assert result.bot
    assert (result.persona, result.persona_source) == (None, "bot")
    assert (result.stage, result.stage_source) == ("learn", "bot")
    assert result.segments == ("nordics",)


def test_reasons_name_the_rules_that_held():
    result = decide(visitor(), RULES)
    assert result.reasons == (
        "Persona athlete: referrer_domain is instagram.com (rule: referrer_domain in [instagram.com, strava.com])",
        "Stage evaluate: visited /pricing/ 2 times (needs 1)",
        "Segment mobile: device is mobile",
        "Segment nordics: country is SE (rule: country in [SE, NO, DK, FI, IS])",
    )


def test_reasons_explain_a_not_with_the_visitors_value():
    rs = rules(segments={"outside-us": {"not": {"country": {"in": ["US", "CA"]}}}})
    assert (
        decide(visitor(), rs).reasons[-1]
        == "Segment outside-us: country is SE (rule: not country in [US, CA])"
    )


def test_without_explanations_the_answer_is_the_same():
    full, quick = decide(visitor(), RULES), decide(visitor(), RULES, explain=False)
    assert (quick.persona, quick.stage, quick.segments) == (full.persona, full.stage, full.segments)
    assert quick.reasons == ("Persona athlete: its rules hold", "Stage evaluate: its rules hold")


def test_with_reasons_appends_variant_reasons():
    result = decide(visitor(), RULES).with_reasons("variant 'B'", "")
    assert result.reasons[-1] == "variant 'B'"


def test_a_ruleset_is_compiled_once_per_version():
    assert compile_ruleset(RULES) is compile_ruleset(RULES)
    changed = rules(personas=PERSONAS, stages=STAGES, version="test-2")
    assert compile_ruleset(changed) is not compile_ruleset(RULES)


def test_invalid_rules_are_reported_and_never_hold():
    rs = rules(
        personas=[persona("broken", 50, {"colour": "blue"})], segments={"bad": {"eu": "yes"}}
    )
    compiled = compile_ruleset(rs)
    assert any(
        e.startswith("persona broken: rules: unknown signal 'colour'") for e in compiled.errors
    )
    assert any(e.startswith("segment bad: rules.eu") for e in compiled.errors)
    result = decide(visitor(), compiled)
    assert result.persona is None and result.segments == ()


def test_history_reasons_read_naturally():
    rs = rules(
        segments={
            "trialists": {"event": {"type": "trial_started", "within_days": 30}},
            "pricing-fans": {"visited": {"tag": "api", "min": 2}},
            "partners": {"query_param": {"name": "ref", "equals": "partner"}},
        }
    )
    assert decide(visitor(), rs).reasons[2:] == (
        "Segment partners: query parameter ref is Partner",
        "Segment pricing-fans: viewed pages tagged api 3 times (needs 2)",
        "Segment trialists: event trial_started happened 1 time in the last 30 days (needs 1)",
    )


def test_a_declared_persona_reason_says_the_visitor_chose_it():
    assert decide(visitor(declared_persona="Executive"), RULES).reasons[0] == (
        "Persona executive: the visitor chose it themselves (declared persona)"
    )


def test_preview_reasons_say_the_editor_chose():
    ctx = visitor(forced_persona="developer", forced_stage="buy", forced_segments=("us",))
    assert decide(ctx, RULES).reasons == (
        "Persona developer: chosen in the preview",
        "Stage buy: chosen in the preview",
        "Segment us: chosen in the preview",
    )


def test_a_visitor_nothing_matches_reads_no_persona_and_the_starting_stage():
    quiet = visitor(source=visitor().source.__class__(), history=None, location=None)
    assert decide(quiet, RULES).reasons == (
        "No persona: no persona's rules or affinity score match this visitor",
        "Stage learn: every visitor starts here",
        "Segment mobile: device is mobile",
    )


def test_bot_reasons_say_why_it_gets_nothing():
    assert decide(visitor(device=GOOGLEBOT), RULES).reasons[:2] == (
        "No persona: bots get none",
        "Stage learn: bots stay at the first stage",
    )


def test_reasons_read_operators_as_words():
    rs = rules(
        segments={
            "office-hours": {
                "all": [{"local_hour": {"between": [9, 17]}}, {"visit_count": {"gte": 2}}]
            },
            "cfo": {"utm_campaign": {"contains": "cfo"}},
            "either": {"segment": {"in": ["cfo", "nobody"]}},
            "not-us-phone": {"not": {"all": [{"country": "US"}, {"device": "mobile"}]}},
        }
    )
    assert decide(visitor(), rs).reasons[2:] == (
        "Segment cfo: utm_campaign is CFO-2026 (rule: utm_campaign contains cfo)",
        "Segment either: in segment cfo",
        "Segment not-us-phone: country is SE, device is mobile (rule: not all of (country is US; device is mobile))",
        "Segment office-hours: local_hour is 12 (rule: local_hour between 9 and 17) and "
        "visit_count is 3 (rule: visit_count at least 2)",
    )
