"""GET /content/<page id>/<revision>/<code>: the chosen content of a page, for everyone.

What `Decision.contentUrl` points at (engine/contenturl.py). The answer is rebuilt from the URL
alone — the page's live revision, its variant, the block choices and the place names the code
holds — so it carries nothing about any visitor, reads no cookie and sets none, and may be kept
by any shared cache: `Cache-Control: public, max-age=31536000, immutable`, a strong ETag, 304
for `If-None-Match`. Only the live revision of a live, public page is served: a draft, an older
revision, an unpublished or restricted page is 404 (not cached for long), and a code that is not
the canonical one for its choices is 404 too, so one content has exactly one URL.
"""

from __future__ import annotations

import hashlib
import json
import threading

from cachetools import LRUCache
from django.http import HttpRequest, HttpResponse

from personalization.delivery import routes
from personalization.delivery.compiled import current_compiled
from personalization.delivery.page_snapshot import snapshot_for
from personalization.engine.content import replay_content
from personalization.engine.contenturl import decode

IMMUTABLE = "public, max-age=31536000, immutable"
MISSING = "public, max-age=60"

_bodies: LRUCache = LRUCache(maxsize=2000)
_lock = threading.Lock()


def content(request: HttpRequest, page_id: str, revision: str, code: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = _error("Content is read with GET.", "BAD_USER_INPUT", 405)
        response["Allow"] = "GET, HEAD"
        return response
    route = routes.current().by_page.get(int(page_id))
    if route is None or route.expired() or str(route.revision_id) != revision:
        return _error("No live page has this id and revision.", "NOT_FOUND", 404)
    key = (route.page_id, revision, code)
    found = _bodies.get(key)
    if found is None:
        found = _build(route, code)
        if found is None:
            return _error("This content address is not valid for the page.", "NOT_FOUND", 404)
        with _lock:
            _bodies[key] = found
    body, etag = found
    if etag in _if_none_match(request):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE
    response["Access-Control-Allow-Origin"] = "*"  # public content: any site's scripts may read it
    return response


def _build(route: routes.Route, code_text: str) -> tuple[bytes, str] | None:
    try:
        code = decode(code_text)
    except ValueError:
        return None
    snapshot = snapshot_for(
        route.page_id, route.revision_id, route.path, current_compiled().version
    )
    overrides = None
    if code.variant is not None:
        overrides = snapshot.variant_fields.get(f"page:{route.page_id}:{code.variant}")
        if overrides is None:
            return None
    try:
        resolved, _ = replay_content(snapshot.content, overrides, code.blocks, code.places)
    except ValueError:
        return None
    body = json.dumps(resolved, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _if_none_match(request: HttpRequest) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def _error(message: str, code: str, status: int) -> HttpResponse:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = MISSING
    return response


def forget() -> None:
    with _lock:
        _bodies.clear()
