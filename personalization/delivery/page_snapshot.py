"""A page as plain data for the engine: its content (blocks with image renditions and expanded
rich text), its variants and its persona affinity. Built once per page revision and cached, so a
delivery costs one query to find the page whatever the page holds."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cachetools import LRUCache
from django.core.cache import cache
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from personalization import settings as tailor_settings
from personalization import stamps
from personalization.engine.page import segments_used
from personalization.engine.ruleset import Target, VariantDef

from .visibility import public_pages

RENDITION_WIDTHS = (480, 960, 1600)
_local: LRUCache = LRUCache(maxsize=tailor_settings.snapshots_in_process())
_local_lock = threading.Lock()
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PageSnapshot:
    page_id: int
    revision: str  # live revision id, or "draft-<id>" in previews
    path: str
    content: dict[str, Any]  # {"title", "intro", "tags", "body"}
    variants: tuple[VariantDef, ...] = ()
    variant_fields: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # variant id -> overrides
    affinity: dict[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @cached_property
    def segments(self) -> frozenset[str]:
        """The segments this page's variants and personalized blocks target (worked out once)."""
        return segments_used(self)


def build_snapshot(page: Page, path: str, revision: str) -> PageSnapshot:
    """From a specific page object: the live page, or a draft revision's object in previews."""
    images = _ImageResolver()
    body = _blocks(page.body.raw_data, images)
    tags = tuple(sorted(t.name.lower() for t in page.tags.all()))
    content = {"title": page.title, "intro": page.intro, "tags": list(tags), "body": body}
    variants, fields = [], {}
    for v in page.variants.all():
        vid = f"page:{page.pk}:{v.key}"
        target = Target(
            persona=v.persona.slug if v.persona_id else None,
            stage=v.stage.slug if v.stage_id else None,
            segment=_segment_slug(v.segment) if v.segment_id else None,
        )
        variants.append(
            VariantDef(
                id=vid,
                name=v.name,
                target=target,
                weight=v.weight,
                go_live_at=v.go_live_at,
                expire_at=v.expire_at,
                holdout=v.holdout or 0,
                allocation=v.allocation or "",
                layer=v.layer or "",
                traffic=v.traffic or 100,
            )
        )
        overrides: dict[str, Any] = {}
        if v.title:
            overrides["title"] = v.title
        if v.intro:
            overrides["intro"] = v.intro
        if v.body.raw_data:
            overrides["body"] = _blocks(v.body.raw_data, images)
        fields[vid] = overrides
    images.fill()
    affinity = {a.persona.slug: float(a.points) for a in page.persona_affinity.all()}
    return PageSnapshot(page.pk, revision, path, content, tuple(variants), fields, affinity, tags)


def live_snapshot(root: Page, path: str, rules_version: str = "") -> PageSnapshot | None:
    """The live, public page at `path` under `root`, or None (two queries on a warm cache: the
    page and its view restrictions). The API finds pages through the route table instead
    (delivery/routes.py: no query); this stays for callers outside a request (load_site)."""
    url_path = root.url_path + path.lstrip("/") if path != "/" else root.url_path
    row = (
        public_pages(Page.objects.filter(url_path=url_path, path__startswith=root.path))
        .values_list("pk", "live_revision_id")
        .first()
    )
    if row is None:
        return None
    return snapshot_for(row[0], row[1], path, rules_version)


def snapshot_for(
    page_id: int, revision_id: int | None, path: str, rules_version: str = ""
) -> PageSnapshot:
    """The snapshot of a page's live revision: from this process's memory, else the shared
    cache, else built (and cached in both).

    The key holds the rules version too: variant targets are slugs, and a renamed persona or
    segment must not keep serving a snapshot that still names the old slug. And the routes
    version: rich-text links to other pages lose their URL when those pages stop being public."""
    key = f"tailor:snapshot:{page_id}:{revision_id}:{rules_version}:{stamps.current(stamps.ROUTES)}"
    snapshot = _local.get(key)
    if snapshot is not None:
        return snapshot
    snapshot = cache.get(key)
    if snapshot is None:
        page = Page.objects.get(pk=page_id).specific
        snapshot = build_snapshot(page, path, str(revision_id))
        cache.set(key, snapshot, CACHE_SECONDS)
    with _local_lock:
        _local[key] = snapshot
    return snapshot


def forget_local() -> None:
    """Drop this process's snapshots (tests: ids are reused after a rollback)."""
    with _local_lock:
        _local.clear()


def _segment_slug(segment) -> str | None:
    identity = getattr(segment, "identity", None)
    return identity.slug if identity else f"segment-{segment.pk}"


def _blocks(raw: list, images: _ImageResolver) -> list[dict]:
    out = []
    for block in raw or []:
        kind, value, bid = block.get("type"), block.get("value"), block.get("id")
        if kind == "paragraph":
            value = expand_db_html(value or "")
        elif kind == "image":
            value = images.placeholder(value.get("image"), value.get("alt", ""))
        elif kind == "personalized":
            value = {
                "variants": [
                    {
                        "persona": alt.get("persona") or None,
                        "stage": alt.get("stage") or None,
                        "segment": alt.get("segment") or None,
                        "weight": alt.get("weight") or None,
                        "go_live_at": alt.get("go_live_at") or None,
                        "expire_at": alt.get("expire_at") or None,
                        "blocks": _blocks(alt.get("blocks", []), images),
                    }
                    for alt in (item.get("value", item) for item in value.get("variants", []))
                ],
                "default": _blocks(value.get("default", []), images),
            }
        out.append({"type": kind, "value": value, "id": bid})
    return out


class _ImageResolver:
    """Collects every image of a page, then fetches them and their renditions in bulk."""

    def __init__(self):
        self.pending: list[tuple[int, dict]] = []

    def placeholder(self, image_id: int | None, alt: str) -> dict:
        value: dict[str, Any] = {
            "alt": alt,
            "src": None,
            "width": None,
            "height": None,
            "srcset": "",
            "renditions": [],
        }
        if image_id:
            self.pending.append((image_id, value))
        return value

    def fill(self) -> None:
        if not self.pending:
            return
        model = get_image_model()
        found = {img.pk: img for img in model.objects.filter(pk__in={i for i, _ in self.pending})}
        base = tailor_settings.media_base_url()
        for image_id, value in self.pending:
            image = found.get(image_id)
            if image is None:
                continue
            specs = [f"width-{w}" for w in RENDITION_WIDTHS if w < image.width] + [
                f"width-{min(image.width, RENDITION_WIDTHS[-1])}"
            ]
            renditions = image.get_renditions(*dict.fromkeys(specs))
            items = sorted(
                (
                    {"width": r.width, "height": r.height, "url": base + r.url}
                    for r in renditions.values()
                ),
                key=lambda r: r["width"],
            )
            largest = items[-1]
            value.update(
                src=largest["url"],
                width=largest["width"],
                height=largest["height"],
                renditions=items,
                srcset=", ".join(f"{r['url']} {r['width']}w" for r in items),
            )
