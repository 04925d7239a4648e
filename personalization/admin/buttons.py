"""The page actions "Preview as…" and "Coverage", for pages the user may edit."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext
from wagtail.admin.widgets import Button
from wagtail.models import Page


def is_personalizable(page: Page) -> bool:
    """Pages whose type carries variants and a body (the root page and others do not): page types
    say so with `personalizable = True` (cms.pages' PersonalizablePage), so the admin needs no
    import of the page models."""
    return bool(getattr(page.specific_class or Page, "personalizable", False))


def page_buttons(page: Page, user, priority: int) -> Iterator[Button]:
    if not is_personalizable(page) or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        gettext("Preview as…"),
        reverse("personalization_admin:preview_as", args=[page.pk]),
        icon_name="view",
        priority=priority,
        attrs={"title": gettext("Preview this page as a persona, stage, country or device")},
    )
    yield Button(
        gettext("Coverage"),
        reverse("personalization_admin:page_coverage", args=[page.pk]),
        icon_name="table",
        priority=priority + 1,
        attrs={"title": gettext("Which persona and stage gets which variant")},
    )
