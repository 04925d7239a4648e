"""Wagtail's own preview (the editor's side panel and "Preview" tab) as the engine serves the page.

The page as it is being edited (Wagtail hands over the unsaved object) becomes a page snapshot,
and the delivery service decides for one made-up visitor exactly as for a real one: one variant,
one alternative per personalized block, placeholders filled. Nothing is recorded.

Preview modes (`PersonalizablePage.preview_modes`):
- "" (Default content): no persona, no stage, no segment: what a visitor nobody targets sees.
- "persona:<slug>" / "stage:<slug>": that persona or stage forced, as "Preview as…" does.
- "visitor": a visitor described in a form (place, device, source, time, history); the rules are
  evaluated for it, nothing is forced, and the reasons say which rules held.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, Site

from personalization.delivery.compiled import current_compiled
from personalization.delivery.facts import RequestFacts, Simulation
from personalization.delivery.page_snapshot import build_snapshot
from personalization.delivery.service import deliver
from personalization.engine.context import NOBODY

from .visitor_form import FIELDS, VisitorForm

DEFAULT, VISITOR = "", "visitor"
SESSION_KEY = "tailor:preview-visitor"
TEMPLATE = "personalization/admin/page_preview.html"


def site_of(page: Page) -> Site | None:
    """The page's site; the default site for a page not saved yet."""
    site = page.get_site() if page.pk else None
    if site is None and page.pk is None:
        parent = page.get_parent() if page.path else None
        site = parent.get_site() if parent is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def preview_modes(page: Page) -> list[tuple[str, str]]:
    """Default content, then each persona and each stage of the page's site, then a visitor."""
    rules = current_compiled(site_of(page)).rules
    return (
        [
            (DEFAULT, gettext("Default content")),
            (VISITOR, gettext("Simulate a visitor (rules decide)")),
        ]
        + [
            (f"persona:{p.slug}", gettext("As persona: %(name)s") % {"name": p.name})
            for p in rules.personas
        ]
        + [
            (f"stage:{s.slug}", gettext("At stage: %(name)s") % {"name": s.name})
            for s in rules.stages
        ]
    )


def request_attrs(original_request) -> dict:
    """What the fake preview request must carry from the real one (Wagtail builds a new request
    without its query): the visitor form's values, kept in the session so the panel's automatic
    reloads (after every edit) keep the visitor the editor described."""
    if original_request is None:
        return {}
    query = original_request.GET
    session = getattr(original_request, "session", None)
    values = {name: query.get(name, "") for name in FIELDS}
    if "simulate" in query:
        if session is not None:
            session[SESSION_KEY] = values
    elif session is not None and session.get(SESSION_KEY):
        values = dict(session[SESSION_KEY])
    in_panel = query.get("in_preview_panel", "")
    return {
        "tailor_visitor": values,
        "tailor_preview_path": original_request.path,
        "tailor_in_panel": in_panel,
    }


def serve_engine_preview(page: Page, request, mode: str) -> TemplateResponse:
    site = site_of(page)
    compiled = current_compiled(site)
    rules = compiled.rules
    snapshot = build_snapshot(page, "/", f"preview-{page.pk}")
    host = site.hostname if site else None
    form = None
    facts = RequestFacts(now=timezone.now(), request_host=host)
    if mode == VISITOR:
        form = VisitorForm(getattr(request, "tailor_visitor", None) or {})
        if form.is_valid():
            facts, simulation = form.visitor(site_timezone=rules.site_timezone, host=host)
        else:
            simulation = Simulation()
    elif mode.startswith("persona:") and rules.persona(mode.split(":", 1)[1]):
        simulation = Simulation(persona=mode.split(":", 1)[1])
    elif mode.startswith("stage:") and rules.stage(mode.split(":", 1)[1]):
        simulation = Simulation(stage=mode.split(":", 1)[1])
    else:
        mode = DEFAULT
        simulation = Simulation(persona=NOBODY, stage=NOBODY, segments=())
    delivery = deliver(
        snapshot, facts, simulation=simulation, track=False, explain=True, compiled=compiled
    )
    decision = delivery.decision
    persona = rules.persona(decision.persona)
    stage = rules.stage(decision.stage)
    labels = dict(preview_modes(page))
    context = {
        "page": page,
        "content": delivery.content,
        "mode": mode,
        "mode_label": labels.get(mode, mode),
        "variant": delivery.variant.variant,
        "persona": persona,
        "stage": stage,
        "segments": [
            rules.segments[s].name if s in rules.segments else s for s in decision.segments
        ],
        "reasons": decision.reasons,
        "location": delivery.context.location,
        "device": delivery.context.device,
        "source": delivery.context.source,
        "now": delivery.context.now,
        "form": form,
        "action": getattr(request, "tailor_preview_path", ""),
        "in_panel": getattr(request, "tailor_in_panel", ""),
    }
    return TemplateResponse(request, TEMPLATE, context)
