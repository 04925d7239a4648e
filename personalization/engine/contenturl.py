"""Where the chosen content of a page can be fetched with GET, the same for every visitor who
gets the same content (`Decision.contentUrl`, graphql-api.md "Caching and local evaluation").

    /content/<page id>/<revision>/<code>

`code` is the canonical, URL-safe encoding of exactly what engine/cachekey.py keys on: the page
variant, the choice made in every personalized block (in reading order) and the place names
inserted for placeholders. Nothing else about the visitor is in it, so two requests with equal
cache keys get equal URLs, and a CDN may keep the answer for everyone. The server rebuilds the
content from the URL alone (`decode` + `engine.content.replay_content`), and refuses a code that
is not the canonical one for what it decodes to.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass

from .content import PLACEHOLDER_NAMES, ContentChoices

PREFIX = "/content/"
MAX_CODE = 4096
MAX_PLACE = 200


@dataclass(frozen=True)
class ContentCode:
    variant: str | None  # the page variant's key, None for the default
    blocks: tuple[int | None, ...]  # per personalized block in reading order: index or None
    places: Mapping[str, str | None]  # placeholder name -> value used (None: its fallback)


def page_variant_key(page_id: int | str, variant_id: str | None) -> str | None:
    """ "page:<id>:<key>" -> "<key>"."""
    if variant_id is None:
        return None
    prefix = f"page:{page_id}:"
    return variant_id[len(prefix) :] if variant_id.startswith(prefix) else variant_id


def block_index(variant_id: str | None) -> int | None:
    """A block choice's variant id "<block id>:<n>" -> n (None for the default)."""
    if variant_id is None:
        return None
    return int(variant_id.rsplit(":", 1)[1])


def code_for(variant_key: str | None, choices: ContentChoices) -> ContentCode:
    blocks = tuple(
        block_index(b.choice.variant.id if b.choice.variant else None) for b in choices.blocks
    )
    return ContentCode(variant_key, blocks, dict(choices.placeholders))


def encode(code: ContentCode) -> str:
    data = [
        code.variant,
        [-1 if i is None else i for i in code.blocks],
        {name: code.places[name] for name in sorted(code.places)},
    ]
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(text: str) -> ContentCode:
    """The code in a URL, checked for shape; ValueError when it is not one."""
    if not text or len(text) > MAX_CODE:
        raise ValueError("bad length")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        variant, blocks, places = json.loads(raw.decode("utf-8"))
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ValueError("not a content code") from None
    if variant is not None and not isinstance(variant, str):
        raise ValueError("bad variant")
    if not isinstance(blocks, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= -1 for i in blocks
    ):
        raise ValueError("bad blocks")
    if not isinstance(places, dict) or not set(places) <= set(PLACEHOLDER_NAMES):
        raise ValueError("bad places")
    for value in places.values():
        if value is not None and (
            not isinstance(value, str)
            or not value
            or len(value) > MAX_PLACE
            or any(ord(c) < 32 for c in value)
        ):
            raise ValueError("bad place")
    code = ContentCode(variant, tuple(None if i == -1 else i for i in blocks), places)
    if encode(code) != text:
        raise ValueError("not canonical")
    return code


def content_path(
    page_id: int | str, revision: str, variant_key: str | None, choices: ContentChoices
) -> str:
    return f"{PREFIX}{page_id}/{revision}/{encode(code_for(variant_key, choices))}"
