"""A visitor's own data and the changes made on their behalf, for the API's `visitor` query and
its consent, event, declaration, identity and erasure mutations: the API checks the input, this
module reads and writes (every write through personalization.profiles.store) and keeps the
audiences in step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from personalization.audiences.sync import forget_user, sync_visitor_ids
from personalization.engine.context import VisitorContext
from personalization.engine.decide import decide
from personalization.profiles import store
from personalization.profiles.history import export
from personalization.profiles.profile import load_profile
from personalization.visitor_signals.device import parse_device

from .compiled import current_compiled

Consent = store.Consent
IdentityConflict = store.IdentityConflict


def visitor_data(visitor_id: str) -> dict | None:
    """The export, plus the persona and stage the visitor's own history gives them now."""
    data = export(visitor_id, event_limit=1000)
    if data is None:
        return None
    now = timezone.now()
    compiled = current_compiled()
    profile = load_profile(visitor_id, now=now, window_days=compiled.history_days)
    ctx = VisitorContext(
        now=now,
        site_timezone=compiled.rules.site_timezone,
        visitor_id=visitor_id,
        history=profile.history if profile else None,
        declared_persona=data["declared_persona"],
        declared_interests=tuple(data["interests"]),
        logged_in=bool(data.get("user_key")),
    )
    decision = decide(ctx, compiled, explain=False)
    data["visitor_id"] = visitor_id
    data["persona"] = next((p for p in compiled.rules.personas if p.slug == decision.persona), None)
    data["stage"] = next((s for s in compiled.rules.stages if s.slug == decision.stage), None)
    return data


def is_bot(user_agent: str) -> bool:
    return parse_device(user_agent).kind == "bot"


def is_persona(slug: str) -> bool:
    return slug in {p.slug for p in current_compiled().rules.personas}


def set_consent(
    visitor_id: str | None, *, personalization: bool, analytics: bool
) -> tuple[str | None, Consent]:
    return store.set_consent(
        visitor_id, personalization=personalization, analytics=analytics, now=timezone.now()
    )


def record_event(visitor_id: str, **event: Any) -> bool:
    return store.record_event(visitor_id, now=timezone.now(), **event)


def may_personalize(visitor_id: str) -> bool:
    consent = store.get_consent(visitor_id)
    return consent is not None and consent.personalization


def declare(visitor_id: str, **changes: Any) -> dict | None:
    store.declare(visitor_id, now=timezone.now(), **changes)
    return visitor_data(visitor_id)


def identify(visitor_id: str, user_key: str, traits: dict | None = None) -> dict | None:
    """Log the visitor in as `user_key` (merging that user's profiles) and set the user's traits.
    None when no consenting visitor has this id; raises IdentityConflict."""
    now: datetime = timezone.now()
    if store.identify(visitor_id, user_key=user_key, now=now) is None:
        return None
    if traits:
        store.set_user_traits({user_key: traits}, now=now)
    sync_visitor_ids([visitor_id], now)
    return visitor_data(visitor_id)


def forget(visitor_id: str) -> bool:
    """Erase the visitor's profile, events and views; the webhook delivery log keeps nothing of them."""
    known = store.resolve(visitor_id)
    erased = store.forget(visitor_id)
    if erased and known is not None:
        forget_user(known.user_key)
    return erased
