"""The `recommendations` query: input checks here; the site's precomputed table, the profile
and the ranking are personalization/delivery/recommendations.py (no ORM in the API)."""

from __future__ import annotations

from personalization.delivery.recommendations import recommendations_for

from .errors import BadUserInput
from .page import find_site
from .request_facts import request_facts
from .validation import clean_path, clean_visitor_id


def resolve_recommendations(root, info, visitor_id=None, path=None, limit=3, site=None):
    if not 0 < limit <= 20:
        raise BadUserInput("limit must be between 1 and 20.", field="limit")
    visitor_id = clean_visitor_id(visitor_id)
    facts = request_facts(info.context, {"visitor_id": visitor_id})  # without an id: the cookie's
    path = clean_path(path) if path else None
    site_obj = find_site(site)
    if site_obj is None:
        return []
    return recommendations_for(site_obj, facts, path=path, limit=limit)
