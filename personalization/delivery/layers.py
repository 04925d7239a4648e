"""The tests of each experiment layer (engine/layers.py needs them to keep a visitor in at most
one test of a layer): layer -> the experiment keys ("page:<id>") of the live pages with a variant
in that layer. One query per change of the pages (the routes stamp), then from memory."""

from __future__ import annotations

import threading

from django.apps import apps

from personalization import stamps

from .page_snapshot import PageSnapshot

_lock = threading.Lock()
_cached: tuple[str, dict[str, tuple[str, ...]]] | None = None


def layer_members(snapshot: PageSnapshot) -> dict[str, tuple[str, ...]] | None:
    """None when the page has no variant in a layer (no query)."""
    if not any(v.layer for v in snapshot.variants):
        return None
    return all_layers()


def all_layers() -> dict[str, tuple[str, ...]]:
    global _cached
    stamp = stamps.current(stamps.ROUTES)
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    PageVariant = apps.get_model("pages", "PageVariant")
    rows = (
        PageVariant.objects.filter(page__live=True)
        .exclude(layer="")
        .values_list("layer", "page_id")
        .distinct()
    )
    found: dict[str, set[str]] = {}
    for layer, page_id in rows:
        found.setdefault(layer, set()).add(f"page:{page_id}")
    members = {layer: tuple(sorted(keys)) for layer, keys in found.items()}
    with _lock:
        _cached = (stamp, members)
    return members


def forget() -> None:
    """Tests: ids are reused after a rollback."""
    global _cached
    with _lock:
        _cached = None
