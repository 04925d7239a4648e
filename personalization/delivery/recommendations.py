"""Recommendations of one site, for one visitor: the precomputed table and the request.

`compute_site(site, now)` (the `compute_recommendations` command) writes the site's live pages
with their tags, persona affinity, the personas and stages their variants are written for, first
publication and recent popularity (RecommendedPage), and the co-views from the page view log
(CoView). `recommendations_for` answers a request in a fixed number of queries: the profile
(three), the site's pages (one), the co-views of the pages the visitor read (one). A site whose
table was never computed gets the same ranking from its live pages, without co-views or
popularity (three queries instead of one). The scoring is personalization/delivery/recommend.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from wagtail.models import Page, Site

from personalization.engine.decide import decide
from personalization.models import CoView, RecommendedPage
from personalization.profiles.models import PageView
from personalization.profiles.profile import load_profile

from . import routes
from .compiled import current_compiled
from .facts import RequestFacts
from .recommend import Candidate, Recommendation, Visitor, co_views, recommend
from .service import build_context
from .visibility import public_pages

MAX_CANDIDATES = 500
MAX_SOURCES = 200  # co-view sources per request: the visitor's most read pages
CO_VIEW_DAYS = 90  # the page view log co-views are computed from
POPULAR_DAYS = 30


def compute_site(site: Site, *, now: datetime) -> tuple[int, int]:
    """Rewrite the site's recommendation table; returns (pages, co-view pairs)."""
    root = site.root_page
    candidates, ids = _live_candidates(root)
    path_of = {pk: c.path for pk, c in zip(ids, candidates, strict=True)}
    targets: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    PageVariant = _page_model("PageVariant")
    for page_id, persona, stage in PageVariant.objects.filter(page_id__in=ids).values_list(
        "page_id", "persona__slug", "stage__slug"
    ):
        if persona:
            targets[page_id][0].add(persona)
        if stage:
            targets[page_id][1].add(stage)
    published = dict(Page.objects.filter(pk__in=ids).values_list("pk", "first_published_at"))
    log = (
        PageView.objects.filter(page_id__in=ids, at__gte=now - timedelta(days=CO_VIEW_DAYS))
        .order_by("at", "pk")
        .values_list("visitor_id", "page_id", "at")
    )
    readers: list[tuple[str, str]] = []
    popular: Counter[int] = Counter()
    for visitor_pk, page_id, at in log.iterator():
        assert page_id is not None  # filtered by page_id__in
        readers.append((str(visitor_pk), path_of[page_id]))
        if at >= now - timedelta(days=POPULAR_DAYS):
            popular[page_id] += 1
    neighbours = co_views(readers)
    with transaction.atomic():
        RecommendedPage.objects.filter(site=site).delete()
        CoView.objects.filter(site=site).delete()
        RecommendedPage.objects.bulk_create(
            RecommendedPage(
                site=site,
                page_id=pk,
                path=c.path,
                title=c.title,
                tags=list(c.tags),
                affinity=dict(c.affinity),
                personas=sorted(targets[pk][0]),
                stages=sorted(targets[pk][1]),
                published_at=published.get(pk),
                popularity=popular[pk],
                computed_at=now,
            )
            for pk, c in zip(ids, candidates, strict=True)
        )
        rows = [
            CoView(site=site, path=a, other=b, score=s)
            for a, others in neighbours.items()
            for b, s in others.items()
        ]
        CoView.objects.bulk_create(rows, batch_size=500)
    return len(candidates), len(rows)


def recommendations_for(
    site: Site, facts: RequestFacts, *, path: str | None, limit: int
) -> list[Recommendation]:
    """Pages of `site` to suggest to the visitor next, best first (see the module docstring).

    The persona and stage are decided as for a page (delivery/service.build_context): the
    request's location and device, the visit's source (remembered on the profile), the history."""
    now, visitor_id = facts.now, facts.visitor_id
    compiled = current_compiled(site)
    profile = (
        load_profile(visitor_id, now=now, window_days=compiled.history_days) if visitor_id else None
    )
    ctx, _ = build_context(
        facts, profile=profile, visitor_id=visitor_id, site_timezone=compiled.rules.site_timezone
    )
    decision = decide(ctx, compiled, explain=False)
    persona, stage = decision.persona, decision.stage
    visitor = Visitor.of(profile.history if profile else None, persona, stage)
    stored = list(
        RecommendedPage.objects.filter(site=site)
        .order_by("pk")
        .values_list(
            "path", "title", "tags", "affinity", "personas", "stages", "published_at", "popularity"
        )[:MAX_CANDIDATES]
    )
    if stored:
        candidates = [
            Candidate(p, t, tuple(tags), aff, tuple(pers), tuple(st), pub, pop)
            for p, t, tags, aff, pers, st, pub, pop in stored
        ]
        sources = sorted(visitor.path_views, key=lambda k: -visitor.path_views[k])[:MAX_SOURCES]
        if path:
            sources.append(path)
        co: dict[str, dict[str, float]] = defaultdict(dict)
        for source, other, score in CoView.objects.filter(site=site, path__in=sources).values_list(
            "path", "other", "score"
        ):
            co[source][other] = score
    else:
        candidates, _ = _live_candidates(site.root_page)
        co = {}
    # The table is computed now and then: a page unpublished, restricted or expired since then is
    # still in it. Only what the route table serves now is recommended (no query).
    entry = routes.current().of_site(site.pk)
    visible = entry.public_paths() if entry is not None else set()
    candidates = [c for c in candidates if c.path in visible]
    return recommend(
        candidates, visitor=visitor, current_path=path, limit=limit, co_viewed=co, now=now
    )


def _live_candidates(root: Page) -> tuple[list[Candidate], list[int]]:
    """The site's live public unexpired pages with their tags and affinity points (three queries)."""
    pages = list(
        public_pages(Page.objects.descendant_of(root))
        .filter(depth__gt=root.depth)
        .order_by("path")
        .values_list("pk", "url_path", "title")[:MAX_CANDIDATES]
    )
    ids = [pk for pk, _, _ in pages]
    tags: defaultdict[int, list[str]] = defaultdict(list)
    affinity: defaultdict[int, dict[str, float]] = defaultdict(dict)
    PageTag = _page_model("PageTag")
    for page_id, name in PageTag.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag__name"
    ):
        tags[page_id].append(name.lower())
    PersonaAffinity = _page_model("PersonaAffinity")
    for page_id, slug, points in PersonaAffinity.objects.filter(page_id__in=ids).values_list(
        "page_id", "persona__slug", "points"
    ):
        affinity[page_id][slug] = points
    base = len(root.url_path) - 1
    return [
        Candidate(url_path[base:], title, tuple(tags[pk]), affinity[pk])
        for pk, url_path, title in pages
    ], ids


def _page_model(name: str):
    """A model of cms.pages, read through Django's app registry: the page models sit above
    delivery (they use page_editing and the admin's panels), so delivery never imports them."""
    return apps.get_model("pages", name)
