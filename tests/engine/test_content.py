"""What a visitor reads: variant fields, personalized blocks, placeholders; and its cache key."""

from __future__ import annotations

import copy

from personalization.engine import (
    PLACEHOLDER_NAMES,
    content_cache_key,
    find_placeholders,
    resolve_content,
)
from personalization.engine.context import Device, Location
from personalization.engine.decide import Decision

from .factories import MILTON, visitor

DEV = Decision(persona="developer", stage="evaluate", segments=("nordics",))
NOBODY = Decision(persona=None, stage="learn", segments=())

PAGE = {
    "title": "Test drives in {city|your area}",
    "intro": "Open in {country}.",
    "tags": ["pricing"],
    "body": [
        {"type": "heading", "value": "Welcome, {region|friend}", "id": "h1"},
        {"type": "paragraph", "value": "<p>Dealers in <b>{city}</b>.</p>", "id": "p1"},
        {
            "type": "cta",
            "value": {"label": "Book in {city|your town}", "url": "/book/"},
            "id": "c1",
        },
        {
            "type": "personalized",
            "id": "pz",
            "value": {
                "variants": [
                    {
                        "segment": "nordics",
                        "blocks": [{"type": "heading", "value": "Hej!", "id": "n"}],
                    },
                    {
                        "persona": "developer",
                        "blocks": [
                            {"type": "paragraph", "value": "<p>API docs</p>", "id": "d"},
                            {
                                "type": "personalized",
                                "id": "inner",
                                "value": {
                                    "variants": [
                                        {
                                            "stage": "buy",
                                            "blocks": [
                                                {"type": "heading", "value": "Buy", "id": "b"}
                                            ],
                                        }
                                    ],
                                    "default": [{"type": "heading", "value": "Try it", "id": "t"}],
                                },
                            },
                        ],
                    },
                ],
                "default": [{"type": "heading", "value": "Hello", "id": "g"}],
            },
        },
    ],
}


def test_personalized_block_takes_the_most_specific_variant_recursively():
    content, choices = resolve_content(PAGE, None, visitor(), DEV, "page:1")
    assert [b["value"] for b in content["body"][3:]] == ["<p>API docs</p>", "Try it"]
    assert [b.variant_id for b in choices.blocks] == ["pz:1", "inner:default"]


def test_personalized_block_default_when_nothing_targets_the_visitor():
    content, choices = resolve_content(PAGE, None, visitor(), NOBODY, "page:1")
    assert content["body"][3] == {"type": "heading", "value": "Hello", "id": "g"}
    assert [b.variant_id for b in choices.blocks] == ["pz:default"]


def test_bot_gets_every_default_block():
    bot = visitor(device=Device(kind="bot"))
    content, _ = resolve_content(
        PAGE, None, bot, Decision(None, "learn", ("nordics",), bot=True), "page:1"
    )
    assert content["body"][3]["value"] == "Hello"


def test_variant_fields_override_only_what_they_give():
    content, _ = resolve_content(
        PAGE, {"title": "For developers", "intro": None}, visitor(), DEV, "page:1"
    )
    assert content["title"] == "For developers"
    assert content["intro"] == "Open in Sweden."
    assert content["tags"] == ["pricing"]


def test_variant_body_replaces_the_default_body():
    body = [{"type": "heading", "value": "Only this in {city}", "id": "v"}]
    content, _ = resolve_content(PAGE, {"body": body}, visitor(), DEV, "page:1")
    assert content["body"] == [{"type": "heading", "value": "Only this in Linköping", "id": "v"}]


def test_placeholders_are_filled_everywhere_text_is_shown():
    content, choices = resolve_content(PAGE, None, visitor(location=MILTON), NOBODY, "page:1")
    assert content["title"] == "Test drives in Milton"
    assert content["intro"] == "Open in United States."
    assert content["body"][0]["value"] == "Welcome, Washington"
    assert content["body"][1]["value"] == "<p>Dealers in <b>Milton</b>.</p>"
    assert content["body"][2]["value"] == {"label": "Book in Milton", "url": "/book/"}
    assert dict(choices.placeholders) == {
        "city": "Milton",
        "region": "Washington",
        "country": "United States",
    }


def test_fallbacks_when_the_location_is_unknown_and_empty_without_one():
    content, choices = resolve_content(PAGE, None, visitor(location=None), NOBODY, "page:1")
    assert content["title"] == "Test drives in your area"
    assert content["intro"] == "Open in ."
    assert content["body"][0]["value"] == "Welcome, friend"
    assert content["body"][1]["value"] == "<p>Dealers in <b></b>.</p>"
    assert content["body"][2]["value"]["label"] == "Book in your town"
    assert dict(choices.placeholders) == {"city": None, "region": None, "country": None}


def test_place_names_are_escaped_inside_rich_text_only():
    odd = visitor(location=Location(city="<script>alert(1)</script> & Co"))
    content, _ = resolve_content(PAGE, None, odd, NOBODY, "page:1")
    assert (
        content["body"][1]["value"]
        == "<p>Dealers in <b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</b>.</p>"
    )
    assert content["title"] == "Test drives in <script>alert(1)</script> & Co"  # plain text field


def test_resolving_never_changes_the_input():
    before = copy.deepcopy(PAGE)
    resolve_content(PAGE, {"title": "X {city}"}, visitor(), DEV, "page:1")
    assert PAGE == before


def test_unknown_placeholders_are_left_alone_and_found():
    content, _ = resolve_content({"title": "Hi {name}, {city}"}, None, visitor(), NOBODY, "page:1")
    assert content["title"] == "Hi {name}, Linköping"
    assert find_placeholders("In {city|here} for {first_name} and { country }") == [
        "city",
        "first_name",
        "country",
    ]
    assert [n for n in find_placeholders("{city} {zip|00000}") if n not in PLACEHOLDER_NAMES] == [
        "zip"
    ]


def test_block_ab_arms_stick_per_visitor():
    page = {
        "body": [
            {
                "type": "personalized",
                "id": "hero",
                "value": {
                    "variants": [
                        {
                            "segment": "nordics",
                            "weight": 50,
                            "blocks": [{"type": "heading", "value": "A", "id": "a"}],
                        },
                        {
                            "segment": "nordics",
                            "weight": 50,
                            "blocks": [{"type": "heading", "value": "B", "id": "b"}],
                        },
                    ],
                    "default": [],
                },
            }
        ]
    }
    seen = {
        resolve_content(page, None, visitor(visitor_id=f"v{i}"), DEV, "page:1")[0]["body"][0][
            "value"
        ]
        for i in range(50)
    }
    assert seen == {"A", "B"}
    first = resolve_content(page, None, visitor(visitor_id="v7"), DEV, "page:1")
    assert all(
        resolve_content(page, None, visitor(visitor_id="v7"), DEV, "page:1") == first
        for _ in range(5)
    )
    assert first[1].blocks[0].choice.arm in ("hero:0", "hero:1")


def key_for(ctx, decision, page=PAGE, variant_id=None, revision=3):
    _, choices = resolve_content(page, None, ctx, decision, "page:1")
    return content_cache_key(1, revision, variant_id, choices)


def test_same_content_same_cache_key():
    assert key_for(visitor(visitor_id="a"), DEV) == key_for(
        visitor(visitor_id="b", logged_in=False), DEV
    )


def test_cache_key_ignores_location_the_page_does_not_print():
    plain = {"title": "Hello", "body": []}
    assert key_for(visitor(), NOBODY, plain) == key_for(visitor(location=MILTON), NOBODY, plain)


def test_different_content_different_cache_key():
    base = key_for(visitor(), DEV)
    assert key_for(visitor(), NOBODY) != base  # other block variant
    assert key_for(visitor(location=MILTON), DEV) != base  # other city printed
    assert key_for(visitor(), DEV, variant_id="page:1:b") != base  # other page variant
    assert key_for(visitor(), DEV, revision=4) != base  # other revision
    assert key_for(visitor(location=None), DEV) != base  # fallback text


def test_cache_key_names_page_and_revision():
    assert key_for(visitor(), DEV).startswith("tailor:content:1:3:")


def test_block_reasons_say_which_variant_or_default():
    _, choices = resolve_content(PAGE, None, visitor(), DEV, "page:1")
    assert choices.reasons == (
        "Personalized section 1: the alternative for persona developer (persona developer holds)",
        "Personalized section 2 (inside section 1): default (no alternative targets this visitor)",
    )


def test_block_reasons_number_sections_in_reading_order_and_quote_authored_names():
    page = {
        "body": [
            {
                "type": "personalized",
                "id": "6499abf1-0000-4000-8000-000000000001",
                "value": {
                    "variants": [
                        {
                            "name": "Nordic hero",
                            "segment": "nordics",
                            "stage": "evaluate",
                            "blocks": [],
                        }
                    ],
                    "default": [],
                },
            },
            {"type": "heading", "value": "Between"},
            {
                "type": "personalized",
                "id": "6499abf1-0000-4000-8000-000000000002",
                "value": {"variants": [{"persona": "marketer", "blocks": []}], "default": []},
            },
        ]
    }
    _, choices = resolve_content(page, None, visitor(), DEV, "page:1")
    assert choices.reasons == (
        "Personalized section 1: alternative 'Nordic hero' for stage evaluate and segment nordics "
        "(stage evaluate and segment nordics hold)",
        "Personalized section 2: default (no alternative targets this visitor)",
    )
    assert not any("6499abf1" in reason for reason in choices.reasons)
    assert [b.block_id for b in choices.blocks] == [
        "6499abf1-0000-4000-8000-000000000001",
        "6499abf1-0000-4000-8000-000000000002",
    ]


def test_a_bot_reads_that_sections_show_their_default():
    bot = visitor(device=Device(kind="bot"))
    _, choices = resolve_content(
        PAGE, None, bot, Decision(None, "learn", ("nordics",), bot=True), "page:1"
    )
    assert choices.reasons == ("Personalized section 1: default (bots get no alternative)",)


def test_a_block_ab_test_reason_names_the_arm():
    page = {
        "body": [
            {
                "type": "personalized",
                "id": "ab",
                "value": {
                    "variants": [
                        {"name": "Short", "persona": "developer", "weight": 1, "blocks": []},
                        {"name": "Long", "persona": "developer", "weight": 1, "blocks": []},
                    ]
                },
            }
        ]
    }
    _, choices = resolve_content(page, None, visitor(visitor_id=None), DEV, "page:1")
    assert choices.reasons == (
        "Personalized section 1: alternative 'Short' for persona developer "
        "(persona developer holds; A/B test: the first of 2 arms, as the visitor has no id)",
    )
