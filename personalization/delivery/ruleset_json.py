"""`ruleSet.json` of a site: the compiled rules and the live, public pages' content and variants
in the portable format (engine/portable.py, docs/ruleset-format.md), with what the server applies
on its own as data: the site-wide holdout and the pages' current bandit weights.

The document is built once per rules-and-routes version and site and kept in process; the holdout
and the bandit weights (which follow the results, with no edit) are read on every call (cache
reads, as a delivery does) and join the version, so `version` moves whenever any of them does."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date, datetime

from personalization.engine.portable import dump

from . import routes
from .compiled import current_compiled
from .experiments import bandit_weights, site_holdout_percent
from .page_snapshot import PageSnapshot, snapshot_for

_lock = threading.Lock()
# site id -> (rules-and-routes version, document without holdout and weights, bandit pages)
_built: dict[int, tuple[str, dict, tuple[PageSnapshot, ...]]] = {}
# site id -> (version, the whole document): the last answer, reused while nothing moved
_answered: dict[int, tuple[str, dict]] = {}


def ruleset_json(entry: routes.SiteRoutes) -> tuple[str, dict]:
    """(version, the JSON document as a dict) for a site (its SiteRoutes from the route table)."""
    base, data, bandits = _document(entry)
    holdout = site_holdout_percent(entry.site)
    weights = {page.page_id: bandit_weights(page) or {} for page in bandits}
    version = base + (f"~h{holdout}" if holdout else "") + _weights_stamp(weights)
    found = _answered.get(entry.site.pk)
    if found is not None and found[0] == version:
        return found
    pages = [
        {**page, "banditWeights": dict(sorted(weights[page["pageId"]].items()))}
        if page["pageId"] in weights
        else page
        for page in data["pages"]
    ]
    answer = version, {**data, "version": version, "holdout": holdout, "pages": pages}
    with _lock:
        _answered[entry.site.pk] = answer
    return answer


def _document(entry: routes.SiteRoutes) -> tuple[str, dict, tuple[PageSnapshot, ...]]:
    compiled = current_compiled(entry.site)
    table = routes.current()
    # A page past its expire_at leaves the document at once (publish_scheduled moves no stamp): the
    # number of expired routes is part of the version, and it only grows until the stamp moves.
    shown = [route for route in entry.routes.values() if not route.expired()]
    expired = len(entry.routes) - len(shown)
    version = (
        f"{compiled.version}.{table.stamp}"
        + (f"+{table.generation}" if table.generation else "")
        + (f"-{expired}" if expired else "")
    )
    found = _built.get(entry.site.pk)
    if found is not None and found[0] == version:
        return found
    pages = [
        snapshot_for(route.page_id, route.revision_id, route.path, compiled.version)
        for route in sorted(shown, key=lambda r: r.path)
    ]
    # Through JSON text and back: the document holds only JSON types (tuples become lists).
    data = json.loads(
        json.dumps(dump(compiled.rules, pages, version), ensure_ascii=False, default=_iso)
    )
    bandits = tuple(p for p in pages if any(v.allocation == "bandit" for v in p.variants))
    built = (version, data, bandits)
    with _lock:
        _built[entry.site.pk] = built
    return built


def _weights_stamp(weights: dict[int, dict[str, float]]) -> str:
    """A short digest of the current bandit weights ("" when the site has no bandit)."""
    if not weights:
        return ""
    text = json.dumps(sorted((k, sorted(v.items())) for k, v in weights.items()))
    return "~b" + hashlib.sha256(text.encode()).hexdigest()[:12]


def _iso(value):
    """Times inside content (a block alternative's schedule) as ISO text; anything else is a bug."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def forget() -> None:
    with _lock:
        _built.clear()
        _answered.clear()
