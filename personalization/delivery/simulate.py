"""Editors' "preview as": a simulation replaces parts of the visitor context (pure)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from personalization.engine.context import (
    Device,
    EventRecord,
    History,
    Location,
    Source,
    VisitorContext,
)
from personalization.visitor_signals.source import channel_for

from .facts import Simulation


def apply_simulation(ctx: VisitorContext, sim: Simulation) -> VisitorContext:
    changes: dict = {
        "forced_persona": sim.persona,
        "forced_stage": sim.stage,
        "forced_segments": sim.segments,
    }
    if sim.country or sim.region or sim.city:
        base = ctx.location or Location()
        changes["location"] = replace(
            base,
            country_code=(sim.country or base.country_code or None),
            region_code=sim.region or base.region_code,
            city=sim.city or base.city,
        )
    if sim.device:
        changes["device"] = Device(kind=sim.device, os=ctx.device.os, browser=ctx.device.browser)
    if sim.channel or sim.utm_campaign:
        utm = dict(ctx.source.utm)
        if sim.utm_campaign:
            utm["campaign"] = sim.utm_campaign
        channel = sim.channel or channel_for(utm, ctx.source.query, ctx.source.referrer_domain)
        changes["source"] = Source(
            channel=channel,
            utm=utm,
            referrer_domain=ctx.source.referrer_domain,
            landing_path=ctx.source.landing_path,
            query=ctx.source.query,
        )
    history = _history(ctx, sim)
    if history is not None:
        changes["history"] = history
    if sim.now is not None:
        changes["now"] = sim.now
    return replace(ctx, **changes)


def _history(ctx: VisitorContext, sim: Simulation) -> History | None:
    """The stand-in profile: the simulated counts over the real one (or a first visit)."""
    given: dict[str, Any] = {}  # History.replace keywords, each its field's type
    if sim.visit_count is not None:
        given["visit_count"] = sim.visit_count
    if sim.path_views is not None:
        given["path_views"] = dict(sim.path_views)
    if sim.tag_views is not None:
        given["tag_views"] = {tag.lower(): count for tag, count in sim.tag_views}
    if sim.path_views is not None or sim.tag_views is not None:
        given["page_views"] = max(
            sum(count for _, count in sim.path_views or ()),
            max((count for _, count in sim.tag_views or ()), default=0),
        )
    if sim.events is not None:
        at = sim.now or ctx.now
        given["events"] = tuple(EventRecord(type=kind, at=at) for kind in sim.events)
    if not given:
        return None
    return replace(ctx.history or History(first_seen=sim.now or ctx.now), **given)
