"""The `recommendations` query: candidates in three queries, scored by delivery/recommend.py."""
from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from wagtail.models import Page

from cms.pages.models import PageTag, PersonaAffinity
from personalization.delivery.compiled import current_compiled
from personalization.delivery.recommend import Candidate, recommend
from personalization.engine.context import VisitorContext
from personalization.engine.decide import decide
from personalization.profiles.profile import load_profile

from .errors import BadUserInput
from .page import site_root
from .validation import clean_path, clean_visitor_id

MAX_CANDIDATES = 500


def resolve_recommendations(root, info, visitor_id=None, path=None, limit=3):
    if not 0 < limit <= 20:
        raise BadUserInput("limit must be between 1 and 20.", field="limit")
    visitor_id = clean_visitor_id(visitor_id)
    path = clean_path(path) if path else None
    page_root = site_root(None)
    if page_root is None:
        return []
    now = timezone.now()
    profile = load_profile(visitor_id, now=now) if visitor_id else None
    persona = None
    if profile is not None:
        compiled = current_compiled()
        ctx = VisitorContext(now=now, site_timezone=compiled.rules.site_timezone, visitor_id=visitor_id,
                             history=profile.history, declared_persona=profile.declared_persona,
                             declared_interests=tuple(profile.interests))
        persona = decide(ctx, compiled, explain=False).persona
    pages = list(Page.objects.live().public().descendant_of(page_root).filter(depth__gt=page_root.depth)
                 .values_list("pk", "url_path", "title")[:MAX_CANDIDATES])
    ids = [pk for pk, _, _ in pages]
    tags, affinity = defaultdict(list), defaultdict(dict)
    for page_id, name in PageTag.objects.filter(content_object_id__in=ids).values_list("content_object_id", "tag__name"):
        tags[page_id].append(name.lower())
    for page_id, slug, points in PersonaAffinity.objects.filter(page_id__in=ids).values_list("page_id", "persona__slug", "points"):
        affinity[page_id][slug] = points
    base = len(page_root.url_path) - 1
    candidates = [Candidate(url_path[base:], title, tuple(tags[pk]), affinity[pk]) for pk, url_path, title in pages]
    return recommend(candidates, history=profile.history if profile else None, persona=persona,
                     current_path=path, limit=limit)
