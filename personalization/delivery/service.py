"""Delivering one personalized page: the use case behind `personalizedPage`.

Load first, then compute: the page snapshot, the compiled rules and the visitor's history are
loaded (a constant number of queries), the pure engine decides the page (engine/page.py's
`personalize`, the same function a frontend runs from ruleSet.json, given the server-only data
as `Extras`: the site holdout, the current bandit weights, the segments to decide), and the page
view and exposures are recorded when allowed. No graphene in here: the API adapter turns
requests into RequestFacts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from django.conf import settings

from personalization.delivery.compiled import current_compiled
from personalization.engine.choose import Choice
from personalization.engine.context import Location, Source, VisitorContext
from personalization.engine.decide import CompiledRuleSet, Decision
from personalization.engine.page import Extras, personalize
from personalization.experiments.bots import count_bot_request
from personalization.profiles import store
from personalization.profiles.profile import Profile, lookup
from personalization.visitor_signals.device import parse_device
from personalization.visitor_signals.geo import country_from_cdn_header, get_locator
from personalization.visitor_signals.source import derive_source, is_new_source

from .consent import profiling_allowed
from .experiments import bandit_weights, record_exposures, site_holdout_percent
from .facts import RequestFacts, Simulation
from .layers import layer_members
from .page_snapshot import PageSnapshot
from .simulate import apply_simulation


@dataclass(frozen=True)
class Delivery:
    content: dict
    variant: Choice
    decision: Decision
    context: VisitorContext
    profiling: bool
    visitor_id: str | None
    minted: bool
    cache_key: str
    content_url: str
    snapshot: PageSnapshot
    compiled: CompiledRuleSet


def locate(facts: RequestFacts) -> Location | None:
    location = get_locator(settings.GEOIP_PATH).lookup(facts.ip) if facts.ip else None
    return location or country_from_cdn_header(facts.cdn_country)


def build_context(
    facts: RequestFacts, *, profile: Profile | None, visitor_id: str | None, site_timezone: str
) -> tuple[VisitorContext, dict | None]:
    """The engine's context for this request, and the visit source to remember (None: keep).

    Source signals describe how the current visit arrived: a request with a campaign or an
    external referrer starts a new source; any other request of an ongoing visit keeps the
    landing request's source. Without profiling, the request's own values."""
    device = parse_device(facts.user_agent, dict(facts.client_hints))
    source = derive_source(facts.url, facts.referrer, facts.request_host)
    remember = None
    if profile is not None:
        if is_new_source(source) or profile.visit_source is None:
            remember = asdict(source)
        else:
            source = Source(**profile.visit_source)
    ctx = VisitorContext(
        now=facts.now,
        site_timezone=site_timezone,
        # Arms hash the profile's first id, so that `identify` (which folds this device's
        # profile into the user's) never moves the visitor to another arm.
        visitor_id=(profile.assignment_id or visitor_id) if profile else None,
        location=locate(facts),
        device=device,
        source=source,
        history=profile.history if profile else None,
        logged_in=facts.logged_in or bool(profile and profile.identified),
        declared_persona=profile.declared_persona if profile else None,
        declared_interests=tuple(profile.interests) if profile else (),
    )
    return ctx, remember


def deliver(
    snapshot: PageSnapshot,
    facts: RequestFacts,
    *,
    simulation: Simulation | None = None,
    track: bool = True,
    explain: bool = True,
    site=None,
    compiled: CompiledRuleSet | None = None,
    all_segments: bool = True,
) -> Delivery:
    """`explain=False` when nobody reads `decision.reasons` (about half the decision's cost);
    `all_segments=False` when nobody reads `decision.segments`: only the segments the page's
    variants and blocks target are decided (with personas and stages), so the cost does not grow
    with the site's other segments; `site` chooses the journey stages (a site may have its own)."""
    compiled = compiled or current_compiled(site)
    bot = parse_device(facts.user_agent, dict(facts.client_hints)).kind == "bot"
    visitor_id, minted = facts.visitor_id, False
    window = compiled.history_days
    consent, profile = (
        lookup(visitor_id, now=facts.now, window_days=window)
        if visitor_id and not bot and simulation is None
        else (None, None)
    )
    profiling = simulation is None and profiling_allowed(
        mode=settings.PERSONALIZATION_CONSENT,
        consent=consent,
        bot=bot,
        gpc=facts.gpc,
        dnt=facts.dnt,
        declined=facts.declined,
    )
    if profiling and consent is None and not track:
        profiling = False  # a prefetch (track: false) never creates a profile
    if profiling and consent is None:
        # opt-out mode: a visitor who has not said no is profiled; their id is minted here.
        visitor_id, _ = store.set_consent(None, personalization=True, analytics=True, now=facts.now)
        consent, profile = lookup(visitor_id, now=facts.now, window_days=window)
        minted = True
    ctx, new_source = build_context(
        facts,
        profile=profile if profiling else None,
        visitor_id=visitor_id,
        site_timezone=compiled.rules.site_timezone,
    )
    if simulation is not None:
        ctx = apply_simulation(ctx, simulation)
    if simulation is None and consent is not None and ctx.visitor_id is None and not bot:
        # A visitor with an id but without personalization consent still keeps one A/B arm:
        # the id is only hashed, nothing is stored for it here.
        ctx = replace(ctx, visitor_id=visitor_id)
    site_percent = site_holdout_percent(site) if simulation is None and not bot else 0
    extras = Extras(
        site_holdout=site_percent,
        weights=bandit_weights(snapshot),
        segments=None if all_segments or explain else snapshot.segments,
        layer_members=layer_members(snapshot),
    )
    page = personalize(ctx, compiled, snapshot, explain=explain, extras=extras)
    decision, choice, held_out = page.decision, page.choice, page.held_out
    if profiling and track:
        store.record_page_view(
            visitor_id,
            path=snapshot.path,
            page_id=snapshot.page_id,
            tags=snapshot.tags,
            affinity=snapshot.affinity,
            variant_id=choice.variant.id if choice.variant else None,
            arm=choice.arm,
            now=facts.now,
            stage=decision.stage,
            source=new_source,
        )
    elif track and consent is not None and consent.analytics and not bot and simulation is None:
        store.log_page_view(
            visitor_id,
            path=snapshot.path,
            page_id=snapshot.page_id,
            variant_id=choice.variant.id if choice.variant else None,
            arm=choice.arm,
            now=facts.now,
        )
    elif (
        track
        and choice.variant is not None
        and not bot
        and simulation is None
        and not (facts.gpc or facts.dnt)
    ):
        store.record_anonymous_impression(
            page_id=snapshot.page_id, variant_id=choice.variant.id, arm=choice.arm, now=facts.now
        )
    if track and bot and simulation is None:
        count_bot_request(facts.now)  # the only trace a robot leaves: one more per day
    if (
        track
        and not bot
        and not facts.internal
        and simulation is None
        and not ((facts.gpc or facts.dnt) and consent is None)
    ):
        record_exposures(
            choice,
            ctx,
            decision,
            snapshot.page_id,
            site_percent=site_percent,
            held_out=held_out,
            blocks=page.choices.blocks,
        )
    return Delivery(
        page.content,
        choice,
        decision,
        ctx,
        profiling,
        visitor_id if profiling else None,
        minted,
        page.cache_key,
        page.content_url,
        snapshot,
        compiled,
    )
