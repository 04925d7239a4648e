"""`rawValue` of a typed page's blocks, for every block type.

grapple's resolver only knows plain values, dicts and rich text: on an image, a CTA (a StructBlock
holding a page or a StructValue) or our personalized block (a StreamBlock) it raises TypeError, so
`body { rawValue }` was an internal error (issue 12, finding 2). The raw value here is the block's
own stored form (`get_prep_value`): rich text as its source, text as itself, anything else as JSON.
`RawValueMiddleware` (settings GRAPHENE["MIDDLEWARE"]) answers every `rawValue` field with it.
Rich text in it (at any depth) keeps links to public pages only: a link to a draft, private or
expired page loses its id (delivery/rich_text.without_hidden_links; the leak matrix)."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.blocks import StructValue
from wagtail.rich_text import RichText

from personalization.delivery.rich_text import without_hidden_links


def raw_value(child: Any) -> str:
    """The raw value of a StreamField child (or of a nested StructValue) as a string."""
    if isinstance(child, StructValue):
        block, value = child.block, child
    else:
        block, value = getattr(child, "block", None), getattr(child, "value", child)
    if isinstance(value, RichText):
        return without_hidden_links(value.source)
    if isinstance(value, str):
        return without_hidden_links(value)
    prepared = block.get_prep_value(value) if block is not None else value
    if isinstance(prepared, str):
        return without_hidden_links(prepared)
    return json.dumps(_clean(prepared), cls=DjangoJSONEncoder)


def _clean(value: Any) -> Any:
    """Every string of a prepared (JSON-ready) value with its hidden page links removed."""
    if isinstance(value, str):
        return without_hidden_links(value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


class RawValueMiddleware:
    def resolve(self, next_, root, info, **kwargs):
        if info.field_name == "rawValue" and root is not None:
            return raw_value(root)
        return next_(root, info, **kwargs)
