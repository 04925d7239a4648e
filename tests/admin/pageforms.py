"""POST data for the page edit view, built the way the admin's own form sends it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def list_block(items: Sequence[Any]) -> dict:
    """ListBlock form data (count, then value/deleted/order per item)."""
    data: dict[str, Any] = {
        str(i): {"value": item, "deleted": "", "order": str(i)} for i, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def alternative(
    blocks: Sequence[tuple[str, Any]],
    persona: str = "",
    stage: str = "",
    segment: str = "",
    weight: str = "",
) -> dict:
    """One alternative of a personalized block (slugs, as its choice fields hold them)."""
    return {
        "persona": persona,
        "stage": stage,
        "segment": segment,
        "weight": weight,
        "blocks": streamfield(blocks),
    }


def personalized(
    alternatives: Sequence[dict], default: Sequence[tuple[str, Any]] = ()
) -> tuple[str, dict]:
    return ("personalized", {"variants": list_block(alternatives), "default": streamfield(default)})


def paragraph(html: str) -> tuple[str, str]:
    return ("paragraph", rich_text(html))


def variant(
    name: str,
    persona=None,
    stage=None,
    segment=None,
    weight="",
    title="",
    intro="",
    body: Sequence[tuple[str, Any]] | None = (),
    pk: int | None = None,
    **sources: str,
) -> dict:
    """A page variant form (targets as model instances or None). `title_source="own"` etc. are
    the editor's per-field choice ("page": inherit, "own": override); `body=None` sends no body
    editor, as the editor does for an inherited body."""
    form = {
        "name": name,
        "persona": persona.pk if persona else "",
        "stage": stage.pk if stage else "",
        "segment": segment.pk if segment else "",
        "weight": weight,
        "title": title,
        "intro": intro,
        "holdout": "0",
        "allocation": "",
        "layer": "",
        "traffic": "100",
        **sources,
    }
    if body is not None:
        form["body"] = streamfield(body)
    if pk:
        form["id"] = pk
    return form


def page_data(
    page,
    *,
    title: str | None = None,
    intro: str | None = None,
    body: Sequence[tuple[str, Any]] = (),
    variants: Sequence[dict] = (),
    existing_variants: int = 0,
    publish: bool = False,
) -> dict:
    data = nested_form_data(
        {
            "title": page.title if title is None else title,
            "slug": page.slug,
            "intro": page.intro if intro is None else intro,
            "body": streamfield(body),
            "variants": inline_formset(list(variants), initial=existing_variants),
            "persona_affinity": inline_formset([]),
            "comments": inline_formset([]),
            "tags": "",
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data
