"""What a visitor may see of the page tree: live pages, without view restrictions, not past
their `expire_at`.

Wagtail unpublishes an expired page only when `publish_scheduled` runs (a cron job); until then
the page is still `live`. Every public path that reaches a page — the page itself, the typed
page's children, siblings, descendants, ancestors and parent, their `numchild`, and rich-text
links — filters through `public_pages`, so an expired page is hidden at its `expire_at` and not
at the next cron run.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from wagtail.models import Page
from wagtail.query import PageQuerySet

from personalization.engine.schedule import is_live


def public_pages(queryset: PageQuerySet | None = None, now: datetime | None = None) -> PageQuerySet:
    """`queryset` (every page by default) narrowed to what any visitor may see.

    Expired pages are excluded by id (a subquery, no extra round trip): Wagtail's search accepts
    filters on `id` but not on `expire_at`, and grapple's list fields search this queryset."""
    queryset = Page.objects.all() if queryset is None else queryset
    expired = Page.objects.filter(expire_at__lte=now or timezone.now()).values("id")
    return queryset.live().public().exclude(id__in=expired)


def is_public(page: Page, now: datetime | None = None) -> bool:
    return public_pages(Page.objects.filter(pk=page.pk), now).exists()


def without_unscheduled_alternatives(raw_body: list, now: datetime) -> list:
    """A StreamField body's raw data with every personalized block's alternatives that are not
    live at `now` (go_live_at still ahead, expire_at past) left out, at any depth: the typed page
    shows personalized blocks as authored, but never an alternative before or after its window."""

    def alternative_value(item: dict) -> dict:
        # ListBlock items are stored as {"type": "item", "value": ..., "id": ...} (or bare values)
        return item.get("value", item) if item.get("type") == "item" else item

    def clean(blocks: list) -> list:
        cleaned = []
        for block in blocks or []:
            if isinstance(block, dict) and block.get("type") == "personalized":
                value = dict(block.get("value") or {})
                alternatives = []
                for item in value.get("variants") or []:
                    alternative = alternative_value(item)
                    if not is_live(
                        now, alternative.get("go_live_at"), alternative.get("expire_at")
                    ):
                        continue
                    nested = {**alternative, "blocks": clean(alternative.get("blocks") or [])}
                    alternatives.append(
                        {**item, "value": nested} if item is not alternative else nested
                    )
                value["variants"] = alternatives
                value["default"] = clean(value.get("default") or [])
                block = {**block, "value": value}
            cleaned.append(block)
        return cleaned

    return clean(list(raw_body))
