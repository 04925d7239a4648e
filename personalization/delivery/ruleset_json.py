"""`ruleSet.json` of a site: the compiled rules and the live, public pages' content and variants
in the portable format (engine/portable.py, docs/ruleset-format.md), built once per version and
site and kept in process. The version joins the rules stamp and the routes stamp, so it moves
whenever a rule or a page changes."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime

from personalization.engine.portable import dump

from . import routes
from .compiled import current_compiled
from .page_snapshot import snapshot_for

_lock = threading.Lock()
_built: dict[int, tuple[str, dict]] = {}


def ruleset_json(entry: routes.SiteRoutes) -> tuple[str, dict]:
    """(version, the JSON document as a dict) for a site (its SiteRoutes from the route table)."""
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
    with _lock:
        _built[entry.site.pk] = (version, data)
    return version, data


def _iso(value):
    """Times inside content (a block alternative's schedule) as ISO text; anything else is a bug."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def forget() -> None:
    with _lock:
        _built.clear()
