"""Page variants store only what they change (cms/pages/variant_fields.py). Before, saving a page
in the editor could store a copy of the page's title, intro or body in a variant whose fields
differed from the page's only in rich text's `data-block-key` attributes and block ids; such a
variant stopped following the page. Here every variant field equal to its page's, once those are
set aside, becomes inherited (blank): in the variant rows and in each page's live and latest
revision (what the website serves and what the editor opens).

Self-contained on purpose: a migration must not change when the application code does."""

import json
import re

from django.db import migrations

FIELDS = ("title", "intro", "body")
_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def normalise(value):
    """A field value without what the editor rewrites on every save: block ids, block keys."""
    if isinstance(value, str):
        return _BLOCK_KEY.sub("", value).strip()
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if k != "id"}
    return value


def _stream(value):
    """Stored blocks from a StreamValue, a JSON string (revisions) or a list."""
    if hasattr(value, "raw_data"):
        return list(value.raw_data)
    if isinstance(value, str):
        return json.loads(value or "[]")
    return list(value or [])


def same(name, variant_value, page_value):
    if name == "body":
        variant_blocks = _stream(variant_value)
        return bool(variant_blocks) and normalise(variant_blocks) == normalise(
            _stream(page_value)
        )
    return bool(variant_value) and normalise(variant_value) == normalise(page_value or "")


def inherit_rows(apps):
    PageVariant = apps.get_model("pages", "PageVariant")
    pages = {}
    for model_name in ("HomePage", "ContentPage"):
        model = apps.get_model("pages", model_name)
        for page in model.objects.all():
            pages[page.pk] = {"title": page.title, "intro": page.intro, "body": page.body}
    changed = 0
    for variant in PageVariant.objects.all():
        page = pages.get(variant.page_id)
        if page is None:
            continue
        blank = [n for n in FIELDS if same(n, getattr(variant, n), page[n])]
        for name in blank:
            setattr(variant, name, [] if name == "body" else "")
        if blank:
            variant.save(update_fields=blank)
            changed += len(blank)
    return changed


def inherit_revisions(apps):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ids = set()
    for latest, live in Page.objects.values_list("latest_revision_id", "live_revision_id"):
        ids.update(i for i in (latest, live) if i)
    changed = 0
    for revision in Revision.objects.filter(pk__in=ids).iterator():
        content = revision.content or {}
        variants = content.get("variants")
        if not isinstance(variants, list) or "body" not in content:
            continue
        count = 0
        for variant in variants:
            for name in FIELDS:
                if same(name, variant.get(name), content.get(name)):
                    variant[name] = "[]" if name == "body" else ""
                    count += 1
        if count:
            revision.save(update_fields=["content"])
            changed += count
    return changed


def forwards(apps, schema_editor):
    rows, revisions = inherit_rows(apps), inherit_revisions(apps)
    if rows or revisions:
        print(
            f"\n  pages.0005: {rows} variant fields equal to their page's now inherit it "
            f"({revisions} in live and latest revisions)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_pagevariant_allocation_pagevariant_holdout"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
