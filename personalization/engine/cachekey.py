"""Cache keys for resolved content: equal exactly when two requests get identical content.

Resolved content is a function of the page revision, the page variant chosen, the variant chosen
in every personalized block, and the place names inserted for placeholders; nothing else about
the visitor reaches the content. So the key is built from those and only those: two visitors from
different cities share an entry unless the page actually prints the city.
"""

from __future__ import annotations

import hashlib
import json

from .content import ContentChoices


def content_cache_key(
    page_id: int | str,
    revision: int | str,
    page_variant_id: str | None,
    choices: ContentChoices,
    prefix: str = "tailor:content",
) -> str:
    """ "tailor:content:<page>:<revision>:<digest>"; the digest covers variants and place names."""
    parts = {
        "v": page_variant_id or "",
        "b": sorted(b.variant_id for b in choices.blocks),
        "p": sorted((name, value or "") for name, value in choices.placeholders.items()),
    }
    digest = hashlib.sha256(
        json.dumps(parts, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:32]
    return f"{prefix}:{page_id}:{revision}:{digest}"
