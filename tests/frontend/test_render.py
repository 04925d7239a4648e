"""Pure rendering rules: images, blocks, the plain-words explanation, the content cache."""

from __future__ import annotations

from frontend.api import Decision, Persona, Stage
from frontend.cache import TTLCache
from frontend.render import explain, flatten_blocks, image_view, is_download, plain_reasons

ORIGIN = "https://cms.example"


def test_image_with_renditions_gets_a_srcset_sorted_by_width_and_a_mid_sized_fallback():
    view = image_view(
        {
            "alt": "A car",
            "renditions": [
                {"width": 1600, "height": 900, "url": "/media/c-1600.jpg"},
                {"width": 480, "height": 270, "url": "/media/c-480.jpg"},
                {"width": 960, "height": 540, "url": "https://cdn.example/c-960.jpg"},
            ],
        },
        ORIGIN,
    )
    assert view.srcset == (
        "https://cms.example/media/c-480.jpg 480w, https://cdn.example/c-960.jpg 960w, "
        "https://cms.example/media/c-1600.jpg 1600w"
    )
    assert view.src == "https://cdn.example/c-960.jpg"
    assert (view.width, view.height, view.alt) == (1600, 900, "A car")


def test_renditions_keyed_by_width_are_understood():
    view = image_view(
        {"alt": "", "renditions": {"480": "/m/a.jpg", "960": {"url": "/m/b.jpg", "height": 540}}},
        ORIGIN,
    )
    assert view.srcset == "https://cms.example/m/a.jpg 480w, https://cms.example/m/b.jpg 960w"


def test_image_with_a_single_url_still_renders():
    view = image_view(
        {"url": "/media/original.jpg", "alt": "x", "width": 800, "height": 600}, ORIGIN
    )
    assert (view.src, view.srcset, view.width) == (
        "https://cms.example/media/original.jpg",
        "",
        800,
    )


def test_image_without_any_url_is_skipped():
    assert image_view({"alt": "orphan"}, ORIGIN) is None
    assert image_view(42, ORIGIN) is None


def test_unresolved_personalized_blocks_render_their_chosen_blocks_in_place():
    body = [
        {"type": "heading", "value": "A"},
        {"type": "personalized", "value": [{"type": "paragraph", "value": "<p>B</p>"}]},
        {"type": "paragraph", "value": "<p>C</p>"},
    ]
    assert [b["value"] for b in flatten_blocks(body)] == ["A", "<p>B</p>", "<p>C</p>"]


def test_downloads_are_recognised_by_their_file_type():
    assert is_download("/media/documents/brochure.PDF?dl=1")
    assert not is_download("/pricing/")


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


def test_explanation_for_a_default_visitor_says_nothing_is_remembered():
    facts = dict(explain(decision(), None))
    assert facts["What you see"] == "the standard version of this page."
    assert facts["Who we think you are"] == "nobody in particular; we have no reason to guess."
    assert facts["Where you are"] == "unknown."
    assert facts["Memory"] == "we do not remember anything about you between pages."


def test_explanation_names_only_the_public_persona_name_and_the_rest_in_words():
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
    assert facts["Where you are in your search"] == "a guess from what you have done on this site."
    assert facts["How you arrived"] == "you came from a search ad."
    assert facts["Groups you fall into"] == "one of the groups this site uses to choose content."
    assert facts["What you see"] == "a version of this page written for visitors like you."
    assert (
        "Family decides" not in str(facts)
        and "Family buyer" not in str(facts)
        and "Decide" not in str(facts)
    )


def test_a_persona_without_a_public_name_is_not_named():
    facts = dict(
        explain(decision(persona=Persona("student", "Student signals", "Internal notes")), None)
    )
    assert facts["Who we think you are"] == "we have a guess, used only to choose what you see."


def test_cache_forgets_entries_after_their_ttl():
    now = [0.0]
    cache: TTLCache[str] = TTLCache(max_size=10, ttl=5, clock=lambda: now[0])
    cache.set("a", "html")
    now[0] = 4.9
    assert cache.get("a") == "html"
    now[0] = 5.1
    assert cache.get("a") is None


def test_cache_evicts_the_least_recently_used_entry():
    cache: TTLCache[str] = TTLCache(max_size=2, ttl=60)
    cache.set("a", "1")
    cache.set("b", "2")
    cache.get("a")
    cache.set("c", "3")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("1", None, "3")


def test_image_nested_under_the_block_keeps_the_blocks_alt_text():
    view = image_view(
        {
            "image": {
                "url": "/media/o.png",
                "renditions": [{"width": 400, "url": "/media/o-400.png"}],
                "alt": "file title",
            },
            "alt": "Editor's alt text",
        },
        ORIGIN,
    )
    assert (view.alt, view.srcset) == (
        "Editor's alt text",
        "https://cms.example/media/o-400.png 400w",
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


def test_reasons_drop_sections_showing_their_default_and_name_signals_in_words():
    assert plain_reasons(FAMILY_HOME_REASONS, {"family": "Families"}) == [
        "We think you are among “Families”: campaign in your link is family-summer "
        "(rule: campaign in your link contains family)",
        "How far along you are: every visitor starts here",
        "A group you fall into: your country is SE (rule: your country in [SE, NO, DK, FI, IS])",
        "A version of this page for “Families”",
        "Personalized section 1: the alternative for “Families” (“Families” holds)",
    ]


def test_reasons_without_public_names_say_it_in_plain_words():
    assert plain_reasons(FAMILY_HOME_REASONS[:1] + FAMILY_HOME_REASONS[3:5]) == [
        "We have a guess about you: campaign in your link is family-summer (rule: campaign in your link contains family)",
        "A version of this page for a kind of visitor",
        "Personalized section 1: the alternative for a kind of visitor (a kind of visitor holds)",
    ]


def test_nested_and_bot_sections_showing_their_default_are_left_out_too():
    assert plain_reasons(
        [
            "Personalized section 1: alternative 'Racer hero' for persona racer (persona racer holds)",
            "Personalized section 2 (inside section 1): default (no alternative targets this visitor)",
            "Personalized section 3: default (bots get no alternative)",
        ]
    ) == ["Personalized section 1: an alternative for a kind of visitor (a kind of visitor holds)"]


def test_the_page_default_is_still_explained():
    assert plain_reasons(
        [
            "No persona: no persona's rules or affinity score match this visitor",
            "Default content: no variant targets this visitor",
        ]
    ) == [
        "No guess about you: no persona's rules or affinity score match this visitor",
        "Default content: no variant targets this visitor",
    ]
