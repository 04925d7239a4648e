"""What a visitor can do besides reading: choose consent, say who they are, report events,
book a test drive, see or erase their data. Every change goes to the CMS with the server key."""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
)
from werkzeug.wrappers import Response as BaseResponse  # what redirect() returns

from .api import ApiError, ApiUnavailable
from .config import DEMO_CITIES
from .context import tailor
from .site import INTERESTS, TRACKABLE_EVENTS
from .visitor import (
    CONSENT_COOKIE,
    DEMO_CITY_COOKIE,
    VISITOR_COOKIE,
    VisitorState,
    read_state,
    remember_consent,
    safe_next,
    same_origin,
    visitor_address,
)

log = logging.getLogger("frontend")
blueprint = Blueprint("actions", __name__)
MAX_TRACK_BODY = 4096


@blueprint.before_request
def refuse_cross_site_posts() -> None:
    if request.method == "POST" and not same_origin(request):
        abort(403)


def back(default: str = "/", fragment: str = "") -> BaseResponse:
    return redirect(safe_next(request.form.get("next") or default) + fragment, 303)


def unavailable(state: VisitorState, what: str, exc: Exception) -> BaseResponse:
    log.error("%s failed: %s", what, exc)
    return make_response(render_template("unavailable.html", state=state), 503)


@blueprint.post("/_consent")
def consent() -> BaseResponse:
    """Accept mints the visitor id; decline withdraws consent and erases what was stored."""
    fe = tailor()
    state = read_state(request, fe.settings)
    granted = request.form.get("choice") == "accept"
    ip = visitor_address(request, state)
    visitor_id = None
    try:
        if granted:
            visitor_id = fe.api.set_consent(
                state.visitor_id, personalization=True, analytics=True, ip=ip
            )
        elif state.visitor_id:
            fe.api.set_consent(state.visitor_id, personalization=False, analytics=False, ip=ip)
            fe.api.forget_visitor(state.visitor_id, ip=ip)
    except (ApiError, ApiUnavailable) as exc:
        return unavailable(state, "consent", exc)
    response = back()
    remember_consent(response, fe.settings, granted, visitor_id)
    return response


@blueprint.post("/_declare")
def declare() -> BaseResponse:
    """ "This isn't me": the visitor's own persona and interests, or a reset of both."""
    fe = tailor()
    state = read_state(request, fe.settings)
    if not state.visitor_id:
        return back(fragment="#why")
    allowed = {slug for slug, _ in INTERESTS}
    if request.form.get("action") == "reset":
        persona, interests = None, []
    else:
        persona = request.form.get("persona") or None
        interests = [i for i in request.form.getlist("interest") if i in allowed]
    try:
        fe.api.declare(state.visitor_id, persona, interests, ip=visitor_address(request, state))
    except ApiError as exc:
        if exc.code == "NOT_FOUND":  # the CMS no longer knows this id (erased): ask again
            response = back()
            response.delete_cookie(VISITOR_COOKIE)
            response.delete_cookie(CONSENT_COOKIE)
            return response
        if exc.code != "BAD_USER_INPUT":  # an unknown persona slug changes nothing
            return unavailable(state, "declare", exc)
    except ApiUnavailable as exc:
        return unavailable(state, "declare", exc)
    return back(fragment="#why")


def _event(payload: Any) -> dict[str, Any] | None:
    """Validate a browser-reported event; the browser is not trusted with anything else."""
    if not isinstance(payload, dict) or payload.get("type") not in TRACKABLE_EVENTS:
        return None
    path = payload.get("path")
    value = payload.get("value")
    variant = payload.get("variantId")
    props = payload.get("properties")
    if value is not None and (
        not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value)
    ):
        return None
    props = (
        {str(k)[:40]: str(v)[:200] for k, v in list(props.items())[:10]}
        if isinstance(props, dict)
        else None
    )
    return {
        "type_": payload["type"],
        "path": path[:500] if isinstance(path, str) and path.startswith("/") else None,
        "value": float(value) if value is not None else None,
        "variant_id": str(variant)[:64] if variant else None,
        "properties": props or None,
    }


@blueprint.post("/_track")
def track() -> BaseResponse:
    """Browser events (track.js), forwarded with the server key; silently dropped without an id."""
    fe = tailor()
    state = read_state(request, fe.settings)
    if request.content_length and request.content_length > MAX_TRACK_BODY:
        return Response(status=413)
    try:
        event = _event(json.loads(request.get_data(as_text=True) or "null"))
    except ValueError:
        event = None
    if event is None:
        return Response(status=400)
    if state.visitor_id:
        try:
            fe.api.track_event(state.visitor_id, **event, ip=visitor_address(request, state))
        except (ApiError, ApiUnavailable) as exc:
            log.warning("event %s not recorded: %s", event["type_"], exc)
    return Response(status=204)


@blueprint.post("/_forms/test-drive")
def book_test_drive() -> BaseResponse:
    """A booking is a conversion the CMS's stage rules use (`test_drive_booked`). The booking
    itself would go to the dealer system; the personalization API gets the model, never the
    visitor's name or email."""
    fe = tailor()
    state = read_state(request, fe.settings)
    if not (request.form.get("name", "").strip() and "@" in request.form.get("email", "")):
        return redirect("/test-drive/?invalid=1#booking", 303)
    if state.visitor_id:
        try:
            fe.api.track_event(
                state.visitor_id,
                "test_drive_booked",
                path="/test-drive/",
                properties={"model": request.form.get("model", "")[:60]},
                ip=visitor_address(request, state),
            )
        except (ApiError, ApiUnavailable) as exc:
            log.warning("booking not recorded as an event: %s", exc)
    return redirect("/test-drive/?booked=1#booking", 303)


@blueprint.get("/_privacy/")
def privacy() -> str:
    fe = tailor()
    state = read_state(request, fe.settings)
    return render_template(
        "privacy.html", state=state, next=safe_next(request.args.get("next")), hide_banner=True
    )


@blueprint.get("/_privacy/export")
def export() -> BaseResponse:
    """The visitor's own profile and events, as the CMS holds them (data portability)."""
    fe = tailor()
    state = read_state(request, fe.settings)
    try:
        data = (
            fe.api.visitor(state.visitor_id, ip=visitor_address(request, state))
            if state.visitor_id
            else None
        )
    except (ApiError, ApiUnavailable) as exc:
        return unavailable(state, "export", exc)
    response = jsonify({"visitor": data})
    response.headers["Content-Disposition"] = 'attachment; filename="my-aurora-data.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.post("/_demo/visit-as")
def visit_as() -> BaseResponse:
    """Demo only: pretend to visit from a city by forwarding a documentation-range address.
    Never on in production, where it would let anyone choose the address we forward."""
    fe = tailor()
    if not fe.settings.demo:
        abort(404)
    city = request.form.get("city", "")
    response = back()
    if city in DEMO_CITIES:
        response.set_cookie(DEMO_CITY_COOKIE, city, httponly=True, samesite="Lax")
    else:
        response.delete_cookie(DEMO_CITY_COOKIE)
    return response
