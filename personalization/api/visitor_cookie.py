"""The visitor id as a first-party cookie for browsers calling the API directly (HttpOnly,
SameSite=Lax, Secure outside DEBUG). Servers with the key pass the id in the context instead."""

from django.conf import settings

from .request_state import state
from .validation import VISITOR_ID

COOKIE = "tailor_vid"
DECLINED = "tailor_declined"  # a "no" kept without an id or a profile
MAX_AGE = 365 * 24 * 3600


def cookie_visitor_id(request) -> str | None:
    value = request.COOKIES.get(COOKIE)
    return value if value and VISITOR_ID.match(value) else None


def remember(request, visitor_id: str | None) -> None:
    """Ask the view to set (or, with None, delete) the cookie on the response."""
    state(request).visitor_cookie = visitor_id or ""


def apply(request, response) -> None:
    apply_decline(request, response)
    if not state(request).sets_visitor_cookie():
        return
    value = state(request).visitor_cookie
    if value:
        response.set_cookie(
            COOKIE, value, max_age=MAX_AGE, httponly=True, samesite="Lax", secure=not settings.DEBUG
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def declined(request) -> bool:
    return request.COOKIES.get(DECLINED) == "1"


def remember_decline(request, declined_now: bool) -> None:
    """Ask the view to keep (or drop) the visitor's "no" in a cookie with no id in it."""
    state(request).declined_cookie = declined_now


def apply_decline(request, response) -> None:
    if not state(request).sets_declined_cookie():
        return
    if state(request).declined_cookie:
        response.set_cookie(
            DECLINED, "1", max_age=MAX_AGE, httponly=True, samesite="Lax", secure=not settings.DEBUG
        )
    else:
        response.delete_cookie(DECLINED, samesite="Lax")
