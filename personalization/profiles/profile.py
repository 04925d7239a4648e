"""What the decision needs from a stored profile besides its history: declared data, identity
and consent, read in the same few queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from personalization.engine.context import History

from .history import VISIT_TIMEOUT, history_of, resolve


@dataclass(frozen=True)
class Profile:
    history: History
    declared_persona: str | None
    interests: tuple[str, ...]
    identified: bool
    visit_source: dict | None = None     # the current visit's source; None when this request starts a visit


def load_profile(visitor_id: str | None, *, now: datetime) -> Profile | None:
    """None without a profile that has personalization consent. Three queries, like load_history."""
    visitor = resolve(visitor_id)
    if visitor is None or not visitor.consent_personalization:
        return None
    ongoing = visitor.last_seen is not None and visitor.last_seen >= now - VISIT_TIMEOUT
    return Profile(history=history_of(visitor, now=now), declared_persona=visitor.declared_persona or None,
                   interests=tuple(visitor.interests or ()), identified=bool(visitor.user_key),
                   visit_source=(visitor.visit_source or None) if ongoing else None)
