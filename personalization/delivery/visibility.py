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


def public_pages(queryset: PageQuerySet | None = None, now: datetime | None = None) -> PageQuerySet:
    """`queryset` (every page by default) narrowed to what any visitor may see.

    Expired pages are excluded by id (a subquery, no extra round trip): Wagtail's search accepts
    filters on `id` but not on `expire_at`, and grapple's list fields search this queryset."""
    queryset = Page.objects.all() if queryset is None else queryset
    expired = Page.objects.filter(expire_at__lte=now or timezone.now()).values("id")
    return queryset.live().public().exclude(id__in=expired)


def is_public(page: Page, now: datetime | None = None) -> bool:
    return public_pages(Page.objects.filter(pk=page.pk), now).exists()
