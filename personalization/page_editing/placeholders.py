"""Which placeholders editors may write, and the message when they write another one.

The engine owns the syntax (`find_placeholders`, `PLACEHOLDER_NAMES` in engine/content.py:
`{city}`, `{region}`, `{country}`, each optionally `{city|fallback}`) and fills them in on
delivery; the admin refuses any other name so a typo such as `{citty}` is caught while the
editor is still looking at it, instead of reaching visitors as literal braces."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from personalization.engine.content import PLACEHOLDER_NAMES, find_placeholders


def unknown_placeholders(text: str) -> list[str]:
    """Names used in the text that the engine does not fill in, each once, in order."""
    return list(
        dict.fromkeys(name for name in find_placeholders(text) if name not in PLACEHOLDER_NAMES)
    )


def allowed_list() -> str:
    """ "{city}, {region} or {country}": how messages list the allowed names."""
    names = [f"{{{name}}}" for name in PLACEHOLDER_NAMES]
    return gettext("%(names)s or %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def placeholder_error(where: str, text: str) -> str | None:
    """The error for unknown placeholders in `text`, naming them; None when all are known."""
    unknown = unknown_placeholders(text)
    if not unknown:
        return None
    shown = ", ".join(f"{{{name}}}" for name in unknown)
    return ngettext(
        "%(where)s: unknown placeholder %(shown)s. Allowed: %(allowed)s, optionally with a fallback "
        "after a bar, e.g. {city|your area}.",
        "%(where)s: unknown placeholders %(shown)s. Allowed: %(allowed)s, optionally with a fallback "
        "after a bar, e.g. {city|your area}.",
        len(unknown),
    ) % {"where": where, "shown": shown, "allowed": allowed_list()}
