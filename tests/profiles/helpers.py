"""Shorthands shared by the profile tests."""

from datetime import UTC, datetime

from personalization.profiles import store
from personalization.profiles.models import (
    Event,
    Impression,
    PageView,
    PathView,
    PersonaAffinity,
    TagView,
    Visitor,
    VisitorAlias,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ALL_MODELS = (
    Visitor,
    VisitorAlias,
    PathView,
    TagView,
    PersonaAffinity,
    Event,
    PageView,
    Impression,
)


def view(
    visitor_id,
    now,
    path="/pricing/",
    tags=(),
    affinity=None,
    variant_id=None,
    arm=None,
    page_id=1,
    **kw,
):
    """Record one page view with sensible defaults."""
    store.record_page_view(
        visitor_id,
        path=path,
        page_id=page_id,
        tags=list(tags),
        affinity=affinity or {},
        variant_id=variant_id,
        arm=arm,
        now=now,
        **kw,
    )


def consented(now, *, personalization=True, analytics=True):
    visitor_id, _ = store.set_consent(
        None, personalization=personalization, analytics=analytics, now=now
    )
    return visitor_id


def row_counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}
