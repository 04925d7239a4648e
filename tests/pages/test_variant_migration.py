"""Migration pages.0005: a variant field equal to its page's, once rich text's data-block-key
attributes and block ids are set aside, becomes inherited (blank), in the variant rows and in
the page's live and latest revisions; a field that really differs stays the variant's own."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from cms.pages.models import ContentPage, PageVariant
from personalization.models import Persona

BEFORE = [("pages", "0004_pagevariant_allocation_pagevariant_holdout")]
AFTER = [("pages", "0005_variants_inherit_unchanged_fields")]

PAGE_BODY = [
    {"type": "heading", "value": "Cars that fit", "id": "a1"},
    {"type": "paragraph", "value": '<p data-block-key="k1">Test drive any model.</p>', "id": "a2"},
]
# What the old editor stored: the same blocks with new ids and new block keys.
COPIED_BODY = [
    {"type": "heading", "value": "Cars that fit", "id": "b1"},
    {"type": "paragraph", "value": '<p data-block-key="zz9">Test drive any model.</p>', "id": "b2"},
]
OWN_BODY = [{"type": "heading", "value": "Room for the whole family", "id": "c1"}]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_variant_fields_equal_to_the_pages_become_inherited_and_own_ones_stay():
    migrate(BEFORE)
    try:
        root = Page.get_first_root_node()
        page = root.add_child(
            instance=ContentPage(title="Home", slug="m-home", intro="Welcome", body=PAGE_BODY)
        )
        persona = Persona.objects.create(slug="family", name="Family")
        copied = PageVariant(
            page=page, name="Copied", persona=persona, title="Home", body=COPIED_BODY
        )
        own = PageVariant(
            page=page,
            name="Own",
            persona=persona,
            title="Seven seats",
            intro="Welcome",
            body=OWN_BODY,
        )
        page.variants.add(copied, own)
        page.save()
        page.save_revision().publish()

        migrate(AFTER)

        rows = {v.name: v for v in PageVariant.objects.filter(page=page)}
        assert (rows["Copied"].title, rows["Copied"].intro, list(rows["Copied"].body.raw_data)) == (
            "",
            "",
            [],
        )
        assert rows["Own"].title == "Seven seats" and rows["Own"].intro == ""
        assert [b["value"] for b in rows["Own"].body.raw_data] == ["Room for the whole family"]
        revision = ContentPage.objects.get(pk=page.pk).live_revision
        variants = {v["name"]: v for v in revision.content["variants"]}
        assert variants["Copied"]["title"] == "" and json.loads(variants["Copied"]["body"]) == []
        assert variants["Own"]["title"] == "Seven seats" and variants["Own"]["intro"] == ""
    finally:
        migrate(AFTER)
