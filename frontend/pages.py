"""Rendering a CMS page: one personalizedPage call per request, the content cached by the
decision's cache key, and the visitor's own panel ("Why am I seeing this?") around it."""

from __future__ import annotations

import logging

from flask import Blueprint, make_response, redirect, render_template, request
from markupsafe import Markup
from werkzeug.wrappers import Response  # flask's Response and what redirect() returns

from .api import ApiError, ApiUnavailable, Page
from .context import tailor
from .preview import Preview, forget_preview, local_address, preview_context
from .render import flatten_blocks, image_view, is_download
from .site import BRAND, FORMS, INTERESTS, NAVIGATION
from .visitor import VisitorState, forwarded_context, read_state, remember_visitor_id, safe_next
from .why import explain, plain_reasons, public_names

log = logging.getLogger("frontend")
blueprint = Blueprint("pages", __name__)


@blueprint.app_context_processor
def site_globals() -> dict:
    return {
        "brand": BRAND,
        "navigation": NAVIGATION,
        "current_path": request.path,
        "demo": tailor().settings.demo,
    }


def render_article(page: Page) -> str:
    """The page's own content: identical for every request with the same cache key."""
    body = flatten_blocks(page.content.get("body") or [])
    origin = tailor().settings.cms_origin
    hero = None
    if body and body[0].get("type") == "image":
        hero = image_view(body[0].get("value"), origin)
        body = body[1:]
    return render_template(
        "_article.html",
        content=page.content,
        body=body,
        hero=hero,
        image_view=lambda value: image_view(value, origin),
        is_download=is_download,
    )


def _personas_for(state: VisitorState) -> list:
    if not state.visitor_id:
        return []  # the "This isn't me" form is only for visitors with an id
    try:
        return tailor().personas()
    except (ApiError, ApiUnavailable) as exc:
        log.warning("personas unavailable: %s", exc)
        return []


def no_store(response: Response) -> Response:
    """Personalized HTML must never sit in a shared cache; the content cache lives in here."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Vary"] = (
        "Cookie, User-Agent, Sec-CH-UA-Mobile, Sec-CH-UA-Platform, Sec-GPC, DNT"
    )
    return response


def error_page(
    template: str, status: int, state: VisitorState | None = None, **context
) -> Response:
    return no_store(make_response(render_template(template, state=state, **context), status))


@blueprint.get("/", defaults={"path": ""})
@blueprint.get("/<path:path>")
def page(path: str) -> Response:
    path = "/" + path
    if "." in path.rsplit("/", 1)[-1]:
        return error_page("not_found.html", 404)  # files are not pages; do not ask the CMS
    if not path.endswith("/"):
        query = request.query_string.decode()
        return redirect(path + "/" + (f"?{query}" if query else ""), 301)
    fe = tailor()
    entering = Preview.from_request(request)
    if entering is not None:
        response = redirect(local_address(request), 303)
        entering.remember(response, fe.settings.secure_cookies)
        return private_preview(no_store(response))
    preview = Preview.from_cookie(request)
    if preview is not None:
        return preview_page(path, preview)
    state = read_state(request, fe.settings)
    # HEAD checks and speculative prefetches are not visits: decide, but record nothing.
    prefetch = (
        "prefetch" in request.headers.get("Sec-Purpose", request.headers.get("Purpose", "")).lower()
    )
    track = request.method != "HEAD" and not prefetch
    try:
        result = fe.api.personalized_page(path, forwarded_context(request, state), track=track)
    except ApiUnavailable as exc:
        log.error("%s", exc)
        return error_page("unavailable.html", 503, state)
    except ApiError as exc:
        log.warning("API refused %s: %s (%s)", path, exc, exc.code)
        status = {"RATE_LIMITED": 429, "NOT_FOUND": 404, "BAD_USER_INPUT": 400}.get(exc.code, 502)
        return error_page("not_found.html" if status == 404 else "unavailable.html", status, state)
    if result is None:
        return error_page("not_found.html", 404, state)

    key = (path, result.decision.cache_key)
    article = fe.page_cache.get_or_set(key, lambda: render_article(result))
    personas = _personas_for(state)
    html = render_template(
        "page.html",
        article=Markup(article),
        page=result,
        state=state,
        path=path,
        facts=explain(result.decision, result.variant, result.decision.reasons),
        reasons=plain_reasons(
            result.decision.reasons, public_names(result.decision.persona, personas)
        ),
        personas=[p for p in personas if p.public_name],
        interests=INTERESTS,
        form=FORMS.get(path),
        booked=request.args.get("booked") == "1",
        tracking=bool(state.visitor_id or result.decision.visitor_id),
    )
    response = make_response(html)
    minted = result.decision.visitor_id
    if minted and not state.visitor_id and not state.declined and result.decision.profiling:
        remember_visitor_id(response, fe.settings, minted)
    return no_store(response)


#: What an editor is told when the CMS refuses a preview (graphql-api.md error codes).
PREVIEW_REFUSALS = {
    "FORBIDDEN": (
        403,
        "This preview link does not work any more",
        "A preview lasts an hour, and shows only pages you may edit. Open the page in the "
        "admin and choose \u201cPreview as\u2026\u201d again for a fresh link.",
    ),
    "BAD_USER_INPUT": (
        400,
        "The preview settings were not understood",
        "Choose the persona, stage, country and device again under \u201cPreview as\u2026\u201d "
        "in the admin.",
    ),
}


def preview_page(path: str, preview: Preview) -> Response:
    """An editor's preview: the latest draft as the chosen persona, stage, country and device.
    No visitor cookie is read or set, nothing is tracked, nothing is cached."""
    fe = tailor()
    state = VisitorState(
        consent=None, visitor_id=None, gpc=False
    )  # nobody's visit: no cookies read
    try:
        result = fe.api.personalized_page(
            path,
            preview_context(request),
            track=False,
            preview_token=preview.token,
            simulate=preview.simulation() or None,
        )
    except ApiUnavailable as exc:
        log.error("%s", exc)
        return private_preview(error_page("unavailable.html", 503, state, hide_banner=True))
    except ApiError as exc:
        log.info("preview of %s refused: %s (%s)", path, exc, exc.code)
        status, heading, advice = PREVIEW_REFUSALS.get(
            exc.code, (502, "The preview cannot be shown", "")
        )
        # The CMS's own words name the token and the API: only input errors are worth repeating.
        detail = str(exc) if exc.code == "BAD_USER_INPUT" else ""
        response = error_page(
            "preview_refused.html",
            status,
            state,
            hide_banner=True,
            heading=heading,
            advice=advice,
            detail=detail,
            path=path,
        )
        if exc.code == "FORBIDDEN":
            forget_preview(response, fe.settings.secure_cookies)  # the preview is over
        return private_preview(response)
    if result is None:
        return private_preview(error_page("not_found.html", 404, state, hide_banner=True))
    html = render_template(
        "page.html",
        article=Markup(render_article(result)),
        page=result,
        state=state,
        path=path,
        facts=explain(result.decision, result.variant, result.decision.reasons),
        reasons=plain_reasons(result.decision.reasons, public_names(result.decision.persona)),
        preview=preview,
        preview_words=preview.describe(result.decision),
        hide_banner=True,
        form=FORMS.get(path),
        tracking=False,
    )
    return private_preview(no_store(make_response(html)))


def private_preview(response: Response) -> Response:
    """The token is in this page's URL: keep it out of Referer headers and search engines."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@blueprint.get("/_preview/leave/")
def leave_preview() -> Response:
    """Back to the website as a visitor: the preview cookie goes."""
    response = redirect(safe_next(request.args.get("next")), 303)
    forget_preview(response, tailor().settings.secure_cookies)
    return private_preview(no_store(response))
