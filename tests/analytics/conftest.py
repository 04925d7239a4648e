"""Analytics fixtures: a live page with variants and a way to write real visitor history
through the profile store (the only writer of those tables)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail_personalisation.models import Segment

from cms.pages.models import ContentPage, PageVariant
from personalization.models import Persona
from personalization.profiles import store
from tests.api.conftest import graphql  # noqa: F401  (the /graphql/ client, for end-to-end tests)


@pytest.fixture
def landing(db) -> ContentPage:
    """A live page with "Racer home" (persona racer) and an A/B test "Phone A" / "Phone B"
    (both for segment Phones)."""
    racer = Persona.objects.create(slug="racer", name="Racer", priority=10)
    phones = Segment.objects.create(name="Phones")
    page = Page.get_first_root_node().add_child(instance=ContentPage(title="Landing", slug="landing"))
    page.variants.add(PageVariant(name="Racer home", persona=racer))
    page.variants.add(PageVariant(name="Phone A", segment=phones, weight=50))
    page.variants.add(PageVariant(name="Phone B", segment=phones, weight=50))
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


def variant_id(page: ContentPage, name: str) -> str:
    return f"page:{page.pk}:{page.variants.get(name=name).key}"


def visit(page: ContentPage, variant: str | None, *, buys: bool = False, ago: timedelta = timedelta(hours=2),
          analytics: bool = True) -> str:
    """A consenting visitor shown `variant` (a name; None: the default) who may buy an hour later."""
    now: datetime = timezone.now() - ago
    vid, _ = store.set_consent(None, personalization=True, analytics=analytics, now=now)
    store.record_page_view(vid, path="/landing/", page_id=page.pk, tags=[], affinity={},
                           variant_id=variant_id(page, variant) if variant else None, arm=None, now=now)
    if buys:
        store.record_event(vid, type="purchase", now=now + timedelta(hours=1))
    return vid
