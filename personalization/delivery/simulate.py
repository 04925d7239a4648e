"""Editors' "preview as": a simulation replaces parts of the visitor context (pure)."""
from __future__ import annotations

from dataclasses import replace

from personalization.engine.context import Device, History, Location, Source, VisitorContext
from personalization.signals.source import channel_for

from .facts import Simulation


def apply_simulation(ctx: VisitorContext, sim: Simulation) -> VisitorContext:
    changes: dict = {"forced_persona": sim.persona, "forced_stage": sim.stage, "forced_segments": sim.segments}
    if sim.country or sim.region or sim.city:
        base = ctx.location or Location()
        changes["location"] = replace(
            base, country_code=(sim.country or base.country_code or None),
            region_code=sim.region or base.region_code, city=sim.city or base.city)
    if sim.device:
        changes["device"] = Device(kind=sim.device, os=ctx.device.os, browser=ctx.device.browser)
    if sim.channel or sim.utm_campaign:
        utm = dict(ctx.source.utm)
        if sim.utm_campaign:
            utm["campaign"] = sim.utm_campaign
        channel = sim.channel or channel_for(utm, ctx.source.query, ctx.source.referrer_domain)
        changes["source"] = Source(channel=channel, utm=utm, referrer_domain=ctx.source.referrer_domain,
                                   landing_path=ctx.source.landing_path, query=ctx.source.query)
    if sim.visit_count is not None:
        changes["history"] = replace(ctx.history or History(), visit_count=sim.visit_count)
    if sim.now is not None:
        changes["now"] = sim.now
    return replace(ctx, **changes)
