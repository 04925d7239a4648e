"""Stable references: renaming a persona, stage or segment slug keeps everything that points at
it pointing at the same object, in the transaction that renames it.

What refers to a slug, and what happens to it:
- page variants: foreign keys (ids), nothing to do;
- block alternatives (`personalized` blocks' persona / stage / segment choices): rewritten in
  every page's live body, in the live page variants' bodies, and in every revision (drafts,
  scheduled and older revisions), so publishing a draft or reverting keeps the target;
- reference rules (`{persona: x}`, `{stage: {in: [x, y]}}`, `{segment: x}` rows): rewritten;
- visitor profiles: a declared persona, the stage reached (stages are sticky) and persona
  affinity scores follow (profiles/store.py `rename_slug`).
A stage slug shared by a stage of another site is ambiguous (the blocks name slugs, not sites):
then nothing is rewritten, as the other stage still answers to it.

Connected in signal_handlers.py to `personalization.models.slug_renamed`, which the models send
from inside the atomic block of their save().
"""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.db.models import Field, Model, TextField
from django.db.models.functions import Cast

KINDS = ("persona", "stage", "segment")


# -- pure: one stored stream value -------------------------------------------------------------


def rename_in_stream(blocks: Any, kind: str, old: str, new: str) -> tuple[Any, bool]:
    """The stored stream value (list of {"type", "value", "id"}) with `kind` targets `old`
    renamed to `new` in every personalized block's alternatives; (value, changed?)."""
    if not isinstance(blocks, list):
        return blocks, False
    changed = False
    for block in blocks:
        if not isinstance(block, dict):
            continue
        value = block.get("value")
        if block.get("type") == "personalized" and isinstance(value, dict):
            for item in value.get("variants") or []:
                alt = (
                    item.get("value")
                    if isinstance(item, dict) and item.get("type") == "item"
                    else item
                )
                if not isinstance(alt, dict):
                    continue
                if isinstance(alt.get(kind), str) and alt[kind].lower() == old:
                    alt[kind] = new
                    changed = True
                _, inner = rename_in_stream(alt.get("blocks"), kind, old, new)
                changed = changed or inner
            _, inner = rename_in_stream(value.get("default"), kind, old, new)
            changed = changed or inner
    return blocks, changed


def rename_in_text(text: str, kind: str, old: str, new: str) -> tuple[str, bool]:
    """The same for a stream stored as JSON text (how revisions keep StreamFields)."""
    try:
        blocks = json.loads(text)
    except (TypeError, ValueError):
        return text, False
    blocks, changed = rename_in_stream(blocks, kind, old, new)
    return (json.dumps(blocks) if changed else text), changed


def rename_in_revision(content: dict, kind: str, old: str, new: str) -> bool:
    """A page revision's content (body and each variant's body as JSON text), in place."""
    changed = False
    if isinstance(content.get("body"), str):
        content["body"], changed = rename_in_text(content["body"], kind, old, new)
    for variant in content.get("variants") or []:
        if isinstance(variant, dict) and isinstance(variant.get("body"), str):
            variant["body"], inner = rename_in_text(variant["body"], kind, old, new)
            changed = changed or inner
    return changed


# -- the database ------------------------------------------------------------------------------


def cascade_rename(kind: str, old: str, new: str) -> dict[str, int]:
    """Rewrite every reference to `kind` `old` as `new`; counts of rows changed, by table.
    Call inside the transaction that renames the object."""
    from personalization.models import JourneyStage

    old, new = old.lower(), new.lower()
    if old == new:
        return {}
    if kind == "stage" and JourneyStage.objects.filter(slug=old).exists():
        return {}  # another site's stage still has the old slug: references stay its
    from personalization.profiles.store import rename_slug

    counts = {"reference rules": _reference_rules(kind, old, new)}
    counts.update(_streams(kind, old, new))
    counts["visitor profiles"] = rename_slug(kind, old, new)
    return counts


def _reference_rules(kind: str, old: str, new: str) -> int:
    from personalization.rules.editor_values import join_list, split_list
    from personalization.rules.models import ReferenceRule

    changed = 0
    for rule in ReferenceRule.objects.filter(kind=kind, value__icontains=old):
        slugs = split_list(rule.value)
        renamed = [new if s.lower() == old else s for s in slugs]
        if renamed != slugs:
            rule.value = join_list(renamed)
            rule.save(update_fields=["value"])
            changed += 1
    return changed


def _streams(kind: str, old: str, new: str) -> dict[str, int]:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision

    from cms.pages.models import PageVariant, PersonalizablePage

    counts = {"page bodies": 0, "page variant bodies": 0, "revisions": 0}
    page_models = [m for m in apps.get_models() if issubclass(m, PersonalizablePage)]
    streams: list[tuple[type[Model], str]] = [
        *((m, "page bodies") for m in page_models),
        (PageVariant, "page variant bodies"),
    ]
    for model, key in streams:
        rows = model._default_manager.annotate(_text=Cast("body", TextField())).filter(
            _text__icontains=old
        )
        field = model._meta.get_field("body")
        assert isinstance(field, Field)  # a StreamField
        for pk, text in rows.values_list("pk", "_text"):
            raw, changed = rename_in_stream(json.loads(text), kind, old, new)
            if changed:
                model._default_manager.filter(pk=pk).update(body=field.to_python(raw))
                counts[key] += 1
    types = ContentType.objects.get_for_models(*page_models).values()
    revisions = Revision.objects.filter(content_type__in=types)
    for revision in revisions.annotate(_text=Cast("content", TextField())).filter(
        _text__icontains=old
    ):
        if rename_in_revision(revision.content, kind, old, new):
            revision.save(update_fields=["content"])
            counts["revisions"] += 1
    return counts
