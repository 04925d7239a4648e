"""What the decision needs from a stored profile besides its history: declared data, identity
and consent, read in the same few queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from personalization.engine.context import History

from .history import VISIT_TIMEOUT, read
from .store import Consent


@dataclass(frozen=True)
class Profile:
    history: History
    declared_persona: str | None
    interests: tuple[str, ...]
    identified: bool
    visit_source: dict | None = (
        None  # the current visit's source; None when this request starts a visit
    )
    # The id A/B arms are hashed from: the profile's first id (public_id), the same before and
    # after `identify` merges other devices' profiles into it (docs/experiments.md).
    assignment_id: str | None = None


def lookup(
    visitor_id: str | None, *, now: datetime, window_days: int | None = None
) -> tuple[Consent | None, Profile | None]:
    """The visitor's consent (None: no profile) and, with personalization consent, their
    profile: one query in all (history.read). `window_days`: how many days of daily counts the
    rule set's `within_days` conditions need (CompiledRuleSet.history_days)."""
    visitor, history = read(visitor_id, now=now, window_days=window_days)
    if visitor is None:
        return None, None
    consent = Consent(
        personalization=visitor.consent_personalization, analytics=visitor.consent_analytics
    )
    return consent, (_profile(visitor, history, now) if history is not None else None)


def load_profile(
    visitor_id: str | None, *, now: datetime, window_days: int | None = None
) -> Profile | None:
    """None without a profile that has personalization consent. One query, like load_history."""
    return lookup(visitor_id, now=now, window_days=window_days)[1]


def _profile(visitor, history: History, now: datetime) -> Profile:
    ongoing = visitor.last_seen is not None and visitor.last_seen >= now - VISIT_TIMEOUT
    return Profile(
        history=history,
        declared_persona=visitor.declared_persona or None,
        interests=tuple(visitor.interests or ()),
        identified=bool(visitor.user_key),
        visit_source=(visitor.visit_source or None) if ongoing else None,
        assignment_id=visitor.public_id,
    )
