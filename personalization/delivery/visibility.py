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

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page
from wagtail.query import PageQuerySet


def not_expired(now: datetime | None = None) -> Q:
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())


def public_pages(queryset: PageQuerySet | None = None, now: datetime | None = None) -> PageQuerySet:
    """`queryset` (every page by default) narrowed to what any visitor may see."""
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.live().public().filter(not_expired(now))


def is_public(page: Page, now: datetime | None = None) -> bool:
    return public_pages(Page.objects.filter(pk=page.pk), now).exists()
