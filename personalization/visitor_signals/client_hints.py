"""User-Agent Client Hints (the request's Sec-CH-UA-* headers) as plain data.

Chromium browsers send `Sec-CH-UA-Mobile` ("?1" on phones, "?0" elsewhere) and
`Sec-CH-UA-Platform` ("Android", "Windows", "macOS"...) on every request, and
`Sec-CH-UA-Model` (and the others) when the site asks with `Accept-CH`. Their agents are being
reduced ("Android 10; K"), so the hints say what the agent no longer does. Only the few hints
Tailor reads are kept, by their canonical name; values are cut short so that a hostile header
cannot grow the parse cache's keys.
"""

from __future__ import annotations

from collections.abc import Mapping

HINTS = (
    "Sec-CH-UA",
    "Sec-CH-UA-Mobile",
    "Sec-CH-UA-Platform",
    "Sec-CH-UA-Platform-Version",
    "Sec-CH-UA-Model",
    "Sec-CH-UA-Full-Version-List",
)
MAX_VALUE = 256
# What the reference frontend asks for with Accept-CH (the first two come unasked).
ACCEPT_CH = "Sec-CH-UA-Platform, Sec-CH-UA-Mobile, Sec-CH-UA-Model, Sec-CH-UA-Platform-Version"
DESKTOP_PLATFORMS = frozenset({"Windows", "macOS", "Linux", "Chrome OS", "ChromeOS"})

Hints = tuple[tuple[str, str], ...]  # sorted (name, value) pairs: hashable, a cache key


def normalize_hints(headers: Mapping[str, object] | None) -> Hints:
    """The known Sec-CH-UA-* hints of `headers` (any letter case), as sorted pairs."""
    if not headers:
        return ()
    canonical = {name.lower(): name for name in HINTS}
    found = {}
    for name, value in headers.items():
        key = canonical.get(str(name).strip().lower())
        if key is not None and isinstance(value, str) and value.strip():
            found[key] = value.strip()[:MAX_VALUE]
    return tuple(sorted(found.items()))


def unquote(value: str | None) -> str:
    """Structured-header strings come quoted: '"Android"' -> 'Android'."""
    return (value or "").strip().strip('"')


def kind_from_hints(hints: Hints) -> str | None:
    """mobile / tablet / desktop when the hints decide it, else None (ask the agent)."""
    found = dict(hints)
    mobile = found.get("Sec-CH-UA-Mobile", "").strip()
    platform = unquote(found.get("Sec-CH-UA-Platform"))
    if mobile == "?1":
        return "mobile"
    if mobile == "?0" and platform == "Android":
        return "tablet"  # Chrome on an Android tablet says "not mobile"
    if mobile == "?0" and platform in DESKTOP_PLATFORMS:
        return "desktop"
    return None
