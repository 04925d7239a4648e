"""The frontend's per-process state (settings, the API client, caches) and `tailor()`, which
a request handler calls to reach it; app.py creates it, pages.py and actions.py read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from .api import Persona, TailorApi
from .cache import TTLCache
from .config import Settings


@dataclass
class Frontend:
    """Everything a request needs, one per process."""

    settings: Settings
    api: TailorApi
    page_cache: TTLCache[str]
    personas_cache: TTLCache[list[Persona]] = field(
        default_factory=lambda: TTLCache(max_size=1, ttl=60.0)
    )

    def personas(self) -> list[Persona]:
        """Personas change when an editor edits them; a minute's staleness is fine for a form."""
        return self.personas_cache.get_or_set("all", self.api.personas)


def tailor() -> Frontend:
    return current_app.extensions["tailor"]
