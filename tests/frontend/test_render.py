"""Pure rendering rules: images, blocks, the content cache (the why-panel words: test_why.py)."""

from __future__ import annotations

from frontend.cache import TTLCache
from frontend.render import flatten_blocks, image_view, is_download

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
