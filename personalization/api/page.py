"""The `personalizedPage` resolver: path and site to a snapshot (live, or a draft with a valid
preview token), then the delivery service."""

from __future__ import annotations

import graphene
from grapple.types.interfaces import get_page_interface
from wagtail.models import Page, Site

from personalization.delivery import routes
from personalization.delivery.compiled import current_compiled
from personalization.delivery.facts import Simulation
from personalization.delivery.page_snapshot import build_snapshot, snapshot_for
from personalization.delivery.routes import SiteRoutes
from personalization.delivery.service import Delivery, deliver
from personalization.delivery.visibility import without_unscheduled_alternatives
from personalization.engine.context import DEVICE_KINDS
from personalization.preview import check_preview_token
from personalization.visitor_signals.source import CHANNELS

from . import trust, types, visitor_cookie
from .errors import BadUserInput, Forbidden
from .public_reasons import reasons_for
from .request_facts import request_facts
from .request_state import state
from .validation import clean_path


def site_routes(hostname: str | None) -> SiteRoutes | None:
    """The site by hostname, or the default site, with its routes (no query between changes)."""
    try:
        return routes.current().site(hostname)
    except KeyError:
        raise BadUserInput(f"No site has the hostname {hostname!r}.", field="site") from None


def find_site(hostname: str | None) -> Site | None:
    """The site by hostname, or the default site; with its root page loaded."""
    entry = site_routes(hostname)
    return entry.site if entry else None


def site_root(hostname: str | None) -> Page | None:
    site = find_site(hostname)
    return site.root_page if site else None


def resolve_personalized_page(
    root, info, path, site=None, context=None, simulate=None, preview_token=None, track=True
):
    request = info.context
    path = clean_path(path)
    facts = request_facts(request, context)
    entry = site_routes(site)
    if entry is None:
        return None
    site_obj = entry.site
    page_root = site_obj.root_page
    trusted = trust.check_server_key(request)
    preview_page = None
    if preview_token:
        preview_page = _preview_page(page_root, path, preview_token)
    if simulate is not None and not (trusted or preview_page is not None):
        raise Forbidden("simulate needs a valid previewToken or the server key.", field="simulate")
    compiled = current_compiled(site_obj)
    simulation = _simulation(simulate, compiled) if simulate is not None else None
    if preview_page is not None:
        draft = preview_page.get_latest_revision_as_object()
        snapshot = build_snapshot(draft, path, f"draft-{preview_page.latest_revision_id}")
        track = False
    else:
        route = entry.find(path)
        if route is None:
            return None
        snapshot = snapshot_for(route.page_id, route.revision_id, path, compiled.version)
    if request.method == "GET":
        track = False  # a GET never writes (a link, a prefetch, a shared cache may replay it)
    if track and state(request).page_view_recorded:
        track = False  # one page view per HTTP request, however many aliases or batched operations
    delivery = deliver(
        snapshot,
        facts,
        simulation=simulation,
        track=track,
        explain=_asks_for(info, "reasons"),
        compiled=compiled,
        site=site_obj,
        all_segments=_asks_for(info, "segments"),
    )
    if track:
        state(request).page_view_recorded = True
    if delivery.minted and not trusted:
        visitor_cookie.remember(request, delivery.visitor_id)
    return delivery


def _asks_for(info, name: str) -> bool:
    """Does the query select `decision { <name> }` under this field (fragments included)?

    Explaining roughly doubles the cost of a decision on a large rule set, so `reasons` are
    skipped when nobody reads them; without `segments`, only the segments the page uses are
    decided. `@skip`/`@include` are not evaluated: a possible read counts as a read.
    """
    from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

    def fields(selection_set):
        for node in selection_set.selections if selection_set is not None else ():
            if isinstance(node, FieldNode):
                yield node
            elif isinstance(node, InlineFragmentNode):
                yield from fields(node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value in info.fragments:
                yield from fields(info.fragments[node.name.value].selection_set)

    return any(
        child.name.value == name
        for page in info.field_nodes
        for decision in fields(page.selection_set)
        if decision.name.value == "decision"
        for child in fields(decision.selection_set)
    )


def _preview_page(page_root: Page, path: str, token: str) -> Page:
    url_path = page_root.url_path + path.lstrip("/") if path != "/" else page_root.url_path
    page = Page.objects.filter(url_path=url_path, path__startswith=page_root.path).first()
    if page is None or check_preview_token(token, page) is None:
        raise Forbidden(
            "The preview token is not valid for this page (expired, or for another page or editor).",
            field="previewToken",
        )
    return page.specific


def _simulation(data: dict, compiled) -> Simulation:
    rules = compiled.rules
    personas = {p.slug for p in rules.personas}
    stages = {s.slug for s in rules.stages}
    if data.get("persona") and data["persona"] not in personas:
        raise BadUserInput(f"Unknown persona {data['persona']!r}.", field="simulate.persona")
    if data.get("stage") and data["stage"] not in stages:
        raise BadUserInput(f"Unknown journey stage {data['stage']!r}.", field="simulate.stage")
    for slug in data.get("segments") or ():
        if slug not in rules.segments:
            raise BadUserInput(f"Unknown segment {slug!r}.", field="simulate.segments")
    if data.get("device") and data["device"] not in DEVICE_KINDS:
        raise BadUserInput(
            f"simulate.device must be one of {', '.join(DEVICE_KINDS)}.", field="simulate.device"
        )
    if data.get("channel") and data["channel"] not in CHANNELS:
        raise BadUserInput(
            f"simulate.channel must be one of {', '.join(CHANNELS)}.", field="simulate.channel"
        )
    country = data.get("country")
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise BadUserInput(
            "simulate.country must be an ISO 3166-1 alpha-2 code such as SE.",
            field="simulate.country",
        )
    if data.get("visit_count") is not None and not 0 <= data["visit_count"] <= 1_000_000:
        raise BadUserInput(
            "simulate.visitCount must be between 0 and 1000000.", field="simulate.visitCount"
        )
    for key in ("region", "city", "utm_campaign"):
        if data.get(key) and len(data[key]) > 200:
            raise BadUserInput(
                f"simulate.{key} is longer than 200 characters.", field=f"simulate.{key}"
            )
    segments = data.get("segments")
    return Simulation(
        persona=data.get("persona") or None,
        stage=data.get("stage") or None,
        segments=tuple(segments) if segments is not None else None,
        country=(data.get("country") or "").upper() or None,
        region=data.get("region"),
        city=data.get("city"),
        device=data.get("device"),
        channel=data.get("channel"),
        utm_campaign=data.get("utm_campaign"),
        visit_count=data.get("visit_count"),
        now=data.get("now"),
    )


class PersonalizedPage(graphene.ObjectType):
    """The chosen content of a page for one visitor, and the decision behind it."""

    content = graphene.JSONString(
        required=True,
        description=(
            'The chosen content: {"title", "intro", "tags", "body": [{"type", "value", "id"}]}, personalized '
            "blocks resolved and placeholders filled."
        ),
    )
    page = graphene.Field(
        lambda: get_page_interface(),
        description=(
            "The same page as a typed Wagtail page (wagtail-grapple's PageInterface), with the chosen page "
            "variant's fields applied; personalized blocks are left as authored."
        ),
    )
    variant = graphene.Field(types.Variant, description="Null when the default content was served.")
    decision = graphene.Field(types.Decision, required=True)

    @staticmethod
    def resolve_page(delivery: Delivery, info):
        """Loaded only when asked for (a query or two); never saved."""
        page = Page.objects.get(pk=delivery.snapshot.page_id).specific
        if delivery.snapshot.revision.startswith("draft-"):
            page = page.get_latest_revision_as_object()
        variant = delivery.variant.variant
        if variant is not None:
            for field, value in delivery.snapshot.variant_fields.get(variant.id, {}).items():
                if field in ("title", "intro"):
                    setattr(page, field, value)
            chosen = next(
                (v for v in page.variants.all() if f"page:{page.pk}:{v.key}" == variant.id), None
            )
            if chosen is not None and chosen.body.raw_data:
                page.body = chosen.body
        # Personalized blocks as authored, but no alternative outside its schedule at the
        # request's time (or the simulated one).
        page.body = without_unscheduled_alternatives(page.body.raw_data, delivery.context.now)
        return page

    @staticmethod
    def resolve_content(delivery: Delivery, info):
        return delivery.content

    @staticmethod
    def resolve_variant(delivery: Delivery, info):
        variant = delivery.variant.variant
        if variant is None:
            return None
        return types.Variant(
            id=variant.id,
            name=variant.name,
            persona=variant.target.persona,
            stage=variant.target.stage,
            segment=variant.target.segment,
            arm=delivery.variant.arm,
        )

    @staticmethod
    def resolve_decision(delivery: Delivery, info):
        rules = delivery.compiled.rules
        d, ctx = delivery.decision, delivery.context
        persona = next((p for p in rules.personas if p.slug == d.persona), None)
        stage = next((s for s in rules.stages if s.slug == d.stage), None)
        return types.Decision(
            visitor_id=delivery.visitor_id,
            profiling=delivery.profiling,
            persona=persona,
            stage=stage,
            segments=list(d.segments),
            location=ctx.location,
            device=ctx.device.kind,
            channel=ctx.source.channel,
            reasons=reasons_for(delivery, trust.check_server_key(info.context)),
            cache_key=delivery.cache_key,
            content_url=delivery.content_url,
        )


def personalized_page_field():
    return graphene.Field(
        PersonalizedPage,
        path=graphene.String(required=True),
        site=graphene.String(),
        context=types.VisitorContextInput(),
        simulate=types.SimulationInput(),
        preview_token=graphene.String(),
        track=graphene.Boolean(default_value=True),
        resolver=resolve_personalized_page,
        description="The page at `path` as this visitor should see it; null when no live page has that path.",
    )
