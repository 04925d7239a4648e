"""What one request says about its visitor, as plain data, after the trust rules of
graphql-api.md were applied by the API adapter (so nothing here needs the request)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RequestFacts:
    now: datetime
    visitor_id: str | None = None
    url: str | None = None
    referrer: str | None = None
    ip: str | None = None  # the visitor's address: forwarded by a trusted server, or the peer
    user_agent: str | None = None
    client_hints: tuple[tuple[str, str], ...] = ()  # Sec-CH-UA-* (visitor_signals/client_hints.py)
    gpc: bool = False
    dnt: bool = False
    declined: bool = False  # the browser remembers a "no" (cookie), opt-out mode
    cdn_country: str | None = None  # only from trusted proxies
    request_host: str | None = None
    logged_in: bool = False
    bot_hint: bool = False
    internal: bool = False  # an editor's own visit or an internal address: no exposure counted


@dataclass(frozen=True)
class Simulation:
    """An editor's "preview as": forced persona/stage/segments and stand-in signals.

    A persona or stage of `engine.context.NOBODY` ("") forces none (the default content); None
    leaves it to the rules. The history fields, when any is given, stand in for a profile."""

    persona: str | None = None
    stage: str | None = None
    segments: tuple[str, ...] | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    device: str | None = None
    channel: str | None = None
    utm_campaign: str | None = None
    visit_count: int | None = None
    now: datetime | None = None
    path_views: tuple[tuple[str, int], ...] | None = None  # ("/pricing/", 2): pages viewed before
    tag_views: tuple[tuple[str, int], ...] | None = None  # ("suv", 3): tags of pages viewed before
    events: tuple[str, ...] | None = None  # event types, as if sent earlier in the visit
