"""The visitor's "Why am I seeing this?" panel in plain, consistent sentences: no keys or slugs,
only public names, every sentence a full one, and nothing that claims to come from past visits
when nothing is remembered."""

from __future__ import annotations

from frontend.api import Decision, Persona, Stage
from frontend.why import explain, plain_reasons


def decision(**kw) -> Decision:
    base = dict(
        visitor_id=None,
        profiling=False,
        persona=None,
        stage=None,
        segments=[],
        location=None,
        device="desktop",
        channel="direct",
        reasons=[],
        cache_key="k",
    )
    base.update(kw)
    return Decision(**base)


def test_a_default_visitor_is_told_plainly_that_nothing_is_remembered():
    facts = dict(explain(decision(), None))
    assert facts["What you see"] == "The standard version of this page, the one everyone sees."
    assert facts["Who we think you are"].startswith("No one in particular")
    assert facts["Where you are"] == "We do not know."
    assert facts["How you arrived"] == "You came straight to the site."
    assert facts["Memory"] == "We do not remember you: what you see depends only on this visit."


def test_without_memory_the_stage_is_not_said_to_come_from_past_visits():
    facts = dict(explain(decision(stage=Stage("need", "Need", 1)), None))
    assert facts["How far along you are"] == "Worked out from this visit alone."
    assert "remember" not in facts["How far along you are"]
    assert "what you have done" not in str(facts)
    remembered = dict(explain(decision(stage=Stage("need", "Need", 1), profiling=True), None))
    assert remembered["How far along you are"] == "Worked out from your visits to this site."


def test_only_the_public_persona_name_is_named_and_the_rest_in_words():
    facts = dict(
        explain(
            decision(
                persona=Persona("family", "Family buyer", "For editors", "Families", "Room"),
                stage=Stage("decide", "Decide", 3),
                channel="paid_search",
                profiling=True,
                segments=["paid-search"],
            ),
            {"id": "3", "name": "Family decides"},
        )
    )
    assert facts["Who we think you are"] == "Families."
    assert facts["How you arrived"] == "You came from a search ad."
    assert facts["Groups you fall into"] == "One of the groups this site uses to choose content."
    assert facts["What you see"] == "A version of this page written for visitors like you."
    for internal in ("Family decides", "Family buyer", "Decide"):
        assert internal not in str(facts)


def test_a_persona_without_a_public_name_is_not_named():
    facts = dict(explain(decision(persona=Persona("student", "Student signals", "Notes")), None))
    assert facts["Who we think you are"] == "One of the kinds of visitors this site writes for."


def test_parts_chosen_for_the_visitor_are_mentioned_on_the_standard_page():
    reasons = [
        "Personalized section 1: the alternative for segment nordics (segment nordics holds)"
    ]
    facts = dict(explain(decision(), None, reasons))
    assert facts["What you see"] == (
        "The standard version of this page, with parts chosen for visitors like you."
    )


#: Reasons exactly as the CMS gives them for the demo home page (docs/engine.md, "Reasons").
FAMILY_HOME_REASONS = [
    "Persona family: utm_campaign is family-summer (rule: utm_campaign contains family)",
    "Stage need: every visitor starts here",
    "Segment nordics: country is SE (rule: country in [SE, NO, DK, FI, IS])",
    "Variant 'Family buyers' for persona family",
    "Personalized section 1: the alternative for persona family (persona family holds)",
    "Personalized section 2: default (no alternative targets this visitor)",
]


def test_reasons_are_full_sentences_with_public_names_and_signals_in_words():
    assert plain_reasons(FAMILY_HOME_REASONS, {"family": "Families"}) == [
        "We think you are among “Families”: the campaign in your link is family-summer.",
        "How far along you are: every visitor starts here.",
        "A group you fall into: your country is SE.",
        "This version of the page is written for “Families”.",
        "Part 1 of this page is written for “Families”.",
    ]


def test_reasons_without_public_names_say_it_in_plain_words():
    assert plain_reasons(FAMILY_HOME_REASONS[:1] + FAMILY_HOME_REASONS[3:5]) == [
        "We think you are one of the kinds of visitors this site writes for: "
        "the campaign in your link is family-summer.",
        "This version of the page is written for a kind of visitor.",
        "Part 1 of this page is written for a kind of visitor.",
    ]


def test_nested_named_and_bot_sections_showing_their_default_are_left_out():
    assert plain_reasons(
        [
            "Personalized section 1: alternative 'Racer hero' for persona racer (persona racer holds)",
            "Personalized section 2 (inside section 1): default (no alternative targets this visitor)",
            "Personalized section 3: default (bots get no alternative)",
        ]
    ) == ["Part 1 of this page is written for a kind of visitor."]


def test_no_persona_and_the_default_page_are_left_to_the_facts():
    reasons = [
        "No persona: no persona's rules or affinity score match this visitor",
        "Default content: no variant targets this visitor",
    ]
    assert plain_reasons(reasons) == []
    assert "No guess" not in str(explain(decision(reasons=reasons), None, reasons))


def test_an_ab_test_is_told_and_an_editors_preview_choice_is_said_as_such():
    assert plain_reasons(
        [
            "Variant 'Hero B' for persona family (A/B test: arm 2 of 2, weight 50 of 100)",
            "Persona family: chosen in the preview",
        ],
        {"family": "Families"},
    ) == [
        "This version of the page is written for “Families”; you are part of a test that "
        "compares versions of this page.",
        "An editor chose “Families” for this preview.",
    ]


def test_reasons_the_panel_does_not_know_are_kept_in_words():
    assert plain_reasons(["Persona racer: referrer_domain is strava.com"]) == [
        "We think you are one of the kinds of visitors this site writes for: "
        "the site you came from is strava.com."
    ]
    assert plain_reasons(["Something new: device is mobile"]) == [
        "Something new: your device is mobile."
    ]
