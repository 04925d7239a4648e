"""Migration pages.0005: a variant field equal to its page's, once rich text's data-block-key
attributes and block ids are set aside, becomes inherited (blank), in the variant rows and in
the page's live and latest revisions; a field that really differs stays the variant's own.

The migration's function runs on rows written as the old editor wrote them (copies with new block
keys), with today's models: later migrations (pages.0006 adds columns) make the schema of 0004
unusable with them, and the function only reads and blanks the fields that 0004 already had."""

from __future__ import annotations

import json
from importlib import import_module

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.pages.models import ContentPage, PageVariant
from personalization.models import Persona

MIGRATION = import_module("cms.pages.migrations.0005_variants_inherit_unchanged_fields")

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


@pytest.mark.django_db
def test_variant_fields_equal_to_the_pages_become_inherited_and_own_ones_stay():
    root = Page.get_first_root_node()
    page = root.add_child(
        instance=ContentPage(title="Home", slug="m-home", intro="Welcome", body=PAGE_BODY)
    )
    persona = Persona.objects.create(slug="family", name="Family")
    copied = PageVariant(page=page, name="Copied", persona=persona, title="Home", body=COPIED_BODY)
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

    MIGRATION.forwards(apps, None)

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
