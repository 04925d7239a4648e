"""Admin test fixtures: a small site (a personalizable home page at the default site's root),
a superuser client, and a limited editor who may edit pages but not personas or stages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Site

from cms.pages.models import ContentPage
from personalization.models import JourneyStage, Persona


@pytest.fixture
def home(db) -> ContentPage:
    """A live content page at the root of the default site (as the demo's `/`)."""
    root = Page.get_first_root_node()
    page = root.add_child(
        instance=ContentPage(title="Cars that fit your life", slug="tailor-home", intro="Welcome")
    )
    page.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    return ContentPage.objects.get(pk=page.pk)


@pytest.fixture
def editor(db, home, django_user_model):
    """May use the admin and edit pages under home; has no permission on personas or stages."""
    group = Group.objects.create(name="Page editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user("editor", "editor@example.com", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def personas(db) -> dict[str, Persona]:
    rows = [
        ("family", "Family buyer", 20),
        ("performance", "Performance enthusiast", 30),
        ("fleet", "Fleet manager", 40),
    ]
    return {
        slug: Persona.objects.create(slug=slug, name=name, priority=priority, sort_order=i)
        for i, (slug, name, priority) in enumerate(rows)
    }


@pytest.fixture
def stages(db) -> dict[str, JourneyStage]:
    rows = [("need", "Need", 1), ("research", "Research", 2), ("decide", "Decide", 3)]
    return {
        slug: JourneyStage.objects.create(slug=slug, name=name, order=order)
        for slug, name, order in rows
    }
